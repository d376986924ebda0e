package neo4jstore

import (
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestLevelStatements counts the statements of relation levels: a nested
// level (the relations of several entities, each query the same but for
// its entity) with its ends, articles and counts is one statement, cut
// pages included; a query without an entity
// adds its own, and one for its ends and articles, and one for its count
// when its page is cut.
func TestLevelStatements(t *testing.T) {
	s := openTestStore(t)
	for _, g := range append(storetest.Ukraine(), storetest.Star(12)) {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	hub := store.EntityID("Actor", "star-hub")
	all := func(qs ...store.RelationQuery) store.LevelQuery {
		return store.LevelQuery{Queries: qs, Ends: true, Articles: true, Counts: true}
	}
	tests := []struct {
		name string
		q    store.LevelQuery
		want int64
	}{
		{"the relations of several entities, pages cut", all(
			store.RelationQuery{Entity: hub, First: 1},
			store.RelationQuery{Entity: storetest.StarSpokeID(0), First: 1},
			store.RelationQuery{Entity: storetest.StarSpokeID(1), First: 1}), 1},
		{"one entity's relations, page cut", all(store.RelationQuery{Entity: hub, First: 5}), 1},
		{"one entity's relations, whole page", all(store.RelationQuery{Entity: hub, First: 100}), 1},
		{"relations only", store.LevelQuery{Queries: []store.RelationQuery{{Entity: hub, First: 5}}}, 1},
		{"a query without an entity, page cut", all(store.RelationQuery{First: 2}), 3},
	}
	for _, tt := range tests {
		p := &profiler{}
		profiling.Store(p)
		lv, err := s.ReadLevel(t.Context(), tt.q)
		profiling.Store(nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := p.statements.Load(); got != tt.want {
			t.Errorf("%s: %d statements, want %d", tt.name, got, tt.want)
		}
		if tt.q.Counts && len(lv.Counts) != len(tt.q.Queries) {
			t.Errorf("%s: %d counts for %d queries", tt.name, len(lv.Counts), len(tt.q.Queries))
		}
	}
}
