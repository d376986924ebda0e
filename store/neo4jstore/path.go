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
// that also looks the two ends up (an unknown end is the answer's
// Unknown) and reads the relation id of the relationships on those paths
// only, not of every relationship the search crosses, and the id of each
// node on them once. A path of relationships is a path of relations (a
// relation is one relationship per piece of evidence), so the paths are
// enumerated up to q.MaxPaths and their relations returned once per hop;
// the caller orders and picks the paths (traverse.AllShortestPaths).
//
// The traversal budget (q.Budget) counts the relations the breadth-first
// search of package traverse looks at, which Neo4j's search does not
// tell. Each side of that search expands a node at most once, and looks
// at each of the node's relations once; so it looks at no more than every
// relationship of the graph from both of its ends, on both sides
// (budgetFactor). The statement searches only when that bound, from the
// count store, is within the budget, and answers incomplete otherwise:
// the breadth-first search then decides, with the paths or the budget's
// error that it gives on every engine.
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
	if q.Budget < 1 {
		return nil, invalidf("the budget of a path search is %d: it must be at least 1", q.Budget)
	}
	if q.From == q.To {
		// allShortestPaths needs two ends; a path from an entity to itself
		// has no relation.
		return nil, invalidf("a path search needs two ends, not %s twice", q.From)
	}
	cypher := pathEdgesCypher(dir, types, q.MaxHops)
	params := map[string]any{"from": q.From, "to": q.To, "cap": int64(q.MaxPaths) + 1,
		"budget": int64(q.Budget), "factor": budgetFactor(dir)}
	return read(ctx, s, "shortest path", func(tx neo4j.ManagedTransaction) (*store.PathEdges, error) {
		recs, err := run(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("shortest path: %d rows, want 1", len(recs))
		}
		return pathEdges(q, recs[0].Values)
	})
}

// budgetFactor is how many times the breadth-first search of package
// traverse may look at one relationship, at most: once from each end on
// each side, or, following one direction, once from its source on the
// side that follows it and once from its target on the other.
func budgetFactor(dir store.Direction) int64 {
	if dir == store.Both {
		return 4
	}
	return 2
}

// pathEdges reads the row of pathEdgesCypher: whether each end exists,
// whether the search ran, the number of paths it enumerated (at most
// $cap), its edges as [hop, node, relation id, type, node] with the nodes
// by element id, the element ids of the ends, and [element id, id] of the
// other nodes on the paths.
func pathEdges(q store.PathSearch, v []any) (*store.PathEdges, error) {
	switch {
	case v[0] != true:
		return &store.PathEdges{Unknown: q.From}, nil
	case v[1] != true:
		return &store.PathEdges{Unknown: q.To}, nil
	case v[2] != true || integer(v[3]) > int64(q.MaxPaths):
		return &store.PathEdges{}, nil
	}
	ids := map[string]string{str(v[5]): q.From, str(v[6]): q.To}
	for _, pair := range list(v[7]) {
		p := list(pair)
		ids[str(p[0])] = str(p[1])
	}
	rows := list(v[4])
	out := &store.PathEdges{Complete: true, Edges: make([]store.PathEdge, 0, len(rows))}
	for _, row := range rows {
		e := list(row)
		out.Edges = append(out.Edges, store.PathEdge{
			Hop: int(integer(e[0])), From: ids[str(e[1])], Relation: str(e[2]),
			Type: ontology.RelationType(str(e[3])), To: ids[str(e[4])],
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
}

// list is a list value of a record, or nil.
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// pathEdgesCypher is the statement of ShortestPathEdges, one row (see
// pathEdges). The relationships are made distinct before their relation
// ids are read: a relation with many pieces of evidence is on many paths,
// but read once; the nodes are made distinct before their ids are read,
// and those of the ends, given, are not read. The bound of the budget is
// the count store's: every relationship but the MENTIONS of articles and
// the relations' heads is a piece of a relation's evidence.
func pathEdgesCypher(dir store.Direction, types []ontology.RelationType, hops int) string {
	return fmt.Sprintf(`OPTIONAL MATCH (x:%[1]s {id: $from})
OPTIONAL MATCH (y:%[1]s {id: $to})
WITH x, y, x IS NOT NULL AND y IS NOT NULL
  AND $factor * (COUNT { ()-->() } - COUNT { ()-[:MENTIONS]->() } - COUNT { ()-[:%[3]s]->() }) <= $budget AS within
CALL (x, y, within) {
  WITH x, y WHERE within
  MATCH p = allShortestPaths(%[2]s)
  WITH p LIMIT $cap
  WITH collect(p) AS ps
  UNWIND ps AS p
  UNWIND range(0, length(p) - 1) AS i
  WITH size(ps) AS paths, i, nodes(p)[i] AS a, relationships(p)[i] AS r, nodes(p)[i + 1] AS b
  WITH DISTINCT paths, i, a, r, b
  WITH DISTINCT paths, i, a, r.relId AS rel, type(r) AS type, b
  RETURN max(paths) AS paths, collect([i, elementId(a), rel, type, elementId(b)]) AS edges, collect(DISTINCT a) + collect(DISTINCT b) AS ns
}
WITH x, y, within, paths, edges, reduce(m = [], n IN ns | CASE WHEN n IN m OR n = x OR n = y THEN m ELSE m + n END) AS middle
RETURN x IS NOT NULL, y IS NOT NULL, within, paths, edges, elementId(x), elementId(y), [n IN middle | [elementId(n), n.id]]`,
		entityLabel, pattern("x", "", fmt.Sprintf("%s*..%d", relTypes(types), hops), "y", dir), headType)
}
