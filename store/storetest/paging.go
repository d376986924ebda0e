package storetest

import (
	"encoding/base64"
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// malformedCursors are Afters no engine may accept.
var malformedCursors = []string{
	"not a cursor!",
	base64.RawURLEncoding.EncodeToString([]byte(`{"key":"x"}`)),
	base64.RawURLEncoding.EncodeToString([]byte(`[1,2]`)),
}

// testPaging covers page sizes, cursors and invalid queries.
func testPaging(t *testing.T, f Factory) {
	t.Run("WalkALongList", func(t *testing.T) {
		const n = 150
		s, _ := loaded(t, f, Chain(n))
		var ids, rels []string
		for i := range n {
			ids = append(ids, ChainID(i))
		}
		checkList(t, entityLister(t, s, store.EntityQuery{}), ids)
		// Relations by date: the chain's order.
		for i := range n - 1 {
			rels = append(rels, store.RelationID(ontology.Cooperated, ChainID(i), ChainID(i+1),
				Chain(n).Relations[i].Relation.Qualifiers))
		}
		checkList(t, relationLister(t, s, store.RelationQuery{Order: store.Order{Field: store.OrderByDate}}), rels)
	})

	t.Run("FirstIsClamped", func(t *testing.T) {
		s, _ := loaded(t, f, Chain(150))
		ctx := t.Context()
		ep, err := s.ListEntities(ctx, store.EntityQuery{First: 1000})
		if err != nil {
			t.Fatal(err)
		}
		rp, err := s.ListRelations(ctx, store.RelationQuery{First: store.MaxPageSize + 1})
		if err != nil {
			t.Fatal(err)
		}
		bp, err := s.RelationsOf(ctx, []store.RelationQuery{{First: 1 << 20}})
		if err != nil {
			t.Fatal(err)
		}
		// First 0 (or less) asks for the default page size.
		dp, err := s.ListEntities(ctx, store.EntityQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(dp.Items) != store.DefaultPageSize || !dp.HasNextPage {
			t.Errorf("ListEntities with First 0: %d items, next page %v; want %d and a next page",
				len(dp.Items), dp.HasNextPage, store.DefaultPageSize)
		}
		for _, c := range []struct {
			name string
			n    int
			next bool
		}{
			{"ListEntities", len(ep.Items), ep.HasNextPage},
			{"ListRelations", len(rp.Items), rp.HasNextPage},
			{"RelationsOf", len(bp[0].Items), bp[0].HasNextPage},
		} {
			if c.n != store.MaxPageSize || !c.next {
				t.Errorf("%s with a huge First: %d items, next page %v; want %d and a next page",
					c.name, c.n, c.next, store.MaxPageSize)
			}
		}
	})

	t.Run("MalformedCursor", func(t *testing.T) {
		s, _ := loaded(t, f, Sanctions())
		ctx := t.Context()
		for _, c := range malformedCursors {
			_, err := s.ListEntities(ctx, store.EntityQuery{First: 10, After: c})
			wantInvalid(t, "ListEntities after "+c, err)
			_, err = s.ListArticles(ctx, store.ArticleQuery{First: 10, After: c})
			wantInvalid(t, "ListArticles after "+c, err)
			_, err = s.ListRelations(ctx, store.RelationQuery{First: 10, After: c})
			wantInvalid(t, "ListRelations after "+c, err)
			_, err = s.RelationsOf(ctx, []store.RelationQuery{{Entity: eu, First: 10}, {Entity: eu, First: 10, After: c}})
			wantInvalid(t, "RelationsOf after "+c, err)
		}
	})

	t.Run("InvalidQueries", func(t *testing.T) {
		s, _ := loaded(t, f, Sanctions())
		ctx := t.Context()
		badOrder := store.Order{Field: "COLOUR"}
		checks := []struct {
			name string
			err  error
		}{
			{"ListEntities of a non-entity type", second(s.ListEntities(ctx, store.EntityQuery{First: 10,
				Types: []ontology.NodeType{ontology.Article}}))},
			{"CountEntities of an unknown type", second(s.CountEntities(ctx, store.EntityQuery{
				Types: []ontology.NodeType{"Person"}}))},
			{"ListRelations of an unknown type", second(s.ListRelations(ctx, store.RelationQuery{First: 10,
				Types: []ontology.RelationType{"LIKED"}}))},
			{"CountRelations of an unknown type", second(s.CountRelations(ctx, store.RelationQuery{
				Types: []ontology.RelationType{"LIKED"}}))},
			{"ListRelations in an unknown direction", second(s.ListRelations(ctx, store.RelationQuery{First: 10,
				Entity: eu, Direction: "SIDEWAYS"}))},
			{"RelationsOf in an unknown direction", second(s.RelationsOf(ctx, []store.RelationQuery{
				{Entity: eu, First: 10}, {Entity: eu, First: 10, Direction: "SIDEWAYS"}}))},
			{"ListEntities in an unknown order", second(s.ListEntities(ctx, store.EntityQuery{First: 10, Order: badOrder}))},
			{"ListArticles in an unknown order", second(s.ListArticles(ctx, store.ArticleQuery{First: 10, Order: badOrder}))},
			{"ListRelations in an unknown order", second(s.ListRelations(ctx, store.RelationQuery{First: 10, Order: badOrder}))},
		}
		for _, c := range checks {
			wantInvalid(t, c.name, c.err)
		}
	})

	t.Run("CursorSurvivesWrites", func(t *testing.T) {
		// Cursors name a position, not an item: after the item is gone, or
		// new items arrive, the list goes on from the same place.
		s, m := loaded(t, f, Ukraine()...)
		ctx := t.Context()
		p, err := s.ListEntities(ctx, store.EntityQuery{First: 3})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff([]string{russia, ukraine, zelensky}, entityIDs(p.Items)); d != "" {
			t.Fatalf("first page (-want +got):\n%s", d)
		}
		if _, err := s.DeleteArticle(ctx, artDirect); err != nil { // zelensky goes
			t.Fatal(err)
		}
		m.Delete(artDirect)
		chain := Chain(3) // its ids sort after the cursor
		mustPut(t, s, chain)
		m.Put(chain)
		var want []string
		for _, e := range m.Entities() {
			if e.ID > zelensky {
				want = append(want, e.ID)
			}
		}
		rest, err := s.ListEntities(ctx, store.EntityQuery{First: 100, After: p.EndCursor()})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, entityIDs(rest.Items)); d != "" {
			t.Errorf("the rest after a deleted item (-want +got):\n%s", d)
		}
		if !slices.Contains(want, ChainID(0)) || slices.Contains(want, putin) {
			t.Fatalf("fixtures changed: expected the chain and not Putin after the cursor, got %v", want)
		}
	})
}

// second returns the error of a two-valued call.
func second[T any](_ T, err error) error { return err }

func entityIDs(es []*store.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func relationIDs(rs []*store.Relation) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}
