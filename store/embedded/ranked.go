package embedded

import (
	"cmp"
	"slices"

	"newsgraph/store"
)

// An entity's indexes of its relations (entityNode.sorted, near and
// timeline) hold about twelve entries per relation, 3.6 million at 200,000
// articles. They hold relation handles (relHandle), not the relations'
// ids and sort keys: a handle is a number, so that the index's chunks hold
// no pointer for the garbage collector to follow at each cycle (two
// strings an entry were 7 million pointers, and 100 MB), and an entry's id
// and key are read from the relation it names when they are compared or
// listed.

// relHandle is a relation's place in graph.rels, from its creation to its
// removal; a handle freed by a removal is given to a later relation.
type relHandle = uint32

// addRelation gives a new relation a handle.
func (g *graph) addRelation(n *relationNode) {
	if k := len(g.freeRels); k > 0 {
		n.h = g.freeRels[k-1]
		g.freeRels = g.freeRels[:k-1]
		g.rels[n.h] = n
		return
	}
	n.h = relHandle(len(g.rels))
	g.rels = append(g.rels, n)
}

// dropRelation frees a removed relation's handle, once no index holds it.
func (g *graph) dropRelation(n *relationNode) {
	g.rels[n.h] = nil
	g.freeRels = append(g.freeRels, n.h)
}

// rankedID is an entry of an index: the relation's sort key in it and its
// id.
type rankedID struct{ key, id string }

func compareRanked(a rankedID, key, id string) int {
	if c := cmp.Compare(a.key, key); c != 0 {
		return c
	}
	return cmp.Compare(a.id, id)
}

// rankKind is what an index sorts an entity's relations by: a list order
// (0 to 2, its orderIndex), the id of the entity at the other end
// (rankNear), or the relation's timeline date (rankTimeline).
type rankKind uint8

const (
	rankNear rankKind = iota + rankKind(len(relationOrders))
	rankTimeline
)

// rankOwner is what an entity's indexes share to read their entries: the
// graph that holds the relations and the entity's id.
type rankOwner struct {
	g  *graph
	id string
}

// initRanked makes the indexes of the relations of entity id read their
// entries from g.
func (n *entityNode) initRanked(g *graph, id string) {
	o := &rankOwner{g, id}
	for d := range n.sorted {
		for k := range n.sorted[d] {
			n.sorted[d][k].items.owner, n.sorted[d][k].items.kind = o, rankKind(k)
		}
	}
	n.near.items.owner, n.near.items.kind = o, rankNear
	n.timeline.items.owner, n.timeline.items.kind = o, rankTimeline
}

// rankedList is a sortedList of relation handles, read as the entries
// (rankedID) they stand for: it has sortedList's methods, over rankedIDs.
type rankedList struct {
	l     sortedList[relHandle]
	owner *rankOwner
	kind  rankKind
}

// entry is the key and id of relation h in the list.
func (l *rankedList) entry(h relHandle) rankedID {
	n := l.owner.g.rels[h]
	switch l.kind {
	case rankNear:
		return rankedID{otherEnd(n.merged, l.owner.id), n.merged.ID}
	case rankTimeline:
		return rankedID{n.date, n.merged.ID}
	}
	return rankedID{store.RelationSortKey(n.merged, relationOrders[l.kind]), n.merged.ID}
}

func (l *rankedList) len() int               { return l.l.len() }
func (l *rankedList) at(i int) rankedID      { return l.entry(l.l.at(i)) }
func (l *rankedList) handle(i int) relHandle { return l.l.at(i) }

// id is the id of the relation at i: at(i).id without its key.
func (l *rankedList) id(i int) string { return l.owner.g.rels[l.l.at(i)].merged.ID }

// search is sortedList.search over the entries.
func (l *rankedList) search(f func(rankedID) bool) int {
	return l.l.search(func(h relHandle) bool { return f(l.entry(h)) })
}

// walk is sortedList.walk over the entries.
func (l *rankedList) walk(i, j int, fn func(rankedID) bool) bool {
	return l.l.walk(i, j, func(h relHandle) bool { return fn(l.entry(h)) })
}

// rankedSet is a set of an entity's relations, kept sorted by their key in
// it, then id.
type rankedSet struct{ items rankedList }

// find returns the index of relation h, or where it would go, and whether
// it is there.
func (s *rankedSet) find(h relHandle) (int, bool) {
	e := s.items.entry(h)
	i := s.items.search(func(a rankedID) bool { return compareRanked(a, e.key, e.id) >= 0 })
	return i, i < s.items.len() && s.items.handle(i) == h
}

func (s *rankedSet) add(h relHandle) {
	if i, found := s.find(h); !found {
		s.items.l.insert(i, h)
	}
}

// addAll adds relations (in any order; the caller's to reorder).
func (s *rankedSet) addAll(hs []relHandle) {
	if s.items.len() > 0 {
		for _, h := range hs {
			s.add(h)
		}
		return
	}
	// Each key and id read once, not at each comparison of the sort.
	type entry struct {
		rankedID
		h relHandle
	}
	entries := make([]entry, len(hs))
	for i, h := range hs {
		entries[i] = entry{s.items.entry(h), h}
	}
	slices.SortFunc(entries, func(a, b entry) int { return compareRanked(a.rankedID, b.key, b.id) })
	for i := range entries {
		hs[i] = entries[i].h
	}
	s.items.l.build(slices.Compact(hs))
}

// remove takes relation h out; its key must be what it was when it was
// added (a relation's timeline date changes after it is taken out).
func (s *rankedSet) remove(h relHandle) {
	if i, found := s.find(h); found {
		s.items.l.remove(i)
	}
}

func (s *rankedSet) len() int { return s.items.len() }

// each calls fn with the ids in list order (key, descending when desc;
// then id, ascending), from the first that comes after the cursor (nil:
// from the start), until fn returns false. Finding the start is a binary
// search: what precedes the cursor is not visited.
func (s *rankedSet) each(desc bool, after *[2]string, fn func(key, id string) bool) {
	items := &s.items
	visit := func(i, j int) bool {
		return items.walk(i, j, func(r rankedID) bool { return fn(r.key, r.id) })
	}
	// from is the index of the first item strictly after (key, id).
	from := func(key, id string) int {
		return items.search(func(a rankedID) bool { return compareRanked(a, key, id) > 0 })
	}
	// keyStart is the index of the first item whose key is key or more,
	// and keyEnd of the first whose key is more.
	keyStart := func(key string) int { return items.search(func(a rankedID) bool { return a.key >= key }) }
	keyEnd := func(key string) int { return items.search(func(a rankedID) bool { return a.key > key }) }
	if !desc {
		i := 0
		if after != nil {
			i = from(after[0], after[1])
		}
		visit(i, items.len())
		return
	}
	// Descending: the groups of equal keys from the last, each in id
	// order.
	hi := items.len()
	if after != nil {
		if !visit(from(after[0], after[1]), keyEnd(after[0])) {
			return
		}
		hi = keyStart(after[0])
	}
	for hi > 0 {
		lo := keyStart(items.at(hi - 1).key)
		if !visit(lo, hi) {
			return
		}
		hi = lo
	}
}
