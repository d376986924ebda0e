package model

import "newsgraph/store"

// A connection holds a page from the store and the query that produced it,
// so that totalCount can be counted when, and only when, a client asks for
// it (see the totalCount resolvers).

// PageInfo is the GraphQL PageInfo. Its hasPreviousPage depends on the
// connection field's arguments, not on the page: the PageInfo resolver
// answers it.
type PageInfo struct {
	HasNextPage bool
	StartCursor *string
	EndCursor   *string
}

func pageInfo[T any](p *store.Page[T]) *PageInfo {
	info := &PageInfo{HasNextPage: p.HasNextPage, EndCursor: optional(p.EndCursor())}
	if len(p.Cursors) > 0 {
		info.StartCursor = optional(p.Cursors[0])
	}
	return info
}

// EntityPage is a page of entities and the query that produced it.
type EntityPage struct {
	Query store.EntityQuery
	Page  *store.Page[*store.Entity]
}

// PageInfo says where the page stands.
func (p *EntityPage) PageInfo() *PageInfo { return pageInfo(p.Page) }

// ActorConnection is a page of actors.
type ActorConnection struct{ EntityPage }

// ActorEdge is an actor and its cursor.
type ActorEdge struct {
	Cursor string
	Node   *Actor
}

// Edges are the actors with their cursors.
func (c *ActorConnection) Edges() []*ActorEdge {
	out := make([]*ActorEdge, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &ActorEdge{c.Page.Cursors[i], &Actor{EntityBase{e}}}
	}
	return out
}

// Nodes are the actors.
func (c *ActorConnection) Nodes() []*Actor {
	out := make([]*Actor, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &Actor{EntityBase{e}}
	}
	return out
}

// MeetingConnection is a page of meetings.
type MeetingConnection struct{ EntityPage }

// MeetingEdge is a meeting and its cursor.
type MeetingEdge struct {
	Cursor string
	Node   *Meeting
}

// Edges are the meetings with their cursors.
func (c *MeetingConnection) Edges() []*MeetingEdge {
	out := make([]*MeetingEdge, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &MeetingEdge{c.Page.Cursors[i], &Meeting{EntityBase{e}}}
	}
	return out
}

// Nodes are the meetings.
func (c *MeetingConnection) Nodes() []*Meeting {
	out := make([]*Meeting, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &Meeting{EntityBase{e}}
	}
	return out
}

// PlaceConnection is a page of places.
type PlaceConnection struct{ EntityPage }

// PlaceEdge is a place and its cursor.
type PlaceEdge struct {
	Cursor string
	Node   *Place
}

// Edges are the places with their cursors.
func (c *PlaceConnection) Edges() []*PlaceEdge {
	out := make([]*PlaceEdge, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &PlaceEdge{c.Page.Cursors[i], &Place{EntityBase{e}}}
	}
	return out
}

// Nodes are the places.
func (c *PlaceConnection) Nodes() []*Place {
	out := make([]*Place, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &Place{EntityBase{e}}
	}
	return out
}

// AgreementConnection is a page of agreements.
type AgreementConnection struct{ EntityPage }

// AgreementEdge is an agreement and its cursor.
type AgreementEdge struct {
	Cursor string
	Node   *Agreement
}

// Edges are the agreements with their cursors.
func (c *AgreementConnection) Edges() []*AgreementEdge {
	out := make([]*AgreementEdge, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &AgreementEdge{c.Page.Cursors[i], &Agreement{EntityBase{e}}}
	}
	return out
}

// Nodes are the agreements.
func (c *AgreementConnection) Nodes() []*Agreement {
	out := make([]*Agreement, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &Agreement{EntityBase{e}}
	}
	return out
}

// EntityConnection is a page of entities of any type.
type EntityConnection struct{ EntityPage }

// EntityEdge is an entity and its cursor.
type EntityEdge struct {
	Cursor string
	Node   Entity
}

// Edges are the entities with their cursors.
func (c *EntityConnection) Edges() []*EntityEdge {
	out := make([]*EntityEdge, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = &EntityEdge{c.Page.Cursors[i], EntityOf(e)}
	}
	return out
}

// Nodes are the entities.
func (c *EntityConnection) Nodes() []Entity {
	out := make([]Entity, len(c.Page.Items))
	for i, e := range c.Page.Items {
		out[i] = EntityOf(e)
	}
	return out
}

// ArticleConnection is a page of articles. It comes either from a store
// query (Query is set) or from a list whose length is known (Total).
type ArticleConnection struct {
	Query *store.ArticleQuery
	Total int
	Page  *store.Page[*store.Article]
}

// ArticleEdge is an article and its cursor.
type ArticleEdge struct {
	Cursor string
	Node   *Article
}

// PageInfo says where the page stands.
func (c *ArticleConnection) PageInfo() *PageInfo { return pageInfo(c.Page) }

// Edges are the articles with their cursors.
func (c *ArticleConnection) Edges() []*ArticleEdge {
	out := make([]*ArticleEdge, len(c.Page.Items))
	for i, a := range c.Page.Items {
		out[i] = &ArticleEdge{c.Page.Cursors[i], &Article{a}}
	}
	return out
}

// Nodes are the articles.
func (c *ArticleConnection) Nodes() []*Article {
	out := make([]*Article, len(c.Page.Items))
	for i, a := range c.Page.Items {
		out[i] = &Article{a}
	}
	return out
}

// RelationConnection is a page of relations.
type RelationConnection struct {
	Query store.RelationQuery
	Page  *store.Page[*store.Relation]
}

// RelationEdge is a relation and its cursor.
type RelationEdge struct {
	Cursor string
	Node   *Relation
}

// PageInfo says where the page stands.
func (c *RelationConnection) PageInfo() *PageInfo { return pageInfo(c.Page) }

// Edges are the relations with their cursors.
func (c *RelationConnection) Edges() []*RelationEdge {
	out := make([]*RelationEdge, len(c.Page.Items))
	for i, r := range c.Page.Items {
		out[i] = &RelationEdge{c.Page.Cursors[i], &Relation{Relation: r}}
	}
	return out
}

// Nodes are the relations.
func (c *RelationConnection) Nodes() []*Relation {
	out := make([]*Relation, len(c.Page.Items))
	for i, r := range c.Page.Items {
		out[i] = &Relation{Relation: r}
	}
	return out
}
