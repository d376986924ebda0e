package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"newsgraph/article"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// examplesGlob finds the hand-annotated example articles.
var examplesGlob = filepath.Join("..", "examples", "articles", "*.json")

// quietLogger discards the handler's logs (internal errors are expected in
// some tests).
var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// newServer serves the schema as the binary does (package server), with
// a silent logger.
func newServer(t testing.TB, cfg server.Config) *server.Server {
	t.Helper()
	cfg.Logger = quietLogger
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return srv
}

// clientOf is a client of the GraphQL endpoint of h.
func clientOf(h http.Handler) *client.Client {
	return client.New(h, client.Path(server.GraphQLPath))
}

// newClient serves a store through the GraphQL endpoint.
func newClient(t *testing.T, s store.Store) *client.Client {
	t.Helper()
	return clientOf(newServer(t, server.Config{Store: s}))
}

// newPatientClient is newClient with loaders that wait long enough for
// every key of a level even on a loaded machine, for tests that count
// batches.
func newPatientClient(t *testing.T, s store.Store) *client.Client {
	t.Helper()
	return clientOf(newServer(t, server.Config{Store: s, LoaderWait: 100 * time.Millisecond}))
}

// newStore is an empty embedded store, closed with the test.
func newStore(t *testing.T) store.Store {
	t.Helper()
	s := embedded.New()
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// seeded is a store holding the example articles, and a client for it.
func seeded(t *testing.T) (store.Store, *client.Client) {
	t.Helper()
	s := newStore(t)
	loadExamples(t, s)
	return s, newClient(t, s)
}

// loadExamples puts every example article into s.
func loadExamples(t *testing.T, s store.Store) {
	t.Helper()
	paths, err := filepath.Glob(examplesGlob)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example articles at %s (%v)", examplesGlob, err)
	}
	putFiles(t, s, paths...)
}

// putFiles puts the article files at paths into s.
func putFiles(t *testing.T, s store.Store, paths ...string) {
	t.Helper()
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := article.Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		g, err := doc.Graph()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if _, err := s.PutArticle(context.Background(), g); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
}

// query runs a query that must succeed and decodes its data into out.
func query(t *testing.T, c *client.Client, q string, out any, opts ...client.Option) {
	t.Helper()
	resp, err := c.RawPost(q, opts...)
	if err != nil {
		t.Fatalf("query failed: %v\n%s", err, q)
	}
	if len(resp.Errors) > 0 && string(resp.Errors) != "null" {
		t.Fatalf("query answered errors: %s\n%s", resp.Errors, q)
	}
	b, err := json.Marshal(resp.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// gqlError is an error as the API sends it.
type gqlError struct {
	Message    string `json:"message"`
	Path       []any  `json:"path"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

// queryErrors runs a query that must fail and returns its errors and data.
func queryErrors(t *testing.T, c *client.Client, q string, opts ...client.Option) ([]gqlError, any) {
	t.Helper()
	var errs []gqlError
	resp, err := c.RawPost(q, opts...)
	if err != nil {
		// Requests that fail validation get a 4xx status, which the
		// client reports as "http 422: {body}".
		_, body, ok := strings.Cut(err.Error(), ": ")
		var r struct {
			Errors []gqlError `json:"errors"`
			Data   any        `json:"data"`
		}
		if !ok || json.Unmarshal([]byte(body), &r) != nil {
			t.Fatalf("query failed: %v\n%s", err, q)
		}
		return r.Errors, r.Data
	}
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			t.Fatalf("decode errors %s: %v", resp.Errors, err)
		}
	}
	if len(errs) == 0 {
		t.Fatalf("query succeeded, want errors\n%s", q)
	}
	return errs, resp.Data
}

// countingStore counts the calls made to a store, by method (a projected
// lookup counts as the lookup: ProjectedEntities as Entities).
type countingStore struct {
	store.Store
	mu    sync.Mutex
	calls map[string]int
}

func newCountingStore(s store.Store) *countingStore {
	return &countingStore{Store: s, calls: map[string]int{}}
}

func (c *countingStore) count(method string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[method]++
}

// snapshot returns the counts so far and resets them.
func (c *countingStore) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = map[string]int{}
	return out
}

func total(calls map[string]int) int {
	n := 0
	for _, v := range calls {
		n += v
	}
	return n
}

func (c *countingStore) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	c.count("Search")
	return c.Store.Search(ctx, q)
}

func (c *countingStore) Entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	c.count("Entities")
	return c.Store.Entities(ctx, ids)
}

func (c *countingStore) ProjectedEntities(ctx context.Context, ids []string, p store.Projection) ([]*store.Entity, error) {
	c.count("Entities")
	return c.Store.ProjectedEntities(ctx, ids, p)
}

func (c *countingStore) ProjectedArticles(ctx context.Context, ids []string, p store.Projection) ([]*store.Article, error) {
	c.count("Articles")
	return c.Store.ProjectedArticles(ctx, ids, p)
}

func (c *countingStore) Articles(ctx context.Context, ids []string) ([]*store.Article, error) {
	c.count("Articles")
	return c.Store.Articles(ctx, ids)
}

func (c *countingStore) Relations(ctx context.Context, ids []string) ([]*store.Relation, error) {
	c.count("Relations")
	return c.Store.Relations(ctx, ids)
}

func (c *countingStore) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	c.count("ListEntities")
	return c.Store.ListEntities(ctx, q)
}

func (c *countingStore) ListArticles(ctx context.Context, q store.ArticleQuery) (*store.Page[*store.Article], error) {
	c.count("ListArticles")
	return c.Store.ListArticles(ctx, q)
}

func (c *countingStore) ListRelations(ctx context.Context, q store.RelationQuery) (*store.Page[*store.Relation], error) {
	c.count("ListRelations")
	return c.Store.ListRelations(ctx, q)
}

func (c *countingStore) CountEntities(ctx context.Context, q store.EntityQuery) (int, error) {
	c.count("CountEntities")
	return c.Store.CountEntities(ctx, q)
}

func (c *countingStore) CountArticles(ctx context.Context, q store.ArticleQuery) (int, error) {
	c.count("CountArticles")
	return c.Store.CountArticles(ctx, q)
}

func (c *countingStore) CountRelations(ctx context.Context, q store.RelationQuery) (int, error) {
	c.count("CountRelations")
	return c.Store.CountRelations(ctx, q)
}

func (c *countingStore) RelationsOf(ctx context.Context, qs []store.RelationQuery) ([]*store.Page[*store.Relation], error) {
	c.count("RelationsOf")
	return c.Store.RelationsOf(ctx, qs)
}

func (c *countingStore) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	c.count("ReadLevel")
	return c.Store.ReadLevel(ctx, q)
}

// failingStore answers every list and lookup with err.
type failingStore struct {
	store.Store
	err error
}

func (f failingStore) ListEntities(context.Context, store.EntityQuery) (*store.Page[*store.Entity], error) {
	return nil, f.err
}

func (f failingStore) Entities(context.Context, []string) ([]*store.Entity, error) { return nil, f.err }

func (f failingStore) ProjectedEntities(context.Context, []string, store.Projection) ([]*store.Entity, error) {
	return nil, f.err
}

func (f failingStore) ListRelations(context.Context, store.RelationQuery) (*store.Page[*store.Relation], error) {
	return nil, f.err
}

// forgetfulStore has lost some entities: lookups by id return nil for them.
type forgetfulStore struct {
	store.Store
	lost map[string]bool
}

func (f forgetfulStore) Entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return f.ProjectedEntities(ctx, ids, store.Projection{})
}

func (f forgetfulStore) ProjectedEntities(ctx context.Context, ids []string, p store.Projection) ([]*store.Entity, error) {
	out, err := f.Store.ProjectedEntities(ctx, ids, p)
	for i, id := range ids {
		if f.lost[id] && err == nil {
			out[i] = nil
		}
	}
	return out, err
}
