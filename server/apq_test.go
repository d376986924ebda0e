package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"newsgraph/server"
)

// TestAutomaticPersistedQueries follows the protocol of automatic
// persisted queries: a hash the server has not seen is answered
// PERSISTED_QUERY_NOT_FOUND, the client then sends the query with its
// hash, and from then on the hash alone runs it, over GET and POST. A hash
// that does not match its query is refused, and a request with neither a
// query nor a hash still is.
func TestAutomaticPersistedQueries(t *testing.T) {
	srv := serve(t, server.Config{})
	sum := sha256.Sum256([]byte(countQuery))
	hash := hex.EncodeToString(sum[:])
	ext := fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":%q}}`, hash)
	plain := decode(t, do(t, postBody(t, srv.URL, fmt.Sprintf(`{"query":%q}`, countQuery))))
	if plain.Errors != nil || len(plain.Data) == 0 {
		t.Fatalf("the query itself: %+v", plain.Errors)
	}
	want := string(plain.Data)

	getHash := func() response {
		u := srv.URL + "/graphql?extensions=" + url.QueryEscape(ext)
		return do(t, newRequest(t, http.MethodGet, u, "", nil))
	}

	first := decode(t, getHash())
	if len(first.Errors) != 1 || first.Errors[0].Extensions.Code != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("an unknown hash: %+v, want PERSISTED_QUERY_NOT_FOUND", first.Errors)
	}

	register := do(t, postBody(t, srv.URL, fmt.Sprintf(`{"query":%q,"extensions":%s}`, countQuery, ext)))
	if got := decode(t, register); string(got.Data) != want || got.Errors != nil {
		t.Fatalf("query with its hash: %d %s", register.status, register.body)
	}

	get := getHash()
	if got := decode(t, get); get.status != http.StatusOK || string(got.Data) != want || got.Errors != nil {
		t.Errorf("GET with the hash alone: %d %s", get.status, get.body)
	}
	post := do(t, postBody(t, srv.URL, fmt.Sprintf(`{"extensions":%s}`, ext)))
	if got := decode(t, post); post.status != http.StatusOK || string(got.Data) != want || got.Errors != nil {
		t.Errorf("POST with the hash alone: %d %s", post.status, post.body)
	}

	wrong := do(t, postBody(t, srv.URL, fmt.Sprintf(`{"query":"{ articles { totalCount } }","extensions":%s}`, ext)))
	if got := decode(t, wrong); got.Data != nil && string(got.Data) != "null" || len(got.Errors) == 0 {
		t.Errorf("a hash that is not its query's: %d %s", wrong.status, wrong.body)
	}

	for name, r := range map[string]*http.Request{
		"GET":  newRequest(t, http.MethodGet, srv.URL+"/graphql", "", nil),
		"POST": postBody(t, srv.URL, `{"extensions":{}}`),
	} {
		if resp := do(t, r); resp.status != http.StatusBadRequest {
			t.Errorf("%s with neither a query nor a hash: %d %s, want 400", name, resp.status, resp.body)
		}
	}
}
