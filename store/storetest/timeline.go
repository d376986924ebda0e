package storetest

import (
	"fmt"
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// timelineLister is Timeline and CountTimeline bound to one query.
func timelineLister(t *testing.T, x store.Explorer, q store.TimelineQuery) lister[*store.TimelineItem] {
	return lister[*store.TimelineItem]{
		list: func(first int, after string) (*store.Page[*store.TimelineItem], error) {
			q := q
			q.First, q.After = first, after
			p, err := x.Timeline(t.Context(), q)
			if err != nil {
				return nil, err
			}
			checkTimelineTotal(t, x, q, p)
			return p, nil
		},
		count: func() (int, error) { return x.CountTimeline(t.Context(), q) },
		id:    func(it *store.TimelineItem) string { return it.ID() },
	}
}

// checkTimelineTotal checks that the timeline query q asked WithTotal
// gives the page p, which q gave without, and CountTimeline's count.
func checkTimelineTotal(t *testing.T, x store.Explorer, q store.TimelineQuery, p *store.Page[*store.TimelineItem]) {
	t.Helper()
	if p.Total != nil {
		t.Errorf("timeline %+v: a total (%d) it was not asked for", q, *p.Total)
	}
	q.WithTotal = true
	withTotal, err := x.Timeline(t.Context(), q)
	if err != nil {
		t.Errorf("timeline %+v: %v", q, err)
		return
	}
	n, err := x.CountTimeline(t.Context(), q)
	if err != nil {
		t.Errorf("count timeline %+v: %v", q, err)
		return
	}
	if withTotal.Total == nil || *withTotal.Total != n {
		t.Errorf("timeline %+v: total %v, want CountTimeline's %d", q, withTotal.Total, n)
	}
	ids := func(p *store.Page[*store.TimelineItem]) []string {
		out := []string{fmt.Sprint(p.HasNextPage)}
		for i, it := range p.Items {
			out = append(out, it.Date+" "+it.ID()+" "+p.Cursors[i])
		}
		return out
	}
	if got, want := ids(withTotal), ids(p); !slices.Equal(got, want) {
		t.Errorf("timeline %+v: with its total, the page is %v, want %v", q, got, want)
	}
}

// testTimeline covers Timeline and CountTimeline: dates by the rule of
// store.TimelineQuery, the order, paging and cursors, the filters, and the
// items themselves with their evidence.
func testTimeline(t *testing.T, f Factory) {
	s, m := loaded(t, f, append(Ukraine(), Chain(8), Diamond())...)
	x := s

	t.Run("Russia", func(t *testing.T) {
		// By hand: the sanctions on 2025-05-20 (date qualifier); on
		// 2025-06-03 the rejected ceasefire (earliest article), the
		// agreement and both exchanges; the demanded recognition on
		// 2025-06-04 (its only article).
		want := append([]string{rSanctioned}, sortedIDs(rRejectedCeasefire, rAgreedRU, rExchangedUA, rExchangedRU)...)
		want = append(want, rDemandedRecognition)
		checkList(t, timelineLister(t, x, store.TimelineQuery{Entity: russia}), want)
	})

	t.Run("Chain", func(t *testing.T) {
		// One relation a day, in chain order.
		var want []string
		for i := range 7 {
			want = append(want, store.RelationID(ontology.Cooperated, ChainID(i), ChainID(i+1),
				store.Qualifiers{Date: fmt.Sprintf("2025-01-%02d", i+1)}))
		}
		checkList(t, timelineLister(t, x, store.TimelineQuery{Types: []ontology.RelationType{ontology.Cooperated},
			From: "2025-01-01", To: "2025-01-31"}), want)
	})

	t.Run("AsTheModelSays", func(t *testing.T) {
		queries := []store.TimelineQuery{
			{},
			{Entity: russia},
			{Entity: secondRound},
			{Entity: firstRound},
			{Entity: istanbul, From: "2025-06-01"},
			{Entity: DiamondID("c")},
			{Entity: "actor:nobody"},
			{From: "2025-06-03", To: "2025-06-03"},
			{From: "2025-05-17", To: "2025-06-02"},
			{To: "2025-01-03"},
			{Types: []ontology.RelationType{ontology.Rejected, ontology.Demanded}},
			{Entity: ukraine, Types: []ontology.RelationType{ontology.Exchanged}},
		}
		for _, q := range queries {
			var want []string
			for _, e := range m.refTimeline(q) {
				want = append(want, e.ID)
			}
			t.Run(formatQuery(q), func(t *testing.T) {
				checkList(t, timelineLister(t, x, q), want)
			})
		}
	})

	t.Run("Items", func(t *testing.T) {
		dates := map[string]string{}
		for _, e := range m.refTimeline(store.TimelineQuery{}) {
			dates[e.ID] = e.Date
		}
		p, err := x.Timeline(t.Context(), store.TimelineQuery{First: store.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range p.Items {
			if it.Date != dates[it.ID()] {
				t.Errorf("%s: date %q, want %q", it.ID(), it.Date, dates[it.ID()])
			}
			if want := store.EncodeCursor(it.Date, it.ID()); p.Cursors[i] != want {
				t.Errorf("%s: cursor %q, want %q", it.ID(), p.Cursors[i], want)
			}
			switch {
			case it.Relation != nil && it.Meeting == nil:
				if d := Diff(m.Relation(it.Relation.ID), it.Relation); d != "" {
					t.Errorf("relation %s, with its evidence (-model +got):\n%s", it.ID(), d)
				}
			case it.Meeting != nil && it.Relation == nil:
				if d := Diff(m.Entity(it.Meeting.ID), it.Meeting); d != "" {
					t.Errorf("meeting %s (-model +got):\n%s", it.ID(), d)
				}
			default:
				t.Errorf("item %d is not one relation or one meeting: %+v", i, it)
			}
		}
	})

	t.Run("MeetingDates", func(t *testing.T) { testTimelineMeetingDates(t, f) })

	t.Run("Invalid", func(t *testing.T) {
		_, err := x.Timeline(t.Context(), store.TimelineQuery{After: "not a cursor"})
		wantInvalid(t, "Timeline after a malformed cursor", err)
		_, err = x.Timeline(t.Context(), store.TimelineQuery{Types: []ontology.RelationType{"LIKED"}})
		wantInvalid(t, "Timeline of type LIKED", err)
		_, err = x.CountTimeline(t.Context(), store.TimelineQuery{Types: []ontology.RelationType{"LIKED"}})
		wantInvalid(t, "CountTimeline of type LIKED", err)
	})
}

// testTimelineMeetingDates checks that a meeting's date that changes
// after its relations were written moves them (and the meeting) in the
// timeline: a meeting first undated, dated by a later article (whose id
// sorts first, so its date wins, store.MergeClaims), redated by a new
// version of that article, undated by its deletion, dated again by an
// article whose id sorts last, and by both in a batch. The relations at
// either end of the meeting have no date of their own; a third has one,
// which no meeting date changes.
func testTimelineMeetingDates(t *testing.T, f Factory) {
	talks := Meeting("talks", "Talks", "", 0, "")
	dated := func(date string) store.Entity {
		e := talks
		e.Date = date
		return e
	}
	alpha, beta := Actor("alpha", "Alpha", "country"), Actor("beta", "Beta", "country")
	geneva := Place("geneva", "Geneva", "city", nil)
	first := NewArticle("meetings-b", "Alpha and Beta at the talks", "Wire", "2025-02-10",
		"Alpha attended the Talks. The Talks were held in Geneva. Beta attended the Talks on 2025-01-20.").
		Entity(alpha, "Alpha").Entity(beta, "Beta").Entity(talks, "Talks").Entity(geneva, "Geneva").
		Relate(ontology.Attended, alpha.ID, talks.ID, store.Qualifiers{}, "Alpha attended the Talks.").
		Relate(ontology.HeldIn, talks.ID, geneva.ID, store.Qualifiers{}, "The Talks were held in Geneva.").
		Relate(ontology.Attended, beta.ID, talks.ID, store.Qualifiers{Date: "2025-01-20"}, "Beta attended the Talks on 2025-01-20.").
		Build()
	// An article that dates the meeting, and states again that Alpha
	// attended it: its replacement and deletion compute that relation
	// again from the evidence left.
	dating := func(id, published, date, text string) *store.ArticleGraph {
		return NewArticle(id, "The talks", "Wire", published, text+" Alpha attended the Talks.").
			Entity(dated(date), "Talks").Entity(alpha, "Alpha").
			Relate(ontology.Attended, alpha.ID, talks.ID, store.Qualifiers{}, "Alpha attended the Talks.").Build()
	}
	s, m := loaded(t, f, first)
	check := func(when string) {
		t.Helper()
		for _, q := range []store.TimelineQuery{
			{},
			{Entity: talks.ID},
			{Entity: alpha.ID},
			{Entity: geneva.ID},
			{Entity: beta.ID},
			{Entity: talks.ID, From: "2025-01-01", To: "2025-02-28"},
			{Entity: talks.ID, Types: []ontology.RelationType{ontology.HeldIn}},
		} {
			var want []string
			for _, e := range m.refTimeline(q) {
				want = append(want, e.Date+" "+e.ID)
			}
			t.Run(when+"/"+formatQuery(q), func(t *testing.T) {
				l := timelineLister(t, s, q)
				id := l.id
				l.id = func(it *store.TimelineItem) string { return it.Date + " " + id(it) }
				checkList(t, l, want)
			})
		}
	}
	step := func(when string, apply func()) {
		t.Helper()
		apply()
		check(when)
	}
	step("undated", func() {})
	if dates := m.relationDates(); dates[store.RelationID(ontology.Attended, alpha.ID, talks.ID, store.Qualifiers{})] != "2025-02-10" {
		t.Fatalf("the undated meeting's relation is dated %v, want its article's 2025-02-10", dates)
	}
	step("dated by a later article", func() {
		g := dating("meetings-a", "2025-03-01", "2025-01-05", "The Talks began.")
		mustPut(t, s, g)
		m.Put(g)
	})
	step("redated by its new version", func() {
		g := dating("meetings-a", "2025-03-02", "2025-04-20", "The Talks began later.")
		mustPut(t, s, g)
		m.Put(g)
	})
	step("undated by its deletion", func() {
		if _, err := s.DeleteArticle(t.Context(), "meetings-a"); err != nil {
			t.Fatal(err)
		}
		m.Delete("meetings-a")
	})
	step("dated by an article sorting last", func() {
		g := dating("meetings-c", "2025-05-01", "2025-05-05", "The Talks ended.")
		mustPut(t, s, g)
		m.Put(g)
	})
	step("written again in a batch", func() {
		gs := []*store.ArticleGraph{
			dating("meetings-a", "2025-03-03", "2025-02-01", "The Talks began at last."),
			dating("meetings-c", "2025-05-02", "2025-05-06", "The Talks ended at last."),
		}
		if _, err := s.PutArticles(t.Context(), gs); err != nil {
			t.Fatal(err)
		}
		for _, g := range gs {
			m.Put(g)
		}
	})
}

// formatQuery names a timeline query for a subtest.
func formatQuery(q store.TimelineQuery) string {
	name := "entity=" + q.Entity + ",from=" + q.From + ",to=" + q.To
	for _, t := range q.Types {
		name += "," + string(t)
	}
	return name
}

// testBetween covers Between: every relation between two entities, both
// ways, with its timeline date, in id order, and its limit; and the
// evidence it asks for (none, the first pieces, their articles only),
// which leaves the relations and dates the same.
func testBetween(t *testing.T, f Factory) {
	s, m := loaded(t, f, append(Ukraine(), Diamond(), rejectedThrice())...)
	x := s
	dates := m.relationDates()
	dated := func(ids ...string) []store.DatedRelation {
		var out []store.DatedRelation
		for _, id := range sortedIDs(ids...) {
			out = append(out, store.DatedRelation{Relation: m.Relation(id), Date: dates[id]})
		}
		return out
	}
	cases := []struct {
		name string
		a, b string
		want []store.DatedRelation
	}{
		{"Russia and Ukraine", russia, ukraine, dated(rExchangedUA, rExchangedRU)},
		{"Ukraine and Russia", ukraine, russia, dated(rExchangedUA, rExchangedRU)},
		{"EU and Ukraine", eu, ukraine, dated(rSupported, rAided)},
		{"a relation of many pieces", ceasefire, russia, dated(rRejectedCeasefire)},
		{"a meeting at the target", secondRound, delegation, dated(rAttended)},
		{"a meeting at the source", exchange, secondRound, dated(rProduced)},
		{"the first round", istanbul, firstRound, dated(rHeldIn1)},
		{"parallel relations", DiamondID("d"), DiamondID("c"), dated(
			store.RelationID(ontology.Cooperated, DiamondID("c"), DiamondID("d"), store.Qualifiers{Date: "2025-03-02"}),
			store.RelationID(ontology.Cooperated, DiamondID("c"), DiamondID("d"), store.Qualifiers{Date: "2025-03-03"}))},
		{"not neighbours", umerov, istanbul, nil},
		{"itself", russia, russia, nil},
		{"unknown", umerov, "actor:nobody", nil},
	}
	// The evidence limit cuts the evidence of the relation of many pieces.
	if n := len(cases[3].want[0].Relation.Evidence); n < 3 {
		t.Fatalf("relation %s has %d pieces of evidence, want 3 or more", rRejectedCeasefire, n)
	}
	evidence := []struct {
		name  string
		apply func(*store.BetweenQuery)
		want  func(*store.Relation) *store.Relation
	}{
		{"all evidence", func(*store.BetweenQuery) {}, (*store.Relation).Clone},
		{"no evidence", func(q *store.BetweenQuery) { q.NoEvidence = true }, func(r *store.Relation) *store.Relation {
			c := r.Clone()
			c.Evidence = nil
			return c
		}},
		{"evidence limit", func(q *store.BetweenQuery) { q.EvidenceLimit = 1 }, func(r *store.Relation) *store.Relation {
			return r.CloneLimited(1)
		}},
		{"articles of the first pieces", func(q *store.BetweenQuery) { q.EvidenceLimit, q.ArticleOnlyEvidence = 1, true },
			func(r *store.Relation) *store.Relation {
				c := r.CloneLimited(1)
				c.Evidence = store.ArticleOnly(c.Evidence)
				return c
			}},
		{"articles of every piece", func(q *store.BetweenQuery) { q.ArticleOnlyEvidence = true }, func(r *store.Relation) *store.Relation {
			c := r.Clone()
			c.Evidence = store.ArticleOnly(c.Evidence)
			return c
		}},
	}
	for _, c := range cases {
		for _, e := range evidence {
			t.Run(c.name+"/"+e.name, func(t *testing.T) {
				var want []store.DatedRelation
				for _, dr := range c.want {
					want = append(want, store.DatedRelation{Relation: e.want(dr.Relation), Date: dr.Date})
				}
				q := store.BetweenQuery{A: c.a, B: c.b, Limit: 100}
				e.apply(&q)
				got, truncated, err := x.Between(t.Context(), q)
				if err != nil {
					t.Fatal(err)
				}
				if d := Diff(want, got); d != "" || truncated {
					t.Errorf("Between (-want +got), truncated %v:\n%s", truncated, d)
				}
				if len(want) < 2 {
					return
				}
				q.Limit = 1
				got, truncated, err = x.Between(t.Context(), q)
				if err != nil || !truncated || Diff(want[:1], got) != "" {
					t.Errorf("Between with limit 1 = %v, %v, %v; want the first, truncated", got, truncated, err)
				}
			})
		}
	}
	_, _, err := x.Between(t.Context(), store.BetweenQuery{A: russia, B: ukraine})
	wantInvalid(t, "Between with limit 0", err)
}

// testStats covers Stats on an empty store, the fixtures, and after a
// delete.
func testStats(t *testing.T, f Factory) {
	s := f(t)
	x := s
	m := NewModel()
	check := func(when string) {
		t.Helper()
		got, err := x.Stats(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(m.refStats(), got); d != "" {
			t.Errorf("%s: Stats (-model +got):\n%s", when, d)
		}
	}
	check("empty")
	for _, g := range append(Ukraine(), Chain(5), Star(7)) {
		mustPut(t, s, g)
		m.Put(g)
	}
	check("loaded")
	got, _ := x.Stats(t.Context())
	if got.Articles != 5 || got.EarliestDate != "2025-01-01" || got.LatestDate != "2025-06-04" ||
		got.Relations[ontology.Exchanged] != 2 || got.Entities[ontology.Meeting] != 2 {
		t.Errorf("Stats = %+v; want 5 articles from 2025-01-01 to 2025-06-04, 2 exchanges, 2 meetings", got)
	}
	if _, err := s.DeleteArticle(t.Context(), artDirect); err != nil {
		t.Fatal(err)
	}
	m.Delete(artDirect)
	check("after a delete")
}
