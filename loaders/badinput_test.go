package loaders_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/loaders/brat"
	"newsgraph/loaders/plover"
	"newsgraph/loaders/wikievents"
	"newsgraph/store/embedded"
)

// every returns the importers of every format, as the command has them.
func every() []loaders.Importer {
	return []loaders.Importer{loaders.Native{}, brat.New(nil), plover.New(nil), wikievents.New(nil)}
}

const goodDoc = `{"id": "%s", "title": "G", "text": "Ukraine spoke.", "entities": [` +
	`{"id": "u", "type": "actor", "kind": "country", "name": "Ukraine", "wikidata": "Q212",` +
	` "mentions": [{"start": 0, "end": 7, "text": "Ukraine"}]}]}`

func good(id string) string { return strings.Replace(goodDoc, "%s", id, 1) }

// TestBadInput loads a directory of broken files of every format beside
// good ones: each broken document fails with an error naming its file (and
// line or record) and the reason, and every good document loads.
func TestBadInput(t *testing.T) {
	const umerov = "Rustem Umerov led the Ukrainian delegation.\n"
	files := map[string]string{
		"good.json":      good("good"),
		"truncated.json": good("truncated")[:40],
		"lines.jsonl":    good("line-1") + "\n" + good("line-2")[:30],
		"array.json":     "[" + good("record-1") + ",\n" + good("record-2")[:50],
		"utf16.json":     "\xff\xfe{\x00\"\x00e\x00n\x00t\x00i\x00t\x00i\x00e\x00s\x00\"\x00:\x00[\x00]\x00}\x00",
		"latin1.json":    strings.Replace(good("latin1"), `"title": "G"`, "\"title\": \"Ukra\xefne\"", 1),
		"past.json":      strings.Replace(good("past"), `"start": 0, "end": 7`, `"start": 10, "end": 99`, 1),
		"mismatch.json":  strings.Replace(good("mismatch"), `"end": 7, "text": "Ukraine"`, `"end": 7, "text": "Russia!"`, 1),
		// brat: offsets past the end, a span whose text is not the
		// text's, an equivalence cycle, a Latin-1 text, an empty .ann.
		"b1.txt": umerov, "b1.ann": "T1\tPerson 0 13\tRustem Umerov\nT2\tPerson 0 999\tRustem Umerov\n",
		"b2.txt": umerov, "b2.ann": "T1\tPerson 0 13\tRustem Omerov\n",
		"b3.txt": "Rustem Umerov met Umerov.\n",
		"b3.ann": "T1\tPerson 0 13\tRustem Umerov\nT2\tPerson 18 24\tUmerov\n*\tAlias T1 T2\n*\tAlias T2 T1\n",
		"b4.txt": "Rustem Umerov led the Ukra\xefnian delegation.\n", "b4.ann": "T1\tPerson 0 13\tRustem Umerov\n",
		"b5.txt": "Nothing here.\n", "b5.ann": "",
		// WikiEvents: a token index past the end of the document.
		"w.jsonl": `{"doc_id": "w1", "text": "Talks.", "tokens": ["Talks", "."], "sentences": [[[["Talks", 0, 5], [".", 5, 6]], "Talks."]],` +
			` "entity_mentions": [{"id": "e1", "sent_idx": 0, "start": 0, "end": 9, "entity_type": "PER", "mention_type": "NAM", "text": "Talks"}],` +
			` "event_mentions": []}` + "\n",
	}
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := embedded.New()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: every()}
	rep, err := l.Load(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Failures {
		for _, line := range f.Lines() {
			got = append(got, strings.TrimPrefix(line, dir+string(filepath.Separator)))
		}
	}
	want := []string{
		fmt.Sprintf("array.json: record 2 (after byte %d) is cut short: the file ends inside it (truncated?)",
			strings.Index(files["array.json"], ",\n")),
		"b1.ann: line 2: T2: offsets 0 999 are past the end of the text (44 characters): is the .txt file the one annotated, or truncated?",
		`b2.ann: line 1: T1: span text mismatch: the text at 0 13 reads "Rustem Umerov" but the annotation says "Rustem Omerov"`,
		"b3.ann: line 4: equivalence T2 T1 closes a cycle: these annotations are already equivalent through earlier lines",
		"b4.ann: .txt: invalid UTF-8 at byte 26 (line 1): the text must be UTF-8",
		fmt.Sprintf("latin1.json: $: invalid UTF-8 at byte offset %[1]d (line 1, column %[2]d)",
			strings.Index(files["latin1.json"], "\xef"), strings.Index(files["latin1.json"], "\xef")+1),
		"lines.jsonl:2: $: not valid JSON: unexpected end of input at line 1, column 31 (truncated?)",
		`mismatch.json: $.entities[0].mentions[0].text: span [0,7) reads "Ukraine" but the annotation says "Russia!"`,
		"past.json: $.entities[0].mentions[0].end: end 99 is past the end of the text (14 code points)",
		"truncated.json: $: not valid JSON: unexpected end of input at line 1, column 41 (truncated?)",
		"utf16.json: the file is in UTF-16LE (it starts with that byte order mark): newsgraph reads UTF-8; convert it first (iconv -f UTF-16LE -t UTF-8)",
	}
	// The WikiEvents importer's own message for the bad token index.
	var wikiLine string
	for i, line := range got {
		if strings.HasPrefix(line, "w.jsonl:1: ") {
			wikiLine = line
			got = append(got[:i], got[i+1:]...)
			break
		}
	}
	if !strings.Contains(wikiLine, "e1") {
		t.Errorf("no failure naming w.jsonl:1 and the mention e1 (got %q)", wikiLine)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	// good, line-1, record-1 and the empty brat document.
	if rep.Created != 4 {
		t.Errorf("%d articles created, want 4 (the good documents)", rep.Created)
	}
}

// TestHugeLine loads a JSON lines file whose first line is 100 MB: it fails
// with a clear error, without being read into memory, and the next line
// loads.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB file")
	}
	path := filepath.Join(t.TempDir(), "huge.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"id": "huge", "title": "Huge", "text": "`)
	chunk := strings.Repeat("x", 1<<20)
	for range 100 {
		w.WriteString(chunk)
	}
	w.WriteString(`", "entities": []}` + "\n" + good("after") + "\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}}, path)
	runtime.ReadMemStats(&after)

	want := summary{Files: 1, Created: 1, Failed: 1, Mentions: 1, Omitted: map[string]int{},
		Failures: []string{path + ":1: the line is longer than 16 MiB: not read (is this the right file?)"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("the load allocated %d MB for a file with a 100 MB line: the line was read into memory", alloc>>20)
	}
}
