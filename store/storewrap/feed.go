package storewrap

import (
	"context"

	"newsgraph/store"
)

// Changes reads the wrapped store's change feed, through the hook.
func (s *Store) Changes(ctx context.Context, after store.Position, limit int) ([]store.Change, error) {
	return call(s, ctx, "Changes", func(ctx context.Context) ([]store.Change, error) { return s.inner.Changes(ctx, after, limit) })
}

// FeedBounds reads the wrapped store's feed bounds, through the hook.
func (s *Store) FeedBounds(ctx context.Context) (oldest, latest store.Position, err error) {
	bounds, err := call(s, ctx, "FeedBounds", func(ctx context.Context) ([2]store.Position, error) {
		o, l, err := s.inner.FeedBounds(ctx)
		return [2]store.Position{o, l}, err
	})
	return bounds[0], bounds[1], err
}

// FeedCommitted is the wrapped store's: waiting on it is no call.
func (s *Store) FeedCommitted() <-chan struct{} { return s.inner.FeedCommitted() }
