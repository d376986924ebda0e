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
	checkRewrite(t, "generated.go", rewrite)
}

// checkRewrite checks rewrite on testdata/name.in against
// testdata/name.want, and that it refuses to rewrite its own result.
func checkRewrite(t *testing.T, name string, rewrite func([]byte) ([]byte, error)) {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("testdata", name+".in"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", name+".want"))
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
	in := checkMissing(t, "generated.go", rewrite, replacements)
	// A call in a form the replacements do not know is left: refused.
	for _, call := range leftovers {
		src := in + "\nvar _ = " + call + ")\n"
		if _, err := rewrite([]byte(src)); err == nil || !strings.Contains(err.Error(), call) {
			t.Errorf("with another %s: error %v, want one naming it", call, err)
		}
	}
}

// TestRewriteModels checks the rewrite of a piece of generated models
// against the expected result (testdata/models_gen.go.in,
// testdata/models_gen.go.want), and that models without what it expects
// are refused.
func TestRewriteModels(t *testing.T) {
	checkRewrite(t, "models_gen.go", rewriteModels)
	checkMissing(t, "models_gen.go", rewriteModels, modelReplacements)
}

// checkMissing checks that rewrite refuses testdata/name.in without the
// code of each of rs, naming it; it returns testdata/name.in.
func checkMissing(t *testing.T, name string, rewrite func([]byte) ([]byte, error), rs []replacement) string {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("testdata", name+".in"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		src := strings.ReplaceAll(string(in), r.old, "")
		if _, err := rewrite([]byte(src)); err == nil || !strings.Contains(err.Error(), "no ") {
			t.Errorf("without %q: error %v, want one naming it", r.old, err)
		}
	}
	return string(in)
}

// TestGeneratedIsRewritten checks that the executor in graph/generated and
// the models in graph/model are the rewritten ones: go generate ./graph
// ran the rewrite after gqlgen.
func TestGeneratedIsRewritten(t *testing.T) {
	src := checkRewritten(t, "generated/generated.go", replacements)
	if !strings.Contains(src, marshalImport) {
		t.Errorf("graph/generated/generated.go does not import package marshal: run go generate ./graph")
	}
	checkRewritten(t, "model/models_gen.go", modelReplacements)
}

// checkRewritten checks that the file name of graph holds none of the
// code rs replace, and returns it.
func checkRewritten(t *testing.T, name string, rs []replacement) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if strings.Contains(string(src), r.old) {
			t.Errorf("graph/%s still holds %q: run go generate ./graph", name, r.old)
		}
	}
	return string(src)
}
