package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"

	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/assets"
)

// uiCalls are the functions and methods whose string arguments the user
// reads: Fyne's widget, dialog and menu constructors, the setters of
// texts, and the window's own status line and error dialog.
var uiCalls = map[string]bool{
	"NewLabel": true, "NewLabelWithStyle": true, "NewButton": true, "NewButtonWithIcon": true,
	"NewCheck": true, "NewFormItem": true, "NewHyperlink": true, "NewCard": true, "NewAccordionItem": true,
	"NewTabItem": true, "NewTabItemWithIcon": true, "NewRadioGroup": true, "NewSelect": true, "NewCheckGroup": true,
	"NewMenu": true, "NewMenuItem": true, "NewMainMenu": true,
	"NewForm": true, "NewCustom": true, "NewCustomConfirm": true, "NewConfirm": true, "NewInformation": true,
	"ShowInformation": true, "ShowConfirm": true, "ShowCustom": true, "ShowForm": true, "NewError": true,
	"NewWindow": false, // the window's title is the app's name
	"SetText":   true, "SetPlaceHolder": true, "SetTitle": true, "SetConfirmText": true, "SetDismissText": true,
	"SetToolTip": true, "setStatusNote": true, "showError": true, "showReport": true, "newProgressDialog": true,
	"item": true, "field": true, "newChip": true,
}

// names are texts that read the same in every language.
var names = map[string]bool{"Newsmark": true, "Deutsch": true, "English": true}

// uiFields are the fields that hold texts the user reads.
var uiFields = map[string]bool{"PlaceHolder": true, "Label": false, "Text": true, "Title": true}

// untranslated reports whether e is a text a user would read written
// straight into the code: a string literal with a letter in it, or one
// joined to others or formatted, that did not go through lang.L.
func untranslated(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		if err != nil {
			return "", false
		}
		return s, strings.IndexFunc(s, unicode.IsLetter) >= 0 && !names[s]
	case *ast.BinaryExpr:
		if s, ok := untranslated(e.X); ok {
			return s, true
		}
		return untranslated(e.Y)
	case *ast.ParenExpr:
		return untranslated(e.X)
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Sprintf" || sel.Sel.Name == "Sprint") && len(e.Args) > 0 {
			return untranslated(e.Args[0])
		}
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "sprintf" && len(e.Args) > 0 {
			return untranslated(e.Args[0])
		}
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if s, ok := untranslated(el); ok {
				return s, true
			}
		}
	}
	return "", false
}

// appSource is the window's code as parsed: every non-test file of
// package app.
func appSource(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// translationKeys collects the keys of every lang.L, lang.X, lang.N and
// lang.XN call with a literal key, by where it is.
func translationKeys(t *testing.T) map[string]string {
	fset, files := appSource(t)
	keys := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lang" {
				return true
			}
			switch sel.Sel.Name {
			case "L", "X", "N", "XN", "Localize", "LocalizeKey", "LocalizePlural", "LocalizePluralKey":
			default:
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // a key made at run time: the codebook's and the kinds', checked below
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			keys[key] = fset.Position(lit.Pos()).String()
			return true
		})
	}
	return keys
}

// translations reads one of the embedded translation files.
func translations(t *testing.T, language string) map[string]string {
	t.Helper()
	data, err := assets.Translations.ReadFile(assets.TranslationsDir + "/" + language + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", language, err)
	}
	return m
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[vTtbcdoOqxXUeEfFgGspw%]`)

// verbs returns the fmt verbs of a format, sorted: a translation must use
// the same ones, or sprintf writes %!d(MISSING) into the window.
func verbs(s string) []string {
	v := verb.FindAllString(s, -1)
	slices.Sort(v)
	return v
}

func TestEveryTextOfTheWindowHasAGermanTranslation(t *testing.T) {
	de := translations(t, "de")
	var missing []string
	for key, where := range translationKeys(t) {
		tr, ok := de[key]
		switch {
		case !ok || strings.TrimSpace(tr) == "":
			missing = append(missing, where+": "+strconv.Quote(key))
		case !slices.Equal(verbs(key), verbs(tr)):
			t.Errorf("%s: the German of %q is %q: its format verbs %v differ from %v", where, key, tr, verbs(tr), verbs(key))
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%d texts of the window have no German in assets/lang/de.json:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	// The keys made at run time: the default codebook's texts and the
	// segment kinds.
	for key := range codebookKeys(assets.DefaultCodebook()) {
		if strings.TrimSpace(de[key]) == "" {
			t.Errorf("the default codebook's %s has no German in assets/lang/de.json", key)
		}
	}
	for _, k := range annotate.SegmentKinds {
		for _, key := range []string{"kind." + string(k), "kind.menu." + string(k)} {
			if strings.TrimSpace(de[key]) == "" {
				t.Errorf("the segment kind %s has no German under %s in assets/lang/de.json", k, key)
			}
		}
	}
}

func TestNoTextOfTheWindowBypassesTranslation(t *testing.T) {
	fset, files := appSource(t)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && len(n.Args) > 0 {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "lang" && (sel.Sel.Name == "L" || sel.Sel.Name == "N") {
						if lit, ok := n.Args[0].(*ast.BasicLit); !ok || lit.Kind != token.STRING {
							t.Errorf("%s: lang.%s of a text made at run time: no test can see that it has German; pass a literal, or lang.X with keys a test lists", fset.Position(n.Pos()), sel.Sel.Name)
						}
					}
				}
				if !uiCalls[name] {
					return true
				}
				for _, arg := range n.Args {
					if s, ok := untranslated(arg); ok {
						t.Errorf("%s: %q goes to %s without lang.L", fset.Position(arg.Pos()), s, name)
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					sel, ok := lhs.(*ast.SelectorExpr)
					if !ok || !uiFields[sel.Sel.Name] || i >= len(n.Rhs) {
						continue
					}
					if s, ok := untranslated(n.Rhs[i]); ok {
						t.Errorf("%s: %q is set as %s without lang.L", fset.Position(n.Rhs[i].Pos()), s, sel.Sel.Name)
					}
				}
			}
			return true
		})
	}
}

// go-i18n, under Fyne's lang, reads a file whose keys include one of its
// field names ("Description", "Other", "One", …) as one message, and then
// loads no translation at all: such a text needs lang.X with another key.
func TestNoTranslationKeyIsAFieldNameOfGoI18n(t *testing.T) {
	reserved := []string{"id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other", "translation"}
	for _, language := range []string{"de", "en"} {
		for key := range translations(t, language) {
			if slices.Contains(reserved, strings.ToLower(key)) {
				t.Errorf("%s.json: the key %q is a field name of go-i18n; use lang.X(\"<context>.%s\", %q)", language, key, strings.ToLower(key), key)
			}
		}
	}
	for key, where := range translationKeys(t) {
		if slices.Contains(reserved, strings.ToLower(key)) {
			t.Errorf("%s: the key %q is a field name of go-i18n; use lang.X with another key", where, key)
		}
	}
}

// The English file holds no texts (the keys are the English), but it must
// exist and parse: Fyne learns from it that English is translated.
func TestTheEnglishTranslationFileParses(t *testing.T) {
	translations(t, "en")
}

func TestTheTranslationTestFindsAnUntranslatedLabel(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{`widget.NewLabel("Hello")`, true},
		{`widget.NewLabel(lang.L("Hello"))`, false},
		{`widget.NewLabel("")`, false},
		{`widget.NewLabel("· " + name)`, false},
		{`w.setStatusNote("Saved " + name)`, true},
		{`w.setStatusNote(fmt.Sprintf("%d saved", n))`, true},
		{`w.setStatusNote(sprintf(lang.L("%d saved"), n))`, false},
		{`dialog.NewForm(lang.L("Title"), "OK", lang.L("Cancel"), nil, nil, w)`, true},
	} {
		e, err := parser.ParseExpr(c.src)
		if err != nil {
			t.Fatal(err)
		}
		call := e.(*ast.CallExpr)
		found := false
		for _, a := range call.Args {
			if _, ok := untranslated(a); ok {
				found = true
			}
		}
		if found != c.want {
			t.Errorf("%s: untranslated %v, want %v", c.src, found, c.want)
		}
	}
}
