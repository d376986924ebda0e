package embedded

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// expandOnly is a store seen as an explorer without ExpandLayer: its
// neighbourhoods are made of Expand alone.
type expandOnly struct{ store.Explorer }

// Neighbourhoods made with ExpandLayer are those made with Expand alone:
// of the hub and of entities of few relations, at every depth, with node
// limits that cut a layer or not, types, directions, and budgets that
// Expand's cut decides.
func TestNeighborhoodWithLayersIsNeighborhoodWithExpand(t *testing.T) {
	s := synthStore(t, 300)
	ctx := context.Background()
	ids := byDegree(t, s, 400)
	starts := []string{ids[0], ids[1], ids[len(ids)/2], ids[len(ids)-1], "actor:nobody"}
	compared := 0
	for _, id := range starts {
		for _, depth := range []int{1, 2, 3} {
			for _, limit := range []int{1, 5, 100, 500} {
				for _, types := range [][]ontology.RelationType{nil, {ontology.Attended, ontology.Demanded}} {
					for _, dir := range []store.Direction{store.Both, store.Out, store.In} {
						for _, budget := range []int{0, 50, 1000} {
							q := traverse.NeighborhoodQuery{ID: id, Depth: depth, Limit: limit, Types: types, Direction: dir,
								Budget: budget, Relations: 40}
							name := fmt.Sprintf("%s/depth=%d/limit=%d/%v/%s/budget=%d", id, depth, limit, types, dir, budget)
							want, err := traverse.Neighborhood(ctx, expandOnly{s}, q)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							got, err := traverse.Neighborhood(ctx, s, q)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							if diff := cmp.Diff(want, got); diff != "" {
								t.Fatalf("%s (-Expand +ExpandLayer):\n%s", name, diff)
							}
							compared++
						}
					}
				}
			}
		}
	}
	t.Logf("%d neighbourhoods compared", compared)
}

// The hub's first layer, cut to a few nodes, reads the relations to those
// nodes and one more, not every relation of the hub.
func TestNeighborhoodLayerCostsWhatItKeeps(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	n := s.g.entities[hub]
	const limit = 5
	// The relations to the limit smallest neighbours (the hub and the
	// limit-1 others, and the one more that tells the layer is cut).
	var ends []string
	relations := 0
	n.near.each(false, nil, func(key, _ string) bool {
		if len(ends) == 0 || ends[len(ends)-1] != key {
			if len(ends) == limit+1 {
				return false
			}
			ends = append(ends, key)
		}
		relations++
		return true
	})
	if n.degree() < 4*relations {
		t.Fatalf("the hub has %d relations, %d to its first neighbours; the test needs many more", n.degree(), relations)
	}
	before := s.g.pageVisits.Load()
	sub, err := traverse.Neighborhood(context.Background(), s, traverse.NeighborhoodQuery{ID: hub, Depth: 2, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	if !sub.Truncated || len(sub.Nodes) != limit {
		t.Fatalf("the neighbourhood has %d nodes, truncated %t; want %d, truncated", len(sub.Nodes), sub.Truncated, limit)
	}
	// Each relation to a new end is read twice: once to find a relation
	// the query follows, once to take them all.
	if visits := s.g.pageVisits.Load() - before; visits > int64(2*relations) {
		t.Errorf("the layer read %d relations of the hub's %d; those to its first %d ends are %d", visits, n.degree(), len(ends), relations)
	}
}
