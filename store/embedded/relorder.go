package embedded

import (
	"newsgraph/ontology"
	"newsgraph/store"
)

// relationsByID answers a query in id order (ascending) from the type
// indexes, which hold relation ids sorted (a query that names an entity
// keeps its relations in its direction): it merges
// them from the cursor on until the page and the one relation that tells
// whether there is a next page are found, so that paging through every
// relation (an export) reads each once instead of sorting them all for
// every page.
func (g *graph) relationsByID(q relationQuery) *store.Page[*store.Relation] {
	types := q.types
	if types == nil {
		types = ontology.RelationTypes
	}
	// heads holds, for each type, its index and the position of the next
	// id to look at.
	type head struct {
		set *sortedSet
		i   int
	}
	var heads []head
	for _, t := range types {
		set := g.relationIDs[t]
		if set.len() == 0 {
			continue
		}
		i := 0
		if a := q.page.after; a != nil {
			i = set.l.search(func(id string) bool { return store.After(id, id, a[0], a[1], false) })
		}
		heads = append(heads, head{set, i})
	}
	p := &store.Page[*store.Relation]{Items: []*store.Relation{}, Cursors: []string{}}
	visits := 0
	for {
		next := -1 // the head with the smallest id
		for k, h := range heads {
			if h.i < h.set.len() && (next < 0 || h.set.l.at(h.i) < heads[next].set.l.at(heads[next].i)) {
				next = k
			}
		}
		if next < 0 {
			break
		}
		id := heads[next].set.l.at(heads[next].i)
		heads[next].i++
		visits++
		r := g.relations[id].merged
		if !g.selects(q, r) || !touches(r, q.entity, q.direction) {
			continue
		}
		if len(p.Items) == q.page.first {
			p.HasNextPage = true
			break
		}
		p.Items = append(p.Items, q.clone(r))
		p.Cursors = append(p.Cursors, encodeCursor(id, id))
	}
	g.pageVisits.Add(int64(visits))
	return p
}

// touches reports whether r touches the entity in the direction (Out: from
// it, In: to it, Both: either); every relation does when entity is "".
func touches(r *store.Relation, entity string, dir store.Direction) bool {
	switch {
	case entity == "":
		return true
	case dir == store.Out:
		return r.Source == entity
	case dir == store.In:
		return r.Target == entity
	}
	return r.Source == entity || r.Target == entity
}
