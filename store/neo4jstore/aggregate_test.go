package neo4jstore

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// randomClaims makes claims of one place from a few articles, with fields
// often empty and values that differ between articles.
func randomClaims(r *rand.Rand) []store.ArticleClaim {
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	var out []store.ArticleClaim
	for range 1 + r.IntN(8) {
		e := store.Entity{ID: "place:x", Type: ontology.Place,
			Name: pick("", "Kyiv", "Kiev", "Київ"), Kind: pick("", "city", "capital"),
			Wikidata: pick("", "Q1899"), Date: pick("", "2025-01-01", "2024-05-05"), Status: pick("", "a", "b"),
			Round: r.IntN(3), Aliases: []string{pick("", "Kyiv City", "Kiev")}}
		if r.IntN(2) == 0 {
			lat, lon := float64(r.IntN(90)), float64(r.IntN(90))
			e.Latitude, e.Longitude = &lat, &lon
		}
		out = append(out, store.ArticleClaim{Article: fmt.Sprintf("article:%d", r.IntN(6)), Entity: e})
	}
	return out
}

// TestFoldIsMergeClaims checks that folding claims into an entity's merged
// form, all at once or article by article in any order, gives what
// store.MergeClaims gives from all the claims.
func TestFoldIsMergeClaims(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		claims := randomClaims(r)
		want := store.MergeClaims(claims)
		all, _ := fold(nil, nil, claims)
		if d := cmp.Diff(want, all); d != "" {
			t.Fatalf("case %d: fold of every claim differs from MergeClaims (-want +got):\n%s", i, d)
		}
		byArticle := map[string][]store.ArticleClaim{}
		var articles []string
		for _, c := range claims {
			if byArticle[c.Article] == nil {
				articles = append(articles, c.Article)
			}
			byArticle[c.Article] = append(byArticle[c.Article], c)
		}
		r.Shuffle(len(articles), func(a, b int) { articles[a], articles[b] = articles[b], articles[a] })
		var cur *store.Entity
		var src sources
		for _, a := range articles {
			cur, src = fold(cur, src, byArticle[a])
			// The sources go through the node as text.
			var err error
			if src, err = decodeSources(encodeSources(src)); err != nil {
				t.Fatal(err)
			}
		}
		if d := cmp.Diff(want, cur); d != "" {
			t.Fatalf("case %d: folding article by article in the order %v differs from MergeClaims (-want +got):\n%s",
				i, articles, d)
		}
	}
}
