package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
	"newsgraph/store"
)

// fullDiskStore is a store whose disk is full while full is set: writes
// fail as the embedded store's do, and WriteError says so.
type fullDiskStore struct {
	store.Store
	full atomic.Bool
}

var errDiskFull = fmt.Errorf("embedded store: writing the log: %w: no space left on device", store.ErrNotWritable)

func (s *fullDiskStore) PutArticle(ctx context.Context, g *store.ArticleGraph) (store.PutResult, error) {
	if s.full.Load() {
		return store.PutResult{}, errDiskFull
	}
	return s.Store.PutArticle(ctx, g)
}

func (s *fullDiskStore) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	if s.full.Load() {
		return make([]store.PutResult, len(gs)), errDiskFull
	}
	return s.Store.PutArticles(ctx, gs)
}

func (s *fullDiskStore) WriteError() error {
	if s.full.Load() {
		return errDiskFull
	}
	return nil
}

func TestFullDisk(t *testing.T) {
	st := &fullDiskStore{Store: emptyStore(t)}
	srv := serve(t, server.Config{Store: st, APITokens: []string{token}})
	ready := func() string {
		r := do(t, newRequest(t, http.MethodGet, srv.URL+"/readyz", "", nil))
		return fmt.Sprint(r.status, " ", strings.TrimSpace(string(r.body)))
	}

	st.full.Store(true)
	resp := post(t, srv.URL, ingest, map[string]any{"input": exampleInput(t)}, token)
	got := decode(t, resp)
	want := []gqlError{{Message: "the graph store cannot write now (its storage refuses writes); nothing was written, and reads still work"}}
	want[0].Extensions.Code = "WRITES_UNAVAILABLE"
	if diff := cmp.Diff(want, got.Errors); diff != "" {
		t.Errorf("a write on a full disk (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(`503 {"status":"unavailable","reason":"the store cannot write (its storage refuses writes)"}`, ready()); diff != "" {
		t.Errorf("/readyz on a full disk (-want +got):\n%s", diff)
	}
	// Reads still answer.
	if r := outcomeOf(t, do(t, postQuery(t, srv.URL, "", countQuery))); r.Status != 200 || len(r.Codes) > 0 {
		t.Errorf("a read on a full disk: %+v", r)
	}

	st.full.Store(false)
	if diff := cmp.Diff(`200 {"status":"ok"}`, ready()); diff != "" {
		t.Errorf("/readyz once the disk has room (-want +got):\n%s", diff)
	}
	if got := decode(t, post(t, srv.URL, ingest, map[string]any{"input": exampleInput(t)}, token)); len(got.Errors) > 0 {
		t.Errorf("a write once the disk has room: %+v", got.Errors)
	}
}
