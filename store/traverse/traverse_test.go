package traverse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// fakeGraph is an Explorer that only expands: relations given as
// (id, type, source, target), kept in a slice. It counts the steps it
// hands out.
type fakeGraph struct {
	store.Explorer // nil: only Expand is called
	rels           []fakeRel
	steps          int
	calls          int
}

type fakeRel struct {
	id     string
	typ    ontology.RelationType
	source string
	target string
}

func (g *fakeGraph) add(id string, typ ontology.RelationType, source, target string) *fakeGraph {
	g.rels = append(g.rels, fakeRel{id, typ, source, target})
	return g
}

// rel adds a COOPERATED_WITH relation.
func (g *fakeGraph) rel(id, source, target string) *fakeGraph {
	return g.add(id, ontology.Cooperated, source, target)
}

func (g *fakeGraph) Expand(_ context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	g.calls++
	var steps []store.Step
	for _, id := range ids {
		for _, r := range g.rels {
			if len(types) > 0 && !slices.Contains(types, r.typ) {
				continue
			}
			switch {
			case r.source == id && dir != store.In:
				steps = append(steps, store.Step{From: id, Relation: r.id, Type: r.typ, To: r.target, Outgoing: true})
			case r.target == id && dir != store.Out:
				steps = append(steps, store.Step{From: id, Relation: r.id, Type: r.typ, To: r.source})
			}
		}
	}
	slices.SortFunc(steps, func(a, b store.Step) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Relation, b.Relation))
	})
	x := &store.Expansion{Steps: steps}
	if len(steps) > limit {
		x.Steps, x.Truncated = steps[:limit], true
	}
	g.steps += len(x.Steps)
	return x, nil
}

// path is a path of COOPERATED_WITH relations (fakeGraph.rel's).
func path(nodes []string, rels ...string) Path {
	p := Path{Nodes: nodes, Relations: rels}
	for range rels {
		p.Types = append(p.Types, ontology.Cooperated)
	}
	return p
}

func nodes(ids ...string) []string { return ids }

func TestShortestPaths(t *testing.T) {
	// A diamond a–b–d, a–c–d with two parallel relations c–d, a tail d–e,
	// and a long way round a–x–y–z–e.
	diamond := func() *fakeGraph {
		return (&fakeGraph{}).
			rel("r1", "a", "b").rel("r2", "a", "c").rel("r3", "b", "d").
			rel("r4", "c", "d").rel("r0", "c", "d").rel("r5", "d", "e").
			rel("r6", "a", "x").rel("r7", "x", "y").rel("r8", "y", "z").rel("r9", "z", "e")
	}
	cases := []struct {
		name string
		q    PathQuery
		want []Path
	}{
		{"itself", PathQuery{From: "a", To: "a"}, []Path{path(nodes("a"))}},
		{"one hop", PathQuery{From: "a", To: "b"}, []Path{path(nodes("a", "b"), "r1")}},
		{"against the direction", PathQuery{From: "b", To: "a"}, []Path{path(nodes("b", "a"), "r1")}},
		{"out only: none back", PathQuery{From: "b", To: "a", Direction: store.Out}, nil},
		{"in only", PathQuery{From: "b", To: "a", Direction: store.In}, []Path{path(nodes("b", "a"), "r1")}},
		{"every shortest, in relation order", PathQuery{From: "a", To: "e"}, []Path{
			path(nodes("a", "b", "d", "e"), "r1", "r3", "r5"),
			path(nodes("a", "c", "d", "e"), "r2", "r0", "r5"),
			path(nodes("a", "c", "d", "e"), "r2", "r4", "r5"),
		}},
		{"the other way round", PathQuery{From: "e", To: "a"}, []Path{
			path(nodes("e", "d", "c", "a"), "r5", "r0", "r2"),
			path(nodes("e", "d", "b", "a"), "r5", "r3", "r1"),
			path(nodes("e", "d", "c", "a"), "r5", "r4", "r2"),
		}},
		{"too far", PathQuery{From: "a", To: "e", MaxHops: 2}, nil},
		{"unknown end", PathQuery{From: "a", To: "nowhere"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := AllShortestPaths(t.Context(), diamond(), c.q, MaxPaths)
			if err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(c.want, got); d != "" {
				t.Errorf("AllShortestPaths (-want +got):\n%s", d)
			}
			one, err := ShortestPath(t.Context(), diamond(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var want *Path
			if len(c.want) > 0 {
				want = &c.want[0]
			}
			if d := gocmp.Diff(want, one); d != "" {
				t.Errorf("ShortestPath (-want +got):\n%s", d)
			}
		})
	}
}

func TestShortestPathTypes(t *testing.T) {
	g := (&fakeGraph{}).add("r1", ontology.Accused, "a", "b").add("r2", ontology.Aided, "b", "c").
		add("r3", ontology.Aided, "a", "d").add("r4", ontology.Aided, "d", "e").add("r5", ontology.Aided, "e", "c")
	got, err := ShortestPath(t.Context(), g, PathQuery{From: "a", To: "c", Types: []ontology.RelationType{ontology.Aided}})
	if err != nil {
		t.Fatal(err)
	}
	want := &Path{Nodes: nodes("a", "d", "e", "c"), Relations: []string{"r3", "r4", "r5"},
		Types: []ontology.RelationType{ontology.Aided, ontology.Aided, ontology.Aided}}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("AIDED only (-want +got):\n%s", d)
	}
}

func TestAllShortestPathsLimit(t *testing.T) {
	// A ladder of k rungs: 2^k shortest paths from s to t.
	g := &fakeGraph{}
	prev := "s"
	for i := range 8 {
		next := fmt.Sprintf("n%d", i)
		g.rel(fmt.Sprintf("r%d-a", i), prev, next).rel(fmt.Sprintf("r%d-b", i), prev, next)
		prev = next
	}
	got, err := AllShortestPaths(t.Context(), g, PathQuery{From: "s", To: prev, MaxHops: 6}, 3)
	if err != nil || got != nil {
		t.Fatalf("8 hops with maxHops 6: %v, %v; want no path", got, err)
	}
	g = &fakeGraph{}
	prev = "s"
	for i := range 6 {
		next := fmt.Sprintf("n%d", i)
		g.rel(fmt.Sprintf("r%d-a", i), prev, next).rel(fmt.Sprintf("r%d-b", i), prev, next)
		prev = next
	}
	got, err = AllShortestPaths(t.Context(), g, PathQuery{From: "s", To: prev, MaxHops: 6}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"r0-a", "r1-a", "r2-a", "r3-a", "r4-a", "r5-a"},
		{"r0-a", "r1-a", "r2-a", "r3-a", "r4-a", "r5-b"},
		{"r0-a", "r1-a", "r2-a", "r3-a", "r4-b", "r5-a"},
	}
	var rels [][]string
	for _, p := range got {
		rels = append(rels, p.Relations)
	}
	if d := gocmp.Diff(want, rels); d != "" {
		t.Errorf("first 3 of 64 paths (-want +got):\n%s", d)
	}
}

func TestCaps(t *testing.T) {
	g := (&fakeGraph{}).rel("r1", "a", "b")
	ctx := t.Context()
	for _, err := range []error{
		func() error {
			_, err := ShortestPath(ctx, g, PathQuery{From: "a", To: "b", MaxHops: MaxHops + 1})
			return err
		}(),
		func() error { _, err := ShortestPath(ctx, g, PathQuery{From: "a", To: "b", MaxHops: -1}); return err }(),
		func() error {
			_, err := AllShortestPaths(ctx, g, PathQuery{From: "a", To: "b"}, MaxPaths+1)
			return err
		}(),
		func() error {
			_, err := ShortestPath(ctx, g, PathQuery{From: "a", To: "b", Direction: "UP"})
			return err
		}(),
		func() error {
			_, err := ShortestPath(ctx, g, PathQuery{From: "a", To: "b", Types: []ontology.RelationType{"LIKED"}})
			return err
		}(),
		func() error {
			_, err := Neighborhood(ctx, g, NeighborhoodQuery{ID: "a", Depth: MaxDepth + 1})
			return err
		}(),
		func() error {
			_, err := Neighborhood(ctx, g, NeighborhoodQuery{ID: "a", Limit: MaxNodes + 1})
			return err
		}(),
		func() error {
			_, err := Neighborhood(ctx, g, NeighborhoodQuery{ID: "a", Relations: MaxRelations + 1})
			return err
		}(),
	} {
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("error = %v, want one wrapping store.ErrInvalid", err)
		}
	}
}

func TestPathBudget(t *testing.T) {
	// A hub with 100 spokes between a and b: the search must look at more
	// than 50 relations.
	g := (&fakeGraph{}).rel("ra", "a", "hub").rel("rb", "hub", "b")
	for i := range 100 {
		g.rel(fmt.Sprintf("s%03d", i), "hub", fmt.Sprintf("spoke%03d", i))
	}
	_, err := ShortestPath(t.Context(), g, PathQuery{From: "a", To: "b", MaxHops: 3, Budget: 50})
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("over budget: error = %v, want one wrapping store.ErrInvalid", err)
	}
	p, err := ShortestPath(t.Context(), g, PathQuery{From: "a", To: "b", MaxHops: 3, Budget: 500})
	if err != nil || p == nil || p.Len() != 2 {
		t.Errorf("within budget: %v, %v; want a path of 2", p, err)
	}
}

// TestBidirectional checks that the search expands the smaller frontier:
// from a leaf towards a hub it should not expand the hub.
func TestBidirectional(t *testing.T) {
	g := (&fakeGraph{}).rel("r1", "leaf", "mid").rel("r2", "mid", "mid2").rel("r3", "mid2", "hub")
	for i := range 1000 {
		g.rel(fmt.Sprintf("s%04d", i), "hub", fmt.Sprintf("spoke%04d", i))
	}
	p, err := ShortestPath(t.Context(), g, PathQuery{From: "hub", To: "leaf"})
	if err != nil || p == nil || p.Len() != 3 {
		t.Fatalf("path = %v, %v; want 3 hops", p, err)
	}
	if g.steps > 1010 {
		t.Errorf("the search looked at %d relations; expanding the hub once costs 1001", g.steps)
	}
}

// bruteForce finds every shortest path of at most maxHops by enumerating
// every simple path, and sorts them by relation ids.
func bruteForce(g *fakeGraph, from, to string, dir store.Direction, maxHops int) []Path {
	if from == to {
		return []Path{{Nodes: []string{from}}}
	}
	var found []Path
	var walk func(p Path)
	walk = func(p Path) {
		at := p.Nodes[len(p.Nodes)-1]
		if at == to {
			found = append(found, Path{slices.Clone(p.Nodes), slices.Clone(p.Relations), slices.Clone(p.Types)})
			return
		}
		if p.Len() == maxHops {
			return
		}
		x, _ := g.Expand(context.Background(), []string{at}, dir, nil, 1<<30)
		for _, st := range x.Steps {
			if slices.Contains(p.Nodes, st.To) {
				continue
			}
			walk(Path{append(p.Nodes, st.To), append(p.Relations, st.Relation), append(p.Types, st.Type)})
		}
	}
	walk(Path{Nodes: []string{from}})
	if len(found) == 0 {
		return nil
	}
	shortest := slices.MinFunc(found, func(a, b Path) int { return cmp.Compare(a.Len(), b.Len()) }).Len()
	found = slices.DeleteFunc(found, func(p Path) bool { return p.Len() != shortest })
	slices.SortFunc(found, func(a, b Path) int { return slices.Compare(a.Relations, b.Relations) })
	return found
}

func TestShortestPathsMatchBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		g := &fakeGraph{}
		n := 3 + r.IntN(10)
		for i := range r.IntN(3 * n) {
			g.rel(fmt.Sprintf("r%02d", i), fmt.Sprintf("n%d", r.IntN(n)), fmt.Sprintf("n%d", r.IntN(n)))
		}
		from, to := fmt.Sprintf("n%d", r.IntN(n)), fmt.Sprintf("n%d", r.IntN(n))
		dir := []store.Direction{store.Both, store.Out, store.In}[r.IntN(3)]
		hops := 1 + r.IntN(MaxHops)
		want := bruteForce(g, from, to, dir, hops)
		if len(want) > MaxPaths {
			want = want[:MaxPaths]
		}
		got, err := AllShortestPaths(t.Context(), g, PathQuery{From: from, To: to, Direction: dir, MaxHops: hops}, MaxPaths)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(want, got); d != "" {
			t.Fatalf("trial %d: %s→%s %s within %d hops over %v (-brute force +got):\n%s", trial, from, to, dir, hops, g.rels, d)
		}
	}
}

func TestNeighborhood(t *testing.T) {
	// a star around c, with a tail c–d–e–f and a relation between two
	// spokes.
	g := func() *fakeGraph {
		return (&fakeGraph{}).
			rel("r1", "c", "s1").rel("r2", "s2", "c").rel("r3", "c", "s3").rel("r4", "s1", "s2").
			rel("r5", "c", "d").rel("r6", "d", "e").rel("r7", "e", "f")
	}
	cases := []struct {
		name string
		q    NeighborhoodQuery
		want Subgraph
	}{
		{"depth 1", NeighborhoodQuery{ID: "c"}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3"), Relations: []string{"r1", "r2", "r3", "r5"}}},
		{"depth 2", NeighborhoodQuery{ID: "c", Depth: 2}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3", "e"), Relations: []string{"r1", "r2", "r3", "r4", "r5", "r6"}}},
		{"depth 3", NeighborhoodQuery{ID: "c", Depth: 3}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3", "e", "f"), Relations: []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7"}}},
		{"out only", NeighborhoodQuery{ID: "c", Depth: 2, Direction: store.Out}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s3", "e", "s2"), Relations: []string{"r1", "r3", "r4", "r5", "r6"}}},
		{"limit cuts the largest ids", NeighborhoodQuery{ID: "c", Depth: 2, Limit: 3}, Subgraph{
			Nodes: nodes("c", "d", "s1"), Relations: []string{"r1", "r5"}, Truncated: true}},
		{"limit reached exactly, more beyond", NeighborhoodQuery{ID: "c", Depth: 2, Limit: 5}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3"), Relations: []string{"r1", "r2", "r3", "r4", "r5"}, Truncated: true}},
		{"budget", NeighborhoodQuery{ID: "c", Depth: 2, Budget: 2}, Subgraph{
			Nodes: nodes("c", "s1", "s2"), Relations: []string{"r1", "r2"}, Truncated: true}},
		{"an unknown id is alone", NeighborhoodQuery{ID: "x"}, Subgraph{Nodes: nodes("x")}},
		{"relation limit keeps those that reached the nodes", NeighborhoodQuery{ID: "c", Depth: 3, Relations: 6}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3", "e", "f"), Relations: []string{"r1", "r2", "r3", "r5", "r6", "r7"},
			Truncated: true}},
		{"relation limit, in the nodes' order", NeighborhoodQuery{ID: "c", Depth: 3, Relations: 2}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3", "e", "f"), Relations: []string{"r1", "r5"}, Truncated: true}},
		{"relation limit not reached", NeighborhoodQuery{ID: "c", Depth: 3, Relations: 7}, Subgraph{
			Nodes: nodes("c", "d", "s1", "s2", "s3", "e", "f"), Relations: []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Neighborhood(t.Context(), g(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(&c.want, got); d != "" {
				t.Errorf("Neighborhood (-want +got):\n%s", d)
			}
		})
	}
}

// finderGraph is a fakeGraph that finds shortest paths itself, answering
// with found and err.
type finderGraph struct {
	*fakeGraph
	found *store.PathEdges
	err   error
	asked store.PathSearch
}

func (g *finderGraph) ShortestPathEdges(_ context.Context, q store.PathSearch) (*store.PathEdges, error) {
	g.asked = q
	return g.found, g.err
}

// TestPathFinder checks that the paths are read off a PathFinder's edges
// when it has them all, and searched with Expand when it has not, or cannot.
func TestPathFinder(t *testing.T) {
	diamond := func() *fakeGraph {
		return (&fakeGraph{}).rel("r1", "a", "b").rel("r2", "a", "c").rel("r3", "b", "d").rel("r4", "c", "d")
	}
	co := ontology.Cooperated
	edges := []store.PathEdge{
		{Hop: 1, From: "c", Relation: "r4", Type: co, To: "d"}, {Hop: 0, From: "a", Relation: "r2", Type: co, To: "c"},
		{Hop: 0, From: "a", Relation: "r1", Type: co, To: "b"}, {Hop: 1, From: "b", Relation: "r3", Type: co, To: "d"},
	}
	both := []Path{path(nodes("a", "b", "d"), "r1", "r3"), path(nodes("a", "c", "d"), "r2", "r4")}
	failed := errors.New("engine failed")
	tests := []struct {
		name    string
		found   *store.PathEdges
		err     error
		want    []Path
		expands bool
		checks  bool // CheckEnds is called: the engine did not check the ends
		wantErr string
	}{
		{"complete", &store.PathEdges{Edges: edges, Complete: true}, nil, both, false, false, ""},
		{"no path", &store.PathEdges{Complete: true}, nil, nil, false, false, ""},
		{"incomplete", &store.PathEdges{}, nil, both, true, false, ""},
		{"unknown end", &store.PathEdges{Unknown: "d"}, nil, nil, false, false, `entity "d" not found`},
		{"unsupported", nil, errors.ErrUnsupported, both, true, true, ""},
		{"failed", nil, failed, nil, false, false, "engine failed"},
	}
	for _, tt := range tests {
		g := &finderGraph{fakeGraph: diamond(), found: tt.found, err: tt.err}
		checked := false
		q := PathQuery{From: "a", To: "d", Budget: 77, CheckEnds: func(context.Context) error { checked = true; return nil }}
		got, err := AllShortestPaths(t.Context(), g, q, 0)
		if (err != nil || tt.wantErr != "") && fmt.Sprint(err) != tt.wantErr {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
		if d := gocmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s: paths (-want +got):\n%s", tt.name, d)
		}
		if expanded := g.calls > 0; expanded != tt.expands {
			t.Errorf("%s: Expand called: %v, want %v", tt.name, expanded, tt.expands)
		}
		if checked != tt.checks {
			t.Errorf("%s: CheckEnds called: %v, want %v", tt.name, checked, tt.checks)
		}
		if g.asked.Budget != 77 {
			t.Errorf("%s: the engine was asked with budget %d, want the query's 77", tt.name, g.asked.Budget)
		}
	}
	var unknown *UnknownEntityError
	g := &finderGraph{fakeGraph: diamond(), found: &store.PathEdges{Unknown: "a"}}
	if _, err := AllShortestPaths(t.Context(), g, PathQuery{From: "a", To: "d"}, 0); !errors.As(err, &unknown) || unknown.ID != "a" {
		t.Errorf("unknown start: error %v, want an UnknownEntityError for a", err)
	}
}

// TestCheckEnds checks that an engine that does not check the ends has
// CheckEnds decide before any search, from an entity to itself too.
func TestCheckEnds(t *testing.T) {
	gone := errors.New("no such entity")
	for _, q := range []PathQuery{{From: "a", To: "b"}, {From: "a", To: "a"}} {
		g := (&fakeGraph{}).rel("r1", "a", "b")
		q.CheckEnds = func(context.Context) error { return gone }
		got, err := AllShortestPaths(t.Context(), g, q, 0)
		if !errors.Is(err, gone) || got != nil || g.calls != 0 {
			t.Errorf("%s to %s: %v, %v after %d expansions; want CheckEnds' error before any", q.From, q.To, got, err, g.calls)
		}
	}
}
