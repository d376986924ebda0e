package difftest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/internal/neo4jtest"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/neo4jstore"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// engine is one store behind the API.
type engine struct {
	name    string
	handler http.Handler
}

// setUp returns the two engines with the corpus loaded: a embedded and the
// test Neo4j (its database wiped first), each behind the API.
func setUp(t *testing.T) []engine {
	t.Helper()
	conn := neo4jtest.Server(t) // skips or fails t without a Neo4j
	graphs := corpus(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()

	stores := openStores(ctx, t, conn)
	var out []engine
	for _, e := range stores {
		start := time.Now()
		if err := fill(ctx, e.st, graphs); err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		t.Logf("%s: %d articles loaded in %s", e.name, len(graphs), time.Since(start).Round(time.Millisecond))
		// The test compares answers, not speed: on a busy machine a slow
		// answer must not become a refused one.
		out = append(out, serveStore(t, e, 2*time.Minute))
	}
	return out
}

// namedStore is a store and the name of its engine.
type namedStore struct {
	name string
	st   store.Store
}

// openStores returns an embedded store and the test Neo4j, its database
// wiped first, both empty.
func openStores(ctx context.Context, t *testing.T, conn neo4jtest.Conn) []namedStore {
	t.Helper()
	neo4jtest.Wipe(t, conn)
	neo, err := neo4jstore.Open(ctx, neo4jstore.Config{
		URI: conn.URI, Username: conn.Username, Password: conn.Password, Database: conn.Database,
		TxTimeout: 2 * time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { neo.Close() })
	return []namedStore{{"embedded", embedded.New()}, {"neo4jstore", neo}}
}

// serveStore puts a store behind the API, its store calls bounded by
// storeTimeout and its requests by two minutes (of time and of store
// time).
func serveStore(t *testing.T, s namedStore, storeTimeout time.Duration) engine {
	t.Helper()
	srv, err := server.New(server.Config{
		Store:          s.st,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		StoreTxTimeout: storeTimeout,
		Limits:         server.Limits{RequestTimeout: 2 * time.Minute, StoreBudget: 2 * time.Minute},
		APITokens:      []string{apiToken},
	})
	if err != nil {
		t.Fatal(err)
	}
	return engine{name: s.name, handler: srv}
}

// apiToken lets the tests write through the API.
const apiToken = "difftest-token"

// request is one GraphQL request.
type request struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

// answer is an engine's response to a request: the HTTP status and the
// body, indented.
type answer struct {
	status int
	body   string
}

func (a answer) String() string { return fmt.Sprintf("HTTP %d\n%s", a.status, a.body) }

// ask sends r to an engine's handler.
func ask(t *testing.T, e engine, r request) answer {
	t.Helper()
	body, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, server.GraphQLPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+apiToken)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	var indented bytes.Buffer
	if err := json.Indent(&indented, rec.Body.Bytes(), "", "  "); err != nil {
		t.Fatalf("%s: the response is not JSON (%v):\n%s", e.name, err, rec.Body.String())
	}
	return answer{status: rec.Code, body: indented.String()}
}

// same asks every engine r and reports a difference between their answers
// as a unified diff. It returns the first engine's answer.
func same(t *testing.T, es []engine, r request) answer {
	t.Helper()
	first := ask(t, es[0], r)
	for _, e := range es[1:] {
		got := ask(t, e, r)
		if d := cmp.Diff(lines(first.String()), lines(got.String())); d != "" {
			t.Errorf("the stores answer differently (-%s +%s):\n%s", es[0].name, e.name, d)
		}
	}
	return first
}

// lines splits an answer into its lines, so that a difference is shown
// line by line.
func lines(s string) []string { return strings.Split(s, "\n") }

// response is the part of a GraphQL response the tests look into.
type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

func decode(t *testing.T, a answer) response {
	t.Helper()
	var r response
	if err := json.Unmarshal([]byte(a.body), &r); err != nil {
		t.Fatalf("decoding the response: %v\n%s", err, a.body)
	}
	return r
}

// errorCodes lists the extensions.code of a response's errors.
func errorCodes(r response) []string {
	var codes []string
	for _, e := range r.Errors {
		codes = append(codes, e.Extensions.Code)
	}
	return codes
}

// TestStoresAgree asks both stores every query and walks every list, then
// writes the same articles through the API of each (deletions,
// replacements) and asks every query again. The phases run in this order:
// the last changes the graph.
func TestStoresAgree(t *testing.T) {
	es := setUp(t)
	t.Run("queries", func(t *testing.T) { askAll(t, es, true) })
	t.Run("pagination walks", func(t *testing.T) { walkAll(t, es) })
	t.Run("after writes", func(t *testing.T) {
		for _, w := range writes(t) {
			t.Run(w.name, func(t *testing.T) {
				a := same(t, es, request{Query: w.query, Variables: w.vars})
				if codes := strings.Join(errorCodes(decode(t, a)), ","); codes != "" {
					t.Fatalf("error codes %q:\n%s", codes, a.body)
				}
				if !strings.Contains(a.body, w.mustHave) {
					t.Errorf("the answer does not contain %q:\n%s", w.mustHave, a.body)
				}
			})
		}
		askAll(t, es, false)
	})
}

// askAll asks every query of queries. With check, it also checks each
// answer's errors and content (which writes change).
func askAll(t *testing.T, es []engine, check bool) {
	names := map[string]bool{}
	for _, q := range queries {
		if names[q.name] {
			t.Fatalf("two queries are named %q", q.name)
		}
		names[q.name] = true
		t.Run(q.name, func(t *testing.T) {
			a := same(t, es, request{Query: q.query, Variables: q.vars})
			if !check {
				return
			}
			r := decode(t, a)
			codes := strings.Join(errorCodes(r), ",")
			if codes != q.wantErr {
				t.Fatalf("error codes %q, want %q:\n%s", codes, q.wantErr, a.body)
			}
			if q.wantErr == "" && q.mustHave != "" && !strings.Contains(a.body, q.mustHave) {
				t.Errorf("the answer does not contain %q: the query tests too little:\n%s", q.mustHave, a.body)
			}
		})
	}
	if len(queries) < 30 {
		t.Errorf("only %d queries", len(queries))
	}
}

// walk is a list to page through to its end.
type walk struct {
	name  string
	query string // with variables $first and $after; the list's field is aliased "list"
	vars  map[string]any
	first int
	// atLeast is the number of pages the walk must take: a walk of one
	// page tests no cursor.
	atLeast int
}

// maxWalkPages bounds a walk: every list of the corpus ends well before,
// so a walk that reaches it does not end (a cursor that does not advance).
const maxWalkPages = 1000

// walkAll pages through every list of walks, comparing each page. A walk
// fails when it does not end: a cursor given twice, a next page without a
// cursor, or more than maxWalkPages pages.
func walkAll(t *testing.T, es []engine) {
	for _, w := range walks {
		t.Run(w.name, func(t *testing.T) {
			var after any
			seen := map[string]bool{}
			pages := 0
			for {
				pages++
				if pages > maxWalkPages {
					t.Fatalf("the walk did not end after %d pages", maxWalkPages)
				}
				vars := map[string]any{"first": w.first, "after": after}
				for k, v := range w.vars {
					vars[k] = v
				}
				a := same(t, es, request{Query: w.query, Variables: vars})
				if t.Failed() {
					return
				}
				r := decode(t, a)
				if len(r.Errors) > 0 {
					t.Fatalf("page %d: errors:\n%s", pages, a.body)
				}
				var page struct {
					List struct {
						PageInfo struct {
							HasNextPage bool    `json:"hasNextPage"`
							EndCursor   *string `json:"endCursor"`
						} `json:"pageInfo"`
					} `json:"list"`
				}
				if err := json.Unmarshal(findList(r.Data), &page); err != nil {
					t.Fatalf("page %d: %v\n%s", pages, err, a.body)
				}
				info := page.List.PageInfo
				if !info.HasNextPage {
					break
				}
				switch {
				case info.EndCursor == nil:
					t.Fatalf("page %d has a next page but no end cursor:\n%s", pages, a.body)
				case seen[*info.EndCursor]:
					t.Fatalf("page %d ends at cursor %q again: the walk would not end", pages, *info.EndCursor)
				}
				seen[*info.EndCursor] = true
				after = *info.EndCursor
			}
			if pages < w.atLeast {
				t.Errorf("the walk took %d pages, want at least %d", pages, w.atLeast)
			}
		})
	}
}

// findList returns the object that holds the field aliased "list", at any
// depth of data (a connection nested in node(id:) say).
func findList(data json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	if _, ok := m["list"]; ok {
		return data
	}
	for _, v := range m {
		if found := findList(v); found != nil {
			return found
		}
	}
	return nil
}
