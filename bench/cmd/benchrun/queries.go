package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"newsgraph/ontology"
)

// A query of the benchmark, as each server asks it. Its answers are
// compared after norm (newsgraph, on both stores), peerNorm and floorNorm:
// each turns an answer into the canonical text of what the query asks for.
type query struct {
	key, desc string

	newsgraph string
	norm      func(data any) (string, error)

	// peer is empty where the peer cannot express the query.
	peer     string
	peerNorm func(data any) (string, error)

	floor       string
	floorParams map[string]any
	floorNorm   func(rows []map[string]any) (string, error)
	// floorKey, when set, is what of newsgraph's answer the floor is
	// compared with (for queries whose floor computes only the core of
	// the answer: the ids, a length); norm is then compared across the two
	// newsgraph stores only.
	floorKey func(data any) (string, error)
}

// qargs are the arguments of the queries, picked from the graph.
type qargs struct {
	Hub            string // the actor with the most relations
	DyadA, DyadB   string // the two actors with the most relations between them
	PathFrom       string // the first actor by name
	PathTo         string // the first agreement by name
	Search         string // the first word of the hub's name
	NeighbourLimit int
}

// relTypes is the pattern of every relation type, for the floor's
// traversals ("LED|MEMBER_OF|...").
func relTypes() string {
	s := make([]string, len(ontology.RelationTypes))
	for i, t := range ontology.RelationTypes {
		s[i] = string(t)
	}
	return strings.Join(s, "|")
}

func pickArgs(ctx context.Context, fl *floor) (qargs, error) {
	a := qargs{NeighbourLimit: 100}
	one := func(cypher string, dst ...*string) error {
		rows, err := fl.run(ctx, cypher, nil)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return fmt.Errorf("no row for %s", cypher)
		}
		for i, d := range dst {
			*d, _ = rows[0][fmt.Sprint("v", i)].(string)
		}
		return nil
	}
	steps := []struct {
		cypher string
		dst    []*string
	}{
		{`MATCH (n:Actor)-[r:` + relTypes() + `]-(:Entity)
		  WITH n, count(DISTINCT r.relId) AS deg
		  RETURN n.id AS v0, n.name AS v1 ORDER BY deg DESC, n.id LIMIT 1`, []*string{&a.Hub, &a.Search}},
		{`MATCH (x:Actor)-[r:` + relTypes() + `]-(y:Actor) WHERE x.id < y.id
		  WITH x, y, count(DISTINCT r.relId) AS n
		  RETURN x.id AS v0, y.id AS v1 ORDER BY n DESC, x.id, y.id LIMIT 1`, []*string{&a.DyadA, &a.DyadB}},
		{`MATCH (n:Actor) RETURN n.id AS v0 ORDER BY n.name, n.id LIMIT 1`, []*string{&a.PathFrom}},
		{`MATCH (n:Agreement) RETURN n.id AS v0 ORDER BY n.name, n.id LIMIT 1`, []*string{&a.PathTo}},
	}
	for _, s := range steps {
		if err := one(s.cypher, s.dst...); err != nil {
			return a, err
		}
	}
	a.Search = strings.Fields(a.Search)[0]
	return a, nil
}

func queries(a qargs) []query {
	types := relTypes()
	return []query{
		{
			key:       "a",
			desc:      "20 actors by name + totalCount",
			newsgraph: `{ actors(first: 20, orderBy: {field: NAME}) { totalCount nodes { id name } } }`,
			norm: func(d any) (string, error) {
				return canon(get(d, "actors", "totalCount"), ids(get(d, "actors", "nodes"), "id", "name"))
			},
			peer: `{ actorsConnection(first: 20, sort: [{name: ASC}, {id: ASC}]) { totalCount edges { node { id name } } } }`,
			peerNorm: func(d any) (string, error) {
				return canon(get(d, "actorsConnection", "totalCount"), ids(nodesOf(get(d, "actorsConnection", "edges")), "id", "name"))
			},
			floor: `MATCH (n:Actor) WITH n ORDER BY n.name, n.id LIMIT 20
			        WITH collect(n {.id, .name}) AS page
			        RETURN COUNT { MATCH (:Actor) } AS total, page`,
			floorNorm: func(r []map[string]any) (string, error) {
				return canon(r[0]["total"], ids(r[0]["page"], "id", "name"))
			},
		},
		{
			key:  "b",
			desc: "20 actors → 10 relations → type, target name, evidence article title",
			newsgraph: `{ actors(first: 20, orderBy: {field: NAME}) { nodes { id relations(first: 10) { nodes {
				id type target { name } evidence { article { title } } } } } } }`,
			norm: func(d any) (string, error) {
				return nestedRelations(get(d, "actors", "nodes"), func(rel any) any {
					var titles []string
					for _, e := range list(get(rel, "evidence")) {
						titles = append(titles, str(get(e, "article", "title")))
					}
					return titles
				})
			},
			// Without totalCount, the peer's plain list is its fastest form:
			// its connection computes the @cypher field for every actor
			// before the page is cut (6× slower on the 2000-article corpus).
			peer: `{ actors(limit: 20, sort: [{name: ASC}, {id: ASC}]) { id relations(first: 10) {
				id type target { name } evidence { title } } } }`,
			peerNorm: func(d any) (string, error) {
				return nestedRelations(get(d, "actors"), func(rel any) any {
					var titles []string
					for _, e := range list(get(rel, "evidence")) {
						titles = append(titles, str(get(e, "title")))
					}
					return titles
				})
			},
			floor: `MATCH (n:Actor) WITH n ORDER BY n.name, n.id LIMIT 20
			        CALL (n) {
			          MATCH (n)-[r:` + types + `]-(:Entity)
			          WITH r.relId AS id, type(r) AS type, endNode(r) AS t, collect(r.article) AS arts
			          ORDER BY id LIMIT 10
			          CALL (arts) { UNWIND arts AS art MATCH (a:Article {id: art}) RETURN collect(a.title) AS titles }
			          RETURN collect({id: id, type: type, target: {name: t.name}, titles: titles}) AS relations
			        }
			        RETURN n.id AS id, relations`,
			floorNorm: func(rows []map[string]any) (string, error) {
				var nodes []any
				for _, r := range rows {
					nodes = append(nodes, map[string]any{"id": r["id"], "relations": r["relations"]})
				}
				return nestedRelations(nodes, func(rel any) any { return strs(get(rel, "titles")) })
			},
		},
		{
			key:  "c",
			desc: `actors whose name contains "a" with some outgoing REJECTED or DEMANDED, first 20 + totalCount`,
			newsgraph: `{ actors(first: 20, orderBy: {field: NAME}, where: {name: {contains: "a"},
				relations: {direction: OUT, some: {type: {in: [REJECTED, DEMANDED]}}}}) { totalCount nodes { id name } } }`,
			norm: func(d any) (string, error) {
				return canon(get(d, "actors", "totalCount"), ids(get(d, "actors", "nodes"), "id", "name"))
			},
			peer: `{ actorsConnection(first: 20, sort: [{name: ASC}, {id: ASC}], where: {name: {contains: "a"},
				OR: [{rejectedConnection: {some: {}}}, {demandedConnection: {some: {}}}]}) { totalCount edges { node { id name } } } }`,
			peerNorm: func(d any) (string, error) {
				return canon(get(d, "actorsConnection", "totalCount"), ids(nodesOf(get(d, "actorsConnection", "edges")), "id", "name"))
			},
			floor: `CALL () {
			          MATCH (n:Actor) WHERE n.name CONTAINS 'a' AND EXISTS { (n)-[:REJECTED|DEMANDED]->(:Entity) }
			          RETURN count(n) AS total
			        }
			        CALL () {
			          MATCH (n:Actor) WHERE n.name CONTAINS 'a' AND EXISTS { (n)-[:REJECTED|DEMANDED]->(:Entity) }
			          WITH n ORDER BY n.name, n.id LIMIT 20
			          RETURN collect(n {.id, .name}) AS page
			        }
			        RETURN total, page`,
			floorNorm: func(r []map[string]any) (string, error) {
				return canon(r[0]["total"], ids(r[0]["page"], "id", "name"))
			},
		},
		{
			key:  "d",
			desc: "one entity by id → relations(first:100) → source/target names + totalCount",
			newsgraph: fmt.Sprintf(`{ node(id: %q) { ... on Entity { relations(first: 100) { totalCount nodes {
				id source { name } target { name } } } } } }`, a.Hub),
			norm: func(d any) (string, error) {
				return canon(get(d, "node", "relations", "totalCount"), ids(get(d, "node", "relations", "nodes"), "id", "source.name", "target.name"))
			},
			peer: fmt.Sprintf(`{ actors(where: {id: {eq: %q}}) { relationCount relations(first: 100) {
				id source { name } target { name } } } }`, a.Hub),
			peerNorm: func(d any) (string, error) {
				n := list(get(d, "actors"))
				if len(n) != 1 {
					return "", fmt.Errorf("%d actors, want 1", len(n))
				}
				return canon(get(n[0], "relationCount"), ids(get(n[0], "relations"), "id", "source.name", "target.name"))
			},
			floor: `MATCH (n:Entity {id: $id})
			        CALL (n) {
			          MATCH (n)-[r:` + types + `]-(:Entity)
			          RETURN count(DISTINCT r.relId) AS total
			        }
			        CALL (n) {
			          MATCH (n)-[r:` + types + `]-(:Entity)
			          WITH DISTINCT r.relId AS id, startNode(r) AS s, endNode(r) AS t
			          ORDER BY id LIMIT 100
			          RETURN collect({id: id, source: {name: s.name}, target: {name: t.name}}) AS page
			        }
			        RETURN total, page`,
			floorParams: map[string]any{"id": a.Hub},
			floorNorm: func(r []map[string]any) (string, error) {
				return canon(r[0]["total"], ids(r[0]["page"], "id", "source.name", "target.name"))
			},
		},
		{
			key:       "search",
			desc:      fmt.Sprintf("search %q, first 10 (floor: the full-text index lookup; compared: the top hit)", a.Search),
			newsgraph: fmt.Sprintf(`{ search(query: %q, first: 10) { score matched node { id } } }`, a.Search),
			norm:      rawJSON,
			floorKey: func(d any) (string, error) {
				hits := list(get(d, "search"))
				if len(hits) == 0 {
					return canon(nil)
				}
				return canon(get(hits[0], "node", "id"))
			},
			// The full-text index newsgraph creates (see store/neo4jstore),
			// asked as newsgraph asks it: the word, its beginning, one typo.
			floor: `CALL db.index.fulltext.queryNodes('nodeSearch', $q, {limit: 50}) YIELD node, score
			        WHERE node:Entity
			        RETURN node.id AS id ORDER BY node.name = $name DESC, score DESC, id LIMIT 10`,
			floorParams: map[string]any{"q": luceneWord(a.Search), "name": a.Search},
			floorNorm: func(r []map[string]any) (string, error) {
				if len(r) == 0 {
					return canon(nil)
				}
				return canon(r[0]["id"])
			},
		},
		{
			key:  "timeline",
			desc: "timeline of the hub actor, first page of 20 (dated relations, date then id)",
			newsgraph: fmt.Sprintf(`{ timeline(entity: %q, first: 20) { totalCount edges { node { date
				relation { id type evidence { article { title } } } meeting { id } } } } }`, a.Hub),
			norm: rawJSON,
			floorKey: func(d any) (string, error) {
				var items []string
				for _, e := range list(get(d, "timeline", "edges")) {
					items = append(items, str(get(e, "node", "date"))+" "+str(get(e, "node", "relation", "id")))
				}
				return canon(get(d, "timeline", "totalCount"), items)
			},
			floor: `MATCH (n:Entity {id: $id})-[r:` + types + `]-(:Entity)
			        WITH r.relId AS id, startNode(r) AS s, endNode(r) AS t, collect(r) AS rs
			        WITH id, s, t, rs[0].date AS qd, [x IN rs | x.article] AS arts
			        CALL (arts) { MATCH (a:Article) WHERE a.id IN arts RETURN min(a.published) AS pub }
			        WITH id, coalesce(qd, CASE WHEN s:Meeting THEN s.date END, CASE WHEN t:Meeting THEN t.date END, pub) AS date
			        WHERE date IS NOT NULL
			        WITH date, id ORDER BY date, id
			        WITH collect(date + ' ' + id) AS items
			        RETURN size(items) AS total, items[0..20] AS page`,
			floorParams: map[string]any{"id": a.Hub},
			floorNorm: func(r []map[string]any) (string, error) {
				return canon(r[0]["total"], strs(r[0]["page"]))
			},
		},
		{
			key:  "dyad",
			desc: "dyad of the two actors with the most relations between them (relations with evidence, counts)",
			newsgraph: fmt.Sprintf(`{ dyad(a: %q, b: %q) { total undated countsByType { type count }
				relations { id type evidence { article { title } } } } }`, a.DyadA, a.DyadB),
			norm: rawJSON,
			floorKey: func(d any) (string, error) {
				return canon(get(d, "dyad", "total"), ids(get(d, "dyad", "relations"), "id"))
			},
			floor: `MATCH (x:Entity {id: $a})-[r:` + types + `]-(y:Entity {id: $b})
			        WITH r.relId AS id, collect(r.article) AS arts ORDER BY id
			        CALL (arts) { UNWIND arts AS art MATCH (a:Article {id: art}) RETURN collect(a.title) AS titles }
			        RETURN id, titles`,
			floorParams: map[string]any{"a": a.DyadA, "b": a.DyadB},
			floorNorm: func(r []map[string]any) (string, error) {
				var rels []any
				for _, row := range r {
					rels = append(rels, map[string]any{"id": row["id"]})
				}
				return canon(int64(len(r)), ids(rels, "id"))
			},
		},
		{
			key:  "neighbourhood",
			desc: fmt.Sprintf("neighbourhood of the hub actor, depth 2, limit %d (compared: the entity ids)", a.NeighbourLimit),
			newsgraph: fmt.Sprintf(`{ neighborhood(id: %q, depth: 2, limit: %d) { truncated nodes { id name }
				relations { id type } } }`, a.Hub, a.NeighbourLimit),
			norm: rawJSON,
			floorKey: func(d any) (string, error) {
				var ids []string
				for _, n := range list(get(d, "neighborhood", "nodes")) {
					ids = append(ids, str(get(n, "id")))
				}
				return canon(ids)
			},
			floor: `MATCH (c:Entity {id: $id})
			        CALL (c) { MATCH (c)-[:` + types + `]-(n:Entity) WHERE n <> c RETURN collect(DISTINCT n) AS d1 }
			        CALL (c, d1) {
			          UNWIND d1 AS x
			          MATCH (x)-[:` + types + `]-(n:Entity) WHERE n <> c AND NOT n IN d1
			          RETURN collect(DISTINCT n.id) AS d2
			        }
			        RETURN c.id AS centre, [n IN d1 | n.id] AS d1, d2`,
			floorParams: map[string]any{"id": a.Hub},
			floorNorm: func(r []map[string]any) (string, error) {
				d1, d2 := strs(r[0]["d1"]), strs(r[0]["d2"])
				slices.Sort(d1)
				slices.Sort(d2)
				all := append(append([]string{str(r[0]["centre"])}, d1...), d2...)
				if len(all) > a.NeighbourLimit {
					all = all[:a.NeighbourLimit]
				}
				return canon(all)
			},
		},
		{
			key:  "path",
			desc: "shortest path from the first actor to the first agreement by name, up to 4 hops (compared: its length)",
			newsgraph: fmt.Sprintf(`{ shortestPath(from: %q, to: %q, maxHops: 4) { length nodes { id }
				relations { id type } } }`, a.PathFrom, a.PathTo),
			norm: rawJSON,
			floorKey: func(d any) (string, error) {
				return canon(get(d, "shortestPath", "length"))
			},
			floor: `MATCH (x:Entity {id: $from}), (y:Entity {id: $to})
			        OPTIONAL MATCH p = shortestPath((x)-[:` + types + `*..4]-(y))
			        RETURN length(p) AS length`,
			floorParams: map[string]any{"from": a.PathFrom, "to": a.PathTo},
			floorNorm: func(r []map[string]any) (string, error) {
				return canon(r[0]["length"])
			},
		},
	}
}

// luceneWord is the full-text query of one word: itself, as a beginning,
// with one typo.
func luceneWord(w string) string {
	w = strings.ToLower(w)
	return fmt.Sprintf("+(%s %s* %s~1)", w, w, w)
}

// nestedRelations is the canonical text of actors with their relations:
// actor id, then per relation its id, type, target name and the sorted
// distinct titles of its evidence (from titles).
func nestedRelations(nodes any, titles func(rel any) any) (string, error) {
	var out []any
	for _, n := range list(nodes) {
		rels := get(n, "relations", "nodes")
		if rels == nil {
			rels = get(n, "relations")
		}
		var rs []any
		for _, r := range list(rels) {
			t := strs(titles(r))
			slices.Sort(t)
			rs = append(rs, []any{get(r, "id"), get(r, "type"), get(r, "target", "name"), slices.Compact(t)})
		}
		out = append(out, []any{get(n, "id"), rs})
	}
	return canon(out)
}

// rawJSON is the answer as it is: the two newsgraph stores answer byte for
// byte the same.
func rawJSON(d any) (string, error) { return canon(d) }

// canon is the JSON of its arguments, numbers as integers where they are
// whole, so that answers of the HTTP servers and of the driver compare.
func canon(v ...any) (string, error) {
	b, err := json.Marshal(normNumbers(v))
	return string(b), err
}

func normNumbers(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = normNumbers(x[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normNumbers(e)
		}
		return out
	}
	return v
}

// ids picks the fields (dotted paths) of each element of a list.
func ids(l any, fields ...string) []any {
	var out []any
	for _, e := range list(l) {
		row := make([]any, len(fields))
		for i, f := range fields {
			row[i] = get(e, strings.Split(f, ".")...)
		}
		out = append(out, row)
	}
	return out
}

// nodesOf turns connection edges into their nodes.
func nodesOf(edges any) []any {
	var out []any
	for _, e := range list(edges) {
		out = append(out, get(e, "node"))
	}
	return out
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strs(v any) []string {
	var out []string
	for _, e := range list(v) {
		out = append(out, str(e))
	}
	return out
}
