package loaders_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// kenya is an article in which two entities that go by their names share
// the code KENGOV, each accusing Ruto in its own sentence.
func kenya() *docBuilder {
	const text = "Awori accused Ruto. The Commission accused Ruto. President Kibaki accused Ruto."
	return newDoc("kenya", text).
		entity(withCodes(actor("c", "Commission", "government"), "cameo:KENGOV")).
		entity(withCodes(actor("a", "Awori", ""), "cameo:KENGOV")).
		entity(withCodes(actor("k", "Kibaki", "person"), "cameo:KENGOV")).
		entity(actor("r", "Ruto", "person")).
		relate(ontology.Accused, "a", "r", "Awori accused Ruto.").
		relate(ontology.Accused, "c", "r", "The Commission accused Ruto.").
		relate(ontology.Accused, "k", "r", "President Kibaki accused Ruto.")
}

// TestSameArticleSameCode checks that the entities of one article that
// share an identifying code become one before the store sees them (the
// smallest id leads; the relations of both are re-pointed and merge), and
// that the group then resolves with the graph as one. A person coded as
// the government (Kibaki, KENGOV) is of it, not it: the code describes
// him, and he stays himself.
func TestSameArticleSameCode(t *testing.T) {
	aworiID, rutoID := store.EntityID(ontology.Actor, "awori"), store.EntityID(ontology.Actor, "ruto")
	kibakiID := store.EntityID(ontology.Actor, "kibaki")
	kibaki := "ACCUSED " + kibakiID + "→" + rutoID + " (1)"
	kenyaGov := store.EntityID(ontology.Actor, "kenya-government")
	tests := []struct {
		name   string
		before []*docBuilder
		want   resolution
	}{
		{
			name: "one entity",
			want: resolution{Entities: []string{aworiID, kibakiID, rutoID}, Relations: []string{"ACCUSED " + aworiID + "→" + rutoID + " (2)", kibaki}},
		},
		{
			name: "resolved with the graph's",
			before: []*docBuilder{newDoc("kenya-gov", "The Government of Kenya met.").
				entity(withCodes(withKey(actor("g", "Government of Kenya", "government"), "kenya-government"), "cameo:KENGOV"))},
			want: resolution{Resolved: 1, Entities: []string{kenyaGov, kibakiID, rutoID}, Relations: []string{"ACCUSED " + kenyaGov + "→" + rutoID + " (2)", kibaki}},
		},
	}
	for _, tt := range tests {
		checkResolution(t, tt.name, tt.before, []*docBuilder{kenya()}, tt.want)
	}

	st := embedded.New()
	resolveLoad(t, st, &loaders.Loader{}, writeDocs(t, t.TempDir(), kenya())...)
	es, err := st.Entities(t.Context(), []string{aworiID})
	if err != nil || es[0] == nil {
		t.Fatalf("entity %s: %v %v", aworiID, es, err)
	}
	if got := es[0]; got.Name != "Awori" || !cmp.Equal([]string{"Commission"}, got.Aliases) {
		t.Errorf("entity %q, aliases %q; want Awori, aliases [Commission]", got.Name, got.Aliases)
	}
}

// TestPLOVERActorsShareNoCountry loads the PLOVER gold-standard file and
// checks that no two actors are one country: every country of the
// gazetteer is at most one actor, whether the actor has the country's
// Wikidata id or one of its codes (a CAMEO code of the country alone, an
// ISO 3166 code), and the United States is one actor whatever the record
// calls it. (The file also codes Japan "JAP", an older code than CAMEO's
// JPN that the PLOVER importer reads as JPN, so "Tokyo" coded JAP is
// Japan.)
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
			if spec, _ := ontology.Scheme(c.Scheme); !spec.IdentifiesKind(c.Value, e.Kind) {
				continue // a person of the country (Khomeini, IRN) is not it
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

// ploverOrderFiles writes two PLOVER files whose actors are coded: the
// United States government under three wordings, Japan as "Tokyo" and
// "Japan" under the legacy code JAP, and the government of Kenya twice in
// one record.
func ploverOrderFiles(t *testing.T) (first, second string) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, records string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("["+records+"]"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	first = write("first.json", `
{"id": "O1", "date": "2000-01-01", "event": "DEMAND", "text": "A U.S. negotiator urged Russia to sign.",
 "source": [{"actorText": "U.S. negotiator", "code": "USA", "sector": "GOV"}], "target": [{"actorText": "Russia", "code": "RUS"}]},
{"id": "O2", "date": "2000-01-02", "event": "AGREE", "text": "Officials agreed to build a centre in Tokyo.",
 "source": [{"actorText": "Officials", "code": "IGO"}], "target": [{"actorText": "Tokyo", "code": "JAP"}]}`)
	second = write("second.json", `
{"id": "O3", "date": "2000-01-03", "event": "REJECT", "text": "Washington rejected a Russian demand.",
 "source": [{"actorText": "Washington", "code": "USA", "sector": "GOV"}], "target": [{"actorText": "Russian", "code": "RUS"}]},
{"id": "O4", "date": "2000-01-04", "event": "SANCTION", "text": "Japan halted aid to Serbia.",
 "source": [{"actorText": "Japan", "code": "JAP"}], "target": [{"actorText": "Serbia", "code": "SRB"}]},
{"id": "O5", "date": "2000-01-05", "event": "ACCUSE", "text": "The Kenyan minister accused Nairobi officials and Russia.",
 "source": [{"actorText": "Kenyan minister", "code": "KEN", "sector": "GOV"}, {"actorText": "Nairobi officials", "code": "KEN", "sector": "GOV"}], "target": [{"actorText": "Russia", "code": "RUS"}]}`)
	return first, second
}

// graphSummary is what a store holds, independent of write order: each
// entity's id, kind, name, sorted aliases, Wikidata id and codes, and each
// relation's id.
func graphSummary(t *testing.T, st store.Store) []string {
	t.Helper()
	var out []string
	for e, err := range all(t, func(after string) (*store.Page[*store.Entity], error) {
		return st.ListEntities(t.Context(), store.EntityQuery{First: store.MaxPageSize, After: after})
	}) {
		if err != nil {
			t.Fatal(err)
		}
		codes := make([]string, len(e.Codes))
		for i, c := range e.Codes {
			codes[i] = c.Key()
		}
		out = append(out, fmt.Sprintf("%s %s %q aliases=%q wikidata=%s codes=%v", e.ID, e.Kind, e.Name,
			slices.Sorted(slices.Values(e.Aliases)), e.Wikidata, slices.Sorted(slices.Values(codes))))
	}
	for r, err := range all(t, func(after string) (*store.Page[*store.Relation], error) {
		return st.ListRelations(t.Context(), store.RelationQuery{First: store.MaxPageSize, After: after})
	}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return out
}

// TestCodedActorsIndependentOfOrder loads one small PLOVER corpus in both
// orders: the graphs are the same, the actors coded USAGOV are one actor
// named after its code (not after the first article's wording), and
// "Tokyo" coded JAP is Japan (Q17), as the record that names Japan is.
func TestCodedActorsIndependentOfOrder(t *testing.T) {
	first, second := ploverOrderFiles(t)
	load := func(files ...string) store.Store {
		st := embedded.New()
		l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{plover.New(nil)}}
		rep, err := l.Load(t.Context(), files)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Failed > 0 || len(rep.Warnings) > 0 {
			t.Fatalf("failures %v, warnings %v", rep.Failures, rep.Warnings)
		}
		return st
	}
	forward, backward := load(first, second), load(second, first)
	got := graphSummary(t, forward)
	if d := cmp.Diff(got, graphSummary(t, backward)); d != "" {
		t.Errorf("graph (-loaded first, second +loaded second, first):\n%s", d)
	}

	es, err := forward.Entities(t.Context(), []string{store.EntityID(ontology.Actor, "cameo-usagov"),
		store.EntityID(ontology.Actor, "Q17"), store.EntityID(ontology.Actor, "cameo-kengov")})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(es, nil) {
		t.Fatalf("entities %v, want the United States government, Japan and the Kenyan government", es)
	}
	usGov, japan, kenya := es[0], es[1], es[2]
	if want := []string{"U.S. negotiator", "Washington"}; usGov.Name != "Government of the United States" || usGov.Kind != "government" ||
		!cmp.Equal(want, slices.Sorted(slices.Values(usGov.Aliases))) {
		t.Errorf("USAGOV is %q (%s), aliases %q; want \"Government of the United States\" (government), aliases %q", usGov.Name, usGov.Kind, usGov.Aliases, want)
	}
	if japan.Name != "Japan" || !slices.Contains(japan.Aliases, "Tokyo") {
		t.Errorf("Q17 is %q, aliases %q; want Japan, alias Tokyo", japan.Name, japan.Aliases)
	}
	if want := []string{"Kenyan minister", "Nairobi officials"}; !cmp.Equal(want, slices.Sorted(slices.Values(kenya.Aliases))) {
		t.Errorf("KENGOV aliases %q, want %q", kenya.Aliases, want)
	}
	for _, line := range got {
		if strings.Contains(line, "JAP") && !strings.HasPrefix(line, "actor:Q17 ") {
			t.Errorf("an actor coded JAP besides Japan: %s", line)
		}
	}
}

// TestDescribingCodeDoesNotResolve checks that a code describing an entity
// (a person coded as his government) never resolves it with the entity the
// code identifies, whichever is in the graph first: the graph's person is
// not a candidate for the government (the store finds him by the code),
// nor the graph's government for the person.
func TestDescribingCodeDoesNotResolve(t *testing.T) {
	yeltsinID := store.EntityID(ontology.Actor, "boris-yeltsin")
	govID := store.EntityID(ontology.Actor, "russian-government")
	yeltsin := func() *docBuilder {
		return newDoc("yeltsin", "Boris Yeltsin spoke.").
			entity(withCodes(actor("y", "Boris Yeltsin", "person"), "cameo:RUSGOV"))
	}
	gov := func() *docBuilder {
		return newDoc("gov", "The Russian government met.").
			entity(withCodes(actor("g", "Russian government", "government"), "cameo:RUSGOV"))
	}
	want := resolution{Entities: []string{govID, yeltsinID}}
	checkResolution(t, "person first", []*docBuilder{yeltsin()}, []*docBuilder{gov()}, want)
	checkResolution(t, "government first", []*docBuilder{gov()}, []*docBuilder{yeltsin()}, want)
	checkResolution(t, "one load", nil, []*docBuilder{yeltsin(), gov()}, want)
}

// TestDescribingCodeFilters checks that a code that only describes an
// entity is still stored and filtered on: the person and the government
// coded RUSGOV are both found by it.
func TestDescribingCodeFilters(t *testing.T) {
	st := embedded.New()
	doc := newDoc("russia", "Boris Yeltsin spoke. The Russian government met.").
		entity(withCodes(actor("y", "Boris Yeltsin", "person"), "cameo:RUSGOV")).
		entity(withCodes(actor("g", "Russian government", "government"), "cameo:RUSGOV"))
	resolveLoad(t, st, &loaders.Loader{}, writeDocs(t, t.TempDir(), doc)...)
	value := "RUSGOV"
	page, err := st.ListEntities(t.Context(), store.EntityQuery{
		Where: &store.EntityFilter{Code: &store.CodeFilter{Scheme: ontology.SchemeCAMEO, Value: &value}}, First: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range page.Items {
		got = append(got, e.ID+" "+e.Kind)
	}
	want := []string{store.EntityID(ontology.Actor, "boris-yeltsin") + " person", store.EntityID(ontology.Actor, "russian-government") + " government"}
	if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
		t.Errorf("entities coded RUSGOV (-want +got):\n%s", diff)
	}
}
