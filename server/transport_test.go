package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// httpCase is one request to the handler and what must come back.
type httpCase struct {
	name        string
	method      string
	contentType string
	accept      string
	header      map[string]string
	body        string // POST body, or the URL's query string for GET
	status      int
	media       string // the response's media type
	code        string // the first error's code; "" for none
	hasData     bool   // whether the response has a data entry
}

func (tc httpCase) run(t *testing.T, h http.Handler) {
	t.Helper()
	var req *http.Request
	if tc.method == http.MethodGet {
		req = httptest.NewRequest(http.MethodGet, "/graphql?"+tc.body, nil)
	} else {
		req = httptest.NewRequest(tc.method, "/graphql", strings.NewReader(tc.body))
	}
	if tc.contentType != "" {
		req.Header.Set("Content-Type", tc.contentType)
	}
	if tc.accept != "" {
		req.Header.Set("Accept", tc.accept)
	}
	for k, v := range tc.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != tc.status {
		t.Errorf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.media) {
		t.Errorf("Content-Type %q, want %s", ct, tc.media)
	}
	if got := rec.Header().Get("WWW-Authenticate"); (tc.status == http.StatusUnauthorized) != (got != "") {
		t.Errorf("WWW-Authenticate %q with status %d", got, rec.Code)
	}
	if got := rec.Header().Get("Allow"); (tc.status == http.StatusMethodNotAllowed) != (got != "") {
		t.Errorf("Allow %q with status %d", got, rec.Code)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	if _, ok := body["data"]; ok != tc.hasData {
		t.Errorf("data entry present: %v, want %v (%s)", ok, tc.hasData, rec.Body)
	}
	var errs []gqlError
	if raw, ok := body["errors"]; ok {
		if err := json.Unmarshal(raw, &errs); err != nil {
			t.Fatal(err)
		}
	}
	switch {
	case tc.code == "" && len(errs) > 0:
		t.Errorf("errors %s, want none", body["errors"])
	case tc.code != "" && (len(errs) == 0 || errs[0].Extensions.Code != tc.code):
		t.Errorf("errors %s, want code %s", body["errors"], tc.code)
	}
}

const (
	jsonMedia     = "application/json"
	responseMedia = "application/graphql-response+json"
)

func getQuery(q string) string { return url.Values{"query": {q}}.Encode() }

// TestGraphQLOverHTTP checks the status codes and media types the GraphQL
// over HTTP specification asks for.
func TestGraphQLOverHTTP(t *testing.T) {
	h := newHandler(t)
	typename := `{"query":"{ __typename }"}`
	for _, tc := range []httpCase{
		{name: "POST", method: "POST", contentType: jsonMedia, body: typename,
			status: 200, media: jsonMedia, hasData: true},
		{name: "POST with charset, accepting graphql-response+json", method: "POST", contentType: jsonMedia + "; charset=utf-8",
			accept: responseMedia, body: typename, status: 200, media: responseMedia, hasData: true},
		{name: "POST accepting anything", method: "POST", contentType: jsonMedia, accept: "*/*", body: typename,
			status: 200, media: jsonMedia, hasData: true},
		{name: "POST sent as graphql-response+json", method: "POST", contentType: responseMedia, body: typename,
			status: 200, media: jsonMedia, hasData: true},
		{name: "GET", method: "GET", body: getQuery("{ __typename }"), status: 200, media: jsonMedia, hasData: true},

		{name: "parse error, json", method: "POST", contentType: jsonMedia, accept: jsonMedia, body: `{"query":"{"}`,
			status: 200, media: jsonMedia, code: "GRAPHQL_PARSE_FAILED"},
		{name: "parse error, graphql-response+json", method: "POST", contentType: jsonMedia, accept: responseMedia, body: `{"query":"{"}`,
			status: 400, media: responseMedia, code: "GRAPHQL_PARSE_FAILED"},
		{name: "validation error, json", method: "POST", contentType: jsonMedia, body: `{"query":"{ nope }"}`,
			status: 200, media: jsonMedia, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "validation error, graphql-response+json", method: "POST", contentType: jsonMedia, accept: responseMedia, body: `{"query":"{ nope }"}`,
			status: 400, media: responseMedia, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "variable coercion error", method: "POST", contentType: jsonMedia, accept: responseMedia,
			body:   `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`,
			status: 400, media: responseMedia, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "field error: data and errors", method: "POST", contentType: jsonMedia, accept: responseMedia,
			body: `{"query":"{ actors(first: 1000) { totalCount } }"}`, status: 200, media: responseMedia, code: "BAD_USER_INPUT", hasData: true},

		{name: "no query", method: "POST", contentType: jsonMedia, body: `{"qeury":"{ __typename }"}`,
			status: 400, media: jsonMedia, code: "BAD_USER_INPUT"},
		{name: "query not a string", method: "POST", contentType: jsonMedia, body: `{"query":{"obj":"ect"}}`,
			status: 400, media: jsonMedia, code: "BAD_USER_INPUT"},
		{name: "variables not an object", method: "POST", contentType: jsonMedia, body: `{"query":"{ __typename }","variables":"x"}`,
			status: 400, media: jsonMedia, code: "BAD_USER_INPUT"},
		{name: "null operationName, variables and extensions", method: "POST", contentType: jsonMedia,
			body:   `{"query":"{ __typename }","operationName":null,"variables":null,"extensions":null}`,
			status: 200, media: jsonMedia, hasData: true},
		{name: "body not JSON", method: "POST", contentType: jsonMedia, body: `{ "not a JSON`,
			status: 400, media: jsonMedia, code: "BAD_USER_INPUT"},
		{name: "text/plain POST", method: "POST", contentType: "text/plain", body: typename,
			status: 415, media: jsonMedia, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "form POST", method: "POST", contentType: "application/x-www-form-urlencoded", body: "query=%7B__typename%7D",
			status: 415, media: jsonMedia, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "only HTML accepted", method: "POST", contentType: jsonMedia, accept: "text/html", body: typename,
			status: 406, media: jsonMedia, code: "NOT_ACCEPTABLE"},

		{name: "mutation over GET", method: "GET", accept: responseMedia, body: getQuery(`mutation { deleteArticle(id: "x") { found } }`),
			status: 405, media: responseMedia, code: "METHOD_NOT_ALLOWED"},
		{name: "subscription over GET", method: "GET", body: getQuery(`subscription { articleIngested { outcome } }`),
			status: 405, media: jsonMedia, code: "METHOD_NOT_ALLOWED"},
		{name: "subscription over plain POST", method: "POST", contentType: jsonMedia, body: `{"query":"subscription { articleIngested { outcome } }"}`,
			status: 200, media: jsonMedia, code: "BAD_USER_INPUT"},
		{name: "mutation without a token", method: "POST", contentType: jsonMedia, body: `{"query":"mutation { deleteArticle(id: \"x\") { found } }"}`,
			status: 401, media: jsonMedia, code: "UNAUTHENTICATED"},
		{name: "mutation with the token", method: "POST", contentType: jsonMedia, header: map[string]string{"Authorization": "Bearer " + token},
			body: `{"query":"mutation { deleteArticle(id: \"x\") { found } }"}`, status: 200, media: jsonMedia, hasData: true},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, h) })
	}
}
