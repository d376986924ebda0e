package embedded

import (
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// anchorOf returns the entities a relation query of no entity is anchored
// on (store.RelationAnchor of its filter: an end's id or name that every
// match requires), sorted, and the direction of the relations of theirs
// that hold the matches: their relations are read instead of every
// relation of the query's types, and the whole filter is still tested on
// them. ok is false when the query names an entity or has no anchor, or
// when the relations of its types are fewer than the anchors'.
//
// Names are found in the name index (store.NameKeys), which holds a
// superset of the entities with a given name (their aliases too); meetings
// are indexed under their date and name, and are compared by name one by
// one.
func (g *graph) anchorOf(q relationQuery) (ids []string, dir store.Direction, ok bool) {
	if q.entity != "" {
		return nil, "", false
	}
	a, found := store.RelationAnchor(q.where)
	if !found {
		return nil, "", false
	}
	dir = store.Out
	if a.Target {
		dir = store.In
	}
	if ids, ok = g.anchorEntities(a); !ok {
		return nil, "", false
	}
	if q.types != nil {
		// The anchors' relations may outnumber those of the query's
		// types (a hub's, of a rare type): read the fewer.
		anchored, typed := 0, 0
		for _, id := range ids {
			if n := g.entities[id]; n != nil {
				anchored += n.ofTypes(dirIndex(dir), q.types)
			}
		}
		for _, t := range q.types {
			typed += g.relationIDs[t].len()
		}
		if typed < anchored {
			return nil, "", false
		}
	}
	return ids, dir, true
}

// anchorEntities returns the ids, sorted, of the entities that may satisfy
// an anchor's condition (store.Anchor): its ids, or the entities having one
// of its names (a superset: aliases too). ok is false when a name has no
// key in the name index.
func (g *graph) anchorEntities(a store.Anchor) (ids []string, ok bool) {
	if !a.ByName {
		ids = slices.Clone(a.Values)
	} else {
		for _, name := range a.Values {
			key := store.NormalizeName(name)
			if key == "" {
				// A name without a key is in no index.
				return nil, false
			}
			for _, t := range ontology.EntityTypes {
				if t != ontology.Meeting {
					ids = append(ids, g.names.lookup(t, []string{key})[key]...)
				}
			}
		}
		for _, id := range g.entityIDs[ontology.Meeting].all() {
			if slices.Contains(a.Values, g.entities[id].merged.Name) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), true
}

// eachAnchored calls fn with every relation of the anchors (see anchorOf)
// in direction dir that the query selects.
func (g *graph) eachAnchored(q relationQuery, ids []string, dir store.Direction, fn func(r *store.Relation)) {
	visits := 0
	for _, id := range ids {
		n := g.entities[id]
		if n == nil {
			continue
		}
		n.eachOfTypes(dirIndex(dir), q.types, nil, func(rid string) bool {
			visits++
			if r := g.relations[rid].merged; g.selects(q, r) {
				fn(r)
			}
			return true
		})
	}
	g.pageVisits.Add(int64(visits))
}

// anchored reports whether a relation query of no entity is anchored: on
// the ids of its relations (store.RelationIDAnchor) or on an end
// (anchorOf). Such a query reads few relations, in no useful order.
func anchored(q relationQuery) bool {
	if q.entity != "" {
		return false
	}
	_, byID := store.RelationIDAnchor(q.where)
	_, byEnd := store.RelationAnchor(q.where)
	return byID || byEnd
}

// eachOfIDs calls fn with every relation with one of the ids (those of a
// query anchored on them, store.RelationIDAnchor) that the query selects.
// When the ids are the list of the filter's own id condition (its In,
// without an Eq), each of them satisfies it: it is not tested again, so
// that a list of many ids (a neighbourhood's relations, a thousand) costs
// its length, not its square.
func (g *graph) eachOfIDs(q relationQuery, ids []string, fn func(r *store.Relation)) {
	if f := q.where; f != nil && f.ID != nil && f.ID.In != nil && f.ID.Eq == nil {
		w, id := *f, *f.ID
		id.In = nil
		w.ID = &id
		q.where = &w
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if n := g.relations[id]; n != nil && g.selects(q, n.merged) {
			fn(n.merged)
		}
	}
	g.pageVisits.Add(int64(len(ids)))
}
