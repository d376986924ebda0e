package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNestedTotalCountCalls counts the store calls of nested relation
// lists with totalCount: one per level, however many parents, and no
// count of its own for a page that holds every relation.
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
			map[string]int{"ListEntities": 1, "RelationsOf": 1}},
		{"three levels", `{ actors(first: 20) { nodes { relations { totalCount nodes { target {
			relations { totalCount } } } } } } }`,
			map[string]int{"ListEntities": 1, "RelationsOf": 2, "Entities": 1}},
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
