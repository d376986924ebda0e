package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/loaders/synth"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

// batchSpy is a embedded that records the size of every batch written to
// it, and the number of articles written one at a time.
type batchSpy struct {
	*embedded.Store
	mu      sync.Mutex
	batches []int
	singles int
}

func (s *batchSpy) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	s.mu.Lock()
	s.batches = append(s.batches, len(gs))
	s.mu.Unlock()
	return s.Store.PutArticles(ctx, gs)
}

func (s *batchSpy) PutArticle(ctx context.Context, g *store.ArticleGraph) (store.PutResult, error) {
	s.mu.Lock()
	s.singles++
	s.mu.Unlock()
	return s.Store.PutArticle(ctx, g)
}

// corpus writes n synthetic articles into a new directory.
func corpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.WriteDir(synth.Config{Articles: n, Seed: 7}, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBatches(t *testing.T) {
	dir := corpus(t, 250)
	// The reference: every article written on its own.
	ref := &batchSpy{Store: embedded.New()}
	refReport := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: ref}, BatchArticles: 1}, dir)
	if len(ref.batches) != 250 || ref.singles != 0 || slices.Max(ref.batches) != 1 {
		t.Fatalf("with batches of 1: %d batches (largest %d), %d single writes; want 250 of 1 article and none", len(ref.batches), slices.Max(ref.batches), ref.singles)
	}
	want := storetest.TakeSnapshot(t, ref)

	tests := []struct {
		name           string
		articles, rels int
		check          func(t *testing.T, batches []int)
	}{
		{"by articles", 100, 0, func(t *testing.T, batches []int) {
			if diff := cmp.Diff([]int{100, 100, 50}, batches); diff != "" {
				t.Errorf("batch sizes (-want +got):\n%s", diff)
			}
		}},
		{"by relations", 1000, 40, func(t *testing.T, batches []int) {
			if len(batches) < 10 {
				t.Errorf("%d batches of at most 40 relations for 250 articles: %v", len(batches), batches)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spy := &batchSpy{Store: embedded.New()}
			// No batch is written for its age: the sizes are the test's.
			got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: spy}, BatchArticles: tt.articles, BatchRelations: tt.rels,
				BatchDelay: time.Hour, Workers: 3}, dir)
			sum := 0
			for _, n := range spy.batches {
				sum += n
			}
			if sum+spy.singles != 250 {
				t.Errorf("%d articles in batches and %d alone, want 250 in all", sum, spy.singles)
			}
			tt.check(t, spy.batches)
			if diff := cmp.Diff(refReport, got); diff != "" {
				t.Errorf("report differs from the one of a load without batches (-want +got):\n%s", diff)
			}
			if diff := storetest.Diff(want, storetest.TakeSnapshot(t, spy)); diff != "" {
				t.Errorf("graph differs from the one of a load without batches (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBatchKeepsFileOrder mixes failures and good documents in one batch:
// the report lists them in file order, and a bad document fails alone.
func TestBatchKeepsFileOrder(t *testing.T) {
	spy := &batchSpy{Store: embedded.New()}
	var order []string
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: spy}, BatchDelay: time.Hour,
		OnFailure: func(f loaders.Failure) { order = append(order, "FAIL "+f.Loc) }}
	l.Progress = func(p loaders.Progress) { order = append(order, fmt.Sprintf("progress %d", p.Documents)) }
	got := load(t, l, "testdata/lines.jsonl", "testdata/mixed")
	if got.Created != 3 || got.Failed != 2 {
		t.Errorf("created %d, failed %d; want 3 and 2", got.Created, got.Failed)
	}
	want := []string{
		"progress 1", "progress 2", "FAIL testdata/lines.jsonl:4", "progress 3", "progress 3", // the file's end
		"FAIL testdata/mixed/bad.json", "progress 4", "progress 4", "progress 5", "progress 5",
	}
	if diff := cmp.Diff(want, slashes(order)); diff != "" {
		t.Errorf("order of failures and progress (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{3}, spy.batches); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
}

// onlyOmitted is an importer whose files hold one article and records the
// mapping leaves out entirely: it reports them as results with counts only.
type onlyOmitted struct{ fakeImporter }

func (onlyOmitted) Import(path string, r io.Reader, emit func(loaders.Result) error) error {
	if err := emit(loaders.Result{Loc: path + ":1", Omitted: map[string]int{"DOCUMENT record": 2}}); err != nil {
		return err
	}
	return fakeImporter{}.Import(path, r, emit)
}

func TestResultWithOnlyOmittedCounts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.fake")
	if err := os.WriteFile(path, []byte("Ukraine spoke.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := load(t, &loaders.Loader{Sink: &loaders.StoreSink{Store: embedded.New()}, Importers: []loaders.Importer{onlyOmitted{}}}, dir)
	want := summary{Files: 1, Created: 1, Omitted: map[string]int{"DOCUMENT record": 2, "unmapped type X": 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// failingBatches is a store whose batches fail as unavailable after the
// first one.
type failingBatches struct {
	*embedded.Store
	calls int
}

func (s *failingBatches) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	s.calls++
	if s.calls > 1 {
		errs := make([]error, len(gs))
		for i := range errs {
			errs[i] = fmt.Errorf("connection reset: %w", store.ErrUnavailable)
		}
		return make([]store.PutResult, len(gs)), store.NewBatchError(errs)
	}
	return s.Store.PutArticles(ctx, gs)
}

func TestUnavailableStoreStopsABatchedLoad(t *testing.T) {
	dir := corpus(t, 30)
	st := &failingBatches{Store: embedded.New()}
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: native(), BatchArticles: 10}
	rep, err := l.Load(t.Context(), []string{dir})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Load: %v, want store.ErrUnavailable", err)
	}
	if want := filepath.Join(dir, "synth-000011.json") + ": "; len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
		t.Errorf("error %q does not start with the first article not written (%s)", err, want)
	}
	if rep.Created != 10 || rep.Failed != 0 {
		t.Errorf("report: %d created, %d failed; want the first batch of 10 created and no failure", rep.Created, rep.Failed)
	}
}

// slowImporter emits the documents of fakeImporter with a pause before
// each, like a slow disk or a slow network source.
type slowImporter struct{ fakeImporter }

func (slowImporter) Import(path string, r io.Reader, emit func(loaders.Result) error) error {
	return fakeImporter{}.Import(path, r, func(res loaders.Result) error {
		time.Sleep(100 * time.Millisecond)
		return emit(res)
	})
}

// TestBatchDelay checks that a document does not wait for a batch to fill
// longer than BatchDelay.
func TestBatchDelay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.fake")
	if err := os.WriteFile(path, []byte("One.\nTwo.\nThree.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spy := &batchSpy{Store: embedded.New()}
	var at []time.Duration // when each document was accounted for
	start := time.Now()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: spy}, Importers: []loaders.Importer{slowImporter{}}, BatchDelay: 20 * time.Millisecond,
		Progress: func(p loaders.Progress) {
			if p.Current != "" {
				at = append(at, time.Since(start))
			}
		}}
	got := load(t, l, path)
	if got.Created != 3 {
		t.Fatalf("created %d, want 3", got.Created)
	}
	if writes := len(spy.batches) + spy.singles; writes < 2 {
		t.Errorf("%d writes for 3 documents 100ms apart with a batch delay of 20ms, want one per document or so", writes)
	}
	if len(at) != 3 || at[0] > at[2]-100*time.Millisecond {
		t.Errorf("documents were written at %v: the first waited for the last", at)
	}
}
