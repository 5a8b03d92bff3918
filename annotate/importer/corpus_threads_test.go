package importer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsmark/newsmark/annotate"
	"github.com/newsmark/newsmark/annotate/importer"
	"github.com/newsmark/newsmark/storage"
)

// threadPost is a post of a generated thread corpus, in the shape of the
// One Million Posts corpus: posts that point to their parent by id.
type threadPost struct {
	id, parent, article int
	body                string
	depth               int
}

// threadCorpus makes articles × perArticle posts. In each article, every
// eighth post starts a thread and each other post answers the one before
// it, so that threads are a root with replies 7 deep.
func threadCorpus(articles, perArticle int) []threadPost {
	var posts []threadPost
	for a := range articles {
		for j := range perArticle {
			p := threadPost{id: 22015000 + a*1000 + j, article: 900 + a, body: fmt.Sprintf("Beitrag %d zu Artikel %d: Das stimmt so nicht ganz.", j, a)}
			if j%8 != 0 {
				p.parent = p.id - 1
				p.depth = j % 8
			}
			posts = append(posts, p)
		}
	}
	return posts
}

// storedThreads opens the project and returns, per document's corpus id,
// the parent of each comment (by comment id) and the comment order.
func storedThreads(t *testing.T, store *storage.Store) (map[string]map[string]string, map[string][]string) {
	t.Helper()
	sums, err := store.Documents()
	if err != nil {
		t.Fatal(err)
	}
	parents := map[string]map[string]string{}
	order := map[string][]string{}
	for _, s := range sums {
		doc, err := store.Document(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		key := doc.Meta["corpus_id"]
		parents[key] = map[string]string{}
		for _, c := range doc.Comments() {
			parents[key][c.ID] = c.ReplyTo
			order[key] = append(order[key], c.ID)
		}
	}
	return parents, order
}

// checkThreads compares what the store holds with the generated posts.
func checkThreads(t *testing.T, store *storage.Store, posts []threadPost) {
	t.Helper()
	parents, _ := storedThreads(t, store)
	n := 0
	for _, p := range posts {
		doc := parents[fmt.Sprint(p.article)]
		if doc == nil {
			t.Fatalf("no document for article %d; documents: %d", p.article, len(parents))
		}
		want := ""
		if p.parent != 0 {
			want = fmt.Sprint(p.parent)
		}
		got, ok := doc[fmt.Sprint(p.id)]
		if !ok {
			t.Errorf("post %d is not a comment of article %d", p.id, p.article)
			continue
		}
		if got != want {
			t.Errorf("post %d replies to %q, want %q", p.id, got, want)
		}
		n++
	}
	total := 0
	for _, d := range parents {
		total += len(d)
	}
	if n != len(posts) || total != len(posts) {
		t.Errorf("%d comments stored, %d matched, want %d", total, n, len(posts))
	}
}

func importInto(t *testing.T, path string, opts importer.Options) (*storage.Store, importer.Result) {
	t.Helper()
	store := openStore(t)
	res := importer.ImportFiles(context.Background(), store, []string{path}, opts, nil)
	if len(res) != 1 || res[0].Err != nil {
		t.Fatalf("import: %+v", res)
	}
	return store, res[0]
}

func mapped(t *testing.T, specs ...string) importer.Options {
	t.Helper()
	opts := testOptions()
	for _, s := range specs {
		if err := opts.SetField(s); err != nil {
			t.Fatal(err)
		}
	}
	return opts
}

func TestImportJSONThreadFileWithPostsLinkedByParentID(t *testing.T) {
	posts := threadCorpus(5, 110) // 550 posts, replies 7 deep
	var b strings.Builder
	b.WriteString("[\n")
	for i, p := range posts {
		parent := "null"
		if p.parent != 0 {
			parent = fmt.Sprintf("%d.0", p.parent) // as pandas writes a column with gaps
		}
		body, _ := json.Marshal(p.body)
		fmt.Fprintf(&b, `  {"ID_Post": %d, "ID_Parent_Post": %s, "ID_Article": %d, "Body": %s, "CreatedAt": %d, "PositiveVotes": %d}`,
			p.id, parent, p.article, body, 1413381600000+int64(i)*60000, i%5)
		if i < len(posts)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	path := writeFile(t, t.TempDir(), "posts.json", b.String())
	opts := mapped(t, "comment_text=Body", "comment_id=ID_Post", "comment_parent=ID_Parent_Post", "doc_id=ID_Article", "comment_time=CreatedAt")
	store, res := importInto(t, path, opts)
	if len(res.Documents) != 5 || len(res.Warnings) != 0 {
		t.Fatalf("%d documents, warnings %v; want 5 and none", len(res.Documents), res.Warnings)
	}
	checkThreads(t, store, posts)

	// The deepest reply is seven replies below its thread's root, and keeps
	// its time (epoch milliseconds) and its other field as metadata.
	sums, _ := store.Documents()
	doc, _ := store.Document(sums[0].ID)
	byID := map[string]annotate.Segment{}
	for _, c := range doc.Comments() {
		byID[c.ID] = c
	}
	deep := byID["22015007"]
	depth := 0
	for c := deep; c.ReplyTo != ""; c = byID[c.ReplyTo] {
		depth++
	}
	if depth != 7 {
		t.Errorf("post 22015007 is %d replies deep, want 7", depth)
	}
	if want := time.UnixMilli(1413381600000 + 7*60000).UTC(); !deep.Posted.Time.Equal(want) {
		t.Errorf("post 22015007 posted %v, want %v", deep.Posted, want)
	}
	if deep.Meta["PositiveVotes"] != "2" || deep.Text != posts[7].body {
		t.Errorf("post 22015007 meta %v text %q", deep.Meta, deep.Text)
	}
}

// nestedThread writes posts as reply lists nested in their parents.
func nestedThread(posts []threadPost) []any {
	kids := map[int][]threadPost{}
	var roots []threadPost
	for _, p := range posts {
		if p.parent == 0 {
			roots = append(roots, p)
		} else {
			kids[p.parent] = append(kids[p.parent], p)
		}
	}
	var build func(p threadPost) map[string]any
	build = func(p threadPost) map[string]any {
		o := map[string]any{"Body": p.body, "ID_Post": p.id}
		var replies []any
		for _, k := range kids[p.id] {
			replies = append(replies, build(k))
		}
		if replies != nil {
			o["Replies"] = replies
		}
		return o
	}
	var out []any
	for _, r := range roots {
		out = append(out, build(r))
	}
	return out
}

func TestImportJSONLThreadsAsNestedReplyLists(t *testing.T) {
	posts := threadCorpus(5, 104) // 520 posts, replies 7 deep
	var b strings.Builder
	for a := range 5 {
		var mine []threadPost
		for _, p := range posts {
			if p.article == 900+a {
				mine = append(mine, p)
			}
		}
		line, _ := json.Marshal(map[string]any{
			"article": map[string]any{"id": 900 + a, "headline": fmt.Sprintf("Artikel %d", a), "section": "Inland"},
			"text":    "Der Artikel.",
			"threads": nestedThread(mine),
		})
		b.Write(line)
		b.WriteString("\n")
	}
	path := writeFile(t, t.TempDir(), "threads.jsonl", b.String())
	opts := mapped(t, "comments=threads", "comment_replies=Replies", "comment_text=Body", "comment_id=ID_Post",
		"doc_id=article.id", "title=article.headline")
	store, res := importInto(t, path, opts)
	if len(res.Documents) != 5 || len(res.Warnings) != 0 {
		t.Fatalf("%d documents, warnings %v; want 5 and none", len(res.Documents), res.Warnings)
	}
	checkThreads(t, store, posts)
	doc, _ := store.Document(res.Documents[2].ID)
	if doc.Title != "Artikel 2" || doc.Meta["article.section"] != "Inland" || doc.Meta["corpus_id"] != "902" {
		t.Errorf("title %q, meta %v", doc.Title, doc.Meta)
	}
}

// germevalCSV has ids written as floats, epoch seconds, milliseconds and a
// decimal epoch, a reply whose parent is not in the file, a reply before
// its parent, label columns and columns no field takes.
const germevalCSV = `doc_id,title,text,comment_id,parent_id,comment_author,comment_time,comment_text,likes,section,Sub3_FactClaiming,Sub1_Toxic
7.0,Bahnstreik,Der Streik beginnt.,101.0,,anna,1413381600,Das stimmt nicht.,3,Politik,1,0
7,Bahnstreik,Der Streik beginnt.,102.0,101.0,bert,1413381660000,Doch.,0,Politik,0,0
7,Bahnstreik,Der Streik beginnt.,103,999.0,carl,1413381720.0,Waise.,1,Politik,1,1
8,Zweiter Text,Text zwei.,201,NaN,dora,2014-10-15T14:32:00+02:00,Hallo.,,Sport,,
8,Zweiter Text,Text zwei.,203,202,emil,,Vor dem Elternteil.,,Sport,0,
8,Zweiter Text,Text zwei.,202,201.0,fritz,,Eltern.,,Sport,,
`

func TestImportCSVAsItComes(t *testing.T) {
	path := writeFile(t, t.TempDir(), "germeval.csv", germevalCSV)
	opts := testOptions()
	opts.LabelColumns = []string{"Sub3_FactClaiming", "Sub1_Toxic"}
	opts.LabelAnnotator = "germeval"
	store, res := importInto(t, path, opts)
	if len(res.Documents) != 2 {
		t.Fatalf("%d documents, want 2", len(res.Documents))
	}

	t.Run("ids with .0 join, orphans become top-level, replies follow their parents", func(t *testing.T) {
		parents, order := storedThreads(t, store)
		want := map[string]map[string]string{
			"7": {"101": "", "102": "101", "103": ""},
			"8": {"201": "", "202": "201", "203": "202"},
		}
		for doc, w := range want {
			for id, p := range w {
				if got, ok := parents[doc][id]; !ok || got != p {
					t.Errorf("document %s comment %s replies to %q (present %v), want %q", doc, id, got, ok, p)
				}
			}
		}
		if !slices.Equal(order["8"], []string{"201", "202", "203"}) {
			t.Errorf("document 8 comments in order %v, want 201 202 203", order["8"])
		}
	})

	t.Run("the orphan is a warning naming its line", func(t *testing.T) {
		if len(res.Warnings) != 1 || res.Warnings[0].Line != 4 || !strings.Contains(res.Warnings[0].Text, `comment 103 replies to "999"`) {
			t.Fatalf("warnings = %+v, want one at line 4 about comment 103", res.Warnings)
		}
		var b strings.Builder
		importer.WriteReport(&b, []importer.Result{res})
		for _, want := range []string{"warning   " + path + ":4  comment 103", "kept      " + path, "section as document metadata", "likes as comment metadata",
			`Sub3_FactClaiming: 4 comment labels of annotator "germeval"`} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("report does not say %q:\n%s", want, b.String())
			}
		}
		if s := importer.Summarize([]importer.Result{res}); s.Warnings != 1 || !strings.Contains(s.String(), "1 warning") {
			t.Errorf("summary %q counts %d warnings", s, s.Warnings)
		}
	})

	t.Run("epoch seconds, milliseconds and decimals are times", func(t *testing.T) {
		doc, _ := store.Document(res.Documents[0].ID)
		want := map[string]time.Time{
			"101": time.Unix(1413381600, 0), "102": time.Unix(1413381660, 0), "103": time.Unix(1413381720, 0),
		}
		for _, c := range doc.Comments() {
			if !c.Posted.Time.Equal(want[c.ID]) {
				t.Errorf("comment %s posted %v, want %v", c.ID, c.Posted, want[c.ID].UTC())
			}
		}
	})

	t.Run("unused columns are document or comment metadata", func(t *testing.T) {
		doc, _ := store.Document(res.Documents[0].ID)
		if doc.Meta["section"] != "Politik" || doc.Meta["likes"] != "" {
			t.Errorf("document meta = %v", doc.Meta)
		}
		cs := doc.Comments()
		if cs[0].Meta["likes"] != "3" || cs[1].Meta["likes"] != "0" || cs[0].Meta["section"] != "" || cs[0].Meta["Sub1_Toxic"] != "" {
			t.Errorf("comment meta = %v, %v", cs[0].Meta, cs[1].Meta)
		}
	})

	t.Run("label columns are comment labels of the annotator", func(t *testing.T) {
		got := map[string][]string{}
		for _, d := range res.Documents {
			labels, err := store.SegmentLabels(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range labels {
				if l.Annotator != "germeval" {
					t.Errorf("label %+v by %q", l, l.Annotator)
				}
				got[l.SegmentID] = append(got[l.SegmentID], l.Label)
			}
		}
		want := map[string][]string{
			"101": {"Sub1_Toxic:0", "Sub3_FactClaiming:1"}, "102": {"Sub1_Toxic:0", "Sub3_FactClaiming:0"},
			"103": {"Sub1_Toxic:1", "Sub3_FactClaiming:1"}, "203": {"Sub3_FactClaiming:0"},
		}
		for seg, w := range want {
			g := got[seg]
			slices.Sort(g)
			if !slices.Equal(g, w) {
				t.Errorf("comment %s labels %v, want %v", seg, g, w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("labelled comments %v, want %v", got, want)
		}
		cb, err := store.Codebook()
		if err != nil {
			t.Fatal(err)
		}
		set, def, ok := cb.SegmentLabel("Sub3_FactClaiming:1")
		if !ok || set.ID != "Sub3_FactClaiming" || !set.Exclusive || def.Name != "1" || len(set.Labels) != 2 {
			t.Errorf("codebook set %+v, label %+v", set, def)
		}
		annotators, _ := store.Annotators()
		if !slices.ContainsFunc(annotators, func(a annotate.Annotator) bool { return a.ID == "germeval" }) {
			t.Errorf("annotators %v lack germeval", annotators)
		}
	})
}

func TestCorpusRepliesThatCannotBePlaced(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		parents map[string]string
		lines   []int
	}{
		{"a reply to an unknown comment", `{"comments": [{"id": "a", "text": "x"}, {"id": "b", "parent_id": "z", "text": "y"}]}`,
			map[string]string{"a": "", "b": ""}, []int{1}},
		{"a reply to itself", "\n" + `{"comments": [{"id": "a", "parent": "a", "text": "x"}]}`, map[string]string{"a": ""}, []int{2}},
		{"two replies to each other", `{"comments": [{"id": "a", "parent": "b", "text": "x"}, {"id": "b", "parent": "a", "text": "y"}, {"id": "c", "parent": "b", "text": "z"}]}`,
			map[string]string{"a": "", "b": "a", "c": "b"}, []int{1}},
		{"a reply before its parent", `{"comments": [{"id": "r", "parent": "p", "text": "x"}, {"id": "p", "text": "y"}]}`,
			map[string]string{"r": "p", "p": ""}, nil},
		{"parent 0 and NaN mean none", `{"comments": [{"id": 1, "parent": 0, "text": "x"}, {"id": 2, "parent": "NaN", "text": "y"}]}`,
			map[string]string{"1": "", "2": ""}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := newMemStore()
			res := importer.ImportReader(context.Background(), store, "c.jsonl", strings.NewReader(tc.in), testOptions())
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			doc := store.docs[res.Documents[0].ID]
			got := map[string]string{}
			for _, c := range doc.Comments() {
				got[c.ID] = c.ReplyTo
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.parents) {
				t.Errorf("parents %v, want %v", got, tc.parents)
			}
			var lines []int
			for _, w := range res.Warnings {
				lines = append(lines, w.Line)
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("warnings %+v, want at lines %v", res.Warnings, tc.lines)
			}
		})
	}
}

func TestCorpusFieldMappingReachesNestedObjects(t *testing.T) {
	in := `{"meta": {"author": "Anna Muster", "desk": "Politik"}, "content": {"headline": "Titel", "paragraphs": "Der Text."},
 "posts": [{"msg": "Erster!", "who": {"name": "zoe"}, "stamp": 1413381600123}]}`
	opts := mapped(t, "author=meta.author", "title=content.headline", "text=content.paragraphs", "comments=posts",
		"comment_text=msg", "comment_author=who.name", "comment_time=stamp")
	docs, _, err := collect(t, "c.json", in, opts)
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.Title != "Titel" || articleText(d) == "" || !strings.Contains(articleText(d), "Anna Muster") || d.Meta["desk"] != "Politik" || d.Meta["author"] != "" {
		t.Errorf("document %q, article %q, meta %v", d.Title, articleText(d), d.Meta)
	}
	c := comments(d)
	if len(c) != 1 || c[0].Author != "zoe" || c[0].Text != "Erster!" || !c[0].Posted.Time.Equal(time.UnixMilli(1413381600123)) {
		t.Errorf("comments = %+v", c)
	}
}

func TestSetFieldNamesEveryField(t *testing.T) {
	for _, fi := range importer.FieldInfos {
		var o importer.Options
		if err := o.SetField(string(fi.Field) + "=X"); err != nil || o.Fields[fi.Field] != "X" {
			t.Errorf("SetField(%s=X): %v, %v", fi.Field, err, o.Fields)
		}
	}
	var o importer.Options
	if err := o.SetField("comment_parent=ID_Parent_Post"); err != nil || o.Fields[importer.FieldParentID] != "ID_Parent_Post" {
		t.Errorf("comment_parent: %v %v", err, o.Fields)
	}
	for _, bad := range []string{"nonsense=x", "comment_text", "comment_text=", "=x"} {
		if err := o.SetField(bad); err == nil {
			t.Errorf("SetField(%q) accepted", bad)
		}
	}
}

func TestCSVMappedColumnIsNotAlsoADefault(t *testing.T) {
	// "Headline" would be the document's title by default; mapped to the
	// comment title, it is only that.
	in := "ID_Article,Headline,Body\n1,Erster,Text eins.\n1,Zweiter,Text zwei.\n"
	opts := mapped(t, "doc_id=ID_Article", "comment_title=Headline", "comment_text=Body")
	docs, _, err := collect(t, "posts.csv", in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].CommentCount() != 2 || comments(docs[0])[1].Title != "Zweiter" {
		t.Fatalf("docs = %+v", docs)
	}
}

func TestJSONDocumentsListUnderAnotherKey(t *testing.T) {
	in := `{"corpus": "One Million Posts (excerpt)", "posts": [
 {"ID_Post": 1, "ID_Article": 10, "Body": "Erster."},
 {"ID_Post": 2, "ID_Parent_Post": 1, "ID_Article": 10, "Body": "Antwort."},
 {"ID_Post": 3, "ID_Article": 11, "Body": "Anderer Artikel."}
]}`
	opts := mapped(t, "documents=posts", "comment_text=Body", "comment_id=ID_Post", "comment_parent=ID_Parent_Post", "doc_id=ID_Article")
	docs, lines, err := collect(t, "posts.json", in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || !slices.Equal(lines, []int{2, 4}) || docs[0].CommentCount() != 2 || comments(docs[0])[1].ReplyTo != "1" || docs[1].Meta["corpus_id"] != "11" {
		t.Fatalf("%d documents at lines %v: %+v", len(docs), lines, docs)
	}
	if _, _, err := collect(t, "posts.json", in, testOptions()); err == nil {
		t.Error("without the mapping, the outer object is one document without text: want an error")
	}
}
