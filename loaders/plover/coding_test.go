package plover

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/loaders/mapping"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// goldRecord is a record of the gold standard as the tests read it, raw.
type goldRecord struct {
	ID, Date, Event, Mode string
	EventLoc              json.RawMessage `json:"eventLoc"`
}

// goldRecords maps the article id of each record of the gold standard to
// the record (the first, for an id repeated in the file: the importer
// gives the others a suffix).
func goldRecords(t *testing.T) map[string]goldRecord {
	t.Helper()
	data, err := os.ReadFile(goldFile)
	if err != nil {
		t.Fatal(err)
	}
	var records []goldRecord
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatal(err)
	}
	out := map[string]goldRecord{}
	for _, r := range records {
		id := mapping.ArticleID("plover-" + r.ID)
		if _, dup := out[id]; !dup {
			out[id] = r
		}
	}
	return out
}

// TestGoldStandardCoding checks that the evidence of every relation of the
// gold standard keeps its record's own event and mode (the relation type's
// codes stay the relation's), and that a store filters on them: FIGHT,
// COERCE and DISAPPROVE records are found as such, not only as the
// ATTACKED, SANCTIONED and ACCUSED relations they become.
func TestGoldStandardCoding(t *testing.T) {
	type coding struct{ event, mode string }
	want := map[string]coding{}
	for id, r := range goldRecords(t) {
		mode := r.Mode
		if !ontology.IsPLOVERMode(mode) {
			mode = ""
		}
		want[id] = coding{r.Event, mode}
	}
	byEvent := map[string]int{} // relations by their evidence's PLOVER event
	for _, r := range importFile(t, goldFile) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Loc, r.Err)
			continue
		}
		w, ok := want[r.Doc.ID]
		if !ok {
			continue // a repeated id, given a suffix
		}
		for i, rel := range r.Doc.Relations {
			ev := rel.Evidence
			if ev.PLOVER != w.event || ev.Mode != w.mode || ev.Label != w.event {
				t.Errorf("%s: relation %d (%s): evidence coded %s/%s (label %q), want the record's %s/%s",
					r.Doc.ID, i, rel.Type, ev.PLOVER, ev.Mode, ev.Label, w.event, w.mode)
			}
			byEvent[ev.PLOVER]++
		}
	}
	for _, event := range []string{"FIGHT", "COERCE", "DISAPPROVE"} {
		if byEvent[event] == 0 {
			t.Errorf("no relation's evidence says PLOVER %s", event)
		}
	}

	st := embedded.New()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{New(nil)}}
	if _, err := l.Load(t.Context(), []string{goldFile}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		event string
		types []string // what the records become
	}{
		{"FIGHT", []string{"ATTACKED"}},
		{"COERCE", []string{"SANCTIONED"}},
		{"DISAPPROVE", []string{"ACCUSED"}},
	} {
		p, err := st.ListRelations(t.Context(), store.RelationQuery{First: store.MaxPageSize,
			Where: &store.RelationFilter{Evidence: &store.EvidenceFilter{PLOVER: &store.StringFilter{Eq: &tt.event}}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) == 0 {
			t.Errorf("PLOVER %s: no relation found", tt.event)
		}
		types := map[string]bool{}
		for _, r := range p.Items {
			types[string(r.Type)] = true
		}
		var got []string
		for typ := range types {
			got = append(got, typ)
		}
		if diff := cmp.Diff(tt.types, got); diff != "" {
			t.Errorf("PLOVER %s: types of the relations found (-want +got):\n%s", tt.event, diff)
		}
	}
}

// TestRecordCAMEO: a record's own CAMEO code, written as a string or a
// number, is kept on the evidence; one that is neither is counted.
func TestRecordCAMEO(t *testing.T) {
	const rec = `{"id": "R1", "date": "2000-01-01", "event": "COERCE", "mode": "arrest", "eventText": "arrested",
  "source": [{"actorText": "police", "code": "RUS", "sector": "COP"}], "target": [{"actorText": "Navalny", "code": "RUS", "sector": "OPP"}],
  "text": "Russian police arrested Navalny.", CAMEO}`
	for _, tt := range []struct {
		name, cameo, want string
		omitted           map[string]int
	}{
		{"string", `"cameo": "173"`, "173", nil},
		{"number", `"cameo": 173`, "173", nil},
		{"list", `"cameo": [173]`, "", map[string]int{"cameo that is not a code": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := decodeRecord([]byte(strings.Replace(rec, "CAMEO", tt.cameo, 1)))
			if err != nil {
				t.Fatal(err)
			}
			doc, omitted, err := convert(mapping.MustDefault("plover"), r)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Relations) != 1 {
				t.Fatalf("relations: %+v, omitted %v", doc.Relations, omitted)
			}
			ev := doc.Relations[0].Evidence
			if ev.CAMEO != tt.want || ev.PLOVER != "COERCE" || ev.Mode != "arrest" {
				t.Errorf("evidence coded %q %s/%s, want %q COERCE/arrest", ev.CAMEO, ev.PLOVER, ev.Mode, tt.want)
			}
			if diff := cmp.Diff(tt.omitted, omitted); diff != "" {
				t.Errorf("omitted (-want +got):\n%s", diff)
			}
		})
	}
}
