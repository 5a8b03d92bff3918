package importer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// mappedFuzzOpts read the fuzz inputs of the mapped readers as a thread
// corpus: posts with ids, parents and a label field.
func mappedFuzzOpts() Options {
	o := fuzzOpts
	for _, spec := range []string{"comment_text=Body", "comment_id=ID_Post", "comment_parent=ID_Parent_Post", "doc_id=ID_Article",
		"comment_time=t", "comments=threads", "comment_replies=Replies", "title=meta.title"} {
		if err := o.SetField(spec); err != nil {
			panic(err)
		}
	}
	o.LabelColumns = []string{"Sub3"}
	return o
}

func FuzzJSONLMapped(f *testing.F) {
	opts := mappedFuzzOpts()
	fuzzCorpus(f, func(n string, r *bytes.Reader, _ Options, e Emit) error { return ReadJSONL(n, r, opts, e) },
		`{"ID_Post": 1.0, "ID_Parent_Post": null, "Body": "a", "t": 1413381600, "Sub3": 1}`+"\n"+`{"ID_Post": 2, "ID_Parent_Post": 1.0, "Body": "b", "t": 1413381600000.0}`,
		`{"meta": {"title": "T"}, "text": "x", "threads": [{"Body": "a", "Replies": [{"Body": "b", "Replies": [{"Body": "c"}]}]}]}`,
		`{"ID_Post": 3, "ID_Parent_Post": 3, "Body": "self"}`+"\n"+`{"text": "doc after a row"}`,
		`{"ID_Post": 1, "ID_Parent_Post": 2, "Body": "a"}`+"\n"+`{"ID_Post": 2, "ID_Parent_Post": 1, "Body": "b"}`,
		`{"threads": {"Body": 1}}`, `{"Body": 5}`, `{"meta": 3, "text": "x"}`)
}

func FuzzJSONMapped(f *testing.F) {
	opts := mappedFuzzOpts()
	fuzzCorpus(f, func(n string, r *bytes.Reader, _ Options, e Emit) error { return ReadJSON(n, r, opts, e) },
		"[\n{\"ID_Post\": 1, \"Body\": \"a\", \"ID_Article\": 5},\n{\"ID_Post\": 2, \"ID_Parent_Post\": 1.0, \"Body\": \"b\", \"ID_Article\": 5.0}\n]",
		`{"documents": [{"text": "a", "threads": [{"Body": "x", "Sub3": "ja"}]}]}`, `[{"Body": "a", "ID_Parent_Post": "NaN"}, {"text": "b"}]`)
}

func FuzzCSVMapped(f *testing.F) {
	opts := mappedFuzzOpts()
	opts.Fields[FieldCommentTime] = "t"
	fuzzCorpus(f, func(n string, r *bytes.Reader, _ Options, e Emit) error { return ReadCSV(n, r, opts, e) },
		"ID_Article,ID_Post,ID_Parent_Post,Body,t,Sub3,likes\n1.0,1.0,,a,1413381600,1,3\n1,2.0,1.0,b,1413381600000,0,\n1,3,9,c,,,\n",
		"ID_Article;Body;Sub3\n1;a;x\n", "Body,Sub3\n", "Body,Sub3,x\n\"a\",,\n")
}

func FuzzCorpusTime(f *testing.F) {
	for _, s := range []string{"1413381600", "1413381600.5", "1413381600123.0", "1.4133816E9", "9e99", "15.10.2014 14:32", "1e10", "123456789.999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, ok := corpusTime(s, time.UTC)
		if ok && reEpoch.MatchString(strings.TrimSpace(s)) && (tm.Time.Year() < 1973 || tm.Time.Year() > 5138) {
			t.Fatalf("corpusTime(%q) = %v, outside the epochs it reads", s, tm)
		}
	})
}

func TestNormaliseID(t *testing.T) {
	for in, want := range map[string]string{"123.0": "123", " 22015913.0 ": "22015913", "123.00": "123", "+7.0": "7", "-3.0": "-3",
		"123.5": "123.5", "abc.0": "abc.0", "NaN": "", "None": "", "null": "", "": "", "0.0": "0", "1e3": "1e3", "c-1": "c-1"} {
		if got := normaliseID(in); got != want {
			t.Errorf("normaliseID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCorpusTimeReadsEpochs(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1413381600", time.Unix(1413381600, 0), true},
		{"1413381600123", time.UnixMilli(1413381600123), true},
		{"1413381600.0", time.Unix(1413381600, 0), true},
		{"1413381600.25", time.Unix(1413381600, 250e6), true},
		{"1413381600123.0", time.UnixMilli(1413381600123), true},
		{"1.4133816E9", time.Unix(1413381600, 0), true},
		{"2014-10-15T14:32:00+02:00", time.Date(2014, 10, 15, 12, 32, 0, 0, time.UTC), true},
		{"12345.0", time.Time{}, false},
		{"9e20", time.Time{}, false},
	}
	for _, tc := range cases {
		got, ok := corpusTime(tc.in, time.UTC)
		if ok != tc.ok || !got.Time.Equal(tc.want) {
			t.Errorf("corpusTime(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzFastRecordMatchesGeneral checks that the fast way through common
// JSON documents reads them as the general reader does.
func FuzzFastRecordMatchesGeneral(f *testing.F) {
	for _, s := range []string{
		`{"id": 7, "title": "T", "url": "u", "site": "s", "date": 1413381600, "lang": "de", "author": ["a", "b"], "teaser": "l", "body": "x",
		  "comments_total": 3, "meta": {"n": 1, "o": {"p": [1]}, "s": "t", "z": null}, "comments": [{"id": 1.0, "parent": "0", "user": "u", "created_at": "2014-10-15", "number": 2, "title": 5, "content": "c"}]}`,
		`{"Title": "T", "TEXT": "x", "segments": [{"id": 1, "kind": "lead", "text": "y"}]}`,
		`{"title": "", "headline": "H", "text": "x", "comments": null, "meta": null}`,
		`{"title": "a", "headline": "b", "text": "x"}`, `{"text": "x", "comments": [{"text": "y", "replies": []}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, _, ok := fastRecord(b, 1)
		if !ok {
			return
		}
		obj, _, err := decodeObject("f", b, 1, 1)
		if err != nil {
			t.Fatalf("fastRecord read %q, the general decoder fails: %v", b, err)
		}
		general, err := newJSONMapping(&Options{}).document(obj, 1)
		if err != nil {
			t.Fatalf("fastRecord read %q, the general reader fails: %v", b, err)
		}
		if fmt.Sprintf("%#v", fast) != fmt.Sprintf("%#v", general) {
			t.Fatalf("%q:\nfast    %#v\ngeneral %#v", b, fast, general)
		}
	})
}
