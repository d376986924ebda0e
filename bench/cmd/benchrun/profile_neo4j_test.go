package main

import (
	"strings"
	"testing"

	"newsgraph/internal/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// TestProfileStatements profiles two read statements on the test server
// (whatever it holds: the plans are what is checked): one anchored on an
// id, one that reads a whole label.
func TestProfileStatements(t *testing.T) {
	c := neo4jtest.Server(t)
	driver, err := c.Driver()
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(t.Context())
	fl := &floor{driver: driver, database: c.Database}
	seek := statement{Query: "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id", Params: map[string]any{"ids": []any{"actor:nobody"}}}
	scan := statement{Query: "MATCH (n:Entity) WHERE n.kind = $kind RETURN count(n)", Params: map[string]any{"kind": "nothing"}}

	p, err := profileStatements(t.Context(), fl, []statement{seek})
	if err != nil {
		t.Fatal(err)
	}
	if p.statements != 1 || p.changed != 0 || len(p.scans) != 0 {
		t.Errorf("a seek by id: got %d statements, %d changed plans, scans %q; want 1, 0, none", p.statements, p.changed, p.scans)
	}
	p, err = profileStatements(t.Context(), fl, []statement{seek, scan})
	if err != nil {
		t.Fatal(err)
	}
	if p.statements != 2 || p.changed != 0 {
		t.Errorf("got %d statements, %d changed plans; want 2, 0", p.statements, p.changed)
	}
	if len(p.scans) != 1 || !strings.HasPrefix(p.scans[0], "NodeByLabelScan n:Entity") {
		t.Errorf("a filter on an unindexed property: scans %q, want one NodeByLabelScan of Entity", p.scans)
	}
}
