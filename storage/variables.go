package storage

import (
	"fmt"
	"maps"
	"slices"

	"github.com/newsmark/newsmark/annotate"
)

// SetDocumentVariables replaces the variable values of a document
// (variable id → value; "" or a missing id means no value). Each value is
// checked against the codebook's variable: an unknown id is an error
// wrapping annotate.ErrUnknownAttribute, a value the variable does not
// allow one wrapping annotate.ErrAttributeValue.
func (s *Store) SetDocumentVariables(docID string, values map[string]string) error {
	return s.update("set document variables", func(c *change) error {
		d, err := c.doc(docID)
		if err != nil {
			return err
		}
		cb, err := c.cb()
		if err != nil {
			return err
		}
		clean := cleanVariables(values)
		if err := checkVariables(cb, docID, clean, "document"); err != nil {
			return err
		}
		d.rec.Variables = clean
		d.dirty = true
		return nil
	})
}

// cleanVariables returns values without its empty ones, nil if none is
// left.
func cleanVariables(values map[string]string) map[string]string {
	var out map[string]string
	for k, v := range values {
		if v == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}

// checkVariables reports the first variable value of document docID that
// cb does not define or allow; whose names the check in errors ("the new
// codebook").
func checkVariables(cb *annotate.Codebook, docID string, values map[string]string, whose string) error {
	for _, id := range slices.Sorted(maps.Keys(values)) {
		v := values[id]
		if v == "" {
			continue
		}
		def, ok := cb.Variable(id)
		if !ok {
			return fmt.Errorf("%s: document %s has a value of variable %q, which the codebook does not define: %w", whose, docID, id, annotate.ErrUnknownAttribute)
		}
		if err := def.Check(v); err != nil {
			return fmt.Errorf("%s: document %s: %w", whose, docID, err)
		}
	}
	return nil
}
