package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/newsmark/newsmark/annotate/importer"
)

// stdin is what `import -` reads; tests set it.
var stdin io.Reader = os.Stdin

// spool holds the inputs of an import that can be read only once
// (standard input, a named pipe, a device): each is read whole into a file
// of its own name in a temporary directory before the project is opened,
// so that the importer may look at it as often as it likes and no lock is
// held while a pipe waits for its writer.
type spool struct {
	dir   string
	names map[string]string // temporary file → the name the user gave
}

// spoolInputs returns paths with every input that is not a regular file or
// a directory replaced by a spooled copy. It reads each such input once,
// at most importer.MaxFileSize bytes. ctx stops it while it waits.
func spoolInputs(ctx context.Context, paths []string) ([]string, *spool, error) {
	sp := &spool{names: map[string]string{}}
	out := make([]string, len(paths))
	dashes := 0
	for i, p := range paths {
		out[i] = p
		var name string
		switch {
		case p == "-":
			if dashes++; dashes > 1 {
				return nil, sp, fmt.Errorf("%w: standard input (-) can be imported only once", errUsage)
			}
			name = "stdin"
		default:
			info, err := os.Stat(p)
			if err != nil || info.Mode().IsRegular() || info.IsDir() {
				continue // the importer reports a missing file itself
			}
			name = filepath.Base(p)
		}
		if sp.dir == "" {
			dir, err := os.MkdirTemp("", "newsmark-import-*")
			if err != nil {
				return nil, sp, fmt.Errorf("import %s: %w", p, err)
			}
			sp.dir = dir
		}
		sub := filepath.Join(sp.dir, strconv.Itoa(i))
		if err := os.Mkdir(sub, 0o700); err != nil {
			return nil, sp, fmt.Errorf("import %s: %w", p, err)
		}
		tmp := filepath.Join(sub, name)
		if err := copyOnce(ctx, p, tmp); err != nil {
			return nil, sp, err
		}
		out[i] = tmp
		sp.names[tmp] = p
		if p == "-" {
			sp.names[tmp] = "standard input"
		}
	}
	return out, sp, nil
}

// copyOnce opens src (or standard input for "-") once and copies it to
// dst, refusing more than importer.MaxFileSize bytes.
func copyOnce(ctx context.Context, src, dst string) error {
	show := src
	if src == "-" {
		show = "standard input"
	}
	done := make(chan error, 1)
	go func() {
		var r io.Reader = stdin
		if src != "-" {
			f, err := os.Open(src)
			if err != nil {
				done <- fmt.Errorf("import %s: %w", src, err)
				return
			}
			defer f.Close()
			r = f
		}
		w, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			done <- fmt.Errorf("import %s: %w", show, err)
			return
		}
		n, err := io.Copy(w, io.LimitReader(r, importer.MaxFileSize+1))
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		switch {
		case err != nil:
			done <- fmt.Errorf("import %s: %w", show, err)
		case n > importer.MaxFileSize:
			done <- fmt.Errorf("import %s: more than %s, the limit of one input: %w", show, importer.SizeText(importer.MaxFileSize), importer.ErrTooLarge)
		default:
			done <- nil
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("import %s: %w", show, importer.ErrCancelled)
	}
}

// close removes the spooled copies.
func (sp *spool) close() {
	if sp != nil && sp.dir != "" {
		os.RemoveAll(sp.dir)
	}
}

// renaming returns a writer that writes to w with the spooled copies'
// names replaced by the names the user gave. Each report line reaches it
// in one Write.
func (sp *spool) renaming(w io.Writer) io.Writer {
	if sp == nil || len(sp.names) == 0 {
		return w
	}
	pairs := make([]string, 0, 2*len(sp.names))
	for tmp, name := range sp.names {
		pairs = append(pairs, tmp, name)
	}
	return &replacingWriter{w: w, r: strings.NewReplacer(pairs...)}
}

type replacingWriter struct {
	w io.Writer
	r *strings.Replacer
}

func (rw *replacingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(rw.w, rw.r.Replace(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
