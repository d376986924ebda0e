// Package store is the contract between newsgraph and the engines that keep
// its graph: the embedded store (package embedded) and Neo4j (package
// neo4jstore). It holds the types both speak and the Store interface; the
// conformance suite in package storetest checks that every engine keeps the
// contract identically.
//
// The unit of writing is one article: PutArticle replaces everything the
// article with that id said before, atomically. Entities and relations are
// shared across articles: an entity exists while at least one article
// mentions it, a relation while at least one article states it, and each
// statement is kept as Evidence.
package store

import (
	"context"
	"errors"

	"newsgraph/ontology"
)

// Store is what the API and the loaders need of a graph engine. Every
// engine implements all of it; the conformance suite (package storetest)
// checks every method. The groups BatchWriter, NameResolver and Explorer
// are interfaces of their own so that a consumer can ask for only what it
// uses.
//
// Lists are ordered as the query says and paginated with opaque cursors; a
// list method never returns more than its page size (ClampFirst of the
// query's First). Lookups by id return a slice
// aligned with the ids asked for, with nil where nothing has that id.
type Store interface {
	// PutArticle stores an article with its entities and relations,
	// replacing the claims of an earlier version with the same id. It is
	// atomic (all or nothing) and idempotent: putting the same article twice
	// changes nothing and reports Unchanged.
	PutArticle(ctx context.Context, a *ArticleGraph) (PutResult, error)
	// DeleteArticle removes an article and every entity and relation that
	// only it supported. Deleting an unknown id reports Found false.
	DeleteArticle(ctx context.Context, id string) (DeleteResult, error)

	// Entities, Articles and Relations look nodes up by id.
	Entities(ctx context.Context, ids []string) ([]*Entity, error)
	Articles(ctx context.Context, ids []string) ([]*Article, error)
	Relations(ctx context.Context, ids []string) ([]*Relation, error)
	// The same lookups of entities and articles, leaving out what a
	// caller will not read.
	ProjectedReader

	// ListEntities, ListArticles and ListRelations page through filtered,
	// ordered lists. A query's First is the page size: DefaultPageSize
	// when it is 0 or less, at most MaxPageSize (see ClampFirst).
	ListEntities(ctx context.Context, q EntityQuery) (*Page[*Entity], error)
	ListArticles(ctx context.Context, q ArticleQuery) (*Page[*Article], error)
	ListRelations(ctx context.Context, q RelationQuery) (*Page[*Relation], error)

	// CountEntities, CountArticles and CountRelations count what the
	// query's filter matches, ignoring First and After, without building
	// the list.
	CountEntities(ctx context.Context, q EntityQuery) (int, error)
	CountArticles(ctx context.Context, q ArticleQuery) (int, error)
	CountRelations(ctx context.Context, q RelationQuery) (int, error)

	// RelationsOf answers several relation queries at once (one per
	// entity, typically), so that nested fields cost one store call per
	// level rather than one per parent. Results are aligned with qs.
	RelationsOf(ctx context.Context, qs []RelationQuery) ([]*Page[*Relation], error)
	// CountRelationsOf counts for several relation queries at once what
	// CountRelations counts for each (First, After and Order ignored), so
	// that a nested totalCount costs one store call per level rather than
	// one per parent. Counts are aligned with qs.
	CountRelationsOf(ctx context.Context, qs []RelationQuery) ([]int, error)

	// Ping reports whether the store can answer.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error

	// Writing many articles at once, for bulk loading.
	BatchWriter
	// Finding entities by name, for entity resolution across articles.
	NameResolver
	// Search, traversal steps, timelines, dyads and statistics.
	Explorer
	// The ordered record of committed writes that subscriptions follow.
	ChangeFeed
	// A level of a nested response: relation pages with their ends,
	// evidence articles and counts, in one call.
	LevelReader
	// Pages through the evidence of relations, past the first pieces a
	// relation read keeps.
	EvidenceReader
}

// Errors a store returns; wrap them with %w so callers can errors.Is them.
var (
	// ErrUnavailable means the store cannot be reached now; the same call
	// may succeed later.
	ErrUnavailable = errors.New("store unavailable")
	// ErrOverloaded means the store is reachable but too busy to take the
	// call now (no connection free in time); the same call may succeed
	// shortly. It is not ErrUnavailable: the store is up.
	ErrOverloaded = errors.New("store overloaded")
	// ErrNotWritable means the store cannot write now: its storage refuses
	// (a full disk, a failed device). Nothing was written; reads still
	// answer.
	ErrNotWritable = errors.New("store cannot write")
	// ErrInvalid means the request or the data breaks the contract.
	ErrInvalid = errors.New("invalid request")
	// ErrLocked means another process holds the store's data.
	ErrLocked = errors.New("store is locked by another process")
)

// Entity is an actor, meeting, place or agreement as the graph knows it: the
// merge of what every article that mentions it says (see MergeClaims).
type Entity struct {
	ID      string
	Type    ontology.NodeType
	Kind    string // from ontology.KindsOf(Type); "" for meetings
	Name    string
	Aliases []string // sorted, without Name
	// Wikidata is the entity's Wikidata id ("Q212"), if any article gave one.
	Wikidata string
	// Codes are the entity's external codes (CAMEO, ISO 3166), sorted by
	// scheme and value (SortCodes), without repeats.
	Codes []Code

	// Meeting fields.
	Date    string // YYYY-MM-DD
	EndDate string
	Round   int
	Format  string

	// Place fields.
	Latitude, Longitude *float64

	// Agreement fields.
	Status string

	// Articles lists the ids of the articles that mention the entity,
	// sorted: all of them, or a page of them when a projection kept one
	// (Projection.ArticleLimit, Projection.ArticlesAfter).
	Articles []string
	// ArticleTotal is how many articles mention the entity when a
	// projection left some of them out of Articles; 0 when Articles holds
	// them all. It is an answer's, never stored.
	ArticleTotal int `json:"-"`
}

// ArticleCount is how many articles mention the entity, whether Articles
// holds all of them or a projection kept a page of them.
func (e *Entity) ArticleCount() int { return max(e.ArticleTotal, len(e.Articles)) }

// Article is the provenance of claims.
type Article struct {
	ID        string
	Title     string
	Text      string
	Source    string
	URL       string
	Published string // YYYY-MM-DD
	// Hash identifies the article's content: putting an article with the
	// same id and hash is a no-op.
	Hash string
}

// Qualifiers are the typed properties of a relation. They are part of its
// identity: the same two entities may be linked twice by one type with
// different qualifiers (two exchanges of different items).
type Qualifiers struct {
	Quantity   *int
	Item       string
	Date       string // YYYY-MM-DD
	Duration   string
	Conditions string
	// Place is the id of the Place entity where the relation held; it
	// must be an entity of every article that states the relation. Two
	// attacks at two places are two relations. (Left out of JSON when
	// empty, so that relations without a place encode as before.)
	Place string `json:",omitempty"`
	// When is a time the article gives relative to something else ("a
	// few days prior to the talks"), as it states it; Date is for days.
	When string `json:",omitempty"`
}

// Relation is an edge of the graph with every piece of evidence for it.
type Relation struct {
	ID         string
	Type       ontology.RelationType
	Source     string // entity id
	Target     string // entity id
	Qualifiers Qualifiers
	// Evidence is sorted by article id, then start, then end: all of it,
	// or the first pieces when a query's evidence limit
	// (RelationQuery.EvidenceLimit) kept fewer.
	Evidence []Evidence
	// EvidenceTotal is how many pieces of evidence the relation has when
	// an evidence limit left some out of Evidence; 0 when Evidence holds
	// them all. It is an answer's, never stored.
	EvidenceTotal int `json:"-"`
}

// EvidenceCount is how many pieces of evidence the relation has, whether
// Evidence holds all of them or an evidence limit kept the first.
func (r *Relation) EvidenceCount() int { return max(r.EvidenceTotal, len(r.Evidence)) }

// Evidence is one statement of a relation: the article and the span of its
// text (in Unicode code points, end exclusive) that states it, with the
// source's own coding of the event, where it gave one (see EventCoding).
type Evidence struct {
	Article string
	Quote   string
	Start   int
	End     int
	EventCoding
}

// Span is a mention of an entity in an article's text, in code points.
type Span struct {
	Start int
	End   int
}

// ArticleGraph is the unit of writing: one article and what it says.
type ArticleGraph struct {
	Article   Article
	Entities  []EntityClaim
	Relations []RelationClaim
}

// EntityClaim is what one article says of one entity. Entity carries the
// article's view of the entity's fields (its Articles field is ignored).
type EntityClaim struct {
	Entity   Entity
	Mentions []Span
}

// RelationClaim is one relation as one article states it. Relation.Evidence
// holds the article's evidence for it (Article fields may be left empty:
// the store fills them in).
type RelationClaim struct {
	Relation Relation
}

// PutResult says what PutArticle did.
type PutResult struct {
	// Created: the article id was new. Replaced: an earlier version was
	// replaced. Unchanged: the same version was there already.
	Outcome   PutOutcome
	Entities  int // entities in the article
	Relations int // relations in the article
}

// PutOutcome is one of Created, Replaced, Unchanged.
type PutOutcome string

// The outcomes of PutArticle.
const (
	Created   PutOutcome = "CREATED"
	Replaced  PutOutcome = "REPLACED"
	Unchanged PutOutcome = "UNCHANGED"
)

// DeleteResult says what DeleteArticle did.
type DeleteResult struct {
	Found            bool
	RemovedEntities  int // entities no other article mentions
	RemovedRelations int // relations no other article states
}
