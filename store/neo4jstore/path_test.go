package neo4jstore

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
	"newsgraph/store/traverse"
)

// expandOnly hides the store's own path search, so that traverse searches
// with Expand.
type expandOnly struct{ store.Explorer }

// TestShortestPathStatements checks that a shortest path is one statement
// (Neo4j's own search, ShortestPathEdges) and that its answers, for every
// pair of entities, both ways and in each direction, are those of the
// search made of Expand's steps.
func TestShortestPathStatements(t *testing.T) {
	s := openTestStore(t)
	graphs := append(storetest.Ukraine(), storetest.Star(6))
	for _, g := range graphs {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	rels, err := s.ListRelations(t.Context(), store.RelationQuery{First: store.MaxPageSize, NoEvidence: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rels.Items {
		ids = append(ids, r.Source, r.Target)
	}
	ids = sortedUnique(ids)
	ctx := t.Context()
	paths := 0
	for _, dir := range []store.Direction{store.Both, store.Out, store.In} {
		for _, from := range ids {
			for _, to := range ids {
				q := traverse.PathQuery{From: from, To: to, Direction: dir}
				want, err := traverse.AllShortestPaths(ctx, expandOnly{s}, q, traverse.MaxPaths)
				if err != nil {
					t.Fatal(err)
				}
				p := &profiler{}
				profiling.Store(p)
				got, err := traverse.AllShortestPaths(ctx, s, q, traverse.MaxPaths)
				profiling.Store(nil)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s to %s (%s) (-Expand +own search):\n%s", from, to, dir, d)
				}
				if n := p.statements.Load(); from != to && n != 1 {
					t.Errorf("%s to %s (%s): %d statements, want 1", from, to, dir, n)
				}
				if len(got) > 0 && got[0].Len() > 1 {
					paths++
				}
			}
		}
	}
	if paths == 0 {
		t.Error("no pair has a path of two hops or more: the fixture tests nothing")
	}
	// Types narrow the search as they narrow Expand's.
	q := traverse.PathQuery{From: ids[0], To: ids[len(ids)-1], Types: []ontology.RelationType{ontology.Accused}}
	want, err := traverse.AllShortestPaths(ctx, expandOnly{s}, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := traverse.AllShortestPaths(ctx, s, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("with types (-Expand +own search):\n%s", d)
	}
}

// TestShortestPathEdgesAnswers checks what the store's own search answers
// besides paths: an end that is no entity (the start when neither is),
// and, when the budget is below its bound of what the breadth-first search
// could look at (every relationship four times), an incomplete answer
// without edges, which has traverse search with Expand.
func TestShortestPathEdgesAnswers(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutArticle(t.Context(), storetest.Star(6)); err != nil {
		t.Fatal(err)
	}
	from, to, hub := storetest.StarSpokeID(1), storetest.StarSpokeID(2), store.EntityID(ontology.Actor, "star-hub")
	// Star(6): 6 spokes, 2 of them threatened too: 8 relationships.
	const bound = 4 * 8
	tests := []struct {
		name     string
		from, to string
		budget   int
		want     *store.PathEdges
	}{
		{"unknown start", "actor:nobody", to, traverse.DefaultBudget, &store.PathEdges{Unknown: "actor:nobody"}},
		{"unknown end", from, "actor:nowhere", traverse.DefaultBudget, &store.PathEdges{Unknown: "actor:nowhere"}},
		{"neither", "actor:nobody", "actor:nowhere", traverse.DefaultBudget, &store.PathEdges{Unknown: "actor:nobody"}},
		{"over the bound", from, to, bound - 1, &store.PathEdges{}},
		{"within the bound", from, to, bound, &store.PathEdges{Complete: true, Edges: []store.PathEdge{
			{Hop: 0, From: from, Relation: store.RelationID(ontology.Aided, from, hub, store.Qualifiers{}), Type: ontology.Aided, To: hub},
			{Hop: 1, From: hub, Relation: store.RelationID(ontology.Accused, hub, to, store.Qualifiers{}), Type: ontology.Accused, To: to},
		}}},
	}
	for _, tt := range tests {
		got, err := s.ShortestPathEdges(t.Context(), store.PathSearch{From: tt.from, To: tt.to, Direction: store.Both,
			MaxHops: traverse.DefaultHops, MaxPaths: traverse.MaxEnumerated, Budget: tt.budget})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}
