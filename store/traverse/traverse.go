// Package traverse answers the questions made of many steps through the
// graph — shortest paths and neighbourhoods — on top of the one step every
// engine provides, store.Explorer's Expand. Being shared, the traversals
// give the same answer on every engine; breadth-first, layer by layer, they
// cost what the frontier they cross costs, not what the graph does. An
// engine that finds shortest paths itself (PathFinder) is asked for the
// relations on them in one call, and the paths are read off its answer by
// the same rule.
//
// Every traversal has hard caps: on its length (hops, depth), on the size of
// its answer, and on the relations it may look at (its budget). A request
// beyond a cap is an error wrapping store.ErrInvalid that says which cap and
// how to stay within it; a search that would need more than its budget is
// the same kind of error for paths (whose answer would be wrong if cut
// short) and a truncated answer for neighbourhoods.
package traverse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Caps and defaults.
const (
	// DefaultHops and MaxHops bound the length of a path.
	DefaultHops = 4
	MaxHops     = 6
	// DefaultPaths and MaxPaths bound how many paths AllShortestPaths
	// returns.
	DefaultPaths = 10
	MaxPaths     = 50
	// DefaultDepth and MaxDepth bound the depth of a neighbourhood.
	DefaultDepth = 1
	MaxDepth     = 3
	// DefaultNodes and MaxNodes bound the nodes of a neighbourhood.
	DefaultNodes = 100
	MaxNodes     = 500
	// DefaultBudget is how many relations (steps of Expand) a traversal
	// may look at.
	DefaultBudget = 50000
	// DefaultRelations and MaxRelations bound the relations of a
	// neighbourhood.
	DefaultRelations = 1000
	MaxRelations     = 5000
)

// Path is a walk through the graph: Relations[i] joins Nodes[i] and
// Nodes[i+1].
type Path struct {
	Nodes     []string                // entity ids, from the start to the end
	Relations []string                // relation ids
	Types     []ontology.RelationType // the type of each relation
}

// Len is the number of relations (hops) of the path.
func (p Path) Len() int { return len(p.Relations) }

// PathQuery asks for the shortest paths between two entities.
type PathQuery struct {
	From, To string
	// MaxHops is the longest path looked for: DefaultHops when 0, at most
	// MaxHops.
	MaxHops int
	// Types restricts the relations a path may follow (all when empty).
	Types []ontology.RelationType
	// Direction is the direction of the relations followed from From
	// towards To: Out follows them from source to target, In against,
	// Both (or empty) either way.
	Direction store.Direction
	// Budget is how many relations the search may look at
	// (DefaultBudget when 0).
	Budget int
	// CheckEnds, when set, checks that From and To are entities, and
	// says what to answer when one is not. It is called before the
	// search unless the engine checks them itself (a PathFinder), which
	// makes AllShortestPaths answer an *UnknownEntityError instead.
	CheckEnds func(ctx context.Context) error
}

// UnknownEntityError is the error of a path search one of whose ends is no
// entity, when the engine checked the ends itself.
type UnknownEntityError struct {
	ID string
}

func (e *UnknownEntityError) Error() string { return fmt.Sprintf("entity %q not found", e.ID) }

// check applies the defaults and caps.
func (q *PathQuery) check() error {
	switch {
	case q.MaxHops == 0:
		q.MaxHops = DefaultHops
	case q.MaxHops < 1 || q.MaxHops > MaxHops:
		return fmt.Errorf("%w: maxHops is %d: paths are searched from 1 to %d hops long", store.ErrInvalid, q.MaxHops, MaxHops)
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

// ShortestPath returns a shortest path from q.From to q.To of at most
// q.MaxHops relations, or nil when there is none. Among shortest paths it
// returns the one whose sequence of relation ids is the smallest
// (lexicographically), so the answer is the same whatever the engine.
func ShortestPath(ctx context.Context, x store.Explorer, q PathQuery) (*Path, error) {
	paths, err := AllShortestPaths(ctx, x, q, 1)
	if err != nil || len(paths) == 0 {
		return nil, err
	}
	return &paths[0], nil
}

// AllShortestPaths returns the shortest paths from q.From to q.To of at
// most q.MaxHops relations, in the order of their sequences of relation ids,
// at most limit of them (DefaultPaths when 0, at most MaxPaths). A path from
// an entity to itself has no relation.
//
// The search is a bidirectional breadth-first search: it expands, layer by
// layer, the smaller of the two frontiers (from the start along
// q.Direction, from the end against it) until they meet, recording every
// relation from one layer to the next, from which it then reads the paths.
// When x is a PathFinder with every relation on the shortest paths, the
// paths are read off its answer instead.
func AllShortestPaths(ctx context.Context, x store.Explorer, q PathQuery, limit int) ([]Path, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	switch {
	case limit == 0:
		limit = DefaultPaths
	case limit < 1 || limit > MaxPaths:
		return nil, fmt.Errorf("%w: limit is %d: at most %d paths are returned", store.ErrInvalid, limit, MaxPaths)
	}
	checked := false
	if f, ok := x.(PathFinder); ok && q.From != q.To {
		found, err := f.ShortestPathEdges(ctx, store.PathSearch{From: q.From, To: q.To, Direction: q.Direction,
			Types: q.Types, MaxHops: q.MaxHops, MaxPaths: MaxEnumerated, Budget: q.Budget})
		switch {
		case err == nil && found.Unknown != "":
			return nil, &UnknownEntityError{ID: found.Unknown}
		case err == nil && found.Complete:
			return pathsOf(q.From, found.Edges, limit), nil
		case err == nil:
			checked = true
		case !errors.Is(err, errors.ErrUnsupported):
			return nil, err
		}
	}
	if !checked && q.CheckEnds != nil {
		if err := q.CheckEnds(ctx); err != nil {
			return nil, err
		}
	}
	if q.From == q.To {
		return []Path{{Nodes: []string{q.From}}}, nil
	}
	s := &search{x: x, q: q, budget: q.Budget}
	fwd, bwd := newSide(q.From, q.Direction), newSide(q.To, q.Direction.Reverse())
	for fwd.depth+bwd.depth < q.MaxHops {
		side, other := fwd, bwd
		if len(bwd.frontier) < len(fwd.frontier) {
			side, other = bwd, fwd
		}
		if len(side.frontier) == 0 {
			return nil, nil
		}
		if err := s.expand(ctx, side); err != nil {
			return nil, err
		}
		var meet []string
		for _, id := range side.frontier {
			if _, ok := other.layer[id]; ok {
				meet = append(meet, id)
			}
		}
		if len(meet) > 0 {
			return paths(fwd, bwd, meet, limit), nil
		}
	}
	return nil, nil
}

// PathFinder is an engine that finds shortest paths itself: it returns the
// relations of every shortest path (see store.PathEdges), from which
// AllShortestPaths reads the paths as it reads them off its own search, in
// one call instead of one Expand per layer, and checks in that call that
// the ends are entities (store.PathEdges.Unknown). An engine that cannot
// (a wrapper of one that is not) answers errors.ErrUnsupported; one that
// finds more than MaxEnumerated paths, or cannot tell that the search with
// Expand would stay within the budget, answers incomplete:
// AllShortestPaths then searches with Expand, which gives the same paths,
// or the budget's error.
type PathFinder interface {
	ShortestPathEdges(ctx context.Context, q store.PathSearch) (*store.PathEdges, error)
}

// MaxEnumerated is how many paths a PathFinder may enumerate: one per
// combination of pieces of evidence of the relations of a path, so that
// between two entities much written about they number thousands. Beyond
// some hundreds, enumerating them costs Neo4j more time than a search with
// Expand.
const MaxEnumerated = 500

// pathsOf reads the shortest paths from start off the relations on them,
// in the order of their relation ids, at most limit of them; none when
// there are no edges.
func pathsOf(start string, edges []store.PathEdge, limit int) []Path {
	if len(edges) == 0 {
		return nil
	}
	next := map[string][]hop{}
	end := 0
	for _, e := range edges {
		next[e.From] = append(next[e.From], hop{e.Relation, e.Type, e.To})
		end = max(end, e.Hop+1)
	}
	return walkPaths(start, end, next, limit)
}

// edge is a relation from a node of one layer to a node of the next.
type edge struct {
	node     string // the node of the previous layer
	relation string
	typ      ontology.RelationType
}

// side is one end of a bidirectional search.
type side struct {
	start    string
	dir      store.Direction   // the direction its expansions follow
	layer    map[string]int    // the layer of every node reached
	preds    map[string][]edge // for a node of layer k+1, its edges from layer k
	frontier []string          // the last layer, sorted
	depth    int               // the number of the last layer
}

func newSide(start string, dir store.Direction) *side {
	return &side{start: start, dir: dir, layer: map[string]int{start: 0}, preds: map[string][]edge{}, frontier: []string{start}}
}

// search is the state a search shares between its sides.
type search struct {
	x      store.Explorer
	q      PathQuery
	budget int // relations it may still look at
}

// expand adds the next layer to a side.
func (s *search) expand(ctx context.Context, sd *side) error {
	if s.budget < 1 {
		// Spent to the last relation, with a layer still to look at.
		return s.overBudget()
	}
	xp, err := s.x.Expand(ctx, sd.frontier, sd.dir, s.q.Types, s.budget)
	if err != nil {
		return err
	}
	if xp.Truncated {
		return s.overBudget()
	}
	s.budget -= len(xp.Steps)
	next := sd.depth + 1
	var frontier []string
	for _, st := range xp.Steps {
		l, seen := sd.layer[st.To]
		if !seen {
			sd.layer[st.To], l = next, next
			frontier = append(frontier, st.To)
		}
		if l == next {
			sd.preds[st.To] = append(sd.preds[st.To], edge{st.From, st.Relation, st.Type})
		}
	}
	slices.Sort(frontier)
	sd.frontier, sd.depth = frontier, next
	return nil
}

// overBudget is the error of a search that needs more relations than its
// budget.
func (s *search) overBudget() error {
	return fmt.Errorf("%w: the path search from %s to %s looked at more than %d relations without finding a path; "+
		"narrow it with types or direction, or lower maxHops", store.ErrInvalid, s.q.From, s.q.To, s.q.Budget)
}

// hop is a relation on a shortest path, towards the end.
type hop struct {
	relation string
	typ      ontology.RelationType
	next     string
}

// paths reads the shortest paths off two sides that met at the nodes meet,
// in the order of their relation ids, at most limit of them.
func paths(fwd, bwd *side, meet []string, limit int) []Path {
	next := map[string][]hop{}
	// From the start side, the edges leading to a meeting node, forwards.
	walkBack(fwd, meet, func(e edge, to string) { next[e.node] = append(next[e.node], hop{e.relation, e.typ, to}) })
	// From the end side, the edges leading to a meeting node, read the
	// other way: they lead from the meeting node towards the end.
	walkBack(bwd, meet, func(e edge, from string) { next[from] = append(next[from], hop{e.relation, e.typ, e.node}) })
	return walkPaths(fwd.start, fwd.depth+bwd.depth, next, limit)
}

// walkPaths returns the paths of end relations from start through next (a
// node's relations towards the end of every path), in the order of their
// relation ids, at most limit of them.
func walkPaths(start string, end int, next map[string][]hop, limit int) []Path {
	for _, hs := range next {
		slices.SortFunc(hs, func(a, b hop) int {
			return cmp.Or(cmp.Compare(a.relation, b.relation), cmp.Compare(a.next, b.next))
		})
	}
	// Every node in next leads to the end: a depth-first walk taking the
	// smallest relation first finds the paths in order, never stuck.
	var out []Path
	nodes := []string{start}
	var rels []string
	var types []ontology.RelationType
	var walk func(at string)
	walk = func(at string) {
		if len(rels) == end {
			out = append(out, Path{Nodes: slices.Clone(nodes), Relations: slices.Clone(rels), Types: slices.Clone(types)})
			return
		}
		for _, h := range next[at] {
			if len(out) >= limit {
				return
			}
			nodes, rels, types = append(nodes, h.next), append(rels, h.relation), append(types, h.typ)
			walk(h.next)
			nodes, rels, types = nodes[:len(nodes)-1], rels[:len(rels)-1], types[:len(types)-1]
		}
	}
	walk(nodes[0])
	return out
}

// walkBack visits, once each, the edges of a side that lie on a path from
// its start to one of the nodes meet, calling fn with the edge and the node
// it leads to.
func walkBack(sd *side, meet []string, fn func(e edge, to string)) {
	seen := map[string]bool{}
	layer := slices.Clone(meet)
	for len(layer) > 0 {
		var prev []string
		for _, id := range layer {
			for _, e := range sd.preds[id] {
				fn(e, id)
				if !seen[e.node] {
					seen[e.node] = true
					prev = append(prev, e.node)
				}
			}
		}
		layer = prev
	}
}
