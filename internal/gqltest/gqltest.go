// Package gqltest holds clients for the tests of the GraphQL API: a
// graphql-transport-ws WebSocket client and a server-sent events client,
// both speaking to a real HTTP server (httptest). Only tests import it.
package gqltest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// Error is a GraphQL error as the API sends it.
type Error struct {
	Message    string `json:"message"`
	Path       []any  `json:"path,omitempty"`
	Extensions struct {
		Code  string `json:"code"`
		Field string `json:"field,omitempty"`
	} `json:"extensions"`
}

// Response is one GraphQL response (or event of a subscription).
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	// EventID is the id of the server-sent event that carried the
	// response, if any.
	EventID string `json:"-"`
}

// Message is a graphql-transport-ws message.
type Message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// WS is a graphql-transport-ws connection.
type WS struct {
	conn *websocket.Conn
}

// DialOptions configure Dial.
type DialOptions struct {
	// Header is sent with the upgrade request (Origin, Authorization...).
	Header http.Header
	// InitPayload is the payload of connection_init.
	InitPayload map[string]any
}

// Dial connects to url (http:// or ws://), sends connection_init and waits
// for connection_ack. It returns the upgrade response's status when the
// upgrade fails, and the close status when the server closes instead of
// acknowledging.
func Dial(ctx context.Context, url string, opts DialOptions) (*WS, error) {
	url = strings.Replace(url, "http://", "ws://", 1)
	conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{
		HTTPHeader:   opts.Header,
		Subprotocols: []string{"graphql-transport-ws"},
	})
	if err != nil {
		if resp != nil {
			return nil, &UpgradeError{Status: resp.StatusCode, Err: err}
		}
		return nil, err
	}
	ws := &WS{conn: conn}
	if err := ws.Send(ctx, Message{Type: "connection_init", Payload: mustJSON(opts.InitPayload)}); err != nil {
		_ = ws.Close()
		return nil, err
	}
	m, err := ws.Read(ctx)
	if err != nil {
		_ = ws.Close()
		return nil, err
	}
	if m.Type != "connection_ack" {
		_ = ws.Close()
		return nil, fmt.Errorf("got %s, want connection_ack", m.Type)
	}
	return ws, nil
}

// UpgradeError is a refused WebSocket upgrade.
type UpgradeError struct {
	Status int
	Err    error
}

func (e *UpgradeError) Error() string {
	return fmt.Sprintf("upgrade refused with %d: %v", e.Status, e.Err)
}

// CloseStatus is the close code of an error that closed a connection, or
// -1.
func CloseStatus(err error) int {
	return int(websocket.CloseStatus(err))
}

// Subscribe starts an operation.
func (ws *WS) Subscribe(ctx context.Context, id, query string, variables map[string]any) error {
	payload := map[string]any{"query": query}
	if variables != nil {
		payload["variables"] = variables
	}
	return ws.Send(ctx, Message{ID: id, Type: "subscribe", Payload: mustJSON(payload)})
}

// Send sends a message.
func (ws *WS) Send(ctx context.Context, m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return ws.conn.Write(ctx, websocket.MessageText, b)
}

// Read reads the next message, answering pings.
func (ws *WS) Read(ctx context.Context) (Message, error) {
	for {
		_, b, err := ws.conn.Read(ctx)
		if err != nil {
			return Message{}, err
		}
		var m Message
		if err := json.Unmarshal(b, &m); err != nil {
			return Message{}, fmt.Errorf("not a message: %s", b)
		}
		if m.Type == "ping" {
			if err := ws.Send(ctx, Message{Type: "pong"}); err != nil {
				return Message{}, err
			}
			continue
		}
		if m.Type == "pong" {
			continue
		}
		return m, nil
	}
}

// Next reads the next message of operation id: its response for "next",
// its errors for "error", and io.EOF-like ErrComplete for "complete".
func (ws *WS) Next(ctx context.Context, id string) (*Response, error) {
	for {
		m, err := ws.Read(ctx)
		if err != nil {
			return nil, err
		}
		if m.ID != id {
			continue
		}
		switch m.Type {
		case "next":
			var r Response
			if err := json.Unmarshal(m.Payload, &r); err != nil {
				return nil, err
			}
			return &r, nil
		case "error":
			var errs []Error
			if err := json.Unmarshal(m.Payload, &errs); err != nil {
				return nil, err
			}
			return &Response{Errors: errs}, ErrOperationError
		case "complete":
			return nil, ErrComplete
		}
	}
}

// Errors of Next.
var (
	ErrComplete       = errors.New("operation complete")
	ErrOperationError = errors.New("operation ended with an error message")
)

// Close closes the connection normally.
func (ws *WS) Close() error {
	return ws.conn.Close(websocket.StatusNormalClosure, "")
}

// SSE is a subscription over server-sent events.
type SSE struct {
	resp   *http.Response
	reader *bufio.Reader
	cancel context.CancelFunc
}

// PostSSE posts a GraphQL request accepting text/event-stream and returns
// the stream once the server has answered its headers.
func PostSSE(ctx context.Context, url, query string, variables map[string]any, header http.Header) (*SSE, error) {
	body := mustJSON(map[string]any{"query": query, "variables": variables})
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		cancel()
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	return &SSE{resp: resp, reader: bufio.NewReader(resp.Body), cancel: cancel}, nil
}

// Status is the HTTP status of the stream's response.
func (s *SSE) Status() int { return s.resp.StatusCode }

// Next reads the next event: its response for "next", ErrComplete for
// "complete". Comments (keep-alives) are skipped.
func (s *SSE) Next(timeout time.Duration) (*Response, error) {
	type result struct {
		r   *Response
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := s.next()
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-time.After(timeout):
		s.Close()
		<-done
		return nil, fmt.Errorf("no event within %s", timeout)
	}
}

func (s *SSE) next() (*Response, error) {
	var event, data, id string
	for {
		line, err := s.reader.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if event == "" && data == "" {
				continue
			}
			if event == "complete" {
				return nil, ErrComplete
			}
			var r Response
			if err := json.Unmarshal([]byte(data), &r); err != nil {
				return nil, fmt.Errorf("event %q: data %q: %w", event, data, err)
			}
			r.EventID = id
			return &r, nil
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "id:"):
			id = strings.TrimSpace(strings.TrimPrefix(line, "id:"))
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data += strings.TrimSpace(strings.TrimPrefix(line, "data:"))
		}
	}
}

// Close ends the stream.
func (s *SSE) Close() {
	s.cancel()
	_ = s.resp.Body.Close()
}

func mustJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
