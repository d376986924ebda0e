package ontology_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology/schemagen"
)

// TestSchemaEnumsUpToDate fails when the enums of schema.graphqls differ
// from what the ontology generates: run go generate ./ontology.
func TestSchemaEnumsUpToDate(t *testing.T) {
	path := filepath.Join("..", "schema.graphqls")
	schema, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := schemagen.Block(schema)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := cmp.Diff(schemagen.Enums(), got); diff != "" {
		t.Errorf("%s is out of date with the ontology; run go generate ./ontology (-want +got):\n%s", path, diff)
	}
}
