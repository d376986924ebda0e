package neo4jstore

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestLevelStatements counts the statements of relation levels: a nested
// level (the relations of several entities, each query the same but for
// its entity) with its ends, articles and counts is one statement, cut
// pages included; a query without an entity
// adds its own, and one for its ends and articles, and one for its count
// when its page is cut.
func TestLevelStatements(t *testing.T) {
	s := openTestStore(t)
	for _, g := range append(storetest.Ukraine(), storetest.Star(12)) {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	hub := store.EntityID("Actor", "star-hub")
	all := func(qs ...store.RelationQuery) store.LevelQuery {
		return store.LevelQuery{Queries: qs, Ends: true, Articles: true, Counts: true}
	}
	tests := []struct {
		name string
		q    store.LevelQuery
		want int64
	}{
		{"the relations of several entities, pages cut", all(
			store.RelationQuery{Entity: hub, First: 1},
			store.RelationQuery{Entity: storetest.StarSpokeID(0), First: 1},
			store.RelationQuery{Entity: storetest.StarSpokeID(1), First: 1}), 1},
		{"one entity's relations, page cut", all(store.RelationQuery{Entity: hub, First: 5}), 1},
		{"one entity's relations, whole page", all(store.RelationQuery{Entity: hub, First: 100}), 1},
		{"relations only", store.LevelQuery{Queries: []store.RelationQuery{{Entity: hub, First: 5}}}, 1},
		{"a query without an entity, page cut", all(store.RelationQuery{First: 2}), 3},
	}
	for _, tt := range tests {
		p := &profiler{}
		profiling.Store(p)
		lv, err := s.ReadLevel(t.Context(), tt.q)
		profiling.Store(nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := p.statements.Load(); got != tt.want {
			t.Errorf("%s: %d statements, want %d", tt.name, got, tt.want)
		}
		if tt.q.Counts && len(lv.Counts) != len(tt.q.Queries) {
			t.Errorf("%s: %d counts for %d queries", tt.name, len(lv.Counts), len(tt.q.Queries))
		}
	}
}

// TestLevelTitledEvidence checks that a level which shows only the titles
// of its evidence's articles reads them from the relations' heads when it
// has no filter, else from the evidence relationships (their
// articleTitle), and that evidence written without it, by earlier
// versions, gives the same level through a lookup of the articles.
func TestLevelTitledEvidence(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	var entities []string
	for _, g := range storetest.Ukraine() {
		for _, e := range g.Entities {
			entities = append(entities, e.Entity.ID)
		}
	}
	// A filter every relation passes, which heads do not answer.
	var types []string
	for _, t := range ontology.RelationTypes {
		types = append(types, string(t))
	}
	anyType := &store.RelationFilter{Type: &store.StringFilter{In: types}}
	for _, tt := range []struct {
		name  string
		where *store.RelationFilter
		types string // the relationship types that keep the titles
		set   string // what changes their titles
	}{
		{"heads", nil, headType, "r.titles = [x IN r.titles | 'changed']"},
		{"evidence", anyType, allRelTypes, "r.articleTitle = 'changed'"},
	} {
		lq := store.LevelQuery{Ends: true, Articles: true, Projection: store.Projection{NamesOnly: true, NoText: true}}
		for _, id := range entities {
			lq.Queries = append(lq.Queries, store.RelationQuery{Entity: id, First: 3, Where: tt.where,
				ArticleOnlyEvidence: true, EvidenceLimit: 2})
		}
		read := func() *store.Level {
			t.Helper()
			lv, err := s.ReadLevel(t.Context(), lq)
			if err != nil {
				t.Fatal(err)
			}
			return lv
		}
		want := read()
		if len(want.Articles) == 0 {
			t.Fatalf("%s: the level has no articles: the test reads nothing", tt.name)
		}
		articles, err := s.Articles(t.Context(), slices.Sorted(maps.Keys(want.Articles)))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range articles {
			if got := want.Articles[a.ID]; got == nil || got.Title != a.Title {
				t.Errorf("%s: article %s: level has %+v, want the title %q", tt.name, a.ID, got, a.Title)
			}
		}

		// The titles come from the heads or the evidence: changed there,
		// they change.
		keep := cypher(t, s, fmt.Sprintf(`MATCH ()-[r:%s]->() RETURN elementId(r), r.articleTitle, r.titles`, tt.types), nil)
		change(t, s, fmt.Sprintf(`MATCH ()-[r:%s]->() SET %s`, tt.types, tt.set))
		for id, a := range read().Articles {
			if a.Title != "changed" {
				t.Errorf("%s: article %s: title %q, not the %s's", tt.name, id, a.Title, tt.name)
			}
		}
		for _, row := range keep {
			if _, err := write(t.Context(), s, "restore titles", func(tx neo4j.ManagedTransaction) (any, error) {
				return run(t.Context(), tx, `MATCH ()-[r]->() WHERE elementId(r) = $id SET r.articleTitle = $title, r.titles = $titles`,
					map[string]any{"id": row[0], "title": row[1], "titles": row[2]})
			}); err != nil {
				t.Fatal(err)
			}
		}
		if tt.where == nil {
			continue
		}
		// Without them, the articles are looked up.
		onEvidence(t, s, `MATCH ()-[r:%s]->() REMOVE r.articleTitle`)
		if diff := cmp.Diff(want, read()); diff != "" {
			t.Errorf("level of evidence without titles (-with +without):\n%s", diff)
		}
	}
}

// TestTimelineDates checks where the timeline finds the articles' dates
// of relations: without a filter, on their heads (timelineDate, which
// holds published when nothing else dates the relation); with one,
// on their evidence relationships (articlePublished), and for evidence
// written without them, by earlier versions, the same timeline through
// the articles.
func TestTimelineDates(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	heads := store.TimelineQuery{First: 100, WithTotal: true}
	evidence := heads
	evidence.Where = &store.RelationFilter{Article: &store.StringFilter{StartsWith: ptr("article:")}}
	read := func(q store.TimelineQuery) []string {
		t.Helper()
		p, err := s.Timeline(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{fmt.Sprint(*p.Total)}
		for _, it := range p.Items {
			out = append(out, it.Date+" "+it.ID())
		}
		return out
	}
	dated1999 := func(got []string) bool {
		return slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "1999-01-01 ") })
	}
	set := func(cypher string) { t.Helper(); onEvidence(t, s, cypher) }
	wantHeads, wantEvidence := read(heads), read(evidence)
	if len(wantHeads) < 3 || len(wantEvidence) < 3 {
		t.Fatalf("timelines %v and %v: too short to tell", wantHeads, wantEvidence)
	}

	// With a filter, the dates come from the evidence: changed there,
	// they change, and the timeline without a filter stays.
	set(`MATCH ()-[r:%s]->() SET r.articlePublished = '1999-01-01'`)
	if got := read(evidence); !dated1999(got) {
		t.Errorf("timeline with a filter %v: no date taken from the evidence", got)
	}
	if diff := cmp.Diff(wantHeads, read(heads)); diff != "" {
		t.Errorf("timeline without a filter after a change of the evidence only (-before +after):\n%s", diff)
	}

	// Without a filter, the dates come from the heads.
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() SET h.timelineDate = '1999-01-01'`, headType))
	if got := read(heads); !dated1999(got) {
		t.Errorf("timeline without a filter %v: no date taken from the heads", got)
	}

	// Without the evidence's own, the articles give the dates.
	set(`MATCH ()-[r:%s]->() REMOVE r.articleTitle, r.articlePublished`)
	if diff := cmp.Diff(wantEvidence, read(evidence)); diff != "" {
		t.Errorf("timeline of evidence without the articles' dates (-with +without):\n%s", diff)
	}
}

// onEvidence runs the write statement cypher, whose %s is every relation
// type, on the store s: to make its evidence relationships look as an
// earlier version wrote them.
func onEvidence(t *testing.T, s *Store, cypher string) {
	t.Helper()
	if _, err := write(t.Context(), s, "change evidence", func(tx neo4j.ManagedTransaction) (any, error) {
		return run(t.Context(), tx, fmt.Sprintf(cypher, allRelTypes), nil)
	}); err != nil {
		t.Fatal(err)
	}
}
