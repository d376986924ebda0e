// Package neo4jstore keeps the newsgraph graph in Neo4j 5 (5.26 LTS is what
// the tests run; the statements need 5.24 or later, for OPTIONAL CALL, and
// opening a store refuses an older server). It implements store.Store with
// the official Go driver: one driver per Store, managed transactions
// (retried by the driver on transient errors), parameters for every value,
// and UNWIND batches for writes.
//
// # Graph model
//
// The graph is meant to be read in Neo4j Browser as it is:
//
//	(:Actor:Entity {id: "actor:Q159", name: "Russia", kind: "country", aliases: ["Moscow", "RF"],
//	                wikidata: "Q159"})
//	  -[:REJECTED {relId, article, articleTitle, articlePublished, quote, start, end,
//	               cameo, plover, mode, label, quantity, item, date, duration, conditions, place, when}]->
//	(:Agreement:Entity {id: "agreement:full-ceasefire", name: "Full ceasefire", status: "rejected", ...})
//
//	(:Article {id, title, text, source, url, published, hash, searchText})
//	  -[:MENTIONS {entity, article, claim, starts, ends}]-> (:Actor:Entity ...)
//
// Entity nodes carry the label of their ontology type (Actor, Meeting,
// Place, Agreement) and Entity, and the properties id, name, kind, aliases
// (a list, without the name), searchText (the words of the name and
// aliases, for the full-text index), wikidata, date, endDate, round, format,
// latitude, longitude, status, and nameKeys and nameKeyText (its
// store.NameKeys, as a list and as one string for the full-text index
// NameKeyIndex; see names.go), codes and codeKeyText (its codes as
// "scheme:value" keys, and its identifying ones as one string for the
// full-text index CodeKeyIndex; see codes.go), and sources (the JSON of the article each
// single-valued field came from; see aggregate.go). Properties without a
// value are absent, but for name, which is the empty string when the entity
// has none, so that the name index holds every entity and lists in name
// order read it in order. The articles that mention an entity
// (store.Entity.Articles) are its incoming MENTIONS, read only when an
// answer shows them (see entityReturn); the node keeps no list of them,
// which every write to a much mentioned entity would rewrite whole. Each
// MENTIONS holds the ids of its entity and article (entity, article), and
// an index of the two reads an entity's articles in id order: a page of
// them costs the page, however many articles mention the entity, and
// their number is the entity's MENTIONS degree.
//
// An entity is the merge of what every article says of it
// (store.MergeClaims). Each article's own view is kept on its MENTIONS
// relationship: claim is the JSON of the article's store.Entity claim,
// starts and ends the spans of its mentions in code points. A new article's
// claims are folded into the merged forms of the entities it mentions (the
// node's form and sources suffice, see aggregate.go), so a write costs the
// same however many articles mention an entity already. When an article
// changes or goes, the entities it touched are merged again from the claims
// that remain, and an entity no article mentions any more is deleted.
//
// A relation is stored as one relationship of its ontology type per article
// and per piece of evidence, from its source entity to its target entity.
// The relationships of one relation share relId (the store.RelationID of
// its type, ends and qualifiers) and the qualifier properties; article,
// quote, start and end are the evidence, and cameo, plover, mode and label
// the source's own coding of it (store.EventCoding). The store gathers them into one
// store.Relation by relId.
//
// Each relation has one more relationship, its head, of the store's type
// RELATION (never an ontology relation type), from its source to its
// target entity:
//
//	(:Actor:Entity {id: "actor:Q159", ...})
//	  -[:RELATION {relId, type: "REJECTED", source: "actor:Q159", target: "agreement:full-ceasefire",
//	               quantity, item, date, duration, conditions, place, when,
//	               evidence: 3, articles: ["article:a", "article:a", "article:b"], titles: [...],
//	               published: "2025-03-01", timelineDate: "2025-03-01"}]->
//	(:Agreement:Entity {id: "agreement:full-ceasefire", ...})
//
// type is the relation's type, source and target the ids of its ends
// (indexed with relId, and with type and relId: a page of an entity's
// relations in relId order costs the page, however many relations the
// entity has, and so does a page of given types, however many relations
// of other types it has; so does counting them), evidence the
// number of its pieces of evidence, articles and titles the article id
// and article title of each piece, the first 1,000 in article order,
// published the earliest published date of its articles, and timelineDate
// its timeline date (store.RelationDate: its date qualifier, else the date
// of a meeting at either end, else published, else empty), indexed with
// its ends and relId, and alone with relId: a page of a timeline without
// a filter, of an entity or of the whole graph, costs the page, and its
// count is the entity's degree in heads (or the graph's count of heads)
// less the undated heads, or, within dates, reads index entries only. A
// write that changes a meeting's date dates the meeting's heads again in
// its transaction. A read of
// relations that needs no more than that (no filter, no evidence or the
// articles of its first pieces) reads heads, not evidence (see heads.go): an entity's
// relations cost its relations, however many pieces of evidence each has;
// so does a timeline without a filter, dated from the heads, and a
// neighbourhood's layer, whose new nodes (by id) and relations are read
// from the indexes of heads by their ends (layer.go); so does Expand, and
// a shortest path (path.go: Neo4j's own search over heads, after, in a
// large graph, the breadth-first search of package traverse unrolled in
// the same statement to tell that it stays within its budget); and so do
// the relations of a neighbourhood or a path looked up by id when they
// show no more of their evidence than heads keep (idlookup.go). A list of
// relations anchored on an end's id or name (see anchor.go) whose filter
// tests nothing of the evidence reads the anchor's heads of its types, and
// the evidence of its page only.
// Every write keeps the heads exact in its own transaction; a database
// written before heads gets them when the store opens, and a
// (:Migration {id: "relation-heads"}) node records that this was done
// (and (:Migration {id: "relation-heads-published"}) that heads written
// before they kept published have it, "head-ends" that they have the ids
// of their ends, "head-timeline-dates-or-empty" that they have their
// timeline date).
//
// The change feed (store.ChangeFeed) is kept next to the data: one
// (:Change {seq, at, kind, article, payload}) node per committed write,
// numbered from the counter node (:FeedHead {id: "changes", seq}) in the
// write's own transaction, and dropped past the retention (see feed.go).
// They have no relationships and no other label, so queries of the graph
// never meet them; nor do the (:Migration {id}) nodes that record the
// migrations done (schema.go).
//
// A write records the bookmarks of its transaction as its consistency
// token (store.RecordToken); a read whose context carries one opens its
// session with those bookmarks, so that the Neo4j server it reaches waits
// until the write is applied (at most store.ConsistencyWait).
//
// # Schema
//
// Open creates, if they are missing: a uniqueness constraint on id for each
// node label (the ontology's node types and Entity); range and text indexes
// on name (each entity label and Entity; the text index answers contains
// and ends with), Meeting.date, Article.published and
// Article.title; an index on relId for each relation type and for heads;
// an index on relId and article for each relation type (a relation's
// evidence a page at a time, in article order: evidencepage.go); indexes
// on the source and relId and on the target and relId of heads, on their
// source, type and relId and their target, type and relId, on their
// source, timelineDate and relId and their target, timelineDate and
// relId, on their timelineDate and relId, and on their source, target and
// relId and their target, source and relId (an entity's neighbours in id
// order, for a neighbourhood's layers: see layer.go); an
// index on the entity and article of MENTIONS; and the
// full-text indexes FullTextIndex over the searchText of entities and
// articles and EntityFullTextIndex over that of entities (see explore.go);
// and the full-text index NameKeyIndex over the
// nameKeyText of entities (see names.go); and uniqueness constraints on
// Change.seq, FeedHead.id and Migration.id. It brings data written by earlier
// versions up to date (migrations in schema.go), then waits for the indexes
// to be online. An index new to a database that has the data already (the
// indexes of heads by end, type and relId, on a database written before
// them) is populated by the server from all of it on that first open,
// which waits for it: a time that grows with the archive (a head per
// relation: seconds for tens of thousands of relations, longer for
// millions), during which the store does not open. Past schemaWait, Open
// fails; the server goes on populating the index, and a later open waits
// for what is left.
//
// Several articles are written in one transaction by PutArticles (see
// batch.go), with the statements PutArticle uses made to take rows of
// several articles.
//
// Labels and relationship types are the only names written into Cypher,
// and only from the ontology's lists (see label and relType) or the
// store's own constants (Entity, RELATION, Migration, the change feed's).
//
// # Errors
//
// The driver retries a transaction for a few seconds (retryTime); a write
// whose last error was a conflict of locks with concurrent writes (a
// deadlock) runs a few times more past that (lockRetries), as its first
// attempt alone may wait for locks that long on a busy server. An
// unreachable server, a timeout or retries running out give errors that
// wrap store.ErrUnavailable; a request or article that breaks the contract
// (malformed cursor, unknown type, invalid article graph) wraps
// store.ErrInvalid, with a message meant for the client.
package neo4jstore
