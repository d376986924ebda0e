package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph/article"
	"newsgraph/internal/gqltest"
	"newsgraph/server"
	"newsgraph/store"
)

const token = "server-test-token"

// post sends a GraphQL request with an optional token and returns the
// response.
func post(t *testing.T, url, query string, variables map[string]any, token string) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	req := newRequest(t, http.MethodPost, url+"/graphql", "application/json", bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, req)
}

// exampleInput is the example article as a variable value.
func exampleInput(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", "articles", "istanbul-talks-2025-06-03.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// exampleGraph is the example article as the store takes it.
func exampleGraph(t *testing.T) *store.ArticleGraph {
	t.Helper()
	data, _ := json.Marshal(exampleInput(t))
	doc, err := article.Parse("example", data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := doc.Graph()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

const ingest = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { outcome article { id } } }`

func articleCount(t *testing.T, s store.Store) int {
	t.Helper()
	n, err := s.CountArticles(context.Background(), store.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWritesEndToEnd: a mutation without a token writes nothing; with
// one, the article is queryable and both a WebSocket and an SSE
// subscriber receive it.
func TestWritesEndToEnd(t *testing.T) {
	st := emptyStore(t)
	srv, api := serveAPI(t, server.Config{Store: st, APITokens: []string{token}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	resp := post(t, srv.URL, ingest, map[string]any{"input": exampleInput(t)}, "")
	got := decode(t, resp)
	if resp.status != http.StatusUnauthorized || len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "UNAUTHENTICATED" {
		t.Errorf("without a token: %d %s", resp.status, resp.body)
	}
	if n := articleCount(t, st); n != 0 {
		t.Fatalf("%d articles written without a token", n)
	}

	ws, err := gqltest.Dial(ctx, srv.URL+"/graphql", gqltest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	const sub = `subscription { articleIngested { outcome article { id title } } }`
	if err := ws.Subscribe(ctx, "1", sub, nil); err != nil {
		t.Fatal(err)
	}
	sse, err := gqltest.PostSSE(ctx, srv.URL+"/graphql", sub, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sse.Close()
	waitFor(t, "two subscribers", func() bool { return subscribers(t, srv.URL) == 2 })

	resp = post(t, srv.URL, ingest, map[string]any{"input": exampleInput(t)}, token)
	if got := decode(t, resp); resp.status != http.StatusOK || len(got.Errors) != 0 ||
		!strings.Contains(string(got.Data), `"outcome":"CREATED"`) {
		t.Fatalf("with the token: %d %s", resp.status, resp.body)
	}
	resp = post(t, srv.URL, `{ node(id: "article:istanbul-talks-2025-06-03") { ... on Article { title } } }`, nil, "")
	if !strings.Contains(string(resp.body), "ceasefire") {
		t.Errorf("the article is not queryable: %s", resp.body)
	}

	wsEvent, err := ws.Next(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	sseEvent, err := sse.Next(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for name, ev := range map[string]*gqltest.Response{"WebSocket": wsEvent, "SSE": sseEvent} {
		if !strings.Contains(string(ev.Data), `"id":"article:istanbul-talks-2025-06-03"`) || len(ev.Errors) > 0 {
			t.Errorf("%s event: %s %+v", name, ev.Data, ev.Errors)
		}
	}
	_ = api
}

// subscribers reads the subscription gauge from /metrics.
func subscribers(t *testing.T, url string) int {
	t.Helper()
	resp := do(t, newRequest(t, http.MethodGet, url+"/metrics", "", nil))
	n := 0
	for _, line := range strings.Split(string(resp.body), "\n") {
		var kind string
		var v int
		if _, err := fmt.Sscanf(line, "newsgraph_subscriptions{kind=%q} %d", &kind, &v); err == nil {
			n += v
		}
	}
	return n
}

// TestServerStorePublishes: what is written through Server.Store (as
// serve --load does) reaches subscribers.
func TestServerStorePublishes(t *testing.T) {
	srv, api := serveAPI(t, server.Config{Store: emptyStore(t)})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sse, err := gqltest.PostSSE(ctx, srv.URL+"/graphql", `subscription { relationAdded(types: [LED]) { type } }`, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sse.Close()
	waitFor(t, "a subscriber", func() bool { return subscribers(t, srv.URL) == 1 })

	if _, err := api.Store().PutArticle(ctx, exampleGraph(t)); err != nil {
		t.Fatal(err)
	}
	ev, err := sse.Next(5 * time.Second)
	if err != nil || string(ev.Data) != `{"relationAdded":{"type":"LED"}}` {
		t.Errorf("event %+v, %v; want a LED relation", ev, err)
	}

	// The wrapped store answers the explorer's calls too.
	if stats, err := api.Store().Stats(ctx); err != nil || stats == nil {
		t.Errorf("Stats through Server.Store: %v", err)
	}
}

func TestReadTokenRequired(t *testing.T) {
	srv := serve(t, server.Config{APITokens: []string{token}, ReadTokenRequired: true})
	for _, tc := range []struct {
		token  string
		status int
	}{
		{"", http.StatusUnauthorized},
		{"wrong", http.StatusUnauthorized},
		{token, http.StatusOK},
	} {
		resp := post(t, srv.URL, countQuery, nil, tc.token)
		if resp.status != tc.status {
			t.Errorf("token %q: %d %s, want %d", tc.token, resp.status, resp.body, tc.status)
		}
	}
}

func TestProductionMode(t *testing.T) {
	srv := serve(t, server.Config{Production: true})
	if resp := do(t, newRequest(t, http.MethodGet, srv.URL+"/", "", nil)); resp.status != http.StatusNotFound {
		t.Errorf("GraphiQL in production: %d", resp.status)
	}
	resp := post(t, srv.URL, `{ __schema { queryType { name } } }`, nil, "")
	if got := decode(t, resp); len(got.Errors) != 1 || !strings.Contains(got.Errors[0].Message, "introspection") {
		t.Errorf("introspection in production: %s", resp.body)
	}
	resp = post(t, srv.URL, `{ actorz { totalCount } }`, nil, "")
	if strings.Contains(string(resp.body), "Did you mean") {
		t.Errorf("suggestion in production: %s", resp.body)
	}
}

func TestMetrics(t *testing.T) {
	srv := serve(t, server.Config{MetricsOperations: []string{"CountActors", "Broken"}})
	post(t, srv.URL, `query CountActors { actors { totalCount } }`, nil, "")
	post(t, srv.URL, `query Broken { nope }`, nil, "")
	do(t, newRequest(t, http.MethodGet, srv.URL+"/healthz", "", nil))

	resp := do(t, newRequest(t, http.MethodGet, srv.URL+"/metrics", "", nil))
	if resp.status != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.status)
	}
	for _, want := range []string{
		`newsgraph_graphql_requests_total{operation="CountActors",outcome="ok"}`,
		`newsgraph_graphql_requests_total{operation="Broken",outcome="error"}`,
		`newsgraph_graphql_request_duration_seconds_bucket{operation="CountActors",le=`,
		`newsgraph_store_call_duration_seconds_count{method="ListEntities",outcome="ok"}`,
		`newsgraph_http_requests_total{path="/healthz",status="200"}`,
		`newsgraph_articles_loaded_total{outcome="created"}`,
		`newsgraph_subscriptions{kind="relationAdded"}`,
	} {
		if !strings.Contains(string(resp.body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	off := serve(t, server.Config{DisableMetrics: true})
	if resp := do(t, newRequest(t, http.MethodGet, off.URL+"/metrics", "", nil)); resp.status != http.StatusNotFound {
		t.Errorf("/metrics when disabled: %d", resp.status)
	}
}

// TestMetricsOperationNamesAreBounded: names clients make up do not become
// series; they count as other.
func TestMetricsOperationNamesAreBounded(t *testing.T) {
	srv := serve(t, server.Config{MetricsOperations: []string{"CountActors"}})
	for i := range 300 {
		post(t, srv.URL, fmt.Sprintf("query MadeUp%d { __typename }", i), nil, "")
	}
	body := string(do(t, newRequest(t, http.MethodGet, srv.URL+"/metrics", "", nil)).body)
	if strings.Contains(body, `operation="MadeUp`) {
		t.Errorf("/metrics has series of made-up operation names")
	}
	if !strings.Contains(body, `newsgraph_graphql_requests_total{operation="other",outcome="ok"}`) {
		t.Errorf("/metrics lacks the other operations")
	}
}

// TestMetricsNeedTheReadToken: with --read-token-required, /metrics answers
// only to a token, as queries do.
func TestMetricsNeedTheReadToken(t *testing.T) {
	for _, tc := range []struct {
		name         string
		readRequired bool
		token        string
		status       int
	}{
		{"public reads, no token", false, "", http.StatusOK},
		{"public reads, wrong token", false, "wrong", http.StatusUnauthorized},
		{"read token required, no token", true, "", http.StatusUnauthorized},
		{"read token required, wrong token", true, "wrong", http.StatusUnauthorized},
		{"read token required, token", true, token, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, server.Config{APITokens: []string{token}, ReadTokenRequired: tc.readRequired})
			req := newRequest(t, http.MethodGet, srv.URL+server.MetricsPath, "", nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp := do(t, req)
			if resp.status != tc.status {
				t.Errorf("status %d, want %d (%s)", resp.status, tc.status, resp.body)
			}
			if got := resp.header.Get("WWW-Authenticate"); (resp.status == http.StatusUnauthorized) != (got != "") {
				t.Errorf("WWW-Authenticate %q with status %d", got, resp.status)
			}
			if tc.status == http.StatusOK && !strings.Contains(string(resp.body), "newsgraph_http_requests_total") {
				t.Errorf("no metrics in %.200s", resp.body)
			}
		})
	}
}

// syncBuffer is a buffer logs can be written to concurrently.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes the JSON log lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q is not JSON", line)
		}
		out = append(out, m)
	}
	return out
}

// brokenStore fails every entity list with an internal error.
type brokenStore struct{ store.Store }

func (brokenStore) CountEntities(context.Context, store.EntityQuery) (int, error) {
	return 0, errors.New("disk on fire")
}

func (brokenStore) ListEntities(context.Context, store.EntityQuery) (*store.Page[*store.Entity], error) {
	return nil, errors.New("disk on fire")
}

func TestRequestIDAndAccessLog(t *testing.T) {
	var logs syncBuffer
	srv := serve(t, server.Config{
		Store:  brokenStore{emptyStore(t)},
		Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
	})

	// The client's id is kept and echoed; the request logs an internal
	// error and its access line, both with the id.
	body, _ := json.Marshal(map[string]any{"query": `query Count { actors { totalCount } }`})
	req := newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	req.Header.Set("X-Request-Id", "client-id-42")
	resp := do(t, req)
	if got := resp.header.Get("X-Request-Id"); got != "client-id-42" {
		t.Errorf("X-Request-Id %q, want the client's", got)
	}
	// Without one, the server makes one.
	resp = do(t, newRequest(t, http.MethodGet, srv.URL+"/healthz", "", nil))
	generated := resp.header.Get("X-Request-Id")
	if len(generated) != 32 {
		t.Errorf("generated X-Request-Id %q", generated)
	}

	var mine, access []map[string]any
	for _, line := range logs.lines(t) {
		switch line["request_id"] {
		case "client-id-42":
			mine = append(mine, line)
		case generated:
		default:
			t.Errorf("log line without a request id: %v", line)
		}
		if line["msg"] == "request" {
			access = append(access, line)
		}
	}
	if len(mine) != 2 || mine[0]["msg"] != "graphql: internal error" || mine[1]["msg"] != "request" {
		t.Errorf("the request's lines: %v, want its internal error then its access line", mine)
	}
	if len(access) != 2 {
		t.Fatalf("%d access lines, want 2", len(access))
	}
	a := access[0]
	for k, want := range map[string]any{"method": "POST", "path": "/graphql", "status": float64(200), "operation": "Count", "errors": float64(1)} {
		if a[k] != want {
			t.Errorf("access line %s = %v, want %v (%v)", k, a[k], want, a)
		}
	}
	if _, ok := a["duration_ms"].(float64); !ok {
		t.Errorf("access line without duration_ms: %v", a)
	}
}

// TestServeShutsDownGracefully: cancelling Serve's context ends the open
// subscriptions, lets the request in flight finish and returns.
func TestServeShutsDownGracefully(t *testing.T) {
	api, err := server.New(server.Config{Store: seededStore(t), Logger: quietLogger})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- api.Serve(ctx, ln) }()

	tctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	waitFor(t, "the server", func() bool {
		resp, err := http.Get(url + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})
	sse, err := gqltest.PostSSE(tctx, url+"/graphql", `subscription { articleIngested { outcome } }`, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sse.Close()
	ws, err := gqltest.Dial(tctx, url+"/graphql", gqltest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.Subscribe(tctx, "1", `subscription { articleIngested { outcome } }`, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "two subscribers", func() bool { return subscribers(t, url) == 2 })

	stop()
	if _, err := sse.Next(5 * time.Second); !errors.Is(err, gqltest.ErrComplete) {
		t.Errorf("SSE at shutdown: %v, want the stream to complete", err)
	}
	if _, err := ws.Next(tctx, "1"); err == nil {
		t.Error("WebSocket at shutdown: the subscription went on")
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

func TestShutdownMakesReadyzFail(t *testing.T) {
	srv, api := serveAPI(t, server.Config{})
	if err := api.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp := do(t, newRequest(t, http.MethodGet, srv.URL+"/readyz", "", nil))
	if resp.status != http.StatusServiceUnavailable || !strings.Contains(string(resp.body), "shutting down") {
		t.Errorf("/readyz after Shutdown: %d %s", resp.status, resp.body)
	}
	// Queries are still answered while requests drain.
	if resp := post(t, srv.URL, countQuery, nil, ""); resp.status != http.StatusOK {
		t.Errorf("query after Shutdown: %d", resp.status)
	}
	_ = io.Discard
}

// slowStore lists and counts entities only when its context ends.
type slowStore struct{ store.Store }

func (slowStore) CountEntities(ctx context.Context, _ store.EntityQuery) (int, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

func (slowStore) ListEntities(ctx context.Context, _ store.EntityQuery) (*store.Page[*store.Entity], error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestTimeouts: the request timeout and the store call timeout each stop
// a slow store call with a TIMEOUT error, each with its own message, and
// /metrics counts the store call as a timeout.
func TestTimeouts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cfg     server.Config
		message string
	}{
		{"request timeout", server.Config{Limits: server.Limits{RequestTimeout: 50 * time.Millisecond}},
			"the request took too long and was stopped; ask for less (smaller pages, fewer nested lists)"},
		{"store call timeout", server.Config{StoreTxTimeout: 50 * time.Millisecond},
			"the graph store took too long to answer this part of the request and stopped; " +
				"narrow the query (types, an entity, dates) or ask for less (lower first or depth, fewer nested lists)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Store = slowStore{emptyStore(t)}
			srv := serve(t, tc.cfg)
			start := time.Now()
			resp := post(t, srv.URL, countQuery, nil, "")
			got := decode(t, resp)
			if len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "TIMEOUT" || got.Errors[0].Message != tc.message {
				t.Errorf("%d %s, want a TIMEOUT error saying %q", resp.status, resp.body, tc.message)
			}
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("answered after %s", elapsed)
			}
			metrics := do(t, newRequest(t, http.MethodGet, srv.URL+"/metrics", "", nil))
			if want := `method="ListEntities",outcome="timeout"`; !strings.Contains(string(metrics.body), want) {
				t.Errorf("/metrics has no %s", want)
			}
		})
	}
}
