package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// ShortestPathEdges finds the shortest paths between two entities with
// Neo4j's own breadth-first search (allShortestPaths), in one statement
// that reads the relation id of the relationships on those paths only, not
// of every relationship the search crosses. A path of relationships is a
// path of relations (a relation is one relationship per piece of evidence),
// so the paths are enumerated up to q.MaxPaths and their relations
// returned once per hop; the caller orders and picks the paths
// (traverse.AllShortestPaths).
func (s *Store) ShortestPathEdges(ctx context.Context, q store.PathSearch) (*store.PathEdges, error) {
	dir, types, err := store.CheckExpand(q.Direction, q.Types, max(q.MaxPaths, 1))
	if err != nil {
		return nil, err
	}
	if q.MaxHops < 1 || q.MaxHops > traverse.MaxHops {
		// The pattern's length is a literal in the statement, not a
		// parameter.
		return nil, invalidf("maxHops is %d: paths are searched from 1 to %d hops long", q.MaxHops, traverse.MaxHops)
	}
	if q.From == q.To {
		// allShortestPaths needs two ends; a path from an entity to itself
		// has no relation.
		return &store.PathEdges{Complete: true}, nil
	}
	cypher := pathEdgesCypher(dir, types, q.MaxHops)
	params := map[string]any{"from": q.From, "to": q.To, "cap": int64(q.MaxPaths) + 1}
	return read(ctx, s, "shortest path", func(tx neo4j.ManagedTransaction) (*store.PathEdges, error) {
		recs, err := run(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := &store.PathEdges{Complete: true, Edges: make([]store.PathEdge, 0, len(recs))}
		for _, rec := range recs {
			if integer(rec.Values[0]) > int64(q.MaxPaths) {
				return &store.PathEdges{}, nil
			}
			out.Edges = append(out.Edges, store.PathEdge{
				Hop: int(integer(rec.Values[1])), From: str(rec.Values[2]), Relation: str(rec.Values[3]),
				Type: ontology.RelationType(str(rec.Values[4])), To: str(rec.Values[5]),
			})
		}
		rememberTypes(func(yield func(string, ontology.RelationType) bool) {
			for _, e := range out.Edges {
				if !yield(e.Relation, e.Type) {
					return
				}
			}
		})
		return out, nil
	})
}

// pathEdgesCypher is the statement of ShortestPathEdges: the number of
// paths enumerated (at most $cap) and, once each, the relations on them
// with their hop, ends, id and type. The relationships are made distinct
// before their properties are read: a relation with many pieces of
// evidence is on many paths, but read once.
func pathEdgesCypher(dir store.Direction, types []ontology.RelationType, hops int) string {
	return fmt.Sprintf(`MATCH (x:%[1]s {id: $from}), (y:%[1]s {id: $to})
MATCH p = allShortestPaths(%[2]s)
WITH p LIMIT $cap
WITH collect(p) AS ps
UNWIND ps AS p
UNWIND range(0, length(p) - 1) AS i
WITH size(ps) AS paths, i, nodes(p)[i] AS a, relationships(p)[i] AS r, nodes(p)[i + 1] AS b
WITH DISTINCT paths, i, a, r, b
WITH DISTINCT paths, i, a, r.relId AS rel, type(r) AS type, b
RETURN paths, i, a.id, rel, type, b.id`, entityLabel, pattern("x", "", fmt.Sprintf("%s*..%d", relTypes(types), hops), "y", dir))
}
