package difftest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsgraph/store"
)

// The queries both stores must answer alike. Each names a fragment it
// uses with ...E (any entity), ...R (a relation with its evidence), ...A
// (an article without its text) or ...P (page info); gql appends them.

// fragments are the fragments the queries share.
var fragments = map[string]string{
	"E": `fragment E on Entity {
  __typename id name aliases wikidata
  ... on Actor { actorKind: kind }
  ... on Meeting { date endDate round format }
  ... on Place { placeKind: kind latitude longitude }
  ... on Agreement { agreementKind: kind status }
}`,
	"R": `fragment R on Relation {
  id type source { id name } target { id name }
  quantity item date duration conditions cameo plover quadClass
  evidence { article { id } quote start end }
}`,
	"A": `fragment A on Article { id title source url published }`,
	"P": `fragment P on PageInfo { hasNextPage endCursor }`,
}

var spread = regexp.MustCompile(`\.\.\.([A-Z])\b`)

// gql returns the document with the fragments it spreads.
func gql(doc string) string {
	used := map[string]bool{}
	for _, m := range spread.FindAllStringSubmatch(doc, -1) {
		used[m[1]] = true
	}
	var b strings.Builder
	b.WriteString(doc)
	for _, name := range []string{"E", "R", "A", "P"} {
		if used[name] {
			b.WriteString("\n" + fragments[name])
		}
	}
	return b.String()
}

// query is one request of TestSameAnswers.
type query struct {
	name  string
	query string
	vars  map[string]any
	// wantErr is the comma-separated extensions.code of the errors the
	// answer must have ("" for none).
	wantErr string
	// mustHave is a string an answer without errors must contain, so that
	// a filter that matches nothing in either store does not pass unseen.
	mustHave string
}

// Ids of the corpus the queries name.
const (
	seedArticle = "article:istanbul-talks-2025-06-03"
	ukraine     = "actor:Q212"
	russia      = "actor:Q159"
	ruritania   = "actor:ruritania"
	istanbulMtg = "meeting:2025-06-03-second-round-of-russia-ukraine-peace-talks-in-istanbul"
	ceasefire   = "agreement:full-and-unconditional-ceasefire-of-at-least-30-days"
	exchangeRel = "relation:4ac74ff80ec5b52c3018af07"
	portley     = "place:portley"
)

// connection is the selection of a connection of entities.
const entityConnection = `totalCount pageInfo { ...P } edges { cursor node { ...E } }`

var queries = []query{
	// Entities, by type.
	{name: "actors default order", query: gql(`{ actors { ` + entityConnection + ` } }`), mustHave: `"Actor"`},
	{name: "actors by name", query: gql(`{ actors(orderBy: {field: NAME}, first: 40) { ` + entityConnection + ` } }`), mustHave: `"Actor"`},
	{name: "actors by name descending", query: gql(`{ actors(orderBy: {field: NAME, direction: DESC}, first: 40) { ` + entityConnection + ` } }`), mustHave: `"Actor"`},
	{name: "actors by degree descending", query: gql(`{ actors(orderBy: {field: DEGREE, direction: DESC}, first: 30) { ` + entityConnection + ` } }`), mustHave: ruritania},
	{name: "actors by degree ascending", query: gql(`{ actors(orderBy: {field: DEGREE}, first: 30) { ` + entityConnection + ` } }`), mustHave: `"Actor"`},
	{name: "actors of a kind", query: gql(`{ actors(where: {kind: {eq: COUNTRY}}, orderBy: {field: NAME}, first: 50) { ` + entityConnection + ` } }`), mustHave: ruritania},
	{name: "actors whose name starts with", query: gql(`{ actors(where: {name: {startsWith: "R"}}, first: 50) { ` + entityConnection + ` } }`), mustHave: ruritania},
	{name: "actors by name or alias", query: gql(`{ actors(where: {OR: [{name: {contains: "ian "}}, {alias: {eq: "Kyiv"}}]}, orderBy: {field: NAME}, first: 60) { ` + entityConnection + ` } }`), mustHave: ukraine},
	{name: "actors by wikidata", query: gql(`{ actors(where: {wikidata: {in: ["Q212", "Q159", "Q7747"]}}) { ` + entityConnection + ` } }`), mustHave: russia},
	{name: "actors of an article", query: gql(`query($a: ID!) { actors(where: {article: {eq: $a}}, orderBy: {field: NAME}) { ` + entityConnection + ` } }`),
		vars: map[string]any{"a": seedArticle}, mustHave: ukraine},
	{name: "actors neither countries nor persons", query: gql(`{ actors(where: {NOT: {kind: {in: [COUNTRY, PERSON]}}}, orderBy: {field: DEGREE, direction: DESC}, first: 40) { ` + entityConnection + ` } }`),
		mustHave: `"DELEGATION"`},
	{name: "actors that rejected something", query: gql(`{ actors(where: {relations: {direction: OUT, some: {type: {eq: REJECTED}}}}, orderBy: {field: NAME}, first: 50) { ` + entityConnection + ` } }`),
		mustHave: russia},
	{name: "actors with no conflict and a single LED", query: gql(`{ actors(where: {AND: [{relations: {none: {type: {in: [ACCUSED, THREATENED, ATTACKED, SANCTIONED]}}}}, {relations: {direction: OUT, single: {type: {eq: LED}}}}]}, first: 50) { ` + entityConnection + ` } }`),
		mustHave: `"Actor"`},
	{name: "actors all of whose relations are in one article", query: gql(`query($a: ID!) { actors(where: {relations: {all: {article: {eq: $a}}, some: {}}}, first: 50) { ` + entityConnection + ` } }`),
		vars: map[string]any{"a": seedArticle}, mustHave: "actor:ministry-of-defence-of-ukraine"},

	// Meetings, places, agreements and their structural fields.
	{name: "meetings by date with place and participants", query: gql(`{ meetings(orderBy: {field: DATE}, first: 40) { totalCount pageInfo { ...P }
		nodes { ...E place { id name } participants { id name } agreements { id name status } } } }`), mustHave: portley},
	{name: "meetings in a date range, latest first", query: gql(`{ meetings(where: {date: {gte: "2025-01-01", lt: "2025-07-01"}}, orderBy: {field: DATE, direction: DESC}, first: 50) { ` + entityConnection + ` } }`),
		mustHave: istanbulMtg},
	{name: "meetings held in a place", query: gql(`query($p: ID!) { meetings(where: {relations: {direction: OUT, some: {type: {eq: HELD_IN}, target: {id: {eq: $p}}}}}, orderBy: {field: NAME}, first: 50) { ` + entityConnection + ` } }`),
		vars: map[string]any{"p": portley}, mustHave: "summit"},
	{name: "places by name with meetings", query: gql(`{ places(orderBy: {field: NAME}, first: 50) { totalCount pageInfo { ...P } nodes { ...E meetings { id date } } } }`),
		mustHave: `"latitude"`},
	{name: "places of kinds by degree", query: gql(`{ places(where: {kind: {in: [CITY, VENUE]}}, orderBy: {field: DEGREE, direction: DESC}, first: 50) { ` + entityConnection + ` } }`),
		mustHave: portley},
	{name: "agreements with their sides", query: gql(`{ agreements(orderBy: {field: NAME}, first: 60) { totalCount pageInfo { ...P } nodes { ...E
		demandedBy { id } proposedBy { id } rejectedBy { id } agreedBy { id } supportedBy { id } producedAt { id date } } } }`),
		mustHave: ceasefire},
	{name: "agreements by status and kind", query: gql(`{ agreements(where: {status: {eq: AGREED}, kind: {in: [MEMORANDUM, PRISONER_EXCHANGE]}}, orderBy: {field: DEGREE, direction: DESC}) { ` + entityConnection + ` } }`),
		mustHave: `"AGREED"`},

	// Entities of every type.
	{name: "entities by name descending", query: gql(`{ entities(types: [MEETING, PLACE], orderBy: {field: NAME, direction: DESC}, first: 60) { ` + entityConnection + ` } }`),
		mustHave: `"Place"`},
	{name: "entities by date descending", query: gql(`{ entities(orderBy: {field: DATE, direction: DESC}, first: 40) { ` + entityConnection + ` } }`), mustHave: `"Meeting"`},
	{name: "entities by date ascending", query: gql(`{ entities(orderBy: {field: DATE}, first: 40) { ` + entityConnection + ` } }`), mustHave: `"Actor"`},
	{name: "entities by type and name suffix", query: gql(`{ entities(where: {type: {in: [ACTOR, AGREEMENT]}, name: {endsWith: "ia"}}, first: 60) { ` + entityConnection + ` } }`),
		mustHave: ruritania},
	{name: "entities with their articles", query: gql(`{ entities(orderBy: {field: DEGREE, direction: DESC}, first: 10) { totalCount nodes { id
		articles(first: 3) { totalCount pageInfo { ...P } edges { cursor node { ...A } } } } } }`), mustHave: "article:synth-"},
	{name: "entities by id set", query: gql(`query($ids: [ID!]) { entities(where: {id: {in: $ids}}) { ` + entityConnection + ` } }`),
		vars: map[string]any{"ids": []string{ukraine, portley, ceasefire, istanbulMtg, "actor:nobody"}}, mustHave: istanbulMtg},
	{name: "entities first zero", query: gql(`{ entities(first: 0) { ` + entityConnection + ` } }`), mustHave: `"totalCount"`},

	// Articles.
	{name: "articles default order", query: gql(`{ articles(first: 100) { totalCount pageInfo { ...P } edges { cursor node { ...A } } } }`), mustHave: seedArticle},
	{name: "articles latest first", query: gql(`{ articles(orderBy: {field: PUBLISHED, direction: DESC}, first: 50) { totalCount pageInfo { ...P } edges { cursor node { ...A } } } }`),
		mustHave: "synth"},
	{name: "articles oldest first", query: gql(`{ articles(orderBy: {field: PUBLISHED}, first: 50) { totalCount pageInfo { ...P } edges { cursor node { ...A } } } }`),
		mustHave: "article:000-introduction"},
	{name: "articles by title", query: gql(`{ articles(orderBy: {field: TITLE}, first: 50) { totalCount pageInfo { ...P } edges { cursor node { ...A } } } }`),
		mustHave: `"title"`},
	{name: "articles in a date range from a source", query: gql(`{ articles(where: {published: {gte: "2025-01-01", lte: "2025-06-30"}, NOT: {source: {eq: "Reuters"}}}, orderBy: {field: PUBLISHED}, first: 100) { totalCount nodes { ...A } } }`),
		mustHave: seedArticle},
	{name: "articles by title words", query: gql(`{ articles(where: {OR: [{title: {contains: "ceasefire"}}, {title: {startsWith: "Senior"}}, {id: {eq: "article:talks"}}]}, orderBy: {field: TITLE, direction: DESC}) { totalCount nodes { ...A text } } }`),
		mustHave: seedArticle},
	{name: "article with its entities and relations", query: gql(`query($a: ID!) { node(id: $a) { ... on Article { ...A text
		entities(orderBy: {field: NAME}, first: 100) { totalCount pageInfo { ...P } edges { cursor node { ...E } } }
		relations(orderBy: {field: TYPE}, first: 100) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } } } }`),
		vars: map[string]any{"a": seedArticle}, mustHave: exchangeRel},
	{name: "article entities of a type and its relations filtered", query: gql(`query($a: ID!) { node(id: $a) { ... on Article {
		entities(types: [AGREEMENT], where: {name: {contains: "ceasefire"}}) { totalCount nodes { id } }
		relations(types: [DEMANDED, REJECTED], where: {source: {id: {eq: "actor:Q159"}}}, orderBy: {field: ID, direction: DESC}) { totalCount nodes { ...R } } } } }`),
		vars: map[string]any{"a": seedArticle}, mustHave: ceasefire},

	// Relations.
	{name: "relations default order", query: gql(`{ relations(first: 100) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } }`), mustHave: `"evidence"`},
	{name: "relations of types with qualifiers", query: gql(`{ relations(types: [EXCHANGED, AIDED], first: 100) { totalCount pageInfo { ...P } nodes { ...R } } }`),
		mustHave: `"soldiers' remains"`},
	{name: "relations by type descending", query: gql(`{ relations(orderBy: {field: TYPE, direction: DESC}, first: 60) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } }`),
		mustHave: `"THREATENED"`},
	{name: "relations by date", query: gql(`{ relations(orderBy: {field: DATE}, first: 60) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } }`), mustHave: `"evidence"`},
	{name: "relations by date descending", query: gql(`{ relations(orderBy: {field: DATE, direction: DESC}, first: 60) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } }`),
		mustHave: `"date": "2025`},
	{name: "relations with a date and a quantity", query: gql(`{ relations(where: {OR: [{date: {gte: "2025-06-01"}}, {quantity: {gt: 10}}]}, orderBy: {field: DATE}, first: 100) { totalCount nodes { ...R } } }`),
		mustHave: `"quantity": 6000`},
	{name: "relations between actor sets", query: gql(`{ relations(where: {source: {type: {eq: ACTOR}, name: {startsWith: "R"}}, target: {NOT: {type: {eq: ACTOR}}}}, orderBy: {field: TYPE}, first: 100) { totalCount nodes { ...R } } }`),
		mustHave: russia},
	{name: "relations of an article", query: gql(`query($a: ID!) { relations(where: {article: {eq: $a}}, orderBy: {field: TYPE}, first: 100) { totalCount nodes { ...R } } }`),
		vars: map[string]any{"a": seedArticle}, mustHave: exchangeRel},
	{name: "relations by item", query: gql(`{ relations(where: {item: {contains: "remains"}, NOT: {id: {eq: "relation:4ac74ff80ec5b52c3018af07"}}}) { totalCount nodes { ...R } } }`),
		mustHave: `"soldiers' remains"`},

	// One node and its neighbourhood.
	{name: "an actor and its relations both ways", query: gql(`query($id: ID!) { node(id: $id) { ...E ... on Actor {
		out: relations(direction: OUT, first: 100) { totalCount pageInfo { ...P } edges { cursor node { ...R } } }
		in: relations(direction: IN, orderBy: {field: TYPE}, first: 100) { totalCount nodes { id type } }
		both: relations(types: [REJECTED, DEMANDED, MEMBER_OF], orderBy: {field: DATE, direction: DESC}) { totalCount nodes { id } }
		articles(first: 100) { totalCount pageInfo { ...P } nodes { id } } } } }`),
		vars: map[string]any{"id": ukraine}, mustHave: exchangeRel},
	{name: "a hub actor's relations filtered", query: gql(`query($id: ID!) { node(id: $id) { ... on Actor { id
		relations(where: {target: {type: {eq: ACTOR}}, date: {gte: "2024-06-01"}}, orderBy: {field: DATE}, first: 50) { totalCount pageInfo { ...P } nodes { ...R } } } } }`),
		vars: map[string]any{"id": ruritania}, mustHave: `"date": "2024`},
	{name: "a meeting with place and participants", query: gql(`query($id: ID!) { node(id: $id) { ...E ... on Meeting { place { ...E meetings { id } } participants { ...E } agreements { ...E }
		relations(direction: IN) { totalCount nodes { ...R } } } } }`),
		vars: map[string]any{"id": istanbulMtg}, mustHave: "place:Q406"},
	{name: "an agreement's sides", query: gql(`query($id: ID!) { node(id: $id) { ...E ... on Agreement { demandedBy { ...E } rejectedBy { ...E } agreedBy { id } proposedBy { id } supportedBy { id } producedAt { id }
		articles { totalCount nodes { id } } } } }`),
		vars: map[string]any{"id": ceasefire}, mustHave: russia},
	{name: "a relation by id", query: gql(`query($id: ID!) { node(id: $id) { ...R ... on Relation { evidence { article { ...A } } } } }`),
		vars: map[string]any{"id": exchangeRel}, mustHave: `"quantity": 6000`},
	{name: "nodes of every kind", query: gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ...E ...R ... on Article { title } } }`),
		vars:     map[string]any{"ids": []string{ukraine, "actor:nobody", seedArticle, exchangeRel, portley, istanbulMtg, ceasefire, "article:nothing", "relation:000000000000000000000000", ukraine}},
		mustHave: `"Place"`},
	{name: "an unknown node", query: gql(`{ node(id: "actor:no-such-actor") { id } }`), mustHave: `"node": null`},
	{name: "relation types", query: gql(`{ relationTypes { type description sources targets cameo plover quadClass } }`), mustHave: `"HELD_IN"`},

	// The edge cases of testdata.
	{name: "edge-case entities by name", query: gql(`{ entities(where: {article: {in: ["article:edge-cases-1", "article:edge-cases-2"]}}, orderBy: {field: NAME}) { ` + entityConnection + ` } }`),
		mustHave: "𝒜lpha League"},
	{name: "edge-case entities by name descending", query: gql(`{ entities(where: {article: {eq: "article:edge-cases-1"}}, orderBy: {field: NAME, direction: DESC}) { ` + entityConnection + ` } }`),
		mustHave: "ａｂｃ Group"},
	{name: "edge-case names compared", query: gql(`{ actors(where: {name: {in: ["Ｚenith Council", "𝒜lpha League", "Zulu Front"]}, OR: [{name: {startsWith: "𝒜"}}, {name: {endsWith: "Council"}}, {alias: {contains: "F."}}]}, orderBy: {field: NAME}) { ` + entityConnection + ` } }`),
		mustHave: "Zulu Front"},
	{name: "edge-case articles by title", query: gql(`{ articles(where: {id: {in: ["article:edge-cases-1", "article:edge-cases-2", "article:talks"]}}, orderBy: {field: TITLE, direction: DESC}) { totalCount nodes { ...A text } } }`),
		mustHave: "😀"},
	{name: "edge-case relations", query: gql(`{ relations(where: {article: {in: ["article:edge-cases-1", "article:edge-cases-2"]}}, orderBy: {field: DATE, direction: DESC}) { totalCount edges { cursor node { ...R } } } }`),
		mustHave: `"quantity": 0`},
	{name: "edge-case place and meeting", query: gql(`{ nodes(ids: ["place:øresund", "meeting:2026-03-01-øresund-meeting", "agreement:alpha-plan"]) { ...E ... on Place { meetings { id } } ... on Meeting { place { id } participants { id name } } } }`),
		mustHave: `"latitude"`},

	// Explore queries (explore.graphqls).
	{name: "search", query: gql(`{ search(query: "ruritan", first: 20) { score matched node { __typename id } } }`), mustHave: ruritania},
	{name: "search with a typo and types", query: gql(`{ search(query: "Borduira", types: [ACTOR, ARTICLE, MEETING], first: 30) { score matched node { __typename id } } }`),
		mustHave: "actor:borduria"},
	{name: "search accents and scripts", query: gql(`{ search(query: "emile corp", first: 10) { score matched node { id } } }`), mustHave: "actor:emile-plain"},
	{name: "shortest path", query: gql(`query($a: ID!, $b: ID!) { shortestPath(from: $a, to: $b) { length nodes { id } relations { id type } } }`),
		vars: map[string]any{"a": ruritania, "b": portley}, mustHave: `"length"`},
	{name: "no path between two worlds", query: gql(`query($a: ID!, $b: ID!) { shortestPath(from: $a, to: $b) { length nodes { id } } }`),
		vars: map[string]any{"a": ukraine, "b": ruritania}, mustHave: `"shortestPath": null`},
	{name: "shortest path with whole nodes and relations", query: gql(`query($a: ID!, $b: ID!) { shortestPath(from: $a, to: $b) { length nodes { ...E } relations { ...R } } }`),
		vars: map[string]any{"a": ruritania, "b": portley}, mustHave: `"evidence"`},
	{name: "shortest path from an unknown entity", query: gql(`query($a: ID!, $b: ID!) { shortestPath(from: $a, to: $b) { length } }`),
		vars: map[string]any{"a": "actor:nobody", "b": portley}, wantErr: "NOT_FOUND"},
	{name: "all shortest paths to an unknown entity", query: gql(`query($a: ID!, $b: ID!) { allShortestPaths(from: $a, to: $b) { length } }`),
		vars: map[string]any{"a": ruritania, "b": "actor:nobody"}, wantErr: "NOT_FOUND"},
	{name: "shortest path from an unknown entity to itself", query: gql(`query($a: ID!) { shortestPath(from: $a, to: $a) { length } }`),
		vars: map[string]any{"a": "actor:nobody"}, wantErr: "NOT_FOUND"},
	{name: "all shortest paths", query: gql(`query($a: ID!, $b: ID!) { allShortestPaths(from: $a, to: $b, maxHops: 3, limit: 20) { length nodes { id } relations { id } } }`),
		vars: map[string]any{"a": ruritania, "b": "actor:borduria"}, mustHave: `"length"`},
	{name: "neighbourhood", query: gql(`query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 60) { truncated nodes { id } relations { id } } }`),
		vars: map[string]any{"id": istanbulMtg}, mustHave: ukraine},
	{name: "timeline of an entity", query: gql(`query($id: ID!) { timeline(entity: $id, first: 50) { totalCount pageInfo { ...P } edges { cursor node { date relation { id } meeting { id } } } } }`),
		vars: map[string]any{"id": ruritania}, mustHave: `"date"`},
	{name: "timeline in a range", query: gql(`{ timeline(types: [EXCHANGED, AGREED_TO, HELD_IN], from: "2025-01-01", to: "2025-12-31", first: 60) { totalCount edges { cursor node { date relation { id } meeting { id } } } } }`),
		mustHave: `"date"`},
	{name: "dyad", query: gql(`query($a: ID!, $b: ID!) { dyad(a: $a, b: $b) { a { id } b { id } relations { id } countsByType { type count } countsByMonth { month count } undated total } }`),
		vars: map[string]any{"a": ukraine, "b": russia}, mustHave: exchangeRel},
	{name: "first pieces of evidence", query: gql(`{ relations(first: 100) { nodes { id evidenceCount one: evidence(first: 1) { article { id } quote start end } two: evidence(first: 2) { start end } } } }`),
		mustHave: `"evidenceCount"`},
	// A cursor need not be of a piece the relation has: the pieces after
	// it in evidence order (here, those of the articles after the seed
	// article's id, and its own past offset 100).
	{name: "evidence after a cursor", query: gql(`query($after: String!) { relations(first: 100) { nodes { id evidenceCount
		evidence(first: 2, after: $after) { article { id } quote start end cursor } } } }`),
		vars: map[string]any{"after": store.EvidenceCursor(store.Evidence{Article: seedArticle, Start: 100})}, mustHave: `"cursor"`},
	{name: "first pieces of evidence, nested and on the timeline", query: gql(`query($id: ID!) { node(id: $id) { ... on Actor { relations(first: 100) { nodes { id evidenceCount evidence(first: 1) { article { id } start } } } } }
		timeline(entity: $id, first: 50) { edges { node { relation { id evidenceCount evidence(first: 1) { quote } } } } } }`),
		vars: map[string]any{"id": ukraine}, mustHave: `"evidenceCount"`},
	{name: "neighbourhood with few relations", query: gql(`query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 60, relationLimit: 5) { truncated nodes { id } relations { id } } }`),
		vars: map[string]any{"id": istanbulMtg}, mustHave: `"truncated": true`},
	{name: "stats", query: gql(`{ stats { nodesByType { type count } relationsByType { type count } entities relations articles evidence earliestDate latestDate } }`),
		mustHave: `"evidence"`},

	// Errors.
	{name: "a cursor that is not one", query: gql(`{ actors(after: "not a cursor") { totalCount nodes { id } } }`), wantErr: "BAD_USER_INPUT"},
	{name: "a relations cursor that is not one", query: gql(`{ relations(after: "bm90IGEgY3Vyc29y", orderBy: {field: DATE}) { nodes { id } } }`), wantErr: "BAD_USER_INPUT"},
	// One bad cursor a query: the order of several errors is the order in
	// which the resolvers, which run concurrently, fail.
	{name: "a nested relations cursor that is not one", query: gql(`query($id: ID!) { node(id: $id) { ... on Actor { relations(after: "%%%") { nodes { id } } } } }`),
		vars: map[string]any{"id": ukraine}, wantErr: "BAD_USER_INPUT"},
	{name: "a nested articles cursor that is not one", query: gql(`query($id: ID!) { node(id: $id) { ... on Actor { articles(after: "x") { nodes { id } } } } }`),
		vars: map[string]any{"id": ukraine}, wantErr: "BAD_USER_INPUT"},
	{name: "a page too large", query: gql(`{ articles(first: 101) { nodes { id } } }`), wantErr: "BAD_USER_INPUT"},
	{name: "too many pieces of evidence", query: gql(`{ relations(first: 1) { nodes { evidence(first: 1001) { start } } } }`), wantErr: "BAD_USER_INPUT"},
	{name: "a negative page", query: gql(`{ relations(first: -1) { nodes { id } } }`), wantErr: "BAD_USER_INPUT"},
	{name: "a malformed date", query: gql(`{ meetings(where: {date: {gte: "June 2025"}}) { nodes { id } } }`), wantErr: "BAD_USER_INPUT"},
}

var walks = []walk{
	{name: "entities by name", query: gql(`query($first: Int, $after: String) { list: entities(orderBy: {field: NAME}, first: $first, after: $after) { ` + entityConnection + ` } }`),
		first: 50, atLeast: 8},
	{name: "entities by id", query: gql(`query($first: Int, $after: String) { list: entities(first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id } } } }`),
		first: 100, atLeast: 4},
	{name: "actors by degree descending", query: gql(`query($first: Int, $after: String) { list: actors(orderBy: {field: DEGREE, direction: DESC}, first: $first, after: $after) { ` + entityConnection + ` } }`),
		first: 40, atLeast: 5},
	{name: "meetings by date descending", query: gql(`query($first: Int, $after: String) { list: meetings(orderBy: {field: DATE, direction: DESC}, first: $first, after: $after) { ` + entityConnection + ` } }`),
		first: 10, atLeast: 3},
	{name: "entities by date", query: gql(`query($first: Int, $after: String) { list: entities(orderBy: {field: DATE}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id } } } }`),
		first: 100, atLeast: 4},
	{name: "articles by publication", query: gql(`query($first: Int, $after: String) { list: articles(orderBy: {field: PUBLISHED, direction: DESC}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { ...A } } } }`),
		first: 30, atLeast: 7},
	{name: "articles by title", query: gql(`query($first: Int, $after: String) { list: articles(orderBy: {field: TITLE}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id title } } } }`),
		first: 50, atLeast: 4},
	{name: "relations by id", query: gql(`query($first: Int, $after: String) { list: relations(first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } }`),
		first: 100, atLeast: 9},
	{name: "relations by id descending", query: gql(`query($first: Int, $after: String) { list: relations(orderBy: {field: ID, direction: DESC}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id } } } }`),
		first: 100, atLeast: 9},
	{name: "relations of some types by type descending", query: gql(`query($first: Int, $after: String) { list: relations(types: [ATTENDED, HOSTED, HELD_IN, ACCUSED, LED], orderBy: {field: TYPE, direction: DESC}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id type } } } }`),
		first: 30, atLeast: 5},
	{name: "relations of an article by id", query: gql(`query($first: Int, $after: String) { list: relations(where: {article: {in: ["article:istanbul-talks-2025-06-03", "article:edge-cases-1"]}, NOT: {type: {eq: LED}}}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } }`),
		first: 7, atLeast: 4},
	{name: "relations by type", query: gql(`query($first: Int, $after: String) { list: relations(orderBy: {field: TYPE}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id type } } } }`),
		first: 100, atLeast: 9},
	{name: "relations by date descending", query: gql(`query($first: Int, $after: String) { list: relations(orderBy: {field: DATE, direction: DESC}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id date } } } }`),
		first: 100, atLeast: 9},
	{name: "the timeline", query: gql(`query($first: Int, $after: String) { list: timeline(first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { date relation { id } meeting { id } } } } }`),
		first: 100, atLeast: 5},
	{name: "a hub's timeline", query: gql(`query($id: ID!, $first: Int, $after: String) { list: timeline(entity: $id, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { date relation { ...R } meeting { id } } } } }`),
		vars: map[string]any{"id": ruritania}, first: 20, atLeast: 3},
	{name: "a hub's relations", query: gql(`query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Actor { list: relations(orderBy: {field: TYPE}, first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { ...R } } } } } }`),
		vars: map[string]any{"id": ruritania}, first: 25, atLeast: 3},
	{name: "a hub's articles", query: gql(`query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Actor { list: articles(first: $first, after: $after) { totalCount pageInfo { ...P } edges { cursor node { id } } } } } }`),
		vars: map[string]any{"id": ruritania}, first: 20, atLeast: 3},
}

// write is a mutation of the "after writes" phase.
type write struct {
	name     string
	query    string
	vars     map[string]any
	mustHave string
}

// writes are the mutations both stores undergo, in order: deletions that
// leave entities and relations with fewer articles or none, an article
// that replaces its earlier version with other claims, and no-ops.
func writes(t *testing.T) []write {
	t.Helper()
	edge2, err := os.ReadFile(filepath.Join("testdata", "edge-cases-2.json"))
	if err != nil {
		t.Fatal(err)
	}
	var replaced map[string]any
	if err := json.Unmarshal(edge2, &replaced); err != nil {
		t.Fatal(err)
	}
	// The second version drops the relations and the place, and renames
	// an alias.
	replaced["relations"] = []any{}
	entities := replaced["entities"].([]any)
	zulu := entities[0].(map[string]any)
	zulu["aliases"] = []any{"Z-Front"}
	replaced["entities"] = entities[:3]

	const deleteArticle = `mutation($id: ID!) { deleteArticle(id: $id) { id found removedEntities removedRelations } }`
	const ingest = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { outcome entities relations article { id title published } } }`
	return []write{
		{name: "delete the seed article", query: deleteArticle, vars: map[string]any{"id": seedArticle}, mustHave: `"found": true`},
		{name: "delete it again", query: deleteArticle, vars: map[string]any{"id": seedArticle}, mustHave: `"found": false`},
		{name: "delete a synthetic article", query: deleteArticle, vars: map[string]any{"id": "synth-000007"}, mustHave: `"found": true`},
		{name: "delete a brat article", query: deleteArticle, vars: map[string]any{"id": "article:talks"}, mustHave: `"found": true`},
		{name: "replace an article", query: ingest, vars: map[string]any{"input": replaced}, mustHave: `"REPLACED"`},
		{name: "replace it again", query: ingest, vars: map[string]any{"input": replaced}, mustHave: `"UNCHANGED"`},
	}
}
