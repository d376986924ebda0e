package embedded

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// claimArticle is article i of the merge tests: it names actors x and y,
// with names and kinds that differ between articles (x is called name when
// that is given), and states the same relation between them.
func claimArticle(i int, name string) *store.ArticleGraph {
	names := []string{"Xland", "Republic of X", "X"}
	kinds := []string{"", "country", "state"}
	if name == "" {
		name = names[i%3]
	}
	x := storetest.Actor("x", name, kinds[i%3/2*2], fmt.Sprintf("X-%d", i%5))
	y := storetest.Actor("y", "Yland", kinds[(i+1)%3])
	return storetest.NewArticle(fmt.Sprintf("m%04d", i), "X and Y", "Generated", "2025-04-01", "X cooperated with Y.").
		Entity(x).Entity(y).
		Relate(ontology.Cooperated, x.ID, y.ID, store.Qualifiers{}, "X cooperated with Y").
		Build()
}

// mergedFromScratch is what the entities and the relation of the merge
// tests must be: store.MergeClaims of every claim, and every piece of
// evidence sorted.
func mergedFromScratch(gs []*store.ArticleGraph) (entities []*store.Entity, evidence []store.Evidence) {
	claims := map[string][]store.ArticleClaim{}
	for _, g := range gs {
		for _, c := range g.Entities {
			claims[c.Entity.ID] = append(claims[c.Entity.ID], store.ArticleClaim{Article: g.Article.ID, Entity: c.Entity})
		}
		for _, c := range g.Relations {
			evidence = append(evidence, c.Relation.Evidence...)
		}
	}
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range claims {
			if !yield(id) {
				return
			}
		}
	}) {
		entities = append(entities, store.MergeClaims(claims[id]))
	}
	store.SortEvidence(evidence)
	return entities, evidence
}

// A write that only adds articles merges what it adds: two claims and a
// piece of evidence per article here, however many articles the entities
// and the relation already have, in whatever order their ids come. One that
// replaces an article merges again what its entities and relation have
// left. Either way the entities are store.MergeClaims of every claim.
func TestAddingArticlesMergesWhatTheyAdd(t *testing.T) {
	const n = 300
	gs := make([]*store.ArticleGraph, n)
	for i := range gs {
		gs[i] = claimArticle(i, "")
	}
	// Mostly in id order, as a corpus usually comes, with some out of it.
	order := rand.New(rand.NewPCG(3, 4)).Perm(n)
	slices.Sort(order[:200])
	ctx := context.Background()
	s := New()
	check := func(step string, want []*store.ArticleGraph) {
		t.Helper()
		wantEntities, wantEvidence := mergedFromScratch(want)
		got, err := s.Entities(ctx, []string{wantEntities[0].ID, wantEntities[1].ID})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(wantEntities, got); d != "" {
			t.Fatalf("%s: entities differ from merging every claim (-want +got):\n%s", step, d)
		}
		rels, err := s.Relations(ctx, []string{gs[0].Relations[0].Relation.ID})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(wantEvidence, rels[0].Evidence); d != "" {
			t.Fatalf("%s: evidence differs (-want +got):\n%s", step, d)
		}
	}

	var put []*store.ArticleGraph
	for k, i := range order[:250] {
		before := s.g.mergeWork.Load()
		if _, err := s.PutArticle(ctx, storetest.CloneGraph(gs[i])); err != nil {
			t.Fatal(err)
		}
		if work := s.g.mergeWork.Load() - before; work != 3 {
			t.Fatalf("put %d (article %d): merged %d claims and pieces of evidence, want 3", k, i, work)
		}
		put = append(put, gs[i])
	}
	check("one at a time", put)

	before := s.g.mergeWork.Load()
	var batch []*store.ArticleGraph
	for _, i := range order[250:] {
		batch = append(batch, storetest.CloneGraph(gs[i]))
		put = append(put, gs[i])
	}
	if _, err := s.PutArticles(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if work := s.g.mergeWork.Load() - before; work != 3*50 {
		t.Fatalf("a batch of 50: merged %d claims and pieces of evidence, want %d", work, 3*50)
	}
	check("in a batch", put)

	before = s.g.mergeWork.Load()
	changed := claimArticle(1, "Aleph")
	if _, err := s.PutArticle(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if work := s.g.mergeWork.Load() - before; work != 3*n {
		t.Fatalf("a replacement: merged %d claims and pieces of evidence, want every one of its entities and relation, %d", work, 3*n)
	}
	put[slices.Index(put, gs[1])] = changed
	check("after a replacement", put)
}
