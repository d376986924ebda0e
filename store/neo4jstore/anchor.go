package neo4jstore

import (
	"fmt"
	"slices"
	"strings"

	"newsgraph/ontology"
	"newsgraph/store"
)

// A relation list of no entity is anchored on the entities its filter
// requires at one end (store.RelationAnchor): the statement finds those
// entities first, by the id constraint or the name index, and reads their
// relationships only; the whole filter is still tested on them.

// endAnchor is an end of a relation ("s" or "t") and the condition on it
// that the entity indexes answer.
type endAnchor struct {
	end   string // "s" or "t"
	prop  string // "id" or "name"
	value any    // a string, or a list of them with list
	list  bool
}

// relationAnchor is store.RelationAnchor of f, as the statement uses it;
// ok is false when there is none.
func relationAnchor(f *store.RelationFilter) (endAnchor, bool) {
	a, ok := store.RelationAnchor(f)
	if !ok {
		return endAnchor{}, false
	}
	out := endAnchor{end: "s", prop: "id", list: a.List}
	if a.Target {
		out.end = "t"
	}
	if a.ByName {
		out.prop = "name"
	}
	if a.List {
		out.value = a.Values
	} else {
		out.value = a.Values[0]
	}
	return out, true
}

// match is the anchor's MATCH of its end's entities, from their index
// (the hint keeps Neo4j from scanning it when it guesses the graph
// small), which it passes on
// collected: an aggregation ends a part of the query that Neo4j plans
// alone, so that the MATCH after it expands from them, however few
// relationships its estimates guess (a plain WITH would be planned with
// what follows, which may read a relId index in order instead).
func (a endAnchor) match(c *compiler) string {
	op := "="
	if a.list {
		op = "IN"
	}
	cond := fmt.Sprintf("%s.%s %s %s", a.end, a.prop, op, c.param(a.value))
	return fmt.Sprintf("MATCH (%[1]s:%[2]s)\nUSING INDEX SEEK %[1]s:%[2]s(%[3]s)\nWHERE %[4]s\nWITH collect(%[1]s) AS anchors\nUNWIND anchors AS %[1]s\n",
		a.end, entityLabel, a.prop, cond)
}

// headFilter reports whether the relation filter f holds of a relation's
// head exactly when it holds of the relation: it tests nothing of the
// evidence (an article, a piece's coding, the effective date, which a
// head does not keep as the filter reads it), at any depth, only the
// relation's id, type, ends and qualifiers, which its head has.
func headFilter(f *store.RelationFilter) bool {
	if f == nil {
		return true
	}
	if f.Article != nil || f.Evidence != nil || f.EffectiveDate != nil || !headFilter(f.Not) {
		return false
	}
	for _, sub := range append(slices.Clone(f.And), f.Or...) {
		if !headFilter(sub) {
			return false
		}
	}
	return true
}

// anchoredHeads is the branch of relationPageByIndex of type t for a
// query anchored on an end (a) whose filter headFilter accepts: the heads
// r of type t at each of the anchor's entities, sought in the index of
// heads by that end, type and relId, that satisfy the whole filter (with
// the type read from the head) and cond (on id, the relation id; "" for
// none), as rows id. The seek is in a subquery of the entity, whose id it
// reads like a parameter, and hinted: without the hint, Neo4j may scan
// the index instead while its statistics are those of a nearly empty one.
func anchoredHeads(c *compiler, a endAnchor, q store.RelationQuery, t ontology.RelationType, cond string) string {
	end, other := "source", "endNode(r) AS t"
	if a.end == "t" {
		end, other = "target", "startNode(r) AS s"
	}
	vars := relationVars{ID: "r.relId", Rels: "[r]", First: "r", Source: "s", Target: "t", Type: "r.type"}
	where := c.relation(vars, q.Where)
	if cond != "" {
		where = and(where, cond)
	}
	return a.match(c) + fmt.Sprintf(`CALL (%[1]s) {
  MATCH ()-[r:%[2]s]->()
  USING INDEX SEEK r:%[2]s(%[3]s, type, relId)
  WHERE r.%[3]s = %[1]s.id AND r.type = %[4]s AND r.relId IS NOT NULL
  RETURN r
}
WITH %[1]s, r, %[5]s, r.relId AS id
WHERE %[6]s
`, a.end, headType, end, c.param(relType(t)), other, where)
}

// anchoredHeadCount is the count statement of a query anchored on an end
// (a) whose filter headFilter accepts: the heads of each type at the
// anchor's entities that satisfy the filter (anchoredHeads), one per
// relation (a relation has one entity at the anchor's end), and none of
// their evidence.
func anchoredHeadCount(c *compiler, a endAnchor, q store.RelationQuery) string {
	var branches []string
	for _, t := range orAll(q.Types) {
		branches = append(branches, "  "+strings.ReplaceAll(anchoredHeads(c, a, q, t, ""), "\n", "\n  ")+"RETURN id")
	}
	return "CALL () {\n" + strings.Join(branches, "\n  UNION ALL\n") + "\n}\nRETURN count(id)"
}
