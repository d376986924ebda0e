package graph_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"
)

// TestEffectiveDateFilter holds the effectiveDate filter of relations and
// timeline against the effectiveDate field: for each range, the relations
// the filter keeps are those whose field falls in it, and the timeline
// with the filter lists them (and no meeting).
func TestEffectiveDateFilter(t *testing.T) {
	s := newStore(t)
	loadExamples(t, s)
	putFiles(t, s, filepath.Join("testdata", "placed-attacks.json"), filepath.Join("testdata", "coded-arrest.json"))
	c := newClient(t, s)
	var all struct {
		Relations struct {
			Nodes []struct {
				ID            string  `json:"id"`
				EffectiveDate *string `json:"effectiveDate"`
			} `json:"nodes"`
		} `json:"relations"`
	}
	query(t, c, `{ relations(first: 100) { nodes { id effectiveDate } } }`, &all)
	if n := len(all.Relations.Nodes); n < 10 || n == 100 {
		t.Fatalf("%d relations; the test wants more than 10 and fewer than a page of 100", n)
	}
	for _, tt := range []struct{ gte, lte string }{
		{"2025-03-01", "2025-03-01"}, // the placed attack's own date
		{"2025-03-02", "2025-06-04"},
		{"2025-06-05", "2025-12-31"},
		{"2025-06-01", "2025-06-30"},
	} {
		t.Run(tt.gte+".."+tt.lte, func(t *testing.T) {
			var want []string
			for _, r := range all.Relations.Nodes {
				if d := r.EffectiveDate; d != nil && *d >= tt.gte && *d <= tt.lte {
					want = append(want, r.ID)
				}
			}
			if len(want) == 0 {
				t.Fatal("the range holds no relation; it tests nothing")
			}
			slices.Sort(want)
			where := map[string]any{"effectiveDate": map[string]any{"gte": tt.gte, "lte": tt.lte}}
			var resp struct {
				Relations struct {
					Nodes []struct{ ID string } `json:"nodes"`
				} `json:"relations"`
				Timeline struct {
					Edges []struct {
						Node struct {
							Relation *struct{ ID string } `json:"relation"`
							Meeting  *struct{ ID string } `json:"meeting"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"timeline"`
			}
			query(t, c, `query($where: RelationWhere) {
			  relations(where: $where, first: 100) { nodes { id } }
			  timeline(where: $where, first: 100) { edges { node { relation { id } meeting { id } } } }
			}`, &resp, client.Var("where", where))
			var listed, timeline []string
			for _, n := range resp.Relations.Nodes {
				listed = append(listed, n.ID)
			}
			for _, e := range resp.Timeline.Edges {
				if e.Node.Meeting != nil {
					t.Errorf("the timeline lists meeting %s", e.Node.Meeting.ID)
					continue
				}
				timeline = append(timeline, e.Node.Relation.ID)
			}
			slices.Sort(listed)
			slices.Sort(timeline)
			if diff := cmp.Diff(want, listed); diff != "" {
				t.Errorf("relations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, timeline); diff != "" {
				t.Errorf("timeline (-want +got):\n%s", diff)
			}
		})
	}
}
