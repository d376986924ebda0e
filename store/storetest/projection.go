package storetest

import (
	"testing"

	"newsgraph/store"
)

// projections are the projections the suite asks with.
var projections = []struct {
	name string
	p    store.Projection
}{
	{"no text", store.Projection{NoText: true}},
	{"no articles", store.Projection{NoArticles: true}},
	{"no text, no articles", store.Projection{NoText: true, NoArticles: true}},
	{"names only", store.Projection{NamesOnly: true}},
	{"names only, no text, no articles", store.Projection{NoText: true, NoArticles: true, NamesOnly: true}},
	{"the first article", store.Projection{ArticleLimit: 1}},
	{"names only, no text, the first article", store.Projection{NoText: true, NamesOnly: true, ArticleLimit: 1}},
}

// testProjection covers store.Projection: a projected answer of
// ListEntities, ReadLevel, ProjectedEntities and ProjectedArticles is the
// full answer (of Entities and Articles for the lookups) with the projection
// applied (the same nodes, in the same order, with the same cursors),
// and it does leave out what the projection drops.
func testProjection(t *testing.T, f Factory) {
	const spokes = 10
	s, _ := loaded(t, f, append(Ukraine(), Star(spokes))...)
	ctx := t.Context()
	firstPage, err := s.ListEntities(ctx, store.EntityQuery{First: 3, Order: store.Order{Field: store.OrderByName}})
	if err != nil {
		t.Fatal(err)
	}
	byDate, err := s.ListEntities(ctx, store.EntityQuery{First: 2, Order: store.Order{Field: store.OrderByDate}})
	if err != nil {
		t.Fatal(err)
	}
	entityQueries := []struct {
		name string
		q    store.EntityQuery
	}{
		{"by id", store.EntityQuery{First: 50}},
		{"by name, with the total", store.EntityQuery{First: 5, Order: store.Order{Field: store.OrderByName}, WithTotal: true}},
		{"by name, after a cursor", store.EntityQuery{First: 5, Order: store.Order{Field: store.OrderByName},
			After: firstPage.Cursors[len(firstPage.Cursors)-1]}},
		{"by degree, descending", store.EntityQuery{First: 4, Order: store.Order{Field: store.OrderByDegree, Desc: true}}},
		{"by date, descending", store.EntityQuery{First: 3, Order: store.Order{Field: store.OrderByDate, Desc: true}}},
		{"by date, after a cursor", store.EntityQuery{First: 3, Order: store.Order{Field: store.OrderByDate},
			After: byDate.Cursors[len(byDate.Cursors)-1]}},
	}
	levels := []struct {
		name string
		q    store.LevelQuery
	}{
		{"nested", store.LevelQuery{Queries: []store.RelationQuery{{Entity: starHub, First: 3}, {Entity: ukraine, First: 10}},
			Ends: true, Articles: true, Counts: true}},
		{"no entity", store.LevelQuery{Queries: []store.RelationQuery{{First: 5}}, Ends: true, Articles: true}},
	}
	entityIDs := []string{starHub, "actor:nobody", ukraine, StarSpokeID(2)}
	articleIDs := []string{artSanctions, "article:nothing", store.ArticleID("star")}
	for _, pr := range projections {
		t.Run("lookups, "+pr.name, func(t *testing.T) {
			wantEntities, err := s.Entities(ctx, entityIDs)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range wantEntities {
				pr.p.Entity(e)
			}
			gotEntities, err := s.ProjectedEntities(ctx, entityIDs, pr.p)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(wantEntities, gotEntities); d != "" {
				t.Errorf("projected entities and entities with the projection applied differ (-full +projected):\n%s", d)
			}
			wantArticles, err := s.Articles(ctx, articleIDs)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range wantArticles {
				pr.p.Article(a)
			}
			gotArticles, err := s.ProjectedArticles(ctx, articleIDs, pr.p)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(wantArticles, gotArticles); d != "" {
				t.Errorf("projected articles and articles with the projection applied differ (-full +projected):\n%s", d)
			}
			if len(gotEntities) != len(entityIDs) || gotEntities[1] != nil || gotEntities[0] == nil ||
				pr.p.NoArticles != (gotEntities[0].Articles == nil) {
				t.Errorf("projected entities %v: want the hub (articles left out: %v) and nil for an unknown id", gotEntities, pr.p.NoArticles)
			}
			if len(gotArticles) != len(articleIDs) || gotArticles[1] != nil || gotArticles[0] == nil ||
				pr.p.NoText != (gotArticles[0].Text == "") {
				t.Errorf("projected articles %v: want the article (text left out: %v) and nil for an unknown id", gotArticles, pr.p.NoText)
			}
			if len(gotArticles) > 0 && gotArticles[0] != nil && pr.p.NamesOnly != (gotArticles[0].Published == "") {
				t.Errorf("projected article %+v: want the publication date left out with NamesOnly only", gotArticles[0])
			}
		})
		for _, eq := range entityQueries {
			t.Run("ListEntities "+eq.name+", "+pr.name, func(t *testing.T) {
				want, err := s.ListEntities(ctx, eq.q)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range want.Items {
					pr.p.Entity(e)
				}
				q := eq.q
				q.Projection = pr.p
				got, err := s.ListEntities(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if d := Diff(want, got); d != "" {
					t.Errorf("projected page and full page with the projection applied differ (-full +projected):\n%s", d)
				}
				for _, e := range got.Items {
					if pr.p.NoArticles && e.Articles != nil {
						t.Errorf("entity %s: articles %v, want none", e.ID, e.Articles)
					}
					if !pr.p.NoArticles && len(e.Articles) == 0 {
						t.Errorf("entity %s: no articles", e.ID)
					}
				}
			})
		}
		for _, lq := range levels {
			t.Run("ReadLevel "+lq.name+", "+pr.name, func(t *testing.T) {
				want, err := s.ReadLevel(ctx, lq.q)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range want.Entities {
					pr.p.Entity(e)
				}
				for _, a := range want.Articles {
					pr.p.Article(a)
				}
				q := lq.q
				q.Projection = pr.p
				got, err := s.ReadLevel(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if d := Diff(want, got); d != "" {
					t.Errorf("projected level and full level with the projection applied differ (-full +projected):\n%s", d)
				}
				if len(got.Entities) == 0 || len(got.Articles) == 0 {
					t.Fatalf("level with %d entities and %d articles: want some of each", len(got.Entities), len(got.Articles))
				}
				for _, e := range got.Entities {
					if pr.p.NoArticles != (e.Articles == nil) {
						t.Errorf("entity %s: articles %v with %+v", e.ID, e.Articles, pr.p)
					}
				}
				for _, a := range got.Articles {
					if pr.p.NoText != (a.Text == "") {
						t.Errorf("article %s: text %q with %+v", a.ID, a.Text, pr.p)
					}
				}
			})
		}
	}
}

// testArticleOnlyEvidence covers store.RelationQuery.ArticleOnlyEvidence:
// a page read with it, by RelationsOf or in a level, is the full page with
// only the article of each piece of evidence kept (store.ArticleOnly):
// the same relations, cursors, counts, ends and articles, whatever the
// filter (on the evidence's coding too) and the order.
func testArticleOnlyEvidence(t *testing.T, f Factory) {
	const spokes = 6
	s, _ := loaded(t, f, append(Ukraine(), coded(), Star(spokes))...)
	ctx := t.Context()
	first, err := s.RelationsOf(ctx, []store.RelationQuery{{Entity: ukraine, First: 2}})
	if err != nil {
		t.Fatal(err)
	}
	qs := []store.RelationQuery{
		{Entity: starHub, First: 3},
		{Entity: ukraine, First: 10, Order: store.Order{Field: store.OrderByDate, Desc: true}},
		{Entity: ukraine, First: 2, After: first[0].Cursors[len(first[0].Cursors)-1]},
		{First: 20},
		{First: 5, Where: &store.RelationFilter{Evidence: &store.EvidenceFilter{CAMEO: startsWith("1")}}},
		{Entity: "actor:nobody", First: 10},
		{Entity: ukraine, First: 10, NoEvidence: true}, // NoEvidence wins
	}
	only := func(pages []*store.Page[*store.Relation]) {
		for _, p := range pages {
			for _, r := range p.Items {
				r.Evidence = store.ArticleOnly(r.Evidence)
			}
		}
	}
	trimmed := make([]store.RelationQuery, len(qs))
	for i, q := range qs {
		q.ArticleOnlyEvidence = true
		trimmed[i] = q
	}
	t.Run("RelationsOf", func(t *testing.T) {
		want, err := s.RelationsOf(ctx, qs)
		if err != nil {
			t.Fatal(err)
		}
		quotes := 0
		for _, p := range want {
			for _, r := range p.Items {
				for _, ev := range r.Evidence {
					if ev.Quote != "" {
						quotes++
					}
				}
			}
		}
		if quotes == 0 {
			t.Fatal("full pages without a quote: the test checks nothing")
		}
		only(want)
		got, err := s.RelationsOf(ctx, trimmed)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("pages with article-only evidence and full pages with it applied differ (-full +article-only):\n%s", d)
		}
	})
	t.Run("ReadLevel", func(t *testing.T) {
		lq := store.LevelQuery{Queries: qs, Ends: true, Articles: true, Counts: true,
			Projection: store.Projection{NoText: true, NoArticles: true}}
		want, err := s.ReadLevel(ctx, lq)
		if err != nil {
			t.Fatal(err)
		}
		only(want.Pages)
		lq.Queries = trimmed
		got, err := s.ReadLevel(ctx, lq)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("level with article-only evidence and full level with it applied differ (-full +article-only):\n%s", d)
		}
		if len(got.Articles) == 0 {
			t.Error("level without articles: want those of the evidence")
		}
	})
}
