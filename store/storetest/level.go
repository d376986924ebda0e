package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// testReadLevel covers relation levels: store.ReadLevel (the store's own
// ReadLevel when it has one) gives what RelationsOf, Entities and Articles
// give (store.ReadLevelByParts), for nested levels, queries without an
// entity, pages after a cursor, and every combination of ends, articles and
// counts.
func testReadLevel(t *testing.T, f Factory) {
	const spokes = 10
	s, _ := loaded(t, f, append(Ukraine(), Star(spokes))...)
	ctx := t.Context()
	nested := []store.RelationQuery{
		{Entity: starHub, First: 3},
		{Entity: ukraine, First: 2},
		{Entity: StarSpokeID(3), First: 10},
		{Entity: "actor:nobody", First: 10},
		{Entity: ukraine, First: 2}, // the same parent twice
	}
	mixed := []store.RelationQuery{
		{Entity: ukraine, First: 10, Direction: store.Out},
		{First: 4, Types: []ontology.RelationType{ontology.Threatened}},
		{Entity: StarSpokeID(4), First: 10, Direction: store.In},
		{Entity: ukraine, First: 10, Order: store.Order{Field: store.OrderByDate, Desc: true},
			Where: &store.RelationFilter{Article: eq(artSanctions)}},
	}
	first, err := s.RelationsOf(ctx, []store.RelationQuery{{Entity: starHub, First: 3}, {First: 2}})
	if err != nil {
		t.Fatal(err)
	}
	after := func(i int) string { return first[i].Cursors[len(first[i].Cursors)-1] }
	cursors := []store.RelationQuery{
		{Entity: starHub, First: 3, After: after(0)},
		{Entity: StarSpokeID(3), First: 3, After: after(0)},
		{First: 2, After: after(1)},
	}
	cases := []struct {
		name string
		q    store.LevelQuery
	}{
		{"nested, everything", store.LevelQuery{Queries: nested, Ends: true, Articles: true, Counts: true}},
		{"nested, counts", store.LevelQuery{Queries: nested, Counts: true}},
		{"mixed, counts", store.LevelQuery{Queries: mixed, Articles: true, Counts: true}},
		{"after cursors, counts", store.LevelQuery{Queries: cursors, Ends: true, Counts: true}},
		{"no query, counts", store.LevelQuery{Counts: true}},
		{"nested, ends and articles", store.LevelQuery{Queries: nested, Ends: true, Articles: true}},
		{"nested, ends", store.LevelQuery{Queries: nested, Ends: true}},
		{"nested, articles", store.LevelQuery{Queries: nested, Articles: true}},
		{"nested, relations only", store.LevelQuery{Queries: nested}},
		{"mixed, ends and articles", store.LevelQuery{Queries: mixed, Ends: true, Articles: true}},
		{"mixed, ends", store.LevelQuery{Queries: mixed, Ends: true}},
		{"no query", store.LevelQuery{Ends: true, Articles: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.ReadLevel(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := store.ReadLevelByParts(ctx, s, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(want, got); d != "" {
				t.Errorf("ReadLevel and RelationsOf, Entities, Articles disagree (-parts +level):\n%s", d)
			}
			ends, articles := store.LevelRefs(got.Pages)
			if c.q.Ends && len(ends) > 0 && len(got.Entities) == 0 {
				t.Errorf("ends asked, %d ends in the pages, no entity in the level", len(ends))
			}
			if c.q.Articles && len(articles) > 0 && len(got.Articles) == 0 {
				t.Errorf("articles asked, %d in the pages, no article in the level", len(articles))
			}
			if !c.q.Ends && len(got.Entities) > 0 {
				t.Errorf("ends not asked, got %d entities", len(got.Entities))
			}
			if !c.q.Counts && got.Counts != nil {
				t.Errorf("counts not asked, got %v", got.Counts)
			}
			if c.q.Counts {
				counts, err := s.CountRelationsOf(ctx, c.q.Queries)
				if err != nil {
					t.Fatal(err)
				}
				if d := Diff(counts, got.Counts); d != "" {
					t.Errorf("counts of the level and CountRelationsOf disagree (-count +level):\n%s", d)
				}
			}
		})
	}
	// The level holds the ends of its pages' relations only, not those of
	// the relations after a page.
	lv, err := s.ReadLevel(ctx, store.LevelQuery{Queries: []store.RelationQuery{
		{Entity: starHub, First: 1, Direction: store.Out}}, Ends: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(lv.Pages) != 1 || len(lv.Pages[0].Items) != 1 || !lv.Pages[0].HasNextPage {
		t.Fatalf("the hub's first relation out: want a page of 1 with a next page, got %+v", lv.Pages)
	}
	r := lv.Pages[0].Items[0]
	if len(lv.Entities) != 2 || lv.Entities[r.Source] == nil || lv.Entities[r.Target] == nil {
		t.Errorf("entities of a page of one relation %s -> %s: got %d entities", r.Source, r.Target, len(lv.Entities))
	}
}
