package neo4jstore

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func TestPerRelationship(t *testing.T) {
	article := func(id string) *store.RelationFilter {
		return &store.RelationFilter{Article: &store.StringFilter{Eq: ptr(id)}}
	}
	typed := &store.RelationFilter{Type: &store.StringFilter{Eq: ptr("LED")}}
	coded := &store.EvidenceFilter{CAMEO: &store.StringFilter{Eq: ptr("173")}}
	tests := []struct {
		name   string
		filter *store.RelationFilter
		want   bool
	}{
		{"no filter", nil, true},
		{"no article condition", &store.RelationFilter{Type: typed.Type, Source: &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("Russia")}}}, true},
		{"one required article", &store.RelationFilter{Article: article("a").Article, Type: typed.Type}, true},
		{"one article under AND", &store.RelationFilter{And: []*store.RelationFilter{typed, {And: []*store.RelationFilter{article("a")}}}}, true},
		{"a single alternative", &store.RelationFilter{Or: []*store.RelationFilter{article("a")}}, true},
		// "Some evidence from a and some from b" is not "some evidence
		// from a and b".
		{"two required articles", &store.RelationFilter{And: []*store.RelationFilter{article("a"), article("b")}}, false},
		// "No evidence from a" is not "some evidence not from a".
		{"a negated article", &store.RelationFilter{Not: article("a")}, false},
		{"an article among alternatives", &store.RelationFilter{Or: []*store.RelationFilter{article("a"), typed}}, false},
		{"articles under a negated type", &store.RelationFilter{Not: &store.RelationFilter{Or: []*store.RelationFilter{typed}}}, true},
		{"one required coding", &store.RelationFilter{Evidence: coded, Type: typed.Type}, true},
		// "Some evidence from a and some coded 173" is not "some evidence
		// from a coded 173".
		{"an article and a coding", &store.RelationFilter{Article: article("a").Article, Evidence: coded}, false},
		{"a negated coding", &store.RelationFilter{Not: &store.RelationFilter{Evidence: coded}}, false},
		{"a place", &store.RelationFilter{Place: &store.StringFilter{Eq: ptr("place:Q406")}}, true},
		// No one relationship knows the earliest article of its relation.
		{"an effective date", &store.RelationFilter{EffectiveDate: &store.DateFilter{Lte: ptr("2025-06-01")}}, false},
	}
	for _, tt := range tests {
		if got := perRelationship(tt.filter); got != tt.want {
			t.Errorf("%s: perRelationship = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRelationPageIsCutBeforeGathering checks the shape of the statement of
// a relation list without an entity: the page is cut (LIMIT) before any
// evidence is collected, so a page costs no grouping of every relationship.
func TestRelationPageIsCutBeforeGathering(t *testing.T) {
	for _, o := range []store.Order{{}, {Field: store.OrderByName, Desc: true}, {Field: store.OrderByDate}} {
		st, err := relationStatement(store.RelationQuery{
			Types: []ontology.RelationType{ontology.LED, ontology.Rejected},
			Where: &store.RelationFilter{Article: &store.StringFilter{Eq: ptr("article:a")}},
			Order: o, First: 10,
		}, false)
		if err != nil {
			t.Fatal(err)
		}
		limit, collect := strings.Index(st.cypher, "LIMIT"), strings.Index(st.cypher, "collect(")
		if limit < 0 || collect < 0 || limit > collect {
			t.Errorf("order %+v: the page is not cut before the evidence is collected:\n%s", o, st.cypher)
		}
		if strings.Contains(st.cypher, "MEMBER_OF") {
			t.Errorf("order %+v: gathers relationship types the query excludes:\n%s", o, st.cypher)
		}
	}
}

// TestEntityRelationsAreAnchored checks the shape of the statement of the
// relations of entities: it seeks the entities by id and expands their
// relationships of every requested type in one pattern, with no union of
// per-type branches and no lookup of relations by relId.
func TestEntityRelationsAreAnchored(t *testing.T) {
	for _, o := range []store.Order{{}, {Field: store.OrderByName, Desc: true}, {Field: store.OrderByDate}} {
		st, err := entityRelationsStatement(store.RelationQuery{
			Direction: store.Out,
			Types:     []ontology.RelationType{ontology.Rejected, ontology.Demanded},
			Where:     &store.RelationFilter{Article: &store.StringFilter{Eq: ptr("article:a")}},
			Order:     o, First: 10,
		}, []string{"actor:a", "actor:b"})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"UNWIND $p", "MATCH (n:Entity {id: eid})", "MATCH (n)-[r:REJECTED|DEMANDED]->()"} {
			if !strings.Contains(st.cypher, want) {
				t.Errorf("order %+v: no %q in:\n%s", o, want, st.cypher)
			}
		}
		for _, unwanted := range []string{"UNION", "relId: id", "LED"} {
			if strings.Contains(st.cypher, unwanted) {
				t.Errorf("order %+v: %q in:\n%s", o, unwanted, st.cypher)
			}
		}
	}
}

// TestTypeQuantifiers checks that relation quantifiers on types alone
// compile to existence tests of the node's relationships.
func TestTypeQuantifiers(t *testing.T) {
	types := &store.RelationFilter{Type: &store.StringFilter{In: []string{"REJECTED", "DEMANDED"}}}
	nothing := &store.RelationFilter{Type: &store.StringFilter{Eq: ptr("LIKED")}}
	tests := []struct {
		name string
		q    *store.RelationQuantifier
		want string
	}{
		{"some", &store.RelationQuantifier{Direction: store.Out, Some: types}, "EXISTS { (n)-[:DEMANDED|REJECTED]->() }"},
		{"none", &store.RelationQuantifier{Direction: store.In, None: types}, "(NOT EXISTS { (n)<-[:DEMANDED|REJECTED]-() })"},
		{"some of no type", &store.RelationQuantifier{Some: nothing}, "false"},
		{"all of no type", &store.RelationQuantifier{All: nothing}, "(NOT EXISTS { (n)-[:" + relTypes(nil) + "]-() })"},
	}
	for _, tt := range tests {
		// Types come in the ontology's order.
		if got := newCompiler().quantifier("n", tt.q); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestRelationAnchor checks which end, if any, a relation list without an
// entity is anchored on: only a condition every match requires.
func TestRelationAnchor(t *testing.T) {
	named := func(name string) *store.EntityFilter {
		return &store.EntityFilter{Name: &store.StringFilter{Eq: ptr(name)}}
	}
	id := func(id string) *store.EntityFilter { return &store.EntityFilter{ID: &store.StringFilter{Eq: ptr(id)}} }
	tests := []struct {
		name   string
		filter *store.RelationFilter
		want   *endAnchor
	}{
		{"no filter", nil, nil},
		{"no end", &store.RelationFilter{Type: &store.StringFilter{Eq: ptr("LED")}}, nil},
		{"target name", &store.RelationFilter{Target: named("Ukraine")}, &endAnchor{end: "t", prop: "name", value: "Ukraine"}},
		{"source name in", &store.RelationFilter{Source: &store.EntityFilter{Name: &store.StringFilter{In: []string{"A", "B"}}}},
			&endAnchor{end: "s", prop: "name", value: []string{"A", "B"}, list: true}},
		{"an id before a name", &store.RelationFilter{Source: named("Ukraine"), Target: id("actor:Q159")},
			&endAnchor{end: "t", prop: "id", value: "actor:Q159"}},
		{"the source before the target", &store.RelationFilter{Source: named("Ukraine"), Target: named("Russia")},
			&endAnchor{end: "s", prop: "name", value: "Ukraine"}},
		{"under AND", &store.RelationFilter{And: []*store.RelationFilter{{Source: &store.EntityFilter{
			And: []*store.EntityFilter{named("Ukraine")}}}}}, &endAnchor{end: "s", prop: "name", value: "Ukraine"}},
		{"a single alternative", &store.RelationFilter{Or: []*store.RelationFilter{{Target: named("Ukraine")}}},
			&endAnchor{end: "t", prop: "name", value: "Ukraine"}},
		{"alternatives", &store.RelationFilter{Or: []*store.RelationFilter{{Target: named("Ukraine")}, {Source: named("Ukraine")}}}, nil},
		{"entity alternatives", &store.RelationFilter{Target: &store.EntityFilter{Or: []*store.EntityFilter{named("A"), named("B")}}}, nil},
		{"negated", &store.RelationFilter{Not: &store.RelationFilter{Target: named("Ukraine")}}, nil},
		{"a negated name", &store.RelationFilter{Target: &store.EntityFilter{Not: named("Ukraine")}}, nil},
		{"contains", &store.RelationFilter{Target: &store.EntityFilter{Name: &store.StringFilter{Contains: ptr("Ukr")}}}, nil},
	}
	for _, tt := range tests {
		a, ok := relationAnchor(tt.filter)
		var got *endAnchor
		if ok {
			got = &a
		}
		if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(endAnchor{})); d != "" {
			t.Errorf("%s: relationAnchor (-want +got):\n%s", tt.name, d)
		}
	}
}
