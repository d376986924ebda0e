package model

import (
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// The types of explore.graphqls that wrap store and traverse answers. Their
// lists of entities and relations are ids here, loaded by resolvers through
// the dataloaders so that many paths cost one lookup.

// Path is the GraphQL Path.
type Path struct {
	Path traverse.Path
}

// Length is the number of relations of the path.
func (p *Path) Length() int { return p.Path.Len() }

// Subgraph is the GraphQL Subgraph.
type Subgraph struct {
	Subgraph *traverse.Subgraph
}

// Truncated says whether a cap cut the neighbourhood short.
func (s *Subgraph) Truncated() bool { return s.Subgraph.Truncated }

// TimelineItem is the GraphQL TimelineItem.
type TimelineItem struct {
	Item *store.TimelineItem
}

// Date is the item's timeline date.
func (t *TimelineItem) Date() string { return t.Item.Date }

// Relation is the item's relation, or nil for a meeting.
func (t *TimelineItem) Relation() *Relation { return RelationOf(t.Item.Relation) }

// Meeting is the item's meeting, or nil for a relation.
func (t *TimelineItem) Meeting() *Meeting {
	if t.Item.Meeting == nil {
		return nil
	}
	return &Meeting{EntityBase{t.Item.Meeting}}
}

// TimelineConnection is a page of the timeline and the query that produced
// it, for totalCount.
type TimelineConnection struct {
	Query store.TimelineQuery
	Page  *store.Page[*store.TimelineItem]
}

// TimelineEdge is a timeline item and its cursor.
type TimelineEdge struct {
	Cursor string
	Node   *TimelineItem
}

// PageInfo says where the page stands.
func (c *TimelineConnection) PageInfo() *PageInfo { return pageInfo(c.Page) }

// Edges are the items with their cursors.
func (c *TimelineConnection) Edges() []*TimelineEdge {
	out := make([]*TimelineEdge, len(c.Page.Items))
	for i, it := range c.Page.Items {
		out[i] = &TimelineEdge{c.Page.Cursors[i], &TimelineItem{it}}
	}
	return out
}
