package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// testExpand covers Expand, the step of every traversal: the relations of
// each node in each direction, their order, types, limits and errors.
func testExpand(t *testing.T, f Factory) {
	const spokes = 10
	s, m := loaded(t, f, append(Ukraine(), Star(spokes))...)
	x := s
	ctx := t.Context()

	// want computes an expansion from the model.
	want := func(ids []string, dir store.Direction, types []ontology.RelationType) []store.Step {
		var out []store.Step
		for _, id := range slices.Compact(sortedIDs(ids...)) {
			var steps []store.Step
			for _, r := range m.Relations() {
				if len(types) > 0 && !slices.Contains(types, r.Type) {
					continue
				}
				if to, ok := follows(r, id, dir); ok {
					steps = append(steps, store.Step{From: id, Relation: r.ID, Type: r.Type, To: to, Outgoing: r.Source == id})
				}
			}
			out = append(out, steps...) // m.Relations() is sorted by id
		}
		return out
	}
	cases := []struct {
		name  string
		ids   []string
		dir   store.Direction
		types []ontology.RelationType
	}{
		{"hub both", []string{starHub}, store.Both, nil},
		{"hub out", []string{starHub}, store.Out, nil},
		{"hub in", []string{starHub}, store.In, nil},
		{"hub, default direction", []string{starHub}, "", nil},
		{"hub threats", []string{starHub}, store.Both, []ontology.RelationType{ontology.Threatened}},
		{"several, unsorted, repeated", []string{russia, ukraine, russia, secondRound}, store.Both, nil},
		{"several out", []string{ukraine, russia, eu}, store.Out, []ontology.RelationType{ontology.Exchanged, ontology.Aided}},
		{"unknown ids", []string{"actor:nobody", umerov}, store.Both, nil},
		{"none", nil, store.Both, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantSteps := want(c.ids, cmpDir(c.dir), c.types)
			got, err := x.Expand(ctx, c.ids, c.dir, c.types, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(&store.Expansion{Steps: wantSteps}, got); d != "" {
				t.Errorf("Expand (-want +got):\n%s", d)
			}
			// Every limit cuts the same list.
			for limit := 1; limit <= len(wantSteps); limit++ {
				got, err := x.Expand(ctx, c.ids, c.dir, c.types, limit)
				if err != nil {
					t.Fatal(err)
				}
				wantCut := &store.Expansion{Steps: wantSteps[:limit], Truncated: limit < len(wantSteps)}
				if d := Diff(wantCut, got); d != "" {
					t.Errorf("Expand with limit %d (-want +got):\n%s", limit, d)
				}
			}
		})
	}
	t.Run("Invalid", func(t *testing.T) {
		_, err := x.Expand(ctx, []string{starHub}, "UP", nil, 10)
		wantInvalid(t, "direction UP", err)
		_, err = x.Expand(ctx, []string{starHub}, store.Both, []ontology.RelationType{"LIKED"}, 10)
		wantInvalid(t, "type LIKED", err)
		_, err = x.Expand(ctx, []string{starHub}, store.Both, nil, 0)
		wantInvalid(t, "limit 0", err)
	})
}

// testPathBudget covers the traversal budget of a path search: a search
// that needs to look at more relations than its budget fails with the
// same error on every engine, whether the engine searches by itself or
// not, and one within its budget finds the path the model has.
func testPathBudget(t *testing.T, f Factory) {
	const spokes = 10
	s, m := loaded(t, f, Star(spokes))
	ctx := t.Context()
	// From spoke 1 (which AIDED the hub) to spoke 2 (ACCUSED by it): the
	// search expands spoke 1 (1 relation), then the hub (its 14:
	// 10 spokes, 4 of them THREATENED too), where it meets spoke 2.
	from, to := StarSpokeID(1), StarSpokeID(2)
	const needs = 1 + spokes + (spokes+2)/3
	want := refShortestPaths(m.Relations(), from, to, store.Both, nil, traverse.DefaultHops)
	if len(want) != 1 || want[0].Len() != 2 {
		t.Fatalf("the fixture's path %s to %s is %v; want one of 2 hops", from, to, want)
	}
	for _, budget := range []int{1, needs - 1, needs, 4 * needs, 0} {
		q := traverse.PathQuery{From: from, To: to, Budget: budget}
		got, err := traverse.AllShortestPaths(ctx, s, q, traverse.MaxPaths)
		if budget > 0 && budget < needs {
			wantErr := fmt.Sprintf("the path search from %s to %s looked at more than %d relations without finding a path; "+
				"narrow it with types or direction, or lower maxHops", from, to, budget)
			if !errors.Is(err, store.ErrInvalid) || !strings.HasSuffix(err.Error(), wantErr) || got != nil {
				t.Errorf("budget %d: %v, %v; want the error %q", budget, got, err, wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("budget %d: %v", budget, err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("budget %d (-want +got):\n%s", budget, d)
		}
	}
}

// cmpDir is a direction with the default applied.
func cmpDir(d store.Direction) store.Direction {
	if d == "" {
		return store.Both
	}
	return d
}

// testShortestPaths covers traverse.ShortestPath and AllShortestPaths on
// the store: the seed's path from Umerov to Istanbul, a chain, two
// components, and every pair of the fixtures against paths enumerated from
// the model.
func testShortestPaths(t *testing.T, f Factory) {
	gs := append(Ukraine(), Chain(10), Star(6), Diamond())
	s, m := loaded(t, f, gs...)
	x := s
	ctx := t.Context()
	rels := m.Relations()

	t.Run("UmerovToIstanbul", func(t *testing.T) {
		p, err := traverse.ShortestPath(ctx, x, traverse.PathQuery{From: umerov, To: istanbul})
		if err != nil || p == nil {
			t.Fatalf("ShortestPath = %v, %v; want a path", p, err)
		}
		want := &traverse.Path{
			Nodes:     []string{umerov, delegation, secondRound, istanbul},
			Relations: []string{rLed, rAttended, rHeldIn2},
			Types:     []ontology.RelationType{ontology.LED, ontology.Attended, ontology.HeldIn},
		}
		if d := Diff(want, p); d != "" {
			t.Errorf("ShortestPath (-want +got):\n%s", d)
		}
		checkPath(t, s, p)
	})

	t.Run("Chain", func(t *testing.T) {
		cases := []struct {
			from, to int
			hops     int
			dir      store.Direction
			want     int // path length, -1 for none
		}{
			{0, 5, 6, store.Both, 5},
			{0, 6, 6, store.Out, 6},
			{6, 0, 6, store.In, 6},
			{6, 0, 6, store.Out, -1},
			{0, 7, 6, store.Both, -1},
			{2, 4, 1, store.Both, -1},
			{3, 3, 1, store.Both, 0},
		}
		for _, c := range cases {
			q := traverse.PathQuery{From: ChainID(c.from), To: ChainID(c.to), MaxHops: c.hops, Direction: c.dir}
			p, err := traverse.ShortestPath(ctx, x, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			got := -1
			if p != nil {
				got = p.Len()
				checkPath(t, s, p)
			}
			if got != c.want {
				t.Errorf("chain %d→%d within %d hops %s: length %d, want %d", c.from, c.to, c.hops, c.dir, got, c.want)
			}
		}
	})

	t.Run("TwoComponents", func(t *testing.T) {
		for _, q := range []traverse.PathQuery{
			{From: ChainID(0), To: starHub, MaxHops: traverse.MaxHops},
			{From: umerov, To: DiamondID("a"), MaxHops: traverse.MaxHops},
		} {
			p, err := traverse.ShortestPath(ctx, x, q)
			if err != nil || p != nil {
				t.Errorf("%s→%s across components = %v, %v; want none", q.From, q.To, p, err)
			}
		}
	})

	t.Run("Diamond", func(t *testing.T) {
		got, err := traverse.AllShortestPaths(ctx, x, traverse.PathQuery{From: DiamondID("a"), To: DiamondID("d")}, 10)
		if err != nil {
			t.Fatal(err)
		}
		// a–b–d, a–c–d twice (two relations c→d) and a–e–d.
		if len(got) != 4 {
			t.Fatalf("a→d: %d paths, want 4", len(got))
		}
		for i, p := range got {
			checkPath(t, s, &p)
			if i > 0 && slices.Compare(got[i-1].Relations, p.Relations) >= 0 {
				t.Errorf("paths out of order: %s before %s", pathString(got[i-1]), pathString(p))
			}
		}
	})

	t.Run("EveryPairAsTheModelSays", func(t *testing.T) {
		ids := append(slices.Clone(allEntities), DiamondID("a"), DiamondID("c"), DiamondID("e"), starHub, StarSpokeID(1), ChainID(2))
		for i, from := range ids {
			for j, to := range ids {
				dir := store.Both
				switch {
				case j < i:
					continue
				case (i+j)%5 == 1:
					dir = store.Out
				case (i+j)%5 == 2:
					dir = store.In
				}
				want := refShortestPaths(rels, from, to, dir, nil, 4)
				got, err := traverse.AllShortestPaths(ctx, x, traverse.PathQuery{From: from, To: to, Direction: dir}, traverse.MaxPaths)
				if err != nil {
					t.Fatal(err)
				}
				if d := Diff(want, got); d != "" {
					t.Errorf("%s→%s %s (-model +got):\n%s", from, to, dir, d)
				}
			}
		}
	})

	t.Run("Types", func(t *testing.T) {
		types := []ontology.RelationType{ontology.Cooperated}
		want := refShortestPaths(rels, DiamondID("a"), DiamondID("e"), store.Both, types, 4)
		got, err := traverse.AllShortestPaths(ctx, x, traverse.PathQuery{From: DiamondID("a"), To: DiamondID("e"), Types: types}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" || len(got) == 0 || got[0].Len() != 3 {
			t.Errorf("a→e by COOPERATED_WITH only (-model +got):\n%s", d)
		}
	})
}

// testNeighborhood covers traverse.Neighborhood on the store: the seed
// meeting's participants and place, and neighbourhoods of the fixtures
// against the model.
func testNeighborhood(t *testing.T, f Factory) {
	s, m := loaded(t, f, append(Ukraine(), Chain(12), Star(10), Diamond())...)
	x := s
	ctx := t.Context()
	rels := m.Relations()

	t.Run("SecondRound", func(t *testing.T) {
		got, err := traverse.Neighborhood(ctx, x, traverse.NeighborhoodQuery{ID: secondRound})
		if err != nil {
			t.Fatal(err)
		}
		want := &traverse.Subgraph{
			Nodes:     append([]string{secondRound}, sortedIDs(delegation, istanbul, exchange)...),
			Relations: sortedIDs(rAttended, rHeldIn2, rProduced),
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("neighbourhood of the second round (-want +got):\n%s", d)
		}
	})

	t.Run("AsTheModelSays", func(t *testing.T) {
		for _, id := range []string{russia, secondRound, umerov, starHub, StarSpokeID(3), ChainID(0), ChainID(6), DiamondID("d")} {
			for _, dir := range []store.Direction{store.Both, store.Out, store.In} {
				for depth := 1; depth <= traverse.MaxDepth; depth++ {
					for _, limit := range []int{1, 3, 5, 8, 100} {
						name := fmt.Sprintf("%s %s depth %d limit %d", id, dir, depth, limit)
						want := refNeighborhood(rels, id, dir, depth, limit)
						got, err := traverse.Neighborhood(ctx, x, traverse.NeighborhoodQuery{ID: id, Depth: depth, Direction: dir, Limit: limit})
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						if d := Diff(want, got); d != "" {
							t.Errorf("%s (-model +got):\n%s", name, d)
						}
					}
				}
			}
		}
	})
}

// FanHubID is the hub of Fan.
var FanHubID = store.EntityID(ontology.Actor, "fan-hub")

// FanID is the id of the i-th end of Fan.
func FanID(i int) string { return store.EntityID(ontology.Actor, fmt.Sprintf("fan-%d", i)) }

// Fan is one article with a hub actor and n ends, each linked to the hub
// by several relations: the hub DEMANDED four items of each, and each
// SUPPORTED the hub. A layer cut to a few ends and a few relations has
// relations to the ends it leaves out among the smallest ids.
func Fan(n int) *store.ArticleGraph {
	b := NewArticle("fan", "A fan", "Generated", "2025-02-01", "The hub demanded and was supported.").
		Entity(Actor("fan-hub", "Fan hub", "government"))
	for i := range n {
		b.Entity(Actor(fmt.Sprintf("fan-%d", i), fmt.Sprintf("Fan end %d", i), "government"))
		for item := range 4 {
			b.Relate(ontology.Demanded, FanHubID, FanID(i), store.Qualifiers{Item: fmt.Sprintf("item %d", item)}, "demanded")
		}
		b.Relate(ontology.Supported, FanID(i), FanHubID, store.Qualifiers{}, "supported")
	}
	return b.Build()
}

// expandOnly is a store seen as an explorer without its own layers
// (traverse.LayerExpander): its neighbourhoods are made with Expand alone.
type expandOnly struct{ store.Explorer }

// CheckNeighborhoodLayers fails t unless the neighbourhood q of s, made
// with the store's own layers, is the one made with Expand alone.
func CheckNeighborhoodLayers(t *testing.T, s store.Explorer, q traverse.NeighborhoodQuery) {
	t.Helper()
	want, err := traverse.Neighborhood(t.Context(), expandOnly{s}, q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	got, err := traverse.Neighborhood(t.Context(), s, q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	if d := Diff(want, got); d != "" {
		t.Errorf("%+v (-Expand alone +the store's layers):\n%s", q, d)
	}
}

// testNeighborhoodLayers checks, on a store that expands a
// neighbourhood's layers itself (traverse.LayerExpander), that its
// neighbourhoods are those made with Expand alone: with node limits, relation
// limits and budgets that cut a layer or not, types and directions.
func testNeighborhoodLayers(t *testing.T, f Factory) {
	s, _ := loaded(t, f, append(Ukraine(), Star(10), Diamond(), Fan(4))...)
	if _, ok := s.(traverse.LayerExpander); !ok {
		t.Skip("the store has no layers of its own: its neighbourhoods are made with Expand")
	}
	compared := 0
	for _, id := range []string{FanHubID, FanID(1), starHub, russia, DiamondID("a"), secondRound} {
		for depth := 1; depth <= 3; depth++ {
			for _, limit := range []int{2, 3, 4, 100} {
				for _, dir := range []store.Direction{store.Both, store.Out, store.In} {
					for _, types := range [][]ontology.RelationType{nil, {ontology.Demanded, ontology.Accused, ontology.Cooperated}} {
						relations := []int{1, 3, 5, 1000}[compared%4]
						budget := []int{0, 4, 12}[compared%3]
						q := traverse.NeighborhoodQuery{ID: id, Depth: depth, Limit: limit, Direction: dir, Types: types,
							Relations: relations, Budget: budget}
						CheckNeighborhoodLayers(t, s, q)
						compared++
					}
				}
			}
		}
	}
}
