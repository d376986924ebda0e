package store

import (
	"context"
	"fmt"
	"slices"

	"newsgraph/ontology"
)

// Explorer answers the questions analysts ask of the graph beyond lists:
// search, paths, neighbourhoods, timelines, dyads and statistics. Engines
// implement the primitives (Search, Expand and the aggregates); the
// traversals built on Expand (shortest paths, neighbourhoods) live in
// package store/traverse and are shared, so every engine gives the same
// answer.
//
// Explorer is part of Store.
type Explorer interface {
	// Search finds entities (and articles, when asked) by name, alias or
	// title, as package store/textmatch defines: case- and
	// accent-insensitive, every word of the query matching a word of the
	// name exactly, as its beginning, or (words of five letters or more)
	// with one typo. Hits are ordered by score, highest first, then by id;
	// see SearchQuery for the limits.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)

	// Expand returns, for each id, the relations that touch it in the
	// given direction, restricted to types (all when empty), each with the
	// id of the entity at the other end. It is the one step every
	// traversal is made of. Unknown ids have no relations. At most limit
	// steps (limit ≥ 1) are returned in all, in the order of
	// Expansion.Steps; Truncated says when more exist.
	Expand(ctx context.Context, ids []string, dir Direction, types []ontology.RelationType, limit int) (*Expansion, error)

	// Timeline pages through dated items (relations and meetings) in date
	// order, ties by id; see TimelineQuery. Cursors are
	// EncodeCursor(date, id).
	Timeline(ctx context.Context, q TimelineQuery) (*Page[*TimelineItem], error)

	// CountTimeline counts what Timeline would list, ignoring First and
	// After, without building the list.
	CountTimeline(ctx context.Context, q TimelineQuery) (int, error)

	// Between returns the relations between q.A and q.B, both ways,
	// sorted by id, each with its timeline date and the evidence q asks
	// for; at most q.Limit (≥ 1) of them, with truncated true when more
	// exist.
	Between(ctx context.Context, q BetweenQuery) (rels []DatedRelation, truncated bool, err error)

	// Stats counts the graph.
	Stats(ctx context.Context) (*GraphStats, error)
}

// Limits of the Explorer's primitives.
const (
	// DefaultSearchResults and MaxSearchResults bound SearchQuery.First.
	DefaultSearchResults = 10
	MaxSearchResults     = 50
)

// SearchQuery asks for entities or articles matching text.
type SearchQuery struct {
	// Text is what the user typed: at most textmatch.MaxQueryLen
	// characters and textmatch.MaxQueryWords words, at least one word.
	// Anything else is ErrInvalid.
	Text string
	// Types restricts what is searched; empty means every entity type.
	// ontology.Article searches article titles (only when asked).
	Types []ontology.NodeType
	// First is how many hits to return: DefaultSearchResults when 0, at
	// most MaxSearchResults.
	First int
	// Projection is applied to the hits' nodes (SearchHit.Entity and
	// SearchHit.Article): the same hits, in the same order, whatever it
	// leaves out.
	Projection Projection
}

// SearchHit is one search result. Score orders hits, higher first (ties by
// id); it is textmatch.Query.Best of the node's names, so every engine
// gives the same score.
type SearchHit struct {
	ID      string
	Type    ontology.NodeType
	Score   float64
	Matched string // the name, alias or title that matched
	// Entity (for an entity's hit) or Article (for an article's) is the
	// hit's node as ProjectedEntities or ProjectedArticles would return
	// it with the query's Projection, read with the hit; the other is
	// nil.
	Entity  *Entity
	Article *Article
}

// SearchTypes checks the types of a search and returns the node types to
// search: every entity type when types is empty.
func SearchTypes(types []ontology.NodeType) ([]ontology.NodeType, error) {
	if len(types) == 0 {
		return ontology.EntityTypes, nil
	}
	var out []ontology.NodeType
	for _, t := range types {
		if !slices.Contains(ontology.NodeTypes, t) {
			return nil, invalidf("search type %q is not one of %v", t, ontology.Names(ontology.NodeTypes))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// ClampSearchFirst applies the default and maximum number of search hits.
func ClampSearchFirst(first int) int {
	if first <= 0 {
		return DefaultSearchResults
	}
	return min(first, MaxSearchResults)
}

// Step is one relation leaving a node during an expansion.
type Step struct {
	From     string // the node expanded
	Relation string // relation id
	Type     ontology.RelationType
	To       string // the entity at the other end
	// Outgoing is true when From is the relation's source (a relation from
	// a node to itself is one step, outgoing, whatever the direction).
	Outgoing bool
}

// Expansion is the answer to Expand.
type Expansion struct {
	// Steps are ordered by From, then Relation. Each relation touching a
	// node is one step of it.
	Steps     []Step
	Truncated bool
}

// CheckDirection checks a direction and returns it, Both for "".
func CheckDirection(d Direction) (Direction, error) {
	switch d {
	case "":
		return Both, nil
	case Out, In, Both:
		return d, nil
	}
	return "", invalidf("direction %q is not one of %s, %s, %s", d, Out, In, Both)
}

// Reverse is the direction seen from the other end: Out and In swap, Both
// stays.
func (d Direction) Reverse() Direction {
	switch d {
	case Out:
		return In
	case In:
		return Out
	}
	return d
}

// CheckExpand checks the arguments of Explorer.Expand and returns them as
// the engine applies them: the direction (Both for ""), the relation types
// without repeats.
func CheckExpand(dir Direction, types []ontology.RelationType, limit int) (Direction, []ontology.RelationType, error) {
	dir, err := CheckDirection(dir)
	if err != nil {
		return "", nil, err
	}
	if types, err = CheckRelationTypes(types); err != nil {
		return "", nil, err
	}
	if err := CheckLimit("expand", limit); err != nil {
		return "", nil, err
	}
	return dir, types, nil
}

// CheckLimit checks the limit of a bounded call (Expand, Between): at least
// 1. what names the call in the error.
func CheckLimit(what string, limit int) error {
	if limit < 1 {
		return invalidf("%s limit is %d: must be at least 1", what, limit)
	}
	return nil
}

// CheckRelationTypes checks relation types and returns them without
// repeats; empty stays empty (every type).
func CheckRelationTypes(types []ontology.RelationType) ([]ontology.RelationType, error) {
	var out []ontology.RelationType
	for _, t := range types {
		if _, ok := ontology.Relation(t); !ok {
			return nil, invalidf("relation type %q is not one of %v", t, ontology.Names(ontology.RelationTypes))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// TimelineQuery asks for dated items: relations and meetings.
//
// A relation's date (its timeline date) is its date qualifier, else the
// date of a meeting at either end (the source's first), else the earliest
// published date of the articles stating it; undated relations are left
// out. A meeting's date is its date; meetings without one are left out.
// RelationDate computes the rule.
type TimelineQuery struct {
	// Entity, when set, keeps the items that involve it: the relations
	// that touch it, and the entity itself when it is a meeting.
	Entity string
	// Types, when not empty, keeps only relations of these types (and no
	// meetings).
	Types []ontology.RelationType
	// From and To bound the date, inclusive (YYYY-MM-DD, empty = open).
	From, To string
	// Where, when set, keeps only the relations it matches (and no
	// meetings), as a relation list's filter does.
	Where *RelationFilter
	// First is the page size (ClampFirst); After a cursor from Timeline.
	First int
	After string
	// EvidenceLimit, when above 0, keeps at most that many pieces of the
	// evidence of each item's relation, as RelationQuery.EvidenceLimit
	// does; the items and their dates are the same.
	EvidenceLimit int
	// ArticleOnlyEvidence keeps of each piece of evidence of the items'
	// relations only its article, as RelationQuery.ArticleOnlyEvidence
	// does; the items and their dates are the same.
	ArticleOnlyEvidence bool
	// WithTotal has Timeline count the whole list too (Page.Total), as
	// CountTimeline would: both come from one reading of the dates.
	WithTotal bool
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

// RelationDate is a relation's timeline date (see TimelineQuery), "" when
// it has none. meetingDate returns the date of an entity if it is a meeting
// ("" otherwise); published returns the published date of an article.
func RelationDate(r *Relation, meetingDate func(entity string) string, published func(article string) string) string {
	if r.Qualifiers.Date != "" {
		return r.Qualifiers.Date
	}
	if d := meetingDate(r.Source); d != "" {
		return d
	}
	if d := meetingDate(r.Target); d != "" {
		return d
	}
	return earliestPublished(r, published)
}

// InDateRange reports whether a date is set and within [from, to] (empty
// bounds are open).
func InDateRange(date, from, to string) bool {
	return date != "" && (from == "" || date >= from) && (to == "" || date <= to)
}

// BetweenQuery asks for the relations between two entities
// (Explorer.Between).
type BetweenQuery struct {
	// A and B are the two entities; a relation from either to the other
	// is between them.
	A, B string
	// Limit is the most relations returned (at least 1).
	Limit int
	// NoEvidence, EvidenceLimit and ArticleOnlyEvidence say what the
	// relations carry of their evidence, as the fields of RelationQuery
	// of the same names do; the relations and their dates are the same.
	NoEvidence          bool
	EvidenceLimit       int
	ArticleOnlyEvidence bool
}

// DatedRelation is a relation with its timeline date ("" when undated).
type DatedRelation struct {
	Relation *Relation
	Date     string
}

// GraphStats is the size of the graph.
type GraphStats struct {
	// Entities counts entities by type; every entity type has an entry.
	Entities map[ontology.NodeType]int
	// Relations counts relations by type; every relation type has an
	// entry.
	Relations map[ontology.RelationType]int
	Articles  int
	// Evidence counts the statements of relations (one per article and
	// quoted span).
	Evidence int
	// EarliestDate and LatestDate span the meeting dates, relation date
	// qualifiers and article published dates ("" when there are none).
	EarliestDate string
	LatestDate   string
}

// NewGraphStats returns empty statistics with every type's entry at zero.
func NewGraphStats() *GraphStats {
	s := &GraphStats{Entities: map[ontology.NodeType]int{}, Relations: map[ontology.RelationType]int{}}
	for _, t := range ontology.EntityTypes {
		s.Entities[t] = 0
	}
	for _, t := range ontology.RelationTypes {
		s.Relations[t] = 0
	}
	return s
}

// AddDate widens the date range to include d (ignored when empty).
func (s *GraphStats) AddDate(d string) {
	if d == "" {
		return
	}
	if s.EarliestDate == "" || d < s.EarliestDate {
		s.EarliestDate = d
	}
	if d > s.LatestDate {
		s.LatestDate = d
	}
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}
