package embedded

import (
	"context"

	"newsgraph/ontology"
)

// Codes are indexed as names are: graph.codes is a nameIndex of the keys
// of entities' identifying codes (store.CodeKeys, "cameo:USA"), kept with
// the graph under the store's write lock.

// ResolveCodes implements store.NameResolver.
func (s *Store) ResolveCodes(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	if !t.IsEntity() {
		return nil, invalidf("ResolveCodes: %q is not an entity type", t)
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.g.codes.lookup(t, keys), nil
}
