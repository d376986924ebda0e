package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
)

// TestOutOfRangeValues checks that numbers no Int or float holds, and JSON
// nested too deep, are refused naming where they are and why.
func TestOutOfRangeValues(t *testing.T) {
	srv := serve(t, server.Config{})
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	type verdict struct {
		Status  int
		Code    string
		Message string
	}
	for _, tc := range []struct {
		name string
		req  *http.Request
		want verdict
	}{
		{"a nested variable beyond any float",
			postBody(t, srv.URL, `{"query": "query($w: RelationWhere) { relations(where: $w) { totalCount } }", "variables": {"w": {"quantity": {"eq": 1e400}}}}`),
			verdict{400, "BAD_USER_INPUT", "variables.w.quantity.eq: 1e400 is out of range: a number must fit a 64-bit float, and an Int a 32-bit integer"}},
		{"an Int literal beyond 32 bits",
			postQuery(t, srv.URL, "", `{ actors(first: 2147483648) { totalCount } }`),
			verdict{200, "BAD_USER_INPUT", "first: 2147483648 is out of range for Int, a 32-bit integer (-2147483648 to 2147483647)"}},
		{"a nested Int literal beyond 32 bits",
			postQuery(t, srv.URL, "", `{ relations(where: {OR: [{quantity: {gt: -2147483649}}]}) { totalCount } }`),
			verdict{200, "BAD_USER_INPUT", "where.OR[0].quantity.gt: -2147483649 is out of range for Int, a 32-bit integer (-2147483648 to 2147483647)"}},
		{"an Int variable beyond 32 bits",
			postBody(t, srv.URL, `{"query": "query($f: Int) { actors(first: $f) { totalCount } }", "variables": {"f": 2147483648}}`),
			verdict{200, "BAD_USER_INPUT", "variable $f: 2147483648 is out of range for Int, a 32-bit integer (-2147483648 to 2147483647)"}},
		{"a nested Int variable beyond 32 bits",
			postBody(t, srv.URL, `{"query": "query($w: RelationWhere) { relations(where: $w) { totalCount } }", "variables": {"w": {"AND": [{"quantity": {"lt": 4294967296}}]}}}`),
			verdict{200, "BAD_USER_INPUT", "variable $w.AND[0].quantity.lt: 4294967296 is out of range for Int, a 32-bit integer (-2147483648 to 2147483647)"}},
		{"a variable nested 100,000 deep",
			postBody(t, srv.URL, `{"query": "{ actors { totalCount } }", "variables": {"a": `+deep+`}}`),
			verdict{400, "BAD_USER_INPUT", "the request body nests arrays and objects more than 100 levels deep, the most this server accepts"}},
		{"a variable nested 100,000 deep, over GET",
			newRequest(t, http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(`{ actors { totalCount } }`)+"&variables="+url.QueryEscape(`{"a": `+deep+`}`), "", nil),
			verdict{400, "BAD_USER_INPUT", "the variables parameter nests arrays and objects more than 100 levels deep, the most this server accepts"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Header.Set("Accept", "application/graphql-response+json")
			r := do(t, tc.req)
			body := decode(t, r)
			if len(body.Errors) == 0 {
				t.Fatalf("no errors: %s", r.body)
			}
			got := verdict{r.status, body.Errors[0].Extensions.Code, body.Errors[0].Message}
			if tc.want.Status == 200 {
				// A request error under graphql-response+json.
				tc.want.Status = 400
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	// The bounds themselves are taken.
	r := do(t, postQuery(t, srv.URL, "", `{ relations(where: {quantity: {gt: -2147483648, lt: 2147483647}}) { totalCount } }`))
	if got := outcomeOf(t, r); got.Status != 200 || len(got.Codes) > 0 {
		t.Errorf("the bounds of Int: %s", r.body)
	}
}

func postBody(t *testing.T, srv, body string) *http.Request {
	t.Helper()
	return newRequest(t, http.MethodPost, srv+"/graphql", "application/json", strings.NewReader(body))
}
