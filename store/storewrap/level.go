package storewrap

import (
	"context"

	"newsgraph/store"
)

var _ store.LevelReader = (*Store)(nil)

// ReadLevel reads a relation level from the wrapped store (with its own
// ReadLevel when it has one), through the hook.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	return call(s, ctx, "ReadLevel", func(ctx context.Context) (*store.Level, error) { return store.ReadLevel(ctx, s.inner, q) })
}
