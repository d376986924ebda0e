package server_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"newsgraph/internal/gqltest"
	"newsgraph/server"
)

// wsContext bounds a WebSocket test.
func wsContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestWebSocketAuthentication(t *testing.T) {
	srv := serve(t, server.Config{Store: emptyStore(t), APITokens: []string{token}, ReadTokenRequired: true})
	ctx := wsContext(t)

	for _, tc := range []struct {
		name   string
		opts   gqltest.DialOptions
		closed int // the close code; 0 when the connection is accepted
	}{
		{"no token", gqltest.DialOptions{}, 4403},
		{"wrong token", gqltest.DialOptions{InitPayload: map[string]any{"Authorization": "Bearer nope"}}, 4403},
		{"token in connection_init", gqltest.DialOptions{InitPayload: map[string]any{"Authorization": "Bearer " + token}}, 0},
		{"token in the upgrade request", gqltest.DialOptions{Header: http.Header{"Authorization": {"Bearer " + token}}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws, err := gqltest.Dial(ctx, srv.URL+server.GraphQLPath, tc.opts)
			if tc.closed != 0 {
				if err == nil {
					ws.Close()
				}
				if gqltest.CloseStatus(err) != tc.closed {
					t.Errorf("dial: %v, want the connection closed with %d", err, tc.closed)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ws.Close()
		})
	}
}

// TestMutationOverWebSocketNeedsToken: reads are public, so the connection
// is accepted, but a mutation sent over it without a token is refused.
func TestMutationOverWebSocketNeedsToken(t *testing.T) {
	st := emptyStore(t)
	srv := serve(t, server.Config{Store: st, APITokens: []string{token}})
	ctx := wsContext(t)
	ws, err := gqltest.Dial(ctx, srv.URL+server.GraphQLPath, gqltest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.Subscribe(ctx, "m", ingest, map[string]any{"input": exampleInput(t)}); err != nil {
		t.Fatal(err)
	}
	r, err := ws.Next(ctx, "m")
	if !errors.Is(err, gqltest.ErrOperationError) || len(r.Errors) == 0 || r.Errors[0].Extensions.Code != "UNAUTHENTICATED" {
		t.Errorf("mutation over WebSocket: %v %+v, want UNAUTHENTICATED", err, r)
	}
	if n := articleCount(t, st); n != 0 {
		t.Errorf("%d articles written", n)
	}
}

// TestWebSocketOrigins: WebSocket upgrades honour the same list as CORS;
// a page of an origin matched only by "*" may subscribe but not write.
func TestWebSocketOrigins(t *testing.T) {
	const explorer = "https://explorer.example.org"
	listed := serve(t, server.Config{Store: emptyStore(t), APITokens: []string{token}, CORSOrigins: []string{explorer}})
	wildcard := serve(t, server.Config{Store: emptyStore(t), APITokens: []string{token}, CORSOrigins: []string{"*"}})
	ctx := wsContext(t)
	for _, tc := range []struct {
		name   string
		url    string
		origin string
		open   bool   // whether the upgrade is accepted
		write  string // the code a mutation gets over it; "" when it runs
	}{
		{"not a browser", listed.URL, "", true, ""},
		{"own origin", listed.URL, listed.URL, true, ""},
		{"listed", listed.URL, explorer, true, ""},
		{"unlisted", listed.URL, "https://evil.example.com", false, ""},
		{"null", listed.URL, "null", false, ""},
		{"wildcard", wildcard.URL, "https://evil.example.com", true, "FORBIDDEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", tc.origin)
			}
			h.Set("Authorization", "Bearer "+token)
			ws, err := gqltest.Dial(ctx, tc.url+server.GraphQLPath, gqltest.DialOptions{Header: h})
			var upgrade *gqltest.UpgradeError
			switch {
			case !tc.open:
				if err == nil {
					ws.Close()
				}
				if !errors.As(err, &upgrade) || upgrade.Status != http.StatusForbidden {
					t.Errorf("%v, want the upgrade refused with 403", err)
				}
				return
			case err != nil:
				t.Fatalf("refused: %v", err)
			}
			defer ws.Close()
			if err := ws.Subscribe(ctx, "m", `mutation { deleteArticle(id: "x") { found } }`, nil); err != nil {
				t.Fatal(err)
			}
			r, err := ws.Next(ctx, "m")
			var code string
			if r != nil && len(r.Errors) > 0 {
				code = r.Errors[0].Extensions.Code
			}
			if code != tc.write {
				t.Errorf("mutation: %v %+v, want code %q", err, r, tc.write)
			}
		})
	}
}
