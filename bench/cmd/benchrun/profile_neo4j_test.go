package main

import (
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/internal/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// TestProfileStatements profiles two read statements on the test server
// (whatever else it holds: the plans are what is checked): one anchored on
// an id of a label with an index of its own, one that reads a whole label.
func TestProfileStatements(t *testing.T) {
	c := neo4jtest.Server(t)
	driver, err := c.Driver()
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(t.Context())
	fl := &floor{driver: driver, database: c.Database}
	// The seek's index, made here: the server may not hold the store's
	// schema yet.
	for _, q := range []string{"CREATE INDEX profile_test_id IF NOT EXISTS FOR (n:ProfileTest) ON (n.id)", "CALL db.awaitIndexes(60)"} {
		if _, err := neo4j.ExecuteQuery(t.Context(), driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(c.Database)); err != nil {
			t.Fatal(err)
		}
	}
	seek := statement{Query: "UNWIND $ids AS id MATCH (n:ProfileTest {id: id}) RETURN n.id", Params: map[string]any{"ids": []any{"nobody"}}}
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
