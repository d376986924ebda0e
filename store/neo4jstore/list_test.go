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

func TestPageWithTotalIsOneStatement(t *testing.T) {
	contains := "a"
	q := store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, First: 20, Order: store.Order{Field: store.OrderByName},
		Where: &store.EntityFilter{Name: &store.StringFilter{Contains: &contains}}}
	list, err := entityStatement(q, false)
	if err != nil {
		t.Fatal(err)
	}
	count, err := entityStatement(q, true)
	if err != nil {
		t.Fatal(err)
	}
	got := pageWithTotal(list, count)
	if got == nil {
		t.Fatal("a list and its count were not joined")
	}
	want := `MATCH (n:Actor)
WHERE (n.name IS NOT NULL AND coalesce(n.name, '') CONTAINS $p1)
WITH n, 0 AS degree, n.name AS key
WHERE true
WITH n, degree, key
ORDER BY key, n.id
LIMIT $p2
WITH collect([n, degree, key]) AS rows
CALL () {
  MATCH (n:Actor)
  WHERE n.name CONTAINS $p1
  RETURN count(n) AS total
}
RETURN rows, total`
	if diff := cmp.Diff(want, got.cypher); diff != "" {
		t.Errorf("cypher (-want +got):\n%s", diff)
	}
	if !got.withTotal || got.first != 20 {
		t.Errorf("withTotal %v, first %d: want true, 20", got.withTotal, got.first)
	}
	// Parameters that differ keep the two apart.
	count.params["p1"] = "b"
	if pageWithTotal(list, count) != nil {
		t.Error("a count with another parameter was joined")
	}
}
