package storetest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
)

// mergedCodes is the union of the claims' codes, sorted by scheme, then
// value, without repeats: the contract's rule, worked out here.
func mergedCodes(claims []claim) []store.Code {
	seen := map[store.Code]bool{}
	var out []store.Code
	for _, c := range claims {
		for _, code := range c.entity.Codes {
			if !seen[code] {
				seen[code] = true
				out = append(out, code)
			}
		}
	}
	slices.SortFunc(out, func(a, b store.Code) int {
		if a.Scheme != b.Scheme {
			return strings.Compare(string(a.Scheme), string(b.Scheme))
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// The entities of the code fixtures.
var (
	codeUSA   = store.EntityID(ontology.Actor, "Q30")
	codeUSGov = store.EntityID(ontology.Actor, "us-government")
	codeRUS   = store.EntityID(ontology.Actor, "Q159")
	codeUN    = store.EntityID(ontology.Actor, "united-nations")
	codeUNSC  = store.EntityID(ontology.Actor, "un-security-council")
	codeRUPl  = store.EntityID(ontology.Place, "Q159")
	codeDC    = store.EntityID(ontology.Place, "washington")
)

func withCodes(e store.Entity, codes ...string) store.Entity {
	for _, k := range codes {
		c, _ := store.ParseCodeKey(k)
		e.Codes = append(e.Codes, c)
	}
	return e
}

// CodeArticles are two articles whose entities carry codes: identifying
// ones (cameo:USA, iso3166_alpha2:RU, cameo:USAGOV) and class codes
// (cameo:IGO), on actors and on a place.
func CodeArticles() []*store.ArticleGraph {
	a := NewArticle("us-sanctions", "US sanctions Russia", "AP", "2025-05-01",
		"The United States government sanctioned Russia, said the United Nations in Washington.").
		Entity(withCodes(Actor("Q30", "United States", "country"), "cameo:USA", "iso3166_alpha2:US"), "United States").
		Entity(withCodes(Actor("us-government", "United States government", "government"), "cameo:USAGOV"), "United States government").
		Entity(withCodes(Actor("Q159", "Russia", "country"), "cameo:RUS"), "Russia").
		Entity(withCodes(Actor("united-nations", "United Nations", "international_organisation"), "cameo:IGO"), "United Nations").
		Entity(Place("washington", "Washington", "city", nil), "Washington").
		Relate(ontology.Sanctioned, codeUSGov, codeRUS, store.Qualifiers{}, "The United States government sanctioned Russia").
		Build()
	b := NewArticle("un-talks", "Security Council meets on Russia", "Reuters", "2025-05-02",
		"The U.N. Security Council met in Russia; the US and Russia attended.").
		Entity(withCodes(Actor("Q30", "US", "country"), "iso3166_alpha3:USA", "cameo:USA"), "US").
		Entity(withCodes(Actor("Q159", "Russia", "country"), "iso3166_alpha2:RU"), "Russia attended").
		Entity(withCodes(Actor("un-security-council", "U.N. Security Council", "international_organisation"), "cameo:IGO"), "U.N. Security Council").
		Entity(withCodes(Place("Q159", "Russia", "country", nil), "cameo:RUS"), "Russia;").
		Relate(ontology.Accused, codeUNSC, codeRUS, store.Qualifiers{}, "the US and Russia attended").
		Build()
	return []*store.ArticleGraph{a, b}
}

// testCodes covers entities' codes: merged across articles, filtered in
// lists, and found by ResolveCodes (identifying codes only, per type), kept
// up to date as articles come and go.
func testCodes(t *testing.T, f Factory) {
	t.Run("Merged", func(t *testing.T) {
		s, m := loaded(t, f, CodeArticles()...)
		ids := []string{codeUSA, codeUSGov, codeRUS, codeUN, codeUNSC, codeRUPl, codeDC}
		got, err := s.Entities(t.Context(), ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			if d := Diff(m.Entity(id), got[i]); d != "" {
				t.Errorf("%s (-model +store):\n%s", id, d)
			}
		}
		want := []store.Code{{Scheme: ontology.SchemeCAMEO, Value: "USA"}, {Scheme: ontology.SchemeISOAlpha2, Value: "US"},
			{Scheme: ontology.SchemeISOAlpha3, Value: "USA"}}
		if d := Diff(want, got[0].Codes); d != "" {
			t.Errorf("codes of %s: the union of both articles', sorted (-want +got):\n%s", codeUSA, d)
		}
	})

	t.Run("Filter", func(t *testing.T) {
		s, m := loaded(t, f, CodeArticles()...)
		code := func(scheme ontology.CodeScheme, value string) *store.EntityFilter {
			cf := &store.CodeFilter{Scheme: scheme}
			if value != "" {
				cf.Value = &value
			}
			return &store.EntityFilter{Code: cf}
		}
		cameo := ontology.SchemeCAMEO
		all := entityIDs(m.Entities())
		cases := []struct {
			name string
			q    store.EntityQuery
			want []string
		}{
			{"scheme and value", store.EntityQuery{Where: code(cameo, "USA")}, []string{codeUSA}},
			{"a code of one article", store.EntityQuery{Where: code(ontology.SchemeISOAlpha3, "USA")}, []string{codeUSA}},
			{"a value of another scheme", store.EntityQuery{Where: code(ontology.SchemeISOAlpha3, "RUS")}, nil},
			{"values are case-sensitive", store.EntityQuery{Where: code(cameo, "usa")}, nil},
			{"a class code", store.EntityQuery{Where: code(cameo, "IGO")}, []string{codeUN, codeUNSC}},
			{"any value of a scheme", store.EntityQuery{Where: code(cameo, "")},
				[]string{codeUSA, codeUSGov, codeRUS, codeUN, codeUNSC, codeRUPl}},
			{"an actor's and a place's", store.EntityQuery{Where: code(cameo, "RUS")}, []string{codeRUS, codeRUPl}},
			{"with types", store.EntityQuery{Types: []ontology.NodeType{ontology.Place}, Where: code(cameo, "RUS")}, []string{codeRUPl}},
			{"not", store.EntityQuery{Where: &store.EntityFilter{Not: code(cameo, "")}}, without(all, codeUSA, codeUSGov, codeRUS, codeUN, codeUNSC, codeRUPl)},
			{"or", store.EntityQuery{Where: &store.EntityFilter{Or: []*store.EntityFilter{code(cameo, "USAGOV"), code(ontology.SchemeISOAlpha2, "RU")}}},
				[]string{codeUSGov, codeRUS}},
			{"an identifying code and another field", store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{
				{Name: startsWith("United")}, {And: []*store.EntityFilter{code(cameo, "USAGOV")}}}}}, []string{codeUSGov}},
			{"an identifying code and a field no entity with it has", store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{
				code(cameo, "USA"), {Name: startsWith("Russia")}}}}, nil},
			{"an identifying code that is not there", store.EntityQuery{Where: code(cameo, "FRA")}, nil},
			{"an identifying code, with types", store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, Where: code(cameo, "RUS")}, []string{codeRUS}},
			{"an identifying code, by name", store.EntityQuery{Where: code(cameo, "RUS"), Order: store.Order{Field: store.OrderByName}}, []string{codeRUS, codeRUPl}},
			{"and with another field", store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{code(cameo, "IGO"), {Name: startsWith("U.N.")}}}},
				[]string{codeUNSC}},
			{"at a relation's end", store.EntityQuery{Where: &store.EntityFilter{Relations: &store.RelationQuantifier{Direction: store.Out,
				Some: &store.RelationFilter{Target: code(ontology.SchemeISOAlpha2, "RU")}}}}, []string{codeUSGov, codeUNSC}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				checkList(t, entityLister(t, s, c.q), sortedIDs(c.want...))
				checkWithTotal(t, s, c.q, len(c.want))
			})
		}
	})

	t.Run("Resolve", func(t *testing.T) {
		s, m := loaded(t, f, CodeArticles()...)
		keys := []string{"cameo:USA", "cameo:USAGOV", "cameo:RUS", "iso3166_alpha2:RU", "iso3166_alpha3:USA",
			"cameo:IGO", "cameo:FRA", "nonsense", "cameo:usa"}
		got, err := s.ResolveCodes(t.Context(), ontology.Actor, keys)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"cameo:USA": {codeUSA}, "cameo:USAGOV": {codeUSGov}, "cameo:RUS": {codeRUS},
			"iso3166_alpha2:RU": {codeRUS}, "iso3166_alpha3:USA": {codeUSA},
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("ResolveCodes(Actor): identifying codes of actors only (-want +got):\n%s", d)
		}
		got, err = s.ResolveCodes(t.Context(), ontology.Place, []string{"cameo:RUS", "cameo:USA"})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(map[string][]string{"cameo:RUS": {codeRUPl}}, got); d != "" {
			t.Errorf("ResolveCodes(Place) (-want +got):\n%s", d)
		}
		checkCodes(t, s, m)

		// Deleting an article takes its codes away; replacing one
		// replaces them.
		if _, err := s.DeleteArticle(t.Context(), CodeArticles()[1].Article.ID); err != nil {
			t.Fatal(err)
		}
		m.Delete(CodeArticles()[1].Article.ID)
		got, err = s.ResolveCodes(t.Context(), ontology.Actor, []string{"iso3166_alpha2:RU", "iso3166_alpha3:USA", "cameo:RUS"})
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(map[string][]string{"cameo:RUS": {codeRUS}}, got); d != "" {
			t.Errorf("after deleting an article (-want +got):\n%s", d)
		}
		checkCodes(t, s, m)
		changed := CodeArticles()[0]
		changed.Article.Hash += "-2"
		changed.Entities[2].Entity.Codes = []store.Code{{Scheme: ontology.SchemeISOAlpha3, Value: "RUS"}}
		mustPut(t, s, changed)
		m.Put(changed)
		checkCodes(t, s, m)
	})

	t.Run("NotAnEntityType", func(t *testing.T) {
		_, err := f(t).ResolveCodes(t.Context(), ontology.Article, []string{"cameo:USA"})
		wantInvalid(t, "ResolveCodes(Article)", err)
	})
}

// checkCodes fails the test unless the store resolves every identifying
// code of every entity of the model, per type, to exactly the entities the
// model says, and every entity's codes are the model's.
func checkCodes(t *testing.T, s store.Store, m *Model) {
	t.Helper()
	want := map[ontology.NodeType]map[string][]string{}
	var ids []string
	for _, e := range m.Entities() {
		ids = append(ids, e.ID)
		if want[e.Type] == nil {
			want[e.Type] = map[string][]string{}
		}
		for _, c := range e.Codes {
			if spec, ok := ontology.Scheme(c.Scheme); ok && spec.Identifies(c.Value) {
				k := string(c.Scheme) + ":" + c.Value
				want[e.Type][k] = append(want[e.Type][k], e.ID)
			}
		}
	}
	for _, typ := range ontology.EntityTypes {
		got, err := s.ResolveCodes(t.Context(), typ, slices.Sorted(maps.Keys(want[typ])))
		if err != nil {
			t.Fatalf("ResolveCodes(%s): %v", typ, err)
		}
		for k := range want[typ] {
			slices.Sort(want[typ][k])
		}
		if d := Diff(want[typ], got); d != "" {
			t.Errorf("ResolveCodes(%s, every identifying code of the model) (-want +got):\n%s", typ, d)
		}
	}
	got, err := s.Entities(t.Context(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range m.Entities() {
		if d := Diff(e.Codes, got[i].Codes); d != "" {
			t.Errorf("codes of %s (-model +store):\n%s", e.ID, d)
		}
	}
}
