package neo4jstore

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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
// and, when the budget is below what the breadth-first search of traverse
// looks at, an incomplete answer without edges, which has traverse search
// with Expand (and give the budget's error); within it, the paths, whether
// the budget is above the bound of the whole graph (every relation four
// times) or below it, where the statement searches layer by layer.
func TestShortestPathEdgesAnswers(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutArticle(t.Context(), storetest.Star(6)); err != nil {
		t.Fatal(err)
	}
	from, to, hub := storetest.StarSpokeID(1), storetest.StarSpokeID(2), store.EntityID(ontology.Actor, "star-hub")
	// Star(6): 6 spokes, 2 of them threatened too: 8 relations. The
	// search expands spoke 1 (1 relation), then the hub (its 8).
	const bound, needs = 4 * 8, 1 + 8
	paths := &store.PathEdges{Complete: true, Edges: []store.PathEdge{
		{Hop: 0, From: from, Relation: store.RelationID(ontology.Aided, from, hub, store.Qualifiers{}), Type: ontology.Aided, To: hub},
		{Hop: 1, From: hub, Relation: store.RelationID(ontology.Accused, hub, to, store.Qualifiers{}), Type: ontology.Accused, To: to},
	}}
	tests := []struct {
		name     string
		from, to string
		budget   int
		want     *store.PathEdges
	}{
		{"unknown start", "actor:nobody", to, traverse.DefaultBudget, &store.PathEdges{Unknown: "actor:nobody"}},
		{"unknown end", from, "actor:nowhere", traverse.DefaultBudget, &store.PathEdges{Unknown: "actor:nowhere"}},
		{"neither", "actor:nobody", "actor:nowhere", traverse.DefaultBudget, &store.PathEdges{Unknown: "actor:nobody"}},
		{"over the budget", from, to, needs - 1, &store.PathEdges{}},
		{"within the budget", from, to, needs, paths},
		{"within the bound", from, to, bound, paths},
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

// restatedChain is Chain(4) and n more articles that say the same, so
// that each of its relations has n+1 pieces of evidence.
func restatedChain(n int) []*store.ArticleGraph {
	gs := []*store.ArticleGraph{storetest.Chain(4)}
	for k := range n {
		g := storetest.Chain(4)
		g.Article.ID = fmt.Sprintf("%s-again-%d", g.Article.ID, k)
		g.Article.URL = fmt.Sprintf("%s-again-%d", g.Article.URL, k)
		for _, c := range g.Relations {
			for i := range c.Relation.Evidence {
				c.Relation.Evidence[i].Article = g.Article.ID
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// TestShortestPathSearchCostsItsFrontiers checks the plan of a path
// search past the bound of the whole graph (a budget below four times its
// relations), which the statement searches layer by layer before Neo4j's
// own search: one statement, which reads the heads of the frontiers it
// crosses from their indexes and expands nothing else (no expansion but
// Neo4j's search of heads, no scan), so that it costs the same whether
// the rest of the graph is small or large and whether the path's
// relations have many pieces of evidence or more. (Neo4j keeps a node's
// relationships by type once it has more than 50; below, reading those of
// one type, as its degree in heads and its search do, reads them all, at
// most 50: the chain is said often enough that its nodes have more.)
func TestShortestPathSearchCostsItsFrontiers(t *testing.T) {
	from, to := storetest.ChainID(0), storetest.ChainID(3)
	var hits []int64
	for _, size := range []int{60, 120} {
		s := openTestStore(t)
		for _, g := range append(restatedChain(size), storetest.Fan(size)) {
			if _, err := s.PutArticle(t.Context(), g); err != nil {
				t.Fatal(err)
			}
		}
		// The search spends 5 (the chain's first three nodes' degrees),
		// far below 4 times the Fan's relations.
		q := traverse.PathQuery{From: from, To: to, Budget: 20}
		want, err := traverse.AllShortestPaths(t.Context(), expandOnly{s}, q, traverse.MaxPaths)
		if err != nil {
			t.Fatal(err)
		}
		var scans []string
		var walk func(p neo4j.ProfiledPlan)
		walk = func(p neo4j.ProfiledPlan) {
			op, _, _ := strings.Cut(p.Operator(), "@")
			if strings.Contains(op, "Scan") || strings.HasPrefix(op, "Expand") || strings.HasPrefix(op, "OptionalExpand") ||
				strings.HasPrefix(op, "VarLengthExpand") {
				details, _ := p.Arguments()["Details"].(string)
				scans = append(scans, op+" "+details)
			}
			for _, c := range p.Children() {
				walk(c)
			}
		}
		p := &profiler{plan: func(_ string, plan neo4j.ProfiledPlan) { walk(plan) }}
		profiling.Store(p)
		got, err := traverse.AllShortestPaths(t.Context(), s, q, traverse.MaxPaths)
		profiling.Store(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("size %d (-Expand +own search):\n%s", size, d)
		}
		if len(got) != 1 || got[0].Len() != 3 {
			t.Errorf("size %d: %v, want the chain's path of 3 hops", size, got)
		}
		if n := p.statements.Load(); n != 1 {
			t.Errorf("size %d: %d statements, want 1", size, n)
		}
		if len(scans) > 0 {
			t.Errorf("size %d: the statement scans or expands: %v", size, scans)
		}
		hits = append(hits, p.hits.Load())
	}
	if hits[0] != hits[1] {
		t.Errorf("%d db hits beside a fan of 60 and the chain said 61 times, %d beside a fan of 120 and the chain said 121 times; want the same",
			hits[0], hits[1])
	}
}

// TestShortestPathSearchSpendsWhatExpandSpends checks the budget of a
// path search past the bound of the whole graph: the statement answers
// the paths when the breadth-first search of Expand would stay within it,
// and incomplete (for that search to give its error) when it would not,
// at the same budget, both ways and in each direction.
func TestShortestPathSearchSpendsWhatExpandSpends(t *testing.T) {
	s := openTestStore(t)
	for _, g := range []*store.ArticleGraph{storetest.Star(10), storetest.Fan(20), storetest.Chain(6)} {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	pairs := [][2]string{
		{storetest.StarSpokeID(1), storetest.StarSpokeID(2)},
		{storetest.ChainID(0), storetest.ChainID(5)},
		{storetest.FanID(0), storetest.FanID(1)},
	}
	checked := 0
	for _, pair := range pairs {
		for _, dir := range []store.Direction{store.Both, store.Out, store.In} {
			for budget := 1; budget <= 60; budget++ {
				q := traverse.PathQuery{From: pair[0], To: pair[1], Direction: dir, Budget: budget}
				want, wantErr := traverse.AllShortestPaths(t.Context(), expandOnly{s}, q, traverse.MaxPaths)
				found, err := s.ShortestPathEdges(t.Context(), store.PathSearch{From: pair[0], To: pair[1], Direction: dir,
					MaxHops: traverse.DefaultHops, MaxPaths: traverse.MaxEnumerated, Budget: budget})
				if err != nil {
					t.Fatal(err)
				}
				if found.Complete != (wantErr == nil) {
					t.Errorf("%s to %s (%s), budget %d: complete %t, but Expand's search gives %v, %v",
						pair[0], pair[1], dir, budget, found.Complete, want, wantErr)
					continue
				}
				got, err := traverse.AllShortestPaths(t.Context(), s, q, traverse.MaxPaths)
				if (err == nil) != (wantErr == nil) {
					t.Errorf("%s to %s (%s), budget %d: %v, want %v", pair[0], pair[1], dir, budget, err, wantErr)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s to %s (%s), budget %d (-Expand +own search):\n%s", pair[0], pair[1], dir, budget, d)
				}
				if found.Complete && len(want) > 0 {
					checked++
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no search found a path within its budget: the fixture tests nothing")
	}
}
