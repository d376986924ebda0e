package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.LevelReader = (*Store)(nil)

// ReadLevel reads a relation level (store.LevelQuery) in one read
// transaction. The queries of entities that differ only in their entity
// (the relations of every item of a list) are one statement, anchored on
// the entities as in RelationsOf, that also returns the entities at the
// ends of the pages' relations and the articles of their evidence when the
// level asks for them (see entityLevelStatement): a nested level is one
// statement. Another query is one statement of its own, and the ends and
// articles of its page one more.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	qs := q.Queries
	if len(qs) == 0 {
		return &store.Level{Pages: []*store.Page[*store.Relation]{}, Entities: map[string]*store.Entity{},
			Articles: map[string]*store.Article{}}, nil
	}
	groups, err := groupQueries(qs, func(rq store.RelationQuery) store.RelationQuery { return rq },
		func(rq store.RelationQuery) (*statement, error) { return relationStatement(rq, false) },
		func(rq store.RelationQuery, entities []string) (*statement, error) {
			return entityLevelStatement(rq, entities, q.Ends, q.Articles)
		})
	if err != nil {
		return nil, err
	}
	return read(ctx, s, "read relation level", func(tx neo4j.ManagedTransaction) (*store.Level, error) {
		pages := make([]*store.Page[*store.Relation], len(qs))
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
			for _, i := range g.entries {
				if pages[i], err = page(byEntity[qs[i].Entity], g.st.first, item); err != nil {
					return nil, err
				}
			}
			if err := addNodes(recs[0].Values[1], recs[0].Values[2], entities, articles); err != nil {
				return nil, err
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
			recs, err := run(ctx, tx, levelLookupCypher, map[string]any{"ends": ends, "articles": arts})
			if err != nil {
				return nil, err
			}
			if err := addNodes(recs[0].Values[0], recs[0].Values[1], entities, articles); err != nil {
				return nil, err
			}
		}
		// The statements read the ends and articles of one relation more
		// than a page (the one that tells there is a next page): the level
		// holds those of the pages only.
		store.DropEvidence(qs, pages)
		lv := &store.Level{Pages: pages, Entities: map[string]*store.Entity{}, Articles: map[string]*store.Article{}}
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

// addNodes adds the entity nodes of the list ends and the article nodes
// of the list arts to the maps.
func addNodes(ends, arts any, entities map[string]*store.Entity, articles map[string]*store.Article) error {
	list, _ := ends.([]any)
	for _, v := range list {
		e, err := entityFromNode(v.(neo4j.Node))
		if err != nil {
			return err
		}
		entities[e.ID] = e
	}
	list, _ = arts.([]any)
	for _, v := range list {
		a := articleFromNode(v.(neo4j.Node))
		articles[a.ID] = a
	}
	return nil
}

// levelLookupCypher reads the entities $ends and the articles $articles.
var levelLookupCypher = fmt.Sprintf(`RETURN COLLECT { UNWIND $ends AS x MATCH (e:%s {id: x}) RETURN e } AS ends,
  COLLECT { UNWIND $articles AS x MATCH (a:%s {id: x}) RETURN a } AS articles`, entityLabel, label(ontology.Article))

// entityLevelStatement is entityRelationsStatement's query with, in one
// record: the rows it returns, as lists, in its order; the entity nodes at
// the ends of their relations (with ends); the article nodes of their
// evidence (with articles). Each entity and article is read once however
// many relations share it.
func entityLevelStatement(q store.RelationQuery, entities []string, ends, articles bool) (*statement, error) {
	c, body, orderBy, first, err := entityRelationsBody(q, entities)
	if err != nil {
		return nil, err
	}
	endNodes, articleNodes := "[]", "[]"
	if ends {
		endNodes = fmt.Sprintf("COLLECT { UNWIND endIds AS x WITH DISTINCT x MATCH (e:%s {id: x}) RETURN e }", entityLabel)
	}
	if articles {
		articleNodes = fmt.Sprintf("COLLECT { UNWIND evs AS ev UNWIND ev AS x WITH DISTINCT x[0] AS a "+
			"MATCH (art:%s {id: a}) RETURN art }", label(ontology.Article))
	}
	cypher := fmt.Sprintf(`%sWITH %s, key, n.id AS entity
ORDER BY entity, %s
WITH collect([id, type, source, target, quals, evidence, key, entity]) AS rows,
  collect(source) + collect(target) AS endIds, collect(evidence) AS evs
RETURN rows, %s AS ends, %s AS articles`, body, relationColumnsOf(q), orderBy, endNodes, articleNodes)
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}
