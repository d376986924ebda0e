package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// A neighbourhood's layer (traverse.LayerExpander) is read from the heads
// of the frontier's relations, never from their evidence, and only those
// heads that decide it: which new nodes the layer keeps (those of the
// smallest ids), the first relation to each, and the relations of the
// smallest ids between the frontier and the nodes kept. Expand reads every
// piece of evidence of the frontier, so that a hub's first layer cost its
// degree in evidence; read this way it costs the relations to the nodes it
// keeps:
//
//   - the frontier's number of relations (what the layer spends of the
//     traversal's budget) is the nodes' degree in heads, which Neo4j keeps
//     (with types, the heads of those types are counted, one read each);
//   - the new ends in id order come from the indexes of heads by source,
//     target and relId and by target, source and relId, read in order up
//     to the ends needed, which reads every relation to the ends before
//     the last; for a node with more relations than twice the entities,
//     the entities are read in id order instead, each tested with a seek
//     of those indexes, which costs the entities before the last end
//     needed (the hub of a graph of few entities);
//   - the first relation from a frontier node to a new end is one seek of
//     the same indexes;
//   - the relations from a frontier node to the known nodes and to the
//     new ones kept are read from the same indexes a seek per end, in
//     relId order up to one more than the relation limit each; or, for a
//     node with fewer relations than that makes seeks, or with so many
//     that those to the ends outnumber the limit (a hub, whose runs of
//     relations to each neighbour grow as the archive restates it with
//     other qualifiers), from the indexes of heads by own end and relId,
//     in relId order up to one more than the limit of those to the ends.
//
// What a hub's layer reads is then bounded by the limits and the share
// of its relations that go to the nodes kept, not by its relations nor
// its evidence.
// (The embedded store answers the same from each node's relations kept in
// the order of the other end, store/embedded/layer.go.)

var _ traverse.LayerExpander = (*Store)(nil)

// entityScanRatio is how many times more relations than there are
// entities a node must have for its new ends to be found by reading the
// entities in id order rather than its heads in the order of their other
// end: each entity read costs a seek in each direction, each head one
// read.
const entityScanRatio = 2

// layerDegreesCypher returns, for each node of $ids that exists, its
// relations in dir (of the types $types when typed), counted on heads (a
// relation from a node to itself once), and the number of entities.
func layerDegreesCypher(dir store.Direction, typed bool) string {
	degree := headDegree("n", dir, typed)
	return fmt.Sprintf(`UNWIND $ids AS id
MATCH (n:%[1]s {id: id})
RETURN id, %[2]s AS degree, COUNT { MATCH (:%[1]s) } AS entities`, entityLabel, degree)
}

// headDegree is the number of relations of the node n in dir (of the
// types $types when typed), counted on its heads: a relation from n to
// itself once. Without types it is the node's degree, which Neo4j keeps.
func headDegree(n string, dir store.Direction, typed bool) string {
	if typed {
		return fmt.Sprintf("COUNT { MATCH %s WHERE h.type IN $types }", pattern(n, "h", headType, "", dir))
	}
	return fmt.Sprintf("COUNT { %s }", pattern(n, "", headType, "", dir))
}

// headSides are the ends of heads a node's relations in dir are found
// by: its own (source for its outgoing heads, target for its incoming
// ones) and the other.
func headSides(dir store.Direction) [][2]string {
	sides := [][2]string{{"source", "target"}, {"target", "source"}}
	switch dir {
	case store.Out:
		return sides[:1]
	case store.In:
		return sides[1:]
	}
	return sides
}

// typeCond is the condition that the head h is of one of $types, with a
// leading AND, or "" when the layer follows every type.
func typeCond(typed bool) string {
	if typed {
		return " AND h.type IN $types"
	}
	return ""
}

// layerEndsCypher returns rows (id, end): for each node id of $byHeads,
// the first $fresh ends not in $known of its heads in dir, in id order,
// read from the indexes of heads by own end, other end and relId; for
// each of $byEntities, the same found by reading the entities in id order,
// each tested with a seek of those indexes.
func layerEndsCypher(dir store.Direction, typed bool) string {
	sides := headSides(dir)
	var byHeads, exists []string
	for _, s := range sides {
		own, other := s[0], s[1]
		byHeads = append(byHeads, fmt.Sprintf(`    MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s, %[3]s, relId)
    WHERE h.%[2]s = id AND h.%[3]s IS NOT NULL AND h.relId IS NOT NULL%[4]s
    WITH h ORDER BY h.%[2]s, h.%[3]s
    WITH DISTINCT h.%[3]s AS end WHERE NOT end IN $known
    RETURN end LIMIT $fresh`, headType, own, other, typeCond(typed)))
		exists = append(exists, fmt.Sprintf(`EXISTS { MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s, %[3]s, relId) WHERE h.%[2]s = id AND h.%[3]s = end AND h.relId IS NOT NULL%[4]s }`,
			headType, own, other, typeCond(typed)))
	}
	return fmt.Sprintf(`CALL () {
  UNWIND $byHeads AS id
  CALL (id) {
%[1]s
  }
  RETURN id, end
  UNION
  UNWIND $byEntities AS id
  CALL (id) {
    MATCH (m:%[2]s) WHERE m.id IS NOT NULL
    WITH m.id AS end ORDER BY end
    WITH end WHERE NOT end IN $known AND (%[3]s)
    RETURN end LIMIT $fresh
  }
  RETURN id, end
}
RETURN id, end`, strings.Join(byHeads, "\n    UNION\n"), entityLabel, strings.Join(exists, " OR "))
}

// layerStepsCypher returns rows (from, relId, type, to, outgoing), one
// per step, in dir (of $types when typed):
//
//   - for each pair [from, end] of $pairs, the head of the smallest relId
//     between them, sought in the indexes of heads by own end, other end
//     and relId;
//   - for each node of $bySeeks and each end of $ends, the first $first
//     heads between them in relId order, read in order from the same
//     indexes: a node's relations to the ends cost those relations (up to
//     $first to each end) and a seek per end, however many others it has;
//   - for each node of $byOrder, its first $first heads in relId order
//     whose other end is one of $ends, read in order from the indexes of
//     heads by own end and relId: they cost the node's heads up to the
//     last of them, which is all of its heads at most (a node with fewer
//     relations than the ends have seeks), and, for a node whose
//     relations to the ends outnumber $first (a hub whose runs of
//     relations to its neighbours grow as the archive restates them),
//     about $first times its relations per relation to the ends, not the
//     relations to the ends.
//
// Each branch returns what it has read already (the ends and relId of its
// index, the other end it tested) and the type, so that a head costs its
// seek and one property; a relation from a node to itself, found from
// both its ends, is the same row, outgoing.
func layerStepsCypher(dir store.Direction, typed bool) string {
	var firsts, runs, all []string
	for _, s := range headSides(dir) {
		own, other := s[0], s[1]
		columns := fmt.Sprintf("h.relId AS rel, h.type AS type, h.%s AS to, h.source = %%[1]s AS outgoing", other)
		seek := fmt.Sprintf(`    MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s, %[3]s, relId)
    WHERE h.%[2]s = %%[1]s AND h.%[3]s = %%[2]s AND h.relId IS NOT NULL%[4]s
    WITH h ORDER BY h.%[2]s, h.%[3]s, h.relId LIMIT %%[3]s
    RETURN %[5]s`, headType, own, other, typeCond(typed), columns)
		firsts = append(firsts, fmt.Sprintf(seek, "p[0]", "p[1]", "1"))
		runs = append(runs, fmt.Sprintf(seek, "id", "end", "$first"))
		all = append(all, fmt.Sprintf(`    MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s, relId)
    WHERE h.%[2]s = id AND h.relId IS NOT NULL AND h.%[3]s IN $ends%[4]s
    WITH h ORDER BY h.%[2]s, h.relId LIMIT $first
    RETURN %[5]s`, headType, own, other, typeCond(typed), fmt.Sprintf(columns, "id")))
	}
	return fmt.Sprintf(`CALL () {
  UNWIND $pairs AS p
  CALL (p) {
%[1]s
  }
  RETURN p[0] AS from, rel, type, to, outgoing
  UNION
  UNWIND $bySeeks AS id
  UNWIND $ends AS end
  CALL (id, end) {
%[2]s
  }
  RETURN id AS from, rel, type, to, outgoing
  UNION
  UNWIND $byOrder AS id
  CALL (id) {
%[3]s
  }
  RETURN id AS from, rel, type, to, outgoing
}
RETURN from, rel, type, to, outgoing`,
		strings.Join(firsts, "\n    UNION\n"), strings.Join(runs, "\n    UNION\n"), strings.Join(all, "\n    UNION\n"))
}

// ExpandLayer answers a neighbourhood's layer from heads (see above), in
// one read transaction of three statements: the frontier's degrees (and
// nothing more when they exceed the budget: Expand's cut then decides the
// layer), the new ends, and the steps.
func (s *Store) ExpandLayer(ctx context.Context, q traverse.LayerQuery) (*traverse.Layer, error) {
	dir, types, err := store.CheckExpand(q.Direction, q.Types, max(q.Budget, 1))
	if err != nil {
		return nil, err
	}
	names := relTypeNames(types)
	typed := len(types) > 0
	from := sortedUnique(q.IDs)
	known := sortedUnique(q.Known)
	return read(ctx, s, "expand layer", func(tx neo4j.ManagedTransaction) (*traverse.Layer, error) {
		recs, err := run(ctx, tx, layerDegreesCypher(dir, typed), map[string]any{"ids": from, "types": names})
		if err != nil {
			return nil, err
		}
		layer := &traverse.Layer{Steps: []store.Step{}}
		byHeads, byEntities := []string{}, []string{}
		degrees := map[string]int{}
		entities := 0
		for _, rec := range recs {
			var id string
			var degree int
			id, degree, entities = str(rec.Values[0]), int(integer(rec.Values[1])), int(integer(rec.Values[2]))
			layer.Spent += degree
			degrees[id] = degree
			if degree > entityScanRatio*entities {
				byEntities = append(byEntities, id)
			} else {
				byHeads = append(byHeads, id)
			}
		}
		if layer.Spent > q.Budget {
			return nil, nil
		}
		if layer.Spent == 0 {
			return layer, nil
		}
		// The Fresh smallest new ends of all the frontier are among the
		// Fresh smallest of each node.
		recs, err = run(ctx, tx, layerEndsCypher(dir, typed), map[string]any{"byHeads": byHeads, "byEntities": byEntities,
			"known": known, "fresh": int64(q.Fresh), "types": names})
		if err != nil {
			return nil, err
		}
		var candidates []string
		for _, rec := range recs {
			candidates = append(candidates, str(rec.Values[1]))
		}
		candidates = sortedUnique(candidates)
		candidates = candidates[:min(len(candidates), q.Fresh)]
		// The layer keeps at most Fresh-1 of them (traverse.LayerQuery):
		// the relations are those to the known ends and to these.
		kept := candidates[:min(len(candidates), max(q.Fresh-1, 0))]
		pairs := []any{}
		for _, rec := range recs {
			if id, end := str(rec.Values[0]), str(rec.Values[1]); isIn(candidates, end) {
				pairs = append(pairs, []any{id, end})
			}
		}
		ends := sortedUnique(append(slices.Clone(known), kept...))
		// A node's relations to the ends cost a seek per end and side and
		// the relations to each end (up to first), or its heads in relId
		// order up to the first relations to the ends. The second is the
		// cheaper for a node with fewer relations than the seeks, and for
		// one with so many relations to the ends that reading its heads
		// in order finds first of them sooner: with its relations spread
		// evenly over the entities, the seeks read about degree*ends /
		// entities heads, however long the runs grow, and the reads in
		// order first*entities / ends, however many relations it has.
		first := q.Relations + 1
		bySeeks, byOrder := []string{}, []string{}
		for id, degree := range degrees {
			if degree > len(headSides(dir))*len(ends) && degree*len(ends)*len(ends) < first*entities*entities {
				bySeeks = append(bySeeks, id)
			} else {
				byOrder = append(byOrder, id)
			}
		}
		recs, err = run(ctx, tx, layerStepsCypher(dir, typed), map[string]any{"pairs": pairs, "bySeeks": bySeeks,
			"byOrder": byOrder, "ends": ends, "first": int64(first), "types": names})
		if err != nil {
			return nil, err
		}
		layer.Steps, layer.Cut = layerSteps(recs, candidates, ends, q.Relations)
		rememberTypes(func(yield func(string, ontology.RelationType) bool) {
			for _, st := range layer.Steps {
				if !yield(st.Relation, st.Type) {
					return
				}
			}
		})
		return layer, nil
	})
}

// isIn reports whether the sorted list ids holds id.
func isIn(ids []string, id string) bool {
	_, found := slices.BinarySearch(ids, id)
	return found
}

// layerSteps turns the rows of layerStepsCypher into the steps that
// decide a layer, in Expand's order (from, then relation id): the first
// step to each of candidates, and the steps to ends of the relations
// smallest relation ids; cut tells that there were more.
func layerSteps(recs []*neo4j.Record, candidates, ends []string, relations int) (steps []store.Step, cut bool) {
	all := make([]store.Step, 0, len(recs))
	for _, rec := range recs {
		outgoing, _ := rec.Values[4].(bool)
		all = append(all, store.Step{From: str(rec.Values[0]), Relation: str(rec.Values[1]),
			Type: ontology.RelationType(str(rec.Values[2])), To: str(rec.Values[3]), Outgoing: outgoing})
	}
	slices.SortFunc(all, func(a, b store.Step) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Relation, b.Relation))
	})
	all = slices.CompactFunc(all, func(a, b store.Step) bool { return a.From == b.From && a.Relation == b.Relation })
	var ids []string
	for _, st := range all {
		if isIn(ends, st.To) {
			ids = append(ids, st.Relation)
		}
	}
	ids = sortedUnique(ids)
	if len(ids) > relations {
		ids, cut = ids[:relations], true
	}
	reached := map[string]bool{}
	for _, st := range all {
		first := isIn(candidates, st.To) && !reached[st.To]
		if first {
			reached[st.To] = true
		}
		if first || isIn(ends, st.To) && isIn(ids, st.Relation) {
			steps = append(steps, st)
		}
	}
	return steps, cut
}
