package embedded

import (
	"cmp"
	"container/heap"
	"context"
	"slices"

	"newsgraph/store"
	"newsgraph/store/traverse"
)

var _ traverse.LayerExpander = (*Store)(nil)

// ExpandLayer answers a neighbourhood's layer (traverse.LayerExpander)
// from each node's relations in the order of the entity at their other
// end (entityNode.near), where the relations to one end are a run in id
// order: the runs to the known ends are found by binary search, the new
// ends read until each node's Fresh smallest are found, and the runs kept
// merged until the Relations smallest ids are found, so that a hub's layer
// costs what it keeps, not the hub's degree.
func (s *Store) ExpandLayer(ctx context.Context, q traverse.LayerQuery) (*traverse.Layer, error) {
	dir, types, err := store.CheckExpand(q.Direction, q.Types, max(q.Budget, 1))
	if err != nil {
		return nil, err
	}
	from := sortedUnique(q.IDs)
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
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
	if total > q.Budget {
		return nil, nil
	}
	visits := 0
	// follow is the step of node k's relation a, when the query follows
	// it.
	follow := func(k int, a rankedID) (store.Step, bool) {
		visits++
		n := nodes[k]
		r := g.relations[a.id].merged
		if len(types) > 0 && !slices.Contains(types, r.Type) || !touches(r, n.merged.ID, dir) {
			return store.Step{}, false
		}
		return store.Step{From: n.merged.ID, Relation: a.id, Type: r.Type, To: a.key, Outgoing: r.Source == n.merged.ID}, true
	}
	// first is the first step of node k's relations [i, j) the query
	// follows.
	first := func(k, i, j int) (st store.Step, found bool) {
		nodes[k].near.items.walk(i, j, func(a rankedID) bool { st, found = follow(k, a); return !found })
		return st, found
	}
	// run is node k's run [i, j) of relations to the end to.
	run := func(k int, to string, i, j int) layerRun {
		return layerRun{k: k, to: to, i: i, j: j, id: nodes[k].near.items.id(i)}
	}
	isKnown := func(id string) bool { _, found := slices.BinarySearch(q.Known, id); return found }
	// The runs to known ends, and each node's runs to new ends it
	// follows, up to Fresh of them: the Fresh smallest new ends of all
	// nodes are among them.
	var runs, fresh []layerRun
	var candidates []string
	for k, n := range nodes {
		items := &n.near.items
		end := func(to string) int { return items.search(func(a rankedID) bool { return a.key > to }) }
		i, news := 0, 0
		for i < items.len() && news < q.Fresh {
			to := items.at(i).key
			j := end(to)
			if isKnown(to) {
				runs = append(runs, run(k, to, i, j))
			} else if _, ok := first(k, i, j); ok {
				fresh = append(fresh, run(k, to, i, j))
				candidates = append(candidates, to)
				news++
			}
			i = j
		}
		if i < items.len() {
			// The known ends from the first end not read on.
			lo, _ := slices.BinarySearch(q.Known, items.at(i).key)
			for _, to := range q.Known[lo:] {
				if i, j := items.search(func(a rankedID) bool { return a.key >= to }), end(to); i < j {
					runs = append(runs, run(k, to, i, j))
				}
			}
		}
	}
	slices.Sort(candidates)
	candidates = slices.Compact(candidates)
	kept := candidates[:min(len(candidates), q.Fresh)]
	// The steps: a first step to each new end kept, and mostly one for
	// each relation kept (two when it joins two of the nodes).
	layer := &traverse.Layer{Spent: total, Steps: make([]store.Step, 0, min(total, len(kept)+q.Relations))}
	// The first step to each new end kept: from the first node with a
	// run to it (runs of fresh are in node order). The relations are
	// those to the Fresh-1 smallest only: the layer keeps no more.
	reached := map[string]bool{}
	kept1 := kept[:min(len(kept), max(q.Fresh-1, 0))]
	for _, r := range fresh {
		if _, ok := slices.BinarySearch(kept, r.to); ok {
			if _, in := slices.BinarySearch(kept1, r.to); in {
				runs = append(runs, r)
			}
			if !reached[r.to] {
				reached[r.to] = true
				st, _ := first(r.k, r.i, r.j)
				layer.Steps = append(layer.Steps, st)
			}
		}
	}
	// The steps of the Relations smallest relation ids, merging the runs.
	h := &runHeap{runs: runs}
	heap.Init(h)
	distinct, last := 0, ""
	for h.Len() > 0 {
		r := &h.runs[0]
		a := rankedID{key: r.to, id: r.id}
		if st, ok := follow(r.k, a); ok {
			if a.id != last {
				if distinct == q.Relations {
					layer.Cut = true
					break
				}
				distinct, last = distinct+1, a.id
			}
			layer.Steps = append(layer.Steps, st)
		}
		if r.i++; r.i == r.j {
			heap.Pop(h)
		} else {
			r.id = nodes[r.k].near.items.id(r.i)
			heap.Fix(h, 0)
		}
	}
	// Expand's order: by node (nodes are in id order), then relation id;
	// a first step may also be among the smallest.
	slices.SortFunc(layer.Steps, func(a, b store.Step) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Relation, b.Relation))
	})
	layer.Steps = slices.CompactFunc(layer.Steps, func(a, b store.Step) bool { return a.From == b.From && a.Relation == b.Relation })
	g.pageVisits.Add(int64(visits))
	return layer, nil
}

// layerRun is the run [i, j) of node k's relations (in ExpandLayer) to
// the end to, and the id of the relation at i (what the merge orders the
// runs by, kept so that ordering them looks no relation up).
type layerRun struct {
	k    int
	to   string
	i, j int
	id   string
}

// runHeap orders runs by the relation id at their start.
type runHeap struct{ runs []layerRun }

func (h *runHeap) Len() int           { return len(h.runs) }
func (h *runHeap) Less(a, b int) bool { return h.runs[a].id < h.runs[b].id }
func (h *runHeap) Swap(a, b int)      { h.runs[a], h.runs[b] = h.runs[b], h.runs[a] }
func (h *runHeap) Push(x any)         { h.runs = append(h.runs, x.(layerRun)) }
func (h *runHeap) Pop() any {
	r := h.runs[len(h.runs)-1]
	h.runs = h.runs[:len(h.runs)-1]
	return r
}
