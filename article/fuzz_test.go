package article

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse feeds Parse arbitrary bytes, as JSON and as YAML. Parse must
// never panic, and a document it accepts must convert to a graph and read
// back unchanged from its own JSON encoding.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/valid/*", "testdata/invalid/*"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, filepath.Ext(file) == ".yaml")
		}
	}
	f.Add([]byte(`{"id":"a","title":"t","text":"😀x","entities":[{"id":"e","type":"actor","name":"x","mentions":[{"start":1,"end":2,"text":"x"}]}]}`), false)
	f.Add([]byte("a: &a [*a]"), true)

	f.Fuzz(func(t *testing.T, data []byte, asYAML bool) {
		name := "fuzz.json"
		if asYAML {
			name = "fuzz.yaml"
		}
		d, err := Parse(name, data)
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("error is %T, not *ValidationError: %v", err, err)
			}
			return
		}
		if _, err := d.Graph(); err != nil {
			t.Fatalf("Parse accepted a document that Graph rejects: %v", err)
		}
		again, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := Parse("again.json", again)
		if err != nil {
			t.Fatalf("the JSON encoding of an accepted document is rejected: %v", err)
		}
		if diff := cmp.Diff(d.canonical(), d2.canonical()); diff != "" {
			t.Fatalf("re-reading changed the document (-first +second):\n%s", diff)
		}
	})
}
