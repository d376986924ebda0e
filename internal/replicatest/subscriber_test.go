package replicatest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsgraph/internal/gqltest"
)

// subscription is what the subscribers ask.
const subscription = `subscription($after: String) { articleIngested(after: $after) { cursor article { id } } }`

// stream is one subscription over SSE or WebSocket.
type stream interface {
	next() (*gqltest.Response, error)
	close()
}

type sseStream struct{ s *gqltest.SSE }

func (s sseStream) next() (*gqltest.Response, error) { return s.s.Next(time.Hour) }
func (s sseStream) close()                           { s.s.Close() }

type wsStream struct {
	ws     *gqltest.WS
	ctx    context.Context
	cancel context.CancelFunc
}

func (s wsStream) next() (*gqltest.Response, error) { return s.ws.Next(s.ctx, "1") }
func (s wsStream) close()                           { s.cancel(); s.ws.Close() }

// subscriber records what a client subscribed to articleIngested receives,
// across reconnections.
type subscriber struct {
	name string
	ws   bool // over WebSocket, else SSE

	mu      sync.Mutex
	ids     []string // article ids, in the order received
	cursor  string   // the last cursor received
	err     error    // why the current stream ended
	stream  stream
	reading chan struct{} // closed when the reading goroutine ends
}

// subscribe opens a stream to url after the subscriber's last cursor (or
// from now on, with none) and reads it in the background.
func (s *subscriber) subscribe(t *testing.T, url string) {
	t.Helper()
	s.mu.Lock()
	vars := map[string]any{}
	if s.cursor != "" {
		vars["after"] = s.cursor
	}
	s.err = nil
	s.mu.Unlock()
	var st stream
	if s.ws {
		ctx, cancel := context.WithCancel(context.Background())
		ws, err := gqltest.Dial(ctx, url, gqltest.DialOptions{})
		if err != nil {
			cancel()
			t.Fatalf("%s: %v", s.name, err)
		}
		if err := ws.Subscribe(ctx, "1", subscription, vars); err != nil {
			cancel()
			t.Fatalf("%s: %v", s.name, err)
		}
		st = wsStream{ws: ws, ctx: ctx, cancel: cancel}
	} else {
		sse, err := gqltest.PostSSE(context.Background(), url, subscription, vars, nil)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		st = sseStream{sse}
	}
	reading := make(chan struct{})
	s.mu.Lock()
	s.stream, s.reading = st, reading
	s.mu.Unlock()
	t.Cleanup(st.close)
	go func() {
		defer close(reading)
		for {
			r, err := st.next()
			if err == nil && len(r.Errors) > 0 {
				err = fmt.Errorf("%s: %+v", gqltest.ErrOperationError, r.Errors)
			}
			if err != nil {
				s.mu.Lock()
				s.err = err
				s.mu.Unlock()
				return
			}
			var ev struct {
				ArticleIngested struct {
					Cursor  string
					Article struct{ ID string }
				}
			}
			if err := json.Unmarshal(r.Data, &ev); err != nil {
				s.mu.Lock()
				s.err = err
				s.mu.Unlock()
				return
			}
			s.mu.Lock()
			s.ids = append(s.ids, ev.ArticleIngested.Article.ID)
			s.cursor = ev.ArticleIngested.Cursor
			s.mu.Unlock()
		}
	}()
}

// cut closes the current stream, as a dropped connection would, and waits
// for its reader to end.
func (s *subscriber) cut() {
	s.mu.Lock()
	st, reading := s.stream, s.reading
	s.mu.Unlock()
	st.close()
	<-reading
}

// waitEnded waits for the current stream to end (its server killed).
func (s *subscriber) waitEnded(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	reading := s.reading
	s.mu.Unlock()
	select {
	case <-reading:
	case <-time.After(time.Minute):
		t.Fatalf("%s: the stream did not end", s.name)
	}
}

// received returns the ids received so far.
func (s *subscriber) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ids...)
}

// waitFor waits until the subscriber has received n events, and reports
// whether it has; it fails t when it has not.
func (s *subscriber) waitFor(t *testing.T, n int, timeout time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		got, err := len(s.ids), s.err
		s.mu.Unlock()
		if got >= n {
			return true
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: %d events of %d after %s (stream error: %v)", s.name, got, n, timeout, err)
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
