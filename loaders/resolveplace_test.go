package loaders_test

import (
	"testing"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

// TestEntityResolutionOfAPlace: a relation's place resolves with the
// place it names, as its ends do: an attack "in Halab" placed at an
// entity that resolves to Aleppo (by its alias) is placed at Aleppo, and
// the two articles' attacks at Aleppo are one relation.
func TestEntityResolutionOfAPlace(t *testing.T) {
	aleppo := article.Entity{ID: "alp", Type: "place", Kind: "city", Name: "Aleppo", Wikidata: "Q41183", Aliases: []string{"Halab"}}
	halab := article.Entity{ID: "hal", Type: "place", Kind: "city", Name: "Halab"}
	attack := func(id, text, place string, p article.Entity) *docBuilder {
		b := newDoc(id, text).
			entity(withKey(actor("reb", "Rebels", "armed_group"), "rebels")).
			entity(withKey(actor("army", "Syrian army", "military"), "syrian-army")).
			entity(p).
			relate(ontology.Attacked, "reb", "army", text)
		b.d.Relations[0].Qualifiers = &article.Qualifiers{Place: place}
		return b
	}
	st := embedded.New()
	t.Cleanup(func() { st.Close() })
	resolveLoad(t, st, &loaders.Loader{}, writeDocs(t, t.TempDir(),
		attack("first", "Rebels shelled the Syrian army in Aleppo.", "alp", aleppo))...)
	res := resolveLoad(t, st, &loaders.Loader{}, writeDocs(t, t.TempDir(),
		attack("second", "Rebels shelled the Syrian army in Halab.", "hal", halab))...)
	if res.Resolved != 1 {
		t.Errorf("resolved %d entities, want 1 (Halab)", res.Resolved)
	}
	snap := storetest.TakeSnapshot(t, st)
	if len(snap.Relations) != 1 {
		t.Fatalf("relations: %+v, want one attack at Aleppo stated twice", snap.Relations)
	}
	r := snap.Relations[0]
	if want := store.EntityID(ontology.Place, "Q41183"); r.Qualifiers.Place != want || len(r.Evidence) != 2 {
		t.Errorf("attack placed at %q with %d pieces of evidence, want %s with 2", r.Qualifiers.Place, len(r.Evidence), want)
	}
}
