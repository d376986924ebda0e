package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Writing an article is one write transaction: compare the hash, remove what
// the earlier version said, merge the new claims, and update the merged form
// of every entity the two versions touched: from the MENTIONS claims that
// remain for those the earlier version mentioned, by folding the new claims
// in for the others (see aggregate.go). Nodes are merged on constrained
// keys; the article's MENTIONS and evidence relationships are created, as
// the transaction has found the article new or removed what it said before,
// and the heads of the relations it touched are kept exact (see heads.go).
// A transaction the driver retries after an unknown commit outcome finds
// the article written and unchanged, or writes it whole: it never
// duplicates anything.

// putPlan is an ArticleGraph turned into statement parameters, computed once
// before the transaction (which the driver may run more than once).
type putPlan struct {
	article      string
	hash         string
	articleProps map[string]any
	// entities and relations hold the UNWIND rows of each type.
	entities  map[ontology.NodeType][]map[string]any
	relations map[ontology.RelationType][]map[string]any
	// claims are the article's claims by entity id, as they read back
	// from MENTIONS.
	claims map[string][]store.ArticleClaim
	// relationCount is the number of distinct relations: an article may
	// state one relation several times.
	relationCount int
}

func newPutPlan(g *store.ArticleGraph) *putPlan {
	p := &putPlan{
		article:      g.Article.ID,
		hash:         g.Article.Hash,
		articleProps: articleProps(&g.Article),
		entities:     map[ontology.NodeType][]map[string]any{},
		relations:    map[ontology.RelationType][]map[string]any{},
		claims:       map[string][]store.ArticleClaim{},
	}
	for _, c := range g.Entities {
		e := c.Entity
		text := encodeClaim(&e)
		read, err := decodeClaim(text)
		if err != nil {
			panic(fmt.Sprintf("neo4jstore: a claim does not read back: %v", err))
		}
		p.claims[e.ID] = append(p.claims[e.ID], store.ArticleClaim{Article: g.Article.ID, Entity: read})
		starts := make([]int64, len(c.Mentions))
		ends := make([]int64, len(c.Mentions))
		for i, m := range c.Mentions {
			starts[i], ends[i] = int64(m.Start), int64(m.End)
		}
		p.entities[e.Type] = append(p.entities[e.Type], map[string]any{
			"id": e.ID, "claim": text, "starts": starts, "ends": ends,
		})
	}
	relIDs := map[string]bool{}
	// The evidence relationships are created, not merged (the article's
	// earlier ones are gone): a piece of evidence stated twice is one row,
	// the last, as merging would keep one relationship with the last
	// quote.
	type evidenceKey struct {
		relID      string
		start, end int
		coding     store.EventCoding
	}
	rowOf := map[evidenceKey]int{}
	for _, c := range g.Relations {
		r := c.Relation
		relID := store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
		relIDs[relID] = true
		quals := qualifierProps(r.Qualifiers)
		for _, ev := range r.Evidence {
			row := map[string]any{
				"relId": relID, "source": r.Source, "target": r.Target,
				"start": int64(ev.Start), "end": int64(ev.End), "quote": ev.Quote,
				"articleTitle": g.Article.Title, "articlePublished": nullIfEmpty(g.Article.Published),
				"qualifiers": quals, "coding": codingProps(ev.EventCoding),
			}
			k := evidenceKey{relID, ev.Start, ev.End, ev.EventCoding}
			if i, seen := rowOf[k]; seen {
				p.relations[r.Type][i] = row
				continue
			}
			rowOf[k] = len(p.relations[r.Type])
			p.relations[r.Type] = append(p.relations[r.Type], row)
		}
	}
	p.relationCount = len(relIDs)
	return p
}

// PutArticle stores an article and its claims, replacing an earlier version
// with the same id.
func (s *Store) PutArticle(ctx context.Context, g *store.ArticleGraph) (store.PutResult, error) {
	if err := store.CheckArticleGraph(g); err != nil {
		return store.PutResult{}, err
	}
	plan := newPutPlan(g)
	change := putChange(g)
	outcome, err := write(ctx, s, fmt.Sprintf("put article %q", plan.article),
		func(tx neo4j.ManagedTransaction) (store.PutOutcome, error) {
			outcome, err := putTx(ctx, tx, plan)
			if err == nil && outcome != store.Unchanged {
				change.kind = store.ChangeKind(outcome)
				err = s.recordChanges(ctx, tx, change)
			}
			return outcome, err
		})
	if err != nil {
		return store.PutResult{}, err
	}
	return store.PutResult{Outcome: outcome, Entities: len(g.Entities), Relations: plan.relationCount}, nil
}

// putTx writes an article in a transaction. The statements are small and
// one per label or relationship type present, rather than one statement
// with a subquery per type: Neo4j plans such a statement slowly (seconds),
// and plans again whenever the graph's statistics change.
func putTx(ctx context.Context, tx neo4j.ManagedTransaction, p *putPlan) (store.PutOutcome, error) {
	recs, err := run(ctx, tx, claimArticlesCypher, map[string]any{"ids": []string{p.article}})
	if err != nil {
		return "", err
	}
	outcome := store.Created
	if fresh, _ := recs[0].Values[1].(bool); !fresh {
		if str(recs[0].Values[2]) == p.hash {
			return store.Unchanged, nil
		}
		outcome = store.Replaced
	}
	old, removed, err := clearArticle(ctx, tx, p.article)
	if err != nil {
		return "", err
	}
	if err := rebuildHeads(ctx, tx, removed); err != nil {
		return "", err
	}
	if _, err := run(ctx, tx, `MERGE (a:Article {id: $id}) SET a += $props`,
		map[string]any{"id": p.article, "props": p.articleProps}); err != nil {
		return "", err
	}
	for _, t := range ontology.EntityTypes {
		if rows := p.entities[t]; len(rows) > 0 {
			if _, err := run(ctx, tx, mergeEntitiesCypher[t], map[string]any{"article": p.article, "rows": rows}); err != nil {
				return "", err
			}
		}
	}
	for _, t := range ontology.RelationTypes {
		if rows := p.relations[t]; len(rows) > 0 {
			if _, err := run(ctx, tx, mergeRelationsCypher[t], map[string]any{"article": p.article, "rows": rows}); err != nil {
				return "", err
			}
		}
	}
	if err := mergeHeads(ctx, tx, planHeads(p.relations, p.article)); err != nil {
		return "", err
	}
	if _, err := mergeEntities(ctx, tx, old, p.claims); err != nil {
		return "", err
	}
	if err := redateMeetingHeads(ctx, tx, removed); err != nil {
		return "", err
	}
	return outcome, nil
}

// claimArticlesCypher merges the article nodes of the ids given and says of
// each whether this statement created it (fresh) and its hash. Merging
// rather than matching takes the node's lock: of two transactions writing
// the same new article, the second waits for the first to commit and then
// finds the article, so it replaces the first's claims rather than adding
// to them (the claims are created, not merged).
const claimArticlesCypher = `UNWIND $ids AS id
MERGE (a:Article {id: id})
ON CREATE SET a.fresh = true
WITH a, id, coalesce(a.fresh, false) AS fresh
REMOVE a.fresh
RETURN id, fresh, a.hash`

// mergeEntitiesCypher merges, for each entity label, the entity nodes and
// the article's MENTIONS of them. The nodes' other properties are set by
// recompute.
var mergeEntitiesCypher = func() map[ontology.NodeType]string {
	out := map[ontology.NodeType]string{}
	for _, t := range ontology.EntityTypes {
		out[t] = fmt.Sprintf(`MATCH (a:%s {id: $article})
UNWIND $rows AS row
MERGE (n:%s {id: row.id})
SET n:%s
CREATE (a)-[m:%s {entity: row.id, article: $article}]->(n)
SET m.claim = row.claim, m.starts = row.starts, m.ends = row.ends`,
			label(ontology.Article), label(t), entityLabel, ontology.Mentions)
	}
	return out
}()

// mergeRelationsCypher merges, for each relation type, the evidence
// relationships: one per relation, article and span, each with the title
// and published date of its article (articleTitle, articlePublished),
// which a read that shows no more of the article than its title, and the
// timeline's dates, take from there (see titledPiece and
// relationDateCypher). An article's title and date change only with a new
// version of it, which writes its evidence again. Evidence written before
// these properties has no articleTitle: reads look its article up.
var mergeRelationsCypher = func() map[ontology.RelationType]string {
	out := map[ontology.RelationType]string{}
	for _, t := range ontology.RelationTypes {
		out[t] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (s:%[1]s {id: row.source}), (t:%[1]s {id: row.target})
CREATE (s)-[r:%[2]s {relId: row.relId, article: $article, start: row.start, `+"`end`"+`: row.end}]->(t)
SET r.quote = row.quote, r.articleTitle = row.articleTitle, r.articlePublished = row.articlePublished,
  r += row.qualifiers, r += row.coding`, entityLabel, relType(t))
	}
	return out
}()

// removedRelation is an evidence relationship clearArticle deleted: its
// relation's id and type, and its source.
type removedRelation struct {
	relID, source string
	typ           ontology.RelationType
}

// clearArticle deletes the article's MENTIONS and evidence relationships
// (not the article node). It returns the ids of the entities the article
// mentioned and the relations it gave evidence for.
func clearArticle(ctx context.Context, tx neo4j.ManagedTransaction, article string) ([]string, []removedRelation, error) {
	params := map[string]any{"article": article}
	// Every evidence relationship starts at an entity its article
	// mentions (store.CheckArticleGraph checks that relation ends are the article's
	// entities), so the mentioned entities lead to all of them.
	recs, err := run(ctx, tx, fmt.Sprintf(`MATCH (:Article {id: $article})-[m:%s]->(e:%s)
WITH collect(e) AS mentioned, collect(m) AS ms
FOREACH (m IN ms | DELETE m)
WITH mentioned
UNWIND mentioned AS e
OPTIONAL MATCH (e)-[r:%s]->()
WHERE r.article = $article
WITH e, r, CASE WHEN r IS NULL THEN null ELSE [r.relId, type(r)] END AS rel
DELETE r
RETURN e.id AS entity, collect(DISTINCT rel) AS rels`, ontology.Mentions, entityLabel, allRelTypes), params)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	var rels []removedRelation
	for _, rec := range recs {
		id := str(rec.Values[0])
		ids = append(ids, id)
		for _, v := range rec.Values[1].([]any) {
			rel := v.([]any)
			rels = append(rels, removedRelation{relID: str(rel[0]), source: id, typ: ontology.RelationType(str(rel[1]))})
		}
	}
	return ids, rels, nil
}

// recompute merges the entities again from every MENTIONS claim they have
// left and deletes those nothing mentions any more (see mergeEntities).
// It returns how many it deleted.
func recompute(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (int, error) {
	return mergeEntities(ctx, tx, ids, nil)
}

// mergeEntities sets the merged form of the entities a write touched (see
// aggregate.go): those in full, which lost claims, from every MENTIONS
// claim they have left, deleting those nothing mentions any more; the
// others in added, which only gained the claims given (by entity id), by
// folding these into the form their node holds. An entity whose node has
// no sources (written by an earlier version) is merged in full. It returns
// how many entities it deleted.
func mergeEntities(ctx context.Context, tx neo4j.ManagedTransaction, full []string, added map[string][]store.ArticleClaim) (int, error) {
	inFull := map[string]bool{}
	for _, id := range full {
		inFull[id] = true
	}
	var folded []string
	for id := range added {
		if !inFull[id] {
			folded = append(folded, id)
		}
	}
	folded = sortedUnique(folded)
	all := sortedUnique(append(slices.Clone(full), folded...))
	if len(all) == 0 {
		return 0, nil
	}
	// Lock the entities (in id order) before reading their claims or
	// forms: a concurrent transaction writing claims of the same entity
	// then either committed before (and what it wrote is read here) or
	// waits for this one to commit (and reads what this one wrote).
	// Without the lock, each could compute the entity from its own claims
	// only and the last to commit would win. Setting a label the node has
	// changes nothing but takes the node's write lock.
	if _, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH (e:%[1]s {id: id})
SET e:%[1]s`, entityLabel), map[string]any{"ids": all}); err != nil {
		return 0, err
	}
	rows, again, err := foldClaims(ctx, tx, folded, added)
	if err != nil {
		return 0, err
	}
	merged, gone, err := mergeAgain(ctx, tx, sortedUnique(append(full, again...)))
	if err != nil {
		return 0, err
	}
	rows = append(rows, merged...)
	if len(rows) > 0 {
		// The meetings whose date this changes move their relations in
		// the timeline: their heads are dated again.
		recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $rows AS row
MATCH (e:%[1]s {id: row.id})
WITH e, row, e.date AS before
SET e += row.props
WITH e, before
WHERE e:%[2]s AND coalesce(e.date, '') <> coalesce(before, '')
RETURN e.id`, entityLabel, label(ontology.Meeting)), map[string]any{"rows": rows})
		if err != nil {
			return 0, err
		}
		moved := make([]string, len(recs))
		for i, rec := range recs {
			moved[i] = str(rec.Values[0])
		}
		if err := refreshTimelineDates(ctx, tx, moved); err != nil {
			return 0, err
		}
	}
	if len(gone) > 0 {
		if _, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH (e:%s {id: id})
DETACH DELETE e`, entityLabel), map[string]any{"ids": gone}); err != nil {
			return 0, err
		}
	}
	return len(gone), nil
}

// formRow is the row that sets an entity node's merged form and sources.
func formRow(e *store.Entity, src sources) map[string]any {
	props := entityProps(e)
	props["sources"] = encodeSources(src)
	return map[string]any{"id": e.ID, "props": props}
}

// foldClaims folds the claims added to the entities ids into the forms
// their nodes hold, and returns the rows that set the new forms, and the
// entities whose nodes hold no sources, to be merged again in full.
func foldClaims(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, added map[string][]store.ArticleClaim) ([]map[string]any, []string, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH (e:%s {id: id})
RETURN id, e`, entityLabel), map[string]any{"ids": ids})
	if err != nil {
		return nil, nil, err
	}
	var rows []map[string]any
	var again []string
	for _, rec := range recs {
		id, node := str(rec.Values[0]), rec.Values[1].(neo4j.Node)
		var cur *store.Entity
		var src sources
		// A node merged by this write has no form yet; a formed one has
		// a name, the empty string when it has none (entityProps).
		if _, formed := node.Props["name"]; formed {
			text, ok := node.Props["sources"].(string)
			if !ok {
				again = append(again, id)
				continue
			}
			if cur, err = entityFromNode(node); err != nil {
				return nil, nil, err
			}
			if src, err = decodeSources(text); err != nil {
				return nil, nil, fmt.Errorf("entity %q: %w", id, err)
			}
		}
		e, next := fold(cur, src, added[id])
		rows = append(rows, formRow(e, next))
	}
	return rows, again, nil
}

// mergeAgain reads every MENTIONS claim of the entities ids and returns the
// rows that set their merged forms, and the entities no claim is left for.
func mergeAgain(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) ([]map[string]any, []string, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH (e:%s {id: id})
OPTIONAL MATCH (a:Article)-[m:%s]->(e)
RETURN id, collect(CASE WHEN m IS NULL THEN null ELSE [a.id, m.claim] END) AS claims`, entityLabel, ontology.Mentions),
		map[string]any{"ids": ids})
	if err != nil {
		return nil, nil, err
	}
	var rows []map[string]any
	var gone []string
	for _, rec := range recs {
		id := str(rec.Values[0])
		var claims []store.ArticleClaim
		for _, pair := range rec.Values[1].([]any) {
			pair := pair.([]any)
			e, err := decodeClaim(str(pair[1]))
			if err != nil {
				return nil, nil, fmt.Errorf("entity %q: %w", id, err)
			}
			claims = append(claims, store.ArticleClaim{Article: str(pair[0]), Entity: e})
		}
		e, src := fold(nil, nil, claims)
		if e == nil {
			gone = append(gone, id)
			continue
		}
		rows = append(rows, formRow(e, src))
	}
	return rows, gone, nil
}

// DeleteArticle removes an article, its claims, and the entities and
// relations only it supported.
func (s *Store) DeleteArticle(ctx context.Context, id string) (store.DeleteResult, error) {
	return write(ctx, s, fmt.Sprintf("delete article %q", id),
		func(tx neo4j.ManagedTransaction) (store.DeleteResult, error) {
			res, err := deleteTx(ctx, tx, id)
			if err == nil && res.Found {
				err = s.recordChanges(ctx, tx, changeRow{kind: store.ChangeDeleted, article: id})
			}
			return res, err
		})
}

func deleteTx(ctx context.Context, tx neo4j.ManagedTransaction, id string) (store.DeleteResult, error) {
	recs, err := run(ctx, tx, `MATCH (a:Article {id: $id}) RETURN a.id`, map[string]any{"id": id})
	if err != nil || len(recs) == 0 {
		return store.DeleteResult{}, err
	}
	old, rels, err := clearArticle(ctx, tx, id)
	if err != nil {
		return store.DeleteResult{}, err
	}
	if err := rebuildHeads(ctx, tx, rels); err != nil {
		return store.DeleteResult{}, err
	}
	if _, err := run(ctx, tx, `MATCH (a:Article {id: $id}) DETACH DELETE a`, map[string]any{"id": id}); err != nil {
		return store.DeleteResult{}, err
	}
	removedEntities, err := recompute(ctx, tx, old)
	if err != nil {
		return store.DeleteResult{}, err
	}
	if err := redateMeetingHeads(ctx, tx, rels); err != nil {
		return store.DeleteResult{}, err
	}
	removedRelations, err := countDeadRelations(ctx, tx, rels)
	if err != nil {
		return store.DeleteResult{}, err
	}
	return store.DeleteResult{Found: true, RemovedEntities: removedEntities, RemovedRelations: removedRelations}, nil
}

// countDeadRelations counts the relations among rels that no evidence
// relationship is left for. A relation's relationships all start at its
// source, so that node is where to look.
func countDeadRelations(ctx context.Context, tx neo4j.ManagedTransaction, rels []removedRelation) (int, error) {
	if len(rels) == 0 {
		return 0, nil
	}
	rows := make([]map[string]any, len(rels))
	for i, r := range rels {
		rows[i] = map[string]any{"relId": r.relID, "source": r.source}
	}
	recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $rows AS row
MATCH (s:%s {id: row.source})
WHERE EXISTS { MATCH (s)-[r:%s]->() WHERE r.relId = row.relId }
RETURN count(DISTINCT row.relId)`, entityLabel, allRelTypes), map[string]any{"rows": rows})
	if err != nil {
		return 0, err
	}
	alive := int(integer(recs[0].Values[0]))
	return len(rels) - alive, nil
}

// run runs one statement in tx and collects its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if l := statements.Load(); l != nil {
		l.record(cypher, params)
	}
	if p := profiling.Load(); p != nil {
		return p.run(ctx, tx, cypher, params)
	}
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// profiling, when set (by the benchmarks), runs every statement with
// PROFILE and adds up its database hits.
var profiling atomic.Pointer[profiler]

// profiler counts the database hits and the statements that run reports.
type profiler struct {
	hits, statements atomic.Int64
	// plan, when set, is given each statement's plan.
	plan func(cypher string, plan neo4j.ProfiledPlan)
}

func (p *profiler) run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, "PROFILE "+cypher, params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	p.statements.Add(1)
	if prof := sum.Profile(); prof != nil {
		p.hits.Add(dbHits(prof))
		if p.plan != nil {
			p.plan(cypher, prof)
		}
	}
	return recs, nil
}

// dbHits adds up the database hits of a profiled plan.
func dbHits(p neo4j.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += dbHits(c)
	}
	return n
}
