package storetest

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// pageKeys are the own ids of the articles of testArticlePages. Ids sort by
// their UTF-8 bytes (by code point), which is not the order of their
// UTF-16 code units: U+FFFD comes before U+1F600 by code point and after
// it in UTF-16, and U+00E9 after "z" in both.
var pageKeys = []string{"z", "é", "ÿ", "\uFFFD", "😀", "a", "A", "ab", "b"}

// testArticlePages covers pages of the articles of entities
// (store.Projection.ArticleLimit and ArticlesAfter): the article ids of an
// entity are in byte order; a projection that keeps a page of them keeps
// the first ArticleLimit after ArticlesAfter, with ArticleTotal counting
// them all when some are left out, in every read that takes a projection
// (lookups, lists, the ends of a level).
func testArticlePages(t *testing.T, f Factory) {
	hub := store.EntityID(ontology.Actor, "page-hub")
	peer := store.EntityID(ontology.Actor, "page-peer")
	var gs []*store.ArticleGraph
	var ids []string
	for _, k := range pageKeys {
		gs = append(gs, NewArticle("page-"+k, "The hub, "+k, "Generated", "2025-03-01", "The hub accused the peer.").
			Entity(Actor("page-hub", "Page hub", "government"), "hub").
			Entity(Actor("page-peer", "Page peer", "government"), "peer").
			Relate(ontology.Accused, hub, peer, store.Qualifiers{}, "accused").
			Build())
		ids = append(ids, store.ArticleID("page-"+k))
	}
	slices.Sort(ids) // by bytes
	s, _ := loaded(t, f, gs...)
	ctx := t.Context()
	full, err := s.Entities(ctx, []string{hub})
	if err != nil {
		t.Fatal(err)
	}
	if len(full) != 1 || full[0] == nil {
		t.Fatalf("entities %v: want the hub", full)
	}
	if d := cmp.Diff(ids, full[0].Articles); d != "" {
		t.Fatalf("articles of the hub, in byte order (-want +got):\n%s", d)
	}
	if full[0].ArticleTotal != 0 || full[0].ArticleCount() != len(ids) {
		t.Errorf("hub with all its articles: total %d, count %d; want 0 and %d", full[0].ArticleTotal, full[0].ArticleCount(), len(ids))
	}
	// between is no article's id: it falls between two of them.
	between := store.ArticleID("page-aa")
	tests := []struct {
		name  string
		p     store.Projection
		want  []string // the hub's page
		total int      // its ArticleTotal
	}{
		{"the first 3", store.Projection{ArticleLimit: 3}, ids[:3], len(ids)},
		{"3 after the third", store.Projection{ArticleLimit: 3, ArticlesAfter: ids[2]}, ids[3:6], len(ids)},
		{"all after the sixth", store.Projection{ArticlesAfter: ids[5]}, ids[6:], len(ids)},
		{"2 after the last but one", store.Projection{ArticleLimit: 2, ArticlesAfter: ids[len(ids)-2]}, ids[len(ids)-1:], len(ids)},
		{"after the last", store.Projection{ArticleLimit: 2, ArticlesAfter: ids[len(ids)-1]}, nil, len(ids)},
		{"after no article's id", store.Projection{ArticleLimit: 2, ArticlesAfter: between}, idsAfter(ids, between)[:2], len(ids)},
		{"a page that holds them all", store.Projection{ArticleLimit: 100}, ids, 0},
		{"names only, the first 2", store.Projection{ArticleLimit: 2, NamesOnly: true, NoText: true}, ids[:2], len(ids)},
		{"no articles wins", store.Projection{ArticleLimit: 2, NoArticles: true}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(what string, e *store.Entity) {
				t.Helper()
				if e == nil {
					t.Errorf("%s: no hub", what)
					return
				}
				if d := cmp.Diff(tt.want, e.Articles, cmpOpts...); d != "" {
					t.Errorf("%s: the hub's articles (-want +got):\n%s", what, d)
				}
				if e.ArticleTotal != tt.total {
					t.Errorf("%s: the hub's ArticleTotal is %d, want %d", what, e.ArticleTotal, tt.total)
				}
				want := full[0].Clone()
				if d := Diff(tt.p.Entity(want), e); d != "" {
					t.Errorf("%s: the hub and the full hub with the projection applied differ (-full +projected):\n%s", what, d)
				}
			}
			got, err := s.ProjectedEntities(ctx, []string{hub}, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			check("ProjectedEntities", got[0])
			page, err := s.ListEntities(ctx, store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, First: 10, Projection: tt.p})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(page.Items, func(e *store.Entity) bool { return e.ID == hub })
			if i < 0 {
				t.Fatalf("ListEntities: no hub in %v", page.Items)
			}
			check("ListEntities", page.Items[i])
			lv, err := s.ReadLevel(ctx, store.LevelQuery{Queries: []store.RelationQuery{{Entity: peer, First: 5}},
				Ends: true, Projection: tt.p})
			if err != nil {
				t.Fatal(err)
			}
			check("ReadLevel", lv.Entities[hub])
		})
	}
}

// idsAfter is the ids of sorted that follow after.
func idsAfter(sorted []string, after string) []string {
	i, found := slices.BinarySearch(sorted, after)
	if found {
		i++
	}
	return sorted[i:]
}
