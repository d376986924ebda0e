package embedded

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/store"
)

// The same claim made by many articles is kept once, and leaves the pool
// with the last article that makes it; an article in place keeps no
// evidence of its own, and gets the graph that was put back from the kept
// form, mentions and evidence included.
func TestKeptFormSharesClaims(t *testing.T) {
	ctx := t.Context()
	s := New()
	var gs []*store.ArticleGraph
	for i := range 6 {
		g := claimArticle(i, "Xland") // x's claim is the same in every other one
		if _, err := s.PutArticle(ctx, g); err != nil {
			t.Fatal(err)
		}
		gs = append(gs, g)
	}
	refs := func() map[string]int {
		out := map[string]int{}
		for _, c := range s.g.claims {
			out[c.entity.ID+" "+c.entity.Kind+" "+c.entity.Wikidata] += c.refs
		}
		return out
	}
	if got := len(s.g.claims); got >= 12 {
		t.Errorf("the pool holds %d claims for 6 articles of 2 entities each: nothing shared", got)
	}
	total := 0
	for _, n := range refs() {
		total += n
	}
	if total != 12 {
		t.Errorf("the pool counts %d makers, want 12 (6 articles, 2 claims each)", total)
	}
	for _, a := range s.g.articles {
		for _, r := range a.relations {
			if r.evidence != nil {
				t.Errorf("%s in place keeps its own evidence of %s", a.article.ID, r.head.ID)
			}
		}
	}
	for _, g := range gs {
		want, err := normalize(g)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, s.g.graphOf(s.g.articles[g.Article.ID]), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%s rebuilt from its kept form (-put +kept):\n%s", g.Article.ID, d)
		}
	}
	for _, g := range gs {
		if _, err := s.DeleteArticle(ctx, g.Article.ID); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.g.claims) != 0 {
		t.Errorf("after deleting every article the pool holds %v", refs())
	}
}
