package loaders_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/loaders/plover"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// goldFile is the PLOVER gold-standard file, copied into the importer's
// testdata with its licence and source (plover/testdata/README.md).
const goldFile = "plover/testdata/PLOVER_GSR_CAMEO.json"

// TestFullPLOVERFile loads the whole PLOVER gold-standard file and checks
// the REJECTED and DEMANDED relations against counts computed from the raw
// records, following the default mapping's rules: each REJECT (DEMAND)
// record gives one relation per source and target; a record without
// targets whose markup marks n actors "(SRC/TAR: ...)" gives one relation
// from each to each other (n·(n-1)), each with one piece of evidence.
// Relations are dated, so two records' relations are one relation only
// when they have the same day and the same actors: the raw count of
// relations is that of the pieces of evidence, and the stored count is
// less by the records that state a relation another record of the same
// day states (merged lists them).
func TestFullPLOVERFile(t *testing.T) {
	path := goldFile
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := ploverRelations(t, raw, map[string]ontology.RelationType{
		"REJECT": ontology.Rejected, "DEMAND": ontology.Demanded, "REQUEST": ontology.Demanded,
	})

	st := embedded.New()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{plover.New(nil)}}
	rep, err := l.Load(t.Context(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		t.Errorf("%d records failed: %v", rep.Failed, rep.Failures)
	}
	got := map[ontology.RelationType][2]int{}
	for typ := range want {
		rels, err := st.ListRelations(t.Context(), store.RelationQuery{Types: []ontology.RelationType{typ}, First: store.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		if rels.HasNextPage {
			t.Fatalf("more than %d %s relations", store.MaxPageSize, typ)
		}
		evidence := 0
		for _, r := range rels.Items {
			evidence += len(r.Evidence)
		}
		got[typ] = [2]int{len(rels.Items), evidence}
	}
	// REJECT-0001 and REJECT-0017 (both of 2000-01-01) say the
	// Palestinians rejected what Israel proposed: one relation, twice.
	merged := map[ontology.RelationType]int{ontology.Rejected: 1}
	// REJECT-0013 codes both its actors KENGOV, but one is a person
	// ("Vice-President Moody Awori") whom the code describes: no relation
	// is from an actor to itself.
	self := map[ontology.RelationType]int{}
	for typ, n := range want {
		want[typ] = [2]int{n[0] - merged[typ] - self[typ], n[1] - self[typ]}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("[relations, pieces of evidence] by type (-from the raw file +stored):\n%s", diff)
	}
	t.Logf("loaded %d articles; %v", rep.Loaded(), got)
}

// ploverRelations counts, from the raw records, the relations of the types
// events map to: [relations, pieces of evidence].
func ploverRelations(t *testing.T, raw []byte, events map[string]ontology.RelationType) map[ontology.RelationType][2]int {
	t.Helper()
	var records []struct {
		Event    string
		Source   json.RawMessage
		Target   json.RawMessage
		TextInfo json.RawMessage
	}
	if err := json.Unmarshal(raw, &records); err != nil {
		t.Fatal(err)
	}
	actors := func(field json.RawMessage) int {
		var list []json.RawMessage
		if json.Unmarshal(field, &list) != nil {
			return 0 // absent, null, or a string
		}
		return len(list)
	}
	out := map[ontology.RelationType][2]int{}
	for _, r := range records {
		typ, ok := events[r.Event]
		if !ok {
			continue
		}
		n := actors(r.Source) * actors(r.Target)
		if actors(r.Target) == 0 {
			var info struct{ Markup string }
			_ = json.Unmarshal(r.TextInfo, &info) // a few records have a string
			marked := strings.Count(info.Markup, "(SRC/TAR:")
			n = marked * (marked - 1)
		}
		c := out[typ]
		out[typ] = [2]int{c[0] + n, c[1] + n}
	}
	return out
}
