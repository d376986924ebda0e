package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/internal/gqltest"
	"newsgraph/server"
	"newsgraph/store"
)

// outcome is what a test asks of an answer: status, Retry-After, codes.
type outcome struct {
	Status     int
	RetryAfter string
	Codes      []string
	HasData    bool
}

func outcomeOf(t *testing.T, r response) outcome {
	t.Helper()
	body := decode(t, r)
	o := outcome{Status: r.status, RetryAfter: r.header.Get("Retry-After"), HasData: len(body.Data) > 0 && string(body.Data) != "null"}
	for _, e := range body.Errors {
		o.Codes = append(o.Codes, e.Extensions.Code)
	}
	return o
}

func postQuery(t *testing.T, srv string, accept, query string) *http.Request {
	t.Helper()
	req := newRequest(t, http.MethodPost, srv+"/graphql", "application/json",
		strings.NewReader(fmt.Sprintf(`{"query": %q}`, query)))
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

func TestAdmissionRefusesPastTheBound(t *testing.T) {
	srv, api := serveAPI(t, server.Config{MaxConcurrentRequests: 2, MaxQueuedRequests: -1})
	release := api.HoldSlots(2)

	overloaded := outcome{Status: http.StatusServiceUnavailable, RetryAfter: "1", Codes: []string{"OVERLOADED"}}
	for _, tc := range []struct {
		name string
		req  *http.Request
	}{
		{"POST, application/json", postQuery(t, srv.URL, "application/json", countQuery)},
		{"POST, application/graphql-response+json", postQuery(t, srv.URL, "application/graphql-response+json", countQuery)},
		{"GET", newRequest(t, http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(countQuery), "", nil)},
		{"mutation", postQuery(t, srv.URL, "", `mutation { deleteArticle(id: "article:x") { found } }`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := outcomeOf(t, do(t, tc.req))
			want := overloaded
			if tc.name == "mutation" {
				// Refused before admission: no token, no slot taken.
				want = outcome{Status: http.StatusUnauthorized, Codes: []string{"UNAUTHENTICATED"}}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	// A full server is still ready: /readyz does not queue.
	if r := do(t, newRequest(t, http.MethodGet, srv.URL+"/readyz", "", nil)); r.status != http.StatusOK {
		t.Errorf("/readyz while at the bound: %d %s", r.status, r.body)
	}

	release()
	got := outcomeOf(t, do(t, postQuery(t, srv.URL, "", countQuery)))
	if diff := cmp.Diff(outcome{Status: http.StatusOK, HasData: true}, got); diff != "" {
		t.Errorf("after the slots are released (-want +got):\n%s", diff)
	}
}

func TestAdmissionQueue(t *testing.T) {
	srv, api := serveAPI(t, server.Config{MaxConcurrentRequests: 1, MaxQueuedRequests: 1, MaxQueueWait: time.Minute})
	release := api.HoldSlots(1)

	queued := make(chan response, 1)
	req := postQuery(t, srv.URL, "", countQuery)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			queued <- response{body: []byte(err.Error())}
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		queued <- response{resp.StatusCode, resp.Header, body}
	}()
	for api.Queued() == 0 {
		time.Sleep(time.Millisecond)
	}

	// The queue is full: the next request is refused at once.
	got := outcomeOf(t, do(t, postQuery(t, srv.URL, "", countQuery)))
	if diff := cmp.Diff(outcome{Status: http.StatusServiceUnavailable, RetryAfter: "1", Codes: []string{"OVERLOADED"}}, got); diff != "" {
		t.Errorf("past the queue (-want +got):\n%s", diff)
	}

	// A slot frees: the queued request runs.
	release()
	if diff := cmp.Diff(outcome{Status: http.StatusOK, HasData: true}, outcomeOf(t, <-queued)); diff != "" {
		t.Errorf("queued request (-want +got):\n%s", diff)
	}
}

func TestAdmissionQueueWait(t *testing.T) {
	srv, api := serveAPI(t, server.Config{MaxConcurrentRequests: 1, MaxQueueWait: time.Millisecond})
	defer api.HoldSlots(1)()
	got := outcomeOf(t, do(t, postQuery(t, srv.URL, "", countQuery)))
	if diff := cmp.Diff(outcome{Status: http.StatusServiceUnavailable, RetryAfter: "1", Codes: []string{"OVERLOADED"}}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadyWhileStoreBusy(t *testing.T) {
	srv := serve(t, server.Config{Store: pingStore{emptyStore(t), fmt.Errorf("%w: no connection free", store.ErrOverloaded)}})
	r := do(t, newRequest(t, http.MethodGet, srv.URL+"/readyz", "", nil))
	if diff := cmp.Diff(`200 {"status":"ok","reason":"the store is busy"}`, fmt.Sprint(r.status, " ", strings.TrimSpace(string(r.body)))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAdmissionOverWebSocket: queries sent over a WebSocket wait for a
// slot as HTTP ones do; subscriptions take none, and their events arrive
// while every slot is taken.
func TestAdmissionOverWebSocket(t *testing.T) {
	srv, api := serveAPI(t, server.Config{Store: emptyStore(t), MaxConcurrentRequests: 1, MaxQueuedRequests: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, err := gqltest.Dial(ctx, srv.URL+"/graphql", gqltest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()

	release := api.HoldSlots(1)
	if err := ws.Subscribe(ctx, "sub", `subscription { relationAdded(types: [LED]) { type } }`, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a subscriber", func() bool { return subscribers(t, srv.URL) == 1 })

	if err := ws.Subscribe(ctx, "q1", countQuery, nil); err != nil {
		t.Fatal(err)
	}
	resp, err := ws.Next(ctx, "q1")
	if err != nil || len(resp.Errors) != 1 || resp.Errors[0].Extensions.Code != "OVERLOADED" {
		t.Errorf("a query over the WebSocket while every slot is taken: %+v, %v; want OVERLOADED", resp, err)
	}

	if _, err := api.Store().PutArticle(ctx, exampleGraph(t)); err != nil {
		t.Fatal(err)
	}
	ev, err := ws.Next(ctx, "sub")
	if err != nil || string(ev.Data) != `{"relationAdded":{"type":"LED"}}` {
		t.Errorf("event while every slot is taken: %+v, %v; want a LED relation", ev, err)
	}

	release()
	if err := ws.Subscribe(ctx, "q2", countQuery, nil); err != nil {
		t.Fatal(err)
	}
	resp, err = ws.Next(ctx, "q2")
	if err != nil || len(resp.Errors) != 0 || !strings.HasPrefix(string(resp.Data), `{"actors":{"totalCount":`) {
		t.Errorf("a query over the WebSocket once a slot is free: %+v, %v", resp, err)
	}
}
