package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRewrite checks the rewrite of a piece of generated code against the
// expected result (testdata/generated.go.in, testdata/generated.go.want).
func TestRewrite(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "generated.go.in"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "generated.go.want"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := rewrite(in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("rewritten (-want +got):\n%s", diff)
	}
	if _, err := rewrite(got); err == nil || !strings.Contains(err.Error(), "already rewritten") {
		t.Errorf("rewriting twice: error %v, want already rewritten", err)
	}
}

// TestRewriteUnexpected checks that code without what the rewrite expects
// is refused, naming what is missing.
func TestRewriteUnexpected(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "generated.go.in"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range replacements {
		src := strings.ReplaceAll(string(in), r.old, "")
		if _, err := rewrite([]byte(src)); err == nil || !strings.Contains(err.Error(), "no ") {
			t.Errorf("without %q: error %v, want one naming it", r.old, err)
		}
	}
	// A call in a form the replacements do not know is left: refused.
	for _, call := range leftovers {
		src := string(in) + "\nvar _ = " + call + ")\n"
		if _, err := rewrite([]byte(src)); err == nil || !strings.Contains(err.Error(), call) {
			t.Errorf("with another %s: error %v, want one naming it", call, err)
		}
	}
}

// TestGeneratedIsRewritten checks that the executor in graph/generated is
// the rewritten one: go generate ./graph ran the rewrite after gqlgen.
func TestGeneratedIsRewritten(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "generated", "generated.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range replacements {
		if strings.Contains(string(src), r.old) {
			t.Errorf("graph/generated/generated.go still holds %q: run go generate ./graph", r.old)
		}
	}
	if !strings.Contains(string(src), marshalImport) {
		t.Errorf("graph/generated/generated.go does not import package marshal: run go generate ./graph")
	}
}
