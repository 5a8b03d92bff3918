package main

import (
	"fmt"
	"strings"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

// columnVariables binds the codebook's document variables to corpus
// columns: each --variable NAME=COLUMN (NAME a variable's id or name)
// names its column; every other variable takes the column named as its id
// or name, if a corpus has one.
func columnVariables(cb *annotate.Codebook, flags []string) ([]importer.ColumnVariable, error) {
	given := map[string]string{}
	for _, f := range flags {
		name, col, ok := strings.Cut(f, "=")
		name, col = strings.TrimSpace(name), strings.TrimSpace(col)
		if !ok || name == "" || col == "" {
			return nil, fmt.Errorf("%w: --variable %q: expected NAME=COLUMN", errUsage, f)
		}
		found := ""
		for _, v := range cb.Variables {
			if v.ID == name || strings.EqualFold(v.Name, name) {
				found = v.ID
				break
			}
		}
		if found == "" {
			var ids []string
			for _, v := range cb.Variables {
				ids = append(ids, v.ID)
			}
			known := "the codebook has none; add them with `newsmark codebook import` or in the codebook editor"
			if len(ids) > 0 {
				known = "the codebook has " + strings.Join(ids, ", ")
			}
			return nil, fmt.Errorf("%w: --variable %s: no document variable of that id or name (%s)", errUsage, name, known)
		}
		given[found] = col
	}
	out := make([]importer.ColumnVariable, 0, len(cb.Variables))
	for _, v := range cb.Variables {
		out = append(out, importer.ColumnVariable{Variable: v, Column: given[v.ID]})
	}
	return out, nil
}
