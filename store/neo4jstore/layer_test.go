package neo4jstore

import (
	"fmt"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
	"newsgraph/store/traverse"
)

// layerCost is what the statements of a neighbourhood read: their db hits,
// the heads their index seeks produced, the entities their index scans
// produced, and the operators that read a whole label or type or expand
// a node's relationships.
type layerCost struct {
	hits, heads, entities int64
	scans                 []string
}

// neighborhoodCost computes the neighbourhood q on s under PROFILE and
// returns what its statements read.
func neighborhoodCost(t *testing.T, s *Store, q traverse.NeighborhoodQuery) (*traverse.Subgraph, layerCost) {
	t.Helper()
	var c layerCost
	var walk func(p neo4j.ProfiledPlan)
	walk = func(p neo4j.ProfiledPlan) {
		op, _, _ := strings.Cut(p.Operator(), "@")
		details, _ := p.Arguments()["Details"].(string)
		switch {
		case strings.HasSuffix(op, "RelationshipIndexSeek") && strings.Contains(details, ":"+headType):
			c.heads += p.Records()
		case op == "NodeIndexScan":
			c.entities += p.Records()
		case strings.Contains(op, "Scan") || strings.HasPrefix(op, "Expand") || strings.HasPrefix(op, "OptionalExpand"):
			c.scans = append(c.scans, op+" "+details)
		}
		for _, ch := range p.Children() {
			walk(ch)
		}
	}
	p := &profiler{plan: func(_ string, plan neo4j.ProfiledPlan) { walk(plan) }}
	profiling.Store(p)
	defer profiling.Store(nil)
	sub, err := traverse.Neighborhood(t.Context(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	c.hits = p.hits.Load()
	return sub, c
}

// TestNeighborhoodLayerCostsWhatItKeeps checks the plans of a hub's
// first layer cut to a few nodes, on hubs of 20 and 80 neighbours with
// five relations each (Fan): the layer reads the hub's relations to the
// nodes it keeps and one more, never the others, so that it costs the
// same on both hubs, and reads no evidence (no expansion, no scan of a
// relationship type). Both ways of finding the new ends are checked: by
// the hub's heads in the order of their other end (entities plenty), and
// by the entities in id order (a hub with more relations than twice the
// entities).
func TestNeighborhoodLayerCostsWhatItKeeps(t *testing.T) {
	const limit = 4 // the hub and 3 ends, and one more that tells the layer is cut
	for _, byEntities := range []bool{false, true} {
		var costs []layerCost
		for _, ends := range []int{20, 80} {
			name := fmt.Sprintf("fan of %d, ends found by entities %t", ends, byEntities)
			s := openTestStore(t)
			gs := []*store.ArticleGraph{storetest.Fan(ends)}
			if !byEntities {
				gs = append(gs, storetest.Chain(5*ends))
			}
			for _, g := range gs {
				if _, err := s.PutArticle(t.Context(), g); err != nil {
					t.Fatal(err)
				}
			}
			q := traverse.NeighborhoodQuery{ID: storetest.FanHubID, Depth: 2, Limit: limit}
			want, err := traverse.Neighborhood(t.Context(), expandOnly{s}, q)
			if err != nil {
				t.Fatal(err)
			}
			got, cost := neighborhoodCost(t, s, q)
			if d := storetest.Diff(want, got); d != "" {
				t.Fatalf("%s: (-Expand +layers):\n%s", name, d)
			}
			if !got.Truncated || len(got.Nodes) != limit {
				t.Fatalf("%s: %d nodes, truncated %t; want %d, truncated", name, len(got.Nodes), got.Truncated, limit)
			}
			if len(cost.scans) > 0 {
				t.Errorf("%s: the statements scan or expand: %v", name, cost.scans)
			}
			// The five relations to each of the limit ends (the hub's 3
			// kept and the one more), each read twice at most (finding
			// the ends, reading the relations), and the first relation
			// to each end on each side: not one more for a larger hub.
			if most := int64(2*5*limit + 2*limit); cost.heads > most {
				t.Errorf("%s: the index seeks read %d heads, want at most %d of the hub's %d", name, cost.heads, most, 5*ends)
			}
			if byEntities && (cost.entities == 0 || cost.entities > limit+1) {
				t.Errorf("%s: %d entities read in id order, want 1 to %d", name, cost.entities, limit+1)
			}
			if !byEntities && cost.entities > 0 {
				t.Errorf("%s: %d entities read in id order, want none: the hub's heads tell its ends", name, cost.entities)
			}
			costs = append(costs, cost)
		}
		if costs[0].hits != costs[1].hits {
			t.Errorf("ends found by entities %t: %d db hits for the hub of 20 ends, %d for the hub of 80; want the same",
				byEntities, costs[0].hits, costs[1].hits)
		}
	}
}

// A layer of types counts the frontier's relations of those types (the
// budget it spends), from their heads: the neighbourhood with a budget
// below them is Expand's, cut where Expand cuts.
func TestNeighborhoodLayerOfTypesSpendsItsRelations(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutArticle(t.Context(), storetest.Fan(6)); err != nil {
		t.Fatal(err)
	}
	// The hub has 24 DEMANDED relations (and 6 SUPPORTED), its 6 ends 4
	// each: the two layers spend 48.
	for _, budget := range []int{6, 24, 47, 48} {
		q := traverse.NeighborhoodQuery{ID: storetest.FanHubID, Depth: 3, Types: []ontology.RelationType{ontology.Demanded}, Budget: budget}
		want, err := traverse.Neighborhood(t.Context(), expandOnly{s}, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := traverse.Neighborhood(t.Context(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		if d := storetest.Diff(want, got); d != "" {
			t.Errorf("budget %d (-Expand +layers):\n%s", budget, d)
		}
		if wantCut := budget < 48; got.Truncated != wantCut {
			t.Errorf("budget %d: truncated %t, want %t", budget, got.Truncated, wantCut)
		}
	}
}

// TestNeighborhoodLayerReadsItsRelationLimit checks the plans of a hub's
// layer cut by its relation limit, on hubs whose runs of relations to
// each of their three ends are 20 and 80 long (as the archive restates a
// pair with other qualifiers): the layer reads the hub's heads in relId
// order up to one more than the limit of those to the ends, on each side,
// not the runs, so that it costs the same on both hubs, and reads no
// evidence (no expansion, no scan).
func TestNeighborhoodLayerReadsItsRelationLimit(t *testing.T) {
	const ends, relations = 3, 5
	hub := store.EntityID(ontology.Actor, "run-hub")
	var costs []layerCost
	for _, run := range []int{20, 80} {
		s := openTestStore(t)
		b := storetest.NewArticle("runs", "Runs", "Generated", "2025-02-01", "The hub demanded.").
			Entity(storetest.Actor("run-hub", "Run hub", "government"))
		for i := range ends {
			b.Entity(storetest.Actor(fmt.Sprintf("run-%d", i), fmt.Sprintf("Run end %d", i), "government"))
			for item := range run {
				b.Relate(ontology.Demanded, hub, store.EntityID(ontology.Actor, fmt.Sprintf("run-%d", i)),
					store.Qualifiers{Item: fmt.Sprintf("item %d", item)}, "demanded")
			}
		}
		if _, err := s.PutArticle(t.Context(), b.Build()); err != nil {
			t.Fatal(err)
		}
		q := traverse.NeighborhoodQuery{ID: hub, Depth: 1, Relations: relations}
		want, err := traverse.Neighborhood(t.Context(), expandOnly{s}, q)
		if err != nil {
			t.Fatal(err)
		}
		got, cost := neighborhoodCost(t, s, q)
		if d := storetest.Diff(want, got); d != "" {
			t.Fatalf("runs of %d: (-Expand +layers):\n%s", run, d)
		}
		if len(got.Nodes) != ends+1 || len(got.Relations) != relations || !got.Truncated {
			t.Fatalf("runs of %d: %d nodes, %d relations, truncated %t; want %d, %d, truncated", run, len(got.Nodes),
				len(got.Relations), got.Truncated, ends+1, relations)
		}
		if len(cost.scans) > 0 {
			t.Errorf("runs of %d: the statements scan or expand: %v", run, cost.scans)
		}
		// The ends, found by testing each entity on each side; the first
		// relation to each end on each side; and the first relations+1
		// to the ends on each side.
		if most := int64(2*(ends+1) + 2*ends + 2*(relations+1)); cost.heads > most {
			t.Errorf("runs of %d: the index seeks read %d heads, want at most %d of the hub's %d", run, cost.heads, most, ends*run)
		}
		costs = append(costs, cost)
	}
	if costs[0].hits != costs[1].hits {
		t.Errorf("%d db hits for runs of 20, %d for runs of 80; want the same", costs[0].hits, costs[1].hits)
	}
}
