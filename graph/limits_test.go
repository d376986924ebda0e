package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsgraph/graph"
	"newsgraph/store"
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
	var resp struct{ Errors []gqlError }
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

func TestLimits(t *testing.T) {
	a := newAPI(t)
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
			codes := answerWithin(t, a.handler, tc.query)
			if len(codes) != 1 || codes[0] != tc.code {
				t.Errorf("codes %q, want [%s]", codes, tc.code)
			}
		})
	}
}

// TestWithinLimits runs the documents just under each limit: they are
// answered.
func TestWithinLimits(t *testing.T) {
	a := newAPI(t)
	for name, q := range map[string]string{
		"15 aliases":                 aliases(15),
		"depth 8":                    `{ actors { edges { node { relations { edges { node { source { ... on Actor { relations { totalCount } } } } } } } } } }`,
		"nested fragments, 6 levels": nestedFragments(6),
		"two levels of 50 and 20":    `{ actors(first: 50) { edges { node { name relations(first: 20) { edges { node { type source { name } target { name } evidence { article { title } } } } } } } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			var out map[string]any
			query(t, a.client, q, &out)
		})
	}
}

func TestConfiguredLimits(t *testing.T) {
	for _, tc := range []struct {
		limits graph.Limits
		query  string
		code   string
	}{
		{graph.Limits{MaxDepth: 1}, `{ actors { nodes { name } } }`, "DEPTH_LIMIT_EXCEEDED"},
		{graph.Limits{MaxAliases: 1}, `{ a: __typename b: __typename }`, "ALIAS_LIMIT_EXCEEDED"},
		{graph.Limits{MaxComplexity: 10}, `{ actors(first: 5) { nodes { name } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{graph.Limits{MaxTokens: 20}, "{" + strings.Repeat(" __typename", 20) + " }", "TOKEN_LIMIT_EXCEEDED"},
		{graph.Limits{MaxSelections: 3}, `{ actors { nodes { id name } } }`, "SELECTION_LIMIT_EXCEEDED"},
	} {
		a := newAPI(t, func(o *graph.Options) { o.Limits = tc.limits })
		if codes := answerWithin(t, a.handler, tc.query); len(codes) != 1 || codes[0] != tc.code {
			t.Errorf("%+v, %s: codes %q, want [%s]", tc.limits, tc.query, codes, tc.code)
		}
	}

	off := newAPI(t, func(o *graph.Options) {
		o.Limits = graph.Limits{MaxDepth: -1, MaxAliases: -1, MaxComplexity: -1, MaxSelections: -1, MaxTokens: -1}
	})
	var out map[string]any
	query(t, off.client, aliases(40), &out)
}

// slowStore lists entities only when its context ends.
type slowStore struct {
	store.Store
}

func (slowStore) ListEntities(ctx context.Context, _ store.EntityQuery) (*store.Page[*store.Entity], error) {
	<-ctx.Done()
	return nil, fmt.Errorf("list entities: %w", ctx.Err())
}

func TestRequestTimeout(t *testing.T) {
	a := newAPI(t, func(o *graph.Options) {
		o.Store = slowStore{o.Store}
		o.Limits.RequestTimeout = 50 * time.Millisecond
	})
	codes := answerWithin(t, a.handler, `{ actors { totalCount } }`)
	if len(codes) != 1 || codes[0] != "TIMEOUT" {
		t.Errorf("codes %q, want [TIMEOUT]", codes)
	}
}

func TestProductionMode(t *testing.T) {
	const typo = `{ actorz { totalCount } }`
	const introspect = `{ __schema { types { name } } }`

	dev := newAPI(t)
	errs, _ := queryErrors(t, dev.client, typo)
	if !strings.Contains(errs[0].Message, "Did you mean") {
		t.Errorf("development: %q, want a suggestion", errs[0].Message)
	}
	var schema map[string]any
	query(t, dev.client, introspect, &schema)

	prod := newAPI(t, func(o *graph.Options) { o.Production = true })
	for _, q := range []string{typo, `{ actors(frist: 1) { totalCount } }`, `{ relations(types: [LEDD]) { totalCount } }`} {
		errs, _ := queryErrors(t, prod.client, q)
		for _, e := range errs {
			if strings.Contains(e.Message, "Did you mean") || e.Extensions.Code != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("production, %s: %q (%s), want no suggestion", q, e.Message, e.Extensions.Code)
			}
		}
	}
	errs, _ = queryErrors(t, prod.client, introspect)
	if len(errs) != 1 || errs[0].Extensions.Code != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(errs[0].Message, "introspection") {
		t.Errorf("production introspection: %+v, want it refused", errs)
	}
}
