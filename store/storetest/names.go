package storetest

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// testNames covers store.NameResolver: which entities have a name key, as
// the merged names and aliases of the entities say, kept up to date as
// articles come, change and go.
func testNames(t *testing.T, f Factory) {
	t.Run("Keys", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		r := s
		tests := []struct {
			name string
			t    ontology.NodeType
			keys []string
			want map[string][]string
		}{
			{"names and aliases from every article", ontology.Actor,
				[]string{"ukraine", "kyiv", "russia", "russian-federation", "moscow", "rf", "zelensky", "nobody"},
				map[string][]string{
					"ukraine": {ukraine}, "kyiv": {ukraine},
					"russia": {russia}, "russian-federation": {russia}, "moscow": {russia}, "rf": {russia},
					"zelensky": {zelensky},
				}},
			{"only entities of the type asked", ontology.Actor, []string{"istanbul"}, map[string][]string{}},
			{"places", ontology.Place, []string{"istanbul"}, map[string][]string{"istanbul": {istanbul}}},
			{"a meeting's keys start with its date", ontology.Meeting,
				[]string{"2025-06-03-istanbul-talks", "istanbul-talks", "2025-05-16-first-round-of-peace-talks"},
				map[string][]string{
					"2025-06-03-istanbul-talks":             {secondRound},
					"2025-05-16-first-round-of-peace-talks": {firstRound},
				}},
			{"no keys", ontology.Agreement, nil, map[string][]string{}},
		}
		for _, tt := range tests {
			got, err := r.ResolveNames(t.Context(), tt.t, tt.keys)
			if err != nil {
				t.Fatalf("%s: ResolveNames: %v", tt.name, err)
			}
			if d := Diff(tt.want, got); d != "" {
				t.Errorf("%s: ResolveNames(%s, %q) (-want +got):\n%s", tt.name, tt.t, tt.keys, d)
			}
		}
		checkNames(t, r, m)
	})

	t.Run("TwoCandidates", func(t *testing.T) {
		text := "The Kyiv city administration said Kyiv was calm."
		city := NewArticle("kyiv-city", "Kyiv is calm", "AP", "2025-06-05", text).
			Entity(Actor("kyiv-city-administration", "Kyiv city administration", "government", "Kyiv"),
				"Kyiv city administration").
			Build()
		s, m := loaded(t, f, DirectTalks(), city)
		r := s
		got, err := r.ResolveNames(t.Context(), ontology.Actor, []string{"kyiv"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{"kyiv": sortedIDs(ukraine, store.EntityID(ontology.Actor, "kyiv-city-administration"))}
		if d := Diff(want, got); d != "" {
			t.Errorf("ResolveNames(kyiv) (-want +got):\n%s", d)
		}
		checkNames(t, r, m)
	})

	t.Run("NormalisedNames", func(t *testing.T) {
		text := "Zoë Kovač met the delegation."
		g := NewArticle("kovac", "Kovač meets", "AP", "2025-06-05", text).
			Entity(Actor("zoe-kovac-key", "Zoë Kovač", "person", "The Minister Kovač"), "Zoë Kovač").
			Build()
		s, m := loaded(t, f, g)
		r := s
		got, err := r.ResolveNames(t.Context(), ontology.Actor, []string{"zoe-kovac", "minister-kovac"})
		if err != nil {
			t.Fatal(err)
		}
		id := store.EntityID(ontology.Actor, "zoe-kovac-key")
		want := map[string][]string{"zoe-kovac": {id}, "minister-kovac": {id}}
		if d := Diff(want, got); d != "" {
			t.Errorf("ResolveNames (-want +got):\n%s", d)
		}
		checkNames(t, r, m)
	})

	t.Run("FollowsReplaceAndDelete", func(t *testing.T) {
		s, m := loaded(t, f, Ukraine()...)
		r := s
		// Only DirectTalks calls Ukraine "Kyiv" and Zelensky "Zelensky".
		if _, err := s.DeleteArticle(t.Context(), artDirect); err != nil {
			t.Fatal(err)
		}
		m.Delete(artDirect)
		checkNames(t, r, m)
		got, err := r.ResolveNames(t.Context(), ontology.Actor, []string{"kyiv", "zelensky", "moscow"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{"moscow": {russia}} // Sanctions says Moscow too
		if d := Diff(want, got); d != "" {
			t.Errorf("after deleting %s: ResolveNames (-want +got):\n%s", artDirect, d)
		}

		// A new version of Sanctions calls Russia "the Kremlin" instead.
		v2 := sanctions()
		v2.g.Entities[1].Entity.Aliases = []string{"Kremlin"}
		g := v2.Build()
		mustPut(t, s, g)
		m.Put(g)
		checkNames(t, r, m)
	})

	t.Run("NotAnEntityType", func(t *testing.T) {
		s := f(t)
		_, err := s.ResolveNames(t.Context(), ontology.Article, []string{"x"})
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ResolveNames(Article): error %v, want one wrapping store.ErrInvalid", err)
		}
	})
}

// checkNames fails the test unless r resolves every name key of every
// entity of the model, per type, to exactly the entities the model says.
func checkNames(t *testing.T, r store.NameResolver, m *Model) {
	t.Helper()
	want := map[ontology.NodeType]map[string][]string{}
	for _, e := range m.Entities() {
		if want[e.Type] == nil {
			want[e.Type] = map[string][]string{}
		}
		for _, k := range store.NameKeys(e) {
			want[e.Type][k] = append(want[e.Type][k], e.ID)
		}
	}
	for _, typ := range ontology.EntityTypes {
		keys := slices.Sorted(maps.Keys(want[typ]))
		for k := range want[typ] {
			slices.Sort(want[typ][k])
		}
		got, err := r.ResolveNames(t.Context(), typ, keys)
		if err != nil {
			t.Fatalf("ResolveNames(%s): %v", typ, err)
		}
		if d := Diff(want[typ], got); d != "" {
			t.Errorf("ResolveNames(%s, every key of the model) (-want +got):\n%s", typ, d)
		}
	}
}
