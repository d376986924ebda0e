package traverse

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// NeighborhoodQuery asks for the entities around one.
type NeighborhoodQuery struct {
	ID string
	// Depth is how many hops from ID to go: DefaultDepth when 0, at most
	// MaxDepth.
	Depth int
	// Types restricts the relations followed (all when empty).
	Types []ontology.RelationType
	// Direction is the direction of the relations followed away from ID:
	// Out, In, or Both (also when empty).
	Direction store.Direction
	// Limit is the most nodes returned, ID included: DefaultNodes when 0,
	// at most MaxNodes.
	Limit int
	// Budget is how many relations the search may look at (DefaultBudget
	// when 0).
	Budget int
	// Relations is the most relations returned: DefaultRelations when 0,
	// at most MaxRelations.
	Relations int
}

// check applies the defaults and caps.
func (q *NeighborhoodQuery) check() error {
	switch {
	case q.Depth == 0:
		q.Depth = DefaultDepth
	case q.Depth < 1 || q.Depth > MaxDepth:
		return fmt.Errorf("%w: depth is %d: neighbourhoods go from 1 to %d hops deep", store.ErrInvalid, q.Depth, MaxDepth)
	}
	switch {
	case q.Limit == 0:
		q.Limit = DefaultNodes
	case q.Limit < 1 || q.Limit > MaxNodes:
		return fmt.Errorf("%w: limit is %d: a neighbourhood holds from 1 to %d nodes", store.ErrInvalid, q.Limit, MaxNodes)
	}
	switch {
	case q.Relations == 0:
		q.Relations = DefaultRelations
	case q.Relations < 1 || q.Relations > MaxRelations:
		return fmt.Errorf("%w: relation limit is %d: a neighbourhood holds from 1 to %d relations", store.ErrInvalid, q.Relations, MaxRelations)
	}
	if q.Budget <= 0 {
		q.Budget = DefaultBudget
	}
	var err error
	if q.Direction, err = store.CheckDirection(q.Direction); err != nil {
		return err
	}
	q.Types, err = store.CheckRelationTypes(q.Types)
	return err
}

// Subgraph is a neighbourhood.
type Subgraph struct {
	// Nodes are entity ids in breadth-first order: by distance from the
	// start, then by id.
	Nodes []string
	// Relations are the ids of the relations the search followed between
	// two of Nodes, sorted; when there are more than the query's relation
	// limit, the relation that first reached each node (in Expand's
	// order, node by node in Nodes' order) and then the others with the
	// smallest ids.
	Relations []string
	// Truncated is true when a cap cut something off: the node limit, the
	// relation limit, or the budget of relations.
	Truncated bool
}

// Neighborhood returns the entities within q.Depth hops of q.ID and the
// relations followed between them. It expands one layer at a time; when a
// layer brings more new nodes than the limit leaves room for, it keeps
// those with the smallest ids and stops, truncated. When a layer's
// relations exceed the budget, the nodes kept are those reached by the
// first relations in Expand's order (node, then relation id), and the
// answer is truncated. The relations between the nodes are cut to the
// relation limit, keeping first those that reached the nodes (see
// Subgraph.Relations): a hub restated by every article links its
// neighbours by thousands of relations. The start is always the first
// node, even when no entity has its id.
func Neighborhood(ctx context.Context, x store.Explorer, q NeighborhoodQuery) (*Subgraph, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	out := &Subgraph{Nodes: []string{q.ID}}
	layer := map[string]int{q.ID: 0}
	rels := map[string]bool{}
	via := map[string]string{} // the relation that first reached a node
	frontier := []string{q.ID}
	budget := q.Budget
	for depth := 1; depth <= q.Depth && len(frontier) > 0; depth++ {
		if budget == 0 {
			// More may lie beyond: the budget cannot tell.
			out.Truncated = true
			break
		}
		xp, spent, err := expandLayer(ctx, x, q, frontier, layer, budget, q.Limit-len(out.Nodes)+1)
		if err != nil {
			return nil, err
		}
		budget -= spent
		var reached []string
		fresh := map[string]bool{}
		for _, st := range xp.Steps {
			if _, seen := layer[st.To]; !seen && !fresh[st.To] {
				fresh[st.To] = true
				reached = append(reached, st.To)
			}
		}
		slices.Sort(reached)
		if room := q.Limit - len(out.Nodes); len(reached) > room {
			reached, out.Truncated = reached[:room], true
		}
		for _, id := range reached {
			layer[id] = depth
		}
		out.Nodes = append(out.Nodes, reached...)
		for _, st := range xp.Steps {
			if d, ok := layer[st.To]; ok {
				rels[st.Relation] = true
				if _, found := via[st.To]; !found && d == depth {
					via[st.To] = st.Relation
				}
			}
		}
		if xp.Truncated {
			out.Truncated = true
		}
		if out.Truncated {
			break
		}
		frontier = reached
	}
	out.Relations = keepRelations(out.Nodes, rels, via, q.Relations)
	if len(out.Relations) < len(rels) {
		out.Truncated = true
	}
	return out, nil
}

// LayerExpander is an engine that can expand a layer of a neighbourhood
// reading only the relations whose other end the layer keeps: a hub's
// first layer then costs the relations to the neighbours kept, not the
// hub's degree.
type LayerExpander interface {
	// ExpandLayer returns, of the steps Expand(ids, dir, types) would
	// return in all, in their order, those whose other end is one of
	// known (sorted) or one of the fresh smallest of the others, and how
	// many steps Expand would return in all; when that is more than
	// budget, the expansion is nil (Expand's cut at the budget then
	// decides which nodes are reached).
	ExpandLayer(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType,
		known []string, fresh, budget int) (*store.Expansion, int, error)
}

// expandLayer expands the frontier of a neighbourhood whose nodes so far
// are layer, within budget, with room+1 the most new nodes the layer
// needs (one more than it keeps tells that it is truncated): with
// ExpandLayer when the engine has it, else with Expand. It returns the
// steps that decide the answer and how many of the budget they spent.
func expandLayer(ctx context.Context, x store.Explorer, q NeighborhoodQuery, frontier []string, layer map[string]int,
	budget, fresh int) (*store.Expansion, int, error) {
	if lx, ok := x.(LayerExpander); ok {
		xp, spent, err := lx.ExpandLayer(ctx, frontier, q.Direction, q.Types, slices.Sorted(maps.Keys(layer)), fresh, budget)
		if err != nil || xp != nil {
			return xp, spent, err
		}
	}
	xp, err := x.Expand(ctx, frontier, q.Direction, q.Types, budget)
	if err != nil {
		return nil, 0, err
	}
	return xp, len(xp.Steps), nil
}

// keepRelations returns the ids of rels, sorted, or, when there are more
// than limit, limit of them: those that first reached each node (via), in
// the nodes' order, then the others with the smallest ids.
func keepRelations(nodes []string, rels map[string]bool, via map[string]string, limit int) []string {
	var all []string
	for id := range rels {
		all = append(all, id)
	}
	slices.Sort(all)
	if len(all) <= limit {
		return all
	}
	kept := map[string]bool{}
	for _, n := range nodes {
		if id, ok := via[n]; ok && len(kept) < limit {
			kept[id] = true
		}
	}
	for _, id := range all {
		if len(kept) == limit {
			break
		}
		kept[id] = true
	}
	return slices.DeleteFunc(all, func(id string) bool { return !kept[id] })
}
