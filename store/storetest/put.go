package storetest

import (
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// testPut covers PutArticle: its outcomes, idempotence, and replacing an
// article with a changed version.
func testPut(t *testing.T, f Factory) {
	t.Run("Outcomes", func(t *testing.T) {
		s := f(t)
		talks := IstanbulTalks()
		changed := istanbulTalks().Build()
		changed.Article.Title = "Second round of Istanbul talks ends"
		changed.Article.Hash += "-v2"
		steps := []struct {
			name string
			g    *store.ArticleGraph
			want store.PutResult
		}{
			{"new", talks, store.PutResult{Outcome: store.Created, Entities: 8, Relations: 10}},
			{"same again", talks, store.PutResult{Outcome: store.Unchanged, Entities: 8, Relations: 10}},
			{"changed", changed, store.PutResult{Outcome: store.Replaced, Entities: 8, Relations: 10}},
			{"changed again", changed, store.PutResult{Outcome: store.Unchanged, Entities: 8, Relations: 10}},
			{"another", Sanctions(), store.PutResult{Outcome: store.Created, Entities: 3, Relations: 3}},
		}
		for _, st := range steps {
			got, err := s.PutArticle(t.Context(), st.g)
			if err != nil {
				t.Fatalf("%s: PutArticle: %v", st.name, err)
			}
			if d := Diff(st.want, got); d != "" {
				t.Errorf("%s: PutArticle result (-want +got):\n%s", st.name, d)
			}
		}
		CheckModel(t, s, NewModel(changed, Sanctions()))
	})

	t.Run("IdempotentReload", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		before := TakeSnapshot(t, s)
		for _, g := range Ukraine() {
			res, err := s.PutArticle(t.Context(), g)
			if err != nil {
				t.Fatalf("PutArticle(%s) again: %v", g.Article.ID, err)
			}
			want := store.PutResult{Outcome: store.Unchanged, Entities: len(g.Entities), Relations: len(g.Relations)}
			if d := Diff(want, res); d != "" {
				t.Errorf("PutArticle(%s) again (-want +got):\n%s", g.Article.ID, d)
			}
		}
		if d := Diff(before, TakeSnapshot(t, s)); d != "" {
			t.Errorf("reloading changed the store (-before +after):\n%s", d)
		}
		CheckModel(t, s, m)
	})

	t.Run("OrderDoesNotMatter", func(t *testing.T) {
		gs := Ukraine()
		forward, m := loaded(t, f, gs...)
		reversed := slices.Clone(gs)
		slices.Reverse(reversed)
		backward, _ := loaded(t, f, reversed...)
		CheckModel(t, forward, m)
		CheckModel(t, backward, m)
	})

	t.Run("ReplaceRemovesOnlyItsClaims", func(t *testing.T) {
		s, m := loaded(t, f, IstanbulTalks(), DirectTalks())
		// The new version no longer names Zelensky or Putin, no longer
		// says Kyiv demanded a ceasefire, and calls Russia "Kremlin".
		text := "Moscow demanded the recognition of annexed territories; Ukraine rejected the demand. " +
			"The Kremlin again rejected a full ceasefire."
		v2 := NewArticle("zelensky-direct-talks", "Moscow repeats its demands", "AP", "2025-06-05", text).
			Entity(Actor("Q212", "Ukraine", "country"), "Ukraine").
			Entity(Actor("Q159", "Russia", "country", "Kremlin"), "Moscow", "Kremlin").
			Entity(Agreement("full-ceasefire", "Full ceasefire", "ceasefire", "rejected"), "full ceasefire").
			Entity(Agreement("recognition-of-annexed-territories", "Recognition of annexed territories", "demand", "demanded"),
				"recognition of annexed territories").
			Relate(ontology.Demanded, russia, recognition, store.Qualifiers{}, "Moscow demanded the recognition").
			Relate(ontology.Rejected, ukraine, recognition, store.Qualifiers{}, "Ukraine rejected the demand").
			Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "The Kremlin again rejected a full ceasefire").
			Build()
		res, err := s.PutArticle(t.Context(), v2)
		if err != nil {
			t.Fatalf("PutArticle(v2): %v", err)
		}
		if d := Diff(store.PutResult{Outcome: store.Replaced, Entities: 4, Relations: 3}, res); d != "" {
			t.Errorf("PutArticle(v2) (-want +got):\n%s", d)
		}
		m.Put(v2)
		CheckModel(t, s, m)

		// The same, reasoned by hand.
		ctx := t.Context()
		gone, err := s.Entities(ctx, []string{zelensky, putin, firstRound})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff([]*store.Entity{nil, nil, nil}, gone); d != "" {
			t.Errorf("entities only the old version named are still there:\n%s", d)
		}
		rels, err := s.Relations(ctx, []string{rProposed, rHeldIn1, rDemandedCeasefire, rRejectedCeasefire})
		if err != nil {
			t.Fatal(err)
		}
		if rels[0] != nil || rels[1] != nil {
			t.Errorf("relations only the old version stated are still there: %v, %v", rels[0], rels[1])
		}
		if got := evidenceArticles(rels[2]); !slices.Equal(got, []string{artTalks}) {
			t.Errorf("DEMANDED ceasefire evidence articles = %v, want only %s's", got, artTalks)
		}
		if got := evidenceArticles(rels[3]); !slices.Equal(got, []string{artTalks, artDirect}) {
			t.Errorf("REJECTED ceasefire evidence articles = %v, want %s and %s", got, artTalks, artDirect)
		}
		ru, err := s.Entities(ctx, []string{russia})
		if err != nil {
			t.Fatal(err)
		}
		if ru[0] == nil || !slices.Equal(ru[0].Aliases, []string{"Kremlin", "RF"}) {
			t.Errorf("Russia after the replacement = %+v, want aliases [Kremlin RF]", ru[0])
		}
	})
}

// evidenceArticles lists the article of each piece of a relation's evidence.
func evidenceArticles(r *store.Relation) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, ev := range r.Evidence {
		out = append(out, ev.Article)
	}
	return out
}

// testDelete covers DeleteArticle.
func testDelete(t *testing.T, f Factory) {
	t.Run("RemovesWhatOnlyItSupported", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		before := m.Snapshot()
		res, err := s.DeleteArticle(t.Context(), artDirect)
		if err != nil {
			t.Fatalf("DeleteArticle: %v", err)
		}
		m.Delete(artDirect)
		after := m.Snapshot()
		// By construction from the model, and by hand from the fixtures:
		// Zelensky, Putin, the first round and the recognition demand go,
		// and so do the four relations only DirectTalks stated.
		want := store.DeleteResult{
			Found:            true,
			RemovedEntities:  len(before.Entities) - len(after.Entities),
			RemovedRelations: len(before.Relations) - len(after.Relations),
		}
		if d := Diff(store.DeleteResult{Found: true, RemovedEntities: 4, RemovedRelations: 4}, want); d != "" {
			t.Fatalf("fixtures changed: the model disagrees with the hand count (-hand +model):\n%s", d)
		}
		if d := Diff(want, res); d != "" {
			t.Errorf("DeleteArticle (-want +got):\n%s", d)
		}
		CheckModel(t, s, m)

		rels, err := s.Relations(t.Context(), []string{rDemandedCeasefire, rRejectedRecognition})
		if err != nil {
			t.Fatal(err)
		}
		if got := evidenceArticles(rels[0]); !slices.Equal(got, []string{artTalks}) {
			t.Errorf("DEMANDED ceasefire evidence articles after the delete = %v, want [%s]", got, artTalks)
		}
		if rels[1] != nil {
			t.Errorf("REJECTED recognition survived the delete of the only article stating it: %+v", rels[1])
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s, m := loaded(t, f, IstanbulTalks())
		for _, id := range []string{artDirect, "article:never-stored", ukraine, ""} {
			res, err := s.DeleteArticle(t.Context(), id)
			if err != nil {
				t.Fatalf("DeleteArticle(%q): %v", id, err)
			}
			if d := Diff(store.DeleteResult{}, res); d != "" {
				t.Errorf("DeleteArticle(%q) (-want +got):\n%s", id, d)
			}
		}
		CheckModel(t, s, m)
	})

	t.Run("Twice", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		if _, err := s.DeleteArticle(t.Context(), artSanctions); err != nil {
			t.Fatal(err)
		}
		res, err := s.DeleteArticle(t.Context(), artSanctions)
		if err != nil || res.Found {
			t.Errorf("second DeleteArticle = %+v, %v; want not found", res, err)
		}
		m.Delete(artSanctions)
		CheckModel(t, s, m)
	})

	t.Run("Everything", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		for _, g := range Ukraine() {
			if _, err := s.DeleteArticle(t.Context(), g.Article.ID); err != nil {
				t.Fatal(err)
			}
			m.Delete(g.Article.ID)
			CheckModel(t, s, m)
		}
		if got := TakeSnapshot(t, s); len(got.Entities)+len(got.Articles)+len(got.Relations) != 0 {
			t.Errorf("store not empty after deleting every article: %+v", got)
		}
	})

	t.Run("PutAfterDelete", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		if _, err := s.DeleteArticle(t.Context(), artTalks); err != nil {
			t.Fatal(err)
		}
		res, err := s.PutArticle(t.Context(), IstanbulTalks())
		if err != nil || res.Outcome != store.Created {
			t.Errorf("PutArticle after DeleteArticle = %+v, %v; want CREATED", res, err)
		}
		CheckModel(t, s, m)
	})
}
