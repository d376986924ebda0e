package plover

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/loaders/gazetteer"
	"newsgraph/loaders/mapping"
	"newsgraph/loaders/mapping/mappingtest"
	"newsgraph/ontology"
)

const sampleFile = "testdata/gsr-sample.json"

// goldFile is the whole gold-standard file (see testdata/README.md).
const goldFile = "testdata/PLOVER_GSR_CAMEO.json"

func importFile(t *testing.T, path string) []loaders.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := mappingtest.Import(New(nil), path, data)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

func byID(results []loaders.Result) map[string]*article.Document {
	out := map[string]*article.Document{}
	for _, r := range results {
		if r.Doc != nil {
			out[r.Doc.ID] = r.Doc
		}
	}
	return out
}

// TestSample checks what each record of the sample becomes.
func TestSample(t *testing.T) {
	results := importFile(t, sampleFile)
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Loc, r.Err)
			continue
		}
		mappingtest.Valid(t, r.Loc, r.Doc)
	}
	docs := byID(results)
	tests := []struct {
		id        string
		entities  []string
		relations []string
	}{
		// Actors coded with a country and a state role are that
		// country's institution, named after the code (package
		// mapping), whatever the sentence calls them.
		{"AGREE-0001",
			[]string{"actor/government Government of Hungary", "actor/government Government of Romania", "agreement/other agreed cooperate"},
			[]string{"AGREED_TO Government of Hungary -> agreed cooperate", "AGREED_TO Government of Romania -> agreed cooperate"}},
		// A person of the institution ("Russian President Boris
		// Yeltsin", RUSGOV) is that person, named by the mention, the
		// code describing him.
		{"CONSULT-0002", nil, []string{
			"ATTENDED Warren Christopher -> Meeting of Warren Christopher and Andrei Kozyrev",
			"ATTENDED Andrei Kozyrev -> Meeting of Warren Christopher and Andrei Kozyrev",
		}},
		{"CONSULT-0005", nil, []string{
			"HOSTED Boris Yeltsin -> Meeting of Boris Yeltsin and Ryutaro Hashimoto",
			"ATTENDED Ryutaro Hashimoto -> Meeting of Boris Yeltsin and Ryutaro Hashimoto",
		}},
		{"CONSULT-0007",
			[]string{"actor/government Government of the United States", "actor/government Government of Russia", "place/ Geneva", "meeting/ Meeting of Government of the United States and Government of Russia"},
			[]string{
				"ATTENDED Government of the United States -> Meeting of Government of the United States and Government of Russia",
				"ATTENDED Government of Russia -> Meeting of Government of the United States and Government of Russia",
				"HELD_IN Meeting of Government of the United States and Government of Russia -> Geneva",
			}},
		{"DEMAND-0015", nil, []string{"DEMANDED Red Cross operating in Iraq -> Armed forces of the United States", "DEMANDED Red Cross operating in Iraq -> Armed forces of the United Kingdom"}},
		{"DEMAND-0019", nil, []string{}},
		{"REJECT-0001", []string{"actor/country Palestine", "actor/country Israel"}, []string{"REJECTED Palestine -> Israel"}},
		{"REJECT-0014",
			[]string{"actor/government Government of Turkey", "actor/organisation Alewite temple"},
			[]string{"REJECTED Government of Turkey -> Alewite temple"}},
		{"REJECT-0017", nil, []string{"REJECTED Palestine -> Israel", "REJECTED Israel -> Palestine"}},
		{"REJECT-0024", nil, []string{"REJECTED Moshe Katsav -> Abdullah II"}},
		{"PROTEST-0001", nil, []string{}},
		{"ASSAULT-0009", []string{"actor/other Iraqi civilians"}, []string{}},
	}
	for _, tt := range tests {
		id := "plover-PLOVER-GSR01-" + tt.id
		doc := docs[id]
		if doc == nil {
			t.Errorf("no document %s", id)
			continue
		}
		if tt.entities != nil {
			if diff := cmp.Diff(tt.entities, mappingtest.Entities(doc)); diff != "" {
				t.Errorf("%s entities (-want +got):\n%s", id, diff)
			}
		}
		if diff := cmp.Diff(tt.relations, mappingtest.Relations(doc)); diff != "" {
			t.Errorf("%s relations (-want +got):\n%s", id, diff)
		}
	}
}

// TestSampleOmitted checks what the sample leaves out, and that the
// DOCUMENT record is counted rather than failed.
func TestSampleOmitted(t *testing.T) {
	results := importFile(t, sampleFile)
	want := map[string]int{
		"DOCUMENT record (documentation of the file, not an event)": 1,
		"target that is a string, not a list of actors":             1,
		"event type INVESTIGATE omitted by the mapping":             1,
		"event type PROTEST omitted by the mapping":                 1,
		"event type DEMAND: no target":                              1,
		"event type REJECT: no target":                              1,
		"event type ASSAULT: no source":                             1,
	}
	if diff := cmp.Diff(want, mappingtest.Omitted(results)); diff != "" {
		t.Errorf("Omitted (-want +got):\n%s", diff)
	}
	if len(results) != 15 {
		t.Errorf("got %d results, want 15 (16 records less the DOCUMENT record)", len(results))
	}
	if got, want := results[0].Loc, sampleFile+" [record 2]"; got != want {
		t.Errorf("first Loc = %q, want %q", got, want)
	}
}

// TestRejectDemandRecords checks, record by record, that every REJECT and
// DEMAND record with a source and a target gives a REJECTED or DEMANDED
// relation whose evidence is the record's sentence. The expected records
// are found from the raw JSON, independently of the importer.
func TestRejectDemandRecords(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		checkRejectDemand(t, sampleFile, map[string]int{"REJECT": 3, "DEMAND": 1})
	})
	t.Run("gold standard", func(t *testing.T) {
		checkRejectDemand(t, goldFile, map[string]int{"REJECT": 30, "DEMAND": 33})
	})
}

// selfRelations are the records whose source and target are one actor, so
// that they give no relation: REJECT-0013 codes both its actors KENGOV,
// the Government of Kenya.
var selfRelations = map[string]bool{"PLOVER-GSR01-REJECT-0013": true}

func checkRejectDemand(t *testing.T, path string, wantCounts map[string]int) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	relationOf := map[string]string{"REJECT": "REJECTED", "DEMAND": "DEMANDED"}
	nonEmptyList := func(v any) bool {
		list, ok := v.([]any)
		return ok && len(list) > 0
	}
	type expectation struct{ id, relation, text string }
	var want []expectation
	counts := map[string]int{}
	for _, rec := range raw {
		event, _ := rec["event"].(string)
		rel, ok := relationOf[event]
		if !ok || !nonEmptyList(rec["source"]) || !nonEmptyList(rec["target"]) || selfRelations[rec["id"].(string)] {
			continue
		}
		counts[event]++
		want = append(want, expectation{rec["id"].(string), rel, rec["text"].(string)})
	}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Fatalf("records with a source and a target (-want +got):\n%s", diff)
	}

	docs := byID(importFile(t, path))
	for _, w := range want {
		doc := docs["plover-"+w.id]
		if doc == nil {
			t.Errorf("%s: no document", w.id)
			continue
		}
		found := false
		for _, r := range doc.Relations {
			if r.Type == w.relation && r.Evidence.Text == strings.TrimSpace(w.text) && r.Evidence.Start == 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s relation with the record's sentence as evidence; relations: %v", w.id, w.relation, mappingtest.Relations(doc))
		}
	}
}

// TestGoldStandard loads the whole gold-standard file: every record but the
// DOCUMENT record gives a valid document.
func TestGoldStandard(t *testing.T) {
	results := importFile(t, goldFile)
	if len(results) != 322 {
		t.Errorf("got %d results, want 322", len(results))
	}
	var docs []*article.Document
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Loc, r.Err)
			continue
		}
		mappingtest.Valid(t, r.Loc, r.Doc)
		docs = append(docs, r.Doc)
	}
	if n := mappingtest.Omitted(results)["record id repeated in the file (a suffix is added)"]; n != 1 {
		t.Errorf("%d repeated ids counted, want 1 (COERCE-0004)", n)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		if ids[d.ID] {
			t.Errorf("two documents have the id %s", d.ID)
		}
		ids[d.ID] = true
	}
	counts := mappingtest.Count(docs...)
	for _, typ := range []string{"REJECTED", "DEMANDED", "AGREED_TO", "ATTENDED", "HOSTED", "HELD_IN", "THREATENED", "SANCTIONED", "ATTACKED", "ACCUSED", "SUPPORTED", "AIDED", "COOPERATED_WITH"} {
		if counts[typ] == 0 {
			t.Errorf("no %s relation in the gold standard; counts: %v", typ, counts)
		}
	}
	t.Logf("relations: %v", counts)
	t.Logf("omitted: %v", mappingtest.Omitted(results))
}

// oneRecord makes a one-record JSON array from a record's fields.
func oneRecord(fields string) string {
	return `[{"id": "R1", "date": "2024-05-01", "text": "` + sentence + `", ` + fields + `}]`
}

const sentence = "Ukraine rejected a Russian proposal for talks in Istanbul, Kyiv said."

// TestRules checks one mapping rule at a time on small records.
func TestRules(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		entities  []string
		relations []string
		omitted   map[string]int
	}{
		{
			name:      "source and target",
			input:     oneRecord(`"event": "REJECT", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS", "sector": "GOV"}]`),
			entities:  []string{"actor/country Ukraine", "actor/government Government of Russia"},
			relations: []string{"REJECTED Ukraine -> Government of Russia"},
		},
		{
			name:      "sector suffix falls back to its first three letters",
			input:     oneRecord(`"event": "REJECT", "source": [{"actorText": "Ukraine", "code": "UKR", "sector": "MILxyz"}], "target": [{"actorText": "Russian", "code": "RUS", "sector": "REB"}]`),
			entities:  []string{"actor/military Ukraine", "actor/armed_group Russian"},
			relations: []string{"REJECTED Ukraine -> Russian"},
		},
		{
			name:      "an IGO code wins over the sector",
			input:     oneRecord(`"event": "SUPPORT", "source": [{"actorText": "Kyiv", "code": "IGO", "sector": "GOV"}], "target": [{"actorText": "Ukraine", "code": "UKR"}]`),
			entities:  []string{"actor/international_organisation Kyiv", "actor/country Ukraine"},
			relations: []string{"SUPPORTED Kyiv -> Ukraine"},
		},
		{
			name:      "every source with every target",
			input:     oneRecord(`"event": "ACCUSE", "source": [{"actorText": "Ukraine", "code": "UKR"}, {"actorText": "Kyiv", "code": "UKR", "sector": "GOV"}], "target": [{"actorText": "Russian", "code": "RUS"}, {"actorText": "Istanbul", "code": "TUR", "sector": "GOV"}]`),
			relations: []string{"ACCUSED Ukraine -> Russia", "ACCUSED Ukraine -> Government of Turkey", "ACCUSED Government of Ukraine -> Russia", "ACCUSED Government of Ukraine -> Government of Turkey"},
		},
		{
			name:      "an actor coded with a country's code alone is that country",
			input:     oneRecord(`"event": "ACCUSE", "source": [{"actorText": "Kyiv", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS", "sector": "GOV"}]`),
			entities:  []string{"actor/country Ukraine", "actor/government Government of Russia"},
			relations: []string{"ACCUSED Ukraine -> Government of Russia"},
		},
		{
			name:      "actor found through the markup",
			input:     oneRecord(`"event": "THREATEN", "source": [{"actorText": "Ukrainian government", "code": "UKR", "sector": "GOV"}], "target": [{"actorText": "Russian", "code": "RUS"}], "textInfo": {"markup": "(SRC: Ukraine) rejected a (TAR: Russian) proposal"}`),
			entities:  []string{"actor/government Government of Ukraine", "actor/country Russia"},
			relations: []string{"THREATENED Government of Ukraine -> Russia"},
		},
		{
			name:      "actor found nowhere is left out",
			input:     oneRecord(`"event": "THREATEN", "source": [{"actorText": "Belarus", "code": "BLR"}], "target": [{"actorText": "Russian", "code": "RUS"}]`),
			entities:  []string{"actor/country Russia"},
			relations: []string{},
			omitted:   map[string]int{"actor not found in the sentence": 1, "event type THREATEN: no source": 1},
		},
		{
			name:      "mode rule wins over the event rule",
			input:     oneRecord(`"event": "RETREAT", "mode": "release", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS"}]`),
			relations: []string{"EXCHANGED Ukraine -> Russia"},
		},
		{
			name:      "a mode without a rule uses the event rule",
			input:     oneRecord(`"event": "RETREAT", "mode": "withdraw", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS"}]`),
			relations: []string{},
			omitted:   map[string]int{"event type RETREAT omitted by the mapping": 1},
		},
		{
			name:      "consult with a location is a meeting held there",
			input:     oneRecord(`"event": "CONSULT", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS"}], "eventLoc": {"name": "Istanbul"}`),
			entities:  []string{"actor/country Ukraine", "actor/country Russia", "place/ Istanbul", "meeting/ Meeting of Ukraine and Russia"},
			relations: []string{"ATTENDED Ukraine -> Meeting of Ukraine and Russia", "ATTENDED Russia -> Meeting of Ukraine and Russia", "HELD_IN Meeting of Ukraine and Russia -> Istanbul"},
		},
		{
			name:      "mutual actors marked SRC/TAR",
			input:     oneRecord(`"event": "COOPERATE", "source": [{"actorText": "Ukraine", "code": "UKR"}, {"actorText": "Russian", "code": "RUS"}], "target": "", "textInfo": {"markup": "(SRC/TAR: Ukraine) rejected a (SRC/TAR: Russian) proposal"}`),
			relations: []string{"COOPERATED_WITH Ukraine -> Russia", "COOPERATED_WITH Russia -> Ukraine"},
		},
		{
			name:      "agree makes an agreement named after the event text",
			input:     oneRecord(`"event": "AGREE", "eventText": "rejected proposal", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS"}]`),
			relations: []string{"AGREED_TO Ukraine -> rejected proposal"},
			omitted:   map[string]int{"AGREED_TO: target not stored (an agreement has parties only)": 1},
		},
		{
			name:      "the same actor on both sides",
			input:     oneRecord(`"event": "ACCUSE", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Ukraine", "code": "UKR"}]`),
			relations: []string{},
			omitted:   map[string]int{"ACCUSED from an entity to itself": 1},
		},
		{
			name:      "unmapped event",
			input:     oneRecord(`"event": "TELEPORT", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS"}]`),
			relations: []string{},
			omitted:   map[string]int{"unmapped event type TELEPORT": 1},
		},
		{
			name:      "a bad date is left out",
			input:     `[{"id": "R1", "date": "01/05/2024", "text": "` + sentence + `", "event": "REJECT"}]`,
			relations: []string{},
			omitted:   map[string]int{"record date that is not YYYY-MM-DD": 1, "event type REJECT: no source": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := mappingtest.Import(New(nil), "r.json", []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 1 || results[0].Err != nil {
				t.Fatalf("results = %+v", results)
			}
			doc := results[0].Doc
			mappingtest.Valid(t, results[0].Loc, doc)
			if tt.entities != nil {
				if diff := cmp.Diff(tt.entities, mappingtest.Entities(doc)); diff != "" {
					t.Errorf("entities (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(tt.relations, mappingtest.Relations(doc)); diff != "" {
				t.Errorf("relations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.omitted, results[0].Omitted, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("omitted (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDocument checks the article a record becomes.
func TestDocument(t *testing.T) {
	results, err := mappingtest.Import(New(nil), "r.json", []byte(oneRecord(`"event": "REJECT", "publication": "Example Wire", "source": [{"actorText": "Ukraine"}], "target": [{"actorText": "Russian"}]`)))
	if err != nil || len(results) != 1 {
		t.Fatalf("Import = %v, %v", results, err)
	}
	doc := results[0].Doc
	want := article.Document{ID: "plover-R1", Title: sentence, Text: sentence, Source: "Example Wire", Published: "2024-05-01"}
	got := *doc
	got.Entities, got.Relations = nil, nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	ev := doc.Relations[0].Evidence
	if ev.Start != 0 || ev.End != len([]rune(sentence)) {
		t.Errorf("evidence = %+v, want the whole sentence", ev)
	}
}

// TestJSONLines reads records a line each, with their line numbers.
func TestJSONLines(t *testing.T) {
	lines := `{"id": "A", "text": "Ukraine rejected it.", "event": "REJECT", "source": [{"actorText": "Ukraine"}], "target": [{"actorText": "it"}]}

{"id": "B", "text": "Kyiv demanded it.", "event": "DEMAND", "source": [{"actorText": "Kyiv"}], "target": [{"actorText": "it"}]}
not json
`
	results, err := mappingtest.Import(New(nil), "r.jsonl", []byte(lines))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		s := r.Loc
		if r.Err != nil {
			s += " error"
		} else {
			s += " " + strings.Join(mappingtest.Relations(r.Doc), ",")
		}
		got = append(got, s)
	}
	want := []string{"r.jsonl:1 REJECTED Ukraine -> it", "r.jsonl:3 DEMANDED Kyiv -> it", "r.jsonl:4 error"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestBadRecords checks that a record that cannot be read is reported
// with where it is and why, and the next records are still read.
func TestBadRecords(t *testing.T) {
	good := `{"id": "G", "text": "Kyiv demanded it.", "event": "DEMAND"}`
	tests := []struct {
		name   string
		record string
		want   string
	}{
		{"not an object", `[1, 2]`, "not a JSON object"},
		{"no id", `{"text": "x", "event": "REJECT"}`, "record without an id"},
		{"no text", `{"id": "X", "event": "REJECT"}`, "record X: no text"},
		{"no event", `{"id": "X", "text": "x"}`, "record X: no event"},
		{"id of the wrong type", `{"id": 7, "text": "x", "event": "REJECT"}`, "id: want a string, got a number"},
		{"source of the wrong type", `{"id": "X", "text": "x", "event": "REJECT", "source": 3}`, "source: want a list of actors, got a number"},
		{"actor of the wrong type", `{"id": "X", "text": "x", "event": "REJECT", "source": ["Kyiv"]}`, "source[0]: want an actor"},
		{"eventLoc of the wrong type", `{"id": "X", "text": "x", "event": "REJECT", "eventLoc": [1]}`, "eventLoc: want {name, ...}"},
		{"invalid UTF-8", "{\"id\": \"X\", \"text\": \"Kyiv \xff\", \"event\": \"REJECT\"}", "invalid UTF-8 at byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := "[" + tt.record + ",\n" + good + "]"
			results, err := mappingtest.Import(New(nil), "r.json", []byte(input))
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 2 {
				t.Fatalf("got %d results, want 2", len(results))
			}
			bad := results[0]
			if bad.Err == nil || !strings.Contains(bad.Err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", bad.Err, tt.want)
			}
			if bad.Loc != "r.json [record 1]" || bad.Doc != nil {
				t.Errorf("Loc = %q, Doc = %v", bad.Loc, bad.Doc)
			}
			if results[1].Err != nil || results[1].Loc != "r.json [record 2]" {
				t.Errorf("next record: %s %v", results[1].Loc, results[1].Err)
			}
		})
	}
}

// TestBadFiles checks the errors that stop a whole file.
func TestBadFiles(t *testing.T) {
	one := `{"id": "A", "text": "Kyiv demanded it.", "event": "DEMAND"}`
	tests := []struct {
		name    string
		input   string
		results int
		want    string
	}{
		{"empty", "  \n", 0, "the file is empty"},
		{"not JSON", "REJECT,Ukraine,Russia\n", 0, "want a JSON array of records or JSON lines"},
		{"truncated array", "[" + one + ",\n" + one[:20], 1, "[record 2]: the file ends in the middle of the JSON array: is it truncated?"},
		{"array not closed", "[" + one, 1, "after record 1: the file ends in the middle of the JSON array"},
		{"broken JSON", "[" + one + ", {\"id\": }]", 1, "[record 2]: invalid JSON at byte"},
		{"only a DOCUMENT record", `[{"id": "D", "event": "DOCUMENT"}]`, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := mappingtest.Import(New(nil), "r.json", []byte(tt.input))
			if len(results) != tt.results {
				t.Errorf("got %d results, want %d", len(results), tt.results)
			}
			if tt.want == "" {
				if err != nil {
					t.Errorf("Import: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	t.Run("only a DOCUMENT record is reported", func(t *testing.T) {
		results, _ := mappingtest.Import(New(nil), "r.json", []byte(`[{"id": "D", "event": "DOCUMENT"}]`))
		if len(results) != 1 || results[0].Err == nil || results[0].Omitted["DOCUMENT record (documentation of the file, not an event)"] != 1 {
			t.Errorf("results = %+v", results)
		}
	})
}

// hugeRecord produces a record whose text is n bytes long, without holding
// it in memory.
type hugeRecord struct {
	prefix, suffix string
	n, done        int
}

func (h *hugeRecord) Read(p []byte) (int, error) {
	total := len(h.prefix) + h.n + len(h.suffix)
	if h.done >= total {
		return 0, io.EOF
	}
	i := 0
	for i < len(p) && h.done < total {
		switch {
		case h.done < len(h.prefix):
			p[i] = h.prefix[h.done]
		case h.done < len(h.prefix)+h.n:
			p[i] = 'a'
		default:
			p[i] = h.suffix[h.done-len(h.prefix)-h.n]
		}
		i++
		h.done++
	}
	return i, nil
}

// TestHugeRecord feeds a 100 MB record, as an array element and as a JSON
// line: the error is clear and the memory used stays well under the
// record's size.
func TestHugeRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	const size = 100 << 20
	tests := []struct {
		name           string
		prefix, suffix string
		path           string
		want           string
	}{
		{"array", `[{"id": "X", "event": "REJECT", "text": "`, `"}]`, "r.json", "[record 1]: a record is longer than 1 MiB"},
		{"JSON lines", `{"id": "X", "event": "REJECT", "text": "`, "\"}\n" + `{"id": "Y", "text": "Kyiv demanded it.", "event": "DEMAND"}` + "\n", "r.jsonl", "the record is longer than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var results []loaders.Result
			err := New(nil).Import(tt.path, &hugeRecord{prefix: tt.prefix, suffix: tt.suffix, n: size}, func(r loaders.Result) error {
				results = append(results, r)
				return nil
			})
			runtime.ReadMemStats(&after)
			msg := fmt.Sprint(err)
			if err == nil && len(results) > 0 && results[0].Err != nil {
				msg = results[0].Err.Error()
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q, want it to contain %q", msg, tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("allocated %d MiB reading a %d MiB record", alloc>>20, size>>20)
			}
		})
	}
}

// TestDetect checks which files the importer claims.
func TestDetect(t *testing.T) {
	head, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	head = head[:min(len(head), loaders.HeadSize)]
	tests := []struct {
		path string
		head string
		want bool
	}{
		{"gsr.json", string(head), true},
		{"PLOVER_GSR_CAMEO.txt", string(head), true},
		{"r.jsonl", `{"id": "A", "eventText": "x"}`, true},
		{"r.yaml", string(head), false},
		{"native.json", `{"id": "a", "title": "t", "text": "x", "entities": []}`, false},
		{"wiki.jsonl", `{"doc_id": "d", "tokens": ["x"]}`, false},
		{"notes.txt", "Ukraine rejected the proposal.", false},
	}
	for _, tt := range tests {
		if got := New(nil).Detect(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestCustomMapping applies a mapping other than the default.
func TestCustomMapping(t *testing.T) {
	m, err := mapping.Parse("custom.yaml", []byte(`
entities:
  "*": actor/other
events:
  REJECT: ACCUSED
roles:
  source: target
  target: source
`))
	if err != nil {
		t.Fatal(err)
	}
	results, err := mappingtest.Import(New(m), "r.json", []byte(oneRecord(`"event": "REJECT", "source": [{"actorText": "Ukraine"}], "target": [{"actorText": "Russian"}]`)))
	if err != nil || len(results) != 1 || results[0].Err != nil {
		t.Fatalf("Import = %+v, %v", results, err)
	}
	if diff := cmp.Diff([]string{"ACCUSED Russian -> Ukraine"}, mappingtest.Relations(results[0].Doc)); diff != "" {
		t.Errorf("relations (-want +got):\n%s", diff)
	}
}

// TestRepeatedID gives a record whose id an earlier record has a suffix.
func TestRepeatedID(t *testing.T) {
	rec := `{"id": "R", "text": "Kyiv demanded it.", "event": "DEMAND"}`
	results, err := mappingtest.Import(New(nil), "r.jsonl", []byte(rec+"\n"+rec+"\n"+rec+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range results {
		ids = append(ids, r.Doc.ID)
	}
	if diff := cmp.Diff([]string{"plover-R", "plover-R-2", "plover-R-3"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if n := mappingtest.Omitted(results)["record id repeated in the file (a suffix is added)"]; n != 2 {
		t.Errorf("counted %d repeated ids, want 2", n)
	}
}

// TestEmitError stops at the first error emit returns.
func TestEmitError(t *testing.T) {
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	err = New(nil).Import(sampleFile, strings.NewReader(string(data)), func(loaders.Result) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Import = %v after %d results, want stop after 1", err, n)
	}
}

// TestParseMarkup reads the inline markup, nested and unbalanced.
func TestParseMarkup(t *testing.T) {
	tests := []struct {
		markup string
		want   []string
	}{
		{"(SRC: Hungarian) and (SRC/TAR: Romanian) (EVT: agreed)", []string{"SRC Hungarian", "SRC/TAR Romanian", "EVT agreed"}},
		{"One third (LOC: in (TAR: Macedonia)) have", []string{"LOC in Macedonia", "TAR Macedonia"}},
		{"The (SRC: Revolutionary United Front (RUF)) rebels", []string{"SRC Revolutionary United Front (RUF)"}},
		{"(TAR:President  Juvenal Habyarimana) and (EVT: left", []string{"TAR President Juvenal Habyarimana", "EVT left"}},
		{"no markup (at all)", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range parseMarkup(tt.markup) {
			got = append(got, s.tag+" "+s.text)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseMarkup(%q) (-want +got):\n%s", tt.markup, diff)
		}
	}
}

// TestCountriesAreOneActor loads the gold-standard file: every actor that
// names a country ("US", "U.S.", "United States") is the country's one
// actor, whose id comes from its Wikidata id, so no two actors share a
// country.
func TestCountriesAreOneActor(t *testing.T) {
	byCountry := map[string]map[string]bool{} // Wikidata id -> actor ids
	for _, r := range importFile(t, goldFile) {
		if r.Err != nil || r.Doc == nil {
			continue
		}
		g, err := r.Doc.Graph()
		if err != nil {
			t.Fatalf("%s: %v", r.Loc, err)
		}
		for _, c := range g.Entities {
			e := c.Entity
			if e.Type != ontology.Actor {
				continue
			}
			for _, name := range append([]string{e.Name}, e.Aliases...) {
				if country, ok := gazetteer.ByName(name); ok {
					if byCountry[country.Wikidata] == nil {
						byCountry[country.Wikidata] = map[string]bool{}
					}
					byCountry[country.Wikidata][e.ID] = true
				}
			}
		}
	}
	for qid, ids := range byCountry {
		if want := "actor:" + qid; len(ids) != 1 || !ids[want] {
			t.Errorf("country %s: actors %v, want only %s", qid, slices.Sorted(maps.Keys(ids)), want)
		}
	}
	if len(byCountry) < 30 {
		t.Errorf("%d countries among the actors, want at least 30", len(byCountry))
	}
	us := byCountry["Q30"]
	if !us["actor:Q30"] {
		t.Errorf("the United States is not actor:Q30: %v", us)
	}
}
