package storetest

import (
	"fmt"
	"slices"
	"testing"

	"newsgraph/store"
)

// testRelationIDLookups covers relation lists that only name relations by
// id (a filter of ids, in id order, a page that holds them all), as the
// relations of a neighbourhood or a path are looked up, several in one
// RelationsOf call and next to another query: each page is the relations
// of its ids that exist, in id order, as Relations returns them, with the
// query's evidence options applied.
func testRelationIDLookups(t *testing.T, f Factory) {
	s, _ := loaded(t, f, Ukraine()...)
	ctx := t.Context()
	all, err := s.ListRelations(ctx, store.RelationQuery{First: store.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) < 6 {
		t.Fatalf("%d relations in the fixture, want 6 or more", len(all.Items))
	}
	var ids []string
	for _, r := range all.Items {
		ids = append(ids, r.ID)
	}
	full, err := s.Relations(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*store.Relation{}
	for _, r := range full {
		byID[r.ID] = r
	}
	// Sets of ids, out of order, with repeats and an unknown id.
	sets := [][]string{
		{ids[3], ids[0], "relation:unknown", ids[3]},
		{ids[1], ids[2], ids[4]},
		{ids[5]},
	}
	options := []struct {
		name  string
		apply func(*store.RelationQuery)
		want  func(*store.Relation) *store.Relation
	}{
		{"AllEvidence", func(*store.RelationQuery) {}, func(r *store.Relation) *store.Relation { return r.Clone() }},
		{"NoEvidence", func(q *store.RelationQuery) { q.NoEvidence = true }, func(r *store.Relation) *store.Relation {
			c := r.Clone()
			c.Evidence = nil
			return c
		}},
		{"EvidenceLimit", func(q *store.RelationQuery) { q.EvidenceLimit = 1 }, func(r *store.Relation) *store.Relation {
			return r.CloneLimited(1)
		}},
		{"ArticleOnly", func(q *store.RelationQuery) { q.ArticleOnlyEvidence = true }, func(r *store.Relation) *store.Relation {
			c := r.Clone()
			c.Evidence = store.ArticleOnly(r.Evidence)
			return c
		}},
	}
	for _, o := range options {
		t.Run(o.name, func(t *testing.T) {
			var qs []store.RelationQuery
			for _, set := range sets {
				q := store.RelationQuery{Where: &store.RelationFilter{ID: &store.StringFilter{In: set}},
					Order: store.Order{Field: store.OrderByID}, First: len(set)}
				o.apply(&q)
				qs = append(qs, q)
			}
			// Another query in the same call keeps its own answer.
			qs = append(qs, store.RelationQuery{First: 2})
			pages, err := s.RelationsOf(ctx, qs)
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != len(qs) {
				t.Fatalf("%d pages for %d queries", len(pages), len(qs))
			}
			for k, set := range sets {
				known := slices.DeleteFunc(slices.Clone(set), func(id string) bool { return byID[id] == nil })
				slices.Sort(known)
				known = slices.Compact(known)
				var want []*store.Relation
				for _, id := range known {
					want = append(want, o.want(byID[id]))
				}
				if d := Diff(want, pages[k].Items); d != "" {
					t.Errorf("ids %v (-want +got):\n%s", set, d)
				}
				if pages[k].HasNextPage {
					t.Errorf("ids %v: a next page, want none", set)
				}
			}
			other, err := s.ListRelations(ctx, store.RelationQuery{First: 2})
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(other, pages[len(sets)]); d != "" {
				t.Errorf("the other query's page (-want +got):\n%s", d)
			}
			if got := fmt.Sprint(len(pages[len(sets)].Items)); got != "2" {
				t.Errorf("the other query's page has %s relations, want 2", got)
			}
		})
	}
}
