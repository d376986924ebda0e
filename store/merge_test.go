package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func TestMergeClaims(t *testing.T) {
	actor := func(article string, e store.Entity) store.ArticleClaim {
		e.ID, e.Type = "actor:x", ontology.Actor
		return store.ArticleClaim{Article: article, Entity: e}
	}
	cases := []struct {
		name   string
		claims []store.ArticleClaim
		want   *store.Entity
	}{
		{"no claims: no entity", nil, nil},
		{"one claim", []store.ArticleClaim{actor("article:a", store.Entity{Name: "X", Kind: "person", Aliases: []string{"Y"}})},
			&store.Entity{ID: "actor:x", Type: ontology.Actor, Name: "X", Kind: "person", Aliases: []string{"Y"},
				Articles: []string{"article:a"}}},
		{"the first article by id wins each field, whatever the order given", []store.ArticleClaim{
			actor("article:b", store.Entity{Name: "B", Kind: "government", Wikidata: "Q2"}),
			actor("article:a", store.Entity{Name: "A", Wikidata: ""}),
		}, &store.Entity{ID: "actor:x", Type: ontology.Actor, Name: "A", Kind: "government", Wikidata: "Q2",
			Aliases: []string{"B"}, Articles: []string{"article:a", "article:b"}}},
		{"claims of one article: in the order given", []store.ArticleClaim{
			actor("article:a", store.Entity{Name: "First"}),
			actor("article:a", store.Entity{Name: "Second", Aliases: []string{"First", ""}}),
		}, &store.Entity{ID: "actor:x", Type: ontology.Actor, Name: "First", Aliases: []string{"Second"},
			Articles: []string{"article:a"}}},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, store.MergeClaims(c.claims), cmpEmpty); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

func TestMergeClaimsMeetingAndPlaceFields(t *testing.T) {
	lat, lon := 41.0, 29.0
	claims := []store.ArticleClaim{
		{Article: "article:c", Entity: store.Entity{ID: "place:p", Type: ontology.Place, Name: "P", Latitude: &lat, Longitude: &lon}},
		{Article: "article:b", Entity: store.Entity{ID: "place:p", Type: ontology.Place, Name: "P", Latitude: &lat}}, // no longitude: no position
		{Article: "article:a", Entity: store.Entity{ID: "place:p", Type: ontology.Place, Name: "P", Round: 2, Format: "direct",
			Date: "2025-06-03", EndDate: "2025-06-04", Status: "signed"}},
	}
	want := &store.Entity{ID: "place:p", Type: ontology.Place, Name: "P", Round: 2, Format: "direct", Date: "2025-06-03",
		EndDate: "2025-06-04", Status: "signed", Latitude: &lat, Longitude: &lon,
		Articles: []string{"article:a", "article:b", "article:c"}}
	got := store.MergeClaims(claims)
	if d := cmp.Diff(want, got, cmpEmpty); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if got.Latitude == &lat {
		t.Error("the merged latitude shares the claim's pointer")
	}
}

func TestSortEvidence(t *testing.T) {
	ev := []store.Evidence{{Article: "b", Start: 0, End: 1}, {Article: "a", Start: 5, End: 9}, {Article: "a", Start: 5, End: 6},
		{Article: "a", Start: 1, End: 2}}
	store.SortEvidence(ev)
	want := []store.Evidence{{Article: "a", Start: 1, End: 2}, {Article: "a", Start: 5, End: 6}, {Article: "a", Start: 5, End: 9},
		{Article: "b", Start: 0, End: 1}}
	if d := cmp.Diff(want, ev); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
