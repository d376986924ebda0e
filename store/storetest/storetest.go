// Package storetest is the conformance suite of the store contract: every
// engine (embedded, neo4jstore) runs All against fresh stores of its own, and
// any test that fails is a difference between engines, hence a bug.
//
// The suite builds its data in Go (see fixtures.go: three articles about the
// 2025 Russia–Ukraine talks that share entities and relations, a chain and a
// star) and computes what a store must answer from that data, either by hand
// in the tables of each test or with Model, a naive reference recomputed
// from the article graphs that shares no code with the engines (not even
// store.MergeClaims). It never relies on an engine's internals.
//
// Each area of the contract has its own file (put.go, merge.go, lookup.go,
// list.go, ...) and an entry in areas; a new feature adds a file and an
// entry.
//
// Semantics the suite pins down beyond the comments of package store:
//   - filters are two-valued: a missing value (a date, a quantity) matches no
//     operator, and Not of a filter that does not match matches;
//   - StringFilter.In with an empty, non-nil list matches nothing;
//   - an article graph is rejected (wrapping store.ErrInvalid, writing
//     nothing) when its article id is not an "article:" id, its hash is
//     empty, an entity id does not agree with the entity's type, an entity
//     is claimed twice, a relation's type is unknown or does not allow its
//     ends' types, an end is not an entity of the same graph, a relation id
//     is not the one store.RelationID gives, a relation has no evidence, or
//     evidence names another article, is not a span or has a coding that
//     store.EventCoding.Check refuses;
//   - a relation's place (Qualifiers.Place) is part of its identity and
//     must be a Place entity of the article; Place filters its id, "" for
//     none;
//   - a relation filter's EffectiveDate tests store.EffectiveDate (the date
//     qualifier, else the earliest published date of the relation's
//     articles; never a meeting's date); a timeline query's Where keeps the
//     relations it matches and no meetings;
//   - a relation filter's Evidence holds when one piece of evidence
//     satisfies every field given, "" standing for a code the source did
//     not give;
//   - an article may state one relation several times: the claims become one
//     relation with several pieces of evidence, and PutResult.Relations
//     counts distinct relations.
//   - relation quantifiers (store.RelationQuantifier) range over an entity's
//     distinct relations, not their evidence: a relation stated by two
//     articles is one for Single;
//   - the exploration areas (search.go, traverse.go, timeline.go) compute
//     their answers from the model (explore_model.go): search scores with
//     package textmatch, paths by enumerating every simple path,
//     neighbourhoods and timelines from their definitions.
package storetest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/store"
)

// Factory returns a fresh, empty store; it registers the store's cleanup
// with t.Cleanup.
type Factory func(t *testing.T) store.Store

// areas lists the parts of the contract, each a group of subtests.
var areas = []struct {
	name string
	run  func(t *testing.T, f Factory)
}{
	{"Put", testPut},
	{"Validate", testValidate},
	{"Delete", testDelete},
	{"Merge", testMerge},
	{"Evidence", testEvidence},
	{"EvidenceLimit", testEvidenceLimit},
	{"EvidencePages", testEvidencePages},
	{"RelationIDLookups", testRelationIDLookups},
	{"EventCoding", testEventCoding},
	{"Place", testPlace},
	{"EffectiveDate", testEffectiveDate},
	{"RelativeTime", testRelativeTime},
	{"Lookup", testLookup},
	{"ListEntities", testListEntities},
	{"ListRelations", testListRelations},
	{"ListArticles", testListArticles},
	{"Order", testOrder},
	{"Paging", testPaging},
	{"RelationsOf", testRelationsOf},
	{"ReadLevel", testReadLevel},
	{"Projection", testProjection},
	{"ArticleOnlyEvidence", testArticleOnlyEvidence},
	{"ArticlePages", testArticlePages},
	{"Names", testNames},
	{"Codes", testCodes},
	{"Batch", testBatch},
	{"Quantifiers", testQuantifiers},
	{"Search", testSearch},
	{"Expand", testExpand},
	{"ShortestPaths", testShortestPaths},
	{"PathBudget", testPathBudget},
	{"Neighborhood", testNeighborhood},
	{"NeighborhoodLayers", testNeighborhoodLayers},
	{"Timeline", testTimeline},
	{"Between", testBetween},
	{"Stats", testStats},
}

// All runs the whole suite against stores made by factory.
func All(t *testing.T, factory Factory) {
	for _, a := range areas {
		t.Run(a.name, func(t *testing.T) { a.run(t, factory) })
	}
}

// cmpOpts treat nil and empty slices alike: engines may return either.
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// Diff compares two values the way the suite does (nil and empty slices are
// equal) and returns "" when they are equal.
func Diff(want, got any) string { return cmp.Diff(want, got, cmpOpts...) }

// mustPut puts articles and fails the test on any error.
func mustPut(t *testing.T, s store.Store, gs ...*store.ArticleGraph) {
	t.Helper()
	for _, g := range gs {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatalf("PutArticle(%s): %v", g.Article.ID, err)
		}
	}
}

// loaded returns a fresh store holding gs, and the model of it.
func loaded(t *testing.T, f Factory, gs ...*store.ArticleGraph) (store.Store, *Model) {
	t.Helper()
	s := f(t)
	mustPut(t, s, gs...)
	return s, NewModel(gs...)
}

// wantInvalid fails the test unless err wraps store.ErrInvalid.
func wantInvalid(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("%s: error = %v, want one wrapping store.ErrInvalid", what, err)
	}
}

// TakeSnapshot lists everything a store holds, walking every list.
func TakeSnapshot(t *testing.T, s store.Store) Snapshot {
	t.Helper()
	ctx := t.Context()
	return Snapshot{
		Entities: walk(t, store.MaxPageSize, func(after string) (*store.Page[*store.Entity], error) {
			return s.ListEntities(ctx, store.EntityQuery{First: store.MaxPageSize, After: after})
		}),
		Articles: walk(t, store.MaxPageSize, func(after string) (*store.Page[*store.Article], error) {
			return s.ListArticles(ctx, store.ArticleQuery{First: store.MaxPageSize, After: after})
		}),
		Relations: walk(t, store.MaxPageSize, func(after string) (*store.Page[*store.Relation], error) {
			return s.ListRelations(ctx, store.RelationQuery{First: store.MaxPageSize, After: after})
		}),
	}
}

// CheckModel fails the test unless the store holds exactly what the model
// says: the same lists, the same counts, and the same answers to lookups of
// every id.
func CheckModel(t *testing.T, s store.Store, m *Model) {
	t.Helper()
	ctx := t.Context()
	want := m.Snapshot()
	got := TakeSnapshot(t, s)
	if d := Diff(want, got); d != "" {
		t.Fatalf("store differs from the model (-want +got):\n%s", d)
	}
	counts := []struct {
		name string
		n    func() (int, error)
		want int
	}{
		{"CountEntities", func() (int, error) { return s.CountEntities(ctx, store.EntityQuery{}) }, len(want.Entities)},
		{"CountArticles", func() (int, error) { return s.CountArticles(ctx, store.ArticleQuery{}) }, len(want.Articles)},
		{"CountRelations", func() (int, error) { return s.CountRelations(ctx, store.RelationQuery{}) }, len(want.Relations)},
	}
	for _, c := range counts {
		if n, err := c.n(); err != nil || n != c.want {
			t.Errorf("%s = %d, %v; want %d", c.name, n, err, c.want)
		}
	}
	var eids, aids, rids []string
	for _, e := range want.Entities {
		eids = append(eids, e.ID)
	}
	for _, a := range want.Articles {
		aids = append(aids, a.ID)
	}
	for _, r := range want.Relations {
		rids = append(rids, r.ID)
	}
	if got, err := s.Entities(ctx, eids); err != nil || Diff(want.Entities, got) != "" {
		t.Errorf("Entities(every id) = %v; differs from the model:\n%s", err, Diff(want.Entities, got))
	}
	if got, err := s.Articles(ctx, aids); err != nil || Diff(want.Articles, got) != "" {
		t.Errorf("Articles(every id) = %v; differs from the model:\n%s", err, Diff(want.Articles, got))
	}
	if got, err := s.Relations(ctx, rids); err != nil || Diff(want.Relations, got) != "" {
		t.Errorf("Relations(every id) = %v; differs from the model:\n%s", err, Diff(want.Relations, got))
	}
}

// walk pages through a list, first items at a time, checking the shape of
// every page, and returns every item in order. The last page must say it is
// the last, and asking after its end must give an empty last page. A walk
// that does not end (a cursor given twice, more than maxPages pages) fails.
func walk[T any](t *testing.T, first int, list func(after string) (*store.Page[T], error)) []T {
	t.Helper()
	var all []T
	after := ""
	seen := map[string]bool{}
	for range maxPages {
		p, err := list(after)
		if err != nil {
			t.Fatalf("list after %q: %v", after, err)
		}
		checkPage(t, p, first)
		all = append(all, p.Items...)
		if !p.HasNextPage {
			if len(p.Items) > 0 {
				end, err := list(p.EndCursor())
				if err != nil || len(end.Items) != 0 || end.HasNextPage {
					t.Fatalf("list after the last item: %d items, next %v, error %v; want an empty last page",
						len(end.Items), end.HasNextPage, err)
				}
			}
			return all
		}
		after = p.EndCursor()
		if seen[after] {
			t.Fatalf("a page ends at cursor %q again: pagination does not end", after)
		}
		seen[after] = true
	}
	t.Fatalf("pagination does not end after %d pages", maxPages)
	return nil
}

// maxPages bounds a walk: no list of the suite has more items, so a walk
// that reaches it does not end.
const maxPages = 10000

// checkPage checks the shape of a page: one cursor per item, at most first
// items (after clamping), and a full page whenever there is a next one.
func checkPage[T any](t *testing.T, p *store.Page[T], first int) {
	t.Helper()
	if p == nil {
		t.Fatalf("nil page")
	}
	limit := min(first, store.MaxPageSize)
	switch {
	case len(p.Cursors) != len(p.Items):
		t.Fatalf("page has %d items but %d cursors", len(p.Items), len(p.Cursors))
	case len(p.Items) > limit:
		t.Fatalf("page has %d items, more than First %d allows", len(p.Items), first)
	case p.HasNextPage && len(p.Items) != limit:
		t.Fatalf("page has a next page but only %d items of %d", len(p.Items), limit)
	}
}
