package brat

import (
	"bytes"
	"os"
	"testing"

	"newsgraph/loaders/mapping/mappingtest"
)

// FuzzBrat feeds arbitrary text and annotation files to the importer: it
// must never panic, and every document it returns without an error must be
// a valid native document.
func FuzzBrat(f *testing.F) {
	for _, base := range []string{"testdata/politics/talks", "testdata/news/000-introduction", "testdata/news/060-relation_annotation"} {
		txt, err1 := os.ReadFile(base + ".txt")
		ann, err2 := os.ReadFile(base + ".ann")
		if err1 == nil && err2 == nil {
			f.Add(txt, ann)
		}
	}
	f.Add([]byte(text), []byte("T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\n*\tAlias T1 T2\nT3\tMeet 5 8\tmet\nE1\tMeet:T3 Entity-Arg:T1 Place-Arg:T2\nA1\tNegation E1\nN1\tReference T1 Wikidata:Q1899\tKyiv\n"))
	f.Add([]byte("Україна і Київ"), []byte("T1\tGPE 0 7;10 14\tУкраїна Київ\nR1\tEmployment Arg1:T1 Arg2:T1\n"))
	conf, err := ParseConfig(bytes.NewReader([]byte("[entities]\nGPE\n[events]\nMeet\n")))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, txt, ann []byte) {
		doc, _, err := New(nil).Convert("doc", "", txt, bytes.NewReader(ann), conf)
		if err == nil {
			mappingtest.Valid(t, "doc", doc)
		}
	})
}
