package store

import (
	"context"

	"newsgraph/ontology"
)

// Explorer answers the questions analysts ask of the graph beyond lists:
// search, paths, neighbourhoods, timelines, dyads and statistics. Engines
// implement the primitives (Search, Expand and the aggregates); the
// traversals built on Expand live in package store/traverse and are shared,
// so every engine gives the same answer.
type Explorer interface {
	// Search finds entities (and articles, when asked) by name, alias or
	// title: case- and accent-insensitive, prefix matches, one typo
	// tolerated in words of five letters or more, exact names first.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)

	// Expand returns, for each id, the relations that touch it in the
	// given direction, restricted to types (all when empty), each with the
	// id of the entity at the other end. It is the one step every
	// traversal is made of. At most limit relations are returned in all
	// (ordered by node, then relation id); Truncated says when more exist.
	Expand(ctx context.Context, ids []string, dir Direction, types []ontology.RelationType, limit int) (*Expansion, error)

	// Timeline pages through dated items (relations and meetings) in date
	// order; see TimelineQuery.
	Timeline(ctx context.Context, q TimelineQuery) (*Page[*TimelineItem], error)

	// CountTimeline counts what Timeline would list.
	CountTimeline(ctx context.Context, q TimelineQuery) (int, error)

	// Between returns every relation between a and b, both ways, sorted by
	// id, at most limit (Truncated says when more exist).
	Between(ctx context.Context, a, b string, limit int) ([]*Relation, bool, error)

	// Stats counts the graph.
	Stats(ctx context.Context) (*GraphStats, error)
}

// SearchQuery asks for entities or articles matching text.
type SearchQuery struct {
	Text string
	// Types restricts what is searched; empty means every entity type.
	// ontology.Article searches article titles.
	Types []ontology.NodeType
	First int
}

// SearchHit is one search result. Score orders hits, higher first; scores
// are comparable within one answer only.
type SearchHit struct {
	ID      string
	Type    ontology.NodeType
	Score   float64
	Matched string // the name, alias or title that matched
}

// Step is one relation leaving a node during an expansion.
type Step struct {
	From     string // the node expanded
	Relation string // relation id
	Type     ontology.RelationType
	To       string // the entity at the other end
	// Outgoing is true when From is the relation's source.
	Outgoing bool
}

// Expansion is the answer to Expand.
type Expansion struct {
	// Steps are ordered by From, then Relation, then To.
	Steps     []Step
	Truncated bool
}

// TimelineQuery asks for dated items.
//
// A relation's date is its date qualifier, else the date of a meeting at
// either end, else the earliest published date of the articles stating it;
// undated relations are left out. A meeting's date is its date.
type TimelineQuery struct {
	// Entity, when set, keeps the items that involve it: relations that
	// touch it, and the meeting itself.
	Entity string
	Types  []ontology.RelationType
	// From and To bound the date, inclusive (YYYY-MM-DD, empty = open).
	From, To string
	First    int
	After    string
}

// TimelineItem is a dated relation or meeting.
type TimelineItem struct {
	Date     string
	Relation *Relation // set for relations
	Meeting  *Entity   // set for meetings
}

// ID is the id of the item's relation or meeting.
func (t *TimelineItem) ID() string {
	if t.Relation != nil {
		return t.Relation.ID
	}
	return t.Meeting.ID
}

// GraphStats is the size of the graph.
type GraphStats struct {
	Entities     map[ontology.NodeType]int
	Relations    map[ontology.RelationType]int
	Articles     int
	Evidence     int
	EarliestDate string // over meeting dates, relation dates and published dates
	LatestDate   string
}
