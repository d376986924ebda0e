package embedded

import (
	"context"

	"newsgraph/store"
)

// ReadLevel reads a relation level with RelationsOf, Entities, Articles
// and CountRelationsOf (store.ReadLevelByParts): in process, a call costs
// no round trip, so the parts are as fast as one call.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	return store.ReadLevelByParts(ctx, s, q)
}
