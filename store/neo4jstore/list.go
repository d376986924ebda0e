package neo4jstore

import (
	"context"
	"fmt"

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

// ListEntities pages through entities.
func (s *Store) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	st, err := entityStatement(q, false)
	if err != nil {
		return nil, err
	}
	return read(ctx, s, "list entities", func(tx neo4j.ManagedTransaction) (*store.Page[*store.Entity], error) {
		recs, err := run(ctx, tx, st.cypher, st.params)
		if err != nil {
			return nil, err
		}
		return page(recs, st.first, func(rec *neo4j.Record) (*store.Entity, string, error) {
			e, err := entityFromNode(rec.Values[0].(neo4j.Node))
			if err != nil {
				return nil, "", err
			}
			return e, store.EncodeCursor(store.EntitySortKey(e, q.Order.Field, int(integer(rec.Values[1]))), e.ID), nil
		})
	})
}

// CountEntities counts the entities q's filter matches.
func (s *Store) CountEntities(ctx context.Context, q store.EntityQuery) (int, error) {
	st, err := entityStatement(q, true)
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

// CountRelations counts the relations q's filter matches.
func (s *Store) CountRelations(ctx context.Context, q store.RelationQuery) (int, error) {
	st, err := relationStatement(q, true)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, "count relations", st)
}

// RelationsOf answers several relation queries in one read transaction.
func (s *Store) RelationsOf(ctx context.Context, qs []store.RelationQuery) ([]*store.Page[*store.Relation], error) {
	if len(qs) == 0 {
		return []*store.Page[*store.Relation]{}, nil
	}
	sts := make([]*statement, len(qs))
	for i, q := range qs {
		st, err := relationStatement(q, false)
		if err != nil {
			return nil, err
		}
		sts[i] = st
	}
	return read(ctx, s, "list relations", func(tx neo4j.ManagedTransaction) ([]*store.Page[*store.Relation], error) {
		out := make([]*store.Page[*store.Relation], len(qs))
		for i, st := range sts {
			recs, err := run(ctx, tx, st.cypher, st.params)
			if err != nil {
				return nil, err
			}
			field := qs[i].Order.Field
			out[i], err = page(recs, st.first, func(rec *neo4j.Record) (*store.Relation, string, error) {
				r := relationFromRecord(rec)
				return r, store.EncodeCursor(store.RelationSortKey(r, field), r.ID), nil
			})
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	})
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
	switch o.Field {
	case "", store.OrderByID, store.OrderByName, store.OrderByDate, store.OrderByDegree:
	default:
		return 0, invalidf("order field %q is not one of %s, %s, %s, %s", o.Field,
			store.OrderByID, store.OrderByName, store.OrderByDate, store.OrderByDegree)
	}
	return store.ClampFirst(first), nil
}

// entityStatement compiles an entity query; count asks for the count
// statement instead of the list.
func entityStatement(q store.EntityQuery, count bool) (*statement, error) {
	for _, t := range q.Types {
		if !t.IsEntity() {
			return nil, invalidf("entity type %q is not one of %v", t, ontology.Names(ontology.EntityTypes))
		}
	}
	if err := store.CheckEntityFilter(q.Where); err != nil {
		return nil, err
	}
	c := newCompiler()
	where := and(hasLabel("n", q.Types), c.entity("n", q.Where))
	if len(q.Types) == 0 {
		where = c.entity("n", q.Where)
	}
	match := fmt.Sprintf("MATCH (n:%s)\nWHERE %s\n", entityLabel, where)
	if count {
		return &statement{cypher: match + "RETURN count(n)", params: c.params}, nil
	}
	first, err := pageSize(q.First, q.Order)
	if err != nil {
		return nil, err
	}
	degree, key := "0", "n.id"
	switch q.Order.Field {
	case store.OrderByName:
		key = "coalesce(n.name, '')"
	case store.OrderByDate:
		key = "coalesce(n.date, '')"
	case store.OrderByDegree:
		// store.DegreeKey: the number of distinct relations, zero-padded
		// to ten digits.
		match += fmt.Sprintf("OPTIONAL MATCH (n)-[r:%s]-()\nWITH n, count(DISTINCT r.relId) AS degree\n", allRelTypes)
		degree = "degree"
		key = "CASE WHEN size(toString(degree)) >= 10 THEN toString(degree) " +
			"ELSE substring('0000000000', size(toString(degree))) + toString(degree) END"
	}
	after, order, err := pagination(c, "key", "n.id", q.Order, q.After, first)
	if err != nil {
		return nil, err
	}
	cypher := match + fmt.Sprintf("WITH n, %s AS degree, %s AS key\nWHERE %s\nRETURN n, degree, key\n%s",
		degree, key, after, order)
	return &statement{cypher: cypher, params: c.params, first: first}, nil
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

// relationMatch is the MATCH of a relation query's relationships r: all of
// them, or those of one entity in the query's direction.
func relationMatch(c *compiler, q store.RelationQuery) (string, error) {
	types := relTypes(q.Types)
	switch q.Direction {
	case store.Out, store.In, store.Both, "":
	default:
		return "", invalidf("direction %q is not one of %s, %s, %s", q.Direction, store.Out, store.In, store.Both)
	}
	if q.Entity == "" {
		return fmt.Sprintf("MATCH ()-[r:%s]->()", types), nil
	}
	entity := fmt.Sprintf("(:%s {id: %s})", entityLabel, c.param(q.Entity))
	switch q.Direction {
	case store.Out:
		return fmt.Sprintf("MATCH %s-[r:%s]->()", entity, types), nil
	case store.In:
		return fmt.Sprintf("MATCH ()-[r:%s]->%s", types, entity), nil
	}
	return fmt.Sprintf("MATCH %s-[r:%s]-()", entity, types), nil
}

// relationStatement compiles a relation query. A relation is the group of
// its evidence relationships (one per article and span), gathered by relId.
func relationStatement(q store.RelationQuery, count bool) (*statement, error) {
	for _, t := range q.Types {
		if _, ok := ontology.Relation(t); !ok {
			return nil, invalidf("relation type %q is not one of %v", t, ontology.Names(ontology.RelationTypes))
		}
	}
	if err := store.CheckRelationFilter(q.Where); err != nil {
		return nil, err
	}
	c := newCompiler()
	match, err := relationMatch(c, q)
	if err != nil {
		return nil, err
	}
	if count && q.Where == nil {
		return &statement{cypher: match + "\nRETURN count(DISTINCT r.relId)", params: c.params}, nil
	}
	vars := relationVars{ID: "id", Rels: "rs", First: "q", Source: "s", Target: "t"}
	cypher := match + `
WITH r.relId AS id, collect(DISTINCT r) AS rs
WITH id, rs, head(rs) AS q
WITH id, rs, q, startNode(q) AS s, endNode(q) AS t
WHERE ` + c.relation(vars, q.Where) + "\n"
	if count {
		return &statement{cypher: cypher + "RETURN count(id)", params: c.params}, nil
	}
	first, err := pageSize(q.First, q.Order)
	if err != nil {
		return nil, err
	}
	key := "id"
	switch q.Order.Field {
	case store.OrderByName:
		key = "type(q)"
	case store.OrderByDate:
		key = "coalesce(q.date, '')"
	}
	after, order, err := pagination(c, "key", "id", q.Order, q.After, first)
	if err != nil {
		return nil, err
	}
	cypher += fmt.Sprintf("WITH id, rs, q, %s AS key\nWHERE %s\nRETURN %s, key\n%s", key, after, relationColumns, order)
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}
