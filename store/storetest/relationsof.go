package storetest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// starRelations returns the ids of the relations of Star(n) touching the hub,
// going out of it and coming in, from Star's definition.
func starRelations(n int) (out, in []string) {
	none := store.Qualifiers{}
	for i := range n {
		if i%2 == 0 {
			out = append(out, store.RelationID(ontology.Accused, starHub, StarSpokeID(i), none))
		} else {
			in = append(in, store.RelationID(ontology.Aided, StarSpokeID(i), starHub, none))
		}
		if i%3 == 0 {
			out = append(out, store.RelationID(ontology.Threatened, starHub, StarSpokeID(i), none))
		}
	}
	return out, in
}

// wantPage is the page a query with the given First must return when the
// full answer is all (in order).
func wantPage(all []string, first int) ([]string, bool) {
	if len(all) <= first {
		return all, false
	}
	return all[:first], true
}

// testRelationsOf covers the batched relation queries: each answer aligned
// with its query, equal to what ListRelations gives for it, and paged on its
// own.
func testRelationsOf(t *testing.T, f Factory) {
	const spokes = 10
	s, m := loaded(t, f, append(Ukraine(), Star(spokes))...)
	ctx := t.Context()
	hubOut, hubIn := starRelations(spokes)
	none := store.Qualifiers{}
	var threats []string
	for i := 0; i < spokes; i += 3 {
		threats = append(threats, store.RelationID(ontology.Threatened, starHub, StarSpokeID(i), none))
	}
	ukraineByDateDesc := append(sortedIDs(rExchangedUA, rExchangedRU), sortedIDs(rAided)...)
	ukraineByDateDesc = append(ukraineByDateDesc, sortedIDs(rDemandedCeasefire, rAgreedUA, rRejectedRecognition, rSupported)...)

	cases := []struct {
		name string
		q    store.RelationQuery
		all  []string // the full answer, in order
	}{
		{"hub out", store.RelationQuery{Entity: starHub, Direction: store.Out, First: 100}, sortedIDs(hubOut...)},
		{"hub in", store.RelationQuery{Entity: starHub, Direction: store.In, First: 100}, sortedIDs(hubIn...)},
		{"hub both, first page", store.RelationQuery{Entity: starHub, First: 3}, sortedIDs(append(hubOut, hubIn...)...)},
		{"hub threats", store.RelationQuery{Entity: starHub, First: 100,
			Types: []ontology.RelationType{ontology.Threatened}},
			sortedIDs(threats...)},
		{"unknown entity", store.RelationQuery{Entity: "actor:nobody", First: 10}, nil},
		{"spoke in", store.RelationQuery{Entity: StarSpokeID(4), Direction: store.In, First: 10},
			[]string{store.RelationID(ontology.Accused, starHub, StarSpokeID(4), none)}},
		{"spoke out", store.RelationQuery{Entity: StarSpokeID(4), Direction: store.Out, First: 10}, nil},
		{"spoke both", store.RelationQuery{Entity: StarSpokeID(3), Direction: store.Both, First: 10},
			sortedIDs(store.RelationID(ontology.Aided, StarSpokeID(3), starHub, none),
				store.RelationID(ontology.Threatened, starHub, StarSpokeID(3), none))},
		{"ukraine in one article", store.RelationQuery{Entity: ukraine, First: 10,
			Where: &store.RelationFilter{Article: eq(artSanctions)}}, sortedIDs(rSupported, rAided)},
		{"ukraine but exchanges by date, latest first", store.RelationQuery{Entity: ukraine, First: 2,
			Order: store.Order{Field: store.OrderByDate, Desc: true}, Where: &store.RelationFilter{
				Not: &store.RelationFilter{Type: eq("EXCHANGED")}}},
			append([]string{rAided}, sortedIDs(rDemandedCeasefire, rAgreedUA, rRejectedRecognition, rSupported)...)},
		{"ukraine by date, latest first", store.RelationQuery{Entity: ukraine, First: 100,
			Order: store.Order{Field: store.OrderByDate, Desc: true}}, ukraineByDateDesc},
	}

	t.Run("Batch", func(t *testing.T) {
		qs := make([]store.RelationQuery, len(cases))
		for i, c := range cases {
			qs[i] = c.q
		}
		pages, err := s.RelationsOf(ctx, qs)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != len(qs) {
			t.Fatalf("RelationsOf returned %d pages for %d queries", len(pages), len(qs))
		}
		for i, c := range cases {
			p := pages[i]
			checkPage(t, p, c.q.First)
			want, next := wantPage(c.all, c.q.First)
			if d := Diff(want, relationIDs(p.Items)); d != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, d)
			}
			if p.HasNextPage != next {
				t.Errorf("%s: HasNextPage = %v, want %v", c.name, p.HasNextPage, next)
			}
			single, err := s.ListRelations(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := Diff(single, p); d != "" {
				t.Errorf("%s: RelationsOf and ListRelations disagree (-list +batch):\n%s", c.name, d)
			}
		}
	})

	t.Run("NoEvidence", func(t *testing.T) {
		// Each query with and without evidence, in one batch, with lists
		// of no entity too: the same pages but for the evidence, which
		// is nil.
		all := []store.RelationQuery{{First: 100},
			{Types: []ontology.RelationType{ontology.Exchanged}, Order: store.Order{Field: store.OrderByDate}, First: 1}}
		for _, c := range cases {
			all = append(all, c.q)
		}
		qs, pages := pairedPages(t, s, all, func(q *store.RelationQuery) { q.NoEvidence = true })
		for i := 0; i < len(qs); i += 2 {
			checkNoEvidence(t, fmt.Sprintf("%+v", qs[i]), pages[i], pages[i+1])
		}
	})

	t.Run("PagingPerQuery", func(t *testing.T) {
		// Three queries paged together, each at its own pace; finished
		// ones keep asking after their end and get empty pages.
		qs := []store.RelationQuery{
			{Entity: starHub, First: 3},
			{Entity: ukraine, First: 2, Direction: store.Out},
			{Entity: StarSpokeID(3), First: 1},
		}
		want := [][]string{
			sortedIDs(append(hubOut, hubIn...)...),
			sortedIDs(rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition),
			sortedIDs(store.RelationID(ontology.Aided, StarSpokeID(3), starHub, none),
				store.RelationID(ontology.Threatened, starHub, StarSpokeID(3), none)),
		}
		got := make([][]string, len(qs))
		done := make([]bool, len(qs))
		for round := 0; ; round++ {
			if round > 20 {
				t.Fatal("paging does not end")
			}
			pages, err := s.RelationsOf(ctx, qs)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range pages {
				checkPage(t, p, qs[i].First)
				if done[i] && len(p.Items) > 0 {
					t.Errorf("query %d: items after its last page: %v", i, relationIDs(p.Items))
				}
				got[i] = append(got[i], relationIDs(p.Items)...)
				done[i] = done[i] || !p.HasNextPage
				if len(p.Items) > 0 {
					qs[i].After = p.EndCursor()
				}
			}
			if slicesAll(done) {
				break
			}
		}
		for i := range qs {
			if d := Diff(want[i], got[i]); d != "" {
				t.Errorf("query %d (-want +got):\n%s", i, d)
			}
		}
	})

	t.Run("Counts", func(t *testing.T) {
		// The cases (page, order and cursor ignored), the relations of
		// every entity in every direction, and queries of no entity.
		var qs []store.RelationQuery
		var want []int
		for _, c := range cases {
			q := c.q
			q.First = 1
			qs, want = append(qs, q), append(want, len(c.all))
		}
		for _, e := range m.Entities() {
			for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
				q := store.RelationQuery{Entity: e.ID, Direction: dir}
				qs, want = append(qs, q), append(want, m.CountRelations(q))
				q.Types = []ontology.RelationType{ontology.Aided, ontology.Threatened}
				qs, want = append(qs, q), append(want, m.CountRelations(q))
			}
		}
		for _, q := range []store.RelationQuery{{}, {Types: []ontology.RelationType{ontology.Threatened}}} {
			qs, want = append(qs, q), append(want, m.CountRelations(q))
		}
		got, err := s.CountRelationsOf(ctx, qs)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("CountRelationsOf (-want +got):\n%s", d)
		}
		single := make([]int, len(qs))
		for i, q := range qs {
			if single[i], err = s.CountRelations(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if d := cmp.Diff(single, got); d != "" {
			t.Errorf("CountRelationsOf and CountRelations disagree (-single +batch):\n%s", d)
		}
		if got, err := s.CountRelationsOf(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("CountRelationsOf(nil) = %v, %v; want no counts", got, err)
		}
		_, err = s.CountRelationsOf(ctx, []store.RelationQuery{{Entity: ukraine}, {Entity: ukraine, Direction: "SIDEWAYS"}})
		wantInvalid(t, "CountRelationsOf in an unknown direction", err)
	})

	t.Run("NoQueries", func(t *testing.T) {
		pages, err := s.RelationsOf(ctx, nil)
		if err != nil || len(pages) != 0 {
			t.Errorf("RelationsOf(nil) = %v, %v; want no pages", pages, err)
		}
	})

	t.Run("ManyEntities", func(t *testing.T) {
		// One query per spoke, as a nested GraphQL field would send.
		var qs []store.RelationQuery
		for i := range spokes {
			qs = append(qs, store.RelationQuery{Entity: StarSpokeID(i), First: 10})
		}
		pages, err := s.RelationsOf(ctx, qs)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range pages {
			n := 1
			if i%3 == 0 {
				n = 2
			}
			if len(p.Items) != n {
				t.Errorf("spoke %d: %d relations, want %d", i, len(p.Items), n)
			}
			for _, r := range p.Items {
				if r.Source != StarSpokeID(i) && r.Target != StarSpokeID(i) {
					t.Errorf("spoke %d: relation %s does not touch it", i, fmt.Sprint(r.Source, "→", r.Target))
				}
			}
		}
	})
}

// slicesAll reports whether every value is true.
func slicesAll(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return false
		}
	}
	return true
}

// checkNoEvidence checks that a page asked without evidence is the page
// with it but for the evidence, which is nil; with must have some.
func checkNoEvidence(t *testing.T, name string, with, without *store.Page[*store.Relation]) {
	t.Helper()
	want := &store.Page[*store.Relation]{HasNextPage: with.HasNextPage, Cursors: with.Cursors, Total: with.Total}
	for _, r := range with.Items {
		if len(r.Evidence) == 0 {
			t.Errorf("%s: relation %s has no evidence when asked with it", name, r.ID)
		}
		c := r.Clone()
		c.Evidence = nil
		want.Items = append(want.Items, c)
	}
	if want.Items == nil {
		want.Items = with.Items
	}
	if d := Diff(want, without); d != "" {
		t.Errorf("%s: the page without evidence (-want +got):\n%s", name, d)
	}
}

// pairedPages asks RelationsOf, in one batch, each query followed by the
// query changed by change, and returns the queries and their pages.
func pairedPages(t *testing.T, s store.Store, queries []store.RelationQuery,
	change func(*store.RelationQuery)) ([]store.RelationQuery, []*store.Page[*store.Relation]) {
	t.Helper()
	var qs []store.RelationQuery
	for _, q := range queries {
		changed := q
		change(&changed)
		qs = append(qs, q, changed)
	}
	pages, err := s.RelationsOf(t.Context(), qs)
	if err != nil {
		t.Fatal(err)
	}
	return qs, pages
}
