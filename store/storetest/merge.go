package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// testMerge covers how an entity named by several articles is merged (see
// store.MergeClaims), with expectations written out by hand.
func testMerge(t *testing.T, f Factory) {
	lat, lon := 41.0082, 28.9784
	russiaBoth := &store.Entity{
		ID: russia, Type: ontology.Actor, Kind: "country", Name: "Russia", Wikidata: "Q159",
		Aliases:  []string{"Moscow", "RF", "Russian Federation"},
		Articles: []string{artTalks, artDirect},
	}
	ceasefireBoth := &store.Entity{
		ID: ceasefire, Type: ontology.Agreement, Kind: "ceasefire", Name: "Full ceasefire", Status: "rejected",
		Aliases:  []string{"30-day ceasefire"},
		Articles: []string{artTalks, artDirect},
	}
	istanbulBoth := &store.Entity{
		ID: istanbul, Type: ontology.Place, Kind: "city", Name: "Istanbul", Wikidata: "Q406",
		Latitude: &lat, Longitude: &lon,
		Articles: []string{artTalks, artDirect},
	}
	meeting := &store.Entity{
		ID: secondRound, Type: ontology.Meeting, Name: "Second round of peace talks",
		Aliases: []string{"Istanbul talks"}, Date: "2025-06-03", Round: 2, Format: "bilateral",
		Articles: []string{artTalks},
	}
	ids := []string{russia, ceasefire, istanbul, secondRound}

	check := func(t *testing.T, s store.Store, want []*store.Entity) {
		t.Helper()
		got, err := s.Entities(t.Context(), ids)
		if err != nil {
			t.Fatalf("Entities: %v", err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("merged entities (-want +got):\n%s", d)
		}
	}

	t.Run("SmallerArticleIDWins", func(t *testing.T) {
		for _, order := range [][]*store.ArticleGraph{
			{IstanbulTalks(), DirectTalks()},
			{DirectTalks(), IstanbulTalks()},
		} {
			s, _ := loaded(t, f, order...)
			check(t, s, []*store.Entity{russiaBoth, ceasefireBoth, istanbulBoth, meeting})
		}
	})

	t.Run("ThreeArticles", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		ru := *russiaBoth
		ru.Articles = []string{artSanctions, artTalks, artDirect}
		check(t, s, []*store.Entity{&ru, ceasefireBoth, istanbulBoth, meeting})
		CheckModel(t, s, m)
	})

	t.Run("RecomputedAfterDelete", func(t *testing.T) {
		s, m := loaded(t, f, IstanbulTalks(), DirectTalks())
		if _, err := s.DeleteArticle(t.Context(), artTalks); err != nil {
			t.Fatal(err)
		}
		want := []*store.Entity{
			{
				ID: russia, Type: ontology.Actor, Kind: "country", Name: "Russian Federation", Wikidata: "Q159",
				Aliases: []string{"Moscow"}, Articles: []string{artDirect},
			},
			{
				ID: ceasefire, Type: ontology.Agreement, Kind: "ceasefire", Name: "Full ceasefire", Status: "demanded",
				Aliases: []string{"30-day ceasefire"}, Articles: []string{artDirect},
			},
			{
				ID: istanbul, Type: ontology.Place, Kind: "city", Name: "Istanbul", Wikidata: "Q406",
				Articles: []string{artDirect},
			},
			nil,
		}
		check(t, s, want)
		m.Delete(artTalks)
		CheckModel(t, s, m)
	})
}
