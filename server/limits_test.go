package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsgraph/server"
)

// answerWithin runs a query that must fail and returns the codes of its
// errors; it fails the test if no answer comes within a generous bound
// (the limits exist so that hostile documents are answered at once).
func answerWithin(t *testing.T, h http.Handler, q string) []string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		done <- rec
	}()
	var rec *httptest.ResponseRecorder
	select {
	case rec = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("no answer within 20 s to a document of %d bytes", len(q))
	}
	var resp graphQLResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("status %d, body %s: %v", rec.Code, rec.Body, err)
	}
	var codes []string
	for _, e := range resp.Errors {
		codes = append(codes, e.Extensions.Code)
	}
	return codes
}

// nestedFragments is a document whose fragments each spread the next one
// twice: expanded, it would select 2^levels fields.
func nestedFragments(levels int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", levels)
	return b.String()
}

// manyFragments spreads n fragments in one selection set: expensive to
// validate (fields of every pair of fragments are compared).
func manyFragments(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " ...F%d", i)
	}
	b.WriteString(" }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", i)
	}
	return b.String()
}

func aliases(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: __typename", i)
	}
	b.WriteString(" }")
	return b.String()
}

// newHandler is a server over an empty store that accepts token;
// options adjust its configuration.
func newHandler(t *testing.T, options ...func(*server.Config)) *server.Server {
	t.Helper()
	cfg := server.Config{Store: emptyStore(t), APITokens: []string{token}}
	for _, o := range options {
		o(&cfg)
	}
	_, api := serveAPI(t, cfg)
	return api
}

// answered runs a query that must succeed on h.
func answered(t *testing.T, h http.Handler, q string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, server.GraphQLPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	got := decode(t, response{status: rec.Code, body: rec.Body.Bytes()})
	if rec.Code != http.StatusOK || len(got.Errors) > 0 || len(got.Data) == 0 {
		t.Errorf("status %d, body %s: want data and no errors\n%s", rec.Code, rec.Body, q)
	}
}

func TestLimits(t *testing.T) {
	h := newHandler(t)
	for _, tc := range []struct {
		name  string
		query string
		code  string
	}{
		{"{__typename x 5000}", "{" + strings.Repeat(" __typename", 5000) + " }", "TOKEN_LIMIT_EXCEEDED"},
		{"many fields under the token limit", "{" + strings.Repeat(" __typename", 2000) + " }", "SELECTION_LIMIT_EXCEEDED"},
		{"exponentially nested fragments", nestedFragments(60), "SELECTION_LIMIT_EXCEEDED"},
		{"many fragments in one selection", manyFragments(400), "SELECTION_LIMIT_EXCEEDED"},
		{"16 aliases", aliases(16), "ALIAS_LIMIT_EXCEEDED"},
		{"depth 9", `{ actors { edges { node { relations { edges { node { source { ... on Actor { relations { nodes { id } } } } } } } } } } }`, "DEPTH_LIMIT_EXCEEDED"},
		{"two levels of 100 with evidence", `{ actors(first: 100) { edges { node { relations(first: 100) { edges { node { id evidence { quote } } } } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"a page over 100", `{ actors(first: 101) { totalCount } }`, "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			codes := answerWithin(t, h, tc.query)
			if len(codes) != 1 || codes[0] != tc.code {
				t.Errorf("codes %q, want [%s]", codes, tc.code)
			}
		})
	}
}

// TestWithinLimits runs the documents just under each limit: they are
// answered.
func TestWithinLimits(t *testing.T) {
	h := newHandler(t)
	for name, q := range map[string]string{
		"15 aliases":                 aliases(15),
		"depth 8":                    `{ actors { edges { node { relations { edges { node { source { ... on Actor { relations { totalCount } } } } } } } } } }`,
		"nested fragments, 6 levels": nestedFragments(6),
		"two levels of 50 and 20":    `{ actors(first: 50) { edges { node { name relations(first: 20) { edges { node { type source { name } target { name } evidence { article { title } } } } } } } } }`,
	} {
		t.Run(name, func(t *testing.T) { answered(t, h, q) })
	}
}

func TestConfiguredLimits(t *testing.T) {
	for _, tc := range []struct {
		limits server.Limits
		query  string
		code   string
	}{
		{server.Limits{MaxDepth: 1}, `{ actors { nodes { name } } }`, "DEPTH_LIMIT_EXCEEDED"},
		{server.Limits{MaxAliases: 1}, `{ a: __typename b: __typename }`, "ALIAS_LIMIT_EXCEEDED"},
		{server.Limits{MaxComplexity: 10}, `{ actors(first: 5) { nodes { name } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{server.Limits{MaxTokens: 20}, "{" + strings.Repeat(" __typename", 20) + " }", "TOKEN_LIMIT_EXCEEDED"},
		{server.Limits{MaxSelections: 3}, `{ actors { nodes { id name } } }`, "SELECTION_LIMIT_EXCEEDED"},
	} {
		h := newHandler(t, func(c *server.Config) { c.Limits = tc.limits })
		if codes := answerWithin(t, h, tc.query); len(codes) != 1 || codes[0] != tc.code {
			t.Errorf("%+v, %s: codes %q, want [%s]", tc.limits, tc.query, codes, tc.code)
		}
	}

	off := newHandler(t, func(c *server.Config) {
		c.Limits = server.Limits{MaxDepth: -1, MaxAliases: -1, MaxComplexity: -1, MaxSelections: -1, MaxTokens: -1}
	})
	answered(t, off, aliases(40))
}

// TestSuggestionsAndIntrospection: validation errors suggest names and
// introspection answers, except in production.
func TestSuggestionsAndIntrospection(t *testing.T) {
	const typo = `{ actorz { totalCount } }`
	const introspect = `{ __schema { types { name } } }`

	dev := serve(t, server.Config{Store: emptyStore(t)})
	if got := decode(t, post(t, dev.URL, typo, nil, "")); len(got.Errors) == 0 || !strings.Contains(got.Errors[0].Message, "Did you mean") {
		t.Errorf("development: %+v, want a suggestion", got.Errors)
	}
	if got := decode(t, post(t, dev.URL, introspect, nil, "")); len(got.Errors) > 0 {
		t.Errorf("development introspection: %+v", got.Errors)
	}

	prod := serve(t, server.Config{Store: emptyStore(t), Production: true})
	for _, q := range []string{typo, `{ actors(frist: 1) { totalCount } }`, `{ relations(types: [LEDD]) { totalCount } }`} {
		got := decode(t, post(t, prod.URL, q, nil, ""))
		if len(got.Errors) == 0 {
			t.Errorf("production, %s: no error", q)
		}
		for _, e := range got.Errors {
			if strings.Contains(e.Message, "Did you mean") || e.Extensions.Code != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("production, %s: %q (%s), want no suggestion", q, e.Message, e.Extensions.Code)
			}
		}
	}
	got := decode(t, post(t, prod.URL, introspect, nil, ""))
	if len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(got.Errors[0].Message, "introspection") {
		t.Errorf("production introspection: %+v, want it refused", got.Errors)
	}
}
