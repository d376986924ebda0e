package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
)

const (
	appOrigin   = "http://localhost:5173"
	otherOrigin = "https://elsewhere.example.net"
	readQuery   = `{"query":"{ __typename }"}`
	writeQuery  = `{"query":"mutation { deleteArticle(id: \"x\") { found } }"}`
)

// corsHeaders are the CORS headers of a response, and Vary.
func corsHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		if strings.HasPrefix(k, "Access-Control-") || k == "Vary" {
			out[k] = strings.Join(v, ", ")
		}
	}
	return out
}

// corsRequest sends one request to h: a POST of body, or a preflight of a
// POST when body is "".
func corsRequest(h http.Handler, origin, body string) *httptest.ResponseRecorder {
	var req *http.Request
	if body == "" {
		req = httptest.NewRequest(http.MethodOptions, server.GraphQLPath, nil)
		req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type, x-request-id")
	} else {
		req = httptest.NewRequest(http.MethodPost, server.GraphQLPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestCORS(t *testing.T) {
	listed := newHandler(t, func(c *server.Config) { c.CORSOrigins = []string{appOrigin} })
	wildcard := newHandler(t, func(c *server.Config) { c.CORSOrigins = []string{"*"} })
	both := newHandler(t, func(c *server.Config) { c.CORSOrigins = []string{"*", appOrigin} })
	credentials := newHandler(t, func(c *server.Config) {
		c.CORSOrigins = []string{appOrigin}
		c.CORSAllowCredentials = true
	})
	none := newHandler(t)

	preflight := func(origin string) map[string]string {
		return map[string]string{
			"Access-Control-Allow-Origin":  origin,
			"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
			"Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, X-Request-Id, graphql-client-name, graphql-client-version, Newsgraph-Consistency-Token",
			"Access-Control-Max-Age":       "600",
			"Vary":                         "Origin",
		}
	}
	actual := func(origin string) map[string]string {
		return map[string]string{
			"Access-Control-Allow-Origin":   origin,
			"Access-Control-Expose-Headers": "X-Request-Id, Newsgraph-Consistency-Token",
			"Vary":                          "Origin",
		}
	}
	varyOnly := map[string]string{"Vary": "Origin"}

	for _, tc := range []struct {
		name    string
		handler http.Handler
		origin  string
		body    string // "" for a preflight
		status  int
		code    string // the error's code, "" for none
		headers map[string]string
	}{
		{"listed: preflight", listed, appOrigin, "", 204, "", preflight(appOrigin)},
		{"listed: read", listed, appOrigin, readQuery, 200, "", actual(appOrigin)},
		{"listed: write", listed, appOrigin, writeQuery, 200, "", actual(appOrigin)},
		{"unlisted: preflight", listed, otherOrigin, "", 204, "", varyOnly},
		{"unlisted: read", listed, otherOrigin, readQuery, 200, "", varyOnly},
		{"unlisted: write", listed, otherOrigin, writeQuery, 403, "FORBIDDEN", varyOnly},
		{"unlisted: the literal null origin", listed, "null", writeQuery, 403, "FORBIDDEN", varyOnly},
		{"wildcard: preflight", wildcard, otherOrigin, "", 204, "", preflight("*")},
		{"wildcard: read", wildcard, otherOrigin, readQuery, 200, "", actual("*")},
		{"wildcard: write", wildcard, otherOrigin, writeQuery, 403, "FORBIDDEN", actual("*")},
		{"wildcard and listed: listed write", both, appOrigin, writeQuery, 200, "", actual(appOrigin)},
		{"wildcard and listed: other write", both, otherOrigin, writeQuery, 403, "FORBIDDEN", actual("*")},
		{"credentials: preflight", credentials, appOrigin, "", 204, "",
			merge(preflight(appOrigin), map[string]string{"Access-Control-Allow-Credentials": "true"})},
		{"credentials: read", credentials, appOrigin, readQuery, 200, "",
			merge(actual(appOrigin), map[string]string{"Access-Control-Allow-Credentials": "true"})},
		{"no list: read from a page", none, appOrigin, readQuery, 200, "", map[string]string{}},
		{"no list: write from a page", none, appOrigin, writeQuery, 403, "FORBIDDEN", map[string]string{}},
		{"no Origin (not a browser): write", listed, "", writeQuery, 200, "", varyOnly},
		{"the server's own origin: write", listed, "http://example.com", writeQuery, 200, "", varyOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := corsRequest(tc.handler, tc.origin, tc.body)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			if diff := cmp.Diff(tc.headers, corsHeaders(rec.Header())); diff != "" {
				t.Errorf("CORS headers (-want +got):\n%s", diff)
			}
			if tc.body == "" {
				return
			}
			got := decode(t, response{status: rec.Code, body: rec.Body.Bytes()})
			var code string
			if len(got.Errors) > 0 {
				code = got.Errors[0].Extensions.Code
			}
			if code != tc.code {
				t.Errorf("error code %q, want %q (%s)", code, tc.code, rec.Body)
			}
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestPreflightThenPost does what a browser does for a page of a listed
// origin: a preflight, whose answer must allow the method and every header
// the page sends, then the POST, whose answer the page may read along with
// its request id.
func TestPreflightThenPost(t *testing.T) {
	srv := serve(t, server.Config{CORSOrigins: []string{appOrigin}})

	pre := newRequest(t, http.MethodOptions, srv.URL+server.GraphQLPath, "", nil)
	pre.Header.Set("Origin", appOrigin)
	pre.Header.Set("Access-Control-Request-Method", "POST")
	pre.Header.Set("Access-Control-Request-Headers", "accept, authorization, content-type, x-request-id")
	resp := do(t, pre)
	if resp.status != http.StatusNoContent || resp.header.Get("Access-Control-Allow-Origin") != appOrigin {
		t.Fatalf("preflight: %d %v", resp.status, resp.header)
	}
	if !strings.Contains(resp.header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight allows methods %q, not POST", resp.header.Get("Access-Control-Allow-Methods"))
	}
	allowed := strings.ToLower(resp.header.Get("Access-Control-Allow-Headers"))
	for _, h := range strings.Split(pre.Header.Get("Access-Control-Request-Headers"), ", ") {
		if !strings.Contains(allowed, h) {
			t.Errorf("preflight allows headers %q, not %s", allowed, h)
		}
	}

	req := newRequest(t, http.MethodPost, srv.URL+server.GraphQLPath, "application/json", strings.NewReader(`{"query":"{ actors { totalCount } }"}`))
	req.Header.Set("Origin", appOrigin)
	req.Header.Set("X-Request-Id", "from-the-page")
	resp = do(t, req)
	want := map[string]string{
		"Access-Control-Allow-Origin":   appOrigin,
		"Access-Control-Expose-Headers": "X-Request-Id, Newsgraph-Consistency-Token",
		"Vary":                          "Origin",
	}
	if diff := cmp.Diff(want, corsHeaders(resp.header)); diff != "" {
		t.Errorf("POST's CORS headers (-want +got):\n%s", diff)
	}
	if got := decode(t, resp); resp.status != http.StatusOK || string(got.Data) != `{"actors":{"totalCount":9}}` {
		t.Errorf("POST: %d %s", resp.status, resp.body)
	}
	if id := resp.header.Get("X-Request-Id"); id != "from-the-page" {
		t.Errorf("X-Request-Id %q", id)
	}
}

func TestCORSConfig(t *testing.T) {
	for _, tc := range []struct {
		origins     []string
		credentials bool
		wantErr     string // "" for none
	}{
		{[]string{"http://localhost:5173", "https://app.example.org/"}, false, ""},
		{[]string{"*"}, false, ""},
		{[]string{"https://app.example.org"}, true, ""},
		{[]string{"*"}, true, `credentials cannot be allowed for the origin "*"`},
		{[]string{"app.example.org"}, false, `origin "app.example.org": want http:// or https://`},
		{[]string{"https://app.example.org/explore"}, false, "nothing after the host"},
		{[]string{"null"}, false, `origin "null"`},
	} {
		err := server.Config{CORSOrigins: tc.origins, CORSAllowCredentials: tc.credentials}.Check()
		if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%q, credentials %v: %v, want %q", tc.origins, tc.credentials, err, tc.wantErr)
		}
		_, err = server.New(server.Config{Store: emptyStore(t), CORSOrigins: tc.origins, CORSAllowCredentials: tc.credentials})
		if (err == nil) != (tc.wantErr == "") {
			t.Errorf("New with %q: %v", tc.origins, err)
		}
	}
}
