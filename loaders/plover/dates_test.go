package plover

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/loaders/mapping"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// rawDates maps the article id of each record of a PLOVER file to the
// record's date, read from the raw JSON.
func rawDates(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var records []struct{ ID, Date, Event string }
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range records {
		if r.Event != documentEvent {
			out[mapping.ArticleID("plover-"+r.ID)] = r.Date
		}
	}
	return out
}

// TestGoldStandardDates checks that every relation of the gold standard
// carries its record's date.
func TestGoldStandardDates(t *testing.T) {
	dates := rawDates(t, goldFile)
	relations := 0
	for _, r := range importFile(t, goldFile) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Loc, r.Err)
			continue
		}
		want, ok := dates[r.Doc.ID]
		if !ok {
			continue // a repeated id, given a suffix
		}
		if want == "" {
			t.Fatalf("%s: the record has no date; the test needs dated records", r.Doc.ID)
		}
		for i, rel := range r.Doc.Relations {
			relations++
			got := ""
			if rel.Qualifiers != nil {
				got = rel.Qualifiers.Date
			}
			if got != want {
				t.Errorf("%s: relation %d (%s): date %q, want the record's %q", r.Doc.ID, i, rel.Type, got, want)
			}
		}
	}
	if relations < 250 {
		t.Errorf("checked %d relations, want the gold standard's (about 290)", relations)
	}
}

// TestGoldStandardDateFilter loads the gold standard into a store: no
// relation is without a date, and filtering by each record date finds
// every relation exactly once.
func TestGoldStandardDateFilter(t *testing.T) {
	st := embedded.New()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{New(nil)}}
	rep, err := l.Load(t.Context(), []string{goldFile})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		t.Fatalf("%d records failed: %v", rep.Failed, rep.Failures)
	}
	list := func(where *store.RelationFilter) map[string]bool {
		t.Helper()
		ids := map[string]bool{}
		after := ""
		for range 100 {
			p, err := st.ListRelations(t.Context(), store.RelationQuery{Where: where, First: store.MaxPageSize, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Items {
				ids[r.ID] = true
			}
			if !p.HasNextPage {
				return ids
			}
			after = p.EndCursor()
		}
		t.Fatal("more than 100 pages of relations")
		return nil
	}
	all := list(nil)
	if len(all) < 250 {
		t.Fatalf("%d relations stored, want the gold standard's (about 290)", len(all))
	}
	undated := list(&store.RelationFilter{Not: &store.RelationFilter{Date: &store.DateFilter{Gte: ptr("0001-01-01")}}})
	if len(undated) != 0 {
		t.Errorf("%d of %d relations have no date", len(undated), len(all))
	}
	found := map[string]bool{}
	seen := map[string]bool{}
	for _, d := range rawDates(t, goldFile) {
		if seen[d] {
			continue
		}
		seen[d] = true
		for id := range list(&store.RelationFilter{Date: &store.DateFilter{Eq: ptr(d)}}) {
			if found[id] {
				t.Errorf("relation %s found under two dates", id)
			}
			found[id] = true
		}
	}
	if diff := cmp.Diff(all, found); diff != "" {
		t.Errorf("relations found by their record's date (-stored +found):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }
