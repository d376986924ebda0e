package storewrap

import (
	"context"

	"newsgraph/store"
)

// ReadLevel reads a relation level from the wrapped store, through the hook.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	return call(s, ctx, "ReadLevel", func(ctx context.Context) (*store.Level, error) { return s.inner.ReadLevel(ctx, q) })
}
