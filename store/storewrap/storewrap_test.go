package storewrap_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storewrap"
)

// recorder is a hook that records the methods called and their outcome.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) hook(ctx context.Context, method string) (context.Context, func(error)) {
	return ctx, func(err error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		r.calls = append(r.calls, method+" "+outcome)
	}
}

func TestHookRunsAroundEveryCall(t *testing.T) {
	mem := embedded.New()
	t.Cleanup(func() { _ = mem.Close() })
	rec := &recorder{}
	s := storewrap.New(mem, rec.hook)
	ctx := context.Background()

	if _, err := s.ListEntities(ctx, store.EntityQuery{First: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ListEntities(ctx, store.EntityQuery{First: 1, After: "not a cursor"}); err == nil {
		t.Fatal("a malformed cursor was accepted")
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"ListEntities ok", "ListEntities error", "Ping ok", "Stats ok"}
	if diff := cmp.Diff(want, rec.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if s.Unwrap() != mem {
		t.Error("Unwrap does not return the wrapped store")
	}
}

func TestHookContextReachesTheStore(t *testing.T) {
	cancelled := func(ctx context.Context, _ string) (context.Context, func(error)) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		return ctx, func(error) {}
	}
	mem := embedded.New()
	t.Cleanup(func() { _ = mem.Close() })
	s := storewrap.New(ctxStore{mem}, cancelled)
	if _, err := s.CountArticles(context.Background(), store.ArticleQuery{}); !errors.Is(err, context.Canceled) {
		t.Errorf("CountArticles: %v, want the hook's cancelled context", err)
	}
}

// ctxStore fails calls whose context is done.
type ctxStore struct{ store.Store }

func (c ctxStore) CountArticles(ctx context.Context, q store.ArticleQuery) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return c.Store.CountArticles(ctx, q)
}

// TestBatchNamesAndExplorationGoThroughTheHook: the methods of writing in
// batches, name resolution and exploration are hooked like the others and
// reach the wrapped store.
func TestBatchNamesAndExplorationGoThroughTheHook(t *testing.T) {
	mem := embedded.New()
	t.Cleanup(func() { _ = mem.Close() })
	rec := &recorder{}
	s := storewrap.New(mem, rec.hook)
	ctx := context.Background()

	bad := &store.ArticleGraph{Article: store.Article{ID: "article:x"}} // no hash: invalid
	results, err := s.PutArticles(ctx, []*store.ArticleGraph{bad})
	var be *store.BatchError
	if !errors.As(err, &be) || len(results) != 1 || be.Failed() != 1 {
		t.Errorf("PutArticles: %v %v, want a BatchError for the one article", results, err)
	}
	if m, err := s.ResolveNames(ctx, ontology.Actor, []string{"kyiv"}); err != nil || len(m) != 0 {
		t.Errorf("ResolveNames on an empty store: %v, %v; want nothing", m, err)
	}
	if _, err := s.Search(ctx, store.SearchQuery{Text: "kyiv"}); err != nil {
		t.Errorf("Search: %v", err)
	}
	if _, err := s.Expand(ctx, []string{"actor:x"}, store.Both, nil, 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Expand with limit 0: %v, want ErrInvalid", err)
	}
	if _, err := s.Timeline(ctx, store.TimelineQuery{}); err != nil {
		t.Errorf("Timeline: %v", err)
	}
	if _, err := s.CountTimeline(ctx, store.TimelineQuery{}); err != nil {
		t.Errorf("CountTimeline: %v", err)
	}
	if _, _, err := s.Between(ctx, store.BetweenQuery{A: "actor:a", B: "actor:b", Limit: 1}); err != nil {
		t.Errorf("Between: %v", err)
	}
	want := []string{"PutArticles error", "ResolveNames ok", "Search ok", "Expand error", "Timeline ok", "CountTimeline ok", "Between ok"}
	if diff := cmp.Diff(want, rec.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}
