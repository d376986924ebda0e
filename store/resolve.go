package store

import (
	"context"
	"slices"

	"newsgraph/ontology"
)

// NameResolver finds entities by name, for entity resolution across
// articles (package loaders): an article that names "Zelenskyy" without a
// Wikidata id can be matched with the entity "Volodymyr Zelensky" that has
// "Zelenskyy" among its aliases.
//
// It is part of Store.
type NameResolver interface {
	// ResolveNames returns, for each of keys (name keys as NameKeys makes
	// them) that some entity of type t has, the ids of those entities,
	// sorted. Keys no entity has are absent from the map.
	ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error)
	// ResolveCodes returns, for each of keys (code keys as CodeKeys makes
	// them: "cameo:USA") that some entity of type t has among its
	// identifying codes, the ids of those entities, sorted. Keys no entity
	// has are absent from the map.
	ResolveCodes(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error)
}

// NameKeys returns the name keys of an entity: NormalizeName of its name and
// of each of its aliases, sorted, without repeats or empty keys. A meeting's
// keys start with its date when it has one ("2025-06-03-istanbul-talks"),
// as its identity key does: meetings of different days that share a name
// are different meetings.
func NameKeys(e *Entity) []string {
	return NameKeysOf(e.Type, e.Date, append([]string{e.Name}, e.Aliases...)...)
}

// NameKeysOf is NameKeys of an entity of type t (and date, for a meeting)
// known by names.
func NameKeysOf(t ontology.NodeType, date string, names ...string) []string {
	keys := make([]string, 0, len(names))
	for _, n := range names {
		k := NormalizeName(n)
		if k == "" {
			continue
		}
		if t == ontology.Meeting && date != "" {
			k = date + "-" + k
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
