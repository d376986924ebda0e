package embedded

import (
	"cmp"
	"context"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

var _ traverse.LayerExpander = (*Store)(nil)

// ExpandLayer is Expand for a layer of a neighbourhood
// (traverse.LayerExpander): it reads each node's relations in the order
// of the entity at their other end (entityNode.near), those to the known
// nodes by binary search and the others until the fresh smallest new ends
// are found, so that a hub's layer costs the relations kept, not the hub's
// degree.
func (s *Store) ExpandLayer(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType,
	known []string, fresh, budget int) (*store.Expansion, int, error) {
	dir, types, err := store.CheckExpand(dir, types, max(budget, 1))
	if err != nil {
		return nil, 0, err
	}
	from := slices.Clone(ids)
	slices.Sort(from)
	from = slices.Compact(from)
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer unlock()
	g := s.g
	var nodes []*entityNode
	total := 0
	for _, id := range from {
		n := g.entities[id]
		if n == nil {
			continue
		}
		nodes = append(nodes, n)
		if len(types) == 0 {
			total += n.sorted[dirIndex(dir)][0].len()
		} else {
			total += n.ofTypes(dirIndex(dir), types)
		}
	}
	if total > budget {
		return nil, total, nil
	}
	isKnown := func(id string) bool { _, found := slices.BinarySearch(known, id); return found }
	visits := 0
	// follow is the step of a relation of n the query follows.
	follow := func(n *entityNode, a rankedID) (store.Step, bool) {
		visits++
		r := g.relations[a.id].merged
		if len(types) > 0 && !slices.Contains(types, r.Type) || !touches(r, n.merged.ID, dir) {
			return store.Step{}, false
		}
		return store.Step{From: n.merged.ID, Relation: a.id, Type: r.Type, To: a.key, Outgoing: r.Source == n.merged.ID}, true
	}
	// Each node's steps to known ends, and its runs of relations to new
	// ends, up to fresh of them: the fresh smallest of all nodes' are
	// among them.
	type run struct {
		to   string
		i, j int
	}
	steps := make([][]store.Step, len(nodes))
	runs := make([][]run, len(nodes))
	// add adds the steps of node k's relations [i, j) the query follows.
	add := func(k, i, j int) {
		nodes[k].near.items.walk(i, j, func(a rankedID) bool {
			if st, ok := follow(nodes[k], a); ok {
				steps[k] = append(steps[k], st)
			}
			return true
		})
	}
	var candidates []string
	for k, n := range nodes {
		items := &n.near.items
		followsOne := func(i, j int) (found bool) {
			items.walk(i, j, func(a rankedID) bool { _, found = follow(n, a); return !found })
			return found
		}
		end := func(to string) int { return items.search(func(a rankedID) bool { return a.key > to }) }
		i := 0
		for i < items.len() && len(runs[k]) < fresh {
			to := items.at(i).key
			j := end(to)
			if isKnown(to) {
				add(k, i, j)
			} else if followsOne(i, j) {
				runs[k] = append(runs[k], run{to, i, j})
				candidates = append(candidates, to)
			}
			i = j
		}
		if i < items.len() {
			// The known ends from the first end not read on.
			first, _ := slices.BinarySearch(known, items.at(i).key)
			for _, to := range known[first:] {
				add(k, items.search(func(a rankedID) bool { return a.key >= to }), end(to))
			}
		}
	}
	slices.Sort(candidates)
	candidates = slices.Compact(candidates)
	kept := candidates[:min(len(candidates), fresh)]
	x := &store.Expansion{Steps: []store.Step{}}
	for k := range nodes {
		for _, r := range runs[k] {
			if _, found := slices.BinarySearch(kept, r.to); found {
				add(k, r.i, r.j)
			}
		}
		// Expand's order: by node, then relation id.
		slices.SortFunc(steps[k], func(a, b store.Step) int { return cmp.Compare(a.Relation, b.Relation) })
		x.Steps = append(x.Steps, steps[k]...)
	}
	g.pageVisits.Add(int64(visits))
	return x, total, nil
}
