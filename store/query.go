package store

import "newsgraph/ontology"

// Limits every engine enforces on lists.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// StringFilter matches a string field. Every non-nil operator must hold.
// Comparisons are exact and case-sensitive, as in Cypher.
type StringFilter struct {
	Eq         *string
	In         []string
	Contains   *string
	StartsWith *string
	EndsWith   *string
}

// DateFilter matches an ISO date (YYYY-MM-DD). A missing date matches no
// operator. Every non-nil operator must hold.
type DateFilter struct {
	Eq, Gt, Gte, Lt, Lte *string
}

// IntFilter matches an integer. A missing value matches no operator.
type IntFilter struct {
	Eq, Gt, Gte, Lt, Lte *int
}

// EntityFilter selects entities. Every non-nil field must hold; And, Or and
// Not combine nested filters at any depth.
type EntityFilter struct {
	And []*EntityFilter
	Or  []*EntityFilter
	Not *EntityFilter

	ID       *StringFilter
	Type     *StringFilter // node type names ("Actor")
	Name     *StringFilter
	Kind     *StringFilter
	Wikidata *StringFilter
	Status   *StringFilter
	Date     *DateFilter // meetings
	// Alias matches when any alias (or the name) satisfies it.
	Alias *StringFilter
	// Article matches when any article mentioning the entity has a
	// matching id.
	Article *StringFilter
}

// RelationFilter selects relations.
type RelationFilter struct {
	And []*RelationFilter
	Or  []*RelationFilter
	Not *RelationFilter

	ID       *StringFilter
	Type     *StringFilter // relation type names ("REJECTED")
	Source   *EntityFilter
	Target   *EntityFilter
	Article  *StringFilter // matches when any evidence's article id does
	Date     *DateFilter   // the date qualifier
	Quantity *IntFilter
	Item     *StringFilter
}

// ArticleFilter selects articles.
type ArticleFilter struct {
	And []*ArticleFilter
	Or  []*ArticleFilter
	Not *ArticleFilter

	ID        *StringFilter
	Title     *StringFilter
	Source    *StringFilter
	Published *DateFilter
}

// OrderField is what a list is sorted on. Ties are broken by id, ascending.
type OrderField string

// The sort orders. NAME applies to entities (title for articles), DATE to
// meetings (a relation's date qualifier, an article's published date), and
// DEGREE to entities (their number of relations).
const (
	OrderByID     OrderField = "ID"
	OrderByName   OrderField = "NAME"
	OrderByDate   OrderField = "DATE"
	OrderByDegree OrderField = "DEGREE"
)

// Order is a sort order. The zero value sorts by id, ascending.
type Order struct {
	Field OrderField
	Desc  bool
}

// Direction is the direction of relations relative to an entity.
type Direction string

// The directions.
const (
	Out  Direction = "OUT"
	In   Direction = "IN"
	Both Direction = "BOTH"
)

// EntityQuery asks for a page of entities.
type EntityQuery struct {
	// Types restricts the node types; empty means every entity type.
	Types []ontology.NodeType
	Where *EntityFilter
	Order Order
	First int
	After string
}

// ArticleQuery asks for a page of articles.
type ArticleQuery struct {
	Where *ArticleFilter
	Order Order
	First int
	After string
}

// RelationQuery asks for a page of relations.
type RelationQuery struct {
	// Entity, when set, keeps the relations that touch this entity in the
	// given Direction (BOTH when empty).
	Entity    string
	Direction Direction
	// Types restricts the relation types; empty means every type.
	Types []ontology.RelationType
	Where *RelationFilter
	Order Order
	First int
	After string
}
