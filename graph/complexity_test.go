package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2"

	"newsgraph/graph"
	"newsgraph/store/embedded"
)

// costOf is the complexity of a query under the schema's cost functions.
func costOf(t *testing.T, query string) int {
	t.Helper()
	st := embedded.New()
	defer st.Close()
	es := graph.NewExecutableSchema(graph.Deps{Store: st})
	doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), query, nil)
	if errs != nil {
		t.Fatalf("%s: %v", query, errs)
	}
	return complexity.Calculate(context.Background(), es, doc.Operations[0], nil)
}

// aliased repeats a field n times under aliases.
func aliased(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	b.WriteString(" }")
	return b.String()
}

// TestCostFollowsTheWork checks the costs of the fields whose work is not
// what they return: each row pins a cost, and the comments say what it
// pays for.
func TestCostFollowsTheWork(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  int
	}{
		// A timeline with an entity reads its relations (200), then 20
		// items of 3.
		{`{ timeline(entity: "actor:a") { edges { node { date } } } }`, 200 + 1 + 20*3},
		// Without one, every relation and meeting (5000).
		{`{ timeline { edges { node { date } } } }`, 5000 + 1 + 20*3},
		{`{ timeline(types: []) { edges { node { date } } } }`, 5000 + 1 + 20*3},
		// totalCount counts (25), paid per item of the page.
		{`{ timeline(first: 100) { totalCount edges { node { date } } } }`, 5000 + 1 + 100*(25+3)},
		{`{ actors(first: 10) { totalCount } }`, 1 + 10*5},
		// Nested counts: one per parent.
		{`{ actors(first: 10) { edges { node { relations(first: 1) { totalCount } } } } }`, 1 + 10*(1+(1+(1+1*5)))},
		// Paths: a bidirectional search whose frontiers grow with maxHops,
		// up to the traversal budget (5000).
		{`{ shortestPath(from: "a", to: "b", maxHops: 2) { nodes { id } } }`, 40 + 1 + 7},
		{`{ shortestPath(from: "a", to: "b") { nodes { id } } }`, 800 + 1 + 7},
		{`{ shortestPath(from: "a", to: "b", maxHops: 6) { nodes { id } } }`, 5000 + 1 + 7},
		{`{ allShortestPaths(from: "a", to: "b", maxHops: 6, limit: 50) { nodes { id } } }`, 5000 + 1 + 50*(1+7)},
		// Neighbourhoods: an expansion of depth hops.
		{`{ neighborhood(id: "a") { nodes { id } } }`, 20 + 1 + 100*2},
		{`{ neighborhood(id: "a", depth: 3) { nodes { id } } }`, 5000 + 1 + 100*2},
		{`{ search(query: "x") { score } }`, 20 + 1 + 10},
		{`{ dyad(a: "a", b: "b") { total } }`, 200 + 1},
	} {
		if diff := cmp.Diff(tc.want, costOf(t, tc.query)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.query, diff)
		}
	}
}

// TestCostRefusesTheExpensive checks that what costs the store most
// exceeds the default limit, and what is like it but cheap does not.
func TestCostRefusesTheExpensive(t *testing.T) {
	const limit = 50000 // server.DefaultMaxComplexity
	for _, tc := range []struct {
		query   string
		refused bool
	}{
		{aliased(15, `timeline(first: 100) { totalCount edges { node { date } } }`), true},
		{aliased(15, `timeline(entity: "actor:a", first: 100) { totalCount edges { node { date } } }`), false},
		{aliased(5, `timeline(first: 100) { totalCount edges { node { date } } }`), false},
		{aliased(15, `allShortestPaths(from: "a", to: "b", maxHops: 6, limit: 50) { nodes { id } relations { id } }`), true},
		{aliased(15, `allShortestPaths(from: "a", to: "b", limit: 10) { nodes { id } }`), false},
		{aliased(15, `neighborhood(id: "a", depth: 3, limit: 500) { nodes { id } }`), true},
		{aliased(15, `neighborhood(id: "a", limit: 500) { nodes { id } }`), false},
	} {
		cost := costOf(t, tc.query)
		if got := cost > limit; got != tc.refused {
			t.Errorf("%.60s...: cost %d, refused %v, want %v", tc.query, cost, got, tc.refused)
		}
	}
}
