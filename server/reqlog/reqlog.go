// Package reqlog ties log lines to the request they belong to.
//
// The server gives every request an id (the client's X-Request-Id when it
// sent a sensible one, else a new random one) and a *Request record in the
// request's context. Handler, a slog.Handler decorator, adds the id to every
// line logged with that context (logger.InfoContext(ctx, ...)), so a
// request's lines can be found together. Code that handles the request
// fills in what the access log should say: the GraphQL layer records the
// operation name and whether the response had errors.
package reqlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
)

// Header is the HTTP header that carries request ids.
const Header = "X-Request-Id"

// maxIDLength is the longest client-sent request id kept.
const maxIDLength = 128

// Request is what is known of one request, for its access log line and
// metrics. Its methods are safe for concurrent use.
type Request struct {
	ID string

	mu        sync.Mutex
	operation string
	errors    int
	codes     []string
}

// SetOperation records the GraphQL operation name ("anonymous" when the
// request did not name one).
func (r *Request) SetOperation(name string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.operation = name
}

// AddError records an error of the response and its code.
func (r *Request) AddError(code string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors++
	if len(r.codes) < 5 && code != "" {
		r.codes = append(r.codes, code)
	}
}

// Operation is the recorded operation name.
func (r *Request) Operation() string {
	if r == nil {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.operation
}

// Errors is how many errors the response had, and the codes of the first
// few.
func (r *Request) Errors() (int, []string) {
	if r == nil {
		return 0, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errors, append([]string(nil), r.codes...)
}

type requestKey struct{}

// With returns a context carrying r.
func With(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// From returns the request of a context, or nil. The methods of a nil
// *Request do nothing.
func From(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// ID returns a request id: the client's, when it is 1 to 128 printable
// ASCII characters without spaces, else a new random one.
func ID(clientID string) string {
	if validID(clientID) {
		return clientID
	}
	return NewID()
}

// NewID returns a new random request id (32 hex digits).
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

func validID(id string) bool {
	if id == "" || len(id) > maxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// Handler adds request_id to every record logged with a context that
// carries a request.
type Handler struct {
	slog.Handler
}

// NewLogger returns l with its handler wrapped in Handler.
func NewLogger(l *slog.Logger) *slog.Logger {
	if _, ok := l.Handler().(Handler); ok {
		return l
	}
	return slog.New(Handler{l.Handler()})
}

// Handle adds the request id, if the context has one, and passes the
// record on.
func (h Handler) Handle(ctx context.Context, rec slog.Record) error {
	if r := From(ctx); r != nil && r.ID != "" {
		rec = rec.Clone()
		rec.AddAttrs(slog.String("request_id", r.ID))
	}
	return h.Handler.Handle(ctx, rec)
}

// WithAttrs keeps the decoration.
func (h Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return Handler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the decoration.
func (h Handler) WithGroup(name string) slog.Handler {
	return Handler{h.Handler.WithGroup(name)}
}
