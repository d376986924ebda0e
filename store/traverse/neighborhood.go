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
	cut := false
	for depth := 1; depth <= q.Depth && len(frontier) > 0; depth++ {
		if budget == 0 {
			// More may lie beyond: the budget cannot tell.
			out.Truncated = true
			break
		}
		xp, spent, relationsCut, err := expandLayer(ctx, x, q, frontier, layer, budget, q.Limit-len(out.Nodes)+1)
		if err != nil {
			return nil, err
		}
		budget -= spent
		// A layer whose relations were cut had more than the relation
		// limit: the answer's are cut too.
		cut = cut || relationsCut
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
	if cut || len(out.Relations) < len(rels) {
		out.Truncated = true
	}
	return out, nil
}

// LayerExpander is an engine that can expand a layer of a neighbourhood
// reading only the relations that decide the answer: a hub's first layer
// then costs the relations kept, not the hub's degree.
type LayerExpander interface {
	// ExpandLayer returns the steps of Expand(q.IDs, q.Direction,
	// q.Types) that decide a layer (see LayerQuery), in Expand's order,
	// or nil when Expand would return more than q.Budget steps (its cut
	// at the budget then decides which nodes are reached).
	ExpandLayer(ctx context.Context, q LayerQuery) (*Layer, error)
}

// LayerQuery asks for the steps that decide a neighbourhood's layer, of
// those Expand(IDs, Direction, Types) would return: the first step to each
// of the Fresh smallest ends not in Known (sorted), and, of the steps to
// an end in Known or to one of the Fresh-1 smallest, those of the
// Relations smallest relation ids. The layer keeps at most Fresh-1 new
// nodes: the Fresh-th only tells that it is cut, and its relations, which
// the neighbourhood leaves out, must not take the place of those it keeps.
type LayerQuery struct {
	IDs              []string
	Direction        store.Direction
	Types            []ontology.RelationType
	Known            []string
	Fresh, Relations int
	Budget           int
}

// Layer is the answer to a LayerQuery.
type Layer struct {
	Steps []store.Step
	// Spent is how many steps Expand would return in all.
	Spent int
	// Cut is true when relations beyond the Relations smallest were left
	// out.
	Cut bool
}

// expandLayer expands the frontier of a neighbourhood whose nodes so far
// are layer, within budget, with fresh the most new nodes the layer
// needs (one more than it keeps tells that it is truncated): with
// ExpandLayer when the engine has it, else with Expand. It returns the
// steps that decide the answer, how many of the budget they spent, and
// whether relations beyond the query's relation limit were left out.
func expandLayer(ctx context.Context, x store.Explorer, q NeighborhoodQuery, frontier []string, layer map[string]int,
	budget, fresh int) (*store.Expansion, int, bool, error) {
	if lx, ok := x.(LayerExpander); ok {
		l, err := lx.ExpandLayer(ctx, LayerQuery{IDs: frontier, Direction: q.Direction, Types: q.Types,
			Known: slices.Sorted(maps.Keys(layer)), Fresh: fresh, Relations: q.Relations, Budget: budget})
		if err != nil {
			return nil, 0, false, err
		}
		if l != nil {
			return &store.Expansion{Steps: l.Steps}, l.Spent, l.Cut, nil
		}
	}
	xp, err := x.Expand(ctx, frontier, q.Direction, q.Types, budget)
	if err != nil {
		return nil, 0, false, err
	}
	return xp, len(xp.Steps), false, nil
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
