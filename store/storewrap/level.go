package storewrap

import (
	"context"

	"newsgraph/store"
)

// ReadLevel reads a relation level from the wrapped store, through the hook.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	return call(s, ctx, "ReadLevel", func(ctx context.Context) (*store.Level, error) { return s.inner.ReadLevel(ctx, q) })
}

// EvidencePages pages through evidence in the wrapped store, through the
// hook.
func (s *Store) EvidencePages(ctx context.Context, qs []store.EvidenceQuery) ([]*store.Page[store.Evidence], error) {
	return call(s, ctx, "EvidencePages", func(ctx context.Context) ([]*store.Page[store.Evidence], error) {
		return s.inner.EvidencePages(ctx, qs)
	})
}
