package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// ColumnVariable binds a document variable of the codebook to the corpus
// column (a CSV column, or a JSON document field as it would land in
// Document.Meta) that holds its values. An empty Column takes the column
// named as the variable's id or, failing that, its name, compared without
// case.
type ColumnVariable struct {
	Variable annotate.VariableDef
	Column   string
}

// takeVariables moves the values of the variables of opts from doc.Meta
// into doc.Variables, written as the variable's type wants them: a
// boolean's yes/ja/1 as true, a date in any form a corpus date takes as
// YYYY-MM-DD, a number's decimal comma as a point, a choice in the
// codebook's spelling. A value that does not fit is an error naming the
// column and the variable.
func (o *Options) takeVariables(doc *annotate.Document) error {
	for _, cv := range o.Variables {
		col, ok := variableColumn(doc.Meta, cv)
		if !ok {
			continue
		}
		v, err := variableValue(&cv.Variable, doc.Meta[col], o.location())
		if err != nil {
			return fmt.Errorf("column %q: %w", col, err)
		}
		delete(doc.Meta, col)
		if v == "" {
			continue
		}
		if doc.Variables == nil {
			doc.Variables = map[string]string{}
		}
		doc.Variables[cv.Variable.ID] = v
	}
	return nil
}

// variableColumn returns the key of meta that holds cv's values.
func variableColumn(meta map[string]string, cv ColumnVariable) (string, bool) {
	if cv.Column != "" {
		_, ok := meta[cv.Column]
		return cv.Column, ok
	}
	for _, name := range []string{cv.Variable.ID, cv.Variable.Name} {
		if _, ok := meta[name]; ok {
			return name, true
		}
		for k := range meta {
			if strings.EqualFold(k, name) {
				return k, true
			}
		}
	}
	return "", false
}

// variableValue returns raw as the variable's type writes it, "" for an
// empty cell.
func variableValue(def *annotate.VariableDef, raw string, loc *time.Location) (string, error) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return "", nil
	}
	switch def.Type {
	case annotate.VarBoolean:
		switch strings.ToLower(v) {
		case "true", "yes", "y", "ja", "j", "1", "wahr", "x":
			v = "true"
		case "false", "no", "n", "nein", "0", "falsch":
			v = "false"
		default:
			return "", fmt.Errorf("variable %s: %q is not a yes or no (true/false, yes/no, ja/nein, 1/0)", def.ID, raw)
		}
	case annotate.VarDate:
		w, ok := corpusTime(v, loc)
		if !ok {
			return "", fmt.Errorf("variable %s: %q is not a date such as 2014-10-15 or 15.10.2014", def.ID, raw)
		}
		v = w.Time.Format(time.DateOnly)
	case annotate.VarNumber:
		if strings.Count(v, ",") == 1 && !strings.Contains(v, ".") {
			v = strings.Replace(v, ",", ".", 1)
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "", fmt.Errorf("variable %s: %q is not a number", def.ID, raw)
		}
	case annotate.VarChoice:
		i := slices.IndexFunc(def.Values, func(x string) bool { return strings.EqualFold(x, v) })
		if i < 0 {
			return "", fmt.Errorf("variable %s: %q is not one of %s", def.ID, raw, strings.Join(def.Values, ", "))
		}
		v = def.Values[i]
	}
	if err := def.Check(v); err != nil {
		return "", err
	}
	return v, nil
}
