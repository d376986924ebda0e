package cli_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/cmd/newsgraph/internal/cli"
	"newsgraph/export"
)

// exampleArticles is the example corpus, from this package's directory.
const exampleArticles = "../../../../examples/articles"

func TestExport(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")
	if r := run(t, "--data-dir", dir, "load", exampleArticles); r.code != 0 {
		t.Fatalf("load:\n%s", r)
	}

	out := filepath.Join(t.TempDir(), "relations.csv")
	r := run(t, "--data-dir", dir, "export", "--format", "csv", "--types", "rejected,agreed_to", "--out", out)
	if r.code != 0 || r.stdout != "" || r.stderr != "exported 5 relations to "+out+"\n" {
		t.Fatalf("export --format csv:\n%s", r)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 6 {
		t.Fatalf("the CSV has %d rows (want a header and 5), read error %v", len(rows), err)
	}
	if diff := cmp.Diff(export.Header, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}

	r = run(t, "--data-dir", dir, "export", "--format", "jsonl", "--evidence", "--types", "LED", "--until", "2025-06-03")
	if r.code != 0 || strings.Count(r.stdout, `"record":"relation"`) != 4 || strings.Count(r.stdout, `"record":"evidence"`) != 4 ||
		r.stderr != "exported 4 relations with 4 pieces of evidence\n" {
		t.Errorf("export --format jsonl --evidence:\n%s", r)
	}

	r = run(t, "--data-dir", dir, "export", "--format", "gexf", "--since", "2025-06-04")
	if r.code != 0 || !strings.Contains(r.stdout, `<nodes count="0">`) || r.stderr != "exported 0 relations\n" {
		t.Errorf("export --format gexf after the article:\n%s", r)
	}

	// Refused exports leave --out as it was.
	if err := os.WriteFile(out, []byte("before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"--format", "xls"}, cli.ExitUsage, `--format: unknown format "xls" (use jsonl, csv, graphml, gexf)`},
		{[]string{}, cli.ExitUsage, "--format is required"},
		{[]string{"--format", "csv", "--since", "yesterday"}, cli.ExitUsage, `since: "yesterday" is not a date of the form YYYY-MM-DD`},
		{[]string{"--format", "csv", "--types", "liked"}, cli.ExitUsage, `--types: unknown relation type "liked"`},
		{[]string{"--format", "csv", "--evidence"}, cli.ExitUsage, "evidence lines are a jsonl option"},
		{[]string{"--format", "csv", "--max-relations", "5"}, cli.ExitFailures, "the export would read more than 5 relations"},
	}
	for _, tt := range tests {
		args := append([]string{"--data-dir", dir, "export", "--out", out}, tt.args...)
		r := run(t, args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.inStderr) {
			t.Errorf("export %v: want exit %d and %q:\n%s", tt.args, tt.code, tt.inStderr, r)
		}
		if b, err := os.ReadFile(out); err != nil || string(b) != "before\n" {
			t.Errorf("export %v changed --out: %q, %v", tt.args, b, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".relations.csv.*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestServeExport checks that serve mounts GET /export with its bound.
func TestServeExport(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")
	base := startServe(t, "--data-dir", dir, "serve", "--addr", "127.0.0.1:0", "--load", exampleArticles,
		"--export-max-relations", "10").graphiql
	get := func(query string) (int, string, string) {
		resp, err := http.Get(base + "export?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	if code, ctype, body := get("format=graphml&types=LED"); code != 200 || ctype != "application/graphml+xml; charset=utf-8" ||
		strings.Count(body, "<edge ") != 4 {
		t.Errorf("GET /export?format=graphml&types=LED: %d %s\n%s", code, ctype, body)
	}
	if code, _, body := get("format=graphml"); code != 400 || !strings.Contains(body, "more than 10 relations") {
		t.Errorf("GET /export over --export-max-relations: %d\n%s", code, body)
	}
}
