package store_test

import (
	"errors"
	"strings"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// validGraph is an article in which a person led a meeting held in a place.
func validGraph() *store.ArticleGraph {
	led := store.Relation{Type: ontology.LED, Source: "actor:umerov", Target: "meeting:talks",
		Evidence: []store.Evidence{{Start: 0, End: 10}}}
	held := store.Relation{Type: ontology.HeldIn, Source: "meeting:talks", Target: "place:istanbul",
		Evidence: []store.Evidence{{Article: "article:a", Start: 11, End: 11}}}
	held.ID = store.RelationID(held.Type, held.Source, held.Target, held.Qualifiers)
	return &store.ArticleGraph{
		Article: store.Article{ID: "article:a", Hash: "h"},
		Entities: []store.EntityClaim{
			{Entity: store.Entity{ID: "actor:umerov", Type: ontology.Actor, Name: "Umerov"}, Mentions: []store.Span{{Start: 0, End: 6}}},
			{Entity: store.Entity{ID: "meeting:talks", Type: ontology.Meeting, Name: "Talks"}},
			{Entity: store.Entity{ID: "place:istanbul", Type: ontology.Place, Name: "Istanbul"}},
		},
		Relations: []store.RelationClaim{{Relation: led}, {Relation: held}},
	}
}

func TestCheckArticleGraph(t *testing.T) {
	if err := store.CheckArticleGraph(validGraph()); err != nil {
		t.Fatalf("a valid graph: %v", err)
	}
	cases := []struct {
		name   string
		break_ func(g *store.ArticleGraph)
		want   string // in the message
	}{
		{"article id of another kind", func(g *store.ArticleGraph) { g.Article.ID = "actor:a" }, `article id "actor:a"`},
		{"bare article prefix", func(g *store.ArticleGraph) { g.Article.ID = "article:" }, `article id "article:"`},
		{"no hash", func(g *store.ArticleGraph) { g.Article.Hash = "" }, "hash is empty"},
		{"entity without id", func(g *store.ArticleGraph) { g.Entities[1].Entity.ID = "" }, "entities[1]: id is empty"},
		{"entity of a non-entity type", func(g *store.ArticleGraph) {
			g.Entities[0].Entity.Type, g.Entities[0].Entity.ID = ontology.Article, "article:x"
		}, `entities[0] (article:x): type "Article"`},
		{"entity id of another type", func(g *store.ArticleGraph) { g.Entities[0].Entity.ID = "place:umerov" }, `id "place:umerov" is not an id of type Actor`},
		{"entity id without key", func(g *store.ArticleGraph) { g.Entities[2].Entity.ID = "place:" }, `id "place:" is not an id of type Place`},
		{"entity claimed twice", func(g *store.ArticleGraph) { g.Entities = append(g.Entities, g.Entities[0]) }, `entities[3]: entity "actor:umerov" is claimed twice`},
		{"mention ends before it starts", func(g *store.ArticleGraph) { g.Entities[0].Mentions[0] = store.Span{Start: 5, End: 2} }, "mentions[0]: [5,2) is not a span"},
		{"code of an unknown scheme", func(g *store.ArticleGraph) {
			g.Entities[0].Entity.Codes = []store.Code{{Scheme: "gdelt", Value: "USA"}}
		}, `entities[0] (actor:umerov): codes[0]: "gdelt" is not a code scheme`},
		{"code value off its pattern", func(g *store.ArticleGraph) {
			g.Entities[0].Entity.Codes = []store.Code{{Scheme: ontology.SchemeCAMEO, Value: "USA"}, {Scheme: ontology.SchemeISOAlpha2, Value: "U S"}}
		}, `entities[0] (actor:umerov): codes[1]: "U S" is not a code of scheme iso3166_alpha2`},
		{"unknown relation type", func(g *store.ArticleGraph) { g.Relations[0].Relation.Type = "LIKED" }, `relations[0] (LIKED actor:umerov→meeting:talks): type "LIKED"`},
		{"source not in the article", func(g *store.ArticleGraph) { g.Relations[0].Relation.Source = "actor:nobody" }, `source "actor:nobody" is not an entity of the article`},
		{"target not in the article", func(g *store.ArticleGraph) { g.Relations[1].Relation.Target = "place:kyiv" }, `target "place:kyiv" is not an entity of the article`},
		{"ends the type does not allow", func(g *store.ArticleGraph) {
			g.Relations[1].Relation.Source = "actor:umerov"
			g.Relations[1].Relation.ID = ""
		}, "HELD_IN may not go from Actor to Place"},
		{"id not the derived one", func(g *store.ArticleGraph) { g.Relations[1].Relation.ID = "relation:0" }, `id "relation:0" is not the id`},
		{"no evidence", func(g *store.ArticleGraph) { g.Relations[0].Relation.Evidence = nil }, "relations[0] (LED actor:umerov→meeting:talks): no evidence"},
		{"evidence of another article", func(g *store.ArticleGraph) { g.Relations[1].Relation.Evidence[0].Article = "article:b" }, `evidence[0]: article "article:b" is not the article being stored`},
		{"evidence before the text", func(g *store.ArticleGraph) { g.Relations[0].Relation.Evidence[0].Start = -1 }, "evidence[0]: [-1,10) is not a span"},
	}
	for _, c := range cases {
		g := validGraph()
		c.break_(g)
		err := store.CheckArticleGraph(g)
		if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want ErrInvalid saying %q", c.name, err, c.want)
		}
	}
	if err := store.CheckArticleGraph(nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("nil graph: %v, want ErrInvalid", err)
	}
}
