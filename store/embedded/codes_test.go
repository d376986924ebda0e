package embedded

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestCodesSurviveReopening checks that entities' codes are in the log:
// after reopening, the entities have them and ResolveCodes finds them.
func TestCodesSurviveReopening(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	m := storetest.NewModel()
	for _, g := range storetest.CodeArticles() {
		put(t, s, g)
		m.Put(g)
	}
	closeStore(t, s)

	s, _ = open(t, dir)
	storetest.CheckModel(t, s, m)
	got, err := s.ResolveCodes(t.Context(), ontology.Actor, []string{"cameo:USA", "iso3166_alpha2:RU", "cameo:IGO"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"cameo:USA":         {store.EntityID(ontology.Actor, "Q30")},
		"iso3166_alpha2:RU": {store.EntityID(ontology.Actor, "Q159")},
	}
	if d := storetest.Diff(want, got); d != "" {
		t.Errorf("ResolveCodes after reopening (-want +got):\n%s", d)
	}
	es, err := s.Entities(t.Context(), []string{store.EntityID(ontology.Actor, "Q30")})
	if err != nil {
		t.Fatal(err)
	}
	if len(es[0].Codes) != 3 {
		t.Errorf("codes of the United States after reopening: %v, want 3", es[0].Codes)
	}
}
