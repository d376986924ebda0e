package storetest

import (
	"strings"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// effectiveDates is, per relation id, the model's store.EffectiveDate of
// each relation, computed naively: the date qualifier, else the earliest
// published date of the articles of its evidence, else "".
func (m *Model) effectiveDates() map[string]string {
	out := map[string]string{}
	for _, r := range m.Relations() {
		date := r.Qualifiers.Date
		if date == "" {
			for _, ev := range r.Evidence {
				if p := m.Article(ev.Article).Published; p != "" && (date == "" || p < date) {
					date = p
				}
			}
		}
		out[r.ID] = date
	}
	return out
}

// undated is an article without a published date, whose one relation has
// no date of its own: its effective date is unknown.
func undated() *store.ArticleGraph {
	return NewArticle("undated", "Support, some day", "Blog", "", "The European Union supported Ukraine.").
		Entity(Actor("Q458", "European Union", "international_organisation"), "European Union").
		Entity(Actor("Q212", "Ukraine", "country"), "Ukraine").
		Relate(ontology.Supported, eu, ukraine, store.Qualifiers{Item: "words"}, "The European Union supported Ukraine.").
		Build()
}

// testEffectiveDate covers the effective-date filter of relation lists
// and timelines (RelationFilter.EffectiveDate, TimelineQuery.Where): the
// relation's own date, else the earliest published date of its articles,
// never a meeting's date as the timeline's own date is; a relation with
// neither matches no operator.
func testEffectiveDate(t *testing.T, f Factory) {
	s, m := loaded(t, f, append(Ukraine(), placed(), undated())...)
	dates := m.effectiveDates()
	// matching lists, in id order, the relations whose effective date
	// satisfies in.
	matching := func(in func(d string) bool) []string {
		var out []string
		for _, r := range m.Relations() {
			if in(dates[r.ID]) {
				out = append(out, r.ID)
			}
		}
		return out
	}
	eff := func(d *store.DateFilter) *store.RelationFilter { return &store.RelationFilter{EffectiveDate: d} }
	dated := func(d string) bool { return d != "" }
	cases := []struct {
		name string
		q    store.RelationQuery
		want []string
	}{
		// By hand: the direct-talks article (2025-06-04) alone states four
		// relations, one of them HELD_IN a meeting of 2025-05-16, which
		// the timeline dates by the meeting and the effective date does
		// not.
		{"eq, by hand", store.RelationQuery{Where: eff(dateEq("2025-06-04"))},
			[]string{rProposed, rHeldIn1, rDemandedRecognition, rRejectedRecognition}},
		// A relation stated on 2025-06-03 and again on 2025-06-04 is dated
		// by the earlier.
		{"earliest article", store.RelationQuery{Where: &store.RelationFilter{ID: eq(rDemandedCeasefire), EffectiveDate: dateEq("2025-06-03")}},
			[]string{rDemandedCeasefire}},
		// The Aleppo attack's own date comes before its article's.
		{"own date first", store.RelationQuery{Where: eff(dateLt("2025-03-02"))}, []string{rAleppo}},
		{"between", store.RelationQuery{Where: eff(dateBetween("2025-05-20", "2025-06-03"))},
			matching(func(d string) bool { return d >= "2025-05-20" && d <= "2025-06-03" })},
		{"gt", store.RelationQuery{Where: eff(dateGt("2025-06-03"))}, matching(func(d string) bool { return d > "2025-06-03" })},
		{"lte", store.RelationQuery{Where: eff(dateLte("2025-05-20"))},
			matching(func(d string) bool { return dated(d) && d <= "2025-05-20" })},
		{"an undated relation matches no operator", store.RelationQuery{Where: eff(dateGte("0001-01-01"))}, matching(dated)},
		{"not", store.RelationQuery{Where: &store.RelationFilter{Not: eff(dateGte("2025-06-01"))}},
			matching(func(d string) bool { return d < "2025-06-01" })},
		{"or with an article", store.RelationQuery{Where: &store.RelationFilter{Or: []*store.RelationFilter{
			eff(dateEq("2025-03-02")), {Article: eq(artSanctions)}}}}, []string{rIdlib, rNoPlace, rSanctioned, rSupported, rAided}},
		{"entity and types", store.RelationQuery{Entity: russia, Types: []ontology.RelationType{ontology.Rejected, ontology.Demanded},
			Where: eff(dateGte("2025-06-04"))}, []string{rDemandedRecognition}},
	}
	for _, c := range cases {
		t.Run("List/"+c.name, func(t *testing.T) {
			checkList(t, relationLister(t, s, c.q), sortedIDs(c.want...))
		})
	}

	t.Run("Quantifier", func(t *testing.T) {
		q := store.EntityQuery{Types: []ontology.NodeType{ontology.Actor},
			Where: withRelations(some(store.Out, eff(dateLt("2025-05-01"))))}
		checkList(t, entityLister(t, s, q), []string{rebels})
	})

	// The timeline with a relation filter keeps the relations it matches
	// and no meetings, each at its timeline date.
	timelines := []struct {
		name string
		q    store.TimelineQuery
		keep func(r *store.Relation) bool
	}{
		{"effective date", store.TimelineQuery{Where: eff(dateEq("2025-06-04"))},
			func(r *store.Relation) bool { return dates[r.ID] == "2025-06-04" }},
		{"effective date and from", store.TimelineQuery{From: "2025-06-01", Where: eff(dateLte("2025-06-03"))},
			func(r *store.Relation) bool { return dated(dates[r.ID]) && dates[r.ID] <= "2025-06-03" }},
		{"entity and place", store.TimelineQuery{Entity: rebels, Where: &store.RelationFilter{Place: in(aleppo, idlib)}},
			func(r *store.Relation) bool { return r.Qualifiers.Place != "" }},
		{"types and evidence", store.TimelineQuery{Types: []ontology.RelationType{ontology.Sanctioned},
			Where: &store.RelationFilter{Article: eq(artSanctions)}},
			func(r *store.Relation) bool { return r.ID == rSanctioned }},
	}
	for _, tl := range timelines {
		t.Run("Timeline/"+tl.name, func(t *testing.T) {
			all := tl.q
			all.Where = nil
			var want []string
			for _, e := range m.refTimeline(all) {
				if r := m.Relation(e.ID); strings.HasPrefix(e.ID, store.RelationPrefix) && r != nil && tl.keep(r) {
					want = append(want, e.ID)
				}
			}
			if len(want) == 0 {
				t.Fatal("the case selects nothing; it tests nothing")
			}
			checkList(t, timelineLister(t, s, tl.q), want)
		})
	}
}
