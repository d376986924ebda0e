package cli

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
	"newsgraph/store/neo4jstore"
)

// TestMaxConcurrentRequests: a bound given is kept; without one, the
// embedded store gets the server's default, and Neo4j the same, never more
// than half the driver's pool.
func TestMaxConcurrentRequests(t *testing.T) {
	neo4j := &globals{neo4jURI: "bolt://127.0.0.1:7687"}
	embedded := &globals{dataDir: t.TempDir()}
	got := map[string]int{
		"neo4j, given":      maxConcurrentRequests(neo4j, serveFlags{maxConcurrent: 80}),
		"neo4j, no bound":   maxConcurrentRequests(neo4j, serveFlags{maxConcurrent: -1}),
		"neo4j, default":    maxConcurrentRequests(neo4j, serveFlags{}),
		"embedded, given":   maxConcurrentRequests(embedded, serveFlags{maxConcurrent: 80}),
		"embedded, default": maxConcurrentRequests(embedded, serveFlags{}),
	}
	want := map[string]int{
		"neo4j, given":      80,
		"neo4j, no bound":   -1,
		"neo4j, default":    min(server.DefaultMaxConcurrentRequests(), neo4jstore.DefaultMaxConnections/2),
		"embedded, given":   80,
		"embedded, default": 0, // the server's default
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("maxConcurrentRequests (-want +got):\n%s", d)
	}
	if n := got["neo4j, default"]; n < 16 || n > neo4jstore.DefaultMaxConnections/2 {
		t.Errorf("the default on Neo4j is %d, want 16 to half the pool (%d)", n, neo4jstore.DefaultMaxConnections/2)
	}
}
