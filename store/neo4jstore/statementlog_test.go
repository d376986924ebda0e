package neo4jstore

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStatementLogWritesOnlyWhileItsFileExists(t *testing.T) {
	file := filepath.Join(t.TempDir(), "statements.jsonl")
	l := &statementLog{path: file}
	l.record("MATCH (n) RETURN n", map[string]any{"id": "x"})
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the log made its file: %v", err)
	}
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	l.record("MATCH (n {id: $id}) RETURN n", map[string]any{"id": "x"})
	l.record("UNWIND $ids AS id RETURN id", map[string]any{"ids": []string{"a", "b"}, "first": int64(3)})
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"query":"MATCH (n {id: $id}) RETURN n","params":{"id":"x"}}` + "\n" +
		`{"query":"UNWIND $ids AS id RETURN id","params":{"first":3,"ids":["a","b"]}}` + "\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}
