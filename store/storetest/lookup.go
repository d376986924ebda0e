package storetest

import (
	"testing"

	"newsgraph/store"
)

// testLookup covers Entities, Articles and Relations: answers aligned with
// the ids asked for, nil for an unknown id or an id of another kind.
func testLookup(t *testing.T, f Factory) {
	s, m := loaded(t, f, Ukraine()...)
	ctx := t.Context()

	t.Run("Entities", func(t *testing.T) {
		ids := []string{ukraine, "actor:nobody", artTalks, rDemandedCeasefire, istanbul, "", ukraine, "nonsense"}
		want := []*store.Entity{m.Entity(ukraine), nil, nil, nil, m.Entity(istanbul), nil, m.Entity(ukraine), nil}
		got, err := s.Entities(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("Entities(%q) (-want +got):\n%s", ids, d)
		}
	})

	t.Run("Articles", func(t *testing.T) {
		ids := []string{artDirect, ukraine, "article:nope", rProposed, artTalks}
		want := []*store.Article{m.Article(artDirect), nil, nil, nil, m.Article(artTalks)}
		got, err := s.Articles(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("Articles(%q) (-want +got):\n%s", ids, d)
		}
	})

	t.Run("Relations", func(t *testing.T) {
		ids := []string{rExchangedRU, ukraine, "relation:000000000000000000000000", artTalks, rAided}
		want := []*store.Relation{m.Relation(rExchangedRU), nil, nil, nil, m.Relation(rAided)}
		got, err := s.Relations(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("Relations(%q) (-want +got):\n%s", ids, d)
		}
	})

	t.Run("NoIDs", func(t *testing.T) {
		e, err1 := s.Entities(ctx, nil)
		a, err2 := s.Articles(ctx, []string{})
		r, err3 := s.Relations(ctx, nil)
		if len(e)+len(a)+len(r) != 0 || err1 != nil || err2 != nil || err3 != nil {
			t.Errorf("lookups of no ids = %v %v %v, errors %v %v %v; want nothing", e, a, r, err1, err2, err3)
		}
	})

	t.Run("Fields", func(t *testing.T) {
		// One article written out by hand, to catch a model and a store
		// that agree on a wrong article.
		want := &store.Article{
			ID: artSanctions, Title: "European allies press for more sanctions on Russia",
			Text: sanctionsText, Source: "Reuters", URL: "https://news.example/eu-sanctions",
			Published: "2025-05-20", Hash: Sanctions().Article.Hash,
		}
		got, err := s.Articles(ctx, []string{artSanctions})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff([]*store.Article{want}, got); d != "" {
			t.Errorf("Articles (-want +got):\n%s", d)
		}
	})

	t.Run("ResultsAreCopies", func(t *testing.T) {
		// Changing what a lookup returned must not change the store.
		got, err := s.Entities(ctx, []string{russia})
		if err != nil || got[0] == nil {
			t.Fatalf("Entities: %v %v", got, err)
		}
		got[0].Name = "changed"
		got[0].Aliases[0] = "changed"
		got[0].Articles[0] = "changed"
		rs, err := s.Relations(ctx, []string{rExchangedUA})
		if err != nil || rs[0] == nil {
			t.Fatalf("Relations: %v %v", rs, err)
		}
		rs[0].Evidence[0].Quote = "changed"
		*rs[0].Qualifiers.Quantity = -1
		CheckModel(t, s, m)
	})
}
