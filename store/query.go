package store

import (
	"fmt"

	"newsgraph/ontology"
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
	// Code matches when one of the entity's codes satisfies it.
	Code *CodeFilter
	// Article matches when any article mentioning the entity has a
	// matching id.
	Article *StringFilter
	// Relations quantifies over the entity's relations.
	Relations *RelationQuantifier
}

// RelationQuantifier selects entities by their relations, in the manner of
// the Neo4j GraphQL Library's relationship filters. The quantifiers range
// over the entity's distinct relations (not over their evidence) in
// Direction; every non-nil quantifier must hold:
//   - Some: at least one relation matches;
//   - None: no relation matches;
//   - All: every relation matches (so an entity without relations does);
//   - Single: exactly one relation matches.
type RelationQuantifier struct {
	// Direction is Out (relations from the entity), In (to it) or Both
	// (either; also when empty).
	Direction Direction
	Some      *RelationFilter
	None      *RelationFilter
	All       *RelationFilter
	Single    *RelationFilter
}

// CheckEntityFilter checks what the engines cannot check while matching:
// the direction of every relation quantifier, at any depth.
func CheckEntityFilter(f *EntityFilter) error {
	if f == nil {
		return nil
	}
	for _, g := range append(append([]*EntityFilter{f.Not}, f.And...), f.Or...) {
		if err := CheckEntityFilter(g); err != nil {
			return err
		}
	}
	q := f.Relations
	if q == nil {
		return nil
	}
	if _, err := CheckDirection(q.Direction); err != nil {
		return fmt.Errorf("relation quantifier: %w", err)
	}
	for _, r := range []*RelationFilter{q.Some, q.None, q.All, q.Single} {
		if err := CheckRelationFilter(r); err != nil {
			return err
		}
	}
	return nil
}

// CheckRelationFilter checks the entity filters inside a relation filter
// (see CheckEntityFilter).
func CheckRelationFilter(f *RelationFilter) error {
	if f == nil {
		return nil
	}
	for _, g := range append(append([]*RelationFilter{f.Not}, f.And...), f.Or...) {
		if err := CheckRelationFilter(g); err != nil {
			return err
		}
	}
	if err := CheckEntityFilter(f.Source); err != nil {
		return err
	}
	return CheckEntityFilter(f.Target)
}

// RelationFilter selects relations.
type RelationFilter struct {
	And []*RelationFilter
	Or  []*RelationFilter
	Not *RelationFilter

	ID      *StringFilter
	Type    *StringFilter // relation type names ("REJECTED")
	Source  *EntityFilter
	Target  *EntityFilter
	Article *StringFilter // matches when any evidence's article id does
	// Evidence matches when one piece of evidence satisfies it: the
	// source's own coding (EventCoding).
	Evidence *EvidenceFilter
	Date     *DateFilter // the date qualifier
	Quantity *IntFilter
	Item     *StringFilter
	// Place matches the id of the relation's place ("" when it has
	// none).
	Place *StringFilter
	// EffectiveDate matches the relation's EffectiveDate: its date
	// qualifier, else the earliest published date of the articles of its
	// evidence (a relation with neither matches no operator).
	EffectiveDate *DateFilter
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
	// WithTotal asks ListEntities for the count of every entity the
	// filter matches (CountEntities of the query) along with the page, in
	// Page.Total, read in the same transaction as the page.
	WithTotal bool
	// Projection is applied to the entities of the page (CountEntities
	// ignores it).
	Projection Projection
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
	// NoEvidence leaves the evidence out of the relations of the page
	// (their Evidence is nil), for a caller that only follows them to
	// their ends: a relation restated by every article keeps its cost.
	// The page is otherwise the same: relations, order and cursors.
	NoEvidence bool
	// EvidenceLimit, when above 0, keeps at most that many pieces of
	// each relation's evidence: the first, in Evidence's order, with
	// EvidenceTotal counting them all (see Relation.EvidenceCount). A
	// caller that shows a relation's first few statements does not pay
	// for the thousands of a relation every article restates: the store
	// neither copies nor reads the others. The page is otherwise the
	// same. NoEvidence wins over it.
	EvidenceLimit int
	// ArticleOnlyEvidence keeps of each piece of evidence of the page's
	// relations only its article (Quote, Start, End and the coding are
	// empty; see ArticleOnly), for a caller that reads no more of it. The
	// page is otherwise the same; NoEvidence, when set, wins.
	ArticleOnlyEvidence bool
}

// ArticleOnly returns a copy of ev with only the article of each piece:
// what a query with ArticleOnlyEvidence returns for ev (nil for nil).
func ArticleOnly(ev []Evidence) []Evidence {
	if ev == nil {
		return nil
	}
	out := make([]Evidence, len(ev))
	for i, e := range ev {
		out[i] = Evidence{Article: e.Article}
	}
	return out
}

// DropEvidence empties the evidence of the relations of pages whose query
// asked for none (NoEvidence); pages are aligned with qs.
func DropEvidence(qs []RelationQuery, pages []*Page[*Relation]) {
	for i, q := range qs {
		if !q.NoEvidence || i >= len(pages) || pages[i] == nil {
			continue
		}
		for _, r := range pages[i].Items {
			r.Evidence = nil
		}
	}
}
