package embedded

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// ofTypesByScan are the ids, sorted, of the relations of an entity in a
// direction of the types, found by reading every relation of the graph.
func ofTypesByScan(g *graph, entity string, dir store.Direction, types []ontology.RelationType) []string {
	ids := []string{}
	for id, n := range g.relations {
		if r := n.merged; touches(r, entity, dir) && (types == nil || slices.Contains(types, r.Type)) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Pages of an entity's relations of some types, in id order, walked by
// cursor, list the relations of those types that a scan of the graph
// finds, and each page looks at no relation of another type: its size and
// one more at most.
func TestEntityRelationsOfTypes(t *testing.T) {
	s := synthStore(t, 300)
	typeSets := [][]ontology.RelationType{
		{ontology.Demanded}, {ontology.Rejected, ontology.Attended}, {ontology.HeldIn, ontology.Demanded, ontology.LED},
	}
	ctx := context.Background()
	for _, id := range byDegree(t, s, 3) {
		for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
			for _, types := range typeSets {
				want := ofTypesByScan(s.g, id, dir, types)
				for _, first := range []int{1, 7} {
					name := fmt.Sprintf("%s/%s/%v/first=%d", id, dir, types, first)
					q := store.RelationQuery{Entity: id, Direction: dir, Types: types, First: first}
					got := []string{}
					for {
						before := s.g.pageVisits.Load()
						page, err := s.ListRelations(ctx, q)
						if err != nil {
							t.Fatal(err)
						}
						if visits := s.g.pageVisits.Load() - before; visits > int64(first+1) {
							t.Errorf("%s after %q: the page looked at %d relations, want at most %d", name, q.After, visits, first+1)
						}
						for _, r := range page.Items {
							got = append(got, r.ID)
						}
						if !page.HasNextPage {
							break
						}
						q.After = page.EndCursor()
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: the pages differ from the scan (-scan +pages):\n%s", name, diff)
					}
				}
				count, err := s.CountRelations(ctx, store.RelationQuery{Entity: id, Direction: dir, Types: types})
				if err != nil {
					t.Fatal(err)
				}
				if count != len(want) {
					t.Errorf("%s/%s/%v: CountRelations is %d, the scan finds %d", id, dir, types, count, len(want))
				}
			}
		}
	}
}

// A relation list of a type anchored on an end's name (the README's "what
// did X demand") reads the anchor's relations of that type only.
func TestAnchoredListReadsTheAnchorsRelationsOfItsTypes(t *testing.T) {
	s := synthStore(t, 300)
	hub := s.g.entities[byDegree(t, s, 1)[0]].merged
	want := ofTypesByScan(s.g, hub.ID, store.Out, []ontology.RelationType{ontology.Demanded})
	if degree := s.g.entities[hub.ID].degree(); len(want) == 0 || degree < 4*len(want) {
		t.Fatalf("the hub has %d DEMANDED relations of %d; the test needs a few, and many of other types", len(want), degree)
	}
	before := s.g.pageVisits.Load()
	page, err := s.ListRelations(context.Background(), store.RelationQuery{Types: []ontology.RelationType{ontology.Demanded},
		Where: &store.RelationFilter{Source: &store.EntityFilter{Name: &store.StringFilter{Eq: &hub.Name}}}, First: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if visits := s.g.pageVisits.Load() - before; visits != int64(len(want)) {
		t.Errorf("the list looked at %d relations; the hub has %d DEMANDED", visits, len(want))
	}
	var got []string
	for _, r := range page.Items {
		if r.Source == hub.ID {
			got = append(got, r.ID)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the hub's DEMANDED relations (-scan +list):\n%s", diff)
	}
}
