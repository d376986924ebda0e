package loaders_test

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"newsgraph/loaders"
	"newsgraph/loaders/brat"
	"newsgraph/loaders/plover"
	"newsgraph/loaders/wikievents"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// TestCorpusReport loads each real corpus into an empty store and checks
// that the graph agrees with the load summary: as many relations as the
// types count, every relation's ends among the entities, every relation's
// place a place of the graph. Run with -v to
// read the summary: entities by type, relations by type, omissions by
// reason and the ten actors of highest degree.
func TestCorpusReport(t *testing.T) {
	corpora := []struct {
		name     string
		path     string
		importer loaders.Importer
	}{
		{"PLOVER", goldFile, plover.New(nil)},
		{"WikiEvents", "wikievents/testdata/test.jsonl", wikievents.New(nil)},
		{"brat", "brat/testdata/news", brat.New(nil)},
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			st := embedded.New()
			l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{c.importer}}
			rep, err := l.Load(t.Context(), []string{c.path})
			if err != nil {
				t.Fatal(err)
			}
			entities := map[string]*store.Entity{}
			for e, err := range all(t, func(after string) (*store.Page[*store.Entity], error) {
				return st.ListEntities(t.Context(), store.EntityQuery{First: store.MaxPageSize, After: after})
			}) {
				if err != nil {
					t.Fatal(err)
				}
				entities[e.ID] = e
			}
			byType, degree := map[string]int{}, map[string]int{}
			relations, placed, dated := 0, 0, 0
			for r, err := range all(t, func(after string) (*store.Page[*store.Relation], error) {
				return st.ListRelations(t.Context(), store.RelationQuery{First: store.MaxPageSize, After: after})
			}) {
				if err != nil {
					t.Fatal(err)
				}
				relations++
				byType[string(r.Type)]++
				if p := r.Qualifiers.Place; p != "" {
					placed++
					if e := entities[p]; e == nil || e.Type != "Place" {
						t.Errorf("relation %s: place %s is not a place of the graph", r.ID, p)
					}
				}
				if r.Qualifiers.Date != "" {
					dated++
				}
				for _, id := range []string{r.Source, r.Target} {
					if entities[id] == nil {
						t.Errorf("relation %s: end %s is not an entity", r.ID, id)
					}
					degree[id]++
				}
			}
			if sum := sumValues(byType); sum != relations || relations == 0 {
				t.Errorf("%d relations, %d by type", relations, sum)
			}
			kinds := map[string]int{}
			for _, e := range entities {
				kinds[string(e.Type)]++
			}
			var actors []*store.Entity
			for _, e := range entities {
				if e.Type == "Actor" {
					actors = append(actors, e)
				}
			}
			slices.SortFunc(actors, func(a, b *store.Entity) int {
				return cmp.Or(degree[b.ID]-degree[a.ID], strings.Compare(a.ID, b.ID))
			})
			var top []string
			for _, a := range actors[:min(10, len(actors))] {
				top = append(top, fmt.Sprintf("%s %q (%s) %d", a.ID, a.Name, a.Kind, degree[a.ID]))
			}
			t.Logf("%s: %d articles, %d failed; %d entities %v; %d relations %v", c.name,
				rep.Loaded(), rep.Failed, len(entities), countList(kinds), relations, countList(byType))
			t.Logf("relations with a place: %d, with a date: %d", placed, dated)
			t.Logf("omitted: %v", countList(rep.Omitted))
			t.Logf("top actors by degree:\n  %s", strings.Join(top, "\n  "))
		})
	}
}

// all pages through a list.
func all[T any](t *testing.T, page func(after string) (*store.Page[T], error)) func(yield func(T, error) bool) {
	return func(yield func(T, error) bool) {
		after := ""
		for range 1000 {
			p, err := page(after)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range p.Items {
				if !yield(item, nil) {
					return
				}
			}
			if !p.HasNextPage {
				return
			}
			after = p.EndCursor()
		}
		t.Fatal("more than 1000 pages")
	}
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// countList prints a count map with its keys in order, one "key: n" each.
func countList(m map[string]int) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "\n    %s: %d", k, m[k])
	}
	return b.String()
}
