package embedded

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// flipVersion is one of two versions of the article "flip", naming five
// different actors each (prefix "a" or "b") linked in a chain.
func flipVersion(prefix string, n int) (*store.ArticleGraph, []string) {
	b := storetest.NewArticle("flip", "Version "+prefix, "Generated", "2025-04-01", "They cooperated.")
	var ids []string
	for i := range 5 {
		key := fmt.Sprintf("flip-%s-%d", prefix, i)
		b.Entity(storetest.Actor(key, key, "organisation"))
		ids = append(ids, store.EntityID(ontology.Actor, key))
	}
	for i := range 4 {
		b.Relate(ontology.Cooperated, ids[i], ids[i+1], store.Qualifiers{}, "cooperated")
	}
	g := b.Build()
	g.Article.Hash = fmt.Sprintf("%s-%d", prefix, n)
	return g, ids
}

// TestReadersSeeWholeArticles replaces and deletes one article over and
// over while readers check that they always see one whole version of it, or
// none of it.
func TestReadersSeeWholeArticles(t *testing.T) {
	s, _ := open(t, t.TempDir(), WithCompaction(5)) // compactions run among the reads
	put(t, s, storetest.Sanctions())
	_, aIDs := flipVersion("a", 0)
	_, bIDs := flipVersion("b", 0)
	byArticle := &store.EntityFilter{Article: &store.StringFilter{Eq: ptr(store.ArticleID("flip"))}}
	relByArticle := &store.RelationFilter{Article: &store.StringFilter{Eq: ptr(store.ArticleID("flip"))}}

	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		defer done.Store(true)
		for i := range 150 {
			var err error
			switch i % 3 {
			case 0:
				g, _ := flipVersion("a", i)
				_, err = s.PutArticle(t.Context(), g)
			case 1:
				g, _ := flipVersion("b", i)
				_, err = s.PutArticle(t.Context(), g)
			case 2:
				_, err = s.DeleteArticle(t.Context(), store.ArticleID("flip"))
			}
			if err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
		}
	})
	for range 4 {
		wg.Go(func() {
			for reads := 0; !done.Load() || reads == 0; reads++ {
				p, err := s.ListEntities(t.Context(), store.EntityQuery{Where: byArticle, First: 100})
				if err != nil {
					t.Error(err)
					return
				}
				ids := make([]string, len(p.Items))
				for i, e := range p.Items {
					ids[i] = e.ID
				}
				if len(ids) != 0 && !slices.Equal(ids, aIDs) && !slices.Equal(ids, bIDs) {
					t.Errorf("a reader saw part of an article: %v", ids)
					return
				}
				rels, err := s.RelationsOf(t.Context(), []store.RelationQuery{
					{Entity: aIDs[2], First: 10}, {Entity: bIDs[2], First: 10}, {Where: relByArticle, First: 10},
				})
				if err != nil {
					t.Error(err)
					return
				}
				a, b, all := len(rels[0].Items), len(rels[1].Items), len(rels[2].Items)
				none, onlyA, onlyB := a == 0 && b == 0 && all == 0, a == 2 && b == 0 && all == 4, a == 0 && b == 2 && all == 4
				if !none && !onlyA && !onlyB {
					t.Errorf("a reader saw part of an article's relations: %d, %d, %d", a, b, all)
					return
				}
			}
		})
	}
	wg.Wait()
	if s.log.records > 5 && s.log.records > 2*2 {
		t.Errorf("log holds %d records: compaction did not run", s.log.records)
	}
}

func ptr[T any](v T) *T { return &v }
