package embedded

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// checkTimelineIndex fails the test unless every relation's timeline date
// is the one store.RelationDate gives now, and the graph's timeline index
// holds exactly the dated relations, and every entity's its own, sorted by
// date and id.
func checkTimelineIndex(t *testing.T, s *Store, when string) {
	t.Helper()
	g := s.g
	var all, got []rankedID
	for id, n := range g.relations {
		want := g.relationDate(n.merged)
		if n.date != want {
			t.Errorf("%s: relation %s is dated %q, want %q", when, id, n.date, want)
		}
		if want != "" {
			all = append(all, rankedID{want, id})
		}
	}
	slices.SortFunc(all, func(a, b rankedID) int { return compareRanked(a, b.key, b.id) })
	g.timeline.each(false, nil, func(key, rid string) bool {
		got = append(got, rankedID{key, rid})
		return true
	})
	if diff := gocmp.Diff(all, got, gocmp.AllowUnexported(rankedID{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: the graph's timeline index (-want +got):\n%s", when, diff)
	}
	for id, n := range g.entities {
		var want, got []rankedID
		for rid := range n.adjacency(store.Both) {
			if d := g.relationDate(g.relations[rid].merged); d != "" {
				want = append(want, rankedID{d, rid})
			}
		}
		slices.SortFunc(want, func(a, b rankedID) int { return compareRanked(a, b.key, b.id) })
		n.timeline.each(false, nil, func(key, rid string) bool {
			got = append(got, rankedID{key, rid})
			return true
		})
		if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(rankedID{})); diff != "" {
			t.Errorf("%s: the timeline index of %s (-want +got):\n%s", when, id, diff)
		}
	}
}

// sortedTimeline is an entity's timeline page as sorting every item the
// query selects gives it: what a page read from the timeline index must
// equal.
func sortedTimeline(g *graph, q timelineQuery) []timelineItem {
	var items []timelineItem
	meetings, relations := []string{q.Entity}, maps.Keys(g.relations)
	if q.Entity == "" {
		meetings = slices.Collect(maps.Keys(g.entities))
	} else {
		relations = g.entities[q.Entity].adjacency(store.Both)
	}
	for _, id := range meetings {
		if e := g.entities[id].merged; len(q.Types) == 0 && q.Where == nil && e.Type == ontology.Meeting && store.InDateRange(e.Date, q.From, q.To) {
			items = append(items, timelineItem{date: e.Date, m: e})
		}
	}
	for rid := range relations {
		r := g.relations[rid].merged
		if d := g.relationDate(r); store.InDateRange(d, q.From, q.To) && g.timelineSelects(q, r) {
			items = append(items, timelineItem{date: d, r: r})
		}
	}
	items = slices.DeleteFunc(items, func(it timelineItem) bool {
		return q.after != nil && !store.After(it.date, it.id(), q.after[0], q.after[1], false)
	})
	slices.SortFunc(items, func(a, b timelineItem) int {
		return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.id(), b.id()))
	})
	return items[:min(len(items), q.first+1)]
}

// timelineIDs are the dates and ids of timeline items.
func timelineIDs(items []timelineItem) [][2]string {
	out := [][2]string{}
	for _, it := range items {
		out = append(out, [2]string{it.date, it.id()})
	}
	return out
}

// Every page of an entity's timeline (the hub's, a meeting's), with and
// without date bounds and types, walked by cursor to the end, is the page
// sorting would give; its count is the number of items the pages list.
func TestEntityTimelinePagesAreSortedPages(t *testing.T) {
	s := synthStore(t, 300)
	ctx := context.Background()
	checkTimelineIndex(t, s, "after loading")
	hub := byDegree(t, s, 1)[0]
	meetings, err := s.ListEntities(ctx, store.EntityQuery{Types: []ontology.NodeType{ontology.Meeting}, First: 1})
	if err != nil || len(meetings.Items) == 0 {
		t.Fatalf("no meeting: %v", err)
	}
	for _, entity := range []string{hub, meetings.Items[0].ID, ""} { // "": the whole graph
		for _, bounds := range [][2]string{{"", ""}, {"2024-03-01", ""}, {"", "2024-09-30"}, {"2024-02-01", "2024-02-20"}} {
			for _, types := range [][]ontology.RelationType{nil, {ontology.Demanded, ontology.Attended}} {
				q := store.TimelineQuery{Entity: entity, From: bounds[0], To: bounds[1], Types: types, First: 7}
				listed := 0
				for pages := 0; ; pages++ {
					tq, err := prepareTimeline(q)
					if err != nil {
						t.Fatal(err)
					}
					want := sortedTimeline(s.g, tq)
					page, err := s.Timeline(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					var got []timelineItem
					for _, it := range page.Items {
						got = append(got, timelineItem{date: it.Date, r: it.Relation, m: it.Meeting})
					}
					if diff := gocmp.Diff(timelineIDs(want[:min(len(want), tq.first)]), timelineIDs(got)); diff != "" {
						t.Fatalf("%s %v %v after %q (-want +got):\n%s", entity, bounds, types, q.After, diff)
					}
					if page.HasNextPage != (len(want) > tq.first) {
						t.Fatalf("%s %v %v after %q: HasNextPage %t with %d items left", entity, bounds, types, q.After, page.HasNextPage, len(want))
					}
					listed += len(page.Items)
					if !page.HasNextPage {
						break
					}
					q.After = page.EndCursor()
				}
				q.After = ""
				count, err := s.CountTimeline(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if count != listed {
					t.Errorf("%s %v %v: CountTimeline is %d, the pages listed %d", entity, bounds, types, count, listed)
				}
			}
		}
	}
}

// A page of an entity's timeline, or of the whole graph's, looks at the
// relations of the page and one more, not at all the entity's relations
// or the graph's.
func TestEntityTimelinePageCostsItsSize(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	const first = 10
	for _, entity := range []string{hub, ""} {
		degree := len(s.g.relations)
		if entity != "" {
			degree = s.g.entities[hub].degree()
		}
		if degree < 10*(first+1) {
			t.Fatalf("%q has %d relations; the test needs many more than a page", entity, degree)
		}
		q := store.TimelineQuery{Entity: entity, First: first}
		for range 3 { // the first page and two after cursors
			before := s.g.pageVisits.Load()
			page, err := s.Timeline(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if visits := s.g.pageVisits.Load() - before; visits > first+1 {
				t.Errorf("%q after %q: the page looked at %d relations of %d, want at most %d", entity, q.After, visits, degree, first+1)
			}
			q.After = page.EndCursor()
		}
	}
}

// The timeline dates and indexes follow every write: a relation dated by a
// meeting's date moves when another article changes that date, one dated
// by its articles when an earlier article states it or is deleted, and a
// relation no article states any more leaves the index; a reopened store
// rebuilds them the same.
func TestTimelineIndexFollowsWrites(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	p := storetest.Actor("p", "Pland", "country")
	q := storetest.Actor("q", "Qland", "country")
	meeting := func(date string) store.Entity { return storetest.Meeting("summit", "The summit", date, 1, "") }
	// a names the summit with a date and says P attended; b names it
	// without one and says Q attended; c and d say P cooperated with Q.
	a := func(date string) *store.ArticleGraph {
		m := meeting(date)
		return storetest.NewArticle("a", "Summit", "Wire", "2024-05-01", "P attended the summit.").
			Entity(p).Entity(m).Relate(ontology.Attended, p.ID, m.ID, store.Qualifiers{}, "P attended the summit").Build()
	}
	m := meeting("")
	b := storetest.NewArticle("b", "Summit", "Wire", "2024-05-02", "Q attended the summit.").
		Entity(q).Entity(m).Relate(ontology.Attended, q.ID, m.ID, store.Qualifiers{}, "Q attended the summit").Build()
	coop := func(id, published string) *store.ArticleGraph {
		return storetest.NewArticle(id, "Cooperation", "Wire", published, "P cooperated with Q.").
			Entity(p).Entity(q).Relate(ontology.Cooperated, p.ID, q.ID, store.Qualifiers{}, "P cooperated with Q").Build()
	}
	qAttended := b.Relations[0].Relation.ID
	del := func(ids ...string) error {
		for _, id := range ids {
			if _, err := s.DeleteArticle(context.Background(), store.ArticleID(id)); err != nil {
				return err
			}
		}
		return nil
	}
	dateOf := func(id string) string {
		t.Helper()
		n := s.g.relations[id]
		if n == nil {
			t.Fatalf("no relation %s", id)
		}
		return n.date
	}
	steps := []struct {
		name  string
		write func() error
		check func()
	}{
		{"put a, b", func() error { put(t, s, a("2024-04-10"), b); return nil }, func() {
			if d := dateOf(qAttended); d != "2024-04-10" {
				t.Errorf("Q's attendance is dated %q, want the summit's 2024-04-10", d)
			}
		}},
		{"a moves the summit", func() error { put(t, s, a("2024-04-20")); return nil }, func() {
			if d := dateOf(qAttended); d != "2024-04-20" {
				t.Errorf("Q's attendance is dated %q after the summit moved, want 2024-04-20", d)
			}
		}},
		{"put c, d", func() error { put(t, s, coop("c", "2024-06-01"), coop("d", "2024-06-03")); return nil }, nil},
		{"an earlier e", func() error { put(t, s, coop("e", "2024-01-05")); return nil }, nil},
		{"delete e", func() error { return del("e") }, nil},
		{"delete a", func() error { return del("a") }, func() {
			if d := dateOf(qAttended); d != "2024-05-02" {
				t.Errorf("Q's attendance is dated %q once the summit has no date, want its article's 2024-05-02", d)
			}
		}},
		{"delete c, d", func() error { return del("c", "d") }, func() {
			if n := s.g.entities[q.ID].timeline.len(); n != 1 {
				t.Errorf("Q's timeline holds %d relations once c and d are deleted, want 1", n)
			}
		}},
	}
	for _, st := range steps {
		if err := st.write(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.check != nil {
			st.check()
		}
		checkTimelineIndex(t, s, st.name)
	}
	put(t, s, coop("c", "2024-06-01"), a("2024-04-25"))
	checkTimelineIndex(t, s, "put c, a again")
	want := s.g.entities[q.ID].timeline.len()
	closeStore(t, s)
	s, _ = open(t, dir)
	checkTimelineIndex(t, s, "reopened")
	if got := s.g.entities[q.ID].timeline.len(); got != want || got != 2 {
		t.Errorf("Q's timeline holds %d relations once reopened, %d before; want 2", got, want)
	}
}
