package neo4jstore

import (
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestRelationIDLookupStatements counts the statements of relation lists
// that only name relations by id: those with the same evidence options
// are one statement, however many; other options and other queries add
// their own.
func TestRelationIDLookupStatements(t *testing.T) {
	s := openTestStore(t)
	for _, g := range append(storetest.Ukraine(), storetest.Star(12)) {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ListRelations(t.Context(), store.RelationQuery{First: 12})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) < 12 {
		t.Fatalf("%d relations, want 12", len(all.Items))
	}
	lookup := func(noEvidence bool, items ...*store.Relation) store.RelationQuery {
		var ids []string
		for _, r := range items {
			ids = append(ids, r.ID)
		}
		return store.RelationQuery{Where: &store.RelationFilter{ID: &store.StringFilter{In: ids}},
			Order: store.Order{Field: store.OrderByID}, First: len(ids), NoEvidence: noEvidence}
	}
	r := all.Items
	tests := []struct {
		name string
		qs   []store.RelationQuery
		want int64
	}{
		{"three lookups", []store.RelationQuery{lookup(true, r[0], r[1]), lookup(true, r[2]), lookup(true, r[3], r[4])}, 1},
		{"lookups of two kinds", []store.RelationQuery{lookup(true, r[0]), lookup(false, r[1]), lookup(true, r[2])}, 2},
		{"lookups and a list", []store.RelationQuery{lookup(true, r[0]), lookup(true, r[1]), {First: 3}}, 2},
		{"a page that cannot hold its ids is a list", []store.RelationQuery{{
			Where: &store.RelationFilter{ID: &store.StringFilter{In: []string{r[0].ID, r[1].ID}}},
			Order: store.Order{Field: store.OrderByID}, First: 1}, lookup(true, r[2])}, 2},
	}
	for _, tt := range tests {
		p := &profiler{}
		profiling.Store(p)
		pages, err := s.RelationsOf(t.Context(), tt.qs)
		profiling.Store(nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := p.statements.Load(); got != tt.want {
			t.Errorf("%s: %d statements, want %d", tt.name, got, tt.want)
		}
		for i, q := range tt.qs {
			want := q.First
			if q.Where != nil {
				want = min(len(q.Where.ID.In), q.First)
			}
			if len(pages[i].Items) != want {
				t.Errorf("%s: query %d: %d relations, want %d", tt.name, i, len(pages[i].Items), want)
			}
		}
	}
}
