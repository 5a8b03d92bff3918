package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
)

func variableOptions(columns map[string]string) importer.Options {
	opts := testOptions()
	for _, v := range []annotate.VariableDef{
		{ID: "outlet", Name: "Zeitung", Type: annotate.VarChoice, Values: []string{"taz", "FAZ"}},
		{ID: "paywall", Name: "Paywall", Type: annotate.VarBoolean},
		{ID: "day", Name: "Tag", Type: annotate.VarDate},
		{ID: "words", Name: "Wörter", Type: annotate.VarNumber},
		{ID: "topic", Name: "Thema", Type: annotate.VarText},
	} {
		opts.Variables = append(opts.Variables, importer.ColumnVariable{Variable: v, Column: columns[v.ID]})
	}
	return opts
}

func TestCorpusColumnsBecomeDocumentVariables(t *testing.T) {
	csv := "doc_id,title,text,zeitung,Paywall,Datum,wc,Thema,section\n" +
		"1,Erster,Der erste Artikel.,TAZ,ja,15.10.2014,\"812,5\",Rente,Politik\n" +
		"2,Zweiter,Der zweite Artikel.,FAZ,0,2014-10-16,300,,Wirtschaft\n"
	docs, _, err := collect(t, "corpus.csv", csv, variableOptions(map[string]string{"day": "Datum", "words": "wc"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{
		{"outlet": "taz", "paywall": "true", "day": "2014-10-15", "words": "812.5", "topic": "Rente"},
		{"outlet": "FAZ", "paywall": "false", "day": "2014-10-16", "words": "300"},
	}
	for i, d := range docs {
		if len(d.Variables) != len(want[i]) {
			t.Errorf("document %d variables %v, want %v", i+1, d.Variables, want[i])
		}
		for k, v := range want[i] {
			if d.Variables[k] != v {
				t.Errorf("document %d variable %s = %q, want %q", i+1, k, d.Variables[k], v)
			}
		}
		for _, col := range []string{"zeitung", "Paywall", "Datum", "wc", "Thema"} {
			if _, ok := d.Meta[col]; ok {
				t.Errorf("document %d keeps column %s in Meta too", i+1, col)
			}
		}
		if d.Meta["section"] == "" {
			t.Errorf("document %d lost the column no variable takes", i+1)
		}
	}
}

func TestCorpusVariableValuesThatDoNotFitFailNamingLineAndColumn(t *testing.T) {
	for _, tc := range []struct{ name, column, value string }{
		{"a choice not offered", "zeitung", "Bild"},
		{"a boolean of another word", "Paywall", "vielleicht"},
		{"a date of no known form", "Tag", "Mitte Oktober"},
		{"a number that is not one", "Wörter", "viele"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csv := "doc_id,title,text," + tc.column + "\n1,A,Ein Text.,ok\n"
			csv = strings.Replace(csv, ",ok\n", ","+tc.value+"\n", 1)
			_, _, err := collect(t, "corpus.csv", "doc_id,title,text,"+tc.column+"\n0,B,Noch ein Text.,\n"+csv[strings.Index(csv, "\n")+1:], variableOptions(nil))
			if !errors.Is(err, importer.ErrField) || !strings.Contains(err.Error(), "corpus.csv line 3") || !strings.Contains(err.Error(), tc.column) {
				t.Errorf("error %v", err)
			}
		})
	}
}
