package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.LevelReader = (*Store)(nil)

// ReadLevel reads a relation level (store.LevelQuery) in one read
// transaction. The queries of entities that differ only in their entity
// (the relations of every item of a list) are one statement, anchored on
// the entities as in RelationsOf, that also returns the entities at the
// ends of the pages' relations, the articles of their evidence and the
// counts of the cut pages when the level asks for them (see
// entityLevelStatement): a nested level is one statement. Another query is
// one statement of its own, the ends and articles of such pages one more,
// and the count of each cut one one more.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	qs := q.Queries
	if len(qs) == 0 {
		lv := &store.Level{Pages: []*store.Page[*store.Relation]{}, Entities: map[string]*store.Entity{},
			Articles: map[string]*store.Article{}}
		if q.Counts {
			lv.Counts = []int{}
		}
		return lv, nil
	}
	groups, err := groupQueries(qs, func(rq store.RelationQuery) store.RelationQuery { return rq },
		func(rq store.RelationQuery) (*statement, error) { return relationStatement(rq, false) },
		func(rq store.RelationQuery, entities []string) (*statement, error) {
			return entityLevelStatement(rq, entities, q)
		})
	if err != nil {
		return nil, err
	}
	return read(ctx, s, "read relation level", func(tx neo4j.ManagedTransaction) (*store.Level, error) {
		pages := make([]*store.Page[*store.Relation], len(qs))
		counts := make([]int, len(qs))
		entities := map[string]*store.Entity{}
		articles := map[string]*store.Article{}
		var alone []*store.Page[*store.Relation] // pages whose ends and articles are still to read
		for _, g := range groups {
			rq := qs[g.entries[0]]
			item := func(rec *neo4j.Record) (*store.Relation, string, error) {
				r := relationFromRecord(rec)
				return r, store.EncodeCursor(store.RelationSortKey(r, rq.Order.Field), r.ID), nil
			}
			recs, err := run(ctx, tx, g.st.cypher, g.st.params)
			if err != nil {
				return nil, err
			}
			if rq.Entity == "" {
				if pages[g.entries[0]], err = page(recs, g.st.first, item); err != nil {
					return nil, err
				}
				alone = append(alone, pages[g.entries[0]])
				if q.Counts {
					if counts[g.entries[0]], err = countAlone(ctx, tx, rq, pages[g.entries[0]]); err != nil {
						return nil, err
					}
				}
				continue
			}
			// One record: the rows of RelationsOf's statement, as lists,
			// grouped by entity (the last value), each entity's in page
			// order; the ends; the articles.
			byEntity := map[string][]*neo4j.Record{}
			for _, row := range recs[0].Values[0].([]any) {
				vals := row.([]any)
				e := str(vals[len(vals)-1])
				byEntity[e] = append(byEntity[e], &neo4j.Record{Values: vals})
			}
			byEntityCount := map[string]int{}
			list, _ := recs[0].Values[3].([]any)
			for _, v := range list {
				ec := v.([]any)
				byEntityCount[str(ec[0])] = int(integer(ec[1]))
			}
			for _, i := range g.entries {
				if pages[i], err = page(byEntity[qs[i].Entity], g.st.first, item); err != nil {
					return nil, err
				}
				counts[i] = len(pages[i].Items)
				if qs[i].After != "" || pages[i].HasNextPage {
					counts[i] = byEntityCount[qs[i].Entity]
				}
			}
			if err := addNodes(recs[0].Values[1], recs[0].Values[2], q.Projection, entities, articles); err != nil {
				return nil, err
			}
			if titledLevel(rq, q) {
				addTitledArticles(recs[0].Values[0], q.Projection, articles)
			}
		}
		if len(alone) > 0 && (q.Ends || q.Articles) {
			ends, arts := store.LevelRefs(alone)
			if !q.Ends {
				ends = nil
			}
			if !q.Articles {
				arts = nil
			}
			recs, err := run(ctx, tx, levelLookupCypher(q.Projection),
				articlePageParams(q.Projection, map[string]any{"ends": ends, "articles": arts}))
			if err != nil {
				return nil, err
			}
			if err := addNodes(recs[0].Values[0], recs[0].Values[1], q.Projection, entities, articles); err != nil {
				return nil, err
			}
		}
		// The statements read the ends and articles of one relation more
		// than a page (the one that tells there is a next page): the level
		// holds those of the pages only.
		store.DropEvidence(qs, pages)
		lv := &store.Level{Pages: pages, Entities: map[string]*store.Entity{}, Articles: map[string]*store.Article{}}
		if q.Counts {
			lv.Counts = counts
		}
		ends, arts := store.LevelRefs(pages)
		for _, id := range ends {
			if e := entities[id]; e != nil && q.Ends {
				lv.Entities[id] = e
			}
		}
		for _, id := range arts {
			if a := articles[id]; a != nil && q.Articles {
				lv.Articles[id] = a
			}
		}
		return lv, nil
	})
}

// countAlone counts the relations of the query q without an entity, whose
// page is p: the page's length when it is a whole first page, otherwise
// with q's count statement.
func countAlone(ctx context.Context, tx neo4j.ManagedTransaction, q store.RelationQuery, p *store.Page[*store.Relation]) (int, error) {
	if q.After == "" && !p.HasNextPage {
		return len(p.Items), nil
	}
	st, err := relationStatement(q, true)
	if err != nil {
		return 0, err
	}
	recs, err := run(ctx, tx, st.cypher, st.params)
	if err != nil {
		return 0, err
	}
	return int(integer(recs[0].Values[0])), nil
}

// addNodes adds the entities of the list ends and the articles of the
// list arts, read with the projection p (see entityReturn), to the maps.
func addNodes(ends, arts any, p store.Projection, entities map[string]*store.Entity, articles map[string]*store.Article) error {
	list, _ := ends.([]any)
	for _, v := range list {
		e, err := entityFrom(v, p)
		if err != nil {
			return err
		}
		entities[e.ID] = e
	}
	list, _ = arts.([]any)
	for _, v := range list {
		a, err := articleFrom(v, p)
		if err != nil {
			return err
		}
		articles[a.ID] = a
	}
	return nil
}

// titledLevel reports whether the level statement of the relation query q
// in the level lq reads the titles of its evidence's articles from the
// evidence (titledPiece): when the level asks for the articles, and of
// them only their titles (no text), and the evidence only their ids.
func titledLevel(q store.RelationQuery, lq store.LevelQuery) bool {
	p := lq.Projection
	return lq.Articles && p.NamesOnly && p.NoText && q.ArticleOnlyEvidence && !q.NoEvidence
}

// addTitledArticles adds to articles the articles named, with their
// titles, by the pieces of evidence (titledPiece) of the rows of a titled
// level statement, read with the projection p. A piece without a title
// (written by an earlier version) adds nothing: the statement looked its
// article up.
func addTitledArticles(rows any, p store.Projection, articles map[string]*store.Article) {
	list, _ := rows.([]any)
	for _, row := range list {
		ev := row.([]any)[5]
		pieces, _ := ev.([]any)
		if limited, ok := ev.(map[string]any); ok {
			pieces, _ = limited["first"].([]any)
		}
		for _, x := range pieces {
			piece := x.([]any)
			if len(piece) < 2 || piece[1] == nil {
				continue
			}
			id := str(piece[0])
			if articles[id] == nil {
				articles[id] = p.Article(&store.Article{ID: id, Title: str(piece[1])})
			}
		}
	}
}

// levelLookupCypher reads the entities $ends and the articles $articles
// with the projection p.
func levelLookupCypher(p store.Projection) string {
	return fmt.Sprintf(`RETURN COLLECT { UNWIND $ends AS x MATCH (e:%s {id: x}) RETURN %s } AS ends,
  COLLECT { UNWIND $articles AS x MATCH (a:%s {id: x}) RETURN %s } AS articles`,
		entityLabel, entityReturn("e", p), label(ontology.Article), articleReturn("a", p))
}

// entityLevelStatement is entityRelationsStatement's query with, in one
// record: the rows it returns, as lists, in its order; the entities at
// the ends of their relations (with lq.Ends); the articles of their
// evidence (with lq.Articles), both read with lq.Projection (see
// entityReturn), the ends from the nodes the relationships lead to and the
// articles by id, or from the evidence when it keeps all the level shows
// of them (titledLevel); and, with lq.Counts, [entity, count] pairs
// counting the relations of the entities whose page is cut (all of them
// after a cursor), grouped and filtered as in entityCountsStatement. Each
// entity and article is read once however many relations share it, and an
// entity's relations are read a second time only when its page is cut.
//
// A query that headable answers reads the relations' heads instead, and
// counts them (headCount).
func entityLevelStatement(q store.RelationQuery, entities []string, lq store.LevelQuery) (*statement, error) {
	heads := headable(q)
	columns := relationColumnsTitled
	if heads {
		columns = headColumns
	}
	c, body, orderBy, first, err := entityRelationsBody(q, entities, heads)
	if err != nil {
		return nil, err
	}
	endNodes, articleNodes, countPairs := "[]", "[]", "[]"
	if lq.Ends {
		// The ends are the nodes the relationships lead to: read from
		// there, without a lookup by id.
		endNodes = fmt.Sprintf("COLLECT { UNWIND endNodes AS e WITH DISTINCT e RETURN %s }", entityReturn("e", lq.Projection))
	}
	titled := titledLevel(q, lq)
	if lq.Articles && !(heads && titled) {
		// With titled pieces, only the articles of pieces without a title
		// are looked up (see addTitledArticles): heads have every title.
		distinct, where := "x[0] AS a", ""
		if titled {
			distinct, where = "x[0] AS a, x[1] AS title", "WHERE title IS NULL "
		}
		articleNodes = fmt.Sprintf("COLLECT { UNWIND evs AS ev UNWIND %s AS x WITH DISTINCT %s %s"+
			"MATCH (art:%s {id: a}) RETURN %s }", evidenceOf(q, "ev"), distinct, where, label(ontology.Article), articleReturn("art", lq.Projection))
	}
	if lq.Counts {
		cut := fmt.Sprintf("[e IN %s WHERE size([r IN rows WHERE r[7] = e]) > %s]", c.param(entities), c.param(int64(first)))
		if q.After != "" {
			cut = c.param(entities)
		}
		if heads {
			countPairs = fmt.Sprintf(`COLLECT {
  UNWIND %s AS eid
  MATCH (n:%s {id: eid})
  RETURN [n.id, %s]
}`, cut, entityLabel, headCount(c, q))
		} else {
			countPairs = fmt.Sprintf(`COLLECT {
  UNWIND %s AS eid
  MATCH (n:%s {id: eid})
  CALL (n) {
  %s
    RETURN count(id) AS count
  }
  RETURN [n.id, count]
}`, cut, entityLabel, strings.ReplaceAll(entityRelationGroups(c, q), "\n", "\n  "))
		}
	}
	cypher := fmt.Sprintf(`%sWITH %s, key, n.id AS entity, startNode(q) AS sn, endNode(q) AS tn
ORDER BY entity, %s
WITH collect([id, type, source, target, quals, evidence, key, entity]) AS rows,
  collect(DISTINCT sn) + collect(DISTINCT tn) AS endNodes, collect(evidence) AS evs
RETURN rows, %s AS ends, %s AS articles, %s AS counts`, body, columns(c, q, titled), orderBy, endNodes, articleNodes, countPairs)
	if lq.Ends {
		articlePageParams(lq.Projection, c.params)
	}
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}
