package graph_test

import (
	"path/filepath"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"
)

// TestRelationPlace ingests two attacks at two places: they are two
// relations, each showing its place on the relation and on its timeline
// entry, and relations filter by place.
func TestRelationPlace(t *testing.T) {
	a := newAPI(t)
	if got := a.ingest(t, inputOf(t, filepath.Join("testdata", "placed-attacks.json"))); got.IngestArticle.Relations != 2 {
		t.Fatalf("ingest: %+v, want two relations", got)
	}
	type place struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	var resp struct {
		Relations struct {
			Nodes []struct {
				Place *place `json:"place"`
			} `json:"nodes"`
		} `json:"relations"`
		Timeline struct {
			Edges []struct {
				Node struct {
					Date  string `json:"date"`
					Place *place `json:"place"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"timeline"`
	}
	query(t, a.client, `query($where: RelationWhere) {
	  relations(where: $where) { nodes { place { id name } } }
	  timeline(types: [ATTACKED]) { edges { node { date place { id name } } } }
	}`, &resp, client.Var("where", map[string]any{"place": map[string]any{"eq": "place:Q41183"}}))
	aleppo := &place{"place:Q41183", "Aleppo"}
	var got []*place
	for _, n := range resp.Relations.Nodes {
		got = append(got, n.Place)
	}
	if diff := cmp.Diff([]*place{aleppo}, got); diff != "" {
		t.Errorf("relations placed at Aleppo (-want +got):\n%s", diff)
	}
	var timeline []string
	for _, e := range resp.Timeline.Edges {
		timeline = append(timeline, e.Node.Date+" "+e.Node.Place.Name)
	}
	if diff := cmp.Diff([]string{"2025-03-01 Aleppo", "2025-03-02 Idlib"}, timeline); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
}
