package wikievents

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/loaders/mapping/mappingtest"
)

const sampleFile = "testdata/sample.jsonl"

// splitFile is the whole WikiEvents test split (see testdata/README.md).
const splitFile = "testdata/test.jsonl"

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

func validDocs(t *testing.T, results []loaders.Result) []*article.Document {
	t.Helper()
	var docs []*article.Document
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Loc, r.Err)
			continue
		}
		mappingtest.Valid(t, r.Loc, r.Doc)
		docs = append(docs, r.Doc)
	}
	return docs
}

// TestSample checks the relations of the three sample articles.
func TestSample(t *testing.T) {
	docs := validDocs(t, importFile(t, sampleFile))
	got := map[string][]string{}
	for _, d := range docs {
		got[d.ID] = mappingtest.Relations(d)
	}
	want := map[string][]string{
		"wikievents-wiki_mass_car_bombings_1_news_8": {
			"ATTACKED Taliban -> members",
			"ATTACKED gunmen -> soldiers",
			"ATTENDED official -> Meeting of official",
			"ATTACKED fighters -> people",
			"ATTENDED officials -> Meeting of officials and Taliban",
			"ATTENDED Taliban -> Meeting of officials and Taliban",
			"HELD_IN Meeting of officials and Taliban -> Qatar",
		},
		"wikievents-wiki_mass_car_bombings_0_news_9": {
			"DEMANDED Colombia -> Cuba",
			"DEMANDED Ivan Duque -> Cuba",
			"ATTACKED ELN -> people",
			"ATTACKED ELN -> attacker",
			"ATTACKED ELN -> academy",
			"DEMANDED Colombia -> Cuba",
		},
		"wikievents-scenario_en_kairos_2": {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("relations (-want +got):\n%s", diff)
	}
}

// TestSampleDetails checks a meeting, its place and the evidence of a
// relation in the sample.
func TestSampleDetails(t *testing.T) {
	results := importFile(t, sampleFile)
	doc := results[0].Doc
	if doc == nil {
		t.Fatalf("%s: %v", results[0].Loc, results[0].Err)
	}
	if got, want := results[0].Loc, sampleFile+":1"; got != want {
		t.Errorf("Loc = %q, want %q", got, want)
	}
	byName := map[string]article.Entity{}
	for _, e := range doc.Entities {
		byName[e.Type+" "+e.Name] = e
	}
	if q := byName["place Qatar"]; q.Kind != "country" || len(q.Mentions) == 0 {
		t.Errorf("Qatar as a place = %+v, want a country place with its mentions", q)
	}
	m := byName["meeting Meeting of officials and Taliban"]
	if m.Key == "" || len(m.Mentions) != 1 || m.Mentions[0].Text != "met" {
		t.Errorf("meeting = %+v, want a key and the trigger \"met\" as its mention", m)
	}
	for _, r := range doc.Relations {
		if r.Type == "HELD_IN" && !strings.Contains(r.Evidence.Text, "Qatar") {
			t.Errorf("HELD_IN evidence %q does not mention Qatar", r.Evidence.Text)
		}
		if r.Type == "HELD_IN" && strings.ContainsAny(r.Evidence.Text[len(r.Evidence.Text)-1:], " \n") {
			t.Errorf("evidence %q is not trimmed", r.Evidence.Text)
		}
	}
	if doc.Title == "" || len([]rune(doc.Title)) > 120 {
		t.Errorf("title = %q", doc.Title)
	}
	omitted := mappingtest.Omitted(results)
	for _, reason := range []string{
		"unmapped event type Movement.Transportation.Unspecified",
		"entity type WEA omitted by the mapping",
		"mention on the mapping's ignore list",
		"event type Conflict.Attack.DetonateExplode: no source",
	} {
		if omitted[reason] == 0 {
			t.Errorf("no count of %q in %v", reason, mappingtest.Reasons(omitted))
		}
	}
}

// TestSplitFile loads the whole test split.
func TestSplitFile(t *testing.T) {
	results := importFile(t, splitFile)
	docs := validDocs(t, results)
	if len(docs) != 20 {
		t.Errorf("got %d documents, want 20", len(docs))
	}
	counts := mappingtest.Count(docs...)
	for _, typ := range []string{"ATTACKED", "ATTENDED", "HELD_IN", "DEMANDED", "SANCTIONED"} {
		if counts[typ] == 0 {
			t.Errorf("no %s relation; counts: %v", typ, counts)
		}
	}
	t.Logf("relations: %v", counts)
}

// wdoc builds a WikiEvents line from sentences whose tokens are separated
// by single spaces. The token offsets count from an original document in
// which sentences are separated by "\n\n", as in the real data, while the
// text joins them with nothing.
type wdoc struct {
	sentences []string
	tokens    []string
	mentions  []map[string]any
	events    []map[string]any
}

func newDoc(sentences ...string) *wdoc {
	d := &wdoc{sentences: sentences}
	for _, s := range sentences {
		d.tokens = append(d.tokens, strings.Fields(s)...)
	}
	return d
}

// tok is the index of the n-th token (from 0) equal to word.
func (d *wdoc) tok(word string, n int) int {
	for i, t := range d.tokens {
		if t == word {
			if n == 0 {
				return i
			}
			n--
		}
	}
	panic("no token " + word)
}

// mention adds an entity mention of the tokens from first to last.
func (d *wdoc) mention(id, typ, first, last string) *wdoc {
	s, e := d.tok(first, 0), d.tok(last, 0)+1
	d.mentions = append(d.mentions, map[string]any{
		"id": id, "start": s, "end": e, "entity_type": typ, "mention_type": "UNK",
		"text": strings.Join(d.tokens[s:e], " "),
	})
	return d
}

// event adds an event mention triggered by a word, with role=id arguments.
func (d *wdoc) event(id, typ, trigger string, args ...string) *wdoc {
	t := d.tok(trigger, 0)
	var arguments []map[string]any
	for _, a := range args {
		role, ref, _ := strings.Cut(a, "=")
		arguments = append(arguments, map[string]any{"entity_id": ref, "role": role, "text": ref})
	}
	d.events = append(d.events, map[string]any{
		"id": id, "event_type": typ, "arguments": arguments,
		"trigger": map[string]any{"start": t, "end": t + 1, "text": trigger, "sent_idx": 0},
	})
	return d
}

func (d *wdoc) json() string {
	var sentences []any
	var text strings.Builder
	offset := 0
	for _, s := range d.sentences {
		var toks []any
		at := 0
		for _, w := range strings.Fields(s) {
			i := strings.Index(s[at:], w) + at
			start := offset + len([]rune(s[:i]))
			toks = append(toks, []any{w, start, start + len([]rune(w))})
			at = i + len(w)
		}
		sentences = append(sentences, []any{toks, s})
		text.WriteString(s)
		offset += len([]rune(s)) + 2
	}
	b, err := json.Marshal(map[string]any{
		"doc_id": "doc_1", "tokens": d.tokens, "text": text.String(), "sentences": sentences,
		"entity_mentions": d.mentions, "relation_mentions": []any{}, "event_mentions": d.events,
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

func convertOne(t *testing.T, line string) loaders.Result {
	t.Helper()
	results, err := mappingtest.Import(New(nil), "w.jsonl", []byte(line+"\n"))
	if err != nil || len(results) != 1 {
		t.Fatalf("Import = %+v, %v", results, err)
	}
	return results[0]
}

// TestTokens checks that mentions land on the right code points when the
// token offsets count from a differently spaced original with non-ASCII
// text.
func TestTokens(t *testing.T) {
	d := newDoc("Zelenskyy’s envoy met Ukraine’s allies. ", "Україна and Türkiye met in Istanbul .")
	d.mention("m1", "GPE", "Україна", "Україна").mention("m2", "GPE", "Türkiye", "Türkiye").mention("m3", "GPE", "Istanbul", "Istanbul")
	d.event("e1", "Contact.Contact.Meet", "met", "Participant=m1", "Participant=m2", "Place=m3")
	res := convertOne(t, d.json())
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	mappingtest.Valid(t, res.Loc, res.Doc)
	var spans []string
	for _, e := range res.Doc.Entities {
		for _, m := range e.Mentions {
			spans = append(spans, fmt.Sprintf("%s [%d,%d) %s", e.Type, m.Start, m.End, m.Text))
		}
	}
	want := []string{
		"actor [40,47) Україна", "actor [52,59) Türkiye", "actor [67,75) Istanbul",
		"meeting [18,21) met", // the first "met" is the trigger the helper picks
		"place [67,75) Istanbul",
	}
	if diff := cmp.Diff(want, spans); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
}

// TestRules checks one mapping rule at a time.
func TestRules(t *testing.T) {
	two := []string{"Kyiv asked Moscow to return prisoners .", "The talks were held in Istanbul ."}
	tests := []struct {
		name      string
		doc       *wdoc
		relations []string
		evidence  string
		omitted   map[string]int
	}{
		{
			name: "request becomes a demand with the topic as item",
			doc: newDoc(two...).mention("k", "GPE", "Kyiv", "Kyiv").mention("m", "GPE", "Moscow", "Moscow").mention("p", "PER", "prisoners", "prisoners").
				event("e", "Contact.RequestCommand.Unspecified", "asked", "Communicator=k", "Recipient=m", "Topic=p"),
			relations: []string{"DEMANDED Kyiv -> Moscow"},
			evidence:  "Kyiv asked Moscow to return prisoners .",
		},
		{
			name: "a meeting held in a GPE place and an argument in another sentence",
			doc: newDoc(two...).mention("k", "GPE", "Kyiv", "Kyiv").mention("m", "ORG", "Moscow", "Moscow").mention("i", "GPE", "Istanbul", "Istanbul").
				event("e", "Contact.Contact.Meet", "asked", "Participant=k", "Participant=m", "Place=i"),
			relations: []string{"ATTENDED Kyiv -> Meeting of Kyiv and Moscow", "ATTENDED Moscow -> Meeting of Kyiv and Moscow", "HELD_IN Meeting of Kyiv and Moscow -> Istanbul"},
			evidence:  "Kyiv asked Moscow to return prisoners .The talks were held in Istanbul .",
		},
		{
			name: "an attack on a facility targets a place",
			doc: newDoc(two...).mention("k", "ORG", "Kyiv", "Kyiv").mention("t", "FAC", "talks", "talks").
				event("e", "Conflict.Attack.Unspecified", "held", "Attacker=k", "Target=t"),
			relations: []string{"ATTACKED Kyiv -> talks"},
			evidence:  "Kyiv asked Moscow to return prisoners .The talks were held in Istanbul .",
		},
		{
			name: "a pronoun is no entity",
			doc: newDoc("They asked Moscow .").mention("k", "PER", "They", "They").mention("m", "GPE", "Moscow", "Moscow").
				event("e", "Contact.RequestCommand.Unspecified", "asked", "Communicator=k", "Recipient=m"),
			relations: []string{},
			omitted:   map[string]int{"mention on the mapping's ignore list": 1, "argument left out with its entity": 1, "event type Contact.RequestCommand.Unspecified: no source": 1},
		},
		{
			name: "mentions with the same text are one entity",
			doc: newDoc("Moscow asked Moscow .").mention("a", "GPE", "Moscow", "Moscow").
				event("e", "Contact.RequestCommand.Unspecified", "asked", "Communicator=a", "Recipient=a"),
			relations: []string{},
			omitted:   map[string]int{"DEMANDED from an entity to itself": 1},
		},
		{
			name:      "unmapped event and omitted entity type",
			doc:       newDoc("Kyiv bought drones .").mention("k", "GPE", "Kyiv", "Kyiv").mention("d", "WEA", "drones", "drones").event("e", "Transaction.ExchangeBuySell.Unspecified", "bought", "Giver=k", "AcquiredEntity=d"),
			relations: []string{},
			omitted:   map[string]int{"entity type WEA omitted by the mapping": 1, "unmapped event type Transaction.ExchangeBuySell.Unspecified": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := convertOne(t, tt.doc.json())
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			mappingtest.Valid(t, res.Loc, res.Doc)
			if diff := cmp.Diff(tt.relations, mappingtest.Relations(res.Doc)); diff != "" {
				t.Errorf("relations (-want +got):\n%s", diff)
			}
			if tt.evidence != "" && res.Doc.Relations[0].Evidence.Text != tt.evidence {
				t.Errorf("evidence = %q, want %q", res.Doc.Relations[0].Evidence.Text, tt.evidence)
			}
			if tt.omitted != nil {
				if diff := cmp.Diff(tt.omitted, res.Omitted); diff != "" {
					t.Errorf("omitted (-want +got):\n%s", diff)
				}
			}
		})
	}
	t.Run("item qualifier", func(t *testing.T) {
		res := convertOne(t, tests[0].doc.json())
		if q := res.Doc.Relations[0].Qualifiers; q == nil || q.Item != "p" {
			t.Errorf("qualifiers = %+v, want the topic's text as item", q)
		}
	})
}

// TestBadLines checks that a line that cannot be read is reported with
// its line number and why, and the next line is still read.
func TestBadLines(t *testing.T) {
	good := newDoc("Kyiv asked Moscow .").mention("k", "GPE", "Kyiv", "Kyiv").json()
	edit := func(f func(m map[string]any)) string {
		var m map[string]any
		if err := json.Unmarshal([]byte(good), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	mention := func(m map[string]any) map[string]any { return m["entity_mentions"].([]any)[0].(map[string]any) }
	tests := []struct {
		name string
		line string
		want string
	}{
		{"not JSON", `{"doc_id": "x", `, "invalid JSON"},
		{"invalid UTF-8", "{\"doc_id\": \"x\xfe\"}", "invalid UTF-8 at byte 13"},
		{"no doc_id", edit(func(m map[string]any) { delete(m, "doc_id") }), "doc_id: missing or empty"},
		{"no text", edit(func(m map[string]any) { delete(m, "text") }), "text: missing"},
		{"wrong type", edit(func(m map[string]any) { mention(m)["start"] = "zero" }), "entity_mentions.start: want int, got a JSON string"},
		{"bad sentence", edit(func(m map[string]any) { m["sentences"] = []any{"Kyiv"} }), "want [tokens, text]"},
		{"sentence not in the text", edit(func(m map[string]any) { m["text"] = "Something else ." }), `sentences[0]: the sentence "Kyiv asked Moscow ." is not in the text`},
		{"token not in its sentence", edit(func(m map[string]any) {
			m["sentences"].([]any)[0].([]any)[0].([]any)[1] = []any{"Paris", 5, 10}
		}), `sentences[0] token 1 "Paris": not found in the sentence`},
		{"token count", edit(func(m map[string]any) { m["tokens"] = []any{"Kyiv"} }), "tokens: 1 tokens, but the sentences hold 4"},
		{"mention past the tokens", edit(func(m map[string]any) { mention(m)["end"] = 9 }), "entity_mentions[0] (k): tokens [0,9) are not in the document's 4 tokens"},
		{"mention text mismatch", edit(func(m map[string]any) { mention(m)["text"] = "Kiev" }), `entity_mentions[0] (k): tokens [0,1) read "Kyiv" but the mention says "Kiev"`},
		{"unknown argument", edit(func(m map[string]any) {
			m["event_mentions"] = []any{map[string]any{"id": "e", "event_type": "X", "trigger": map[string]any{"start": 1, "end": 2},
				"arguments": []any{map[string]any{"entity_id": "nobody", "role": "Participant"}}}}
		}), `event_mentions[0] (e).arguments[0]: entity_id "nobody" is not an entity mention`},
		{"trigger past the tokens", edit(func(m map[string]any) {
			m["event_mentions"] = []any{map[string]any{"id": "e", "event_type": "X", "trigger": map[string]any{"start": 4, "end": 5}}}
		}), "event_mentions[0] (e): trigger tokens [4,5) are not in the document's 4 tokens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := mappingtest.Import(New(nil), "w.jsonl", []byte(tt.line+"\n"+good+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 2 {
				t.Fatalf("got %d results, want 2", len(results))
			}
			if results[0].Err == nil || !strings.Contains(results[0].Err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", results[0].Err, tt.want)
			}
			if results[0].Loc != "w.jsonl:1" || results[0].Doc != nil {
				t.Errorf("Loc = %q, Doc = %v", results[0].Loc, results[0].Doc)
			}
			if results[1].Err != nil || results[1].Loc != "w.jsonl:2" {
				t.Errorf("next line: %s %v", results[1].Loc, results[1].Err)
			}
		})
	}
}

// longLine produces a line of n bytes, then a newline and tail, without
// holding them in memory.
type longLine struct {
	n, done int
	tail    string
}

func (l *longLine) Read(p []byte) (int, error) {
	total := l.n + 1 + len(l.tail)
	if l.done >= total {
		return 0, io.EOF
	}
	i := 0
	for ; i < len(p) && l.done < total; i, l.done = i+1, l.done+1 {
		switch {
		case l.done < l.n:
			p[i] = 'x'
		case l.done == l.n:
			p[i] = '\n'
		default:
			p[i] = l.tail[l.done-l.n-1]
		}
	}
	return i, nil
}

// TestHugeLine feeds a 100 MB line: it is reported as too long, the next
// line is read, and the memory used stays well under the line's size.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	good := newDoc("Kyiv asked Moscow .").mention("k", "GPE", "Kyiv", "Kyiv").json() + "\n"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var results []loaders.Result
	err := New(nil).Import("w.jsonl", &longLine{n: 100 << 20, tail: good}, func(r loaders.Result) error {
		results = append(results, r)
		return nil
	})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Fatalf("got %d results, want 2", len(results))
	}
	if e := results[0].Err; e == nil || results[0].Loc != "w.jsonl:1" || !strings.Contains(e.Error(), "the line is longer than 16 MiB") {
		t.Errorf("first result: %s %v", results[0].Loc, e)
	}
	if results[1].Err != nil || results[1].Loc != "w.jsonl:2" {
		t.Errorf("second result: %s %v", results[1].Loc, results[1].Err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("allocated %d MiB reading a 100 MiB line", alloc>>20)
	}
}

// TestDetect checks which files the importer claims.
func TestDetect(t *testing.T) {
	tests := []struct {
		path, head string
		want       bool
	}{
		{"test.jsonl", `{"doc_id": "x", "tokens": ["The"`, true},
		{"test.json", `{"doc_id": "x", "entity_mentions": []}`, true},
		{"test.txt", `{"doc_id": "x", "tokens": []}`, false},
		{"native.jsonl", `{"id": "x", "text": "t", "entities": []}`, false},
		{"plover.json", `[{"id": "x", "eventText": "t"}]`, false},
	}
	for _, tt := range tests {
		if got := New(nil).Detect(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.path, got, tt.want)
		}
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
