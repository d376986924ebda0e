package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// ShortestPathEdges finds the shortest paths between two entities with
// Neo4j's own breadth-first search (allShortestPaths) over the relations'
// heads (one relationship per relation, see heads.go), in one statement
// that also looks the two ends up (an unknown end is the answer's
// Unknown) and reads the relation id of the heads on those paths only,
// and the id of each node on them once. The paths are enumerated up to
// q.MaxPaths and their relations returned once per hop; the caller orders
// and picks the paths (traverse.AllShortestPaths).
//
// The traversal budget (q.Budget) counts the relations the breadth-first
// search of package traverse looks at, which Neo4j's search does not
// tell. The statement tells it first, in one of two ways:
//
//   - a bound of the whole graph's, from the count store: each side of
//     that search expands a node at most once, and looks at each of the
//     node's relations once; so it looks at no more than every relation
//     from both of its ends, on both sides (budgetFactor). A small graph
//     is searched at once.
//   - past that bound, the search of package traverse itself, layer by
//     layer, unrolled in the statement (pathRoundCypher): each round
//     expands the smaller frontier, spends its degree in heads (what
//     Expand's steps are) and keeps its new ends, until the sides meet,
//     the hops are spent, or the budget is. It reads the frontiers' heads
//     from the indexes of heads by end, never their evidence, so that a
//     search costs the relations it crosses, as the embedded store's,
//     and no more as the archive restates them.
//
// Within the budget, the statement searches (when the sides met) or
// answers no path; over it, it answers incomplete: the breadth-first
// search of package traverse then decides, with the budget's error that
// it gives on every engine.
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
	cypher := pathEdgesCypher(dir, len(types) > 0, q.MaxHops)
	params := map[string]any{"from": q.From, "to": q.To, "cap": int64(q.MaxPaths) + 1,
		"budget": int64(q.Budget), "factor": budgetFactor(dir), "hops": int64(q.MaxHops), "types": relTypeNames(types)}
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
// pathEdges). After the ends, the search state s is a map: the frontier
// and the nodes seen of each side (fwd and fseen from $from, bwd and
// bseen from $to), their depths (fd, bd), the budget left, and state:
// "small" (within the bound of the whole graph), "search" (rounds to go),
// "met", "none" (a frontier ran dry) or "over" (the budget ran out); the
// hops rounds (pathRoundCypher) leave it as they find it once it is no
// longer "search". Neo4j's search runs when the state is "small" or
// "met". The relationships are made distinct before their relation ids
// are read: a relation on many paths is read once; the nodes are made
// distinct before their ids are read, and those of the ends, given, are
// not read.
func pathEdgesCypher(dir store.Direction, typed bool, hops int) string {
	rounds := strings.Repeat(pathRoundCypher(dir, typed), hops)
	where := ""
	if typed {
		where = "\n  WHERE all(h IN relationships(p) WHERE h.type IN $types)"
	}
	return fmt.Sprintf(`OPTIONAL MATCH (x:%[1]s {id: $from})
OPTIONAL MATCH (y:%[1]s {id: $to})
WITH x, y, {fwd: [$from], fseen: [$from], fd: 0, bwd: [$to], bseen: [$to], bd: 0, budget: $budget,
  state: CASE WHEN $factor * COUNT { ()-[:%[3]s]->() } <= $budget THEN 'small' ELSE 'search' END} AS s
WITH x, y, CASE WHEN x IS NULL OR y IS NULL THEN s{.*, state: 'unknown'} ELSE s END AS s
%[4]sWITH x, y, s.state IN ['small', 'met', 'none', 'search'] AS within, s.state IN ['small', 'met'] AS met
CALL (x, y, met) {
  WITH x, y WHERE met
  MATCH p = allShortestPaths(%[2]s)%[5]s
  WITH p LIMIT $cap
  WITH collect(p) AS ps
  UNWIND ps AS p
  UNWIND range(0, length(p) - 1) AS i
  WITH size(ps) AS paths, i, nodes(p)[i] AS a, relationships(p)[i] AS r, nodes(p)[i + 1] AS b
  WITH DISTINCT paths, i, a, r.relId AS rel, r.type AS type, b
  RETURN max(paths) AS paths, collect([i, elementId(a), rel, type, elementId(b)]) AS edges, collect(DISTINCT a) + collect(DISTINCT b) AS ns
}
WITH x, y, within, paths, edges, reduce(m = [], n IN ns | CASE WHEN n IN m OR n = x OR n = y THEN m ELSE m + n END) AS middle
RETURN x IS NOT NULL, y IS NOT NULL, within, paths, edges, elementId(x), elementId(y), [n IN middle | [elementId(n), n.id]]`,
		entityLabel, pattern("x", "", fmt.Sprintf("%s*..%d", headType, hops), "y", dir), headType, rounds, where)
}

// pathRoundCypher is one round of the breadth-first search of package
// traverse (AllShortestPaths with Expand), on the search state s (see
// pathEdgesCypher): while s is "search" and its depths are short of
// $hops, it expands the smaller frontier (that from $from when they are
// as large, back when that from $to) in its direction (dir from $from,
// the reverse from $to). Its nodes' degree in heads is what Expand's steps
// would be (a relation from a node to itself once, one between two nodes
// of the frontier once from each); as in traverse, a frontier that is
// empty ends the search ("none"), and a budget below 1 or below that
// degree ends it "over". Otherwise the new frontier is the frontier's
// other ends not seen from its side, read from the indexes of heads by
// own end and other end (by own end and type, with types), and the sides
// meet when one of them was seen from the other side.
//
// Both sides are one branch, which picks its frontier, direction and
// indexes by back: the statement is planned once per round, and a
// round's plan is most of the time Neo4j takes to plan the statement the
// first time.
func pathRoundCypher(dir store.Direction, typed bool) string {
	var ends []string
	for _, h := range headSides(store.Both) {
		own, other := h[0], h[1]
		guard := ""
		switch fwd, bwd := slices.Contains(headSides(dir), h), slices.Contains(headSides(dir.Reverse()), h); {
		case fwd && !bwd:
			guard = "      WITH id WHERE NOT back\n"
		case bwd && !fwd:
			guard = "      WITH id WHERE back\n"
		}
		index := own + ", " + other + ", relId"
		cond := fmt.Sprintf("h.%s IS NOT NULL AND h.relId IS NOT NULL", other)
		if typed {
			index, cond = own+", type, relId", "h.type IN $types AND h.relId IS NOT NULL"
		}
		// The hint keeps Neo4j from scanning the heads instead, as it
		// may while its statistics are those of a nearly empty index.
		ends = append(ends, fmt.Sprintf(`%[6]s      MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s)
      WHERE h.%[3]s = id AND %[4]s
      RETURN DISTINCT h.%[5]s AS end`, headType, index, own, cond, other, guard))
	}
	degree := headDegree("n", dir, typed)
	if dir != store.Both {
		degree = fmt.Sprintf("CASE WHEN back THEN %s ELSE %s END", headDegree("n", dir.Reverse(), typed), degree)
	}
	return fmt.Sprintf(`OPTIONAL CALL (s) {
  WITH s WHERE s.state = 'search' AND s.fd + s.bd < $hops
  WITH s, size(s.bwd) < size(s.fwd) AS back
  WITH s, back, CASE WHEN back THEN s.bwd ELSE s.fwd END AS frontier,
    CASE WHEN back THEN s.bseen ELSE s.fseen END AS seen
  CALL (frontier, back) {
    UNWIND frontier AS id
    MATCH (n:%[1]s {id: id})
    RETURN sum(%[2]s) AS spent
  }
  CALL (s, back, frontier, seen, spent) {
    WITH back, frontier, seen WHERE size(frontier) > 0 AND s.budget >= 1 AND spent <= s.budget
    UNWIND frontier AS id
    CALL (id, back) {
%[3]s
    }
    WITH end WHERE NOT end IN seen
    RETURN collect(DISTINCT end) AS next
  }
  RETURN CASE
    WHEN size(frontier) = 0 THEN s{.*, state: 'none'}
    WHEN s.budget < 1 OR spent > s.budget THEN s{.*, state: 'over'}
    WHEN back THEN s{.*, bwd: next, bseen: s.bseen + next, bd: s.bd + 1, budget: s.budget - spent,
      state: CASE WHEN any(e IN next WHERE e IN s.fseen) THEN 'met' ELSE 'search' END}
    ELSE s{.*, fwd: next, fseen: s.fseen + next, fd: s.fd + 1, budget: s.budget - spent,
      state: CASE WHEN any(e IN next WHERE e IN s.bseen) THEN 'met' ELSE 'search' END}
  END AS t
}
WITH x, y, coalesce(t, s) AS s
`, entityLabel, degree, strings.Join(ends, "\n      UNION\n"))
}
