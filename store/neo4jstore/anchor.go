package neo4jstore

import (
	"fmt"

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
