package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
)

// refiCodebook extends the sample codebook with what REFI-QDA exchange
// must carry: groups nested three deep, every attribute type, emoji and
// umlauts in names, examples, and document variables.
func refiSampleCodebook() *annotate.Codebook {
	cb := sampleCodebook()
	cb.Labels = append(cb.Labels,
		annotate.Label{ID: "FRAMES", Name: "Frames 🖼", Kind: "frame", Color: "#336699", Description: "Wie ein Text ein Thema rahmt."},
		annotate.Label{ID: "F_ECON", Name: "Ökonomisch", Kind: "frame", Parent: "FRAMES", Color: "#3366aa", Hotkey: "e",
			Description: "Kosten, Nutzen, Arbeitsplätze.", Examples: []string{"Die Radwege kosten 3 Mio. €", "Jobs 👷 entstehen"},
			Attributes: []annotate.AttributeDef{
				{Name: "Stärke", Type: annotate.AttrScale, Values: []string{"schwach", "mittel", "stark"}, Description: "wie deutlich"},
				{Name: "Akteure", Type: annotate.AttrMulti, Values: []string{"Politik", "Wirtschaft", "Bürger"}},
				{Name: "Betrag", Type: annotate.AttrNumber},
				{Name: "Zitat", Type: annotate.AttrText, Required: true},
				{Name: "Richtung", Type: annotate.AttrChoice, Values: []string{"positiv", "negativ"}},
			}},
		annotate.Label{ID: "F_ECON_JOBS", Name: "Arbeitsplätze", Kind: "frame", Parent: "F_ECON", Color: "#3377bb"},
		annotate.Label{ID: "F_MORAL", Name: "Moral ⚖️", Kind: "frame", Parent: "FRAMES", Color: "#663399"},
	)
	cb.Variables = []annotate.VariableDef{
		{ID: "outlet_type", Name: "Medientyp", Type: annotate.VarChoice, Values: []string{"Zeitung", "Blog"}},
		{ID: "reach", Name: "Reichweite", Type: annotate.VarNumber},
		{ID: "checked", Name: "Geprüft", Type: annotate.VarBoolean},
		{ID: "day", Name: "Stichtag", Type: annotate.VarDate},
		{ID: "topic", Name: "Thema", Type: annotate.VarText},
	}
	return cb
}

// refiSampleProject is the sample project with spans of the frame labels
// by both annotators and document variables.
func refiSampleProject(t testing.TB) *memStore {
	t.Helper()
	s := newMemStore(refiSampleCodebook())
	fillSample(t, s)
	d, err := s.Document("doc-1")
	if err != nil {
		t.Fatal(err)
	}
	addSpans(t, s, d, []spanSpec{
		{id: "f1", seg: "b", exact: "Die Stadt plant 2025 neue Radwege", label: "F_ECON", who: "ben", note: "Grüße 👋",
			attrs: map[string]string{"Stärke": "mittel", "Akteure": "Politik|Bürger", "Betrag": "2025", "Zitat": "„sagt sie“", "Richtung": "positiv"}},
		{id: "f2", seg: "c1", exact: "Radwege gibt es längst", label: "F_ECON", who: "anna", attrs: map[string]string{"Zitat": "nein"}},
		{id: "f3", seg: "c2", exact: "Herr Müller", label: "F_MORAL", who: "ben"},
		{id: "f4", seg: "h", exact: "👩‍👩‍👧 bleibt", label: "F_ECON_JOBS", who: "anna"},
	})
	s.docs["doc-1"].Variables = map[string]string{"outlet_type": "Zeitung", "reach": "12000.5", "checked": "true", "day": "2026-02-28", "topic": "Radwege 🚲"}
	s.docs["doc-2"].Variables = map[string]string{"checked": "false"}
	return s
}

func exportQDPX(t testing.TB, s annotate.Store, opts ExportOptions) []byte {
	t.Helper()
	opts.Format = FormatQDPX
	data, _ := exportBytes(t, s, opts)
	return data
}

// zipEntry returns the named file of a zip archive.
func zipEntry(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var b bytes.Buffer
			if _, err := b.ReadFrom(r); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}
	}
	t.Fatalf("the archive has no %s", name)
	return nil
}

// xmllint validates an XML document against a schema with libxml2's
// xmllint (Debian's libxml2-utils), the validator the issue names.
func xmllint(t *testing.T, doc []byte, schema string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint is not installed (apt-get install libxml2-utils): %v", err)
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", schema, f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint refuses the document: %v\n%s", err, out)
	}
}

func projectXSD(t testing.TB) string {
	return filepath.Join(fixtures(t), "refi-qda", "Project-mrt2019.xsd")
}

const codebookXSD = "testdata/refi/Codebook.xsd"

func TestQDPXProjectValidatesAgainstTheREFIQDASchema(t *testing.T) {
	for name, opts := range map[string]ExportOptions{
		"whole project":  {},
		"one document":   {Documents: []string{"doc-2"}},
		"one annotator":  {Annotators: []string{"ben"}},
		"empty codebook": {},
	} {
		t.Run(name, func(t *testing.T) {
			s := refiSampleProject(t)
			if name == "empty codebook" {
				s = newMemStore(&annotate.Codebook{Name: "leer"})
			}
			data := exportQDPX(t, s, opts)
			xmllint(t, zipEntry(t, data, refiProjectFile), projectXSD(t))
		})
	}
}

func TestQDCValidatesAgainstTheREFIQDACodebookSchema(t *testing.T) {
	for name, cb := range map[string]*annotate.Codebook{"sample": sampleCodebook(), "frames": refiSampleCodebook()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteQDC(&buf, cb); err != nil {
				t.Fatal(err)
			}
			xmllint(t, buf.Bytes(), codebookXSD)
		})
	}
}

func TestQDPXExportTwiceGivesTheSameBytesAndLeavesTheProjectAsItWas(t *testing.T) {
	s := refiSampleProject(t)
	before, _ := s.Codebook()
	a := exportQDPX(t, s, ExportOptions{})
	b := exportQDPX(t, s, ExportOptions{})
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same project differ")
	}
	after, _ := s.Codebook()
	if !reflect.DeepEqual(before, after) {
		t.Error("exporting changed the codebook (GUIDs written back?)")
	}
}

func TestQDPXHoldsEachDocumentAsATextSourceWithSegmentsCodingsAndVariables(t *testing.T) {
	s := refiSampleProject(t)
	data := exportQDPX(t, s, ExportOptions{})
	qde := string(zipEntry(t, data, refiProjectFile))
	g := refiGUID("document", "doc-1")
	text := string(zipEntry(t, data, refiSourcesDir+g+".txt"))
	d, _ := s.Document("doc-1")
	if want := flatten(&docUnit{doc: d}).text; text != want {
		t.Errorf("source text:\n got %q\nwant %q", text, want)
	}
	for _, want := range []string{
		`plainTextPath="internal://` + g + `.txt"`,
		`<User guid="` + userGUID("anna") + `" name="Anna B." id="anna">`,
		// The comment's header: kind, number, author, time, title.
		`comment 1 by leser42, 1. März 2026 um 10:30 Uhr, title &#34;Widerspruch&#34;`,
		`comment 2 by anna_b, vor 8 Stunden, reply to comment 1`,
		// A scale value is a code under its attribute under its label.
		`name="mittel" isCodable="true"`,
		`<Variable guid="` + refiGUID("variable", "reach") + `" name="Reichweite" typeOfVariable="Float">`,
		`<FloatValue>12000.5</FloatValue>`, `<BooleanValue>true</BooleanValue>`, `<DateValue>2026-02-28</DateValue>`,
		`<TextValue>Radwege 🚲</TextValue>`,
		`<Set guid="` + groupSetGUID(refiGUID("label", "FRAMES")) + `" name="Frames 🖼">`,
		`direction="OneWay"`,
	} {
		if !strings.Contains(qde, want) {
			t.Errorf("project.qde lacks %s", want)
		}
	}
	// "Radwege gibt es längst" in c1: its position in the joined text,
	// in code points (an emoji before it counts one).
	f := flatten(&docUnit{doc: d})
	start := f.starts[f.seg["c1"]] + runeIndex(t, d.Segments[3].Text, "Radwege gibt es längst", 0)
	want := `startPosition="` + strconv.Itoa(start) + `" endPosition="` + strconv.Itoa(start+annotate.RuneCount("Radwege gibt es längst")) + `"`
	if !strings.Contains(qde, want) {
		t.Errorf("project.qde lacks the selection %s", want)
	}
}

func TestQDPXRoundTripKeepsEverySpanCoderLabelAndGroup(t *testing.T) {
	a := refiSampleProject(t)
	data := exportQDPX(t, a, ExportOptions{})
	b := newMemStore(nil)
	batch, rep := decodeBytes(t, "project.qdpx", data, FormatQDPX, b)
	importBatch(t, b, batch)
	if d := diff(snap(t, a), snap(t, b)); d != "" {
		t.Fatalf("imported project differs: %s", d)
	}
	wantCB, _ := a.Codebook()
	gotCB, _ := b.Codebook()
	for i := range wantCB.Labels {
		wantCB.Labels[i].GUID = labelGUID(&wantCB.Labels[i]) // the import keeps the GUIDs it read
	}
	if d := diff(wantCB.Labels, gotCB.Labels); d != "" {
		t.Errorf("labels differ: %s", d)
	}
	if !reflect.DeepEqual(wantCB.RelationTypes, gotCB.RelationTypes) || !reflect.DeepEqual(wantCB.SegmentLabelSets, gotCB.SegmentLabelSets) {
		t.Errorf("relation types or comment labels differ:\nwant %+v %+v\n got %+v %+v", wantCB.RelationTypes, wantCB.SegmentLabelSets, gotCB.RelationTypes, gotCB.SegmentLabelSets)
	}
	// The store of these tests keeps no variable definitions (the real
	// store does, wt-codebook); the batch carries them and the values.
	var vars []string
	for _, v := range batch.Codebook.Variables {
		vars = append(vars, v.ID+":"+string(v.Type))
	}
	if want := "outlet_type:choice reach:number checked:boolean day:date topic:text"; strings.Join(vars, " ") != want {
		t.Errorf("variables %v, want %s", vars, want)
	}
	wantP, _ := a.Annotators()
	gotP, _ := b.Annotators()
	for i := range wantP {
		wantP[i].Created = time.Time{}
	}
	for i := range gotP {
		gotP[i].Created = time.Time{}
	}
	if d := diff(wantP, gotP); d != "" {
		t.Errorf("annotators differ: %s", d)
	}
	if len(rep.Bad) > 0 || len(rep.Skipped) > 0 {
		t.Errorf("report: bad %v skipped %v", rep.Bad, rep.Skipped)
	}

	// Importing it again adds nothing.
	before := snap(t, b)
	batch, _ = decodeBytes(t, "project.qdpx", data, FormatQDPX, b)
	again := importBatch(t, b, batch)
	if again.DocumentsAdded != 0 || again.AnnotationsAdded != 0 || len(again.LabelsAdded) != 0 {
		t.Errorf("second import report %+v", again)
	}
	if d := diff(before, snap(t, b)); d != "" {
		t.Errorf("second import changed the project: %s", d)
	}
}

// stripNewsmark removes Newsmark's own records from a .qdpx, leaving what
// another program that rewrites the archive keeps: project.qde and the
// sources.
func stripNewsmarkRecords(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, refiCarryDir) {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := f.Open()
		if _, err := w.(interface{ Write([]byte) (int, error) }).Write(readAll(t, r)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readAll(t testing.TB, r interface{ Read([]byte) (int, error) }) []byte {
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// What REFI-QDA itself cannot carry, when another program keeps only
// project.qde and the sources: the segments (a document comes back as one
// segment), ids of documents and spans, relations, comment labels on
// comments, label kinds, hotkeys, label ids (made from names), and the
// choice values of a variable. Spans keep their text, label, coder,
// attribute values and note; labels their names, colours, definitions,
// examples, groups, attributes and GUIDs; variables their values.
func TestQDPXWithoutNewsmarksRecordKeepsWhatREFIQDACarries(t *testing.T) {
	a := refiSampleProject(t)
	data := stripNewsmarkRecords(t, exportQDPX(t, a, ExportOptions{}))
	b := newMemStore(nil)
	batch, rep := decodeBytes(t, "other.qdpx", data, FormatQDPX, b)
	importBatch(t, b, batch)
	got := snap(t, b)
	want := snap(t, a)
	if len(got.Docs) != 2 || len(got.Docs[0].Segments) != 1 {
		t.Fatalf("documents: %d, segments of the first %d; want 2 of one segment", len(got.Docs), len(got.Docs[0].Segments))
	}
	cb, _ := b.Codebook()
	// Relations come back from the Links: the same ends, type and coder.
	relKeys := func(s snapshot, cb *annotate.Codebook) []string {
		quote := map[string]string{}
		for _, an := range s.Anns {
			quote[an.ID] = an.Quote.Exact
		}
		var out []string
		for _, r := range s.Rels {
			typ := r.Type
			if rt, ok := cb.RelationType(r.Type); ok {
				typ = rt.Name
			}
			out = append(out, quote[r.From]+" →"+typ+"→ "+quote[r.To]+" by "+r.Annotator)
		}
		slices.Sort(out)
		return out
	}
	wantCB0, _ := a.Codebook()
	if w, g := relKeys(want, wantCB0), relKeys(got, cb); len(w) == 0 || !slices.Equal(w, g) {
		t.Errorf("relations from the Links:\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	type key struct{ exact, label, who, note, attrs string }
	norm := func(s snapshot, cb *annotate.Codebook) []key {
		var out []key
		for _, an := range s.Anns {
			l, _ := cb.Label(an.Label)
			var attrs []string
			for k, v := range an.Attributes {
				attrs = append(attrs, k+"="+v)
			}
			slices.Sort(attrs)
			out = append(out, key{an.Quote.Exact, l.Name, an.Annotator, an.Note, strings.Join(attrs, ";")})
		}
		slices.SortFunc(out, func(x, y key) int { return strings.Compare(x.exact+x.label+x.who, y.exact+y.label+y.who) })
		return out
	}
	wantCB, _ := a.Codebook()
	if d := diff(norm(want, wantCB), norm(got, cb)); d != "" {
		t.Errorf("spans differ: %s", d)
	}
	econ, ok := cb.Label("Ökonomisch")
	if !ok {
		t.Fatalf("no label Ökonomisch in %+v", cb.Labels)
	}
	if econ.Parent != "Frames__" || econ.Color != "#3366aa" || len(econ.Examples) != 2 || econ.Description != "Kosten, Nutzen, Arbeitsplätze." ||
		econ.GUID != refiGUID("label", "F_ECON") || len(econ.Attributes) != 5 || econ.Attributes[0].Kind() != annotate.AttrScale ||
		!slices.Equal(econ.Attributes[0].Values, []string{"schwach", "mittel", "stark"}) || !econ.Attributes[3].Required {
		t.Errorf("label Ökonomisch came back as %+v", econ)
	}
	if jobs, _ := cb.Label("Arbeitsplätze"); jobs == nil || jobs.Parent != "Ökonomisch" {
		t.Errorf("nested group lost: %+v", jobs)
	}
	var vars []string
	for _, v := range batch.Codebook.Variables {
		vars = append(vars, v.ID+":"+string(v.Type))
	}
	if want := "Medientyp:text Reichweite:number Geprüft:boolean Stichtag:date Thema:text"; strings.Join(vars, " ") != want {
		t.Errorf("variables %v, want %s", vars, want)
	}
	if d := batch.Documents[0].Variables; d["Reichweite"] != "12000.5" || d["Thema"] != "Radwege 🚲" || d["Medientyp"] != "Zeitung" {
		t.Errorf("variable values %v", d)
	}
	found := false
	for _, s := range rep.Skipped {
		found = found || strings.Contains(s, "comment label")
	}
	if !found {
		t.Errorf("the report does not name the comment label it could not import: %v", rep.Skipped)
	}
}

func TestQDCOutAndInKeepsTheCodebook(t *testing.T) {
	cb := refiSampleCodebook()
	var buf bytes.Buffer
	if err := WriteQDC(&buf, cb); err != nil {
		t.Fatal(err)
	}
	got, err := ReadQDC("codebook.qdc", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// .qdc has names, not ids: each label comes back under an id made of
	// its name, with its GUID, group, colour, definition, examples and
	// attributes (types included); kind and hotkey are not in REFI-QDA.
	byGUID := map[string]annotate.Label{}
	for _, l := range got.Labels {
		byGUID[l.GUID] = l
	}
	ids := map[string]string{}
	for _, l := range cb.Labels {
		ids[l.ID] = byGUID[labelGUID(&l)].ID
	}
	for _, w := range cb.Labels {
		g, ok := byGUID[labelGUID(&w)]
		if !ok {
			t.Errorf("label %s missing", w.ID)
			continue
		}
		w.ID, w.Parent, w.GUID = g.ID, ids[w.Parent], g.GUID
		w.Kind, w.Hotkey = annotate.KindEntity, ""
		w.Color = strings.ToLower(w.Color)
		for i := range w.Attributes {
			w.Attributes[i].Type = w.Attributes[i].Kind() // an attribute without a type comes back with the type it had
		}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("label came back as\n%+v\nwant\n%+v", g, w)
		}
	}
	if len(got.Labels) != len(cb.Labels) {
		t.Errorf("%d labels, want %d", len(got.Labels), len(cb.Labels))
	}
	if len(got.SegmentLabelSets) != 2 || got.SegmentLabelSets[0].Name != "Relevance" || len(got.SegmentLabelSets[0].Labels) != 2 ||
		got.SegmentLabelSets[0].Labels[1].Name != "off topic" {
		t.Errorf("comment label sets: %+v", got.SegmentLabelSets)
	}
	// Writing what was read gives the same file.
	var again bytes.Buffer
	if err := WriteQDC(&again, got); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("the codebook read back writes another file:\n%s\nwant\n%s", again.String(), buf.String())
	}
}

func TestQDCImportMergesByGUIDThenID(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteQDC(&buf, refiSampleCodebook()); err != nil {
		t.Fatal(err)
	}
	project := newMemStore(sampleCodebook()) // PER … QUOTE, without the frames
	batch, rep := decodeBytes(t, "codebook.qdc", buf.Bytes(), FormatQDC, project)
	res := importBatch(t, project, batch)
	var added []string
	for _, m := range rep.Labels {
		if m.Added {
			added = append(added, m.Label)
		}
	}
	// PER and the other sample labels match by the GUID derived from their
	// ids; the frames are new, under ids made of their names.
	if want := "Frames__ Ökonomisch Arbeitsplätze Moral___"; strings.Join(added, " ") != want {
		t.Errorf("added %v, want %s (mappings %+v)", added, want, rep.Labels)
	}
	if len(res.LabelsAdded) != 4 {
		t.Errorf("store added %v", res.LabelsAdded)
	}
}

func TestQDPXImportDetectsTheFormat(t *testing.T) {
	data := exportQDPX(t, refiSampleProject(t), ExportOptions{})
	if f, ok := Detect("x.qdpx", nil); !ok || f != FormatQDPX {
		t.Errorf("Detect by name: %v %v", f, ok)
	}
	if f, ok := Detect("content", data[:min(len(data), sniffLen)]); !ok || f != FormatQDPX {
		t.Errorf("Detect by content: %v %v", f, ok)
	}
	var buf bytes.Buffer
	if err := WriteQDC(&buf, sampleCodebook()); err != nil {
		t.Fatal(err)
	}
	if f, ok := Detect("content", buf.Bytes()); !ok || f != FormatQDC {
		t.Errorf("Detect .qdc by content: %v %v", f, ok)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "studie.qdpx")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if f, isSet, err := Classify(p, ""); err != nil || !isSet || f != FormatQDPX {
		t.Errorf("Classify: %v %v %v", f, isSet, err)
	}
	s := newMemStore(nil)
	res, err := Import(t.Context(), s, p, DecodeOptions{})
	if err != nil || res.Store.DocumentsAdded != 2 {
		t.Errorf("import: %+v %v", res.Store, err)
	}
}

// otherQDE is a project.qde in the manner of other programs (see the
// test below); otherText its source.
const otherText = "Grüße 😀 aus Zürich.\r\nZweite Zeile: Köln."

const otherQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Studie" origin="QualCoder 3.6">
<Users><User guid="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" name="colin"/><User guid="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}" name="Maria"/></Users>
<CodeBook><Codes>
<Code guid="2dfba8c9-59f5-4424-99d6-ea9bce18134b" name="Orte" isCodable="false" color="#F00">
<Description>Alle Orte</Description>
<Code guid="76414714-63c4-4a25-a47e-66fef80bd52e" name="Stadt" isCodable="true" color="#00AA00"/>
</Code>
<Code guid="DFE5C38E-9449-5959-A1F7-E3D895CFA87F" name="Gruß" isCodable="true"/>
</Codes></CodeBook>
<Variables><Variable guid="08cbced0-d736-44c8-8fd6-eb4d29fe46c5" name="Land" typeOfVariable="Text"/></Variables>
<Sources>
<TextSource guid="a2b94468-80a5-412f-92d6-e900d97b55a6" name="interview1.txt" plainTextPath="internal://8e7fddfe-db36-48dc-b464-80c3a4decd90.txt" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860">
<PlainTextSelection guid="95916796-d0a0-4b49-8b0e-1f1a2c3d4e5f" name="Zürich" startPosition="12" endPosition="18" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2019-06-07T03:36:36Z">
<Description>Ein Memo</Description>
<Coding guid="11111111-2222-3333-4444-555555555555" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860"><CodeRef targetGUID="76414714-63c4-4a25-a47e-66fef80bd52e"/></Coding>
</PlainTextSelection>
<PlainTextSelection guid="{95916796-D0A0-4B49-8B0E-1F1A2C3D4E60}" name="Köln" startPosition="35" endPosition="39">
<Coding guid="{11111111-2222-3333-4444-555555555556}" creatingUser="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}"><CodeRef targetGUID="{76414714-63C4-4A25-A47E-66FEF80BD52E}"/></Coding>
<Coding guid="11111111-2222-3333-4444-555555555557" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB"><CodeRef targetGUID="DFE5C38E-9449-5959-A1F7-E3D895CFA87F"/></Coding>
</PlainTextSelection>
<VariableValue><VariableRef targetGUID="08CBCED0-D736-44C8-8FD6-EB4D29FE46C5"/><TextValue>Schweiz</TextValue></VariableValue>
</TextSource>
</Sources>
</Project>`

// A project.qde in the manner of QualCoder's export (lower-case GUIDs,
// selections named with their text, users by name, a code category with
// isCodable="false", plainTextPath into sources/) and of MAXQDA's (upper
// case GUIDs in braces, a Windows line end counted as two characters, a
// document variable). Its positions count code points, as QualCoder's
// reader slices Python strings (refi.py, load_codings_for_text).
func TestQDPXFromOtherProgramsBecomesDocumentsSpansAndLabels(t *testing.T) {
	text, qde := otherText, otherQDE
	data := makeZip(t, map[string]string{"project.qde": qde, "sources/8e7fddfe-db36-48dc-b464-80c3a4decd90.txt": "\ufeff" + text})
	xmllint(t, []byte(qde), projectXSD(t))
	s := newMemStore(sampleCodebook())
	batch, rep := decodeBytes(t, "studie.qdpx", data, FormatQDPX, s)
	importBatch(t, s, batch)
	sn := snap(t, s)
	if len(sn.Docs) != 1 || sn.Docs[0].Segments[0].Text != text || sn.Docs[0].Title != "interview1.txt" {
		t.Fatalf("documents %+v", sn.Docs)
	}
	var got []string
	for _, a := range sn.Anns {
		got = append(got, a.Quote.Exact+"/"+a.Label+"/"+a.Annotator+"/"+a.Note)
	}
	slices.Sort(got)
	want := []string{"Köln/Gruß/Maria/", "Köln/Stadt/Maria/", "Zürich/Stadt/colin/Ein Memo"}
	if !slices.Equal(got, want) {
		t.Errorf("spans %v, want %v", got, want)
	}
	cb, _ := s.Codebook()
	if l, ok := cb.Label("Stadt"); !ok || l.Parent != "Orte" || l.Color != "#00aa00" || l.GUID != "76414714-63c4-4a25-a47e-66fef80bd52e" {
		t.Errorf("label Stadt: %+v", l)
	}
	if l, ok := cb.Label("Orte"); !ok || l.Color != "#ff0000" || l.Description != "Alle Orte" {
		t.Errorf("group Orte: %+v", l)
	}
	if v := batch.Documents[0].Variables["Land"]; v != "Schweiz" {
		t.Errorf("variable Land = %q", v)
	}
	if len(rep.Bad) > 0 {
		t.Errorf("bad items %v", rep.Bad)
	}
}

// ATLAS.ti counts a Windows line end as one character (QualCoder's
// reader, refi.py load_text_source, notes it and reads ATLAS.ti's
// positions so); a selection after one lands on the same words.
func TestQDPXFromATLASCountsCRLFAsOneCharacter(t *testing.T) {
	text := "Erste Zeile.\r\nBerlin ist hier."
	qde := strings.NewReplacer("ORIGIN", "ATLAS.ti Win 23.4.0").Replace(`<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="A" origin="ORIGIN">
<CodeBook><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="code1" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="631251CC-9FB4-4131-BEA8-35947084C409" name="doc" plainTextPath="internal://631251CC-9FB4-4131-BEA8-35947084C409.txt">
<PlainTextSelection guid="9DDD19C4-168C-4103-BBAD-08D4BD10A145" startPosition="13" endPosition="19"><Coding guid="46467993-B426-49DD-9707-B5958EBA9870"><CodeRef targetGUID="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`)
	data := makeZip(t, map[string]string{"project.qde": qde, "sources/631251CC-9FB4-4131-BEA8-35947084C409.txt": text})
	batch, _ := decodeBytes(t, "atlas.qdpx", data, FormatQDPX, newMemStore(nil))
	if len(batch.Annotations) != 1 || batch.Annotations[0].Quote.Exact != "Berlin" {
		t.Fatalf("annotations %+v", batch.Annotations)
	}
}

// ATLAS.ti writes a .qdc whose Sets name their codes in a guid attribute,
// as the codebook schema has it (in the manner of the ATLAS.ti Win 23.4.0
// codebook that RE-QDA/requal's tests/testthat/test-qdc-import.R quotes);
// a Set of top-level codes becomes a group.
func TestQDCFromATLASWithACodeGroupBecomesAGroupLabel(t *testing.T) {
	qdc := `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti Win 23.4.0" xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="7A3C0E52-1B44-4D0F-9C6E-2F8B51D0A913" name="Wirtschaft" color="#2C7FB8" isCodable="true">
      <Description>Kosten und Nutzen</Description>
    </Code>
  </Codes>
  <Sets>
    <Set name="Frames" guid="C4E1F7A0-9B2D-4E63-8A15-6D0B3F92E7C4">
      <Description>Deutungsrahmen</Description>
      <MemberCode guid="7A3C0E52-1B44-4D0F-9C6E-2F8B51D0A913" />
    </Set>
  </Sets>
</CodeBook>`
	xmllint(t, []byte(qdc), codebookXSD)
	cb, err := ReadQDC("atlas.qdc", strings.NewReader(qdc))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := cb.Label("Wirtschaft")
	g, _ := cb.Label("Frames")
	if w == nil || g == nil || w.Parent != "Frames" || w.Description != "Kosten und Nutzen" || g.Description != "Deutungsrahmen" ||
		w.Color != "#2c7fb8" || g.GUID != "C4E1F7A0-9B2D-4E63-8A15-6D0B3F92E7C4" {
		t.Errorf("codebook %+v", cb.Labels)
	}
}

func makeZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A program that counts UTF-16 code units (an emoji counts two) and
// names each selection with its text: the names tell the unit, and the
// spans land on the same words.
func TestQDPXPositionsInUTF16AreRecognisedByTheSelectionsNames(t *testing.T) {
	qde := strings.NewReplacer(`startPosition="12" endPosition="18"`, `startPosition="13" endPosition="19"`, `startPosition="35" endPosition="39"`, `startPosition="36" endPosition="40"`).Replace(otherQDE)
	data := makeZip(t, map[string]string{"project.qde": qde, otherSource: otherText})
	s := newMemStore(nil)
	batch, rep := decodeBytes(t, "utf16.qdpx", data, FormatQDPX, s)
	var got []string
	for _, a := range batch.Annotations {
		got = append(got, a.Quote.Exact)
	}
	slices.Sort(got)
	if want := []string{"Köln", "Köln", "Zürich"}; !slices.Equal(got, want) {
		t.Errorf("spans %v, want %v", got, want)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "UTF-16") }) {
		t.Errorf("the notes do not say the positions were read as UTF-16: %v", rep.Notes)
	}
	// The same file in code points is read in code points.
	batch, rep = decodeBytes(t, "cp.qdpx", makeZip(t, map[string]string{"project.qde": otherQDE, otherSource: otherText}), FormatQDPX, s)
	if len(rep.Notes) != 0 || len(batch.Annotations) != 3 {
		t.Errorf("code points: notes %v, %d spans", rep.Notes, len(batch.Annotations))
	}
	// Importing a foreign file twice adds nothing the second time.
	importBatch(t, s, batch)
	batch, _ = decodeBytes(t, "cp.qdpx", makeZip(t, map[string]string{"project.qde": otherQDE, otherSource: otherText}), FormatQDPX, s)
	if again := importBatch(t, s, batch); again.DocumentsAdded != 0 || again.AnnotationsAdded != 0 {
		t.Errorf("second import %+v", again)
	}
}

// A news page coded in another program (here the project's seed page, a
// SPIEGEL ONLINE copy with its forum) comes back as article and comments;
// its spans land in the comment they code.
func TestQDPXSourceThatLooksLikeANewsPageIsSplitIntoArticleAndComments(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(fixtures(t), "..", "..", "seeds", "000_e9a8672a2279b0f2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(page)
	quote := "Wie kann Herr Steinmeier so sicher sein"
	start := annotate.RuneCount(text[:strings.Index(text, quote)])
	qde := `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Zweifel" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="631251CC-9FB4-4131-BEA8-35947084C409" name="spiegel.txt" plainTextPath="internal://p.txt">
<PlainTextSelection guid="9DDD19C4-168C-4103-BBAD-08D4BD10A145" startPosition="` + strconv.Itoa(start) + `" endPosition="` + strconv.Itoa(start+annotate.RuneCount(quote)) + `"><Coding guid="46467993-B426-49DD-9707-B5958EBA9870"><CodeRef targetGUID="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`
	data := makeZip(t, map[string]string{"project.qde": qde, "sources/p.txt": text})
	s := newMemStore(nil)
	batch, rep := decodeBytes(t, "spiegel.qdpx", data, FormatQDPX, s)
	importBatch(t, s, batch)
	sn := snap(t, s)
	if len(sn.Docs) != 1 || sn.Docs[0].CommentCount() < 5 {
		t.Fatalf("documents %d, comments %d; notes %v", len(sn.Docs), sn.Docs[0].CommentCount(), rep.Notes)
	}
	if len(sn.Anns) != 1 || sn.Anns[0].Quote.Exact != quote {
		t.Fatalf("spans %+v", sn.Anns)
	}
	seg, _ := sn.Docs[0].Segment(sn.Anns[0].SegmentID)
	if seg.Kind != annotate.KindComment || seg.Author != "DieterFr" || seg.Number != 4 {
		t.Errorf("the span is in segment %+v", seg)
	}
	// A span on a line the page parser drops (the forum's footer) keeps
	// the text whole, as one segment.
	footer := "Alle Kommentare öffnen"
	fs := annotate.RuneCount(text[:strings.Index(text, footer)])
	qde2 := strings.Replace(qde, `startPosition="`+strconv.Itoa(start)+`" endPosition="`+strconv.Itoa(start+annotate.RuneCount(quote))+`"`,
		`startPosition="`+strconv.Itoa(fs)+`" endPosition="`+strconv.Itoa(fs+annotate.RuneCount(footer))+`"`, 1)
	batch, _ = decodeBytes(t, "footer.qdpx", makeZip(t, map[string]string{"project.qde": qde2, "sources/p.txt": text}), FormatQDPX, newMemStore(nil))
	if len(batch.Documents[0].Segments) != 1 || batch.Annotations[0].Quote.Exact != footer {
		t.Errorf("%d segments, span %q", len(batch.Documents[0].Segments), batch.Annotations[0].Quote.Exact)
	}
}

func TestQDCCommentLabelSetWithoutANameComesBackAsASet(t *testing.T) {
	cb := sampleCodebook()
	cb.SegmentLabelSets[1].Name = ""
	var buf bytes.Buffer
	if err := WriteQDC(&buf, cb); err != nil {
		t.Fatal(err)
	}
	got, err := ReadQDC("c.qdc", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SegmentLabelSets) != 2 || got.SegmentLabelSets[1].Name != "tone" || len(got.Labels) != len(cb.Labels) {
		t.Errorf("sets %+v, %d labels", got.SegmentLabelSets, len(got.Labels))
	}
}

func TestMergeCodebookMatchesByGUIDThenIDAndChangesNeither(t *testing.T) {
	project := sampleCodebook()
	project.Labels[0].GUID = "11111111-2222-3333-4444-555555555555" // PER
	project.Labels[2].GUID = "31111111-2222-3333-4444-555555555555" // LOC: the file's LOC has no GUID, so it matches by id
	file := &annotate.Codebook{Labels: []annotate.Label{
		{ID: "Person", Name: "Person", Kind: annotate.KindEntity, Color: "#ff0000", GUID: "11111111-2222-3333-4444-555555555555"},
		{ID: "LOC", Name: "Ort", Kind: annotate.KindEntity, Color: "#0000ff"},
		{ID: "Frame", Name: "Frame", Kind: annotate.KindEntity, Color: "#00ff00", GUID: "21111111-2222-3333-4444-555555555555"},
	}}
	before, _ := json.Marshal([]any{project, file})
	add, remap, rep := mergeCodebook(project, file)
	if remap["Person"] != "PER" || remap["LOC"] != "LOC" || remap["Frame"] != "Frame" || len(add.Labels) != 1 || add.Labels[0].ID != "Frame" {
		t.Errorf("remap %v, added %+v", remap, add.Labels)
	}
	var how []string
	for _, m := range rep {
		how = append(how, m.How)
	}
	if strings.Join(how, ",") != "same guid,same id,new" {
		t.Errorf("report %v", how)
	}
	if after, _ := json.Marshal([]any{project, file}); !bytes.Equal(before, after) {
		t.Error("MergeCodebook changed its arguments")
	}
}

// Another program's Links between two selections of a text become
// relations of the link's name, by the coder of the span they start at (a
// REFI-QDA Link names no user); a Link to anything but a selection is left
// out and reported.
func TestQDPXLinksFromOtherProgramsBecomeRelations(t *testing.T) {
	links := `<Links>
<Link guid="6f1c2b3a-0000-4000-8000-000000000001" name="widerspricht" direction="OneWay" originGUID="95916796-d0a0-4b49-8b0e-1f1a2c3d4e5f" targetGUID="{95916796-D0A0-4B49-8B0E-1F1A2C3D4E60}"/>
<Link guid="6f1c2b3a-0000-4000-8000-000000000002" name="disputes" originGUID="{95916796-D0A0-4B49-8B0E-1F1A2C3D4E60}" targetGUID="95916796-d0a0-4b49-8b0e-1f1a2c3d4e5f"/>
<Link guid="6f1c2b3a-0000-4000-8000-000000000003" name="elsewhere" originGUID="95916796-d0a0-4b49-8b0e-1f1a2c3d4e5f" targetGUID="a2b94468-80a5-412f-92d6-e900d97b55a6"/>
</Links>
</Project>`
	qde := strings.Replace(otherQDE, "</Project>", links, 1)
	xmllint(t, []byte(qde), projectXSD(t))
	data := makeZip(t, map[string]string{"project.qde": qde, "sources/8e7fddfe-db36-48dc-b464-80c3a4decd90.txt": otherText})
	s := newMemStore(sampleCodebook())
	batch, rep := decodeBytes(t, "studie.qdpx", data, FormatQDPX, s)
	importBatch(t, s, batch)
	sn := snap(t, s)
	cb, _ := s.Codebook()
	quote := map[string]string{}
	for _, a := range sn.Anns {
		quote[a.ID] = a.Quote.Exact
	}
	var got []string
	for _, r := range sn.Rels {
		rt, _ := cb.RelationType(r.Type)
		got = append(got, quote[r.From]+" →"+rt.Name+"("+r.Type+")→ "+quote[r.To]+" by "+r.Annotator)
	}
	slices.Sort(got)
	// "disputes" is the project's own type; "widerspricht" is new. Colin
	// coded Zürich, Maria Köln.
	want := []string{"Köln →disputes(disputes)→ Zürich by Maria", "Zürich →widerspricht(widerspricht)→ Köln by colin"}
	if !slices.Equal(got, want) {
		t.Errorf("relations %q, want %q", got, want)
	}
	found := false
	for _, m := range rep.Skipped {
		found = found || strings.Contains(m, "elsewhere")
	}
	if !found {
		t.Errorf("the Link to something other than a selection is not reported: %v", rep.Skipped)
	}
}
