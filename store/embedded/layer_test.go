package embedded

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
	"newsgraph/store/traverse"
)

// expandOnly is a store seen as an explorer without ExpandLayer: its
// neighbourhoods are made of Expand alone.
type expandOnly struct{ store.Explorer }

// Neighbourhoods made with ExpandLayer are those made with Expand alone:
// of the hub and of entities of few relations, at every depth, with node
// and relation limits that cut a layer or not, types, directions, and
// budgets that Expand's cut decides.
func TestNeighborhoodWithLayersIsNeighborhoodWithExpand(t *testing.T) {
	s := synthStore(t, 300)
	ids := byDegree(t, s, 400)
	starts := []string{ids[0], ids[1], ids[len(ids)/2], ids[len(ids)-1], "actor:nobody"}
	compared := 0
	for _, id := range starts {
		for _, depth := range []int{1, 2, 3} {
			for _, limit := range []int{1, 5, 100, 500} {
				for _, types := range [][]ontology.RelationType{nil, {ontology.Attended, ontology.Demanded}} {
					for _, dir := range []store.Direction{store.Both, store.Out, store.In} {
						for _, budget := range []int{0, 50, 1000} {
							relations := []int{3, 40, 5000}[compared%3]
							q := traverse.NeighborhoodQuery{ID: id, Depth: depth, Limit: limit, Types: types, Direction: dir,
								Budget: budget, Relations: relations}
							storetest.CheckNeighborhoodLayers(t, s, q)
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

// A layer of many nodes cut to a few relations reads those relations and
// the first relation to each node, not every relation to the nodes.
func TestNeighborhoodLayerCostsTheRelationsKept(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	degree := s.g.entities[hub].degree()
	const limit, relations = 10, 5
	before := s.g.pageVisits.Load()
	sub, err := traverse.Neighborhood(context.Background(), s, traverse.NeighborhoodQuery{ID: hub, Depth: 1, Limit: limit, Relations: relations})
	if err != nil {
		t.Fatal(err)
	}
	if !sub.Truncated || len(sub.Relations) != relations {
		t.Fatalf("the neighbourhood has %d relations, truncated %t; want %d, truncated", len(sub.Relations), sub.Truncated, relations)
	}
	// Each new end's first relation is read three times at most (to find
	// it, to take it, and when merging), the others once.
	if visits, most := s.g.pageVisits.Load()-before, int64(3*limit+relations+1); visits > most || 4*most > int64(degree) {
		t.Errorf("the layer read %d relations of the hub's %d, want at most %d", visits, degree, most)
	}
}

// A neighbourhood whose relations the limit cuts is truncated also when
// the relations kept are those ExpandLayer returned: two actors linked by
// several relations, cut to one.
func TestNeighborhoodCutToItsFirstRelationIsTruncated(t *testing.T) {
	s := New()
	a := storetest.Actor("a", "Aland", "country")
	b := storetest.Actor("b", "Bland", "country")
	g := storetest.NewArticle("ab", "A and B", "Wire", "2025-04-01", "A cooperated with B. A demanded it of B. A supported B.").
		Entity(a).Entity(b).
		Relate(ontology.Cooperated, a.ID, b.ID, store.Qualifiers{}, "A cooperated with B").
		Relate(ontology.Demanded, a.ID, b.ID, store.Qualifiers{}, "A demanded it of B").
		Relate(ontology.Supported, a.ID, b.ID, store.Qualifiers{}, "A supported B").
		Build()
	put(t, s, g)
	q := traverse.NeighborhoodQuery{ID: a.ID, Depth: 1, Limit: 10, Relations: 1}
	want, err := traverse.Neighborhood(context.Background(), expandOnly{s}, q)
	if err != nil {
		t.Fatal(err)
	}
	got, err := traverse.Neighborhood(context.Background(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	if !want.Truncated || len(want.Relations) != 1 {
		t.Fatalf("Expand's neighbourhood has %d relations, truncated %t; want 1, truncated", len(want.Relations), want.Truncated)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-Expand +ExpandLayer):\n%s", diff)
	}
}
