package storetest

import (
	"fmt"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// rejectedThrice is an article in which Russia REJECTED the ceasefire three
// times; the talks' articles of Ukraine state it too: with them, one
// relation with several pieces of evidence.
func rejectedThrice() *store.ArticleGraph {
	text := "Russia rejected the ceasefire on Monday. Earlier, Russia had rejected it too."
	return NewArticle("thrice", "Russia rejects a ceasefire again", "AP", "2025-06-10", text).
		Entity(Actor("Q159", "Russia", "country"), "Russia").
		Entity(Agreement("full-ceasefire", "Full ceasefire", "ceasefire", "rejected"), "ceasefire").
		Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "Russia had rejected it too").
		Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "Russia rejected the ceasefire on Monday").
		Relate(ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "Russia rejected").
		Build()
}

// testEvidenceLimit covers RelationQuery.EvidenceLimit and
// TimelineQuery.EvidenceLimit (and ArticleOnlyEvidence): a page with a limit is the page without it
// but for each relation's evidence, cut to its first pieces in Evidence's
// order, with EvidenceTotal counting them all when some are left out; on
// every way a store answers a relation list (an entity's relations, a list
// of no entity in each order, a filter on articles, a level, a timeline).
func testEvidenceLimit(t *testing.T, f Factory) {
	s, _ := loaded(t, f, append(Ukraine(), rejectedThrice())...)
	ctx := t.Context()

	t.Run("Order", func(t *testing.T) {
		// The first two pieces of the relation, in Evidence's order.
		full := relationOf(t, s, rRejectedCeasefire)
		if len(full.Evidence) < 3 {
			t.Fatalf("relation %s has %d pieces of evidence, want 3 or more", rRejectedCeasefire, len(full.Evidence))
		}
		want := full.Clone()
		want.Evidence, want.EvidenceTotal = want.Evidence[:2], len(full.Evidence)
		p, err := s.ListRelations(ctx, store.RelationQuery{Types: []ontology.RelationType{ontology.Rejected},
			Where: &store.RelationFilter{ID: &store.StringFilter{Eq: &full.ID}}, EvidenceLimit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 1 {
			t.Fatalf("%d relations, want 1", len(p.Items))
		}
		if d := Diff(want, p.Items[0]); d != "" {
			t.Errorf("the relation with two pieces of evidence (-want +got):\n%s", d)
		}
		if n := p.Items[0].EvidenceCount(); n != len(full.Evidence) {
			t.Errorf("EvidenceCount = %d, want %d", n, len(full.Evidence))
		}
	})

	article, istanbul, name := store.ArticleID("thrice"), "article:istanbul", "Full ceasefire"
	queries := []store.RelationQuery{
		{Entity: russia, First: 100},
		{Entity: ceasefire, Direction: store.In, Order: store.Order{Field: store.OrderByDate}, First: 100},
		{First: 100},
		{Types: []ontology.RelationType{ontology.Rejected}, Order: store.Order{Field: store.OrderByName}, First: 100},
		{Order: store.Order{Field: store.OrderByDate, Desc: true}, First: 100},
		{Where: &store.RelationFilter{Article: &store.StringFilter{Eq: &article}}, First: 100},
		// Two conditions on articles: the filter is tested on whole relations.
		{Where: &store.RelationFilter{Or: []*store.RelationFilter{
			{Article: &store.StringFilter{Eq: &article}}, {Article: &store.StringFilter{StartsWith: &istanbul}}}},
			First: 100},
		{Where: &store.RelationFilter{Target: &store.EntityFilter{Name: &store.StringFilter{Eq: &name}}}, First: 100},
	}
	for _, limit := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("RelationsOf/%d", limit), func(t *testing.T) {
			qs, pages := pairedPages(t, s, queries, func(q *store.RelationQuery) { q.EvidenceLimit = limit })
			cuts := 0
			for i := 0; i < len(qs); i += 2 {
				cuts += checkEvidenceLimit(t, fmt.Sprintf("%+v", qs[i+1]), limit, pages[i].Items, pages[i+1].Items)
				if d := Diff(pages[i].Cursors, pages[i+1].Cursors); d != "" {
					t.Errorf("%+v: cursors (-without limit +with):\n%s", qs[i+1], d)
				}
			}
			if limit < 3 && cuts == 0 {
				t.Errorf("no relation had its evidence cut by a limit of %d", limit)
			}
		})
		t.Run(fmt.Sprintf("ReadLevel/%d", limit), func(t *testing.T) {
			q := store.RelationQuery{Entity: russia, First: 100}
			cut := q
			cut.EvidenceLimit = limit
			full, err := s.ReadLevel(ctx, store.LevelQuery{Queries: []store.RelationQuery{q, q}, Articles: true, Ends: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.ReadLevel(ctx, store.LevelQuery{Queries: []store.RelationQuery{q, cut}, Articles: true, Ends: true})
			if err != nil {
				t.Fatal(err)
			}
			checkEvidenceLimit(t, "level", limit, full.Pages[1].Items, got.Pages[1].Items)
			if d := Diff(full.Pages[0], got.Pages[0]); d != "" {
				t.Errorf("the query without a limit, batched with one with a limit (-alone +batched):\n%s", d)
			}
		})
		t.Run(fmt.Sprintf("Timeline/%d", limit), func(t *testing.T) {
			q := store.TimelineQuery{Entity: russia, First: 100}
			full, err := s.Timeline(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			q.EvidenceLimit = limit
			got, err := s.Timeline(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(full.Cursors, got.Cursors); d != "" {
				t.Errorf("cursors (-without limit +with):\n%s", d)
			}
			var with, without []*store.Relation
			for i, it := range full.Items {
				if it.Relation != nil && i < len(got.Items) {
					without, with = append(without, it.Relation), append(with, got.Items[i].Relation)
				}
			}
			checkEvidenceLimit(t, "timeline", limit, without, with)

			// With only the articles of the pieces: the same, but for
			// what each piece keeps.
			q.ArticleOnlyEvidence = true
			articles, err := s.Timeline(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(got.Cursors, articles.Cursors); d != "" {
				t.Errorf("cursors (-whole pieces +articles only):\n%s", d)
			}
			for i, it := range got.Items {
				if it.Relation == nil || i >= len(articles.Items) || articles.Items[i].Relation == nil {
					continue
				}
				want := it.Relation.Clone()
				want.Evidence = store.ArticleOnly(want.Evidence)
				if d := Diff(want, articles.Items[i].Relation); d != "" {
					t.Errorf("timeline item %d with the articles of at most %d pieces (-want +got):\n%s", i, limit, d)
				}
			}
		})
	}
}

// checkEvidenceLimit checks that the relations got, asked with an evidence
// limit, are the relations full, asked without, but for their evidence: the
// first limit pieces, with EvidenceTotal counting them all when some are
// left out. It returns how many relations had pieces left out.
func checkEvidenceLimit(t *testing.T, name string, limit int, full, got []*store.Relation) int {
	t.Helper()
	cuts := 0
	want := make([]*store.Relation, len(full))
	for i, r := range full {
		c := r.Clone()
		if len(c.Evidence) > limit {
			c.Evidence, c.EvidenceTotal = c.Evidence[:limit], len(c.Evidence)
			cuts++
		}
		want[i] = c
	}
	if d := Diff(want, got); d != "" {
		t.Errorf("%s: relations with at most %d pieces of evidence (-want +got):\n%s", name, limit, d)
	}
	return cuts
}
