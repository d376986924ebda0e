package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGenThenLoad(t *testing.T) {
	isolate(t)
	out := filepath.Join(t.TempDir(), "corpus")
	r := run(t, "gen", "--articles", "25", "--seed", "3", "--out", out)
	if r.code != 0 || !regexp.MustCompile(`^wrote 25 articles to \S+corpus \(seed 3, .*\)\n$`).MatchString(r.stdout) {
		t.Fatalf("gen:\n%s", r)
	}
	files, err := filepath.Glob(filepath.Join(out, "synth-*.json"))
	if err != nil || len(files) != 25 {
		t.Fatalf("gen wrote %d files (%v), want 25", len(files), err)
	}

	// The same seed gives the same corpus.
	again := filepath.Join(t.TempDir(), "again")
	if r := run(t, "gen", "--articles", "25", "--seed", "3", "--out", again); r.code != 0 {
		t.Fatalf("gen again:\n%s", r)
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, _ := os.ReadFile(filepath.Join(again, filepath.Base(f)))
		if string(a) != string(b) {
			t.Errorf("%s differs between two runs with the same seed", filepath.Base(f))
		}
	}

	dir := filepath.Join(t.TempDir(), "data")
	r = run(t, "--data-dir", dir, "load", out)
	if r.code != 0 {
		t.Fatalf("load of the generated corpus:\n%s", r)
	}
	if diff := cmp.Diff([]string{"25", "25", "0", "0", "0"}, summaryOf(t, r)); diff != "" {
		t.Errorf("loaded, created, replaced, unchanged, failed (-want +got):\n%s", diff)
	}
}

func TestGenUsage(t *testing.T) {
	isolate(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"gen", "--out", "x"}, "give the number of articles with --articles"},
		{[]string{"gen", "--articles", "0", "--out", "x"}, "--articles must be at least 1"},
		{[]string{"gen", "--articles", "3"}, "give the output directory with --out"},
		{[]string{"gen", "--articles", "3", "--out", "x", "y"}, `unexpected argument "y"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("want exit 2 and %q:\n%s", tt.want, r)
			}
		})
	}
}
