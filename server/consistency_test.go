package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"newsgraph/server"
)

// postWithConsistency posts a GraphQL request with a consistency token.
func postWithConsistency(t *testing.T, url, query string, variables map[string]any, consistency string) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	req := newRequest(t, http.MethodPost, url+"/graphql", "application/json", bytes.NewReader(body))
	req.Header.Set(server.ConsistencyTokenHeader, consistency)
	return do(t, req)
}

// TestConsistencyToken: a write answers with a consistency token; a read
// presenting it answers; a malformed token is BAD_USER_INPUT and one the
// store never gave CONSISTENCY_TIMEOUT.
func TestConsistencyToken(t *testing.T) {
	srv := serve(t, server.Config{Store: emptyStore(t), APITokens: []string{token}})
	r := post(t, srv.URL, ingest, map[string]any{"input": exampleInput(t)}, token)
	if got := decode(t, r); len(got.Errors) > 0 {
		t.Fatalf("ingest: %+v", got.Errors)
	}
	written := r.header.Get(server.ConsistencyTokenHeader)
	if written == "" {
		t.Fatalf("the ingest's response has no %s header", server.ConsistencyTokenHeader)
	}
	if q := post(t, srv.URL, `{ articles { totalCount } }`, nil, ""); q.header.Get(server.ConsistencyTokenHeader) != "" {
		t.Errorf("a query that wrote nothing answered a consistency token")
	}

	const read = `{ articles { totalCount } }`
	for _, tt := range []struct {
		name, token, code string
	}{
		{"the write's token", written, ""},
		{"a malformed token", "not a token", "BAD_USER_INPUT"},
		{"a token of another store", "ZW1iZWRkZWQ6OTk5", "CONSISTENCY_TIMEOUT"}, // embedded:999
	} {
		got := decode(t, postWithConsistency(t, srv.URL, read, nil, tt.token))
		code := ""
		if len(got.Errors) > 0 {
			code = got.Errors[0].Extensions.Code
		}
		if code != tt.code {
			t.Errorf("%s: error code %q (%+v), want %q", tt.name, code, got.Errors, tt.code)
		}
		if tt.code == "" && !bytes.Contains(got.Data, []byte(`"totalCount":1`)) {
			t.Errorf("%s: data %s, want the article", tt.name, got.Data)
		}
	}
}
