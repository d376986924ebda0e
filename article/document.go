// Package article is newsgraph's native annotated-article format: a JSON
// document holding an article's metadata and text, the entities it mentions
// (with character spans) and the relations it states (with the span of text
// that states each). Every importer in package loaders produces a Document,
// so validation, atomicity and idempotency are shared by all formats.
//
// Offsets count Unicode code points (not bytes, not UTF-16 units), start
// inclusive, end exclusive: the span [0,7) of "Україна сьогодні" is
// "Україна".
//
// Parse reads a document from JSON or YAML and reports every problem with
// its JSON path (*ValidationError); Document.Validate applies the same rules
// to a Document built in Go; Document.Graph turns a valid document into the
// store's unit of writing, deriving the ids of entities, relations and the
// article; JSONSchema (committed as article.schema.json) describes the
// format for editors and other tools.
package article

// Document is one annotated article in the native format.
type Document struct {
	// ID is the article's own id, unique across the corpus
	// ([A-Za-z0-9][A-Za-z0-9._:-]*, at most 200 characters).
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Source    string `json:"source,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD

	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations,omitempty"`
}

// Entity is an actor, meeting, place or agreement as one article mentions
// it.
type Entity struct {
	// ID is local to the document; relations refer to it.
	ID   string `json:"id"`
	Type string `json:"type"`           // actor | meeting | place | agreement
	Kind string `json:"kind,omitempty"` // from the type's kind list
	Name string `json:"name"`
	// Aliases are other names of the entity ("Kyiv" for Ukraine's
	// government, "Moscow" for Russia).
	Aliases []string `json:"aliases,omitempty"`
	// Wikidata is the entity's Wikidata id ("Q212"). Entities with the same
	// type and Wikidata id are the same entity in every article.
	Wikidata string `json:"wikidata,omitempty"`
	// Key is an explicit identity across articles, for entities without a
	// Wikidata id whose names are ambiguous ([a-z0-9][a-z0-9-]*).
	Key string `json:"key,omitempty"`
	// Codes are the entity's external codes (a CAMEO actor code, ISO 3166
	// country codes). Entities of the same type that share a code that
	// identifies one entity are one entity (see package loaders).
	Codes    []Code `json:"codes,omitempty"`
	Mentions []Span `json:"mentions,omitempty"`

	// Meeting fields.
	Date    string `json:"date,omitempty"` // YYYY-MM-DD
	EndDate string `json:"endDate,omitempty"`
	Round   int    `json:"round,omitempty"`
	Format  string `json:"format,omitempty"`

	// Place fields.
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`

	// Agreement fields.
	Status string `json:"status,omitempty"`
}

// Code is an external code of an entity: a value of one of the ontology's
// code schemes ("cameo" "USAGOV").
type Code struct {
	Scheme string `json:"scheme"` // ontology.CodeSchemes: cameo | iso3166_alpha2 | iso3166_alpha3
	Value  string `json:"value"`
}

// Span is a stretch of the article's text in code points, with the text it
// covers (checked against the article's text).
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Relation is one claim of the article.
type Relation struct {
	Type       string      `json:"type"` // an ontology relation type, "REJECTED"
	Source     string      `json:"source"`
	Target     string      `json:"target"`
	Qualifiers *Qualifiers `json:"qualifiers,omitempty"`
	// Evidence is the span (usually the sentence) that states the claim,
	// with the source's own coding of the event.
	Evidence Evidence `json:"evidence"`
}

// Evidence is the span that states a relation and, where the source coded
// the event itself, its coding: the relation type's CAMEO and PLOVER codes
// are the defaults, these are the record's own ("173" an arrest, where the
// type SANCTIONED says 163).
type Evidence struct {
	Span
	// CAMEO is the source's CAMEO event code ("173": two to four digits).
	CAMEO string `json:"cameo,omitempty"`
	// PLOVER is the source's PLOVER event ("COERCE") and Mode its PLOVER
	// mode ("arrest"), from the ontology's lists.
	PLOVER string `json:"plover,omitempty"`
	Mode   string `json:"mode,omitempty"`
	// Label is the source's own name of the event type
	// ("Justice.ArrestJailDetain.Unspecified").
	Label string `json:"label,omitempty"`
}

// Qualifiers are the typed properties of a relation, where the news gives
// them.
type Qualifiers struct {
	Quantity   *int   `json:"quantity,omitempty"`
	Item       string `json:"item,omitempty"`
	Date       string `json:"date,omitempty"` // YYYY-MM-DD
	Duration   string `json:"duration,omitempty"`
	Conditions string `json:"conditions,omitempty"`
	// Place is the id of the place entity of this document where the
	// claimed event happened. Like every qualifier it is part of the
	// relation's identity: two attacks at two places are two relations.
	Place string `json:"place,omitempty"`
	// When is a time the article gives relative to something else ("a
	// few days prior to the talks"), as it states it.
	When string `json:"when,omitempty"`
}
