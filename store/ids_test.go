package store_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func ptr[T any](v T) *T { return &v }

func TestNormalizeName(t *testing.T) {
	cases := []struct{ name, want string }{
		{"The Ukrainian Delegation", "ukrainian-delegation"},
		{"ukrainian delegation", "ukrainian-delegation"},
		{"  Zoë   Kovač ", "zoe-kovac"},
		{"Soldiers’ remains", "soldiers-remains"},
		{"O'Brien", "obrien"},
		{"Russia–Ukraine talks (2nd round)", "russia-ukraine-talks-2nd-round"},
		{"The", "the"},
		{"the-", "the"},
		{"Олена Коваленко", "олена-коваленко"},
		{"!!!", ""},
		{"", ""},
	}
	var got, want []string
	for _, c := range cases {
		got = append(got, store.NormalizeName(c.name))
		want = append(want, c.want)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("NormalizeName (-want +got):\n%s", d)
	}
}

func TestEntityAndArticleIDs(t *testing.T) {
	got := []string{
		store.EntityID(ontology.Actor, "Q212"),
		store.EntityID(ontology.Meeting, "2025-06-03-istanbul-talks"),
		store.ArticleID("seed-1"),
	}
	want := []string{"actor:Q212", "meeting:2025-06-03-istanbul-talks", "article:seed-1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ids (-want +got):\n%s", d)
	}
}

func TestKindOfID(t *testing.T) {
	type kind struct {
		Kind string
		OK   bool
	}
	cases := []struct {
		id   string
		want kind
	}{
		{"actor:Q212", kind{"Actor", true}},
		{"meeting:x", kind{"Meeting", true}},
		{"place:kyiv", kind{"Place", true}},
		{"agreement:x", kind{"Agreement", true}},
		{"article:seed-1", kind{"Article", true}},
		{"relation:9f2c", kind{"Relation", true}},
		{"actor:", kind{"Actor", true}}, // the prefix alone still names a kind
		{"Actor:Q212", kind{}},          // prefixes are lower case
		{"person:x", kind{}},
		{"actor", kind{}},
		{"", kind{}},
	}
	for _, c := range cases {
		k, ok := store.KindOfID(c.id)
		if d := cmp.Diff(c.want, kind{k, ok}); d != "" {
			t.Errorf("KindOfID(%q) (-want +got):\n%s", c.id, d)
		}
	}
}

func TestRelationID(t *testing.T) {
	base := func() (ontology.RelationType, string, string, store.Qualifiers) {
		return ontology.LED, "actor:a", "actor:b", store.Qualifiers{}
	}
	id := func(change func(*ontology.RelationType, *string, *string, *store.Qualifiers)) string {
		rt, s, d, q := base()
		change(&rt, &s, &d, &q)
		return store.RelationID(rt, s, d, q)
	}
	same := id(func(*ontology.RelationType, *string, *string, *store.Qualifiers) {})
	if !strings.HasPrefix(same, store.RelationPrefix) || len(same) != len(store.RelationPrefix)+24 {
		t.Errorf("RelationID = %q, want %q and 24 hex digits", same, store.RelationPrefix)
	}
	if again := id(func(*ontology.RelationType, *string, *string, *store.Qualifiers) {}); again != same {
		t.Errorf("RelationID is not stable: %q then %q", same, again)
	}
	// Every part of the identity changes the id.
	changes := map[string]func(*ontology.RelationType, *string, *string, *store.Qualifiers){
		"type":       func(rt *ontology.RelationType, _, _ *string, _ *store.Qualifiers) { *rt = ontology.HeldIn },
		"source":     func(_ *ontology.RelationType, s, _ *string, _ *store.Qualifiers) { *s = "actor:c" },
		"target":     func(_ *ontology.RelationType, _, d *string, _ *store.Qualifiers) { *d = "actor:c" },
		"swap ends":  func(_ *ontology.RelationType, s, d *string, _ *store.Qualifiers) { *s, *d = *d, *s },
		"quantity 0": func(_ *ontology.RelationType, _, _ *string, q *store.Qualifiers) { q.Quantity = ptr(0) },
		"item":       func(_ *ontology.RelationType, _, _ *string, q *store.Qualifiers) { q.Item = "x" },
		"date":       func(_ *ontology.RelationType, _, _ *string, q *store.Qualifiers) { q.Date = "2025-01-01" },
		"duration":   func(_ *ontology.RelationType, _, _ *string, q *store.Qualifiers) { q.Duration = "30 days" },
		"conditions": func(_ *ontology.RelationType, _, _ *string, q *store.Qualifiers) { q.Conditions = "x" },
	}
	seen := map[string]string{same: "base"}
	for name, change := range changes {
		got := id(change)
		if other, dup := seen[got]; dup {
			t.Errorf("changing the %s gives the id of %s: %q", name, other, got)
		}
		seen[got] = name
	}
}

func TestNameKeys(t *testing.T) {
	cases := []struct {
		name string
		e    store.Entity
		want []string
	}{
		{"name and aliases, sorted, without repeats", store.Entity{Type: ontology.Actor, Name: "Volodymyr Zelensky",
			Aliases: []string{"Zelenskyy", "zelenskyy", "!!"}}, []string{"volodymyr-zelensky", "zelenskyy"}},
		{"a dated meeting's keys start with its date", store.Entity{Type: ontology.Meeting, Name: "Istanbul talks",
			Date: "2025-06-03"}, []string{"2025-06-03-istanbul-talks"}},
		{"a meeting without date", store.Entity{Type: ontology.Meeting, Name: "Istanbul talks"}, []string{"istanbul-talks"}},
		{"a date means nothing to other types", store.Entity{Type: ontology.Agreement, Name: "Truce", Date: "2025-06-03"},
			[]string{"truce"}},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, store.NameKeys(&c.e)); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}
