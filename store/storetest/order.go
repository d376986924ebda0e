package storetest

import (
	"fmt"
	"sort"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

var actorOnly = []ontology.NodeType{ontology.Actor}

var orderFields = []store.OrderField{store.OrderByID, store.OrderByName, store.OrderByDate, store.OrderByDegree}

// sortedBy returns the ids of items sorted by key (descending when desc),
// ties broken by id ascending.
func sortedBy[T any](items []T, key, id func(T) string, desc bool) []string {
	s := append([]T(nil), items...)
	sort.SliceStable(s, func(i, j int) bool {
		ki, kj := key(s[i]), key(s[j])
		if ki != kj {
			return (ki < kj) != desc
		}
		return id(s[i]) < id(s[j])
	})
	out := make([]string, len(s))
	for i, it := range s {
		out[i] = id(it)
	}
	return out
}

// The sort keys of the contract (see store.OrderField), written out for the
// suite: what each order sorts on, and the key a cursor carries.

func entityKey(field store.OrderField, deg map[string]int) func(e *store.Entity) string {
	return func(e *store.Entity) string {
		switch field {
		case store.OrderByName:
			return e.Name
		case store.OrderByDate:
			return e.Date
		case store.OrderByDegree:
			return fmt.Sprintf("%010d", deg[e.ID]) // zero-padded: keys sort as numbers
		}
		return e.ID
	}
}

func relationKey(field store.OrderField) func(r *store.Relation) string {
	return func(r *store.Relation) string {
		switch field {
		case store.OrderByName:
			return string(r.Type)
		case store.OrderByDate:
			return r.Qualifiers.Date
		}
		return r.ID
	}
}

func articleKey(field store.OrderField) func(a *store.Article) string {
	return func(a *store.Article) string {
		switch field {
		case store.OrderByName:
			return a.Title
		case store.OrderByDate:
			return a.Published
		}
		return a.ID
	}
}

// checkCursors lists everything in one page and checks that each cursor is
// store.EncodeCursor of the item's sort key and id.
func checkCursors[T any](t *testing.T, l lister[T], key func(T) string) {
	t.Helper()
	p, err := l.list(store.MaxPageSize, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range p.Items {
		if want := store.EncodeCursor(key(it), l.id(it)); p.Cursors[i] != want {
			t.Errorf("cursor of %s = %q, want %q", l.id(it), p.Cursors[i], want)
		}
	}
}

// testOrder covers the sort orders of the three lists: expectations computed
// from the model, and a few written out by hand.
func testOrder(t *testing.T, f Factory) {
	s, m := loaded(t, f, Ukraine()...)
	deg := m.Degrees()
	entityID := func(e *store.Entity) string { return e.ID }
	relationID := func(r *store.Relation) string { return r.ID }
	articleID := func(a *store.Article) string { return a.ID }

	for _, field := range orderFields {
		for _, desc := range []bool{false, true} {
			order := store.Order{Field: field, Desc: desc}
			name := fmt.Sprintf("%s desc=%v", field, desc)
			t.Run("entities by "+name, func(t *testing.T) {
				l := entityLister(t, s, store.EntityQuery{Order: order})
				checkList(t, l, sortedBy(m.Entities(), entityKey(field, deg), entityID, desc))
				checkCursors(t, l, entityKey(field, deg))
			})
			t.Run("relations by "+name, func(t *testing.T) {
				key := relationKey(field)
				l := relationLister(t, s, store.RelationQuery{Order: order})
				checkList(t, l, sortedBy(m.Relations(), key, relationID, desc))
				checkCursors(t, l, key)
			})
			t.Run("articles by "+name, func(t *testing.T) {
				key := articleKey(field)
				l := articleLister(t, s, store.ArticleQuery{Order: order})
				checkList(t, l, sortedBy(m.Articles(), key, articleID, desc))
				checkCursors(t, l, key)
			})
		}
	}

	// By hand, from the table in fixtures.go.
	byHand := []struct {
		name string
		q    store.EntityQuery
		want []string
	}{
		{"entities by degree, most first", store.EntityQuery{Order: store.Order{Field: store.OrderByDegree, Desc: true}, First: 5},
			[]string{ukraine, russia, eu, exchange, secondRound}},
		{"entities by name", store.EntityQuery{Order: store.Order{Field: store.OrderByName}, First: 4},
			[]string{eu, firstRound, ceasefire, istanbul}},
		{"meetings by date, latest first", store.EntityQuery{Order: store.Order{Field: store.OrderByDate, Desc: true}, First: 4},
			[]string{secondRound, firstRound, russia, ukraine}},
		{"actors by degree", store.EntityQuery{Types: actorOnly, Order: store.Order{Field: store.OrderByDegree}, First: 3},
			[]string{zelensky, putin, umerov}},
	}
	for _, c := range byHand {
		t.Run(c.name, func(t *testing.T) {
			p, err := s.ListEntities(t.Context(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range p.Items {
				got = append(got, e.ID)
			}
			if d := Diff(c.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	t.Run("articles by date", func(t *testing.T) {
		l := articleLister(t, s, store.ArticleQuery{Order: store.Order{Field: store.OrderByDate}})
		checkList(t, l, []string{artSanctions, artTalks, artDirect})
	})
	t.Run("relations by date, latest first", func(t *testing.T) {
		l := relationLister(t, s, store.RelationQuery{Order: store.Order{Field: store.OrderByDate, Desc: true},
			Where: &store.RelationFilter{Date: dateGte("2000-01-01")}})
		checkList(t, l, append(sortedIDs(rExchangedUA, rExchangedRU), sortedIDs(rSanctioned, rAided)...))
	})
}
