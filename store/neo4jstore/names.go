package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.NameResolver = (*Store)(nil)

// Name keys. Every entity node carries nameKeys, the list of its
// store.NameKeys (its name and aliases, normalised), and nameKeyText, the
// same keys separated by spaces, which the full-text index NameKeyIndex
// indexes with the whitespace analyzer: one exact, case-sensitive term per
// key. Neo4j's range indexes do not index the elements of a list, so
// "k IN n.nameKeys" alone would scan every node of the label; the full-text
// index finds the candidates, and nameKeys says which keys each has.

// NameKeyIndex is the full-text index behind ResolveNames.
const NameKeyIndex = "entityNameKeys"

// nameKeyProps are the name key properties of an entity node.
func nameKeyProps(e *store.Entity) map[string]any {
	keys := store.NameKeys(e)
	if len(keys) == 0 {
		return map[string]any{"nameKeys": nil, "nameKeyText": nil}
	}
	return map[string]any{"nameKeys": keys, "nameKeyText": strings.Join(keys, " ")}
}

// nameKeyIndexStatement creates NameKeyIndex.
func nameKeyIndexStatement() string {
	labels := make([]string, len(ontology.EntityTypes))
	for i, t := range ontology.EntityTypes {
		labels[i] = label(t)
	}
	return fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.nameKeyText] "+
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}", NameKeyIndex, strings.Join(labels, "|"))
}

// maxKeysPerQuery keeps a full-text query under Lucene's limit of 1024
// clauses.
const maxKeysPerQuery = 500

// ResolveNames implements store.NameResolver.
func (s *Store) ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	if !t.IsEntity() {
		return nil, fmt.Errorf("neo4jstore: %w: ResolveNames: %q is not an entity type", store.ErrInvalid, t)
	}
	var terms []string
	for _, k := range keys {
		// A key is letters, digits and hyphens (store.NormalizeName),
		// which a quoted term takes as they are; anything else could
		// not be an entity's key.
		if k != "" && !strings.ContainsAny(k, "\"\\ ") {
			terms = append(terms, k)
		}
	}
	return s.lookupKeys(ctx, t, NameKeyIndex, "nameKeys", "resolve names", terms)
}

// lookupKeys finds, through the full-text index (NameKeyIndex or
// CodeKeyIndex), the entities of type t whose list property prop holds each
// of terms, and returns their sorted ids by term. Terms are queried a
// chunk at a time.
func (s *Store) lookupKeys(ctx context.Context, t ontology.NodeType, index, prop, what string, terms []string) (map[string][]string, error) {
	slices.Sort(terms)
	terms = slices.Compact(terms)
	out := map[string][]string{}
	for start := 0; start < len(terms); start += maxKeysPerQuery {
		chunk := terms[start:min(start+maxKeysPerQuery, len(terms))]
		found, err := read(ctx, s, what, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
			return run(ctx, tx, fmt.Sprintf(`CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WHERE node:%s
RETURN node.id, [k IN node.%s WHERE k IN $keys]`, label(t), prop),
				map[string]any{"index": index, "query": termQuery(chunk), "keys": chunk})
		})
		if err != nil {
			return nil, err
		}
		for _, rec := range found {
			id := str(rec.Values[0])
			for _, k := range strs(rec.Values[1]) {
				out[k] = append(out[k], id)
			}
		}
	}
	for k := range out {
		slices.Sort(out[k])
		out[k] = slices.Compact(out[k])
	}
	return out, nil
}

// termQuery is the Lucene query matching any of keys exactly.
func termQuery(keys []string) string {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = `"` + k + `"`
	}
	return strings.Join(quoted, " OR ")
}
