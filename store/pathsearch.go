package store

import "newsgraph/ontology"

// PathSearch asks an engine that finds shortest paths itself (see
// traverse.PathFinder) for the relations of the shortest paths between two
// entities. Its fields are checked: Direction is Out, In or Both, Types are
// relation types without repeats (all when empty), MaxHops is from 1 to the
// traversal's cap.
type PathSearch struct {
	From, To  string
	Direction Direction
	Types     []ontology.RelationType
	MaxHops   int
	// MaxPaths bounds the paths the engine enumerates: beyond it, the
	// answer says it is incomplete.
	MaxPaths int
	// Budget is how many relations the breadth-first search of package
	// traverse may look at (traverse.PathQuery.Budget). An engine that
	// cannot tell that the breadth-first search would stay within it
	// answers incomplete without searching, so that the breadth-first
	// search decides (and gives its answer or its error).
	Budget int
}

// PathEdge is a relation on a shortest path: it leads, at hop Hop (0 for
// the first relation of the paths), from the entity From to the entity To.
type PathEdge struct {
	Hop      int
	From     string
	Relation string
	Type     ontology.RelationType
	To       string
}

// PathEdges is the answer to a PathSearch: the relations that lie on the
// shortest paths, each once per hop at which it lies (none when there is no
// path). Complete is false when there were more than MaxPaths paths, or
// when the engine could not tell that the breadth-first search would stay
// within Budget: the edges are then not all there.
//
// Unknown is the end that is no entity (From when neither is): there is
// then no path, and the other fields are zero.
type PathEdges struct {
	Edges    []PathEdge
	Complete bool
	Unknown  string
}
