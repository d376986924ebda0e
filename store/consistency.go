package store

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Read your own writes across servers. A write through one server returns
// a consistency token (opaque to clients; for Neo4j, the bookmarks of the
// write's transaction), and a read that presents it, through any server of
// the same store, waits until that write is visible to it, for at most
// ConsistencyWait, then fails with an error wrapping ErrNotVisible.
//
// Tokens travel in contexts: a caller that wants the token of its writes
// passes a context from WithTokenSink and reads the sink afterwards; a
// caller whose reads must see a write passes a context from WithReadToken.
// Engines call RecordToken after each committed write and ReadToken before
// each read.

// ConsistencyWait is the longest a read presenting a consistency token
// waits for the write to be visible.
const ConsistencyWait = 5 * time.Second

// ErrNotVisible means that the write a read's consistency token names is
// not visible yet after ConsistencyWait (the server the read went to lags
// behind), or never will be on this store (a token of another store).
var ErrNotVisible = errors.New("the write of the consistency token is not visible")

// TokenSink collects the consistency token of the writes made with its
// context: the token of the latest.
type TokenSink struct {
	mu    sync.Mutex
	token string
}

// Token is the token of the latest write recorded, "" if none.
func (s *TokenSink) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

type sinkKey struct{}
type readTokenKey struct{}

// WithTokenSink returns a context whose writes record their token in the
// sink returned.
func WithTokenSink(ctx context.Context) (context.Context, *TokenSink) {
	s := &TokenSink{}
	return context.WithValue(ctx, sinkKey{}, s), s
}

// RecordToken records the token of a committed write in the sink of ctx,
// if it has one.
func RecordToken(ctx context.Context, token string) {
	if s, ok := ctx.Value(sinkKey{}).(*TokenSink); ok && token != "" {
		s.mu.Lock()
		s.token = token
		s.mu.Unlock()
	}
}

// WithReadToken returns a context whose reads wait for the write of token
// ("" changes nothing).
func WithReadToken(ctx context.Context, token string) context.Context {
	if token == "" {
		return ctx
	}
	return context.WithValue(ctx, readTokenKey{}, token)
}

// ReadToken is the consistency token the reads of ctx must wait for, "" if
// none.
func ReadToken(ctx context.Context) string {
	t, _ := ctx.Value(readTokenKey{}).(string)
	return t
}
