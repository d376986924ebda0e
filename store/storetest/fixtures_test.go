package storetest

import (
	"testing"

	"newsgraph/ontology"
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

// TestModelMerges checks the oracle itself against expectations written out
// by hand (those of testMerge): the model merges entities and gathers
// evidence as the contract says, whatever order the articles come in.
func TestModelMerges(t *testing.T) {
	lat, lon := 41.0082, 28.9784
	both := []*store.Entity{
		{ID: russia, Type: ontology.Actor, Kind: "country", Name: "Russia", Wikidata: "Q159",
			Aliases: []string{"Moscow", "RF", "Russian Federation"}, Articles: []string{artTalks, artDirect}},
		{ID: istanbul, Type: ontology.Place, Kind: "city", Name: "Istanbul", Wikidata: "Q406",
			Latitude: &lat, Longitude: &lon, Articles: []string{artTalks, artDirect}},
	}
	for _, m := range []*Model{NewModel(IstanbulTalks(), DirectTalks()), NewModel(DirectTalks(), IstanbulTalks())} {
		if d := Diff(both, []*store.Entity{m.Entity(russia), m.Entity(istanbul)}); d != "" {
			t.Errorf("merged entities (-want +model):\n%s", d)
		}
		m.Delete(artTalks)
		onlyDirect := []*store.Entity{
			{ID: russia, Type: ontology.Actor, Kind: "country", Name: "Russian Federation", Wikidata: "Q159",
				Aliases: []string{"Moscow"}, Articles: []string{artDirect}},
			{ID: istanbul, Type: ontology.Place, Kind: "city", Name: "Istanbul", Wikidata: "Q406", Articles: []string{artDirect}},
		}
		if d := Diff(onlyDirect, []*store.Entity{m.Entity(russia), m.Entity(istanbul)}); d != "" {
			t.Errorf("after deleting %s (-want +model):\n%s", artTalks, d)
		}
		if m.Entity(secondRound) != nil || m.Article(artTalks) != nil {
			t.Errorf("after deleting %s the model still has its meeting or the article", artTalks)
		}
	}
	// Evidence of a relation two articles state: both, sorted by article.
	m := NewModel(Ukraine()...)
	for _, r := range m.Relations() {
		for i := 1; i < len(r.Evidence); i++ {
			a, b := r.Evidence[i-1], r.Evidence[i]
			if a.Article > b.Article || (a.Article == b.Article && a.Start > b.Start) {
				t.Errorf("%s: evidence out of order: %v before %v", r.ID, a, b)
			}
		}
	}
}
