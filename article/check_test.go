package article

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// shapeProblem reports whether a problem of Parse is about the shape of
// the JSON (a missing field, a wrong type), which a typed document cannot
// have.
func shapeProblem(p Problem) bool {
	for _, s := range []string{"missing required field", "must be a", "unknown field", "duplicate key", "not valid", "invalid UTF-8"} {
		if strings.Contains(p.Message, s) {
			return true
		}
	}
	return false
}

// TestCheckAsParse checks that Check finds in a typed document exactly the
// problems Parse finds in the same document as a file: same paths, same
// messages. Every test document whose problems are about values, not the
// shape of the JSON, is compared.
func TestCheckAsParse(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d Document
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if dec.Decode(&d) != nil {
			continue // not representable as a Document
		}
		_, perr := Parse(f, data)
		want := problemsOf(t, perr)
		if strings.Contains(f, "invalid") && len(want) == 0 {
			t.Fatalf("%s: Parse finds no problem", f)
		}
		shape := false
		for _, p := range want {
			shape = shape || shapeProblem(p)
		}
		if shape {
			continue
		}
		compared++
		err = Check(f, &d)
		if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
			t.Errorf("%s: Check (+) and Parse (-) differ:\n%s", f, diff)
		}
		if ve, ok := err.(*ValidationError); ok && ve.File != f {
			t.Errorf("%s: the error names %q", f, ve.File)
		}
	}
	if compared < 20 {
		t.Errorf("only %d test documents compared", compared)
	}
}

// TestCheckMissing checks that fields a typed source reports missing are
// reported as Parse reports them missing from a file, and that the checks
// of their (empty) values are skipped.
func TestCheckMissing(t *testing.T) {
	data, err := os.ReadFile("../examples/articles/istanbul-talks-2025-06-03.json")
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	delete(tree, "title")
	delete(tree["relations"].([]any)[0].(map[string]any), "evidence")
	delete(tree["entities"].([]any)[1].(map[string]any), "name")
	edited, _ := json.Marshal(tree)
	_, perr := Parse("doc", edited)
	want := problemsOf(t, perr)
	if len(want) != 3 {
		t.Fatalf("Parse finds %v, want the 3 missing fields", want)
	}

	var d Document
	if err := json.Unmarshal(edited, &d); err != nil {
		t.Fatal(err)
	}
	got := problemsOf(t, Check("doc", &d, "$.title", "$.relations[0].evidence", "$.entities[1].name"))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Check (+) and Parse (-) differ:\n%s", diff)
	}
}
