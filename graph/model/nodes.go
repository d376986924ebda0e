package model

import (
	"newsgraph/ontology"
	"newsgraph/store"
)

// Node is the GraphQL Node interface: *Actor, *Meeting, *Place,
// *Agreement, *Article and *Relation.
type Node interface {
	IsNode()
}

// Entity is the GraphQL Entity interface: *Actor, *Meeting, *Place and
// *Agreement.
type Entity interface {
	Node
	IsEntity()
}

// EntityOf wraps a store entity in the GraphQL type of its node type
// (*Actor, *Meeting, *Place or *Agreement), or returns nil for nil or an
// entity of no known type.
func EntityOf(e *store.Entity) Entity {
	if e == nil {
		return nil
	}
	b := EntityBase{Entity: e}
	switch e.Type {
	case ontology.Actor:
		return &Actor{b}
	case ontology.Meeting:
		return &Meeting{b}
	case ontology.Place:
		return &Place{b}
	case ontology.Agreement:
		return &Agreement{b}
	}
	return nil
}

// EntityBase holds the fields every entity type shares.
type EntityBase struct {
	Entity *store.Entity
}

// ID is the entity's global id.
func (b EntityBase) ID() string { return b.Entity.ID }

// Name is the entity's name.
func (b EntityBase) Name() string { return b.Entity.Name }

// Aliases are the entity's other names, never nil.
func (b EntityBase) Aliases() []string {
	if b.Entity.Aliases == nil {
		return []string{}
	}
	return b.Entity.Aliases
}

// Wikidata is the entity's Wikidata id, or nil.
func (b EntityBase) Wikidata() *string { return optional(b.Entity.Wikidata) }

// EntityType is the entity's type (ACTOR, MEETING, PLACE or AGREEMENT).
func (b EntityBase) EntityType() EntityType {
	return EntityType(ontology.EnumValue(string(b.Entity.Type)))
}

// KindName is the entity's kind in lower case, the string of its kind
// field ("other" when the sources gave none), or nil for a meeting.
func (b EntityBase) KindName() *string {
	if b.Entity.Type == ontology.Meeting {
		return nil
	}
	kind := ontology.FromEnumValue(kindValue(b.Entity.Kind))
	return &kind
}

// IsNode marks the entity types as GraphQL Nodes.
func (EntityBase) IsNode() {}

// IsEntity marks the entity types as GraphQL Entities.
func (EntityBase) IsEntity() {}

// Actor is the GraphQL Actor.
type Actor struct{ EntityBase }

// Kind is the actor's kind (OTHER when no article gave one).
func (a *Actor) Kind() ActorKind { return ActorKind(kindValue(a.Entity.Kind)) }

// Meeting is the GraphQL Meeting.
type Meeting struct{ EntityBase }

// Date is the meeting's date, or nil.
func (m *Meeting) Date() *string { return optional(m.Entity.Date) }

// EndDate is the meeting's last day, or nil.
func (m *Meeting) EndDate() *string { return optional(m.Entity.EndDate) }

// Round is the meeting's round, or nil.
func (m *Meeting) Round() *int {
	if m.Entity.Round == 0 {
		return nil
	}
	r := m.Entity.Round
	return &r
}

// Format is the meeting's format, or nil.
func (m *Meeting) Format() *MeetingFormat {
	if m.Entity.Format == "" {
		return nil
	}
	f := MeetingFormat(ontology.EnumValue(m.Entity.Format))
	return &f
}

// Place is the GraphQL Place.
type Place struct{ EntityBase }

// Kind is the place's kind (OTHER when no article gave one).
func (p *Place) Kind() PlaceKind { return PlaceKind(kindValue(p.Entity.Kind)) }

// Latitude is the place's latitude, or nil.
func (p *Place) Latitude() *float64 { return p.Entity.Latitude }

// Longitude is the place's longitude, or nil.
func (p *Place) Longitude() *float64 { return p.Entity.Longitude }

// Agreement is the GraphQL Agreement.
type Agreement struct{ EntityBase }

// Kind is the agreement's kind (OTHER when no article gave one).
func (a *Agreement) Kind() AgreementKind { return AgreementKind(kindValue(a.Entity.Kind)) }

// Status is the agreement's status (UNKNOWN when no article gave one).
func (a *Agreement) Status() AgreementStatus {
	if a.Entity.Status == "" {
		return AgreementStatusUnknown
	}
	return AgreementStatus(ontology.EnumValue(a.Entity.Status))
}

// Article is the GraphQL Article.
type Article struct {
	Article *store.Article
}

// ArticleOf wraps a store article, or returns nil for nil.
func ArticleOf(a *store.Article) *Article {
	if a == nil {
		return nil
	}
	return &Article{a}
}

// IsNode marks Article as a GraphQL Node.
func (*Article) IsNode() {}

// ID is the article's global id.
func (a *Article) ID() string { return a.Article.ID }

// Title is the article's title.
func (a *Article) Title() string { return a.Article.Title }

// Text is the article's text.
func (a *Article) Text() string { return a.Article.Text }

// Source is the article's publisher, or nil.
func (a *Article) Source() *string { return optional(a.Article.Source) }

// URL is the article's address, or nil.
func (a *Article) URL() *string { return optional(a.Article.URL) }

// Published is the article's publication date, or nil.
func (a *Article) Published() *string { return optional(a.Article.Published) }

// Relation is the GraphQL Relation.
type Relation struct {
	Relation *store.Relation
	// FeedCursor is, on a relation relationAdded delivers, the cursor
	// after it.
	FeedCursor string
}

// Cursor is the subscription cursor after the relation, or nil.
func (r *Relation) Cursor() *string { return optional(r.FeedCursor) }

// RelationOf wraps a store relation, or returns nil for nil.
func RelationOf(r *store.Relation) *Relation {
	if r == nil {
		return nil
	}
	return &Relation{Relation: r}
}

// IsNode marks Relation as a GraphQL Node.
func (*Relation) IsNode() {}

// ID is the relation's global id.
func (r *Relation) ID() string { return r.Relation.ID }

// Type is the relation's type.
func (r *Relation) Type() RelationType { return RelationType(r.Relation.Type) }

// Quantity is the quantity qualifier, or nil.
func (r *Relation) Quantity() *int { return r.Relation.Qualifiers.Quantity }

// Item is the item qualifier, or nil.
func (r *Relation) Item() *string { return optional(r.Relation.Qualifiers.Item) }

// Date is the date qualifier, or nil.
func (r *Relation) Date() *string { return optional(r.Relation.Qualifiers.Date) }

// When is the relative-time qualifier, or nil.
func (r *Relation) When() *string { return optional(r.Relation.Qualifiers.When) }

// Duration is the duration qualifier, or nil.
func (r *Relation) Duration() *string { return optional(r.Relation.Qualifiers.Duration) }

// Conditions is the conditions qualifier, or nil.
func (r *Relation) Conditions() *string { return optional(r.Relation.Qualifiers.Conditions) }

// EvidenceCount is how many pieces of evidence the relation has.
func (r *Relation) EvidenceCount() int { return r.Relation.EvidenceCount() }

// Cameo is the CAMEO code of the relation's type, or nil.
func (r *Relation) Cameo() *string { return optional(r.spec().CAMEO) }

// Plover is the PLOVER category of the relation's type, or nil.
func (r *Relation) Plover() *string { return optional(r.spec().PLOVER) }

// QuadClass is CAMEO's quad class of the relation's type, or nil.
func (r *Relation) QuadClass() *int { return QuadClassOf(r.spec()) }

func (r *Relation) spec() ontology.RelationSpec {
	spec, _ := ontology.Relation(r.Relation.Type)
	return spec
}

// QuadClassOf is a relation type's quad class, or nil for structural types.
func QuadClassOf(spec ontology.RelationSpec) *int {
	if spec.QuadClass == 0 {
		return nil
	}
	q := spec.QuadClass
	return &q
}

// kindValue is the enum value of a kind, OTHER for none.
func kindValue(kind string) string {
	if kind == "" {
		return "OTHER"
	}
	return ontology.EnumValue(kind)
}

// Optional is nil for "" and a pointer to s otherwise: a GraphQL String
// that is null where the store holds no value.
func Optional(s string) *string { return optional(s) }

// optional is nil for "" and a pointer to s otherwise.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
