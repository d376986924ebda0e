package storetest

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The coded fixture: one article in which each piece of evidence keeps its
// source's own coding (store.EventCoding). The arrest is stated twice in
// one span, under two codings (a PLOVER record and a WikiEvents event); the
// sanctions relation has one coded and one uncoded piece of evidence.
const codedText = "Police arrested Navalny in Moscow. " +
	"The European Union imposed sanctions on Russia and froze Russian assets."

var (
	artCoded    = store.ArticleID("coded")
	navalny     = store.EntityID(ontology.Actor, "Q298532")
	russianPol  = store.EntityID(ontology.Actor, "russian-police")
	rArrested   = store.RelationID(ontology.Sanctioned, russianPol, navalny, store.Qualifiers{})
	rSanctCoded = store.RelationID(ontology.Sanctioned, eu, russia, store.Qualifiers{})

	arrestPLOVER = store.EventCoding{CAMEO: "173", PLOVER: "COERCE", Mode: "arrest", Label: "COERCE/arrest"}
	arrestWiki   = store.EventCoding{CAMEO: "173", PLOVER: "COERCE", Label: "Justice.ArrestJailDetain.Unspecified"}
	sanctionCode = store.EventCoding{CAMEO: "163", PLOVER: "SANCTION"}
)

// Coded is the article whose evidence keeps its sources' codings (see
// testEventCoding), for engines' own tests of persistence.
func Coded() *store.ArticleGraph { return coded() }

func coded() *store.ArticleGraph {
	return NewArticle("coded", "Arrests and sanctions", "AP", "2025-06-05", codedText).
		Entity(Actor("russian-police", "Police", "government"), "Police").
		Entity(Actor("Q298532", "Navalny", "person"), "Navalny").
		Entity(Actor("Q458", "European Union", "international_organisation"), "European Union").
		Entity(Actor("Q159", "Russia", "country"), "Russia").
		Relate(ontology.Sanctioned, russianPol, navalny, store.Qualifiers{}, "Police arrested Navalny in Moscow.").
		Code(arrestWiki).
		Relate(ontology.Sanctioned, russianPol, navalny, store.Qualifiers{}, "Police arrested Navalny in Moscow.").
		Code(arrestPLOVER).
		Relate(ontology.Sanctioned, eu, russia, store.Qualifiers{}, "imposed sanctions on Russia").
		Code(sanctionCode).
		Relate(ontology.Sanctioned, eu, russia, store.Qualifiers{}, "froze Russian assets").
		Build()
}

// testEventCoding covers the source's own coding of evidence: it is kept
// and read back in every read (relations by id, lists, timelines), in the
// contract's order; relation filters match it (some piece of evidence
// satisfying every field given), alone, with an article, negated and inside
// a quantifier; and a coding outside the ontology's vocabularies is
// rejected.
func testEventCoding(t *testing.T, f Factory) {
	g := coded()
	s, m := loaded(t, f, append(Ukraine(), g)...)

	t.Run("ReadBack", func(t *testing.T) {
		CheckModel(t, s, m)
		got, err := s.Relations(t.Context(), []string{rArrested})
		if err != nil {
			t.Fatal(err)
		}
		start, end := SpanOf(codedText, "Police arrested Navalny in Moscow.")
		quote := "Police arrested Navalny in Moscow."
		want := []store.Evidence{
			{Article: artCoded, Quote: quote, Start: start, End: end, EventCoding: arrestWiki},
			{Article: artCoded, Quote: quote, Start: start, End: end, EventCoding: arrestPLOVER},
		}
		if len(got) != 1 || got[0] == nil {
			t.Fatalf("Relations(%s) = %v", rArrested, got)
		}
		if d := Diff(want, got[0].Evidence); d != "" {
			t.Errorf("evidence of the arrest (-want +got):\n%s", d)
		}
	})

	ev := func(f store.EvidenceFilter) *store.RelationFilter { return &store.RelationFilter{Evidence: &f} }
	cases := []struct {
		name string
		q    store.RelationQuery
		want []string
	}{
		{"cameo", store.RelationQuery{Where: ev(store.EvidenceFilter{CAMEO: eq("173")})}, []string{rArrested}},
		{"cameo startsWith", store.RelationQuery{Where: ev(store.EvidenceFilter{CAMEO: startsWith("1")})},
			[]string{rArrested, rSanctCoded}},
		{"plover in", store.RelationQuery{Where: ev(store.EvidenceFilter{PLOVER: in("COERCE", "SANCTION")})},
			[]string{rArrested, rSanctCoded}},
		{"mode", store.RelationQuery{Where: ev(store.EvidenceFilter{Mode: eq("arrest")})}, []string{rArrested}},
		{"label contains", store.RelationQuery{Where: ev(store.EvidenceFilter{Label: contains("Arrest")})},
			[]string{rArrested}},
		// One piece must satisfy both: the WikiEvents evidence has the
		// label, the PLOVER evidence the mode.
		{"fields hold of one piece", store.RelationQuery{Where: ev(store.EvidenceFilter{
			Mode: eq("arrest"), Label: startsWith("Justice.")})}, nil},
		{"uncoded evidence matches the empty code", store.RelationQuery{Types: []ontology.RelationType{ontology.Sanctioned},
			Where: ev(store.EvidenceFilter{CAMEO: eq("")})}, []string{rSanctCoded, rSanctioned}},
		{"with an article", store.RelationQuery{Where: &store.RelationFilter{Article: eq(artCoded),
			Evidence: &store.EvidenceFilter{PLOVER: eq("SANCTION")}}}, []string{rSanctCoded}},
		{"not", store.RelationQuery{Types: []ontology.RelationType{ontology.Sanctioned},
			Where: &store.RelationFilter{Not: ev(store.EvidenceFilter{PLOVER: eq("COERCE")})}},
			[]string{rSanctCoded, rSanctioned}},
		{"or", store.RelationQuery{Where: &store.RelationFilter{Or: []*store.RelationFilter{
			ev(store.EvidenceFilter{Mode: eq("arrest")}), {Type: eq("AIDED")}}}}, []string{rArrested, rAided}},
		{"entity and types", store.RelationQuery{Entity: russia, Direction: store.In,
			Where: ev(store.EvidenceFilter{CAMEO: eq("163")})}, []string{rSanctCoded}},
	}
	for _, c := range cases {
		t.Run("Filter/"+c.name, func(t *testing.T) {
			checkList(t, relationLister(t, s, c.q), sortedIDs(c.want...))
		})
	}

	t.Run("Quantifier", func(t *testing.T) {
		q := store.EntityQuery{Where: withRelations(some(store.Out, ev(store.EvidenceFilter{PLOVER: eq("COERCE")})))}
		checkList(t, entityLister(t, s, q), []string{russianPol})
		q = store.EntityQuery{Types: []ontology.NodeType{ontology.Actor},
			Where: withRelations(some(store.Out, &store.RelationFilter{Type: eq("SANCTIONED"), Evidence: &store.EvidenceFilter{CAMEO: eq("163")}}))}
		checkList(t, entityLister(t, s, q), []string{eu})
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			coding store.EventCoding
		}{
			{"cameo of letters", store.EventCoding{CAMEO: "17a"}},
			{"cameo of five digits", store.EventCoding{CAMEO: "17312"}},
			{"unknown plover event", store.EventCoding{PLOVER: "ARREST"}},
			{"unknown mode", store.EventCoding{PLOVER: "COERCE", Mode: "handcuffs"}},
			{"mode without an event", store.EventCoding{Mode: "arrest"}},
			{"label too long", store.EventCoding{Label: string(make([]byte, ontology.MaxCodingLabelLength+1))}},
		} {
			t.Run(c.name, func(t *testing.T) {
				s := f(t)
				bad := CloneGraph(g)
				bad.Article.Hash += "-bad"
				bad.Relations[0].Relation.Evidence[0].EventCoding = c.coding
				_, err := s.PutArticle(t.Context(), bad)
				wantInvalid(t, c.name, err)
				if got, _ := s.Articles(t.Context(), []string{artCoded}); len(got) == 1 && got[0] != nil {
					t.Errorf("%s: the article was written", c.name)
				}
			})
		}
	})
}
