package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// testRelativeTime covers the relative-time qualifier (Qualifiers.When):
// it is read back as written, and it is part of the relation's identity,
// so the same proposal made at two times is two relations.
func testRelativeTime(t *testing.T, f Factory) {
	const text = "Ukraine proposed a truce to Russia a few days prior to the talks. Ukraine proposed it again at the talks."
	before := store.Qualifiers{Item: "truce", When: "a few days prior to the talks"}
	during := store.Qualifiers{Item: "truce", When: "at the talks"}
	g := NewArticle("when", "Truce proposals", "AP", "2025-06-03", text).
		Entity(Actor("Q212", "Ukraine", "country"), "Ukraine").
		Entity(Actor("Q159", "Russia", "country"), "Russia").
		Relate(ontology.Proposed, ukraine, russia, before, "Ukraine proposed a truce to Russia a few days prior to the talks.").
		Relate(ontology.Proposed, ukraine, russia, during, "Ukraine proposed it again at the talks.").
		Build()
	s, m := loaded(t, f, g)
	CheckModel(t, s, m)
	ids := []string{
		store.RelationID(ontology.Proposed, ukraine, russia, before),
		store.RelationID(ontology.Proposed, ukraine, russia, during),
	}
	if ids[0] == ids[1] || ids[0] == store.RelationID(ontology.Proposed, ukraine, russia, store.Qualifiers{Item: "truce"}) {
		t.Fatal("the relative time is not part of the relation's id")
	}
	got, err := s.Relations(t.Context(), ids)
	if err != nil {
		t.Fatal(err)
	}
	var whens []string
	for _, r := range got {
		if r == nil {
			t.Fatal("a proposal is missing")
		}
		whens = append(whens, r.Qualifiers.When)
	}
	if d := Diff([]string{before.When, during.When}, whens); d != "" {
		t.Errorf("relative times (-want +got):\n%s", d)
	}
}
