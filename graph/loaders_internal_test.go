package graph

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// TestQueriesOf checks that the keys of relation queries stand for the
// queries they were made of, those that differ by entity alone (decoded
// once) as well as the others.
func TestQueriesOf(t *testing.T) {
	led := store.RelationQuery{Direction: store.Out, Types: []ontology.RelationType{ontology.LED}, First: 10,
		Where: &store.RelationFilter{Type: &store.StringFilter{Eq: new("LED")}}, EvidenceLimit: 1}
	all := store.RelationQuery{First: 5, NoEvidence: true}
	var want []store.RelationQuery
	for i, q := range []store.RelationQuery{led, all, led, led, all} {
		q.Entity = string(rune('a' + i))
		want = append(want, q)
	}
	keys := make([]RelationsKey, len(want))
	for i, q := range want {
		keys[i] = KeyOf(q)
	}
	got, err := queriesOf(keys)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
	if _, err := queriesOf([]RelationsKey{keys[0], {Entity: "x", Query: "{"}}); err == nil {
		t.Error("a bad key: no error")
	}
}
