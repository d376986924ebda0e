package embedded

import (
	"newsgraph/ontology"
	"newsgraph/store"
)

// typeRun is the part of an entity's relations in type order
// (entityNode.sorted[d][1], keyed by type) that holds the relations of one
// type, [i, j), in id order.
type typeRun struct{ i, j int }

// typeRuns returns the runs of an entity's relations in direction d (a
// dirIndex) of each of types, each from the first whose id after returns
// true for (nil: from its start), leaving out the empty ones: the
// relations of a type are found by binary search, not by reading the
// entity's others.
func (n *entityNode) typeRuns(d int, types []ontology.RelationType, after func(id string) bool) []typeRun {
	items := &n.sorted[d][orderIndex(store.OrderByName)].items
	var runs []typeRun
	for _, t := range types {
		key := string(t)
		i := items.search(func(a rankedID) bool { return a.key >= key })
		j := items.search(func(a rankedID) bool { return a.key > key })
		if after != nil {
			i = items.search(func(a rankedID) bool { return a.key > key || a.key == key && after(a.id) })
		}
		if i < j {
			runs = append(runs, typeRun{i, j})
		}
	}
	return runs
}

// ofTypes counts an entity's relations in direction d of the types.
func (n *entityNode) ofTypes(d int, types []ontology.RelationType) int {
	count := 0
	for _, r := range n.typeRuns(d, types, nil) {
		count += r.j - r.i
	}
	return count
}

// eachOfTypes calls fn with the ids of an entity's relations in direction
// d of the types (every type when nil), in id order, from the first whose
// id after returns true for (nil: from the start), until fn returns
// false: the runs of the types are merged, and the entity's relations of
// other types are not read.
func (n *entityNode) eachOfTypes(d int, types []ontology.RelationType, after func(id string) bool, fn func(id string) bool) {
	if types == nil {
		set := &n.sorted[d][orderIndex(store.OrderByID)].items
		i := 0
		if after != nil {
			i = set.search(func(a rankedID) bool { return after(a.id) })
		}
		set.walk(i, set.len(), func(a rankedID) bool { return fn(a.id) })
		return
	}
	items := &n.sorted[d][orderIndex(store.OrderByName)].items
	runs := n.typeRuns(d, types, after)
	if len(runs) == 1 {
		items.walk(runs[0].i, runs[0].j, func(a rankedID) bool { return fn(a.id) })
		return
	}
	for {
		next := -1 // the run whose next id is the smallest
		var id string
		for k, r := range runs {
			if r.i < r.j {
				if x := items.at(r.i).id; next < 0 || x < id {
					next, id = k, x
				}
			}
		}
		if next < 0 || !fn(id) {
			return
		}
		runs[next].i++
	}
}
