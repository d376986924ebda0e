package article

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
)

// TestGraphPlace: a relation's place is a place entity of the document,
// given by its local id and stored as the place's node id; it is part of
// the relation's identity, so two attacks at two places are two relations
// and two statements of the attack at one place are one.
func TestGraphPlace(t *testing.T) {
	const text = "Rebels shelled the army in Aleppo. They shelled it in Idlib. Aleppo was shelled again."
	span := func(s string) Evidence {
		start := strings.Index(text, s) // the text is ASCII: bytes are code points
		return Evidence{Span: Span{Start: start, End: start + len(s), Text: s}}
	}
	d := &Document{ID: "placed", Title: "Shelling", Text: text, Entities: []Entity{
		{ID: "reb", Type: "actor", Name: "Rebels"},
		{ID: "army", Type: "actor", Name: "Army"},
		{ID: "alp", Type: "place", Name: "Aleppo", Wikidata: "Q41183"},
		{ID: "idl", Type: "place", Name: "Idlib"},
	}, Relations: []Relation{
		{Type: "ATTACKED", Source: "reb", Target: "army", Qualifiers: &Qualifiers{Place: "alp"}, Evidence: span("Rebels shelled the army in Aleppo.")},
		{Type: "ATTACKED", Source: "reb", Target: "army", Qualifiers: &Qualifiers{Place: "idl"}, Evidence: span("They shelled it in Idlib.")},
		{Type: "ATTACKED", Source: "reb", Target: "army", Qualifiers: &Qualifiers{Place: "alp"}, Evidence: span("Aleppo was shelled again.")},
	}}
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	type rel struct {
		ID, Place string
		Evidence  int
	}
	var got []rel
	for _, c := range g.Relations {
		got = append(got, rel{c.Relation.ID, c.Relation.Qualifiers.Place, len(c.Relation.Evidence)})
	}
	id := func(place string) string {
		return store.RelationID("ATTACKED", "actor:rebels", "actor:army", store.Qualifiers{Place: place})
	}
	want := []rel{{id("place:Q41183"), "place:Q41183", 2}, {id("place:idlib"), "place:idlib", 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("relations (-want +got):\n%s", diff)
	}
	if id("place:Q41183") == store.RelationID("ATTACKED", "actor:rebels", "actor:army", store.Qualifiers{}) {
		t.Error("a place does not change the relation's id")
	}
}
