package neo4jstore

import (
	"fmt"
	"slices"

	"newsgraph/store"
)

// A relation list of no entity ("relations whose target is named X") would
// otherwise read every relationship of its types and test each one's ends:
// its cost follows the archive, however few relations match. When every
// match requires one end to have a given id or name (one of a few), the
// statement finds those entities first, by the id constraint or the name
// index, and reads their relationships only: the anchor. The anchor is a
// condition the filter implies, not a rewrite of it: the whole filter is
// still tested on what the anchor reads, so the answer is the same.

// endAnchor is an end of a relation ("s" or "t") and the condition on it
// that the entity indexes answer.
type endAnchor struct {
	end   string // "s" or "t"
	prop  string // "id" or "name"
	value any    // a string, or a list of them with list
	list  bool
}

// relationAnchor finds the anchor of a relation filter: among the
// conditions every match requires (reached through AND only), an end's id
// (preferred: it is unique) or name that must equal a value or be one of a
// list; the source before the target. ok is false when there is none.
func relationAnchor(f *store.RelationFilter) (a endAnchor, ok bool) {
	var byName *endAnchor
	var walk func(f *store.RelationFilter) bool
	walk = func(f *store.RelationFilter) bool {
		if f == nil {
			return false
		}
		for _, end := range []struct {
			v string
			e *store.EntityFilter
		}{{"s", f.Source}, {"t", f.Target}} {
			if id, found := entityAnchor(end.e, "id"); found {
				a, a.end = id, end.v
				return true
			}
			if name, found := entityAnchor(end.e, "name"); found && byName == nil {
				name.end = end.v
				byName = &name
			}
		}
		for _, sub := range f.And {
			if walk(sub) {
				return true
			}
		}
		if len(f.Or) == 1 {
			return walk(f.Or[0])
		}
		return false
	}
	if walk(f) {
		return a, true
	}
	if byName != nil {
		return *byName, true
	}
	return endAnchor{}, false
}

// entityAnchor finds, among the conditions every entity f matches
// requires, one of equality (or membership) on prop, "id" or "name".
func entityAnchor(f *store.EntityFilter, prop string) (endAnchor, bool) {
	if f == nil {
		return endAnchor{}, false
	}
	s := f.ID
	if prop == "name" {
		s = f.Name
	}
	switch {
	case s == nil:
	case s.Eq != nil:
		return endAnchor{prop: prop, value: *s.Eq}, true
	case s.In != nil:
		return endAnchor{prop: prop, value: slices.Clone(s.In), list: true}, true
	}
	for _, sub := range f.And {
		if a, ok := entityAnchor(sub, prop); ok {
			return a, true
		}
	}
	if len(f.Or) == 1 {
		return entityAnchor(f.Or[0], prop)
	}
	return endAnchor{}, false
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
