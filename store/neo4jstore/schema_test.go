package neo4jstore

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSchemaToRun(t *testing.T) {
	stmts := []string{
		"CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name)",
		"CREATE TEXT INDEX actor_name_text IF NOT EXISTS FOR (n:Actor) ON (n.name)",
		"CREATE FULLTEXT INDEX nodeSearch IF NOT EXISTS FOR (n:Actor) ON EACH [n.searchText]",
		"DROP INDEX entityNames IF EXISTS",
		"CALL db.awaitIndexes(10)",
	}
	tests := []struct {
		name string
		have []string
		want []string
	}{
		{"an empty database", nil, []string{stmts[0], stmts[1], stmts[2], stmts[3], stmts[5]}},
		{"a current database", []string{"actor_id", "actor_name", "actor_name_text", "nodeSearch"}, []string{stmts[5]}},
		{"one index missing, one to drop", []string{"actor_id", "actor_name", "nodeSearch", "entityNames"},
			[]string{stmts[2], stmts[4], stmts[5]}},
		// A name is the whole word: actor_name does not stand for actor_name_text.
		{"a prefix is not the name", []string{"actor", "actor_name_tex", "actor_id", "nodeSearch", "actor_name"}, []string{stmts[2], stmts[5]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			have := map[string]bool{}
			for _, n := range tt.have {
				have[n] = true
			}
			if diff := cmp.Diff(tt.want, schemaToRun(stmts, have)); diff != "" {
				t.Errorf("schemaToRun (-want +got):\n%s", diff)
			}
		})
	}
}

// Every statement of the store's schema is named, so that opening a
// current database runs none of them.
func TestSchemaStatementsAreNamed(t *testing.T) {
	for _, stmt := range schemaStatements() {
		if schemaStatementName.FindStringSubmatch(stmt) == nil {
			t.Errorf("no name found in %q: it would run on every open", stmt)
		}
	}
}

// Opening a database finds what it lacks: an index dropped since comes
// back, and then the schema is current, with nothing left to run.
func TestOpenCreatesWhatIsMissing(t *testing.T) {
	s := openTestStore(t)
	names := func() map[string]bool {
		have := map[string]bool{}
		for _, show := range []string{"SHOW INDEXES YIELD name", "SHOW CONSTRAINTS YIELD name"} {
			for _, row := range cypher(t, s, show, nil) {
				have[row[0].(string)] = true
			}
		}
		return have
	}
	if left := schemaToRun(schemaStatements(), names()); len(left) > 0 {
		t.Fatalf("after Open, statements still to run: %q", left)
	}
	change(t, s, "DROP INDEX head_source_timelineDate")
	if names()["head_source_timelineDate"] {
		t.Fatal("the index is still there after DROP INDEX")
	}
	again, err := Open(t.Context(), testConfig(t))
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer again.Close()
	have := names()
	if !have["head_source_timelineDate"] {
		t.Error("Open did not create the index dropped since the first")
	}
	if left := schemaToRun(schemaStatements(), have); len(left) > 0 {
		t.Errorf("after the second Open, statements still to run: %q", left)
	}
}

func TestCheckServerVersion(t *testing.T) {
	for _, tt := range []struct {
		agent string
		ok    bool
	}{
		{"Neo4j/5.26.0", true},
		{"Neo4j/5.24.0", true},
		{"Neo4j/5.26.30", true},
		{"Neo4j/2025.01.0", true},
		{"Neo4j/5.23.0", false},
		{"Neo4j/5.9.0", false},
		{"Neo4j/4.4.30", false},
		{"Neo4j/6.0.0", true},
		{"Memgraph/2.0", true}, // not Neo4j's: the statements tell
		{"Neo4j/dev", true},
	} {
		err := checkServerVersion(tt.agent)
		if (err == nil) != tt.ok {
			t.Errorf("checkServerVersion(%q) = %v, want ok %v", tt.agent, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "older than 5.24") {
			t.Errorf("checkServerVersion(%q) = %q, want it to name the oldest version", tt.agent, err)
		}
	}
}
