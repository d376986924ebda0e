package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// fixID gives a relation the id its type, ends and qualifiers derive, so that
// a test breaking something else is not rejected for its id.
func fixID(r *store.Relation) {
	r.ID = store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
}

// invalidGraphs are broken versions of IstanbulTalks, each breaking one rule
// of the contract. Relations: 0 LED umerov→delegation, 2 HELD_IN
// meeting→Istanbul. Entities: 0 Ukraine.
var invalidGraphs = []struct {
	name   string
	mutate func(g *store.ArticleGraph)
}{
	{"relation source is not an entity of the article", func(g *store.ArticleGraph) {
		r := &g.Relations[0].Relation
		r.Source = store.EntityID(ontology.Actor, "nobody")
		fixID(r)
	}},
	{"relation target is an entity of another article only", func(g *store.ArticleGraph) {
		r := &g.Relations[0].Relation
		r.Target = putin
		fixID(r)
	}},
	{"relation type does not allow its ends' types", func(g *store.ArticleGraph) {
		r := &g.Relations[2].Relation // HELD_IN must go from a meeting to a place
		r.Source, r.Target = ukraine, russia
		fixID(r)
	}},
	{"unknown relation type", func(g *store.ArticleGraph) {
		r := &g.Relations[0].Relation
		r.Type = "LIKED"
		fixID(r)
	}},
	{"relation id is not the derived one", func(g *store.ArticleGraph) {
		g.Relations[0].Relation.ID = g.Relations[1].Relation.ID
	}},
	{"relation without evidence", func(g *store.ArticleGraph) {
		g.Relations[0].Relation.Evidence = nil
	}},
	{"evidence names another article", func(g *store.ArticleGraph) {
		g.Relations[0].Relation.Evidence[0].Article = artDirect
	}},
	{"evidence starts before the text", func(g *store.ArticleGraph) {
		g.Relations[0].Relation.Evidence[0].Start = -1
	}},
	{"evidence ends before it starts", func(g *store.ArticleGraph) {
		ev := &g.Relations[0].Relation.Evidence[0]
		ev.End = ev.Start - 1
	}},
	{"mention ends before it starts", func(g *store.ArticleGraph) {
		g.Entities[0].Mentions[0] = store.Span{Start: 5, End: 2}
	}},
	{"entity id disagrees with its type", func(g *store.ArticleGraph) {
		e := Actor("kyiv", "Kyiv", "government")
		e.ID = store.EntityID(ontology.Place, "kyiv")
		g.Entities = append(g.Entities, store.EntityClaim{Entity: e})
	}},
	{"entity of a node type that is not an entity type", func(g *store.ArticleGraph) {
		e := store.Entity{ID: store.ArticleID("x"), Type: ontology.Article, Name: "x"}
		g.Entities = append(g.Entities, store.EntityClaim{Entity: e})
	}},
	{"entity of an unknown type", func(g *store.ArticleGraph) {
		e := store.Entity{ID: "person:x", Type: "Person", Name: "x"}
		g.Entities = append(g.Entities, store.EntityClaim{Entity: e})
	}},
	{"entity without id", func(g *store.ArticleGraph) {
		g.Entities = append(g.Entities, store.EntityClaim{Entity: store.Entity{Type: ontology.Actor, Name: "x"}})
	}},
	{"entity claimed twice", func(g *store.ArticleGraph) {
		g.Entities = append(g.Entities, g.Entities[0])
	}},
	{"article without id", func(g *store.ArticleGraph) {
		g.Article.ID = ""
		clearEvidenceArticles(g)
	}},
	{"article id without the article prefix", func(g *store.ArticleGraph) {
		g.Article.ID = "istanbul-talks"
		clearEvidenceArticles(g)
	}},
	{"article id that is an entity id", func(g *store.ArticleGraph) {
		g.Article.ID = ukraine
		clearEvidenceArticles(g)
	}},
	{"article without hash", func(g *store.ArticleGraph) {
		g.Article.Hash = ""
	}},
}

// clearEvidenceArticles leaves evidence articles empty (for the store to fill
// in), so that an article id test fails for the article id alone.
func clearEvidenceArticles(g *store.ArticleGraph) {
	for i := range g.Relations {
		for j := range g.Relations[i].Relation.Evidence {
			g.Relations[i].Relation.Evidence[j].Article = ""
		}
	}
}

// testValidate covers the checks PutArticle makes before writing, and its
// atomicity: a rejected article writes nothing.
func testValidate(t *testing.T, f Factory) {
	t.Run("Rejected", func(t *testing.T) {
		s, m := loaded(t, f, Sanctions())
		for _, c := range invalidGraphs {
			g := IstanbulTalks()
			c.mutate(g)
			_, err := s.PutArticle(t.Context(), g)
			wantInvalid(t, c.name, err)
			CheckModel(t, s, m)
		}
		_, err := s.PutArticle(t.Context(), nil)
		wantInvalid(t, "nil article graph", err)
		CheckModel(t, s, m)
	})

	t.Run("BaseIsValid", func(t *testing.T) {
		// The graphs above are broken in one place only: the same graph
		// unbroken is accepted.
		s, m := loaded(t, f, IstanbulTalks())
		CheckModel(t, s, m)
	})

	t.Run("InvalidReplacementKeepsTheOldVersion", func(t *testing.T) {
		s, m := loaded(t, f, IstanbulTalks(), DirectTalks())
		bad := istanbulTalks().Build()
		bad.Article.Title = "A new title that must not be stored"
		bad.Article.Hash += "-v2"
		r := &bad.Relations[len(bad.Relations)-1].Relation
		r.Source = store.EntityID(ontology.Actor, "nobody")
		fixID(r)
		_, err := s.PutArticle(t.Context(), bad)
		wantInvalid(t, "replacement with a relation from a missing entity", err)
		CheckModel(t, s, m)
	})
}
