package embedded

import (
	"context"
	"maps"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.NameResolver = (*Store)(nil)

// nameIndex maps the name keys of entities (store.NameKeys: their names and
// aliases, normalised) to the entities that have them, by type, for
// ResolveNames. It changes with the graph, under the store's write lock.
type nameIndex struct {
	ids  map[ontology.NodeType]map[string]map[string]struct{} // type → key → entity ids
	keys map[string][]string                                  // entity id → its keys
}

func newNameIndex() *nameIndex {
	return &nameIndex{ids: map[ontology.NodeType]map[string]map[string]struct{}{}, keys: map[string][]string{}}
}

// setKeys indexes an entity under its current keys (store.NameKeys),
// replacing its old ones.
func (x *nameIndex) setKeys(e *store.Entity, keys []string) {
	if slices.Equal(keys, x.keys[e.ID]) {
		return
	}
	x.remove(e.Type, e.ID)
	byKey := x.ids[e.Type]
	if byKey == nil {
		byKey = map[string]map[string]struct{}{}
		x.ids[e.Type] = byKey
	}
	for _, k := range keys {
		if byKey[k] == nil {
			byKey[k] = map[string]struct{}{}
		}
		byKey[k][e.ID] = struct{}{}
	}
	x.keys[e.ID] = keys
}

// remove drops an entity from the index.
func (x *nameIndex) remove(t ontology.NodeType, id string) {
	byKey := x.ids[t]
	for _, k := range x.keys[id] {
		delete(byKey[k], id)
		if len(byKey[k]) == 0 {
			delete(byKey, k)
		}
	}
	delete(x.keys, id)
}

// lookup returns the sorted ids of the entities of type t having each key.
func (x *nameIndex) lookup(t ontology.NodeType, keys []string) map[string][]string {
	out := map[string][]string{}
	byKey := x.ids[t]
	for _, k := range keys {
		if ids := byKey[k]; len(ids) > 0 {
			out[k] = slices.Sorted(maps.Keys(ids))
		}
	}
	return out
}

// ResolveNames implements store.NameResolver.
func (s *Store) ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	if !t.IsEntity() {
		return nil, invalidf("ResolveNames: %q is not an entity type", t)
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.g.names.lookup(t, keys), nil
}
