package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/99designs/gqlgen/client"

	"newsgraph/server"
	"newsgraph/store"
)

// The helpers of the tests of writes, subscriptions, limits and the HTTP
// transport: an API and a token.

// testToken is the API token of the test APIs.
const testToken = "test-token-5f0c"

// examplePath is the hand-annotated example article.
var examplePath = filepath.Join("..", "examples", "articles", "istanbul-talks-2025-06-03.json")

// api is the server over an empty embedded store, with one accepted
// token.
type api struct {
	store   store.Store // the embedded store, to check what was written
	server  *server.Server
	handler http.Handler
	client  *client.Client
}

// newAPI builds an api; options adjust the server's configuration.
func newAPI(t *testing.T, options ...func(*server.Config)) *api {
	t.Helper()
	mem := newStore(t)
	cfg := server.Config{Store: mem, APITokens: []string{testToken}}
	for _, o := range options {
		o(&cfg)
	}
	srv := newServer(t, cfg)
	return &api{store: mem, server: srv, handler: srv, client: clientOf(srv)}
}

// serveHTTP serves the api on a real HTTP server, for WebSocket and SSE,
// and returns the URL of its GraphQL endpoint.
func (a *api) serveHTTP(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(a.handler)
	t.Cleanup(srv.Close)
	// End the subscriptions before the server waits for its handlers.
	t.Cleanup(func() { a.server.Shutdown(context.Background()) })
	return srv.URL + server.GraphQLPath
}

// articleCount is how many articles the store holds.
func (a *api) articleCount(t *testing.T) int {
	t.Helper()
	n, err := a.store.CountArticles(context.Background(), store.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// withToken sends the test token.
func withToken() client.Option {
	return client.AddHeader("Authorization", "Bearer "+testToken)
}

// exampleInput is the example article's JSON as a GraphQL variable value.
func exampleInput(t *testing.T) map[string]any {
	t.Helper()
	return inputOf(t, examplePath)
}

// inputOf reads an article file as ingestArticle's input variable.
func inputOf(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

const ingestMutation = `mutation Ingest($input: ArticleInput!) {
  ingestArticle(input: $input) { outcome entities relations article { id title } }
}`

// ingestResult is the data of ingestMutation.
type ingestResult struct {
	IngestArticle struct {
		Outcome   string
		Entities  int
		Relations int
		Article   struct{ ID, Title string }
	}
}

// ingest sends an article with the token and returns the result.
func (a *api) ingest(t *testing.T, input map[string]any) ingestResult {
	t.Helper()
	var out ingestResult
	query(t, a.client, ingestMutation, &out, client.Var("input", input), withToken())
	return out
}
