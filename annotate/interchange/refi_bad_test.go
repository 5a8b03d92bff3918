package interchange

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsmark/newsmark/annotate/importer"
)

const otherSource = "sources/8e7fddfe-db36-48dc-b464-80c3a4decd90.txt"

// otherWith returns the other program's project with one replacement made
// in project.qde.
func otherWith(t testing.TB, old, new string) []byte {
	t.Helper()
	if !strings.Contains(otherQDE, old) {
		t.Fatalf("the test project has no %q", old)
	}
	return makeZip(t, map[string]string{"project.qde": strings.Replace(otherQDE, old, new, 1), otherSource: otherText})
}

func TestBadQDPXIsRefusedNamingTheFileAndTheElementAndChangesNothing(t *testing.T) {
	bigZeros := strings.Repeat("\x00", importer.MaxZipEntrySize+1)
	cases := []struct {
		name string
		data func(t *testing.T) []byte
		want []string // in the error, besides the file name
	}{
		{"not a zip", func(t *testing.T) []byte { return []byte("<Project/>") }, []string{"not a zip archive"}},
		{"zip without project.qde", func(t *testing.T) []byte {
			return makeZip(t, map[string]string{otherSource: otherText})
		}, []string{"no project.qde"}},
		{"not well-formed XML", func(t *testing.T) []byte {
			return otherWith(t, `<Code guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="Gruß" isCodable="true"/>`, `<Code guid="x" name="Gruß" isCodable="true">`)
		}, []string{"project.qde line", "not well-formed XML"}},
		{"root is not a Project", func(t *testing.T) []byte {
			return makeZip(t, map[string]string{"project.qde": `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>`})
		}, []string{"project.qde", "<CodeBook>", "expected <Project>"}},
		{"coding of an unknown code", func(t *testing.T) []byte {
			return otherWith(t, `<CodeRef targetGUID="76414714-63c4-4a25-a47e-66fef80bd52e"/>`, `<CodeRef targetGUID="00000000-0000-0000-0000-000000000001"/>`)
		}, []string{"project.qde", "PlainTextSelection 95916796-d0a0-4b49-8b0e-1f1a2c3d4e5f", "Coding 11111111-2222-3333-4444-555555555555", "unknown guid"}},
		{"coding by an unknown user", func(t *testing.T) []byte {
			return otherWith(t, `<Coding guid="11111111-2222-3333-4444-555555555555" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860">`, `<Coding guid="11111111-2222-3333-4444-555555555555" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440861">`)
		}, []string{"project.qde", "creatingUser 5c94bc9e-db8c-4f1d-9cd6-e900c7440861", "unknown guid"}},
		{"value of an unknown variable", func(t *testing.T) []byte {
			return otherWith(t, `<VariableRef targetGUID="08CBCED0-D736-44C8-8FD6-EB4D29FE46C5"/>`, `<VariableRef targetGUID="08CBCED0-D736-44C8-8FD6-EB4D29FE46C6"/>`)
		}, []string{"project.qde", `TextSource "interview1.txt"`, "VariableValue", "unknown guid"}},
		{"duplicate codes", func(t *testing.T) []byte {
			return otherWith(t, `guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="Gruß"`, `guid="76414714-63C4-4A25-A47E-66FEF80BD52E" name="Gruß"`)
		}, []string{"project.qde", "duplicate code", `Code "Gruß"`, `Code "Stadt"`}},
		{"code without a guid", func(t *testing.T) []byte {
			return otherWith(t, `guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="Gruß"`, `name="Gruß"`)
		}, []string{"project.qde", `Code "Gruß"`, "no valid guid"}},
		{"selection outside its source", func(t *testing.T) []byte {
			return otherWith(t, `startPosition="35" endPosition="39"`, `startPosition="35" endPosition="400"`)
		}, []string{"bad item", "PlainTextSelection {95916796-D0A0-4B49-8B0E-1F1A2C3D4E60}", "outside the text"}},
		{"position that is not a number", func(t *testing.T) []byte {
			return otherWith(t, `startPosition="35"`, `startPosition="3x"`)
		}, []string{"project.qde", "PlainTextSelection {95916796-D0A0-4B49-8B0E-1F1A2C3D4E60}", "whole numbers"}},
		{"source outside the archive", func(t *testing.T) []byte {
			return otherWith(t, `plainTextPath="internal://8e7fddfe-db36-48dc-b464-80c3a4decd90.txt"`, `plainTextPath="relative://../../etc/passwd"`)
		}, []string{"project.qde", `TextSource "interview1.txt"`, "outside the archive"}},
		{"source missing from the archive", func(t *testing.T) []byte {
			return makeZip(t, map[string]string{"project.qde": otherQDE})
		}, []string{"project.qde", `TextSource "interview1.txt"`, "holds no sources/8e7fddfe"}},
		{"oversized entry (zip bomb)", func(t *testing.T) []byte {
			return makeZip(t, map[string]string{"project.qde": otherQDE, otherSource: bigZeros})
		}, []string{otherSource, "larger than 64 MiB"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := refiSampleProject(t)
			before := snap(t, s)
			cbBefore, _ := s.Codebook()
			path := filepath.Join(t.TempDir(), "studie.qdpx")
			if err := os.WriteFile(path, c.data(t), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Import(t.Context(), s, path, DecodeOptions{})
			if err == nil {
				t.Fatal("imported without an error")
			}
			for _, w := range append([]string{"studie.qdpx"}, c.want...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if d := diff(before, snap(t, s)); d != "" {
				t.Errorf("the failed import changed the project: %s", d)
			}
			if cb, _ := s.Codebook(); len(cb.Labels) != len(cbBefore.Labels) {
				t.Errorf("the failed import changed the codebook")
			}
		})
	}
}

func TestSelectionOutsideItsSourceIsSkippedWithSkipBad(t *testing.T) {
	data := otherWith(t, `startPosition="35" endPosition="39"`, `startPosition="35" endPosition="400"`)
	b, rep, err := DecodeWith("studie.qdpx", bytes.NewReader(data), DecodeOptions{Format: FormatQDPX, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Annotations) != 1 || len(rep.Bad) != 1 {
		t.Errorf("%d spans, bad %v", len(b.Annotations), rep.Bad)
	}
}

func TestBadQDCIsRefusedNamingTheFileAndTheElement(t *testing.T) {
	good := `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="X">
<Codes>
<Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="code1" isCodable="true"/>
<Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55295" name="code2" isCodable="true"/>
</Codes>
<Sets><Set name="g" guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0"><MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"/></Set></Sets>
</CodeBook>`
	if _, err := ReadQDC("ok.qdc", strings.NewReader(good)); err != nil {
		t.Fatalf("the good file: %v", err)
	}
	for _, c := range []struct {
		name, old, new string
		want           []string
	}{
		{"not well-formed", `</Codes>`, `</Code>`, []string{"line 6", "not well-formed XML"}},
		{"duplicate codes", `BBDC91F55295" name="code2"`, `BBDC91F55294" name="code2"`, []string{"duplicate code", `Code "code2"`}},
		{"unknown member", `<MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"/>`, `<MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55299"/>`, []string{`Set "g"`, "MemberCode 1FF58B12-6F6F-4B0C-8BE5-BBDC91F55299", "unknown guid"}},
		{"no codes", "<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"code1\" isCodable=\"true\"/>\n<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55295\" name=\"code2\" isCodable=\"true\"/>", "", []string{"no <Codes>"}},
		{"a project instead", `<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="X">`, `<Project name="p"><CodeBook>`, []string{"line"}},
		{"another encoding", `encoding="utf-8"`, `encoding="ISO-8859-1"`, []string{"ISO-8859-1", "expected UTF-8"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadQDC("codes.qdc", strings.NewReader(strings.Replace(good, c.old, c.new, 1)))
			if err == nil {
				t.Fatal("read without an error")
			}
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("error %v does not wrap ErrSyntax", err)
			}
			for _, w := range append([]string{"codes.qdc"}, c.want...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// project.qde may be larger than other files of an archive (a coded corpus
// outgrows 64 MiB of XML), up to importer.MaxJSONSetSize; an archive that
// states more is refused before anything is unpacked.
func TestQDPXLimitsProjectQDEByItsOwnLimit(t *testing.T) {
	for _, c := range []struct {
		stated uint64
		want   string
	}{
		{importer.MaxZipEntrySize + 1, "project.qde: unexpected EOF"}, // past the stated-size check; the content is not there
		{importer.MaxJSONSetSize + 1, "larger than 1 GiB, the limit of project.qde"},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "project.qde", Method: zip.Store, UncompressedSize64: c.stated, CompressedSize64: 5})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<Proj"))
		zw.Close()
		_, _, err = DecodeWith("big.qdpx", bytes.NewReader(buf.Bytes()), DecodeOptions{Format: FormatQDPX})
		if err == nil || !strings.Contains(err.Error(), "big.qdpx") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("stated %d bytes: %v, want %q", c.stated, err, c.want)
		}
	}
}
