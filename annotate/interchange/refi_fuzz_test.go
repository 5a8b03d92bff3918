package interchange

import (
	"bytes"
	"testing"
)

// FuzzDecodeQDPX varies project.qde inside an archive whose sources are
// fixed: Newsmark's own export (with and without its records) and a file
// in the manner of other programs. The property is fuzzDecode's.
func FuzzDecodeQDPX(f *testing.F) {
	own := exportQDPX(f, refiSampleProject(f), ExportOptions{})
	f.Add(zipEntry(f, own, refiProjectFile))
	f.Add([]byte(otherQDE))
	f.Add([]byte(`<Project name="x"><Sources><TextSource guid="631251CC-9FB4-4131-BEA8-35947084C409"><PlainTextContent>abc</PlainTextContent></TextSource></Sources></Project>`))
	files := map[string]string{otherSource: otherText}
	for _, name := range []string{"sources/" + refiGUID("document", "doc-1") + ".txt", "sources/" + refiGUID("document", "doc-2") + ".txt"} {
		files[name] = string(zipEntry(f, own, name))
	}
	withRecords := map[string]string{}
	for k, v := range files {
		withRecords[k] = v
	}
	withRecords[refiCarryDir+"codebook.json"] = string(zipEntry(f, own, refiCarryDir+"codebook.json"))
	g := refiGUID("document", "doc-1")
	withRecords[refiCarryDir+g+".json"] = string(zipEntry(f, own, refiCarryDir+g+".json"))
	f.Fuzz(func(t *testing.T, qde []byte) {
		for _, set := range []map[string]string{files, withRecords} {
			archive := map[string]string{refiProjectFile: string(qde)}
			for k, v := range set {
				archive[k] = v
			}
			fuzzDecode(t, "f.qdpx", makeZip(t, archive), FormatQDPX)
		}
	})
}

// FuzzReadQDC: reading never panics, and a codebook it returns is valid
// and writes as a .qdc that reads back.
func FuzzReadQDC(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteQDC(&buf, refiSampleCodebook()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="a" isCodable="true" color="#abc"><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55295" name="b" isCodable="false"/></Code></Codes><Sets><Set name="g" guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0"><MemberCode guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"/></Set></Sets></CodeBook>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cb, err := ReadQDC("f.qdc", bytes.NewReader(data))
		if err != nil {
			return
		}
		if err := cb.Validate(); err != nil {
			t.Fatalf("read a codebook that is not valid: %v", err)
		}
		var out bytes.Buffer
		if err := WriteQDC(&out, cb); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		if _, err := ReadQDC("again.qdc", &out); err != nil {
			t.Fatalf("what was read and written does not read back: %v", err)
		}
	})
}
