package graph_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"newsgraph/graph"
	"newsgraph/graph/apierr"
	"newsgraph/store"
)

func TestBadArguments(t *testing.T) {
	_, c := seeded(t)
	deep := `{name: {eq: "x"}}`
	for range graph.MaxWhereDepth {
		deep = fmt.Sprintf(`{NOT: %s}`, deep)
	}
	tooMany := make([]string, graph.MaxNodes+1)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("actor:%d", i)
	}
	for _, tc := range []struct {
		name    string
		query   string
		opts    []client.Option
		code    string
		message string // a substring
	}{
		{"first over the maximum", `{ actors(first: 1000) { totalCount } }`, nil, apierr.BadUserInput, "first"},
		{"negative first", `{ relations(first: -1) { totalCount } }`, nil, apierr.BadUserInput, "first"},
		{"nested first", `{ actors(first: 1) { nodes { relations(first: 101) { totalCount } } } }`, nil, apierr.BadUserInput, "first"},
		{"entity articles first", `{ actors(first: 1) { nodes { articles(first: 200) { totalCount } } } }`, nil, apierr.BadUserInput, "first"},
		{"malformed cursor", `{ actors(after: "not-a-cursor") { totalCount } }`, nil, apierr.BadUserInput, "after"},
		{"malformed cursor in a variable", `query($a: String) { articles(after: $a) { totalCount } }`,
			[]client.Option{client.Var("a", "%%%")}, apierr.BadUserInput, "after"},
		{"bad date literal", `{ meetings(where: {date: {eq: "2025-02-30"}}) { totalCount } }`, nil, apierr.BadUserInput, "2025-02-30"},
		{"bad date format", `{ meetings(where: {date: {gt: "3 June 2025"}}) { totalCount } }`, nil, apierr.BadUserInput, "YYYY-MM-DD"},
		{"bad date variable", `query($d: Date) { relations(where: {date: {eq: $d}}) { totalCount } }`,
			[]client.Option{client.Var("d", "2025-6-3")}, apierr.BadUserInput, "2025-6-3"},
		{"date of the wrong type", `query($d: Date) { relations(where: {date: {eq: $d}}) { totalCount } }`,
			[]client.Option{client.Var("d", 20250603)}, apierr.BadUserInput, "Date"},
		{"where too deep", fmt.Sprintf(`{ actors(where: %s) { totalCount } }`, deep), nil, apierr.BadUserInput, "where"},
		{"too many ids", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
			[]client.Option{client.Var("ids", tooMany)}, apierr.BadUserInput, "ids"},
		{"unknown enum value", `{ actors(where: {kind: {eq: WIZARD}}) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED", "WIZARD"},
		{"unknown field", `{ actors { nope } }`, nil, "GRAPHQL_VALIDATION_FAILED", "nope"},
		{"syntax error", `{ actors {`, nil, "GRAPHQL_PARSE_FAILED", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs, _ := queryErrors(t, c, tc.query, tc.opts...)
			for _, e := range errs {
				if e.Extensions.Code != tc.code || !strings.Contains(e.Message, tc.message) {
					t.Errorf("error %q (code %s), want code %s and a message with %q", e.Message, e.Extensions.Code, tc.code, tc.message)
				}
			}
		})
	}
}

func TestStoreErrors(t *testing.T) {
	secret := "disk on fire at /var/lib/secret"
	for _, tc := range []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"internal", errors.New(secret), apierr.Internal, "internal server error"},
		{"wrapped internal", fmt.Errorf("read %s: %w", secret, errors.ErrUnsupported), apierr.Internal, "internal server error"},
		{"unavailable", fmt.Errorf("%w: %s", store.ErrUnavailable, secret), apierr.Unavailable, "unavailable"},
		{"invalid", fmt.Errorf("%w: cursor does not fit this order", store.ErrInvalid), apierr.BadUserInput, "cursor does not fit this order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, failingStore{Store: newStore(t), err: tc.err})
			errs, data := queryErrors(t, c, `{ actors { totalCount } }`)
			if len(errs) != 1 {
				t.Fatalf("errors = %+v, want one", errs)
			}
			e := errs[0]
			if e.Extensions.Code != tc.code || !strings.Contains(e.Message, tc.message) {
				t.Errorf("error %q (code %s), want code %s and a message with %q", e.Message, e.Extensions.Code, tc.code, tc.message)
			}
			if tc.code != apierr.BadUserInput && strings.Contains(e.Message, "secret") {
				t.Errorf("the message leaks the store's error: %q", e.Message)
			}
			if fmt.Sprint(e.Path) != "[actors]" {
				t.Errorf("path = %v, want [actors]", e.Path)
			}
			if data != nil {
				t.Errorf("data = %v, want null (actors is non-null)", data)
			}
		})
	}
}

func TestMissingEndIsNotFound(t *testing.T) {
	s := newStore(t)
	loadExamples(t, s)
	c := newClient(t, forgetfulStore{Store: s, lost: map[string]bool{"place:Q406": true}})
	errs, _ := queryErrors(t, c, `{ relations(types: [HELD_IN]) { nodes { target { name } } } }`)
	if len(errs) != 1 || errs[0].Extensions.Code != apierr.NotFound || !strings.Contains(errs[0].Message, "place:Q406") {
		t.Errorf("errors = %+v, want one NOT_FOUND naming place:Q406", errs)
	}
}
