package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// The documents in testdata:
//   - mixed/good.json: article ceasefire-demand, 3 entities, 2 relations;
//   - mixed/bad.json: article moldova-statement, invalid (an actor whose
//     kind is "ceasefire");
//   - mixed/.hidden.json and mixed/README.txt: skipped by directory walks;
//   - changed/good.json: ceasefire-demand with one more sentence, entity and
//     relation (4 entities, 3 relations);
//   - lines.jsonl: two good articles (lines 1 and 3, 2 entities and 1
//     relation each) and a bad one (line 4: evidence text that is not the
//     article's);
//   - array.json: the first article of lines.jsonl and the bad one;
//   - yaml/meeting.yaml: one article (2 entities, 1 relation); yaml/list.yml:
//     a good article (2 entities, 1 relation) and a bad one.

// TestMain checks that no load leaves a goroutine behind, even one stopped
// by an error or a cancelled context.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func native() []loaders.Importer { return []loaders.Importer{loaders.Native{}} }

func TestExpand(t *testing.T) {
	tests := []struct {
		name      string
		patterns  []string
		importers []loaders.Importer
		want      []string
	}{
		{"file", []string{"testdata/mixed/good.json"}, native(),
			[]string{"testdata/mixed/good.json"}},
		{"a named file is kept even if no importer wants it", []string{"testdata/mixed/README.txt"}, native(),
			[]string{"testdata/mixed/README.txt"}},
		{"directory skips hidden and unwanted files", []string{"testdata/mixed"}, native(),
			[]string{"testdata/mixed/bad.json", "testdata/mixed/good.json"}},
		{"directory without importers keeps every visible file", []string{"testdata/mixed"}, nil,
			[]string{"testdata/mixed/README.txt", "testdata/mixed/bad.json", "testdata/mixed/good.json"}},
		{"recursive directory in lexical order", []string{"testdata"}, native(),
			[]string{
				"testdata/array.json", "testdata/changed/good.json", "testdata/lines.jsonl",
				"testdata/mixed/bad.json", "testdata/mixed/good.json",
				"testdata/yaml/list.yml", "testdata/yaml/meeting.yaml",
			}},
		{"glob skips hidden files", []string{"testdata/mixed/*.json"}, native(),
			[]string{"testdata/mixed/bad.json", "testdata/mixed/good.json"}},
		{"glob matching directories walks them", []string{"testdata/[cy]*"}, native(),
			[]string{"testdata/changed/good.json", "testdata/yaml/list.yml", "testdata/yaml/meeting.yaml"}},
		{"double star", []string{"testdata/**/good.json"}, native(),
			[]string{"testdata/changed/good.json", "testdata/mixed/good.json"}},
		{"double star with a directory in the rest", []string{"testdata/**/yaml/*.yml"}, native(),
			[]string{"testdata/yaml/list.yml"}},
		{"trailing double star", []string{"testdata/yaml/**"}, native(),
			[]string{"testdata/yaml/list.yml", "testdata/yaml/meeting.yaml"}},
		{"duplicates are dropped", []string{"testdata/mixed/good.json", "testdata/mixed", "testdata/mixed/good.json"}, native(),
			[]string{"testdata/mixed/good.json", "testdata/mixed/bad.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loaders.Expand(tt.patterns, tt.importers...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, slashes(got)); diff != "" {
				t.Errorf("Expand(%q) (-want +got):\n%s", tt.patterns, diff)
			}
		})
	}
}

func TestExpandErrors(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		want     []string // substrings of the error
	}{
		{"missing file", []string{"testdata/nope.json"}, []string{"testdata/nope.json: no such file"}},
		{"glob matching nothing", []string{"testdata/*.nope"}, []string{"testdata/*.nope: no file to load"}},
		{"glob matching only unwanted files", []string{"testdata/mixed/*.txt"}, []string{"testdata/mixed/*.txt: no file to load"}},
		{"bad glob", []string{"testdata/[.json"}, []string{"testdata/[.json", "syntax error"}},
		{"every bad pattern is named", []string{"testdata/mixed", "a.json", "b/**/*.json"},
			[]string{"a.json: no such file", "b/**/*.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := loaders.Expand(tt.patterns, native()...)
			if err == nil {
				t.Fatalf("Expand(%q) = %q, want an error", tt.patterns, files)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestNativeDetect(t *testing.T) {
	long := `{"id": "a", "text": "` + strings.Repeat("word ", loaders.HeadSize) + `"`
	tests := []struct {
		name, path, head string
		want             bool
	}{
		{"object with entities", "a.json", `{"id": "a", "text": "x", "entities": []}`, true},
		{"array of documents", "a.json", `[{"id": "a", "text": "x", "entities": []}]`, true},
		{"JSON lines", "a.jsonl", `{"id": "a", "text": "x", "entities": []}` + "\n" + `{"id": "b"`, true},
		{"long text before entities", "a.json", long[:loaders.HeadSize], true},
		{"complete object without entities", "a.json", `{"id": "a", "text": "x"}`, false},
		{"PLOVER record", "a.json", `{"id": "p1", "text": "x", "event": "AGREE", "mode": ""}`, false},
		{"WikiEvents line, truncated", "a.jsonl", `{"doc_id": "w1", "tokens": ["x"], "text": "` + strings.Repeat("x", loaders.HeadSize), false},
		{"not JSON", "a.json", `hello`, false},
		{"other extension", "a.txt", `{"text": "x", "entities": []}`, false},
		{"YAML", "a.yaml", "id: a\ntext: x\nentities:\n  - id: e\n", true},
		{"YAML list", "a.yml", "- id: a\n  text: x\n  entities: []\n", true},
		{"YAML without entities", "a.yaml", "name: x\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (loaders.Native{}).Detect(tt.path, []byte(tt.head)); got != tt.want {
				t.Errorf("Detect(%q, %.40q...) = %v, want %v", tt.path, tt.head, got, tt.want)
			}
		})
	}
}

// summary is the comparable part of a report.
type summary struct {
	Files, Created, Replaced, Unchanged, Validated, Failed int
	Mentions, Evidence                                     int
	Omitted                                                map[string]int
	Failures                                               []string // "loc: reason", one line per problem
}

func summarize(r *loaders.Report) summary {
	s := summary{
		Files: r.Files, Created: r.Created, Replaced: r.Replaced, Unchanged: r.Unchanged,
		Validated: r.Validated, Failed: r.Failed, Mentions: r.Mentions, Evidence: r.Evidence,
		Omitted: r.Omitted,
	}
	for _, f := range r.Failures {
		s.Failures = append(s.Failures, f.Lines()...)
	}
	return s
}

func load(t *testing.T, l *loaders.Loader, patterns ...string) summary {
	t.Helper()
	if l.Importers == nil {
		l.Importers = native()
	}
	r, err := l.Load(t.Context(), patterns)
	if err != nil {
		t.Fatalf("Load(%q): %v", patterns, err)
	}
	if r.Loaded()+r.Validated+r.Failed == 0 {
		t.Fatalf("Load(%q) did nothing", patterns)
	}
	return summarize(r)
}

// counts is how much a store holds.
type counts struct{ Articles, Entities, Relations int }

func countsOf(t *testing.T, st store.Store) counts {
	t.Helper()
	ctx := t.Context()
	var c counts
	var err error
	if c.Articles, err = st.CountArticles(ctx, store.ArticleQuery{}); err != nil {
		t.Fatal(err)
	}
	if c.Entities, err = st.CountEntities(ctx, store.EntityQuery{}); err != nil {
		t.Fatal(err)
	}
	if c.Relations, err = st.CountRelations(ctx, store.RelationQuery{}); err != nil {
		t.Fatal(err)
	}
	return c
}

const badKind = `testdata/mixed/bad.json: $.entities[0].kind: kind "ceasefire" is not a kind of actor`

func TestLoadGoodAndBad(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			st := embedded.New()
			got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Workers: workers}, "testdata/mixed")
			want := summary{
				Files: 2, Created: 1, Failed: 1, Mentions: 3, Evidence: 2,
				Omitted:  map[string]int{},
				Failures: []string{badKind + ": must be one of person, country, government, delegation, organisation, military, armed_group, international_organisation, other"},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(counts{Articles: 1, Entities: 3, Relations: 2}, countsOf(t, st)); diff != "" {
				t.Errorf("store (-want +got):\n%s", diff)
			}
			// Nothing of the bad article is in the store.
			arts, err := st.Articles(t.Context(), []string{store.ArticleID("moldova-statement")})
			if err != nil {
				t.Fatal(err)
			}
			if arts[0] != nil {
				t.Errorf("the bad article was stored: %+v", arts[0])
			}
			moldova := "Moldova"
			n, err := st.CountEntities(t.Context(), store.EntityQuery{Where: &store.EntityFilter{Name: &store.StringFilter{Eq: &moldova}}})
			if err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d entities named Moldova in the store, want 0", n)
			}
		})
	}
}

func TestLoadAgainIsUnchangedAndNewVersionReplaces(t *testing.T) {
	st := embedded.New()
	load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: st}}, "testdata/mixed/good.json")
	before := countsOf(t, st)

	got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: st}}, "testdata/mixed/good.json")
	want := summary{Files: 1, Unchanged: 1, Mentions: 3, Evidence: 2, Omitted: map[string]int{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("second load (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, countsOf(t, st)); diff != "" {
		t.Errorf("store changed on reload (-before +after):\n%s", diff)
	}

	got = load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: st}}, "testdata/changed/good.json")
	want = summary{Files: 1, Replaced: 1, Mentions: 4, Evidence: 3, Omitted: map[string]int{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changed version (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(counts{Articles: 1, Entities: 4, Relations: 3}, countsOf(t, st)); diff != "" {
		t.Errorf("store after replacing (-want +got):\n%s", diff)
	}
}

func TestLoadJSONLinesArraysAndYAML(t *testing.T) {
	tests := []struct {
		pattern string
		want    summary
	}{
		{"testdata/lines.jsonl", summary{
			Files: 1, Created: 2, Failed: 1, Mentions: 4, Evidence: 2, Omitted: map[string]int{},
			Failures: []string{`testdata/lines.jsonl:4: $.relations[0].evidence.text: span [0,24) reads "Turkey hosted the talks." but the annotation says "Turkey hosted talks."`},
		}},
		{"testdata/array.json", summary{
			Files: 1, Created: 1, Failed: 1, Mentions: 2, Evidence: 1, Omitted: map[string]int{},
			Failures: []string{`testdata/array.json [record 2]: $.relations[0].evidence.text: span [0,24) reads "Turkey hosted the talks." but the annotation says "Turkey hosted talks."`},
		}},
		{"testdata/yaml", summary{
			Files: 2, Created: 2, Failed: 1, Mentions: 2, Evidence: 2, Omitted: map[string]int{},
			Failures: []string{`testdata/yaml/list.yml [record 2]: $.entities[0].type: unknown entity type "country": must be one of actor, meeting, place, agreement`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}}, tt.pattern)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDryRun(t *testing.T) {
	got := load(t, &loaders.Loader{Sink: loaders.DryRun{}}, "testdata/mixed", "testdata/lines.jsonl")
	if got.Validated != 3 || got.Failed != 2 || got.Loaded() != 0 {
		t.Errorf("dry run: validated %d, failed %d, loaded %d; want 3, 2, 0", got.Validated, got.Failed, got.Loaded())
	}
	// A dry run counts what a load into a store reads.
	real := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}}, "testdata/mixed", "testdata/lines.jsonl")
	if got.Mentions != real.Mentions || got.Evidence != real.Evidence || got.Mentions == 0 {
		t.Errorf("dry run read %d mentions, %d pieces of evidence; a load %d and %d", got.Mentions, got.Evidence, real.Mentions, real.Evidence)
	}
}

func (s summary) Loaded() int { return s.Created + s.Replaced + s.Unchanged }

func TestSameArticleIDTwiceInOneLoad(t *testing.T) {
	got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}}, "testdata/mixed/good.json", "testdata/changed/good.json")
	want := []string{`testdata/changed/good.json: article id "ceasefire-demand" is also the id of testdata/mixed/good.json`}
	if diff := cmp.Diff(want, got.Failures); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
}

func TestFormat(t *testing.T) {
	t.Run("named", func(t *testing.T) {
		got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}, Format: "native"}, "testdata/mixed/good.json")
		if got.Created != 1 {
			t.Errorf("created %d, want 1", got.Created)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		l := &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}, Importers: native(), Format: "brat"}
		_, err := l.Load(t.Context(), []string{"testdata/mixed"})
		if err == nil || !strings.Contains(err.Error(), `unknown format "brat" (known: auto, native)`) {
			t.Errorf("Load with an unknown format: %v", err)
		}
	})
	t.Run("undetected file", func(t *testing.T) {
		got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}}, "testdata/mixed/README.txt")
		want := []string{"testdata/mixed/README.txt: not in a format newsgraph reads (native)"}
		if diff := cmp.Diff(want, got.Failures); diff != "" {
			t.Errorf("failures (-want +got):\n%s", diff)
		}
	})
}

// fakeImporter reads ".fake" files: each line is an article text; a line
// "!" is a document the format cannot read, a line starting with "?" is an
// article whose only relation names a missing entity.
type fakeImporter struct{}

func (fakeImporter) Name() string { return "fake" }

func (fakeImporter) Detect(path string, _ []byte) bool { return filepath.Ext(path) == ".fake" }

func (fakeImporter) Import(path string, r io.Reader, emit func(loaders.Result) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		res := loaders.Result{Loc: loaders.LineLoc(path, i+1), Omitted: map[string]int{"unmapped type X": 1}}
		switch {
		case line == "!":
			res.Err = errors.New("unreadable record")
		default:
			doc := &article.Document{
				ID: fmt.Sprintf("fake-%d", i+1), Title: "Fake", Text: line,
				Entities: []article.Entity{{ID: "a", Type: "actor", Kind: "country", Name: "Ukraine", Wikidata: "Q212"}},
			}
			if strings.HasPrefix(line, "?") {
				doc.Relations = []article.Relation{{Type: "LED", Source: "a", Target: "b",
					Evidence: article.Evidence{Span: article.Span{Start: 0, End: 1, Text: "?"}}}}
			}
			res.Doc = doc
		}
		if err := emit(res); err != nil {
			return err
		}
	}
	return nil
}

func TestOtherFormatsAreValidatedAsNative(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.fake")
	if err := os.WriteFile(path, []byte("Ukraine spoke.\n!\n?Ukraine led.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := embedded.New()
	got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: []loaders.Importer{loaders.Native{}, fakeImporter{}}}, dir)
	want := summary{
		Files: 1, Created: 1, Failed: 2, Omitted: map[string]int{"unmapped type X": 3},
		Failures: []string{
			path + ":2: unreadable record",
			path + `:3: $.relations[0].target: "b" is not the id of an entity of this article`,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func TestProgress(t *testing.T) {
	var last loaders.Progress
	calls := 0
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}, Progress: func(p loaders.Progress) {
		if p.BytesDone < last.BytesDone || p.BytesDone > p.Bytes {
			t.Errorf("progress went from %d to %d bytes of %d", last.BytesDone, p.BytesDone, p.Bytes)
		}
		last = p
		calls++
	}}
	load(t, l, "testdata/mixed", "testdata/lines.jsonl")
	var size int64
	for _, f := range []string{"testdata/mixed/good.json", "testdata/mixed/bad.json", "testdata/lines.jsonl"} {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		size += info.Size()
	}
	want := loaders.Progress{
		Files: 3, FilesDone: 3, Documents: 5, Failed: 2, Bytes: size, BytesDone: size,
		Loaded: 3, Mentions: 7, Evidence: 4,
	}
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("last progress (-want +got):\n%s", diff)
	}
	if calls != 8 { // 5 documents, 3 files
		t.Errorf("Progress called %d times, want 8", calls)
	}
}

// unavailable is a store that cannot be reached.
type unavailable struct{ store.Store }

func (unavailable) PutArticles(_ context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	return make([]store.PutResult, len(gs)), fmt.Errorf("dial: %w", store.ErrUnavailable)
}

func (unavailable) ResolveNames(context.Context, ontology.NodeType, []string) (map[string][]string, error) {
	return nil, fmt.Errorf("dial: %w", store.ErrUnavailable)
}

func TestUnavailableStoreStopsTheLoad(t *testing.T) {
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: unavailable{}}, Importers: native(), Workers: 2}
	r, err := l.Load(t.Context(), []string{"testdata/lines.jsonl", "testdata/mixed"})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Load: %v, want store.ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), "testdata/lines.jsonl:1") {
		t.Errorf("error %q does not name the document", err)
	}
	if r.Loaded() != 0 {
		t.Errorf("report says %d loaded", r.Loaded())
	}
}

func TestCancelledLoad(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}, Importers: native()}
	if _, err := l.Load(ctx, []string{"testdata"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context: %v", err)
	}
}

func slashes(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
	}
	return out
}
