package graph_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func (c *countingStore) CountRelationsOf(ctx context.Context, qs []store.RelationQuery) ([]int, error) {
	c.count("CountRelationsOf")
	return c.Store.CountRelationsOf(ctx, qs)
}

// TestNestedTotalCountCalls counts the store calls of nested relation
// lists with totalCount: one per level, however many parents, the counts
// of cut pages read with the level's relations (store.ReadLevel).
func TestNestedTotalCountCalls(t *testing.T) {
	s := newCountingStore(newStore(t))
	loadExamples(t, s)
	c := newPatientClient(t, s)
	tests := []struct {
		name  string
		query string
		want  map[string]int
	}{
		{"one level", `{ actors(first: 50) { nodes { relations { totalCount } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 1}},
		{"three levels", `{ actors(first: 20) { nodes { relations { totalCount nodes { target {
			relations { totalCount } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 2}},
		{"entity list and its totalCount in one call", `{ actors(first: 2) { totalCount nodes { id } } }`,
			map[string]int{"ListEntities": 1}},
		{"totalCount of an empty page", `{ actors(first: 0) { totalCount } }`,
			map[string]int{"ListEntities": 1}},
		{"one level, cut pages", `{ actors(first: 50) { nodes { relations(first: 1) { totalCount } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 1}},
		{"two levels, cut pages, two counts of the same relations", `{ actors(first: 50) { nodes {
			a: relations(first: 1) { totalCount } b: relations(first: 2, orderBy: {field: TYPE}) { totalCount }
			relations(first: 1) { nodes { target { relations(first: 1) { totalCount } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 2}},
	}
	for _, tt := range tests {
		var resp any
		s.snapshot()
		query(t, c, tt.query, &resp)
		if diff := cmp.Diff(tt.want, s.snapshot()); diff != "" {
			t.Errorf("%s: store calls (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestTotalCountFromPage checks that the totalCount read off a complete
// page is the count the store gives when the page is cut.
func TestTotalCountFromPage(t *testing.T) {
	_, c := seeded(t)
	type counts struct {
		Actors struct {
			Nodes []struct {
				ID        string `json:"id"`
				Relations struct {
					TotalCount int `json:"totalCount"`
				} `json:"relations"`
			} `json:"nodes"`
		} `json:"actors"`
	}
	var whole, cut counts
	query(t, c, `{ actors(first: 50) { nodes { id relations(first: 100) { totalCount } } } }`, &whole)
	query(t, c, `{ actors(first: 50) { nodes { id relations(first: 1) { totalCount } } } }`, &cut)
	if diff := cmp.Diff(cut, whole); diff != "" {
		t.Errorf("totalCount of complete pages (+) differs from the store's counts (-):\n%s", diff)
	}
	some := false
	for _, a := range whole.Actors.Nodes {
		some = some || a.Relations.TotalCount > 1
	}
	if !some {
		t.Errorf("no actor has more than one relation: the test compares nothing")
	}
}

// totalAsker records whether each ListEntities call asked for the total.
type totalAsker struct {
	store.Store
	asked []bool
}

func (a *totalAsker) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	a.asked = append(a.asked, q.WithTotal)
	return a.Store.ListEntities(ctx, q)
}

// TestEntityTotalWithList checks that an entity list asks the store for
// its total along with the page exactly when the request selects
// totalCount (in a fragment too), and that the total is the count.
func TestEntityTotalWithList(t *testing.T) {
	s := &totalAsker{Store: newStore(t)}
	loadExamples(t, s)
	c := newClient(t, s)
	n, err := s.CountEntities(t.Context(), store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		asked []bool
	}{
		{`{ actors(first: 2) { nodes { id } } }`, []bool{false}},
		{`{ actors(first: 2) { totalCount } }`, []bool{true}},
		{`{ actors(first: 2) { ...total } } fragment total on ActorConnection { totalCount }`, []bool{true}},
	}
	for _, tt := range tests {
		s.asked = nil
		var resp struct {
			Actors struct {
				TotalCount *int `json:"totalCount"`
			} `json:"actors"`
		}
		query(t, c, tt.query, &resp)
		if diff := cmp.Diff(tt.asked, s.asked); diff != "" {
			t.Errorf("%s: WithTotal of ListEntities calls (-want +got):\n%s", tt.query, diff)
		}
		if tt.asked[0] && (resp.Actors.TotalCount == nil || *resp.Actors.TotalCount != n) {
			t.Errorf("%s: totalCount = %v, want %d", tt.query, resp.Actors.TotalCount, n)
		}
	}
}
