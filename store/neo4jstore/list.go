package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Lists are one statement each: match, filter (see compiler), compute the
// sort key, keep what comes after the cursor, order by key then id, and
// fetch one item more than the page to learn whether there is a next page.
// Sort keys are computed in Cypher exactly as store.EntitySortKey and its
// siblings compute them in Go, and cursors are made in Go from the decoded
// item with those functions, so they are the same in every engine.

// ListEntities pages through entities; with q.WithTotal, the same
// statement counts them (see entityPageWithTotal).
func (s *Store) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	var (
		st  *statement
		err error
	)
	if q.WithTotal {
		st, err = entityPageWithTotal(q)
	} else {
		st, err = entityStatement(newCompiler(), q, false)
	}
	if err != nil {
		return nil, err
	}
	return read(ctx, s, "list entities", func(tx neo4j.ManagedTransaction) (*store.Page[*store.Entity], error) {
		recs, err := run(ctx, tx, st.cypher, st.params)
		if err != nil {
			return nil, err
		}
		var total *int
		if q.WithTotal {
			total, recs = withTotal(recs)
		}
		p, err := page(recs, st.first, func(rec *neo4j.Record) (*store.Entity, string, error) {
			e, err := entityFrom(rec.Values[0], q.Projection)
			if err != nil {
				return nil, "", err
			}
			key := store.EntitySortKey(e, q.Order.Field, int(integer(rec.Values[1])))
			if q.Order.Field == store.OrderByDate {
				// A projection may leave the date out of e; the statement's
				// key is the same string.
				key = str(rec.Values[2])
			}
			return e, store.EncodeCursor(key, e.ID), nil
		})
		if err != nil {
			return nil, err
		}
		p.Total = total
		return p, nil
	})
}

// entityPageWithTotal compiles an entity query and its count into one
// statement (one round trip instead of two): its one row holds the count
// and the page's rows (n, degree, key), in page order.
func entityPageWithTotal(q store.EntityQuery) (*statement, error) {
	c := newCompiler()
	count, err := entityStatement(c, q, true)
	if err != nil {
		return nil, err
	}
	list, err := entityStatement(c, q, false)
	if err != nil {
		return nil, err
	}
	indent := func(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
	// The page is collected inside a subquery of its own: an empty page is
	// then one row holding [], not no row.
	cypher := fmt.Sprintf("CALL () {\n%s AS total\n}\nCALL () {\n  CALL () {\n%s\n  }\n  RETURN collect([n, degree, key]) AS rows\n}\nRETURN total, rows",
		indent(count.cypher), indent(indent(list.cypher)))
	return &statement{cypher: cypher, params: c.params, first: list.first}, nil
}

// CountEntities counts the entities q's filter matches.
func (s *Store) CountEntities(ctx context.Context, q store.EntityQuery) (int, error) {
	st, err := entityStatement(newCompiler(), q, true)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, "count entities", st)
}

// ListArticles pages through articles.
func (s *Store) ListArticles(ctx context.Context, q store.ArticleQuery) (*store.Page[*store.Article], error) {
	st, err := articleStatement(q, false)
	if err != nil {
		return nil, err
	}
	return read(ctx, s, "list articles", func(tx neo4j.ManagedTransaction) (*store.Page[*store.Article], error) {
		recs, err := run(ctx, tx, st.cypher, st.params)
		if err != nil {
			return nil, err
		}
		return page(recs, st.first, func(rec *neo4j.Record) (*store.Article, string, error) {
			a := articleFromNode(rec.Values[0].(neo4j.Node))
			return a, store.EncodeCursor(store.ArticleSortKey(a, q.Order.Field), a.ID), nil
		})
	})
}

// CountArticles counts the articles q's filter matches.
func (s *Store) CountArticles(ctx context.Context, q store.ArticleQuery) (int, error) {
	st, err := articleStatement(q, true)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, "count articles", st)
}

// ListRelations pages through relations.
func (s *Store) ListRelations(ctx context.Context, q store.RelationQuery) (*store.Page[*store.Relation], error) {
	pages, err := s.RelationsOf(ctx, []store.RelationQuery{q})
	if err != nil {
		return nil, err
	}
	return pages[0], nil
}

// CountRelations counts the relations q's filter matches. Those of an
// entity are counted as CountRelationsOf counts them (from the entity's
// heads when there is no filter: entityCountsStatement).
func (s *Store) CountRelations(ctx context.Context, q store.RelationQuery) (int, error) {
	if q.Entity != "" {
		counts, err := s.CountRelationsOf(ctx, []store.RelationQuery{q})
		if err != nil {
			return 0, err
		}
		return counts[0], nil
	}
	st, err := relationStatement(q, true)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, "count relations", st)
}

// RelationsOf answers several relation queries in one read transaction.
// Queries of an entity that differ only in their entity (the relations of
// every item of a list) are one statement, anchored on the entities (see
// entityRelationsStatement); lookups of relations by id with the same
// evidence options are one statement (see idLookup); other queries are one
// statement each.
func (s *Store) RelationsOf(ctx context.Context, qs []store.RelationQuery) ([]*store.Page[*store.Relation], error) {
	if len(qs) == 0 {
		return []*store.Page[*store.Relation]{}, nil
	}
	lookups, others := groupLookups(qs)
	rest := make([]store.RelationQuery, len(others))
	for k, i := range others {
		rest[k] = qs[i]
	}
	groups, err := groupQueries(rest, func(q store.RelationQuery) store.RelationQuery { return q },
		func(q store.RelationQuery) (*statement, error) { return relationStatement(q, false) }, entityRelationsStatement)
	if err != nil {
		return nil, err
	}
	// The groups' entries index rest: they are made to index qs.
	for _, g := range groups {
		for k, i := range g.entries {
			g.entries[k] = others[i]
		}
	}
	return read(ctx, s, "list relations", func(tx neo4j.ManagedTransaction) ([]*store.Page[*store.Relation], error) {
		out := make([]*store.Page[*store.Relation], len(qs))
		if err := runLookups(ctx, tx, qs, lookups, out); err != nil {
			return nil, err
		}
		for _, g := range groups {
			recs, err := run(ctx, tx, g.st.cypher, g.st.params)
			if err != nil {
				return nil, err
			}
			q := qs[g.entries[0]]
			item := func(rec *neo4j.Record) (*store.Relation, string, error) {
				r := relationFromRecord(rec)
				return r, store.EncodeCursor(store.RelationSortKey(r, q.Order.Field), r.ID), nil
			}
			if q.Entity == "" {
				if out[g.entries[0]], err = page(recs, g.st.first, item); err != nil {
					return nil, err
				}
				continue
			}
			// The rows come grouped by entity (the last column), each
			// entity's in page order.
			byEntity := map[string][]*neo4j.Record{}
			for _, rec := range recs {
				e := str(rec.Values[len(rec.Values)-1])
				byEntity[e] = append(byEntity[e], rec)
			}
			for _, i := range g.entries {
				if out[i], err = page(byEntity[qs[i].Entity], g.st.first, item); err != nil {
					return nil, err
				}
			}
		}
		store.DropEvidence(qs, out)
		return out, nil
	})
}

// CountRelationsOf counts for several relation queries in one read
// transaction. Queries of an entity that differ only in their entity are
// one statement, anchored on the entities (see entityCountsStatement);
// other queries are one count statement each.
func (s *Store) CountRelationsOf(ctx context.Context, qs []store.RelationQuery) ([]int, error) {
	groups, err := groupQueries(qs, func(q store.RelationQuery) store.RelationQuery {
		return store.RelationQuery{Direction: q.Direction, Types: q.Types, Where: q.Where}
	}, func(q store.RelationQuery) (*statement, error) { return relationStatement(q, true) }, entityCountsStatement)
	if err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		return []int{}, nil
	}
	return read(ctx, s, "count relations", func(tx neo4j.ManagedTransaction) ([]int, error) {
		out := make([]int, len(qs))
		for _, g := range groups {
			recs, err := run(ctx, tx, g.st.cypher, g.st.params)
			if err != nil {
				return nil, err
			}
			if qs[g.entries[0]].Entity == "" {
				out[g.entries[0]] = int(integer(recs[0].Values[0]))
				continue
			}
			byEntity := make(map[string]int, len(recs))
			for _, rec := range recs {
				byEntity[str(rec.Values[0])] = int(integer(rec.Values[1]))
			}
			for _, i := range g.entries {
				out[i] = byEntity[qs[i].Entity]
			}
		}
		return out, nil
	})
}

// queryGroup is a statement and the relation queries (indexes into the
// queries given) it answers.
type queryGroup struct {
	st      *statement
	entries []int
}

// groupQueries groups relation queries: queries of an entity with the same
// shape (what shape keeps of them, entity aside) share one statement made
// by batched for all their entities; other queries have one statement
// each, made by single. Groups come in the order of their first query.
func groupQueries(qs []store.RelationQuery, shape func(store.RelationQuery) store.RelationQuery,
	single func(store.RelationQuery) (*statement, error),
	batched func(store.RelationQuery, []string) (*statement, error)) ([]*queryGroup, error) {
	var groups []*queryGroup
	byShape := map[[9]string]*queryGroup{}
	for i, q := range qs {
		if q.Entity == "" {
			st, err := single(q)
			if err != nil {
				return nil, err
			}
			groups = append(groups, &queryGroup{st: st, entries: []int{i}})
			continue
		}
		sh := shape(q)
		sh.Entity = ""
		key := shapeKey(sh)
		g := byShape[key]
		if g == nil {
			g = &queryGroup{}
			byShape[key] = g
			groups = append(groups, g)
		}
		g.entries = append(g.entries, i)
	}
	for _, g := range groups {
		if g.st != nil {
			continue
		}
		entities := make([]string, len(g.entries))
		for k, i := range g.entries {
			entities[k] = qs[i].Entity
		}
		st, err := batched(qs[g.entries[0]], sortedUnique(entities))
		if err != nil {
			return nil, err
		}
		g.st = st
	}
	return groups, nil
}

// shapeKey is what a relation query is compared on to be batched with
// others: everything but its entity, with the filter as its text.
func shapeKey(q store.RelationQuery) [9]string {
	types := make([]string, len(q.Types))
	for i, t := range q.Types {
		types[i] = string(t)
	}
	return [9]string{string(q.Direction), strings.Join(types, "|"), fmt.Sprintf("%d", q.First), q.After,
		string(q.Order.Field) + fmt.Sprint(q.Order.Desc), filterText(q.Where), fmt.Sprint(q.NoEvidence),
		fmt.Sprint(q.EvidenceLimit), fmt.Sprint(q.ArticleOnlyEvidence)}
}

// filterText is a relation filter written out in full (pointers followed),
// so that equal filters have equal texts.
func filterText(f *store.RelationFilter) string {
	if f == nil {
		return ""
	}
	b, err := json.Marshal(f)
	if err != nil {
		// A filter holds only strings, numbers, slices and filters.
		panic(fmt.Sprintf("neo4jstore: relation filter does not marshal: %v", err))
	}
	return string(b)
}

// statement is a compiled list or count query.
type statement struct {
	cypher string
	params map[string]any
	first  int // page size (lists only)
}

// count runs a count statement.
func (s *Store) count(ctx context.Context, op string, st *statement) (int, error) {
	return read(ctx, s, op, func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := run(ctx, tx, st.cypher, st.params)
		if err != nil {
			return 0, err
		}
		return int(integer(recs[0].Values[0])), nil
	})
}

// page turns the records of a list statement (at most first+1) into a page.
func page[T any](recs []*neo4j.Record, first int, item func(*neo4j.Record) (T, string, error)) (*store.Page[T], error) {
	p := &store.Page[T]{Items: []T{}, Cursors: []string{}}
	if len(recs) > first {
		recs, p.HasNextPage = recs[:first], true
	}
	for _, rec := range recs {
		v, cursor, err := item(rec)
		if err != nil {
			return nil, err
		}
		p.Items = append(p.Items, v)
		p.Cursors = append(p.Cursors, cursor)
	}
	return p, nil
}

// withTotal reads the one record of a statement that counts a list and
// returns its page too: the count, and the page's rows as records.
func withTotal(recs []*neo4j.Record) (*int, []*neo4j.Record) {
	n := int(integer(recs[0].Values[0]))
	rows, _ := recs[0].Values[1].([]any)
	out := make([]*neo4j.Record, len(rows))
	for i, row := range rows {
		out[i] = &neo4j.Record{Values: row.([]any)}
	}
	return &n, out
}

// pagination returns the cursor condition on the variables key and id, and
// the ORDER BY and LIMIT that end a list statement. It adds its parameters
// to c.
func pagination(c *compiler, key, id string, o store.Order, after string, first int) (where, order string, err error) {
	where = "true"
	if after != "" {
		k, cid, err := store.DecodeCursor(after)
		if err != nil {
			return "", "", err
		}
		cmp := ">"
		if o.Desc {
			cmp = "<"
		}
		pk, pid := c.param(k), c.param(cid)
		where = fmt.Sprintf("(%[1]s %[2]s %[3]s OR (%[1]s = %[3]s AND %[4]s > %[5]s))", key, cmp, pk, id, pid)
	}
	dir := ""
	if o.Desc {
		dir = " DESC"
	}
	order = fmt.Sprintf("ORDER BY %s%s, %s\nLIMIT %s", key, dir, id, c.param(int64(first+1)))
	return where, order, nil
}

// pageSize applies the default and maximum page size (store.ClampFirst) and
// checks the order field.
func pageSize(first int, o store.Order) (int, error) {
	if _, err := store.CheckOrder(o); err != nil {
		return 0, err
	}
	return store.ClampFirst(first), nil
}

// entityStatement compiles an entity query with c; count asks for the
// count statement instead of the list. A query of one type matches that type's
// label, whose name index is smaller than Entity's. In name order the
// statement reads the name index in order (every entity has a name
// property, the empty string when it has none, so the index holds them all) from the
// cursor on: the page costs about its size, not the number of entities.
func entityStatement(c *compiler, q store.EntityQuery, count bool) (*statement, error) {
	for _, t := range q.Types {
		if !t.IsEntity() {
			return nil, invalidf("entity type %q is not one of %v", t, ontology.Names(ontology.EntityTypes))
		}
	}
	if err := store.CheckEntityFilter(q.Where); err != nil {
		return nil, err
	}
	c.indexedName = count || q.Order.Field != store.OrderByName
	nodeLabel, where := entityLabel, c.entity("n", q.Where)
	switch len(q.Types) {
	case 0:
	case 1:
		nodeLabel = label(q.Types[0])
	default:
		where = and(hasLabel("n", q.Types), where)
	}
	if count {
		return &statement{cypher: fmt.Sprintf("%s\nRETURN count(n)", c.entityMatch(nodeLabel, where, q.Where)), params: c.params}, nil
	}
	first, err := pageSize(q.First, q.Order)
	if err != nil {
		return nil, err
	}
	degree, key, with := "0", "n.id", ""
	switch q.Order.Field {
	case store.OrderByName:
		key = "n.name"
		seek, err := nameSeek(c, q.Order, q.After)
		if err != nil {
			return nil, err
		}
		where = and(seek, where)
	case store.OrderByDate:
		key = "coalesce(n.date, '')"
	case store.OrderByDegree:
		// store.DegreeKey: the number of distinct relations, zero-padded
		// to ten digits. The relations are counted by their heads: the
		// node's degree in heads, which Neo4j keeps (no expansion).
		with = fmt.Sprintf("WITH n, COUNT { (n)-[:%s]-() } AS degree\n", headType)
		degree = "degree"
		key = "CASE WHEN size(toString(degree)) >= 10 THEN toString(degree) " +
			"ELSE substring('0000000000', size(toString(degree))) + toString(degree) END"
	}
	after, order, err := pagination(c, "key", "n.id", q.Order, q.After, first)
	if err != nil {
		return nil, err
	}
	// The page is cut before the projection, which then reads the
	// properties (and articles) of its entities only.
	ret := fmt.Sprintf("WITH n, degree, key\n%s\nRETURN %s AS n, degree, key", order, entityReturn("n", q.Projection))
	cypher := fmt.Sprintf("%s\n%sWITH n, %s AS degree, %s AS key\nWHERE %s\n%s",
		c.entityMatch(nodeLabel, where, q.Where), with, degree, key, after, ret)
	return &statement{cypher: cypher, params: articlePageParams(q.Projection, c.params), first: first}, nil
}

// entityMatch binds n to the entities with label nodeLabel that satisfy
// where, the compiled filter f. When f requires an identifying code
// (codeSeek), the full-text index CodeKeyIndex finds the few entities that
// carry it, and where, which tests the code exactly, filters them; when
// f names the articles one of which mentions each entity (articleSeek),
// the entities are read from these articles' MENTIONS; otherwise every
// entity of the label is read.
func (c *compiler) entityMatch(nodeLabel, where string, f *store.EntityFilter) string {
	if key, ok := codeSeek(f); ok {
		return fmt.Sprintf("CALL db.index.fulltext.queryNodes(%s, %s) YIELD node AS n\nWITH n WHERE n:%s AND %s",
			c.param(CodeKeyIndex), c.param(termQuery([]string{key})), nodeLabel, where)
	}
	if ids, ok := articleSeek(f); ok {
		a := c.variable()
		return fmt.Sprintf("MATCH (%s:%s)-[:%s]->(n:%s)\nWHERE %s.id IN %s\nWITH DISTINCT n WHERE %s",
			a, label(ontology.Article), ontology.Mentions, nodeLabel, a, c.param(ids), where)
	}
	return fmt.Sprintf("MATCH (n:%s)\nWHERE %s", nodeLabel, where)
}

// articleSeek finds the ids of articles one of which mentions every entity
// f matches: those its article filter, or that of one of its And branches
// at any depth, names (equal to, or in a list). A list of such entities
// then starts from these articles' MENTIONS rather than from every
// entity.
func articleSeek(f *store.EntityFilter) ([]string, bool) {
	if f == nil {
		return nil, false
	}
	if af := f.Article; af != nil {
		switch {
		case af.Eq != nil:
			return []string{*af.Eq}, true
		case af.In != nil:
			return sortedUnique(af.In), true
		}
	}
	for _, sub := range f.And {
		if ids, ok := articleSeek(sub); ok {
			return ids, true
		}
	}
	return nil, false
}

// codeSeek finds a code that every entity f matches must carry and that
// CodeKeyIndex holds: an identifying code (store.CodeKeys), named by the
// code filter of f or of one of its And branches, at any depth. It
// returns the code's key.
func codeSeek(f *store.EntityFilter) (string, bool) {
	if f == nil {
		return "", false
	}
	if cf := f.Code; cf != nil && cf.Value != nil {
		if spec, ok := ontology.Scheme(cf.Scheme); ok && spec.Identifies(*cf.Value) {
			return cf.Key(), true
		}
	}
	for _, sub := range f.And {
		if key, ok := codeSeek(sub); ok {
			return key, true
		}
	}
	return "", false
}

// nameSeek is the condition on n.name that lets Neo4j read the name index
// in order: a range from the cursor's name on (to it, descending), or
// every name on the first page.
func nameSeek(c *compiler, o store.Order, after string) (string, error) {
	if after == "" {
		return "n.name IS NOT NULL", nil
	}
	k, _, err := store.DecodeCursor(after)
	if err != nil {
		return "", err
	}
	if o.Desc {
		return "n.name <= " + c.param(k), nil
	}
	return "n.name >= " + c.param(k), nil
}

// articleStatement compiles an article query.
func articleStatement(q store.ArticleQuery, count bool) (*statement, error) {
	c := newCompiler()
	match := fmt.Sprintf("MATCH (n:%s)\nWHERE %s\n", label(ontology.Article), c.article("n", q.Where))
	if count {
		return &statement{cypher: match + "RETURN count(n)", params: c.params}, nil
	}
	first, err := pageSize(q.First, q.Order)
	if err != nil {
		return nil, err
	}
	key := "n.id"
	switch q.Order.Field {
	case store.OrderByName:
		key = "coalesce(n.title, '')"
	case store.OrderByDate:
		key = "coalesce(n.published, '')"
	}
	after, order, err := pagination(c, "key", "n.id", q.Order, q.After, first)
	if err != nil {
		return nil, err
	}
	cypher := match + fmt.Sprintf("WITH n, %s AS key\nWHERE %s\nRETURN n, key\n%s", key, after, order)
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}

// relationPattern returns the MATCH of a relation query's relationships r
// of the relationship types given ("LED|DEMANDED"), with their source s and
// target t: all of them (from the entities of the filter's anchor when it
// has one: see relationAnchor), or those of one entity in the query's
// direction.
// Binding s and t in the pattern, rather than with startNode and endNode
// after it, lets Neo4j read r in the order of its relId index.
func relationPattern(c *compiler, q store.RelationQuery) (func(types string) string, error) {
	switch q.Direction {
	case store.Out, store.In, store.Both, "":
	default:
		return nil, invalidf("direction %q is not one of %s, %s, %s", q.Direction, store.Out, store.In, store.Both)
	}
	if q.Entity == "" {
		a, ok := relationAnchor(q.Where)
		return func(types string) string {
			anchor := ""
			if ok {
				anchor = a.match(c)
			}
			return anchor + fmt.Sprintf("MATCH (s)-[r:%s]->(t)", types)
		}, nil
	}
	entity := fmt.Sprintf(":%s {id: %s}", entityLabel, c.param(q.Entity))
	switch q.Direction {
	case store.Out:
		return func(types string) string { return fmt.Sprintf("MATCH (s%s)-[r:%s]->(t)", entity, types) }, nil
	case store.In:
		return func(types string) string { return fmt.Sprintf("MATCH (s)-[r:%s]->(t%s)", types, entity) }, nil
	}
	return func(types string) string {
		return fmt.Sprintf("MATCH (%s)-[r:%s]-()\nWITH r, startNode(r) AS s, endNode(r) AS t", entity, types)
	}, nil
}

// entityRelationsStatement compiles the relation query q for each of the
// entities given (q's own entity is ignored): one statement that seeks each
// entity by its id, expands its relationships of every requested type at
// once, groups them by relId (a relation's evidence relationships all
// touch the entity, so the group is the whole relation), filters and cuts
// each entity's page. Its cost follows the entities' degrees, not the size
// of the graph. The rows are those of relationColumns, the sort key and
// the entity id, grouped by entity, each entity's in page order.
// A query that headable answers reads the relations' heads instead.
func entityRelationsStatement(q store.RelationQuery, entities []string) (*statement, error) {
	heads := headable(q)
	c, body, orderBy, first, err := entityRelationsBody(q, entities, heads)
	if err != nil {
		return nil, err
	}
	columns := relationColumnsOf(c, q)
	if heads {
		columns = headColumns(c, q, false)
	}
	cypher := fmt.Sprintf("%sRETURN %s, key, n.id AS entity\nORDER BY entity, %s", body, columns, orderBy)
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}

// entityRelationsBody is the statement of entityRelationsStatement up to
// its RETURN: rows n (the entity) with id, rs, q and key, each entity's
// page; and the order of a page, without ORDER BY ("key, id"). With heads
// (a query that headable answers), the page is read from the relations'
// heads (headGroups): rows n, id, q (the head) and key.
func entityRelationsBody(q store.RelationQuery, entities []string, heads bool) (c *compiler, body, orderBy string, first int, err error) {
	if err := checkRelationQuery(q); err != nil {
		return nil, "", "", 0, err
	}
	if first, err = pageSize(q.First, q.Order); err != nil {
		return nil, "", "", 0, err
	}
	c = newCompiler()
	groups, vars := entityRelationGroups(c, q), "id, rs, q"
	if heads {
		if groups, err = headGroups(c, q, first); err != nil {
			return nil, "", "", 0, err
		}
		vars = "id, q"
	}
	after, order, err := pagination(c, "key", "id", q.Order, q.After, first)
	if err != nil {
		return nil, "", "", 0, err
	}
	orderBy, _, _ = strings.Cut(order, "\n")
	// In id order the key is the relation's relId, which id holds already:
	// reading it again from q would cost a property read per relation of
	// the entity, not per relation of the page.
	key := "id"
	switch f := q.Order.Field; {
	case f == store.OrderByName && heads:
		key = "q.type"
	case f == store.OrderByName || f == store.OrderByDate:
		key = relationKey(q.Order, "q")
	}
	body = fmt.Sprintf(`UNWIND %s AS eid
MATCH (n:%s {id: eid})
CALL (n) {
%s
  WITH %s, %s AS key
  WHERE %s
  RETURN %[4]s, key
  %[7]s
}
`, c.param(entities), entityLabel, groups,
		vars, key, after, strings.ReplaceAll(order, "\n", "\n  "))
	return c, body, strings.TrimPrefix(orderBy, "ORDER BY "), first, nil
}

// entityCountsStatement compiles the count of the relation query q for
// each of the entities given (q's own entity, page and order are ignored):
// the matching relations of each entity are grouped as in
// entityRelationsStatement, then counted. The rows are the entity id and
// its count; an entity that does not exist has no row. Without a filter,
// the heads are counted (headCount).
func entityCountsStatement(q store.RelationQuery, entities []string) (*statement, error) {
	if err := checkRelationQuery(q); err != nil {
		return nil, err
	}
	c := newCompiler()
	if q.Where == nil {
		cypher := fmt.Sprintf(`UNWIND %s AS eid
MATCH (n:%s {id: eid})
RETURN n.id AS entity, %s AS count`, c.param(entities), entityLabel, headCount(c, q))
		return &statement{cypher: cypher, params: c.params}, nil
	}
	groups := entityRelationGroups(c, q)
	cypher := fmt.Sprintf(`UNWIND %s AS eid
MATCH (n:%s {id: eid})
CALL (n) {
%s
  RETURN count(id) AS count
}
RETURN n.id AS entity, count`, c.param(entities), entityLabel, groups)
	return &statement{cypher: cypher, params: c.params}, nil
}

// entityRelationGroups is the body shared by entityRelationsStatement and
// entityCountsStatement: the relationships of the entity n of every type
// q asks for, grouped by relId into rows (id, rs, q), filtered by q's
// filter (with the relation's source s and target t bound only when there
// is one).
func entityRelationGroups(c *compiler, q store.RelationQuery) string {
	vars := relationVars{ID: "id", Rels: "rs", First: "q", Source: "s", Target: "t"}
	groups := fmt.Sprintf(`  MATCH %s
  WITH r.relId AS id, collect(DISTINCT r) AS rs
  WITH id, rs, head(rs) AS q`, pattern("n", "r", relTypes(q.Types), "", q.Direction))
	if where := c.relation(vars, q.Where); where != "true" {
		groups += fmt.Sprintf(`
  WITH id, rs, q, startNode(q) AS s, endNode(q) AS t
  WHERE %s`, where)
	}
	return groups
}

// checkRelationQuery checks what a relation query's statement cannot: its
// types, filter and direction.
func checkRelationQuery(q store.RelationQuery) error {
	for _, t := range q.Types {
		if _, ok := ontology.Relation(t); !ok {
			return invalidf("relation type %q is not one of %v", t, ontology.Names(ontology.RelationTypes))
		}
	}
	if err := store.CheckRelationFilter(q.Where); err != nil {
		return err
	}
	switch q.Direction {
	case store.Out, store.In, store.Both, "":
		return nil
	}
	return invalidf("direction %q is not one of %s, %s, %s", q.Direction, store.Out, store.In, store.Both)
}

// relationStatement compiles a relation query. A relation is the group of
// its evidence relationships (one per article and span), which share its
// relId, type, ends and qualifiers.
func relationStatement(q store.RelationQuery, count bool) (*statement, error) {
	if err := checkRelationQuery(q); err != nil {
		return nil, err
	}
	c := newCompiler()
	pattern, err := relationPattern(c, q)
	if err != nil {
		return nil, err
	}
	first := 0
	if !count {
		if first, err = pageSize(q.First, q.Order); err != nil {
			return nil, err
		}
	}
	var cypher string
	anchor, anchored := relationAnchor(q.Where)
	switch {
	case count && anchored && q.Entity == "" && headFilter(q.Where):
		// The anchor's heads, as its page reads them.
		cypher = anchoredHeadCount(c, anchor, q)
	case !perRelationship(q.Where):
		cypher, err = relationsByGroup(c, pattern(relTypes(q.Types)), q, count, first)
	case count:
		cypher = relationsByRelationship(c, pattern, q, "") + "RETURN count(DISTINCT r.relId)"
	case q.Order.Field == store.OrderByDate:
		cypher, err = relationPageByScan(c, pattern, q, first)
	default:
		cypher, err = relationPageByIndex(c, pattern, q, first)
	}
	if err != nil {
		return nil, err
	}
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}

// Most relation queries have a filter that holds of a relation exactly when
// it holds of one of its evidence relationships (see perRelationship). For
// them the statement filters relationships, keeps one row per relId, cuts
// the page, and only then gathers the page's relations, evidence and all,
// by relId: no relation outside the page is gathered. In id and type order
// each relationship type is read from its relId index, in order, up to the
// page size: a page costs about as much at the end of the list as at the
// start. Date order scans the matching relationships.

// relationsByRelationship is the MATCH and filter of the relationships r
// of a relation query, of the types given (the query's by default), with
// the extra condition cond.
func relationsByRelationship(c *compiler, pattern func(string) string, q store.RelationQuery, cond string, types ...ontology.RelationType) string {
	if len(types) == 0 {
		types = q.Types
	}
	vars := relationVars{ID: "r.relId", Rels: "[r]", First: "r", Source: "s", Target: "t"}
	return pattern(relTypes(types)) + "\nWHERE " + and(c.relation(vars, q.Where), cond) + "\n"
}

// relationPageByScan pages through relations in date order.
func relationPageByScan(c *compiler, pattern func(string) string, q store.RelationQuery, first int) (string, error) {
	after, order, err := pagination(c, "key", "id", q.Order, q.After, first)
	if err != nil {
		return "", err
	}
	return relationsByRelationship(c, pattern, q, "") + fmt.Sprintf(`WITH DISTINCT r.relId AS id, %s AS key
WITH id, key WHERE %s
WITH id, key
%s
%s`, relationKey(q.Order, "r"), after, order, gatherPage(c, q, order)), nil
}

// relationPageByIndex pages through relations in id or type order: one
// branch per relationship type reads its relIds in order past the cursor,
// up to a page; the page is the first of their union.
func relationPageByIndex(c *compiler, pattern func(string) string, q store.RelationQuery, first int) (string, error) {
	var ck, cid string
	if q.After != "" {
		var err error
		if ck, cid, err = store.DecodeCursor(q.After); err != nil {
			return "", err
		}
	}
	byType := q.Order.Field == store.OrderByName
	dir, idDir, cmp := "", "", ">"
	if q.Order.Desc {
		dir = " DESC"
		if !byType {
			idDir, cmp = " DESC", "<"
		}
	}
	limit := c.param(int64(first + 1))
	// An anchored query (see relationAnchor) reads the relationships of
	// its anchor's entities, not the relId index: its condition on the
	// cursor is tested on the ids read, where no index can answer it.
	anchor, anchored := relationAnchor(q.Where)
	// When its filter holds of heads as of evidence (headFilter), such a
	// query reads its anchor's heads of each type (one per relation, from
	// an index), not their evidence (one per piece of evidence): only the
	// page's relations' evidence is read, by gatherPage.
	byHeads := anchored && q.Entity == "" && headFilter(q.Where)
	// A query of given relation ids (store.RelationIDAnchor) seeks them
	// in each type's relId index: the planner would otherwise read the
	// index in order for the page, up to every id of the type.
	if _, byIDs := store.RelationIDAnchor(q.Where); byIDs && !anchored && q.Entity == "" {
		unhinted := pattern
		pattern = func(types string) string {
			return unhinted(types) + fmt.Sprintf("\nUSING INDEX SEEK r:%s(relId)", types)
		}
	}
	var branches []string
	for _, t := range orAll(q.Types) {
		// cond is the condition on the cursor, on the relation id v; ""
		// on a first page.
		cond := func(string) string { return "" }
		switch {
		case q.After == "":
		case byType:
			// Ties on the type are broken by id, ascending.
			order := strings.Compare(string(t), ck)
			if q.Order.Desc {
				order = -order
			}
			if order < 0 {
				continue
			}
			if order == 0 {
				p := c.param(cid)
				cond = func(v string) string { return v + " > " + p }
			}
		default:
			p := c.param(ck)
			cond = func(v string) string { return fmt.Sprintf("%s %s %s", v, cmp, p) }
		}
		if byHeads {
			branches = append(branches, "  "+strings.ReplaceAll(anchoredHeads(c, anchor, q, t, cond("id")), "\n", "\n  ")+
				fmt.Sprintf("ORDER BY id%s\n  LIMIT %s\n  RETURN id, %s AS key", idDir, limit, branchKey(byType, t)))
			continue
		}
		read, distinct := cond("r.relId"), "WITH DISTINCT r.relId AS id\n  "
		switch {
		case anchored:
			read = ""
			if cond("id") != "" {
				distinct += "WHERE " + cond("id") + "\n  "
			}
		case read == "":
			// Without a condition on relId, Neo4j would not read its index.
			read = "r.relId IS NOT NULL"
		}
		branches = append(branches, "  "+strings.ReplaceAll(relationsByRelationship(c, pattern, q, read, t), "\n", "\n  ")+
			fmt.Sprintf("%sORDER BY id%s\n  LIMIT %s\n  RETURN id, %s AS key", distinct, idDir, limit, branchKey(byType, t)))
	}
	if len(branches) == 0 {
		return "UNWIND [] AS nothing RETURN nothing", nil
	}
	order := fmt.Sprintf("ORDER BY key%s, id\nLIMIT %s", dir, limit)
	return fmt.Sprintf("CALL () {\n%s\n}\nWITH id, key\n%s\n%s", strings.Join(branches, "\n  UNION ALL\n"), order, gatherPage(c, q, order)), nil
}

// branchKey is the sort key of a relation of type t in the branches of
// relationPageByIndex: its type in type order, else its id.
func branchKey(byType bool, t ontology.RelationType) string {
	if byType {
		return "'" + relType(t) + "'"
	}
	return "id"
}

// gatherPage ends a statement whose rows are the page's relation ids and
// sort keys, in order (order, an ORDER BY and a LIMIT): it gathers their
// evidence relationships by relId and returns relationColumns and key, in
// the same order.
func gatherPage(c *compiler, q store.RelationQuery, order string) string {
	gather := make([]string, 0, len(ontology.RelationTypes))
	for _, t := range orAll(q.Types) {
		gather = append(gather, fmt.Sprintf("  MATCH ()-[r:%s {relId: id}]->() RETURN r", relType(t)))
	}
	// Gathering loses the order: ORDER BY (without LIMIT) comes again at
	// the end.
	orderBy, _, _ := strings.Cut(order, "\n")
	return fmt.Sprintf(`CALL (id) {
%s
}
WITH id, key, collect(r) AS rs
WITH id, key, rs, head(rs) AS q
RETURN %s, key
%s`, strings.Join(gather, "\n  UNION ALL\n"), relationColumnsOf(c, q), orderBy)
}

// relationsByGroup is the statement of any relation query: it groups every
// relationship of the match by relId before filtering.
func relationsByGroup(c *compiler, match string, q store.RelationQuery, count bool, first int) (string, error) {
	vars := relationVars{ID: "id", Rels: "rs", First: "q", Source: "s", Target: "t"}
	cypher := match + `
WITH r.relId AS id, collect(DISTINCT r) AS rs
WITH id, rs, head(rs) AS q
WITH id, rs, q, startNode(q) AS s, endNode(q) AS t
WHERE ` + c.relation(vars, q.Where) + "\n"
	if count {
		return cypher + "RETURN count(id)", nil
	}
	after, order, err := pagination(c, "key", "id", q.Order, q.After, first)
	if err != nil {
		return "", err
	}
	return cypher + fmt.Sprintf("WITH id, rs, q, %s AS key\nWHERE %s\nRETURN %s, key\n%s",
		relationKey(q.Order, "q"), after, relationColumnsOf(c, q), order), nil
}

// relationKey is the sort key of a relation (store.RelationSortKey) read
// from one of its evidence relationships, r.
func relationKey(o store.Order, r string) string {
	switch o.Field {
	case store.OrderByName:
		return "type(" + r + ")"
	case store.OrderByDate:
		return "coalesce(" + r + ".date, '')"
	}
	return r + ".relId"
}

// orAll is ts, or every relation type when ts is empty.
func orAll(ts []ontology.RelationType) []ontology.RelationType {
	if len(ts) == 0 {
		return ontology.RelationTypes
	}
	return ts
}

// perRelationship reports whether a relation filter can be tested on each
// evidence relationship alone: a relation matches exactly when one of its
// relationships does. Every condition but article is the same on all of a
// relation's relationships; an article condition ("some evidence is from
// this article") can be tested on one relationship only when it is the
// only one and is required, not negated or an alternative.
func perRelationship(f *store.RelationFilter) bool {
	required, other := articleConditions(f, true)
	return other == 0 && required <= 1
}

// articleConditions counts the conditions of f on one piece of evidence
// (article, evidence): those every match requires (reached through AND
// only) and the others. An effective date counts as another: no single
// relationship decides it.
func articleConditions(f *store.RelationFilter, required bool) (req, other int) {
	if f == nil {
		return 0, 0
	}
	for _, set := range []bool{f.Article != nil, f.Evidence != nil} {
		switch {
		case !set:
		case required:
			req++
		default:
			other++
		}
	}
	if f.EffectiveDate != nil {
		other++ // it reads every relationship of a relation
	}
	add := func(sub *store.RelationFilter, required bool) {
		r, o := articleConditions(sub, required)
		req, other = req+r, other+o
	}
	for _, sub := range f.And {
		add(sub, required)
	}
	for _, sub := range f.Or {
		add(sub, len(f.Or) == 1 && required)
	}
	add(f.Not, false)
	return req, other
}
