package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// emptyStore is an empty embedded store, closed with the test.
func emptyStore(t *testing.T) store.Store {
	t.Helper()
	s := embedded.New()
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// seededStore is an embedded store holding the example articles.
func seededStore(t *testing.T) store.Store {
	t.Helper()
	s := emptyStore(t)
	paths, err := filepath.Glob(filepath.Join("..", "examples", "articles", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example articles (%v)", err)
	}
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
			t.Fatal(err)
		}
		if _, err := s.PutArticle(context.Background(), g); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// serve starts a test server for cfg (Store defaults to the seeded store,
// Logger to a silent one).
func serve(t *testing.T, cfg server.Config) *httptest.Server {
	t.Helper()
	srv, _ := serveAPI(t, cfg)
	return srv
}

// serveAPI is serve that also returns the *server.Server.
func serveAPI(t *testing.T, cfg server.Config) (*httptest.Server, *server.Server) {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = seededStore(t)
	}
	if cfg.Logger == nil {
		cfg.Logger = quietLogger
	}
	api, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	// Cleanups run last first: subscriptions end before Close waits for
	// the requests in flight.
	t.Cleanup(func() { _ = api.Shutdown(context.Background()) })
	return srv, api
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func newRequest(t *testing.T, method, url, contentType string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// graphQLResponse is a GraphQL response body.
type graphQLResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// gqlError is an error of a GraphQL response.
type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

func decode(t *testing.T, r response) graphQLResponse {
	t.Helper()
	var out graphQLResponse
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("status %d, body %q is not a GraphQL response: %v", r.status, r.body, err)
	}
	return out
}

const countQuery = `{ actors { totalCount } }`

func TestPostAndGet(t *testing.T) {
	srv := serve(t, server.Config{})
	want := `{"actors":{"totalCount":9}}`

	body, _ := json.Marshal(map[string]any{"query": countQuery})
	post := do(t, newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", bytes.NewReader(body)))
	if got := decode(t, post); post.status != http.StatusOK || string(got.Data) != want || got.Errors != nil {
		t.Errorf("POST: %d %s", post.status, post.body)
	}

	withVars, _ := json.Marshal(map[string]any{
		"query":     `query($name: String!) { actors(where: {name: {eq: $name}}) { totalCount } }`,
		"variables": map[string]any{"name": "Ukraine"},
	})
	post = do(t, newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json; charset=utf-8", bytes.NewReader(withVars)))
	if got := decode(t, post); string(got.Data) != `{"actors":{"totalCount":1}}` {
		t.Errorf("POST with variables: %d %s", post.status, post.body)
	}

	get := do(t, newRequest(t, http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(countQuery), "", nil))
	if got := decode(t, get); get.status != http.StatusOK || string(got.Data) != want {
		t.Errorf("GET: %d %s", get.status, get.body)
	}

	vars := url.Values{
		"query":     {`query($n: Int) { actors(first: $n) { nodes { name } } }`},
		"variables": {`{"n": 1}`},
	}
	get = do(t, newRequest(t, http.MethodGet, srv.URL+"/graphql?"+vars.Encode(), "", nil))
	if got := decode(t, get); get.status != http.StatusOK || got.Errors != nil || !strings.Contains(string(got.Data), "name") {
		t.Errorf("GET with variables: %d %s", get.status, get.body)
	}

	opts := do(t, newRequest(t, http.MethodOptions, srv.URL+"/graphql", "", nil))
	if opts.status >= 300 || !strings.Contains(opts.header.Get("Allow"), "POST") {
		t.Errorf("OPTIONS: %d, Allow %q", opts.status, opts.header.Get("Allow"))
	}
}

// TestRefusedRequests checks the requests refused before GraphQL runs
// them: each gets a status and a GraphQL error with a code.
func TestRefusedRequests(t *testing.T) {
	srv := serve(t, server.Config{MaxBodyBytes: 1024})
	big, _ := json.Marshal(map[string]any{"query": countQuery, "padding": strings.Repeat("x", 2000)})
	for _, tc := range []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
	}{
		{"body over the cap", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", bytes.NewReader(big))
		}, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE"},
		{"chunked body over the cap", func() *http.Request {
			req := newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", io.MultiReader(bytes.NewReader(big)))
			req.ContentLength = -1
			return req
		}, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE"},
		{"not JSON", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", strings.NewReader("{query"))
		}, http.StatusBadRequest, "BAD_USER_INPUT"},
		{"JSON but not an object", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", strings.NewReader(`["query"]`))
		}, http.StatusBadRequest, "BAD_USER_INPUT"},
		{"form post", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/x-www-form-urlencoded", strings.NewReader("query=x"))
		}, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"},
		{"multipart post", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "multipart/form-data; boundary=x", strings.NewReader("--x--"))
		}, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"},
		{"text/plain post", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "text/plain", strings.NewReader(`{"query":"{ __typename }"}`))
		}, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"},
		{"mutation over GET", func() *http.Request {
			q := url.QueryEscape(`mutation { deleteArticle(id: "x") { found } }`)
			return newRequest(t, http.MethodGet, srv.URL+"/graphql?query="+q, "", nil)
		}, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED"},
		{"no content type", func() *http.Request {
			return newRequest(t, http.MethodPost, srv.URL+"/graphql", "", strings.NewReader(`{"query":"{ __typename }"}`))
		}, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"},
		{"PUT", func() *http.Request {
			return newRequest(t, http.MethodPut, srv.URL+"/graphql", "application/json", strings.NewReader(`{}`))
		}, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED"},
		{"GET without a query", func() *http.Request {
			return newRequest(t, http.MethodGet, srv.URL+"/graphql", "", nil)
		}, http.StatusBadRequest, "BAD_USER_INPUT"},
		{"GET with bad variables", func() *http.Request {
			return newRequest(t, http.MethodGet, srv.URL+"/graphql?query=%7B__typename%7D&variables=%7Bnope", "", nil)
		}, http.StatusBadRequest, "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, tc.req())
			got := decode(t, resp)
			if resp.status != tc.status {
				t.Errorf("status %d, want %d (%s)", resp.status, tc.status, resp.body)
			}
			if len(got.Errors) != 1 || got.Errors[0].Extensions.Code != tc.code || got.Errors[0].Message == "" {
				t.Errorf("body %s, want one %s error", resp.body, tc.code)
			}
		})
	}

	// Under the cap, the same server answers.
	small, _ := json.Marshal(map[string]any{"query": countQuery})
	resp := do(t, newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", bytes.NewReader(small)))
	if resp.status != http.StatusOK {
		t.Errorf("small POST: %d %s", resp.status, resp.body)
	}
}

func TestGraphQLErrorsOverHTTP(t *testing.T) {
	srv := serve(t, server.Config{})
	body, _ := json.Marshal(map[string]any{"query": `{ actors(first: 1000) { totalCount } }`})
	resp := do(t, newRequest(t, http.MethodPost, srv.URL+"/graphql", "application/json", bytes.NewReader(body)))
	got := decode(t, resp)
	if len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "BAD_USER_INPUT" {
		t.Errorf("first: 1000 over HTTP: %d %s", resp.status, resp.body)
	}
}

func TestGraphiQL(t *testing.T) {
	srv := serve(t, server.Config{})
	resp := do(t, newRequest(t, http.MethodGet, srv.URL+"/", "", nil))
	page := string(resp.body)
	if resp.status != http.StatusOK || !strings.Contains(resp.header.Get("Content-Type"), "text/html") ||
		!strings.Contains(strings.ToLower(page), "graphiql") || !strings.Contains(page, "/graphql") {
		t.Errorf("GET /: %d %q", resp.status, resp.header.Get("Content-Type"))
	}
	if resp := do(t, newRequest(t, http.MethodGet, srv.URL+"/nope", "", nil)); resp.status != http.StatusNotFound {
		t.Errorf("GET /nope: %d, want 404", resp.status)
	}

	off := serve(t, server.Config{DisableGraphiQL: true})
	if resp := do(t, newRequest(t, http.MethodGet, off.URL+"/", "", nil)); resp.status != http.StatusNotFound {
		t.Errorf("GET / with GraphiQL disabled: %d, want 404", resp.status)
	}
}

func TestIntrospection(t *testing.T) {
	q, _ := json.Marshal(map[string]any{"query": `{ __schema { queryType { name } } }`})
	on := serve(t, server.Config{})
	resp := do(t, newRequest(t, http.MethodPost, on.URL+"/graphql", "application/json", bytes.NewReader(q)))
	if got := decode(t, resp); string(got.Data) != `{"__schema":{"queryType":{"name":"Query"}}}` {
		t.Errorf("introspection on: %s", resp.body)
	}
	off := serve(t, server.Config{DisableIntrospection: true})
	resp = do(t, newRequest(t, http.MethodPost, off.URL+"/graphql", "application/json", bytes.NewReader(q)))
	if got := decode(t, resp); len(got.Errors) == 0 || got.Errors[0].Extensions.Code == "" {
		t.Errorf("introspection off: %s", resp.body)
	}
}

// pingStore is a store whose Ping answers err.
type pingStore struct {
	store.Store
	err error
}

func (p pingStore) Ping(context.Context) error { return p.err }

func TestProbes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ping   error
		path   string
		status int
		body   string
	}{
		{"healthz", nil, "/healthz", http.StatusOK, `{"status":"ok"}`},
		{"healthz while the store is down", store.ErrUnavailable, "/healthz", http.StatusOK, `{"status":"ok"}`},
		{"readyz", nil, "/readyz", http.StatusOK, `{"status":"ok"}`},
		{"readyz while the store is down", fmt.Errorf("%w: connection refused", store.ErrUnavailable), "/readyz",
			http.StatusServiceUnavailable, `{"status":"unavailable","reason":"the store does not answer"}`},
		{"readyz while the store is slow", context.DeadlineExceeded, "/readyz",
			http.StatusServiceUnavailable, `{"status":"unavailable","reason":"the store did not answer within 2s"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, server.Config{Store: pingStore{emptyStore(t), tc.ping}})
			resp := do(t, newRequest(t, http.MethodGet, srv.URL+tc.path, "", nil))
			if diff := cmp.Diff(fmt.Sprint(tc.status, " ", tc.body), fmt.Sprint(resp.status, " ", strings.TrimSpace(string(resp.body)))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if ct := resp.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestNewChecksConfig(t *testing.T) {
	if _, err := server.New(server.Config{}); err == nil {
		t.Error("New without a store succeeded")
	}
	if _, err := server.New(server.Config{Store: emptyStore(t), MaxBodyBytes: -1}); err == nil {
		t.Error("New with a negative body cap succeeded")
	}
	if _, err := server.New(server.Config{Store: emptyStore(t), ReadTokenRequired: true}); err == nil {
		t.Error("New requiring a token for reads without any token succeeded")
	}
	if _, err := server.New(server.Config{Store: emptyStore(t), APITokens: []string{""}}); err == nil {
		t.Error("New with an empty token succeeded")
	}
	if _, err := server.New(server.Config{Store: emptyStore(t)}); err != nil {
		t.Errorf("New with defaults: %v", err)
	}
}
