package importer

import (
	"fmt"
	"io"
	"strings"
)

// Warning is something wrong in a file that was imported all the same,
// at a line of it (0 for the whole file).
type Warning struct {
	Line int
	Text string
}

// WriteReport writes what an import did, one line per imported document,
// per skipped document, per warning, per note and per failed file, as
// `newsmark import` prints it:
//
//	imported  news.jsonl:3  "Storm closes schools" (9 segments, 4 comments)
//	skipped   news.jsonl:7  "Storm closes schools": already in the project
//	warning   posts.csv:812  comment 991 replies to "990", which is not a comment of this document; imported as a top-level comment
//	kept      posts.csv  columns likes, Status as comment metadata
//	failed    bad.jsonl line 3, column 17: malformed JSON: invalid character 'x' ...
//
// It returns the number of files that failed.
func WriteReport(w io.Writer, results []Result) (failed int, err error) {
	var b strings.Builder
	for _, r := range results {
		file := r.File
		if r.Articles != "" {
			file += " (with " + r.Articles + ")"
		}
		if r.Err != nil {
			failed++
			fmt.Fprintf(&b, "failed    %s\n", failureText(r))
			continue
		}
		for _, d := range r.Documents {
			fmt.Fprintf(&b, "imported  %s  %s (%s, %s)\n", place(file, d.Line), describe(d.Title),
				plural(d.Segments, "segment"), plural(d.Comments, "comment"))
			if d.Note != "" {
				fmt.Fprintf(&b, "note      %s  %s: %s\n", place(file, d.Line), describe(d.Title), d.Note)
			}
		}
		for _, s := range r.Skipped {
			fmt.Fprintf(&b, "skipped   %s  %s: %s\n", place(file, s.Line), describe(s.Title), s.Reason)
		}
		if len(r.Documents) == 0 && len(r.Skipped) == 0 {
			fmt.Fprintf(&b, "imported  %s  no documents\n", file)
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "warning   %s  %s\n", place(file, w.Line), w.Text)
		}
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "kept      %s  %s\n", file, n)
		}
	}
	_, err = io.WriteString(w, b.String())
	return failed, err
}

// failureText is the message of a failed file, naming the file once.
func failureText(r Result) string {
	msg := r.Err.Error()
	if strings.Contains(msg, r.File) {
		return msg
	}
	return r.File + ": " + msg
}

func place(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Summary counts what an import did, for a dialog or a closing line.
type Summary struct {
	Files, FilesFailed           int
	Documents, Skipped, Comments int
	Warnings                     int
	// Notes are the documents' split notes, one sentence each.
	Notes []string
}

// Summarize adds up results.
func Summarize(results []Result) Summary {
	var s Summary
	for _, r := range results {
		s.Files++
		if r.Err != nil {
			s.FilesFailed++
			continue
		}
		s.Documents += len(r.Documents)
		s.Skipped += len(r.Skipped)
		s.Warnings += len(r.Warnings)
		for _, d := range r.Documents {
			s.Comments += d.Comments
			if d.Note != "" {
				s.Notes = append(s.Notes, describe(d.Title)+": "+d.Note)
			}
		}
	}
	return s
}

// String says it in a sentence: "Imported 12 documents (340 comments) from
// 3 files; 1 already in the project; 1 file failed."
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported %s (%s) from %s", plural(s.Documents, "document"), plural(s.Comments, "comment"), plural(s.Files, "file"))
	if s.Skipped > 0 {
		fmt.Fprintf(&b, "; %d skipped as already imported", s.Skipped)
	}
	if s.Warnings > 0 {
		fmt.Fprintf(&b, "; %s (see the report)", plural(s.Warnings, "warning"))
	}
	if s.FilesFailed > 0 {
		fmt.Fprintf(&b, "; %s failed", plural(s.FilesFailed, "file"))
	}
	b.WriteString(".")
	for _, n := range s.Notes {
		b.WriteString("\n" + n + ".")
	}
	return b.String()
}

// WarningLines are a result's warnings and notes as lines for a window,
// each naming the file's base name and the line.
func WarningLines(r Result) []string {
	name := r.File
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var lines []string
	for _, w := range r.Warnings {
		lines = append(lines, "⚠ "+place(name, w.Line)+": "+w.Text)
	}
	for _, n := range r.Notes {
		lines = append(lines, "ℹ "+name+": "+n)
	}
	return lines
}
