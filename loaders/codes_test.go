package loaders_test

import (
	"maps"
	"slices"
	"testing"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/loaders/gazetteer"
	"newsgraph/loaders/plover"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

func withCodes(e article.Entity, codes ...string) article.Entity {
	for _, k := range codes {
		c, _ := store.ParseCodeKey(k)
		e.Codes = append(e.Codes, article.Code{Scheme: string(c.Scheme), Value: c.Value})
	}
	return e
}

// unitedStates names the United States with its Wikidata id and CAMEO
// code, and the Washington Post, an actor also called "Washington".
func unitedStates() *docBuilder {
	return newDoc("us", "The United States and the Washington Post spoke.").
		entity(withCodes(withWikidata(actor("us", "United States", "country"), "Q30"), "cameo:USA", "iso3166_alpha2:US")).
		entity(withKey(actor("wp", "Washington Post", "organisation", "Washington"), "washington-post"))
}

var (
	usID   = store.EntityID(ontology.Actor, "Q30")
	wpID   = store.EntityID(ontology.Actor, "washington-post")
	unID   = store.EntityID(ontology.Actor, "united-nations")
	natoID = store.EntityID(ontology.Actor, "nato")
)

func TestEntityResolutionByCode(t *testing.T) {
	washington := func(codes ...string) *docBuilder {
		return newDoc("washington", "Washington accused Moscow.").
			entity(withCodes(actor("w", "Washington", "country"), codes...)).
			entity(actor("m", "Moscow", "government")).
			relate(ontology.Accused, "w", "m", "Washington accused Moscow.")
	}
	moscowID := store.EntityID(ontology.Actor, "moscow")
	accused := func(by string) []string { return []string{"ACCUSED " + by + "→" + moscowID + " (1)"} }
	tests := []struct {
		name   string
		before []*docBuilder
		docs   []*docBuilder
		want   resolution
	}{
		{
			name:   "a code resolves before names do",
			before: []*docBuilder{unitedStates()},
			docs:   []*docBuilder{washington("cameo:USA")},
			want:   resolution{Resolved: 1, Entities: []string{usID, wpID, moscowID}, Relations: accused(usID)},
		},
		{
			name:   "any identifying scheme",
			before: []*docBuilder{unitedStates()},
			docs:   []*docBuilder{washington("iso3166_alpha2:US")},
			want:   resolution{Resolved: 1, Entities: []string{usID, wpID, moscowID}, Relations: accused(usID)},
		},
		{
			name:   "without a code, names decide",
			before: []*docBuilder{unitedStates()},
			docs:   []*docBuilder{washington()},
			want:   resolution{Resolved: 1, Entities: []string{usID, wpID, moscowID}, Relations: accused(wpID)},
		},
		{
			name:   "a code no entity has: names decide",
			before: []*docBuilder{unitedStates()},
			docs:   []*docBuilder{washington("cameo:FRA")},
			want:   resolution{Resolved: 1, Entities: []string{usID, wpID, moscowID}, Relations: accused(wpID)},
		},
		{
			name: "a class code identifies nothing",
			before: []*docBuilder{newDoc("un", "The United Nations met.").
				entity(withCodes(actor("un", "United Nations", "international_organisation"), "cameo:IGO"))},
			docs: []*docBuilder{newDoc("nato", "NATO met.").
				entity(withCodes(actor("nato", "NATO", "international_organisation"), "cameo:IGO"))},
			want: resolution{Entities: []string{unID, natoID}},
		},
		{
			name: "an earlier article of the same load",
			docs: []*docBuilder{
				newDoc("us-short", "The U.S. spoke.").entity(withCodes(actor("us", "U.S.", "country"), "cameo:USA")),
				washington("cameo:USA"),
			},
			want: resolution{Resolved: 1, Entities: []string{store.EntityID(ontology.Actor, "u-s"), moscowID},
				Relations: accused(store.EntityID(ontology.Actor, "u-s"))},
		},
		{
			name: "an entity with a Wikidata id in the same article",
			docs: []*docBuilder{newDoc("both", "The United States said Washington would act.").
				entity(withCodes(withWikidata(actor("us", "United States", "country"), "Q30"), "cameo:USA")).
				entity(withCodes(actor("w", "Washington", "country"), "cameo:USA"))},
			want: resolution{Resolved: 1, Entities: []string{usID}},
		},
		{
			name: "two entities with the code: a warning",
			before: []*docBuilder{unitedStates(), newDoc("us-short", "The U.S. spoke.").
				entity(withCodes(withKey(actor("us", "U.S.", "country"), "u-s"), "cameo:USA"))},
			docs: []*docBuilder{washington("cameo:USA")},
			want: resolution{
				Warnings: []string{`01-washington.json: entity "Washington" could be ` + usID + ` ("United States") or ` +
					store.EntityID(ontology.Actor, "u-s") + ` ("U.S."): kept as ` + store.EntityID(ontology.Actor, "washington") +
					` (give the entity a key or a Wikidata id to choose)`},
				Entities:  []string{usID, wpID, store.EntityID(ontology.Actor, "u-s"), store.EntityID(ontology.Actor, "washington"), moscowID},
				Relations: accused(store.EntityID(ontology.Actor, "washington")),
			},
		},
	}
	for _, tt := range tests {
		checkResolution(t, tt.name, tt.before, tt.docs, tt.want)
	}
}

// TestPLOVERActorsShareNoCountry loads the PLOVER gold-standard file and
// checks that no two actors are one country: every country of the
// gazetteer is at most one actor, whether the actor has the country's
// Wikidata id or one of its codes (a CAMEO code of the country alone, an
// ISO 3166 code), and the United States is one actor whatever the record
// calls it. (The file also codes Japan "JAP", which is no country's code:
// the gazetteer knows Japan as JPN, so "Tokyo" coded JAP stays apart.)
func TestPLOVERActorsShareNoCountry(t *testing.T) {
	st := embedded.New()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{plover.New(nil)}}
	if _, err := l.Load(t.Context(), []string{goldFile}); err != nil {
		t.Fatal(err)
	}
	byCountry := map[string]map[string]bool{} // country's Wikidata id → actor ids
	note := func(country, id string) {
		if byCountry[country] == nil {
			byCountry[country] = map[string]bool{}
		}
		byCountry[country][id] = true
	}
	byName := map[string][]string{}
	for e, err := range all(t, func(after string) (*store.Page[*store.Entity], error) {
		return st.ListEntities(t.Context(), store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, First: store.MaxPageSize, After: after})
	}) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Wikidata != "" {
			note(e.Wikidata, e.ID)
		}
		for _, c := range e.Codes {
			if c.Scheme == ontology.SchemeCAMEO && len(c.Value) != 3 {
				continue // a role of a country ("USAGOV") is not the country
			}
			if country, ok := gazetteer.ByCode(c.Value); ok {
				note(country.Wikidata, e.ID)
			}
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			byName[n] = append(byName[n], e.ID)
		}
	}
	for q, ids := range byCountry {
		if len(ids) > 1 {
			t.Errorf("%s is %d actors: %v", q, len(ids), slices.Sorted(maps.Keys(ids)))
		}
	}
	for _, n := range []string{"US", "U.S.", "United States", "USA"} {
		for _, id := range byName[n] {
			if id != usID {
				t.Errorf("%q names %s, not %s", n, id, usID)
			}
		}
	}
	if len(byCountry["Q30"]) != 1 || !byCountry["Q30"][usID] {
		t.Errorf("the United States is %v, want %s alone", byCountry["Q30"], usID)
	}
	t.Logf("%d countries, each one actor", len(byCountry))
}
