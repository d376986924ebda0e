package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The placed fixture: two attacks by one actor on another at two places
// are two relations (a relation's place is part of its identity), and a
// third attack says no place.
const placedText = "Rebels shelled army posts in Aleppo on 2025-03-01. " +
	"Rebels also shelled army posts in Idlib. Rebels shelled the army again."

var (
	artPlaced = store.ArticleID("placed")
	rebels    = store.EntityID(ontology.Actor, "rebels")
	army      = store.EntityID(ontology.Actor, "syrian-army")
	aleppo    = store.EntityID(ontology.Place, "Q41183")
	idlib     = store.EntityID(ontology.Place, "Q214092")

	atAleppo   = store.Qualifiers{Date: "2025-03-01", Place: aleppo}
	atIdlib    = store.Qualifiers{Place: idlib}
	rAleppo    = store.RelationID(ontology.Attacked, rebels, army, atAleppo)
	rIdlib     = store.RelationID(ontology.Attacked, rebels, army, atIdlib)
	rNoPlace   = store.RelationID(ontology.Attacked, rebels, army, store.Qualifiers{})
	placedRels = []string{rAleppo, rIdlib, rNoPlace}
)

// Placed is the article whose attacks carry their places.
func Placed() *store.ArticleGraph { return placed() }

func placed() *store.ArticleGraph {
	return NewArticle("placed", "Shelling in Aleppo and Idlib", "AP", "2025-03-02", placedText).
		Entity(Actor("rebels", "Rebels", "armed_group"), "Rebels").
		Entity(Actor("syrian-army", "Syrian army", "military"), "army").
		Entity(Place("Q41183", "Aleppo", "city", nil), "Aleppo").
		Entity(Place("Q214092", "Idlib", "city", nil), "Idlib").
		Relate(ontology.Attacked, rebels, army, atAleppo, "Rebels shelled army posts in Aleppo on 2025-03-01.").
		Relate(ontology.Attacked, rebels, army, atIdlib, "Rebels also shelled army posts in Idlib.").
		Relate(ontology.Attacked, rebels, army, store.Qualifiers{}, "Rebels shelled the army again.").
		Build()
}

// testPlace covers the place of a relation: it is part of the relation's
// identity (two places, two relations), read back by every read, matched
// by relation filters, and must be a Place of the same article.
func testPlace(t *testing.T, f Factory) {
	s, m := loaded(t, f, append(Ukraine(), placed())...)

	t.Run("ReadBack", func(t *testing.T) {
		CheckModel(t, s, m)
		got, err := s.Relations(t.Context(), placedRels)
		if err != nil {
			t.Fatal(err)
		}
		var places []string
		for _, r := range got {
			if r == nil {
				t.Fatal("a relation of the placed article is missing")
			}
			places = append(places, r.Qualifiers.Place)
		}
		if d := Diff([]string{aleppo, idlib, ""}, places); d != "" {
			t.Errorf("places of the attacks (-want +got):\n%s", d)
		}
	})

	placeEq := func(id string) *store.RelationFilter { return &store.RelationFilter{Place: eq(id)} }
	cases := []struct {
		name string
		q    store.RelationQuery
		want []string
	}{
		{"place eq", store.RelationQuery{Where: placeEq(aleppo)}, []string{rAleppo}},
		{"place in", store.RelationQuery{Where: &store.RelationFilter{Place: in(aleppo, idlib)}}, []string{rAleppo, rIdlib}},
		{"no place", store.RelationQuery{Types: []ontology.RelationType{ontology.Attacked}, Where: placeEq("")}, []string{rNoPlace}},
		{"not a place", store.RelationQuery{Entity: rebels, Where: &store.RelationFilter{Not: placeEq(idlib)}},
			[]string{rAleppo, rNoPlace}},
		{"place and date", store.RelationQuery{Where: &store.RelationFilter{Place: startsWith("place:"), Date: dateEq("2025-03-01")}},
			[]string{rAleppo}},
		{"place or type", store.RelationQuery{Where: &store.RelationFilter{Or: []*store.RelationFilter{
			placeEq(idlib), {Type: eq("AIDED")}}}}, []string{rIdlib, rAided}},
	}
	for _, c := range cases {
		t.Run("Filter/"+c.name, func(t *testing.T) {
			checkList(t, relationLister(t, s, c.q), sortedIDs(c.want...))
		})
	}

	t.Run("Quantifier", func(t *testing.T) {
		q := store.EntityQuery{Where: withRelations(some(store.Out, placeEq(aleppo)))}
		checkList(t, entityLister(t, s, q), []string{rebels})
	})

	t.Run("Delete", func(t *testing.T) {
		s, _ := loaded(t, f, placed())
		if _, err := s.DeleteArticle(t.Context(), artPlaced); err != nil {
			t.Fatal(err)
		}
		got, err := s.Relations(t.Context(), placedRels)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff([]*store.Relation{nil, nil, nil}, got); d != "" {
			t.Errorf("relations after the delete (-want +got):\n%s", d)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, c := range []struct {
			name  string
			place string
		}{
			{"place of no entity of the article", store.EntityID(ontology.Place, "Q406")},
			{"place that is an actor", army},
		} {
			t.Run(c.name, func(t *testing.T) {
				s := f(t)
				bad := placed()
				bad.Article.Hash += "-bad"
				r := &bad.Relations[0].Relation
				r.Qualifiers.Place = c.place
				r.ID = store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
				_, err := s.PutArticle(t.Context(), bad)
				wantInvalid(t, c.name, err)
				if got, _ := s.Articles(t.Context(), []string{artPlaced}); len(got) == 1 && got[0] != nil {
					t.Errorf("%s: the article was written", c.name)
				}
			})
		}
	})
}
