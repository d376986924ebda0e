package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Filter helpers, to keep the tables readable.

func eq(s string) *store.StringFilter           { return &store.StringFilter{Eq: &s} }
func in(ss ...string) *store.StringFilter       { return &store.StringFilter{In: append([]string{}, ss...)} }
func contains(s string) *store.StringFilter     { return &store.StringFilter{Contains: &s} }
func startsWith(s string) *store.StringFilter   { return &store.StringFilter{StartsWith: &s} }
func endsWith(s string) *store.StringFilter     { return &store.StringFilter{EndsWith: &s} }
func dateEq(d string) *store.DateFilter         { return &store.DateFilter{Eq: &d} }
func dateGt(d string) *store.DateFilter         { return &store.DateFilter{Gt: &d} }
func dateGte(d string) *store.DateFilter        { return &store.DateFilter{Gte: &d} }
func dateLt(d string) *store.DateFilter         { return &store.DateFilter{Lt: &d} }
func dateLte(d string) *store.DateFilter        { return &store.DateFilter{Lte: &d} }
func dateBetween(a, b string) *store.DateFilter { return &store.DateFilter{Gte: &a, Lte: &b} }
func intEq(n int) *store.IntFilter              { return &store.IntFilter{Eq: &n} }
func intGt(n int) *store.IntFilter              { return &store.IntFilter{Gt: &n} }
func intGte(n int) *store.IntFilter             { return &store.IntFilter{Gte: &n} }
func intLt(n int) *store.IntFilter              { return &store.IntFilter{Lt: &n} }

// lister is one list method with its count, bound to one query.
type lister[T any] struct {
	list  func(first int, after string) (*store.Page[T], error)
	count func() (int, error)
	id    func(T) string
}

func entityLister(t *testing.T, s store.Store, q store.EntityQuery) lister[*store.Entity] {
	return lister[*store.Entity]{
		list: func(first int, after string) (*store.Page[*store.Entity], error) {
			q := q
			q.First, q.After = first, after
			return s.ListEntities(t.Context(), q)
		},
		count: func() (int, error) { return s.CountEntities(t.Context(), q) },
		id:    func(e *store.Entity) string { return e.ID },
	}
}

func relationLister(t *testing.T, s store.Store, q store.RelationQuery) lister[*store.Relation] {
	return lister[*store.Relation]{
		list: func(first int, after string) (*store.Page[*store.Relation], error) {
			q := q
			q.First, q.After = first, after
			return s.ListRelations(t.Context(), q)
		},
		count: func() (int, error) { return s.CountRelations(t.Context(), q) },
		id:    func(r *store.Relation) string { return r.ID },
	}
}

func articleLister(t *testing.T, s store.Store, q store.ArticleQuery) lister[*store.Article] {
	return lister[*store.Article]{
		list: func(first int, after string) (*store.Page[*store.Article], error) {
			q := q
			q.First, q.After = first, after
			return s.ListArticles(t.Context(), q)
		},
		count: func() (int, error) { return s.CountArticles(t.Context(), q) },
		id:    func(a *store.Article) string { return a.ID },
	}
}

// pageSizes are the First values every list is walked with.
var pageSizes = []int{1, 2, 3, 100}

// checkList walks a list with every page size and checks that it gives
// exactly want (ids, in order), and that the count agrees.
func checkList[T any](t *testing.T, l lister[T], want []string) {
	t.Helper()
	for _, first := range pageSizes {
		items := walk(t, first, func(after string) (*store.Page[T], error) { return l.list(first, after) })
		var got []string
		for _, it := range items {
			got = append(got, l.id(it))
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("walking with First %d (-want +got):\n%s", first, d)
		}
	}
	if n, err := l.count(); err != nil || n != len(want) {
		t.Errorf("count = %d, %v; want %d", n, err, len(want))
	}
}

// Every entity of the Ukraine fixtures.
var allEntities = []string{
	ukraine, russia, zelensky, putin, eu, umerov, delegation,
	ceasefire, exchange, recognition, secondRound, firstRound, istanbul,
}

// without returns all but the given ids.
func without(all []string, ids ...string) []string {
	var out []string
	for _, id := range all {
		keep := true
		for _, x := range ids {
			keep = keep && id != x
		}
		if keep {
			out = append(out, id)
		}
	}
	return out
}

// entityCases are filters over the Ukraine fixtures with the entities each
// selects, reasoned from the table in fixtures.go.
var entityCases = []struct {
	name string
	q    store.EntityQuery
	want []string
}{
	{"everything", store.EntityQuery{}, allEntities},
	{"types actor", store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}},
		[]string{ukraine, russia, zelensky, putin, eu, umerov, delegation}},
	{"types meeting and place", store.EntityQuery{Types: []ontology.NodeType{ontology.Meeting, ontology.Place}},
		[]string{secondRound, firstRound, istanbul}},
	{"id eq", store.EntityQuery{Where: &store.EntityFilter{ID: eq(ukraine)}}, []string{ukraine}},
	{"id in", store.EntityQuery{Where: &store.EntityFilter{ID: in(ukraine, "actor:nobody", istanbul)}},
		[]string{ukraine, istanbul}},
	{"id in an empty list", store.EntityQuery{Where: &store.EntityFilter{ID: in()}}, nil},
	{"name eq", store.EntityQuery{Where: &store.EntityFilter{Name: eq("Russia")}}, []string{russia}},
	{"name eq an alias", store.EntityQuery{Where: &store.EntityFilter{Name: eq("Russian Federation")}}, nil},
	{"name contains", store.EntityQuery{Where: &store.EntityFilter{Name: contains("round")}},
		[]string{secondRound, firstRound}},
	{"name contains is case-sensitive", store.EntityQuery{Where: &store.EntityFilter{Name: contains("Round")}}, nil},
	{"name startsWith", store.EntityQuery{Where: &store.EntityFilter{Name: startsWith("U")}},
		[]string{ukraine, delegation}},
	{"name endsWith", store.EntityQuery{Where: &store.EntityFilter{Name: endsWith("ceasefire")}}, []string{ceasefire}},
	{"every operator must hold", store.EntityQuery{Where: &store.EntityFilter{Name: &store.StringFilter{
		StartsWith: startsWith("V").StartsWith, EndsWith: endsWith("n").EndsWith}}}, []string{putin}},
	{"kind eq", store.EntityQuery{Where: &store.EntityFilter{Kind: eq("country")}}, []string{ukraine, russia}},
	{"kind in", store.EntityQuery{Where: &store.EntityFilter{Kind: in("person", "delegation")}},
		[]string{zelensky, putin, umerov, delegation}},
	{"type eq", store.EntityQuery{Where: &store.EntityFilter{Type: eq("Agreement")}},
		[]string{ceasefire, exchange, recognition}},
	{"type in", store.EntityQuery{Where: &store.EntityFilter{Type: in("Meeting", "Place")}},
		[]string{secondRound, firstRound, istanbul}},
	{"wikidata startsWith", store.EntityQuery{Where: &store.EntityFilter{Wikidata: startsWith("Q")}},
		[]string{ukraine, russia, zelensky, putin, eu, istanbul}},
	{"status of the merged entity", store.EntityQuery{Where: &store.EntityFilter{Status: eq("rejected")}},
		[]string{ceasefire}},
	{"status a later article gave is not the merged one", store.EntityQuery{Where: &store.EntityFilter{Status: eq("demanded")}},
		[]string{recognition}},
	{"date eq", store.EntityQuery{Where: &store.EntityFilter{Date: dateEq("2025-06-03")}}, []string{secondRound}},
	{"date gt", store.EntityQuery{Where: &store.EntityFilter{Date: dateGt("2025-05-16")}}, []string{secondRound}},
	{"date gte", store.EntityQuery{Where: &store.EntityFilter{Date: dateGte("2025-05-16")}},
		[]string{secondRound, firstRound}},
	{"date lt", store.EntityQuery{Where: &store.EntityFilter{Date: dateLt("2025-06-03")}}, []string{firstRound}},
	{"date lte", store.EntityQuery{Where: &store.EntityFilter{Date: dateLte("2025-06-03")}},
		[]string{secondRound, firstRound}},
	{"date between", store.EntityQuery{Where: &store.EntityFilter{Date: dateBetween("2025-05-01", "2025-05-31")}},
		[]string{firstRound}},
	{"alias", store.EntityQuery{Where: &store.EntityFilter{Alias: eq("Moscow")}}, []string{russia}},
	{"alias matches the name", store.EntityQuery{Where: &store.EntityFilter{Alias: eq("Russia")}}, []string{russia}},
	{"alias contains", store.EntityQuery{Where: &store.EntityFilter{Alias: contains("talks")}},
		[]string{secondRound, firstRound}},
	{"article eq", store.EntityQuery{Where: &store.EntityFilter{Article: eq(artSanctions)}},
		[]string{ukraine, russia, eu}},
	{"article in", store.EntityQuery{Where: &store.EntityFilter{Article: in(artSanctions, "article:nope")}},
		[]string{ukraine, russia, eu}},
	{"article startsWith", store.EntityQuery{Where: &store.EntityFilter{Article: startsWith("article:z")}},
		[]string{ukraine, russia, zelensky, putin, ceasefire, recognition, firstRound, istanbul}},
	{"and", store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{
		{Kind: eq("country")}, {Alias: eq("Moscow")}}}}, []string{russia}},
	{"or", store.EntityQuery{Where: &store.EntityFilter{Or: []*store.EntityFilter{
		{Type: eq("Place")}, {Name: eq("Vladimir Putin")}}}}, []string{putin, istanbul}},
	{"or of one", store.EntityQuery{Where: &store.EntityFilter{Or: []*store.EntityFilter{{ID: eq(ukraine)}}}},
		[]string{ukraine}},
	{"fields and or together", store.EntityQuery{Where: &store.EntityFilter{Kind: eq("country"),
		Or: []*store.EntityFilter{{Name: eq("Russia")}, {Name: eq("Istanbul")}}}}, []string{russia}},
	{"not", store.EntityQuery{Where: &store.EntityFilter{Not: &store.EntityFilter{Type: eq("Actor")}}},
		[]string{ceasefire, exchange, recognition, secondRound, firstRound, istanbul}},
	{"not of not", store.EntityQuery{Where: &store.EntityFilter{Not: &store.EntityFilter{
		Not: &store.EntityFilter{Kind: eq("city")}}}}, []string{istanbul}},
	{"nested", store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{
		{Or: []*store.EntityFilter{{Kind: eq("person")}, {Kind: eq("country")}}},
		{Not: &store.EntityFilter{Article: eq(artTalks)}},
	}}}, []string{zelensky, putin}},
	{"not matches a missing value", store.EntityQuery{Where: &store.EntityFilter{
		Not: &store.EntityFilter{Wikidata: eq("Q212")}}}, without(allEntities, ukraine)},
	{"not of a date filter matches undated entities", store.EntityQuery{Where: &store.EntityFilter{
		Not: &store.EntityFilter{Date: dateGte("2025-06-01")}}}, without(allEntities, secondRound)},
	{"types and where", store.EntityQuery{Types: []ontology.NodeType{ontology.Actor},
		Where: &store.EntityFilter{Kind: eq("country")}}, []string{ukraine, russia}},
	{"types and where disagree", store.EntityQuery{Types: []ontology.NodeType{ontology.Place},
		Where: &store.EntityFilter{Kind: eq("country")}}, nil},
	{"no match", store.EntityQuery{Where: &store.EntityFilter{Name: eq("Atlantis")}}, nil},
}

// testListEntities covers ListEntities and CountEntities filters.
func testListEntities(t *testing.T, f Factory) {
	s, _ := loaded(t, f, Ukraine()...)
	for _, c := range entityCases {
		t.Run(c.name, func(t *testing.T) {
			checkList(t, entityLister(t, s, c.q), sortedIDs(c.want...))
			checkWithTotal(t, s, c.q, len(c.want))
		})
	}
}

// checkWithTotal checks that a query with WithTotal gives the page the
// query gives without it, and the count of the whole list, on the first
// page and on the second; and that a page not asked for its total has
// none.
func checkWithTotal(t *testing.T, s store.Store, q store.EntityQuery, want int) {
	t.Helper()
	q.First = 2
	for page := 0; page < 2; page++ {
		plain, err := s.ListEntities(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if plain.Total != nil {
			t.Errorf("page %d: Total = %d without WithTotal, want none", page, *plain.Total)
		}
		wq := q
		wq.WithTotal = true
		counted, err := s.ListEntities(t.Context(), wq)
		if err != nil {
			t.Fatal(err)
		}
		if counted.Total == nil {
			t.Errorf("page %d: no Total with WithTotal, want %d", page, want)
		} else if *counted.Total != want {
			t.Errorf("page %d: Total = %d, want %d", page, *counted.Total, want)
		}
		counted.Total = nil
		if d := cmp.Diff(plain, counted); d != "" {
			t.Errorf("page %d: WithTotal changes the page (-without +with):\n%s", page, d)
		}
		if !plain.HasNextPage {
			return
		}
		q.After = plain.EndCursor()
	}
}

// Every relation of the Ukraine fixtures.
var allRelations = []string{
	rLed, rAttended, rHeldIn2, rDemandedCeasefire, rRejectedCeasefire, rProduced, rAgreedUA, rAgreedRU,
	rExchangedUA, rExchangedRU, rProposed, rHeldIn1, rDemandedRecognition, rRejectedRecognition,
	rSanctioned, rSupported, rAided,
}

// relationCases are filters over the Ukraine fixtures with the relations
// each selects.
var relationCases = []struct {
	name string
	q    store.RelationQuery
	want []string
}{
	{"everything", store.RelationQuery{}, allRelations},
	{"types", store.RelationQuery{Types: []ontology.RelationType{ontology.Rejected}},
		[]string{rRejectedCeasefire, rRejectedRecognition}},
	{"type in", store.RelationQuery{Where: &store.RelationFilter{Type: in("AGREED_TO", "PRODUCED")}},
		[]string{rProduced, rAgreedUA, rAgreedRU}},
	{"type eq", store.RelationQuery{Where: &store.RelationFilter{Type: eq("HELD_IN")}}, []string{rHeldIn1, rHeldIn2}},
	{"id in", store.RelationQuery{Where: &store.RelationFilter{ID: in(rLed, rAided, "relation:nope")}},
		[]string{rLed, rAided}},
	{"source id", store.RelationQuery{Where: &store.RelationFilter{Source: &store.EntityFilter{ID: eq(ukraine)}}},
		[]string{rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition}},
	// Filters that require an end's id or name (the engines may find
	// those entities first) and ones that look alike but do not.
	{"target name", store.RelationQuery{Where: &store.RelationFilter{Target: &store.EntityFilter{Name: eq("Ukraine")}}},
		[]string{rExchangedRU, rSupported, rAided}},
	{"source name in", store.RelationQuery{Where: &store.RelationFilter{Source: &store.EntityFilter{Name: in("Ukraine", "Nowhere")}}},
		[]string{rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition}},
	{"source name in nothing", store.RelationQuery{Where: &store.RelationFilter{Source: &store.EntityFilter{Name: in()}}}, nil},
	{"source ids and target name", store.RelationQuery{Where: &store.RelationFilter{And: []*store.RelationFilter{
		{Source: &store.EntityFilter{ID: in(ukraine, russia)}}, {Target: &store.EntityFilter{Name: eq("Ukraine")}}}}},
		[]string{rExchangedRU}},
	{"source name under a single or", store.RelationQuery{Types: []ontology.RelationType{ontology.Exchanged},
		Where: &store.RelationFilter{Or: []*store.RelationFilter{{Source: &store.EntityFilter{
			And: []*store.EntityFilter{{Name: eq("Ukraine")}}}}}}}, []string{rExchangedUA}},
	{"names in alternatives", store.RelationQuery{Where: &store.RelationFilter{Or: []*store.RelationFilter{
		{Source: &store.EntityFilter{Name: eq("Ukraine")}}, {Target: &store.EntityFilter{Name: eq("Ukraine")}}}}},
		[]string{rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition, rExchangedRU, rSupported, rAided}},
	{"a negated name", store.RelationQuery{Types: []ontology.RelationType{ontology.Exchanged},
		Where: &store.RelationFilter{Not: &store.RelationFilter{Source: &store.EntityFilter{Name: eq("Ukraine")}}}},
		[]string{rExchangedRU}},
	{"target kind", store.RelationQuery{Where: &store.RelationFilter{Target: &store.EntityFilter{Kind: eq("country")}}},
		[]string{rExchangedUA, rExchangedRU, rSanctioned, rSupported, rAided}},
	{"source type", store.RelationQuery{Where: &store.RelationFilter{Source: &store.EntityFilter{Type: eq("Meeting")}}},
		[]string{rHeldIn2, rProduced, rHeldIn1}},
	{"source alias", store.RelationQuery{Where: &store.RelationFilter{Source: &store.EntityFilter{Alias: eq("Moscow")}}},
		[]string{rRejectedCeasefire, rAgreedRU, rExchangedRU, rDemandedRecognition}},
	{"source and target", store.RelationQuery{Where: &store.RelationFilter{
		Source: &store.EntityFilter{Kind: eq("country")}, Target: &store.EntityFilter{Type: eq("Agreement")}}},
		[]string{rDemandedCeasefire, rRejectedCeasefire, rAgreedUA, rAgreedRU, rDemandedRecognition, rRejectedRecognition}},
	{"article of shared relations", store.RelationQuery{Where: &store.RelationFilter{Article: eq(artDirect)}},
		[]string{rDemandedCeasefire, rRejectedCeasefire, rProposed, rHeldIn1, rDemandedRecognition, rRejectedRecognition}},
	{"article", store.RelationQuery{Where: &store.RelationFilter{Article: eq(artTalks)}},
		[]string{rLed, rAttended, rHeldIn2, rDemandedCeasefire, rRejectedCeasefire, rProduced, rAgreedUA, rAgreedRU,
			rExchangedUA, rExchangedRU}},
	{"date gte", store.RelationQuery{Where: &store.RelationFilter{Date: dateGte("2025-06-01")}},
		[]string{rExchangedUA, rExchangedRU}},
	{"date eq", store.RelationQuery{Where: &store.RelationFilter{Date: dateEq("2025-05-20")}},
		[]string{rSanctioned, rAided}},
	{"date lt", store.RelationQuery{Where: &store.RelationFilter{Date: dateLt("2025-06-03")}},
		[]string{rSanctioned, rAided}},
	{"date lte", store.RelationQuery{Where: &store.RelationFilter{Date: dateLte("2025-06-03")}},
		[]string{rSanctioned, rAided, rExchangedUA, rExchangedRU}},
	{"date gt", store.RelationQuery{Where: &store.RelationFilter{Date: dateGt("2025-05-20")}},
		[]string{rExchangedUA, rExchangedRU}},
	{"quantity eq", store.RelationQuery{Where: &store.RelationFilter{Quantity: intEq(6000)}},
		[]string{rExchangedUA, rExchangedRU}},
	{"quantity lt", store.RelationQuery{Where: &store.RelationFilter{Quantity: intLt(100)}}, []string{rAided}},
	{"quantity gte", store.RelationQuery{Where: &store.RelationFilter{Quantity: intGte(2)}},
		[]string{rExchangedUA, rExchangedRU, rAided}},
	{"quantity lte and gt", store.RelationQuery{Where: &store.RelationFilter{Quantity: &store.IntFilter{
		Gt: intGt(2).Gt, Lte: intEq(6000).Eq}}}, []string{rExchangedUA, rExchangedRU}},
	{"item contains", store.RelationQuery{Where: &store.RelationFilter{Item: contains("remains")}},
		[]string{rExchangedUA, rExchangedRU}},
	{"not", store.RelationQuery{Where: &store.RelationFilter{Not: &store.RelationFilter{Article: eq(artTalks)}}},
		[]string{rProposed, rHeldIn1, rDemandedRecognition, rRejectedRecognition, rSanctioned, rSupported, rAided}},
	{"not matches a missing quantity", store.RelationQuery{Where: &store.RelationFilter{
		Not: &store.RelationFilter{Quantity: intGt(0)}}}, without(allRelations, rExchangedUA, rExchangedRU, rAided)},
	{"or", store.RelationQuery{Where: &store.RelationFilter{Or: []*store.RelationFilter{
		{Type: eq("LED")}, {Target: &store.EntityFilter{Type: eq("Place")}}}}},
		[]string{rLed, rHeldIn2, rHeldIn1}},
	{"nested", store.RelationQuery{Where: &store.RelationFilter{And: []*store.RelationFilter{
		{Not: &store.RelationFilter{Source: &store.EntityFilter{ID: eq(eu)}}},
		{Or: []*store.RelationFilter{{Date: dateGte("2025-01-01")}, {Type: eq("PROPOSED")}}},
	}}}, []string{rExchangedUA, rExchangedRU, rProposed}},
	{"types and where", store.RelationQuery{Types: []ontology.RelationType{ontology.Rejected, ontology.Demanded},
		Where: &store.RelationFilter{Source: &store.EntityFilter{ID: eq(russia)}}},
		[]string{rRejectedCeasefire, rDemandedRecognition}},
	{"entity out", store.RelationQuery{Entity: ukraine, Direction: store.Out},
		[]string{rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition}},
	{"entity in", store.RelationQuery{Entity: ukraine, Direction: store.In},
		[]string{rExchangedRU, rSupported, rAided}},
	{"entity both", store.RelationQuery{Entity: ukraine, Direction: store.Both},
		[]string{rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition, rExchangedRU, rSupported, rAided}},
	{"entity without direction is both", store.RelationQuery{Entity: ukraine},
		[]string{rDemandedCeasefire, rAgreedUA, rExchangedUA, rRejectedRecognition, rExchangedRU, rSupported, rAided}},
	{"entity, types and direction", store.RelationQuery{Entity: russia, Direction: store.Out,
		Types: []ontology.RelationType{ontology.Exchanged}}, []string{rExchangedRU}},
	{"entity and where", store.RelationQuery{Entity: ukraine,
		Where: &store.RelationFilter{Article: eq(artSanctions)}}, []string{rSupported, rAided}},
	{"unknown entity", store.RelationQuery{Entity: "actor:nobody"}, nil},
}

// testListRelations covers ListRelations and CountRelations filters.
func testListRelations(t *testing.T, f Factory) {
	s, _ := loaded(t, f, Ukraine()...)
	for _, c := range relationCases {
		t.Run(c.name, func(t *testing.T) {
			checkList(t, relationLister(t, s, c.q), sortedIDs(c.want...))
		})
	}
}

// articleCases are filters over the Ukraine fixtures with the articles each
// selects. talks: 2025-06-03, Reuters; direct: 2025-06-04, AP; sanctions:
// 2025-05-20, Reuters.
var articleCases = []struct {
	name string
	q    store.ArticleQuery
	want []string
}{
	{"everything", store.ArticleQuery{}, []string{artTalks, artDirect, artSanctions}},
	{"source", store.ArticleQuery{Where: &store.ArticleFilter{Source: eq("Reuters")}}, []string{artTalks, artSanctions}},
	{"title contains", store.ArticleQuery{Where: &store.ArticleFilter{Title: contains("Putin")}}, []string{artDirect}},
	{"title endsWith", store.ArticleQuery{Where: &store.ArticleFilter{Title: endsWith("Istanbul")}}, []string{artTalks}},
	{"published gt", store.ArticleQuery{Where: &store.ArticleFilter{Published: dateGt("2025-06-01")}},
		[]string{artTalks, artDirect}},
	{"published lte", store.ArticleQuery{Where: &store.ArticleFilter{Published: dateLte("2025-06-03")}},
		[]string{artTalks, artSanctions}},
	{"published eq", store.ArticleQuery{Where: &store.ArticleFilter{Published: dateEq("2025-05-20")}},
		[]string{artSanctions}},
	{"published gte and lt", store.ArticleQuery{Where: &store.ArticleFilter{Published: &store.DateFilter{
		Gte: dateGte("2025-06-03").Gte, Lt: dateLt("2025-06-04").Lt}}}, []string{artTalks}},
	{"id in", store.ArticleQuery{Where: &store.ArticleFilter{ID: in(artDirect, "article:nope")}}, []string{artDirect}},
	{"not", store.ArticleQuery{Where: &store.ArticleFilter{Not: &store.ArticleFilter{Source: eq("Reuters")}}},
		[]string{artDirect}},
	{"or", store.ArticleQuery{Where: &store.ArticleFilter{Or: []*store.ArticleFilter{
		{Title: startsWith("European")}, {Published: dateEq("2025-06-04")}}}}, []string{artSanctions, artDirect}},
	{"and with not", store.ArticleQuery{Where: &store.ArticleFilter{And: []*store.ArticleFilter{
		{Source: eq("Reuters")}, {Not: &store.ArticleFilter{Published: dateLt("2025-06-01")}}}}}, []string{artTalks}},
}

// testListArticles covers ListArticles and CountArticles filters.
func testListArticles(t *testing.T, f Factory) {
	s, _ := loaded(t, f, Ukraine()...)
	for _, c := range articleCases {
		t.Run(c.name, func(t *testing.T) {
			checkList(t, articleLister(t, s, c.q), sortedIDs(c.want...))
		})
	}
}
