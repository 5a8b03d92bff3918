package interchange

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// WriteQDC writes cb as a REFI-QDA codebook (.qdc, namespace
// urn:QDA-XML:codebook:1.0): span labels as Codes nested by group,
// attributes and their values as Codes under their label, comment-label
// sets as Codes with their labels under them, and groups also as Sets
// (see refi_codebook.go). It does not change cb: a label without a GUID is
// written with one derived from its id, the same each time.
func WriteQDC(w io.Writer, cb *annotate.Codebook) error {
	rc := buildRefiCodebook(cb, nil)
	root := qdcCodeBook{XMLName: xml.Name{Space: refiCodebookNS, Local: "CodeBook"}, Origin: refiOrigin, Codes: qdeCodes{Codes: rc.codes}}
	if len(rc.sets) > 0 {
		// The codebook schema names a member's code "guid" (the project
		// schema "targetGUID").
		sets := make([]qdeSet, len(rc.sets))
		for i, s := range rc.sets {
			sets[i] = s
			sets[i].MemberCodes = make([]qdeMember, len(s.MemberCodes))
			for j, m := range s.MemberCodes {
				sets[i].MemberCodes[j] = qdeMember{GUID: m.Target}
			}
		}
		root.Sets = &qdeSets{Sets: sets}
	}
	if len(root.Codes.Codes) == 0 {
		return fmt.Errorf("qdc: the codebook has no labels; a REFI-QDA codebook needs at least one Code")
	}
	bw := bufio.NewWriter(w)
	if _, err := io.WriteString(bw, xml.Header); err != nil {
		return fmt.Errorf("qdc: write: %w", err)
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return fmt.Errorf("qdc: write: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("qdc: write: %w", err)
	}
	if _, err := io.WriteString(bw, "\n"); err != nil {
		return fmt.Errorf("qdc: write: %w", err)
	}
	return bw.Flush()
}

// ReadQDC reads a REFI-QDA codebook (.qdc) written by any program: Codes
// become span labels (nested Codes their groups, Sets of top-level Codes
// groups too), with their GUIDs kept so that a later import merges by
// them; Newsmark's attribute and comment-label Codes become attributes and
// comment-label sets again. Label ids are made from the names. name is
// used in errors, which name the element at fault; the result is
// validated.
func ReadQDC(name string, r io.Reader) (*annotate.Codebook, error) {
	var root qdcCodeBook
	if err := decodeXML(name, importer.LimitReader(r, importer.MaxTextSize, name, "a REFI-QDA codebook"), &root); err != nil {
		return nil, err
	}
	if root.XMLName.Local != "CodeBook" {
		return nil, &InputError{File: name, Offset: -1, Msg: fmt.Sprintf("the root element is <%s>; expected <CodeBook> (a REFI-QDA .qdc file)", root.XMLName.Local)}
	}
	if len(root.Codes.Codes) == 0 {
		return nil, &InputError{File: name, Offset: -1, Msg: "<CodeBook> has no <Codes> with a <Code>; expected the codes of a REFI-QDA codebook"}
	}
	var sets []qdeSet
	if root.Sets != nil {
		sets = root.Sets.Sets
	}
	cb, _, err := readRefiCodes(root.Codes.Codes, sets, name)
	if err != nil {
		return nil, &InputError{File: name, Offset: -1, Msg: strings.TrimPrefix(err.Error(), name+": ")}
	}
	cb.Name = "imported"
	if err := cb.Validate(); err != nil {
		return nil, &InputError{File: name, Offset: -1, Msg: "the codebook it holds is not valid", Err: err}
	}
	return cb, nil
}

// decodeXML decodes one XML document into v, naming the file and line of
// a syntax error. encoding/xml expands no entities of a DTD, so a file
// cannot grow itself while it is read.
func decodeXML(name string, r io.Reader, v any) error {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported; expected UTF-8", charset)
	}
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var tooLarge *importer.ParseError
	if errors.As(err, &tooLarge) {
		return err
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &InputError{File: name, Line: se.Line, Offset: -1, Msg: "not well-formed XML: " + se.Msg}
	}
	if errors.Is(err, io.EOF) {
		return &InputError{File: name, Offset: -1, Msg: "the file is empty; expected REFI-QDA XML"}
	}
	line, _ := dec.InputPos()
	return &InputError{File: name, Line: line, Offset: -1, Msg: "expected REFI-QDA XML", Err: err}
}

// qdc reads a .qdc file into a batch that only adds to the codebook: its
// labels merged into the project's by GUID, then id (mergeCodebook).
func (d *decoder) qdc(r io.Reader) error {
	cb, err := ReadQDC(d.name, r)
	if err != nil {
		return err
	}
	add, _, maps := mergeCodebook(d.project, cb)
	d.nativeCB = add
	d.rep.Labels = append(d.rep.Labels, maps...)
	return nil
}

// exportQDC writes the project's codebook as a .qdc file.
func exportQDC(store annotate.Store, w io.Writer) (ExportReport, error) {
	rep := ExportReport{Format: FormatQDC, OffsetUnit: FormatQDC.OffsetUnit()}
	cb, err := store.Codebook()
	if err != nil {
		return rep, fmt.Errorf("export: read codebook: %w", err)
	}
	if err := WriteQDC(w, cb); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	return rep, nil
}

// looksLikeQDPX reports whether a zip archive's first bytes show a REFI-QDA
// project: its first file is project.qde or lies in sources/ (a brat
// archive holds .txt and .ann files).
func looksLikeQDPX(head []byte) bool {
	if len(head) < 30 {
		return false
	}
	n := int(head[26]) | int(head[27])<<8
	if len(head) < 30+n {
		return false
	}
	name := strings.ToLower(string(head[30 : 30+n]))
	return name == refiProjectFile || strings.HasPrefix(name, refiSourcesDir) || strings.HasPrefix(name, refiCarryDir)
}
