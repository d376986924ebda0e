package store_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Folding claims article by article, in id order (when the articles are
// appended to the form's) or not, gives what MergeClaims gives, and leaves
// the form it folds into as it was.
func TestFoldClaims(t *testing.T) {
	claim := func(i int) store.ArticleClaim {
		names := []string{"", "Kyiv", "Kiev"}
		e := store.Entity{ID: "place:kyiv", Type: ontology.Place, Name: names[i%3], Kind: names[(i+1)%3], Aliases: []string{fmt.Sprint("K", i%4)}}
		return store.ArticleClaim{Article: fmt.Sprintf("article:%03d", i), Entity: e}
	}
	for _, order := range [][]int{{1, 2, 3, 4, 5, 6, 7}, {4, 5, 6, 1, 2, 7, 3}, {7, 6, 5, 4, 3, 2, 1}} {
		var cur *store.Entity
		var src store.ClaimSources
		var claims []store.ArticleClaim
		for _, i := range order {
			var before *store.Entity
			if cur != nil {
				before = cur.Clone()
			}
			c := claim(i)
			next, nextSrc := store.FoldClaims(cur, src, []store.ArticleClaim{c})
			if d := cmp.Diff(before, cur); d != "" {
				t.Fatalf("order %v, article %d: folding changed the form folded into (-before +after):\n%s", order, i, d)
			}
			claims = append(claims, c)
			if d := cmp.Diff(store.MergeClaims(claims), next); d != "" {
				t.Fatalf("order %v, article %d: differs from MergeClaims (-want +got):\n%s", order, i, d)
			}
			cur, src = next, nextSrc
		}
	}
}
