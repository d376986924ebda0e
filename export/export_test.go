package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Node ids of the fixture.
const (
	russia    = "actor:Q159"
	ukraine   = "actor:Q212"
	ceasefire = "agreement:full-and-unconditional-ceasefire-of-at-least-30-days"
)

// export runs Write into a buffer.
func export(t *testing.T, st store.Store, opt Options) (string, Stats) {
	t.Helper()
	var buf bytes.Buffer
	stats, err := Write(context.Background(), st, &buf, opt)
	if err != nil {
		t.Fatalf("Write(%+v): %v", opt, err)
	}
	return buf.String(), stats
}

// lines decodes JSON lines, each into a map so that missing or extra
// fields show.
func lines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", n, err, sc.Text())
		}
		recs = append(recs, m)
	}
	return recs
}

// key names a relation by type, source and target.
func key(m map[string]any) string {
	return fmt.Sprintf("%s %s -> %s", m["type"], m["source_id"], m["target_id"])
}

func TestJSONL(t *testing.T) {
	st := fixture(t)
	out, stats := export(t, st, Options{Format: JSONL, Evidence: true})
	recs := lines(t, out)

	// The relation restated by the second article, with its evidence
	// lines right after it.
	i := slices.IndexFunc(recs, func(m map[string]any) bool {
		return m["record"] == "relation" && key(m) == "REJECTED "+russia+" -> "+ceasefire
	})
	if i < 0 {
		t.Fatalf("no REJECTED relation from %s to %s in:\n%s", russia, ceasefire, out)
	}
	rejected := recs[i]
	id := rejected["id"]
	want := map[string]any{
		"record": "relation", "id": id, "type": "REJECTED", "cameo": "12", "plover": "REJECT", "quad_class": 3.0,
		"source_id": russia, "source_name": "Russia", "source_type": "Actor", "source_kind": "country", "source_codes": "",
		"target_id": ceasefire, "target_name": "Full and unconditional ceasefire of at least 30 days",
		"target_type": "Agreement", "target_kind": "ceasefire", "target_codes": "",
		"quantity": nil, "item": "", "date": "", "duration": "", "conditions": "", "place_id": "", "place_name": "", "when": "",
		"evidence_count": 3.0, "first_date": "2025-06-03", "last_date": "2025-07-20",
	}
	if diff := cmp.Diff(want, rejected); diff != "" {
		t.Errorf("REJECTED relation (-want +got):\n%s", diff)
	}
	title := "Russia rejects ceasefire while agreeing to prisoner exchange with Ukraine"
	evidence := func(quote, articleID, title, published, url string) map[string]any {
		return map[string]any{
			"record": "evidence", "relation_id": id, "type": "REJECTED", "source_id": russia, "target_id": ceasefire,
			"quote": quote, "article_id": articleID, "title": title, "published": published, "url": url,
		}
	}
	wantEvidence := []map[string]any{
		evidence("Russia again refused the ceasefire on July 20, 2025.", "article:geneva-round-2025-07-20",
			`Kyiv and Moscow trade blame after "Geneva" round`, "2025-07-20", "https://example.org/news/geneva-round"),
		evidence(title, "article:istanbul-talks-2025-06-03", title, "2025-06-03", ""),
		evidence("Ukrainian officials demanded a total ceasefire but Russia refused.", "article:istanbul-talks-2025-06-03",
			title, "2025-06-03", ""),
	}
	if i+4 > len(recs) {
		t.Fatalf("the REJECTED relation is not followed by 3 evidence lines")
	}
	if diff := cmp.Diff(wantEvidence, recs[i+1:i+4]); diff != "" {
		t.Errorf("evidence lines of REJECTED (-want +got):\n%s", diff)
	}

	// Every relation line is followed by as many evidence lines as it
	// counts, and the totals match the stats.
	var relations, evidenceLines int
	for j := 0; j < len(recs); j++ {
		m := recs[j]
		if m["record"] != "relation" {
			t.Fatalf("line %d: a %v line where a relation line was due", j+1, m["record"])
		}
		relations++
		n := int(m["evidence_count"].(float64))
		for k := 1; k <= n; k++ {
			if e := recs[j+k]; e["record"] != "evidence" || e["relation_id"] != m["id"] {
				t.Fatalf("line %d: want evidence of %v, got %v", j+k+1, m["id"], e)
			}
		}
		evidenceLines += n
		j += n
	}
	if want := (Stats{Read: 27, Relations: 27, Evidence: 31}); stats != want || relations != 27 || evidenceLines != 31 {
		t.Errorf("stats %+v, %d relation and %d evidence lines; want %+v", stats, relations, evidenceLines, want)
	}

	// Without Evidence, relation lines only.
	out, _ = export(t, st, Options{Format: JSONL})
	for _, m := range lines(t, out) {
		if m["record"] != "relation" {
			t.Fatalf("evidence line without Evidence: %v", m)
		}
	}
}

func TestCSV(t *testing.T) {
	st := fixture(t)
	out, stats := export(t, st, Options{Format: CSV})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	if diff := cmp.Diff(Header, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(recs) != 1+27 || stats.Relations != 27 {
		t.Fatalf("%d rows and %d relations, want 27", len(recs)-1, stats.Relations)
	}
	// The rows are the relation lines of jsonl, column by column.
	jl, _ := export(t, st, Options{Format: JSONL})
	for i, m := range lines(t, jl) {
		want := make([]string, len(Header))
		for c, name := range Header {
			switch v := m[name].(type) {
			case nil:
			case float64:
				want[c] = fmt.Sprint(v)
			default:
				want[c] = v.(string)
			}
		}
		if diff := cmp.Diff(want, recs[i+1]); diff != "" {
			t.Errorf("row %d (-jsonl +csv):\n%s", i+1, diff)
		}
	}
	// A field with a comma and quotes survives the round trip.
	col := func(name string) int { return slices.Index(Header, name) }
	exchanged := slices.IndexFunc(recs, func(r []string) bool { return r[col("type")] == "EXCHANGED" && r[col("quantity")] == "84" })
	if exchanged < 0 || recs[exchanged][col("item")] != `prisoners of war, "all ranks"` || recs[exchanged][col("date")] != "2025-08-01" {
		t.Errorf("EXCHANGED 84 row: %q", recs[max(exchanged, 0)])
	}
}

// typeSourceTarget lists the relations of a jsonl export, sorted.
func typeSourceTarget(t *testing.T, out string) []string {
	var keys []string
	for _, m := range lines(t, out) {
		keys = append(keys, key(m))
	}
	slices.Sort(keys)
	return keys
}

func TestFilters(t *testing.T) {
	st := fixture(t)
	all, _ := export(t, st, Options{Format: JSONL})
	// The example article's relations are all of June; the second
	// article's two new ones (an accusation and a second exchange from
	// Russia to Ukraine) are not.
	june := typeSourceTarget(t, all)
	for _, k := range []string{"ACCUSED " + russia + " -> " + ukraine, "EXCHANGED " + russia + " -> " + ukraine} {
		i := slices.Index(june, k)
		if i < 0 {
			t.Fatalf("no %s in the export", k)
		}
		june = slices.Delete(june, i, i+1)
	}
	tests := []struct {
		name string
		opt  Options
		want []string
	}{
		{"types", Options{Types: []ontology.RelationType{ontology.Rejected, ontology.Accused}}, []string{
			"ACCUSED " + russia + " -> " + ukraine,
			"REJECTED " + russia + " -> " + ceasefire,
			"REJECTED " + ukraine + " -> agreement:demobilization-of-ukrainian-soldiers",
			"REJECTED " + ukraine + " -> agreement:international-recognition-of-russian-annexed-territories",
		}},
		// Published 2025-07-20, but dated 2025-08-01: the date qualifier
		// decides, so the exchange is out.
		{"July", Options{Since: "2025-07-01", Until: "2025-07-31"}, []string{
			"ACCUSED " + russia + " -> " + ukraine,
			"REJECTED " + russia + " -> " + ceasefire,
		}},
		{"since August", Options{Since: "2025-08-01"}, []string{
			"EXCHANGED " + russia + " -> " + ukraine,
		}},
		{"until June", Options{Until: "2025-06-30"}, june},
		{"types and dates", Options{Types: []ontology.RelationType{ontology.Exchanged}, Until: "2025-07-31"}, []string{
			"EXCHANGED " + russia + " -> " + ukraine,
			"EXCHANGED " + ukraine + " -> " + russia,
		}},
		{"nothing before", Options{Until: "2024-12-31"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Format = JSONL
			out, _ := export(t, st, tt.opt)
			if diff := cmp.Diff(tt.want, typeSourceTarget(t, out)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// lyingCount is a store whose graph grows after it has been counted.
type lyingCount struct{ store.Store }

func (lyingCount) CountRelations(context.Context, store.RelationQuery) (int, error) { return 1, nil }

func TestMaxRelations(t *testing.T) {
	st := fixture(t)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			_, err := Write(context.Background(), st, &buf, Options{Format: f, MaxRelations: 26})
			if !errors.Is(err, ErrTooMany) || !strings.Contains(err.Error(), "more than 26 relations") {
				t.Errorf("27 relations, at most 26: got %v", err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", buf.Len())
			}
			// The bound counts the relations of the asked types.
			out, stats := export(t, st, Options{Format: f, MaxRelations: 4, Types: []ontology.RelationType{ontology.Rejected, ontology.Accused}})
			if stats.Relations != 4 || out == "" {
				t.Errorf("4 relations of the asked types, at most 4: %+v", stats)
			}
		})
	}

	// The graph grew past the bound after the count: jsonl says so in
	// its last line.
	var buf bytes.Buffer
	stats, err := Write(context.Background(), lyingCount{st}, &buf, Options{Format: JSONL, MaxRelations: 3})
	if !errors.Is(err, ErrTooMany) {
		t.Fatalf("got %v, want ErrTooMany", err)
	}
	recs := lines(t, buf.String())
	want := map[string]any{"record": "error", "error": err.Error()}
	if diff := cmp.Diff(want, recs[len(recs)-1]); diff != "" || stats.Relations != 0 {
		t.Errorf("last line (-want +got):\n%s; stats %+v", diff, stats)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		opt  Options
		want string
	}{
		{Options{Format: "xls"}, `format: unknown format "xls" (use jsonl, csv, graphml, gexf)`},
		{Options{Format: CSV, Since: "2025-13-01"}, `since: "2025-13-01" is not a date of the form YYYY-MM-DD`},
		{Options{Format: CSV, Until: "June"}, `until: "June" is not a date of the form YYYY-MM-DD`},
		{Options{Format: CSV, Since: "2025-07-01", Until: "2025-06-01"}, "since 2025-07-01 is after until 2025-06-01"},
		{Options{Format: CSV, Evidence: true}, "evidence: evidence lines are a jsonl option, not csv"},
		{Options{Format: CSV, Types: []ontology.RelationType{"LIKED"}}, `types: unknown relation type "LIKED"`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		_, err := Write(context.Background(), fixture(t), &buf, tt.opt)
		if !errors.Is(err, ErrInvalid) || err.Error() != "invalid export options: "+tt.want {
			t.Errorf("%+v: got %v, want %s", tt.opt, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%+v: wrote %d bytes", tt.opt, buf.Len())
		}
	}
	if _, err := ParseTypes("rejected, agreed_to,REJECTED"); err != nil {
		t.Error(err)
	}
	if _, err := ParseTypes("rejected,liked"); err == nil || !strings.Contains(err.Error(), `unknown relation type "liked"`) {
		t.Errorf("ParseTypes(liked): %v", err)
	}
}
