package loaders_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// TestPut checks the pipeline's entry for one document in memory: the same
// validation as a file (problems at the document's name), entity
// resolution, and the Sink's outcome.
func TestPut(t *testing.T) {
	st := embedded.New()
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}}

	first := zelensky().d
	a, err := l.Put(t.Context(), "input", &first)
	if err != nil {
		t.Fatal(err)
	}
	if a.Result.Outcome != store.Created || a.Resolved != 0 {
		t.Errorf("first article: %+v, resolved %d; want CREATED, 0", a.Result, a.Resolved)
	}

	// "Zelenskyy" without a Wikidata id is the Zelensky of the graph.
	second := newDoc("zelenskyy", "Zelenskyy spoke.").entity(actor("z", "Zelenskyy", "person")).d
	a, err = l.Put(t.Context(), "input", &second)
	if err != nil {
		t.Fatal(err)
	}
	if a.Resolved != 1 || a.Graph.Entities[0].Entity.ID != zelenskyID {
		t.Errorf("second article: resolved %d, entity %s; want 1, %s", a.Resolved, a.Graph.Entities[0].Entity.ID, zelenskyID)
	}

	// A bad document: its problems, named as the caller named it, and
	// nothing written; a required field reported missing as Parse does.
	bad := newDoc("bad", "Kyiv spoke.").entity(actor("k", "Kyiv", "warlord")).d
	bad.Title = ""
	_, err = l.Put(t.Context(), "input", &bad, "$.title")
	var ve *article.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("bad document: %v, want a *article.ValidationError", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Path)
	}
	if diff := cmp.Diff([]string{"$.entities[0].kind", "$.title"}, got); diff != "" || ve.File != "input" {
		t.Errorf("problems of %q (-want +got):\n%s", ve.File, diff)
	}
	if ve.Problems[1].Message != `missing required field "title"` {
		t.Errorf("missing title: %q", ve.Problems[1].Message)
	}
	if n, _ := st.CountArticles(t.Context(), store.ArticleQuery{}); n != 2 {
		t.Errorf("%d articles in the store, want 2", n)
	}
}

// stopAt is a Sink that takes every article but stops the load at the one
// with the id stop.
type stopAt struct {
	stop string
	put  []string
}

var errStopped = errors.New("stopped")

func (s *stopAt) Put(_ context.Context, batch []*loaders.Article) error {
	for _, a := range batch {
		if a.Document.ID == s.stop {
			a.Err = errStopped
			return a.Err
		}
		s.put = append(s.put, a.Document.ID)
		a.Result.Outcome = store.Created
	}
	return nil
}

// TestSinkStops checks that a Sink's error stops the load at the article
// it struck: the articles before it count as loaded, the error names it.
func TestSinkStops(t *testing.T) {
	dir := t.TempDir()
	paths := writeDocs(t, dir, zelensky(), kyivCity(), newDoc("third", "Kyiv spoke.").entity(actor("k", "Kyiv", "government")))
	sink := &stopAt{stop: "kyiv-city"}
	l := &loaders.Loader{Sink: sink, Importers: native()}
	rep, err := l.Load(t.Context(), []string{dir})
	if !errors.Is(err, errStopped) {
		t.Fatalf("Load: %v, want the sink's error", err)
	}
	if want := paths[1] + ": stopped"; filepath.ToSlash(err.Error()) != filepath.ToSlash(want) {
		t.Errorf("error %q, want %q", err, want)
	}
	if rep.Created != 1 || rep.Failed != 0 || !cmp.Equal(sink.put, []string{"zelensky"}) {
		t.Errorf("report: %d created, %d failed, sink took %v; want the first article only", rep.Created, rep.Failed, sink.put)
	}
}
