package storetest

import (
	"testing"

	"newsgraph/store"
)

// TestFixtures checks the table in fixtures.go, which the suite's hand-written
// expectations are reasoned from, against the model built from the fixtures.
func TestFixtures(t *testing.T) {
	m := NewModel(Ukraine()...)
	wantDegrees := map[string]int{
		ukraine: 7, russia: 6, delegation: 2, umerov: 1, secondRound: 3, istanbul: 2, ceasefire: 2,
		exchange: 3, zelensky: 1, putin: 1, firstRound: 1, recognition: 2, eu: 3,
	}
	if d := Diff(wantDegrees, m.Degrees()); d != "" {
		t.Errorf("degrees (-table +model):\n%s", d)
	}
	var entities, relations []string
	for _, e := range m.Entities() {
		entities = append(entities, e.ID)
	}
	for _, r := range m.Relations() {
		relations = append(relations, r.ID)
	}
	if d := Diff(sortedIDs(allEntities...), entities); d != "" {
		t.Errorf("entities (-allEntities +model):\n%s", d)
	}
	if d := Diff(sortedIDs(allRelations...), relations); d != "" {
		t.Errorf("relations (-allRelations +model):\n%s", d)
	}
	mentions := map[string][]string{
		artTalks:     {ukraine, russia, delegation, umerov, secondRound, istanbul, ceasefire, exchange},
		artDirect:    {ukraine, russia, zelensky, putin, firstRound, istanbul, ceasefire, recognition},
		artSanctions: {eu, russia, ukraine},
	}
	for _, g := range Ukraine() {
		var got []string
		for _, c := range g.Entities {
			got = append(got, c.Entity.ID)
		}
		if d := Diff(sortedIDs(mentions[g.Article.ID]...), sortedIDs(got...)); d != "" {
			t.Errorf("%s mentions (-table +fixture):\n%s", g.Article.ID, d)
		}
	}
}

// TestBuilder checks that spans are counted in code points and that the
// hash follows the content.
func TestBuilder(t *testing.T) {
	text := "Україна і Росія обмінялися полоненими."
	g := NewArticle("uk", "Обмін", "Укрінформ", "2025-06-03", text).
		Entity(Actor("Q212", "Україна", "country"), "Україна").
		Entity(Actor("Q159", "Росія", "country"), "Росія").
		Build()
	want := []store.Span{{Start: 0, End: 7}}
	if d := Diff(want, g.Entities[0].Mentions); d != "" {
		t.Errorf("mentions of Україна (-want +got):\n%s", d)
	}
	if d := Diff([]store.Span{{Start: 10, End: 15}}, g.Entities[1].Mentions); d != "" {
		t.Errorf("mentions of Росія (-want +got):\n%s", d)
	}
	first, again := Sanctions().Article.Hash, Sanctions().Article.Hash
	if first == "" {
		t.Error("a built article has no hash")
	}
	if first != again {
		t.Errorf("the same article built twice has two hashes: %q and %q", first, again)
	}
	other := sanctions()
	other.g.Article.Title += "!"
	if other.Build().Article.Hash == first {
		t.Error("a changed article has the same hash")
	}
}
