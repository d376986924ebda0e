package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// evidenceOf is the evidence an article's text gives for quote.
func evidenceOf(article, text, quote string) store.Evidence {
	start, end := SpanOf(text, quote)
	return store.Evidence{Article: article, Quote: quote, Start: start, End: end}
}

// relationOf looks one relation up and fails the test when it is missing.
func relationOf(t *testing.T, s store.Store, id string) *store.Relation {
	t.Helper()
	rs, err := s.Relations(t.Context(), []string{id})
	if err != nil {
		t.Fatalf("Relations(%s): %v", id, err)
	}
	if rs[0] == nil {
		t.Fatalf("relation %s is missing", id)
	}
	return rs[0]
}

// testEvidence covers relation identity and evidence: one relation per type,
// ends and qualifiers; one piece of evidence per statement, sorted by
// article, start and end.
func testEvidence(t *testing.T, f Factory) {
	t.Run("SeveralArticles", func(t *testing.T) {
		s, _ := loaded(t, f, DirectTalks(), IstanbulTalks())
		want := &store.Relation{
			ID: rDemandedCeasefire, Type: ontology.Demanded, Source: ukraine, Target: ceasefire,
			Evidence: []store.Evidence{
				evidenceOf(artTalks, talksText, "Ukraine demanded a full ceasefire of at least 30 days"),
				evidenceOf(artDirect, directText, "Kyiv again demanded a full ceasefire"),
			},
		}
		if d := Diff(want, relationOf(t, s, rDemandedCeasefire)); d != "" {
			t.Errorf("relation stated by two articles (-want +got):\n%s", d)
		}
	})

	// One article stating the same relation several times, in claims given
	// in an order other than the text's.
	text := "Russia rejected the ceasefire on Monday. Earlier, Russia had rejected it too."
	rejected := store.RelationID(ontology.Rejected, russia, ceasefire, store.Qualifiers{})
	twice := func() *Builder {
		return NewArticle("twice", "Russia rejects a ceasefire again", "AP", "2025-06-10", text).
			Entity(Actor("Q159", "Russia", "country"), "Russia").
			Entity(Agreement("full-ceasefire", "Full ceasefire", "ceasefire", "rejected"), "ceasefire").
			Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "Russia had rejected it too").
			Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "Russia rejected the ceasefire on Monday").
			Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "Russia rejected")
	}
	art := store.ArticleID("twice")
	wantTwice := &store.Relation{
		ID: rejected, Type: ontology.Rejected, Source: russia, Target: ceasefire,
		Evidence: []store.Evidence{ // by start, then end
			evidenceOf(art, text, "Russia rejected"),
			evidenceOf(art, text, "Russia rejected the ceasefire on Monday"),
			evidenceOf(art, text, "Russia had rejected it too"),
		},
	}

	t.Run("OneArticleOneClaimSeveralQuotes", func(t *testing.T) {
		s := f(t)
		res, err := s.PutArticle(t.Context(), twice().Build())
		if err != nil {
			t.Fatal(err)
		}
		if res.Relations != 1 {
			t.Errorf("PutResult.Relations = %d, want 1", res.Relations)
		}
		if d := Diff(wantTwice, relationOf(t, s, rejected)); d != "" {
			t.Errorf("evidence (-want +got):\n%s", d)
		}
	})

	t.Run("OneArticleSeveralClaims", func(t *testing.T) {
		// The same statements as separate claims of one relation.
		g := twice().Build()
		one := g.Relations[0].Relation
		g.Relations = nil
		for _, ev := range one.Evidence {
			r := *one.Clone()
			r.Evidence = []store.Evidence{ev}
			g.Relations = append(g.Relations, store.RelationClaim{Relation: r})
		}
		s := f(t)
		res, err := s.PutArticle(t.Context(), g)
		if err != nil {
			t.Fatal(err)
		}
		if res.Relations != 1 {
			t.Errorf("PutResult.Relations = %d, want 1 (distinct relations)", res.Relations)
		}
		if d := Diff(wantTwice, relationOf(t, s, rejected)); d != "" {
			t.Errorf("evidence (-want +got):\n%s", d)
		}
		n, err := s.CountRelations(t.Context(), store.RelationQuery{})
		if err != nil || n != 1 {
			t.Errorf("CountRelations = %d, %v; want 1", n, err)
		}
	})

	t.Run("StoreFillsInArticleAndID", func(t *testing.T) {
		g := twice().Build()
		g.Relations[0].Relation.ID = ""
		for i := range g.Relations[0].Relation.Evidence {
			g.Relations[0].Relation.Evidence[i].Article = ""
		}
		s := f(t)
		mustPut(t, s, g)
		if d := Diff(wantTwice, relationOf(t, s, rejected)); d != "" {
			t.Errorf("evidence (-want +got):\n%s", d)
		}
	})

	t.Run("QualifiersArePartOfIdentity", func(t *testing.T) {
		text := "Ukraine handed over 84 prisoners of war and 6,000 soldiers' remains to Russia."
		pows := store.Qualifiers{Quantity: Qty(84), Item: "prisoners of war"}
		remains := store.Qualifiers{Quantity: Qty(6000), Item: "soldiers' remains"}
		g := NewArticle("handover", "Ukraine hands over prisoners and remains", "AP", "2025-06-11", text).
			Entity(Actor("Q212", "Ukraine", "country"), "Ukraine").
			Entity(Actor("Q159", "Russia", "country"), "Russia").
			Relate(ontology.Exchanged, ukraine, russia, pows, "handed over 84 prisoners of war").
			Relate(ontology.Exchanged, ukraine, russia, remains, "6,000 soldiers' remains").
			Build()
		s, m := loaded(t, f, g)
		art := g.Article.ID
		want := []*store.Relation{
			{
				ID:   store.RelationID(ontology.Exchanged, ukraine, russia, pows),
				Type: ontology.Exchanged, Source: ukraine, Target: russia, Qualifiers: pows,
				Evidence: []store.Evidence{evidenceOf(art, text, "handed over 84 prisoners of war")},
			},
			{
				ID:   store.RelationID(ontology.Exchanged, ukraine, russia, remains),
				Type: ontology.Exchanged, Source: ukraine, Target: russia, Qualifiers: remains,
				Evidence: []store.Evidence{evidenceOf(art, text, "6,000 soldiers' remains")},
			},
		}
		got, err := s.Relations(t.Context(), []string{want[0].ID, want[1].ID})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("relations differing only by qualifiers (-want +got):\n%s", d)
		}
		CheckModel(t, s, m)
	})
}
