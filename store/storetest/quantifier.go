package storetest

import (
	"fmt"
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Quantifier helpers, to keep the tables readable.

func some(dir store.Direction, f *store.RelationFilter) *store.RelationQuantifier {
	return &store.RelationQuantifier{Direction: dir, Some: f}
}

func none(dir store.Direction, f *store.RelationFilter) *store.RelationQuantifier {
	return &store.RelationQuantifier{Direction: dir, None: f}
}

func every(dir store.Direction, f *store.RelationFilter) *store.RelationQuantifier {
	return &store.RelationQuantifier{Direction: dir, All: f}
}

func single(dir store.Direction, f *store.RelationFilter) *store.RelationQuantifier {
	return &store.RelationQuantifier{Direction: dir, Single: f}
}

func ofType(ts ...ontology.RelationType) *store.RelationFilter {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = string(t)
	}
	return &store.RelationFilter{Type: in(names...)}
}

func withRelations(q *store.RelationQuantifier) *store.EntityFilter {
	return &store.EntityFilter{Relations: q}
}

// loner is an actor of its own article, with no relation.
var loner = store.EntityID(ontology.Actor, "loner")

func lonerArticle() *store.ArticleGraph {
	return NewArticle("loner", "A loner", "Generated", "2025-04-01", "A loner.").
		Entity(Actor("loner", "Loner", "person"), "loner").Build()
}

// testQuantifiers covers the relation quantifiers of entity filters (some,
// none, all, single) over the Ukraine fixtures, a star and an actor with no
// relation, reasoned from the relation list in fixtures.go.
func testQuantifiers(t *testing.T, f Factory) {
	const spokes = 10
	s, m := loaded(t, f, append(Ukraine(), Star(spokes), lonerArticle())...)
	var everyone []string // every entity
	for _, e := range m.Entities() {
		everyone = append(everyone, e.ID)
	}
	ceasefireRejected := &store.RelationFilter{Type: eq("REJECTED"), Target: &store.EntityFilter{Name: contains("ceasefire")}}
	atIstanbul := &store.EntityFilter{Relations: some(store.Out, &store.RelationFilter{
		Type: eq("HELD_IN"), Target: &store.EntityFilter{Name: eq("Istanbul")}})}

	cases := []struct {
		name  string
		types []ontology.NodeType
		where *store.EntityFilter
		want  []string
	}{
		{"some, out", nil, withRelations(some(store.Out, ceasefireRejected)), []string{russia}},
		{"some, both ways: the ceasefire is the target", nil, withRelations(some(store.Both, ceasefireRejected)),
			sortedIDs(russia, ceasefire)},
		{"some, in", nil, withRelations(some(store.In, ofType(ontology.Demanded))), sortedIDs(ceasefire, recognition)},
		{"some, default direction", nil, withRelations(some("", ofType(ontology.Demanded))),
			sortedIDs(ceasefire, recognition, ukraine, russia)},
		{"some of anything", nil, withRelations(some("", &store.RelationFilter{})), without(everyone, loner)},
		{"none", actorOnly, withRelations(none("", ofType(ontology.Rejected, ontology.Demanded))),
			without(actorIDs(m), ukraine, russia)},
		{"no relation at all", nil, &store.EntityFilter{Not: withRelations(some("", &store.RelationFilter{}))}, []string{loner}},
		{"all: vacuous for the loner", nil, withRelations(every("", ofType(ontology.Aided))),
			sortedIDs(StarSpokeID(1), StarSpokeID(5), StarSpokeID(7), loner)},
		{"all, out", nil, withRelations(every(store.Out, ofType(ontology.Rejected, ontology.Demanded, ontology.AgreedTo, ontology.Exchanged))),
			sortedIDs(ukraine, russia, loner, ceasefire, recognition, exchange, putin, istanbul,
				StarSpokeID(0), StarSpokeID(2), StarSpokeID(4), StarSpokeID(6), StarSpokeID(8))},
		{"single, out", nil, withRelations(single(store.Out, ofType(ontology.Exchanged))), sortedIDs(ukraine, russia)},
		{"single, both ways: two each", nil, withRelations(single("", ofType(ontology.Exchanged))), nil},
		{"single counts relations, not evidence", nil, withRelations(single(store.Out, ceasefireRejected)), []string{russia}},
		{"single by article", nil, withRelations(single(store.Out, &store.RelationFilter{Article: eq(artDirect)})),
			sortedIDs(zelensky, firstRound)},
		{"nested", nil, withRelations(some(store.Out, &store.RelationFilter{Type: eq("ATTENDED"), Target: atIstanbul})),
			[]string{delegation}},
		{"several quantifiers", nil, withRelations(&store.RelationQuantifier{Direction: store.Out,
			Some: ofType(ontology.Rejected), None: ofType(ontology.Exchanged)}), nil},
		{"several quantifiers, some hold", nil, withRelations(&store.RelationQuantifier{Direction: store.Out,
			Some: ofType(ontology.Rejected), Single: ofType(ontology.AgreedTo)}), sortedIDs(ukraine, russia)},
		{"or", nil, &store.EntityFilter{Or: []*store.EntityFilter{
			withRelations(some("", ofType(ontology.LED))), withRelations(some(store.Out, ofType(ontology.Proposed)))}},
			sortedIDs(umerov, delegation, zelensky)},
		{"and with a field", actorOnly, &store.EntityFilter{Kind: eq("country"),
			Relations: some(store.In, ofType(ontology.Aided, ontology.Supported))}, []string{ukraine}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkList(t, entityLister(t, s, store.EntityQuery{Types: c.types, Where: c.where}), c.want)
		})
	}

	t.Run("AllIsNoneOfNot", func(t *testing.T) {
		filters := []*store.RelationFilter{
			ofType(ontology.Aided), ceasefireRejected, {Article: eq(artTalks)}, {Target: atIstanbul},
		}
		for i, g := range filters {
			for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
				name := fmt.Sprintf("filter %d %s", i, dir)
				all := walkEntities(t, s, withRelations(every(dir, g)))
				noneNot := walkEntities(t, s, withRelations(none(dir, &store.RelationFilter{Not: g})))
				if d := Diff(all, noneNot); d != "" {
					t.Errorf("%s: all differs from none of not (-all +none):\n%s", name, d)
				}
				someIDs := walkEntities(t, s, withRelations(some(dir, g)))
				for _, id := range walkEntities(t, s, withRelations(single(dir, g))) {
					if !slices.Contains(someIDs, id) {
						t.Errorf("%s: %s has a single match but not some", name, id)
					}
				}
			}
		}
	})

	t.Run("InRelationFilters", func(t *testing.T) {
		// Relations whose source has some AIDED relation, either way: the
		// EU's, Ukraine's, the hub's and the odd spokes'.
		aiders := map[string]bool{}
		for _, r := range m.Relations() {
			if r.Type == ontology.Aided {
				aiders[r.Source], aiders[r.Target] = true, true
			}
		}
		var want []string
		for _, r := range m.Relations() {
			if aiders[r.Source] {
				want = append(want, r.ID)
			}
		}
		where := &store.RelationFilter{Source: withRelations(some("", ofType(ontology.Aided)))}
		checkList(t, relationLister(t, s, store.RelationQuery{Where: where}), want)
	})

	t.Run("Invalid", func(t *testing.T) {
		bad := withRelations(some("UP", &store.RelationFilter{}))
		_, err := s.ListEntities(t.Context(), store.EntityQuery{Where: &store.EntityFilter{Not: bad}, First: 10})
		wantInvalid(t, "ListEntities with direction UP", err)
		_, err = s.CountEntities(t.Context(), store.EntityQuery{Where: bad})
		wantInvalid(t, "CountEntities with direction UP", err)
		_, err = s.ListRelations(t.Context(), store.RelationQuery{Where: &store.RelationFilter{Target: bad}, First: 10})
		wantInvalid(t, "ListRelations with direction UP", err)
	})
}

// actorIDs lists the model's actors, sorted.
func actorIDs(m *Model) []string {
	var out []string
	for _, e := range m.Entities() {
		if e.Type == ontology.Actor {
			out = append(out, e.ID)
		}
	}
	return out
}

// walkEntities lists the ids of every entity a filter selects.
func walkEntities(t *testing.T, s store.Store, where *store.EntityFilter) []string {
	t.Helper()
	items := walk(t, store.MaxPageSize, func(after string) (*store.Page[*store.Entity], error) {
		return s.ListEntities(t.Context(), store.EntityQuery{Where: where, First: store.MaxPageSize, After: after})
	})
	return entityIDs(items)
}
