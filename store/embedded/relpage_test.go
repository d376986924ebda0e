package embedded

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/ontology"
	"newsgraph/store"
)

// synthStore is a store holding a generated corpus: a few entities with
// hundreds of relations, and many relations sharing a type or a date.
func synthStore(t testing.TB, articles int) *Store {
	t.Helper()
	s := New()
	err := synth.Generate(synth.Config{Articles: articles, Seed: 1}, func(d *article.Document) error {
		g, err := d.Graph()
		if err != nil {
			return err
		}
		_, err = s.PutArticle(context.Background(), g)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sortedPage is a page of relations as a list that sorts every relation the
// query selects would give it: what a page read from the sorted adjacency
// must equal.
func (g *graph) sortedPage(q relationQuery) *store.Page[*store.Relation] {
	var items []ranked[*store.Relation]
	g.eachRelation(q, func(r *store.Relation) {
		items = keep(q.page, items, store.RelationSortKey(r, q.page.field), r.ID, r)
	})
	return paginate(items, q.page, (*store.Relation).Clone)
}

// byDegree returns the ids of the n entities with the most relations, most
// first.
func byDegree(t testing.TB, s *Store, n int) []string {
	t.Helper()
	page, err := s.ListEntities(context.Background(), store.EntityQuery{First: n, Order: store.Order{Field: store.OrderByDegree, Desc: true}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range page.Items {
		ids = append(ids, e.ID)
	}
	return ids
}

// Every page of an entity's relations, in every direction and order, with
// and without types, walked by cursor to the end, is the page sorting would
// give.
func TestEntityRelationPagesAreSortedPages(t *testing.T) {
	s := synthStore(t, 300)
	entities := append(byDegree(t, s, 3), "actor:nobody")
	typeSets := [][]ontology.RelationType{nil, {ontology.RelationTypes[0], ontology.RelationTypes[3]}}
	pages := 0
	for _, id := range entities {
		for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
			for _, field := range []store.OrderField{store.OrderByID, store.OrderByName, store.OrderByDate, store.OrderByDegree} {
				for _, desc := range []bool{false, true} {
					for _, types := range typeSets {
						for _, first := range []int{1, 7, 100} {
							name := fmt.Sprintf("%s/%s/%s/desc=%t/types=%v/first=%d", id, dir, field, desc, types, first)
							q := store.RelationQuery{Entity: id, Direction: dir, Types: types, Order: store.Order{Field: field, Desc: desc}, First: first}
							for {
								rq, err := prepareRelationQuery(q)
								if err != nil {
									t.Fatal(err)
								}
								got, want := s.g.entityRelations(rq), s.g.sortedPage(rq)
								pages++
								if diff := cmp.Diff(want, got); diff != "" {
									t.Fatalf("%s after %q: page differs (-sorted +read):\n%s", name, q.After, diff)
								}
								if !got.HasNextPage {
									break
								}
								q.After = got.EndCursor()
							}
						}
					}
				}
			}
		}
	}
	if pages < 1000 {
		t.Errorf("only %d pages compared; the corpus is too small to test paging", pages)
	}
}

// A cursor whose key no relation has (a date between two dates) starts the
// page where sorting would.
func TestEntityRelationPageAfterAbsentKey(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	for _, desc := range []bool{false, true} {
		for _, after := range []string{store.EncodeCursor("2024-06-15x", ""), store.EncodeCursor("", "zzz"), store.EncodeCursor("~", "")} {
			q := store.RelationQuery{Entity: hub, Order: store.Order{Field: store.OrderByDate, Desc: desc}, First: 5, After: after}
			rq, err := prepareRelationQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(s.g.sortedPage(rq), s.g.entityRelations(rq)); diff != "" {
				t.Errorf("desc=%t after %q: page differs (-sorted +read):\n%s", desc, after, diff)
			}
		}
	}
}

// A page of an entity's relations looks at the relations of the page and
// one more, not at all the entity's relations: reading a page costs its
// size, whatever the entity's degree.
func TestEntityRelationPageCostsItsSize(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	const first = 10
	degree, err := s.CountRelations(context.Background(), store.RelationQuery{Entity: hub})
	if err != nil {
		t.Fatal(err)
	}
	if degree < 10*(first+1) {
		t.Fatalf("the hub has %d relations; the test needs many more than a page", degree)
	}
	for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
		for _, field := range []store.OrderField{store.OrderByID, store.OrderByName, store.OrderByDate} {
			for _, desc := range []bool{false, true} {
				q := store.RelationQuery{Entity: hub, Direction: dir, Order: store.Order{Field: field, Desc: desc}, First: first}
				for range 3 { // the first page and two after cursors
					before := s.g.pageVisits.Load()
					pages, err := s.RelationsOf(context.Background(), []store.RelationQuery{q})
					if err != nil {
						t.Fatal(err)
					}
					if visits := s.g.pageVisits.Load() - before; visits > first+1 {
						t.Errorf("%s %s desc=%t after %q: the page looked at %d relations of %d, want at most %d",
							dir, field, desc, q.After, visits, degree, first+1)
					}
					if !pages[0].HasNextPage {
						break
					}
					q.After = pages[0].EndCursor()
				}
			}
		}
	}
}

// BenchmarkRelationsOf times the relation pages of the project's speed
// issue on a generated corpus of 2,000 articles: "actors" is one call for
// the first 10 relations of each of 20 actors (query b), "hub" the first
// 100 relations of the entity with the most (query d), "ids" a thousand
// relations looked up by id, a hundred a query (a neighbourhood's,
// store.RelationIDAnchor).
//
//	go test ./store/embedded -run '^$' -bench RelationsOf -benchmem
func BenchmarkRelationsOf(b *testing.B) {
	s := synthStore(b, 2000)
	ctx := context.Background()
	actors, err := s.ListEntities(ctx, store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, First: 20, Order: store.Order{Field: store.OrderByName}})
	if err != nil {
		b.Fatal(err)
	}
	var each []store.RelationQuery
	for _, a := range actors.Items {
		each = append(each, store.RelationQuery{Entity: a.ID, Order: store.Order{Field: store.OrderByID}, First: 10})
	}
	hub := []store.RelationQuery{{Entity: byDegree(b, s, 1)[0], Order: store.Order{Field: store.OrderByID}, First: 100}}
	var ids []string
	for id := range s.g.relations {
		if ids = append(ids, id); len(ids) == 1000 {
			break
		}
	}
	slices.Sort(ids)
	var byID []store.RelationQuery
	for chunk := range slices.Chunk(ids, store.MaxPageSize) {
		byID = append(byID, store.RelationQuery{Where: &store.RelationFilter{ID: &store.StringFilter{In: chunk}},
			Order: store.Order{Field: store.OrderByID}, First: len(chunk), NoEvidence: true})
	}
	for _, bc := range []struct {
		name string
		qs   []store.RelationQuery
	}{{"actors", each}, {"hub", hub}, {"ids", byID}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.RelationsOf(ctx, bc.qs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The cursors of relation pages are those of store.EncodeCursor, whatever
// the key and id hold.
func TestEncodeCursorIsStoreEncodeCursor(t *testing.T) {
	for _, s := range []string{
		"", "relation:abc123", "2024-06-15", "DEMANDED", "a b~", "quote\"", `back\slash`,
		"<tag>", "a&b", "tab\t", "\x7f", "é", "Москва", "\u2028", "bad\xff", "日本",
	} {
		for _, other := range []string{"", "relation:0f3a"} {
			if got, want := encodeCursor(s, other), store.EncodeCursor(s, other); got != want {
				t.Errorf("encodeCursor(%q, %q) = %q, want %q", s, other, got, want)
			}
			if got, want := encodeCursor(other, s), store.EncodeCursor(other, s); got != want {
				t.Errorf("encodeCursor(%q, %q) = %q, want %q", other, s, got, want)
			}
		}
	}
}
