package neo4jstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.BatchWriter = (*Store)(nil)

// PutArticles implements store.BatchWriter: several articles per write
// transaction, each statement an UNWIND over the rows of every article of
// the batch (one statement per label and relationship type, as putTx
// writes one article). Articles are checked first, and an invalid one
// fails alone. When the batch's transaction fails for another reason than
// an unavailable store, its articles are written again one transaction
// each, so that one article the server refuses does not fail the others.
func (s *Store) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	results := make([]store.PutResult, len(gs))
	errs := make([]error, len(gs))
	plans := make([]*putPlan, len(gs))
	for i, g := range gs {
		if errs[i] = store.CheckArticleGraph(g); errs[i] == nil {
			plans[i] = newPutPlan(g)
		}
	}
	for _, chunk := range batchChunks(plans) {
		outcomes, err := write(ctx, s, fmt.Sprintf("put %d articles", len(chunk)),
			func(tx neo4j.ManagedTransaction) ([]store.PutOutcome, error) {
				outcomes, err := putBatchTx(ctx, tx, plans, chunk)
				if err == nil {
					err = s.recordChanges(ctx, tx, batchChanges(gs, chunk, outcomes)...)
				}
				return outcomes, err
			})
		if err != nil && (errors.Is(err, store.ErrUnavailable) || ctx.Err() != nil) {
			failFrom(errs, plans, chunk[0], err)
			break
		}
		for k, i := range chunk {
			if err != nil {
				// The fallback: one transaction per article.
				results[i], errs[i] = s.PutArticle(ctx, gs[i])
				continue
			}
			results[i] = store.PutResult{Outcome: outcomes[k], Entities: len(gs[i].Entities), Relations: plans[i].relationCount}
		}
	}
	return results, store.NewBatchError(errs)
}

// failFrom marks every valid article from index from on as failed with err.
func failFrom(errs []error, plans []*putPlan, from int, err error) {
	for i := from; i < len(plans); i++ {
		if plans[i] != nil {
			errs[i] = err
		}
	}
}

// batchChunks splits the valid plans, in order, into runs in which no
// article id repeats: a later version of an article must see the earlier
// one written, as when the articles are put one by one.
func batchChunks(plans []*putPlan) [][]int {
	var chunks [][]int
	var cur []int
	seen := map[string]bool{}
	for i, p := range plans {
		if p == nil {
			continue
		}
		if seen[p.article] {
			chunks = append(chunks, cur)
			cur, seen = nil, map[string]bool{}
		}
		seen[p.article] = true
		cur = append(cur, i)
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}

// putBatchTx writes the articles plans[i] for i in chunk (whose ids are
// distinct) in one transaction, and returns their outcomes in chunk order.
func putBatchTx(ctx context.Context, tx neo4j.ManagedTransaction, plans []*putPlan, chunk []int) ([]store.PutOutcome, error) {
	ids := make([]string, len(chunk))
	for k, i := range chunk {
		ids[k] = plans[i].article
	}
	recs, err := run(ctx, tx, claimArticlesCypher, map[string]any{"ids": sortedUnique(ids)})
	if err != nil {
		return nil, err
	}
	hashes := map[string]string{}
	for _, rec := range recs {
		if fresh, _ := rec.Values[1].(bool); !fresh {
			hashes[str(rec.Values[0])] = str(rec.Values[2])
		}
	}

	outcomes := make([]store.PutOutcome, len(chunk))
	var touched []string          // entities of the replaced versions
	var removed []removedRelation // their evidence
	added := map[string][]store.ArticleClaim{}
	var articles []map[string]any
	entities := map[ontology.NodeType][]map[string]any{}
	relations := map[ontology.RelationType][]map[string]any{}
	for k, i := range chunk {
		p := plans[i]
		old, exists := hashes[p.article]
		switch {
		case exists && old == p.hash:
			outcomes[k] = store.Unchanged
			continue
		case exists:
			outcomes[k] = store.Replaced
			gone, rels, err := clearArticle(ctx, tx, p.article)
			if err != nil {
				return nil, err
			}
			touched = append(touched, gone...)
			removed = append(removed, rels...)
		default:
			outcomes[k] = store.Created
		}
		articles = append(articles, map[string]any{"id": p.article, "props": p.articleProps})
		for t, rows := range p.entities {
			entities[t] = append(entities[t], withArticle(rows, p.article)...)
		}
		for t, rows := range p.relations {
			relations[t] = append(relations[t], withArticle(rows, p.article)...)
		}
		for id, cs := range p.claims {
			added[id] = append(added[id], cs...)
		}
	}
	if err := rebuildHeads(ctx, tx, removed); err != nil {
		return nil, err
	}
	if len(articles) == 0 {
		return outcomes, nil
	}
	if _, err := run(ctx, tx, `UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row.props`, map[string]any{"rows": articles}); err != nil {
		return nil, err
	}
	for _, t := range ontology.EntityTypes {
		if rows := entities[t]; len(rows) > 0 {
			if _, err := run(ctx, tx, batchEntitiesCypher[t], map[string]any{"rows": rows}); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range ontology.RelationTypes {
		if rows := relations[t]; len(rows) > 0 {
			if _, err := run(ctx, tx, batchRelationsCypher[t], map[string]any{"rows": rows}); err != nil {
				return nil, err
			}
		}
	}
	if err := mergeHeads(ctx, tx, planHeads(relations, "")); err != nil {
		return nil, err
	}
	if _, err := mergeEntities(ctx, tx, touched, added); err != nil {
		return nil, err
	}
	if err := redateMeetingHeads(ctx, tx, removed); err != nil {
		return nil, err
	}
	return outcomes, nil
}

// withArticle returns copies of rows that name their article.
func withArticle(rows []map[string]any, article string) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, row := range rows {
		r := make(map[string]any, len(row)+1)
		for k, v := range row {
			r[k] = v
		}
		r["article"] = article
		out[i] = r
	}
	return out
}

// batchEntitiesCypher is mergeEntitiesCypher for rows of several articles.
var batchEntitiesCypher = func() map[ontology.NodeType]string {
	out := map[ontology.NodeType]string{}
	for _, t := range ontology.EntityTypes {
		out[t] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.article})
MERGE (n:%s {id: row.id})
SET n:%s
CREATE (a)-[m:%s {entity: row.id, article: row.article}]->(n)
SET m.claim = row.claim, m.starts = row.starts, m.ends = row.ends`,
			label(ontology.Article), label(t), entityLabel, ontology.Mentions)
	}
	return out
}()

// batchRelationsCypher is mergeRelationsCypher for rows of several
// articles.
var batchRelationsCypher = func() map[ontology.RelationType]string {
	out := map[ontology.RelationType]string{}
	for _, t := range ontology.RelationTypes {
		out[t] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (s:%[1]s {id: row.source}), (t:%[1]s {id: row.target})
CREATE (s)-[r:%[2]s {relId: row.relId, article: row.article, start: row.start, `+"`end`"+`: row.end}]->(t)
SET r.quote = row.quote, r.articleTitle = row.articleTitle, r.articlePublished = row.articlePublished,
  r += row.qualifiers, r += row.coding`, entityLabel, relType(t))
	}
	return out
}()
