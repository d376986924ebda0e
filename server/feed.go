package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"newsgraph/store"
)

// The server feeds its subscribers from the store's change feed: a
// follow.Follower polls it (every Config.FeedPollInterval, and at once
// after a commit through this process's store), so that a write through any server
// of the same store reaches the subscribers of every one, and a subscriber
// can resume from the cursor of the last event it received.

// ConsistencyTokenHeader carries consistency tokens (store.ConsistencyWait):
// the response to a request that wrote has the token of its last write in
// it, and the reads of a request that sends one wait until that write is
// visible (at most store.ConsistencyWait, then CONSISTENCY_TIMEOUT), on
// whichever server of the same store they reach.
const ConsistencyTokenHeader = "Newsgraph-Consistency-Token"

// withConsistency gives ctx the read token of r, if it sends one, and a
// sink for the tokens of its writes.
func withConsistency(ctx context.Context, r *http.Request) (context.Context, *store.TokenSink) {
	ctx = store.WithReadToken(ctx, r.Header.Get(ConsistencyTokenHeader))
	return store.WithTokenSink(ctx)
}

// sseTransport is gqlgen's server-sent events transport, with the cursor of
// each event as its id, so that a client reconnecting with Last-Event-ID
// resumes after it.
type sseTransport struct{ transport.SSE }

func (t sseTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.SSE.Do(&sseIDWriter{ResponseWriter: w}, r, exec)
}

// sseIDWriter adds an id line to the events whose data has a cursor.
type sseIDWriter struct{ http.ResponseWriter }

// nextEvent starts every event gqlgen's SSE transport writes (in one
// Write each) for a result.
var nextEvent = []byte("event: next\ndata: ")

func (w *sseIDWriter) Write(b []byte) (int, error) {
	if data, ok := bytes.CutPrefix(b, nextEvent); ok {
		if id := eventCursor(data); id != "" {
			if _, err := w.ResponseWriter.Write([]byte("id: " + id + "\n")); err != nil {
				return 0, err
			}
		}
	}
	return w.ResponseWriter.Write(b)
}

func (w *sseIDWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// eventCursor is the cursor of a subscription result (its root field's
// cursor), "" when it has none.
func eventCursor(data []byte) string {
	var resp struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if json.Unmarshal(bytes.TrimSpace(data), &resp) != nil || len(resp.Data) != 1 {
		return ""
	}
	for _, v := range resp.Data {
		var field struct {
			Cursor string `json:"cursor"`
		}
		if json.Unmarshal(v, &field) == nil && isCursor(field.Cursor) {
			return field.Cursor
		}
	}
	return ""
}

// isCursor reports whether s may go on an id line: a cursor is base64url.
func isCursor(s string) bool {
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}
