package neo4jstore

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// timelineHub writes a hub with relations to others, hubRelations of
// them, half from the hub and half to it, over a few days (several on
// each, so that cursors fall amid a day), and a relation from the hub to
// itself; and returns the hub's id and its whole timeline, in one page,
// of hubRelations+1 items.
func timelineHub(t *testing.T, s *Store) (string, *store.Page[*store.TimelineItem]) {
	t.Helper()
	hub := storetest.Actor("hub", "Hub", "country")
	other00 := storetest.Actor("other-00", "Other 00", "country")
	var gs []*store.ArticleGraph
	for i := range hubRelations {
		other := storetest.Actor(fmt.Sprintf("other-%02d", i), fmt.Sprintf("Other %02d", i), "country")
		src, dst := hub.ID, other.ID
		if i%2 == 1 {
			src, dst = dst, src
		}
		text := fmt.Sprintf("Hub and Other %02d met.", i)
		gs = append(gs, storetest.NewArticle(fmt.Sprintf("hub-%02d", i), text, "Wire", fmt.Sprintf("2025-03-%02d", 1+i%4), text).
			Entity(hub, "Hub").Entity(other, fmt.Sprintf("Other %02d", i)).
			Relate(ontology.Accused, src, dst, store.Qualifiers{}, text).Build())
	}
	gs = append(gs, storetest.NewArticle("hub-self", "Hub aids itself", "Wire", "2025-03-02", "Hub aided Hub.").
		Entity(hub, "Hub").Relate(ontology.Aided, hub.ID, hub.ID, store.Qualifiers{}, "Hub aided Hub.").Build(),
		// Undated (no date, no meeting, an article not dated): a head,
		// not an item of the timeline.
		storetest.NewArticle("hub-undated", "Hub aids Other 00", "Blog", "", "Hub aided Other 00.").
			Entity(hub, "Hub").Entity(other00, "Other 00").
			Relate(ontology.Aided, hub.ID, other00.ID, store.Qualifiers{}, "Hub aided Other 00.").Build())
	if _, err := s.PutArticles(t.Context(), gs); err != nil {
		t.Fatal(err)
	}
	full, err := s.Timeline(t.Context(), store.TimelineQuery{Entity: hub.ID, First: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Items) != hubRelations+1 {
		t.Fatalf("the hub's timeline has %d items, want %d", len(full.Items), hubRelations+1)
	}
	return hub.ID, full
}

// hubRelations is the number of relations of timelineHub's hub with
// others.
const hubRelations = 40

// TestEntityTimelinesReadTheHeadIndexes checks the plans of an entity's
// timeline, a page of it and its count, without a filter: the indexes of
// heads by end and timeline date give the page's heads in order from the
// cursor on, and no more than a page's (one more than the page, of each
// index, and of each of the two seeks after a cursor), without reading
// the entity's other heads (no expansion of its heads, no scan of them);
// the count reads no more index entries than the entity's dated heads
// (and its relations to itself once more), and no head's properties (but
// the date of a relation to itself); without a date range, it reads the
// entity's degree in heads and only the index entries of its undated heads
// and of those to itself.
func TestEntityTimelinesReadTheHeadIndexes(t *testing.T) {
	s := openTestStore(t)
	hub, full := timelineHub(t, s)
	cursor := full.Cursors[hubRelations/2] // amid a day
	scans := []string{"Expand", "RelationshipTypeScan", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
		"AllRelationshipsScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan"}
	for _, q := range []store.TimelineQuery{
		{},
		{After: cursor},
		{WithTotal: true},
		{After: cursor, WithTotal: true},
		{From: "2025-03-02", To: "2025-03-03"},
		{After: cursor, To: "2025-03-03", WithTotal: true},
		{Types: []ontology.RelationType{ontology.Accused}},
		// The whole graph's timeline, from the index of heads by
		// timelineDate and relId.
		{Entity: "-"},
		{Entity: "-", After: cursor, WithTotal: true},
		{Entity: "-", From: "2025-03-02", To: "2025-03-03"},
	} {
		ends := 2 // source, target
		if q.Entity == "-" {
			q.Entity, ends = "", 1
		} else {
			q.Entity = hub
		}
		q.First = 2
		st, err := timelineStatement(q, false)
		if err != nil {
			t.Fatal(err)
		}
		ops := operators(t, s, st)
		if hasOperator(ops, scans...) {
			t.Errorf("%+v: plan %v expands or scans heads:\n%s", q, ops, st.cypher)
		}
		if !hasOperator(ops, "DirectedRelationshipIndexSeek") {
			t.Errorf("%+v: plan %v reads no index of heads:\n%s", q, ops, st.cypher)
		}
		seeks := ends
		if q.After != "" {
			seeks = 2 * ends
		}
		most := int64(seeks * (q.First + 1))
		if q.WithTotal {
			most += 2*hubRelations + 3 // the count's
		}
		if n := seekRows(t, s, st); len(q.Types) == 0 && n > most {
			t.Errorf("%+v: the index seeks read %d heads, more than %d:\n%s\n%s", q, n, most, st.cypher, planText(profiledPlan(t, s, st), ""))
		}
		if q.WithTotal || q.After != "" || len(q.Types) > 0 {
			continue
		}
		// The count: the entity's dated heads by source and by target, and
		// its relations to itself, each an index entry, and no property
		// of theirs read.
		count, err := timelineStatement(q, true)
		if err != nil {
			t.Fatal(err)
		}
		plan := profiledPlan(t, s, count)
		ops = operators(t, s, count)
		if hasOperator(ops, scans...) || !hasOperator(ops, "DirectedRelationshipIndexSeek") {
			t.Errorf("%+v: the count's plan %v expands or scans heads, or reads no index:\n%s", q, ops, count.cypher)
		}
		n := seekRows(t, s, count)
		most = int64(2*hubRelations + 3)
		if q.From == "" && q.To == "" {
			// Without a date range, the hub's degree in heads (or the
			// graph's count of heads), less the undated heads and the
			// hub's to itself: an index entry each.
			most = 3
		}
		if n > most {
			t.Errorf("%+v: the count's index seeks read %d heads, more than %d:\n%s", q, n, most, count.cypher)
		}
		// An index entry is a db hit, and each seek one more; a property
		// read would be one more per head.
		if hits := dbHits(plan); hits > n+10 {
			t.Errorf("%+v: the count costs %d db hits for %d index entries: it reads more than them:\n%s\n%s",
				q, hits, n, count.cypher, planText(plan, ""))
		}
	}
}

// TestEntityTimelinePagesWalkTheHub walks the hub's timeline a page at a
// time, of every size, with and without its total, and checks each page
// against the whole timeline, read in one page: the pages are the
// timeline cut, and every total is its length. The relation from the hub
// to itself is one item.
func TestEntityTimelinePagesWalkTheHub(t *testing.T) {
	s := openTestStore(t)
	hub, full := timelineHub(t, s)
	var want []string
	for _, it := range full.Items {
		want = append(want, it.Date+" "+it.ID())
	}
	n, err := s.CountTimeline(t.Context(), store.TimelineQuery{Entity: hub})
	if err != nil || n != len(want) {
		t.Errorf("CountTimeline = %d, %v; want %d", n, err, len(want))
	}
	for _, first := range []int{1, 2, 3, 7} {
		var got []string
		after := ""
		for range len(want) + 1 {
			p, err := s.Timeline(t.Context(), store.TimelineQuery{Entity: hub, First: first, After: after, WithTotal: true})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total == nil || *p.Total != len(want) {
				t.Errorf("first %d after %q: total %v, want %d", first, after, p.Total, len(want))
			}
			for _, it := range p.Items {
				got = append(got, it.Date+" "+it.ID())
			}
			if !p.HasNextPage {
				break
			}
			after = p.Cursors[len(p.Cursors)-1]
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("pages of %d (-whole +paged):\n%s", first, d)
		}
	}
}

// TestOpenGivesHeadsTheirTimelineDates opens a database whose heads have
// no timeline date, as the versions before them wrote it: Open gives them
// theirs, once, and the timelines are those from before.
func TestOpenGivesHeadsTheirTimelineDates(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	checkHeads(t, s, "written")
	var entities []string
	for _, row := range cypher(t, s, "MATCH (n:Entity) RETURN n.id ORDER BY n.id", nil) {
		entities = append(entities, str(row[0]))
	}
	timelines := func() []string {
		t.Helper()
		var out []string
		for _, e := range entities {
			p, err := s.Timeline(t.Context(), store.TimelineQuery{Entity: e, First: 100, WithTotal: true})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s: %d", e, *p.Total))
			for _, it := range p.Items {
				out = append(out, "  "+it.Date+" "+it.ID())
			}
		}
		return out
	}
	want := timelines()
	if len(want) <= 2*len(entities) {
		t.Fatalf("timelines %v: the test reads next to nothing", want)
	}
	undated := func() int64 {
		return integer(cypher(t, s, fmt.Sprintf("MATCH ()-[h:%s]->() WHERE h.timelineDate IS NULL RETURN count(h)", headType), nil)[0][0])
	}
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() REMOVE h.timelineDate`, headType))
	change(t, s, fmt.Sprintf(`MATCH (m:%s {id: '%s'}) DELETE m`, migrationLabel, headTimelineDatesMigration.marker))
	openAndClose(t)
	checkHeads(t, s, "after Open")
	if d := cmp.Diff(want, timelines()); d != "" {
		t.Errorf("timelines after the migration (-before +after):\n%s", d)
	}
	// Done once: a head without a timeline date now is not dated again.
	before := undated()
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() WHERE h.timelineDate IS NOT NULL WITH h LIMIT 1 REMOVE h.timelineDate`, headType))
	openAndClose(t)
	if n := undated(); n != before+1 {
		t.Errorf("the second Open left %d heads without a timeline date, want %d: it dated heads again", n, before+1)
	}
}

// TestConcurrentMeetingDatesKeepHeadsDated writes, from several writers at
// once, new versions of articles that date a meeting (the smallest article
// id's date is the meeting's, so each round changes it) and that state,
// or in the next round no longer state, relations to the meeting without
// a date of their own, which take the meeting's; each relation is also
// stated by an article that no round changes, so a version that drops it
// has its head computed again from what is left, while another writer may
// be changing the meeting's date. After each round every head's timeline
// date is the one its relation has by its ends as they are (checkHeads).
func TestConcurrentMeetingDatesKeepHeadsDated(t *testing.T) {
	s := openTestStore(t)
	talks := storetest.Meeting("talks", "Talks", "", 0, "")
	const writers = 8
	delegate := func(i int) store.Entity {
		return storetest.Actor(fmt.Sprintf("delegate-%d", i), fmt.Sprintf("Delegate %d", i), "person")
	}
	attended := func(b *storetest.Builder, i int) *storetest.Builder {
		return b.Relate(ontology.Attended, delegate(i).ID, talks.ID, store.Qualifiers{}, fmt.Sprintf("Delegate %d attended the Talks.", i))
	}
	var stable []*store.ArticleGraph
	for i := range writers {
		stable = append(stable, attended(storetest.NewArticle(fmt.Sprintf("stable-%d", i), "The talks", "Wire", "2025-07-01",
			fmt.Sprintf("Delegate %d attended the Talks.", i)).
			Entity(talks, "Talks").Entity(delegate(i), fmt.Sprintf("Delegate %d", i)), i).Build())
	}
	if _, err := s.PutArticles(t.Context(), stable); err != nil {
		t.Fatal(err)
	}
	article := func(i, round int) *store.ArticleGraph {
		meeting := talks
		meeting.Date = fmt.Sprintf("2025-%02d-%02d", 1+round, 1+i)
		b := storetest.NewArticle(fmt.Sprintf("race-%d", i), "The talks", "Wire", fmt.Sprintf("2025-06-%02d", 1+round),
			fmt.Sprintf("Delegate %d attended the Talks.", i)).
			Entity(meeting, "Talks").Entity(delegate(i), fmt.Sprintf("Delegate %d", i))
		if (i+round)%2 == 0 {
			b = attended(b, i)
		}
		return b.Build()
	}
	for round := range 6 {
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				if round == 3 && i%3 == 0 {
					r, err := s.DeleteArticle(t.Context(), store.ArticleID(fmt.Sprintf("race-%d", i)))
					if errs[i] = err; err == nil && !r.Found {
						errs[i] = fmt.Errorf("race-%d: not found to delete", i)
					}
					return
				}
				_, errs[i] = s.PutArticle(t.Context(), article(i, round))
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		checkHeads(t, s, fmt.Sprintf("round %d", round))
	}
}
