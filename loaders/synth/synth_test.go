package synth

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/ontology"
	"newsgraph/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// generate returns the documents of a corpus.
func generate(t testing.TB, cfg Config) []*article.Document {
	t.Helper()
	var docs []*article.Document
	if err := Generate(cfg, func(d *article.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		t.Fatalf("Generate(%+v): %v", cfg, err)
	}
	if len(docs) != cfg.Articles {
		t.Fatalf("Generate(%+v) made %d documents, want %d", cfg, len(docs), cfg.Articles)
	}
	return docs
}

// encodeAll is the corpus as WriteDir writes it, concatenated.
func encodeAll(t testing.TB, docs []*article.Document) []byte {
	t.Helper()
	var all, buf bytes.Buffer
	for _, d := range docs {
		buf.Reset()
		if err := encode(&buf, d); err != nil {
			t.Fatal(err)
		}
		all.Write(buf.Bytes())
	}
	return all.Bytes()
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Articles: 80, Seed: 7}
	first := encodeAll(t, generate(t, cfg))
	second := encodeAll(t, generate(t, cfg))
	if !bytes.Equal(first, second) {
		t.Fatalf("two runs with %+v differ:\n%s", cfg, cmp.Diff(string(first), string(second)))
	}
	other := encodeAll(t, generate(t, Config{Articles: 80, Seed: 8}))
	if bytes.Equal(first, other) {
		t.Error("seeds 7 and 8 gave the same corpus")
	}
}

// validityConfigs are corpora of different shapes whose every document must
// be valid.
var validityConfigs = []Config{
	{Articles: 200, Seed: 1},
	{Articles: 60, Seed: 2, Actors: MinActors, Places: MinPlaces, StartDate: "2025-06-01", EndDate: "2025-06-14"},
	{Articles: 40, Seed: 3, Actors: 2000, Places: 300, StartDate: "2020-01-01", EndDate: "2029-12-31"},
	{Articles: 20, Seed: -5, StartDate: "2024-02-29", EndDate: "2024-02-29"},
}

func TestDocumentsAreValid(t *testing.T) {
	for _, cfg := range validityConfigs {
		t.Run(fmt.Sprintf("seed%d", cfg.Seed), func(t *testing.T) {
			for _, d := range generate(t, cfg) {
				checkDocument(t, d)
			}
		})
	}
}

// checkDocument checks a document with package article and on its own:
// spans quote the text, mentions use the entity's names, each relation's
// evidence is a sentence that mentions both of its ends.
func checkDocument(t *testing.T, d *article.Document) {
	t.Helper()
	var buf bytes.Buffer
	if err := encode(&buf, d); err != nil {
		t.Fatal(err)
	}
	parsed, err := article.Parse(d.ID+".json", buf.Bytes())
	if err != nil {
		t.Fatalf("article.Parse: %v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(d, parsed); diff != "" {
		t.Errorf("%s: parsed document differs (-generated +parsed):\n%s", d.ID, diff)
	}
	g, err := d.Graph()
	if err != nil {
		t.Fatalf("%s: Graph: %v", d.ID, err)
	}
	if len(g.Relations) != len(d.Relations) || len(g.Entities) != len(d.Entities) {
		t.Errorf("%s: %d entities and %d relations became %d and %d claims: the article repeats itself",
			d.ID, len(d.Entities), len(d.Relations), len(g.Entities), len(g.Relations))
	}

	text := []rune(d.Text)
	quotes := func(what string, s article.Span) bool {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End || string(text[s.Start:s.End]) != s.Text {
			t.Errorf("%s: %s span %+v does not quote the text", d.ID, what, s)
			return false
		}
		return true
	}
	byID := map[string]*article.Entity{}
	for i := range d.Entities {
		e := &d.Entities[i]
		byID[e.ID] = e
		if len(e.Mentions) == 0 {
			t.Errorf("%s: entity %s %q is never mentioned", d.ID, e.ID, e.Name)
		}
		names := append([]string{e.Name}, e.Aliases...)
		for _, m := range e.Mentions {
			if quotes("mention of "+e.ID, m) && !slices.Contains(names, m.Text) {
				t.Errorf("%s: entity %s is mentioned as %q, not one of its names %q", d.ID, e.ID, m.Text, names)
			}
		}
	}
	mentionedIn := func(e *article.Entity, s article.Span) bool {
		for _, m := range e.Mentions {
			if m.Start >= s.Start && m.End <= s.End {
				return true
			}
		}
		return false
	}
	for i, r := range d.Relations {
		spec, ok := ontology.Relation(ontology.RelationType(r.Type))
		src, dst := byID[r.Source], byID[r.Target]
		if !ok || src == nil || dst == nil {
			t.Fatalf("%s: relation %d %+v: unknown type or ends", d.ID, i, r)
		}
		srcType, _ := ontology.ParseNodeType(src.Type)
		dstType, _ := ontology.ParseNodeType(dst.Type)
		if !spec.Allows(srcType, dstType) {
			t.Errorf("%s: relation %d: %s from %s to %s is not allowed", d.ID, i, r.Type, src.Type, dst.Type)
		}
		ev := r.Evidence.Span
		if !quotes(fmt.Sprintf("evidence of relation %d", i), ev) {
			continue
		}
		if !startsUpper(ev.Text) || !strings.HasSuffix(ev.Text, ".") {
			t.Errorf("%s: evidence %q is not a sentence", d.ID, ev.Text)
		}
		if !mentionedIn(src, ev) || !mentionedIn(dst, ev) {
			t.Errorf("%s: evidence %q of %s does not mention both %q and %q", d.ID, ev.Text, r.Type, src.Name, dst.Name)
		}
	}
	if strings.TrimSpace(d.Text) != d.Text {
		t.Errorf("%s: text has surrounding space", d.ID)
	}
}

// startsUpper reports whether s starts with an upper-case letter or digit.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// TestOffsetsAreCodePoints checks that the corpus exercises code-point
// offsets: names in Cyrillic, and mentions after non-ASCII text, where byte
// and code-point offsets differ.
func TestOffsetsAreCodePoints(t *testing.T) {
	var cyrillicMention, shifted bool
	for _, d := range generate(t, Config{Articles: 100, Seed: 1}) {
		for _, e := range d.Entities {
			for _, m := range e.Mentions {
				cyrillicMention = cyrillicMention || isCyrillic(m.Text)
				byteStart := len(string([]rune(d.Text)[:m.Start]))
				shifted = shifted || byteStart != m.Start
			}
		}
	}
	if !cyrillicMention || !shifted {
		t.Errorf("Cyrillic mention: %v, mention whose byte offset differs from its code-point offset: %v; want both", cyrillicMention, shifted)
	}
}

// edge is a relation type with the node types it connects.
type edge struct {
	Type     string
	Src, Dst ontology.NodeType
}

func TestEveryRelationTypeOccurs(t *testing.T) {
	var want []edge
	for _, spec := range ontology.Relations {
		for _, s := range spec.Sources {
			for _, d := range spec.Targets {
				want = append(want, edge{string(spec.Type), s, d})
			}
		}
	}
	for _, seed := range []int64{1, 2, 3} {
		seen := map[edge]bool{}
		for _, d := range generate(t, Config{Articles: 200, Seed: seed}) {
			types := map[string]ontology.NodeType{}
			for _, e := range d.Entities {
				types[e.ID], _ = ontology.ParseNodeType(e.Type)
			}
			for _, r := range d.Relations {
				seen[edge{r.Type, types[r.Source], types[r.Target]}] = true
			}
		}
		var missing []edge
		for _, e := range want {
			if !seen[e] {
				missing = append(missing, e)
			}
		}
		if len(missing) > 0 {
			t.Errorf("seed %d: 200 articles have no relation of %v", seed, missing)
		}
	}
}

// TestVocabulariesOccur checks that every kind, format, status and qualifier
// of the ontology occurs in a corpus.
func TestVocabulariesOccur(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range generate(t, Config{Articles: 200, Seed: 1}) {
		for _, e := range d.Entities {
			seen[e.Type+" kind "+e.Kind] = true
			seen["format "+e.Format] = true
			seen["status "+e.Status] = true
			if e.Latitude != nil {
				seen["coordinates"] = true
			}
			if e.EndDate != "" {
				seen["endDate"] = true
			}
			if e.Round > 1 {
				seen["round"] = true
			}
			if len(e.Aliases) > 0 {
				seen["aliases"] = true
			}
		}
		for _, r := range d.Relations {
			if q := r.Qualifiers; q != nil {
				seen["quantity"] = seen["quantity"] || q.Quantity != nil
				seen["item"] = seen["item"] || q.Item != ""
				seen["date"] = seen["date"] || q.Date != ""
				seen["duration"] = seen["duration"] || q.Duration != ""
				seen["conditions"] = seen["conditions"] || q.Conditions != ""
			}
		}
	}
	want := []string{"coordinates", "endDate", "round", "aliases"}
	for _, q := range ontology.Qualifiers {
		if q == ontology.PlaceOf || q == ontology.When {
			continue // the generator gives no place or relative time yet
		}
		want = append(want, string(q))
	}
	for _, typ := range []ontology.NodeType{ontology.Actor, ontology.Place, ontology.Agreement} {
		for _, k := range ontology.KindsOf(typ) {
			want = append(want, typ.Lower()+" kind "+k)
		}
	}
	for _, f := range ontology.MeetingFormats {
		want = append(want, "format "+f)
	}
	for _, s := range ontology.AgreementStatuses {
		want = append(want, "status "+s)
	}
	var missing []string
	for _, w := range want {
		if !seen[w] {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		t.Errorf("200 articles have no %q", missing)
	}
}

// TestPopularityIsSkewed checks the Zipf shape: the most reported actor is in
// a large share of the articles, far more than the typical actor.
func TestPopularityIsSkewed(t *testing.T) {
	const n = 300
	articles := map[string]int{} // actor node id -> articles naming it
	for _, d := range generate(t, Config{Articles: n, Seed: 1}) {
		named := map[string]bool{}
		for i := range d.Entities {
			if e := &d.Entities[i]; e.Type == "actor" {
				named[e.NodeID()] = true
			}
		}
		for id := range named {
			articles[id]++
		}
	}
	var counts []int
	for _, c := range articles {
		counts = append(counts, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	top, median := counts[0], counts[len(counts)/2]
	if top < n*2/5 {
		t.Errorf("the most reported actor is in %d of %d articles; want at least 40%%", top, n)
	}
	if top < 10*median {
		t.Errorf("the most reported actor is in %d articles, the median actor in %d; want at least 10 times more", top, median)
	}
}

// TestIdentityAcrossArticles converts every document to its graph and
// checks that each node is described the same way by every article that
// names it, and that entities recur across articles.
func TestIdentityAcrossArticles(t *testing.T) {
	cfg := Config{Articles: 300, Seed: 4, Actors: DefaultActors, Places: DefaultPlaces}
	claims := map[string]store.Entity{}
	articles := map[string]int{}
	for _, d := range generate(t, cfg) {
		g, err := d.Graph()
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		for _, c := range g.Entities {
			e := c.Entity
			articles[e.ID]++
			first, seen := claims[e.ID]
			if !seen {
				claims[e.ID] = e
				continue
			}
			if diff := cmp.Diff(first, e); diff != "" {
				t.Errorf("%s describes %s differently from an earlier article (-earlier +%s):\n%s", d.ID, e.ID, d.ID, diff)
			}
		}
	}
	count := map[ontology.NodeType]int{}
	recurring := map[ontology.NodeType]int{}
	for id, e := range claims {
		count[e.Type]++
		if articles[id] > 1 {
			recurring[e.Type]++
		}
	}
	if count[ontology.Actor] > cfg.Actors || count[ontology.Place] > cfg.Places {
		t.Errorf("%d actor and %d place nodes; the world has only %d and %d", count[ontology.Actor], count[ontology.Place], cfg.Actors, cfg.Places)
	}
	for _, typ := range ontology.EntityTypes {
		if recurring[typ] == 0 {
			t.Errorf("no %s is named by more than one article", typ.Lower())
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{Articles: -1}, "synth: Articles is -1: must not be negative"},
		{Config{Actors: 10}, "synth: Actors is 10: must be between 30 and 10000"},
		{Config{Actors: 10001}, "synth: Actors is 10001: must be between 30 and 10000"},
		{Config{Places: -3}, "synth: Places is -3: must be between 8 and 1000"},
		{Config{StartDate: "2024-13-01"}, `synth: StartDate "2024-13-01": not a date (YYYY-MM-DD)`},
		{Config{EndDate: "31/12/2025"}, `synth: EndDate "31/12/2025": not a date (YYYY-MM-DD)`},
		{Config{StartDate: "2025-01-02", EndDate: "2025-01-01"}, "synth: EndDate 2025-01-01 is before StartDate 2025-01-02"},
	}
	for _, tt := range tests {
		err := Generate(tt.cfg, func(*article.Document) error { return nil })
		got := fmt.Sprint(err)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Generate(%+v) error (-want +got):\n%s", tt.cfg, diff)
		}
	}
}

func TestZeroArticles(t *testing.T) {
	generate(t, Config{}) // fails if any document is emitted
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Generate(Config{Articles: 10}, func(*article.Document) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("Generate returned %v after %d calls; want the emit error after 3", err, calls)
	}
}

func TestWriteDir(t *testing.T) {
	cfg := Config{Articles: 12, Seed: 5}
	dir := filepath.Join(t.TempDir(), "corpus")
	n, err := WriteDir(cfg, dir)
	if err != nil || n != cfg.Articles {
		t.Fatalf("WriteDir = %d, %v; want %d, nil", n, err, cfg.Articles)
	}
	docs := generate(t, cfg)
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		t.Fatal(err)
	}
	var names, want []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, d := range docs {
		want = append(want, d.ID+".json")
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	for _, d := range docs {
		parsed, err := article.ParseFile(filepath.Join(dir, d.ID+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(d, parsed); diff != "" {
			t.Errorf("%s: file differs from the generated document (-generated +file):\n%s", d.ID, diff)
		}
	}
}

func TestWriteDirErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteDir(Config{Articles: 1}, file); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("WriteDir into a file: error %v; want one naming %s", err, file)
	}
	if _, err := WriteDir(Config{Articles: 1}, ""); err == nil {
		t.Error("WriteDir with no directory: no error")
	}
	if _, err := WriteDir(Config{Actors: 1}, t.TempDir()); err == nil {
		t.Error("WriteDir with a bad Config: no error")
	}
}

// TestGolden pins the output of a small corpus: a change to the generator
// shows up as a diff of testdata/golden/ (go test -update rewrites it). The
// golden files are indented so that diffs are readable.
func TestGolden(t *testing.T) {
	cfg := Config{Articles: 3, Seed: 42, Actors: 40, Places: 10}
	dir := filepath.Join("testdata", "golden")
	for _, d := range generate(t, cfg) {
		got, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join(dir, d.ID+".json")
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs from %s (-golden +generated):\n%s", d.ID, path, diff)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	const n = 1000
	cfg := Config{Articles: n, Seed: 1}
	for b.Loop() {
		if err := Generate(cfg, func(*article.Document) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
}

func BenchmarkGenerateAndEncode(b *testing.B) {
	const n = 1000
	cfg := Config{Articles: n, Seed: 1}
	var buf bytes.Buffer
	for b.Loop() {
		if err := Generate(cfg, func(d *article.Document) error {
			buf.Reset()
			return encode(&buf, d)
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
}
