package graph_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/loaders/synth"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

// TestOneWritePath loads one corpus both ways — through the loaders into
// one store, through the API's ingestArticle into another, one request per
// article in the same order — and checks that the two graphs are the same:
// the same entities (resolved by name and alias the same way), relations,
// evidence and articles, with the same ids.
func TestOneWritePath(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.WriteDir(synth.Config{Articles: 60, Seed: 3}, dir); err != nil {
		t.Fatal(err)
	}
	// Articles that name entities already in the graph by an alias or
	// another spelling, without a key or Wikidata id.
	for _, f := range []string{"zz-resolve-1.json", "zz-resolve-2.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "writepath", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	loaded := embedded.New()
	t.Cleanup(func() { _ = loaded.Close() })
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: loaded}, Importers: []loaders.Importer{loaders.Native{}}}
	rep, err := l.Load(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 || rep.Created == 0 {
		t.Fatalf("load: %d created, failures %v", rep.Created, rep.Failures)
	}
	if rep.Resolved == 0 {
		t.Fatal("no entity was resolved by name: the corpus does not test resolution")
	}

	a := newAPI(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	if len(files) != rep.Created {
		t.Fatalf("%d files, %d articles loaded", len(files), rep.Created)
	}
	for _, f := range files {
		if got := a.ingest(t, inputOf(t, f)).IngestArticle.Outcome; got != "CREATED" {
			t.Fatalf("%s: ingest %s, want CREATED", f, got)
		}
	}

	want := storetest.TakeSnapshot(t, loaded)
	got := storetest.TakeSnapshot(t, a.store)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the graph ingested through the API (+) differs from the graph loaded (-):\n%s", diff)
	}
}
