package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

// A relation's evidence is many relationships (one per article and piece
// of evidence); its head is one more, of the store's type headType, from
// its source to its target entity:
//
//	(s)-[:RELATION {relId, type, source, target, <the qualifiers>, evidence, articles, titles, published,
//	                timelineDate}]->(t)
//
// source and target are the ids of its ends, which the indexes of heads
// by source and relId and by target and relId read an entity's relations
// by, in relId order, a page at a time (see headGroups). type is the
// relation's type, evidence the number of its pieces of evidence,
// articles and titles the article id and article title of each piece, the
// first headArticles in article order (as a level that shows no more of
// the evidence than its articles orders them; pieces of one article repeat
// their id), and published the earliest published date of the articles of
// its pieces (absent when none has one), from which a relation without a
// date of its own is dated (store.RelationDate). timelineDate is the
// relation's timeline date (store.RelationDate: its date qualifier, else
// the date of a meeting at either end, the source's first, else
// published; empty when it has none, so that the indexes below hold every
// head, and an entity's dated heads are its heads less its empty ones),
// which the indexes of heads by source, timelineDate and relId and by
// target, timelineDate and relId read an entity's timeline by, a page at a
// time (see
// headTimelineStatement). A read that needs no more of a relation than
// that reads its head and none of its evidence (see headable).
//
// Every write keeps the heads exact in its own transaction: a new
// article's pieces are merged into the heads of its relations (mergeHeads,
// whose cost follows the new pieces, not the relation's evidence); when
// evidence goes (a replaced or deleted article), the heads of the
// relations it was evidence for are computed again from the evidence that
// remains, and a head left without evidence is deleted (rebuildHeads).
// Both set timelineDate from the head and its ends; a write that changes
// a meeting's date sets it again on the meeting's heads
// (refreshTimelineDates), and a rebuilt head's once the write holds its
// ends' locks (redateMeetingHeads).

// headType is the relationship type of heads. It is not an ontology
// relation type, and never one of relTypes: a statement that means
// evidence names its types, and never matches heads.
const headType = "RELATION"

// headArticles is the number of pieces whose article a head keeps: the
// most evidence a read can ask of a relation (the API's largest evidence
// page).
const headArticles = 1000

// headRows returns the rows of mergeHeadsCypher for the evidence rows of
// relation type t, adding to the rows of byRel (by relId) those of the same
// relation (from other articles of a batch). article is the rows' article,
// when they do not name it.
func headRows(byRel map[string]map[string]any, order *[]string, t ontology.RelationType, rows []map[string]any, article string) {
	for _, row := range rows {
		relID := row["relId"].(string)
		h := byRel[relID]
		if h == nil {
			h = map[string]any{"relId": relID, "source": row["source"], "target": row["target"],
				"type": relType(t), "qualifiers": row["qualifiers"], "count": int64(0), "pieces": []any{},
				"published": nil}
			byRel[relID] = h
			*order = append(*order, relID)
		}
		a := article
		if s, ok := row["article"].(string); ok {
			a = s
		}
		h["count"] = h["count"].(int64) + 1
		h["pieces"] = append(h["pieces"].([]any), []any{a, row["articleTitle"]})
		if p, ok := row["articlePublished"].(string); ok && p != "" {
			if q, ok := h["published"].(string); !ok || p < q {
				h["published"] = p
			}
		}
	}
}

// planHeads returns the rows of mergeHeadsCypher for the evidence rows of
// several articles, by relation type, in a stable order.
func planHeads(relations map[ontology.RelationType][]map[string]any, article string) []map[string]any {
	byRel := map[string]map[string]any{}
	var order []string
	for _, t := range ontology.RelationTypes {
		headRows(byRel, &order, t, relations[t], article)
	}
	out := make([]map[string]any, len(order))
	for i, id := range order {
		out[i] = byRel[id]
	}
	return out
}

// mergeHeadsCypher merges the rows of planHeads into the heads of their
// relations: a head is created with its relation's first pieces, and an
// existing one counts the new pieces, keeps the first headArticles of
// its kept and the new ones, and the earlier of its published date and
// the new pieces' earliest; then its timeline date follows.
var mergeHeadsCypher = fmt.Sprintf(`UNWIND $rows AS row
MATCH (s:%[1]s {id: row.source}), (t:%[1]s {id: row.target})
MERGE (s)-[h:%[2]s {relId: row.relId}]->(t)
ON CREATE SET h.type = row.type, h.source = row.source, h.target = row.target, h += row.qualifiers, h.evidence = 0, h.articles = [], h.titles = []
WITH s, h, t, row, [i IN range(0, size(h.articles) - 1) | [h.articles[i], h.titles[i]]] + row.pieces AS pieces
WITH s, h, t, row, COLLECT { UNWIND pieces AS p RETURN p ORDER BY p[0] LIMIT $cap } AS kept
SET h.evidence = h.evidence + row.count, h.articles = [p IN kept | p[0]], h.titles = [p IN kept | coalesce(p[1], '')],
  h.published = coalesce(CASE WHEN row.published < h.published THEN row.published END, h.published, row.published)
SET h.timelineDate = %[3]s`,
	entityLabel, headType, timelineDate("h", "s", "t"))

// timelineDate is the Cypher expression of the timeline date of the head
// h from s to t (store.RelationDate): its date qualifier, else the date of
// a meeting at either end, the source's first, else its published date,
// else empty (undated; see headDate).
func timelineDate(h, s, t string) string {
	return fmt.Sprintf("coalesce(%[1]s.date, CASE WHEN %[2]s:%[4]s THEN %[2]s.date END, CASE WHEN %[3]s:%[4]s THEN %[3]s.date END, %[1]s.published, '')",
		h, s, t, label(ontology.Meeting))
}

// mergeHeads merges the pieces of evidence of rows (planHeads) into their
// relations' heads.
func mergeHeads(ctx context.Context, tx neo4j.ManagedTransaction, rows []map[string]any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := run(ctx, tx, mergeHeadsCypher, map[string]any{"rows": rows, "cap": int64(headArticles)})
	return err
}

// rebuildHeadBody computes the head of the relation of type t whose id is
// bound to id from its evidence, which it reads from the type's relId
// index: it creates or updates the head, or deletes it when no evidence
// is left, with its timeline date. The title and published date of a
// piece written before evidence kept its article's are its article's.
func rebuildHeadBody(t ontology.RelationType) string {
	return fmt.Sprintf(`CALL (id) {
  OPTIONAL MATCH ()-[r:%[1]s {relId: id}]->()
  WITH r ORDER BY r.article
  RETURN collect(r) AS rs
}
CALL (id, rs) {
  WITH id, rs WHERE rs = []
  MATCH ()-[h:%[2]s {relId: id}]->()
  DELETE h
}
CALL (id, rs) {
  WITH id, rs WHERE rs <> []
  CALL (rs) {
    UNWIND rs AS x
    WITH x, CASE WHEN x.articleTitle IS NULL THEN x.article END AS older
    OPTIONAL MATCH (art:%[4]s {id: older})
    RETURN min(coalesce(x.articlePublished, art.published)) AS published
  }
  WITH id, rs, head(rs) AS q, rs[..$cap] AS kept, published
  WITH id, rs, q, kept, published, startNode(q) AS s, endNode(q) AS t
  MERGE (s)-[h:%[2]s {relId: id}]->(t)
  SET h.type = type(q), h.source = s.id, h.target = t.id, h += %[3]s, h.evidence = size(rs), h.articles = [x IN kept | x.article],
    h.titles = [x IN kept | CASE WHEN x.articleTitle IS NULL
      THEN coalesce(head(COLLECT { MATCH (a:%[4]s {id: x.article}) RETURN a.title }), '')
      ELSE x.articleTitle END],
    h.published = published
  SET h.timelineDate = %[5]s
}`, relType(t), headType, qualifierMap("q"), label(ontology.Article), timelineDate("h", "s", "t"))
}

// rebuildHeadsCypher computes again, for each relation type, the heads of
// the relations $ids of that type.
var rebuildHeadsCypher = func() map[ontology.RelationType]string {
	out := map[ontology.RelationType]string{}
	for _, t := range ontology.RelationTypes {
		out[t] = "UNWIND $ids AS id\n" + rebuildHeadBody(t)
	}
	return out
}()

// rebuildHeads computes again the heads of the relations rels, whose
// evidence a write removed some of.
func rebuildHeads(ctx context.Context, tx neo4j.ManagedTransaction, rels []removedRelation) error {
	byType := map[ontology.RelationType][]string{}
	for _, r := range rels {
		byType[r.typ] = append(byType[r.typ], r.relID)
	}
	for _, t := range ontology.RelationTypes {
		ids := byType[t]
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		if _, err := run(ctx, tx, rebuildHeadsCypher[t], map[string]any{"ids": slices.Compact(ids), "cap": int64(headArticles)}); err != nil {
			return err
		}
	}
	return nil
}

// headsMigration gives heads to the relations of a database written
// before them: for each relation type, the heads its relations lack, in
// transactions of bounded size (one migration of schema.go, run once the
// indexes are online, as it finds heads by their relId index). Run again,
// it finds every relation with a head and writes nothing.
var headsMigration = migration{
	marker: "relation-heads",
	params: map[string]any{"cap": int64(headArticles)},
	cyphers: func() []string {
		out := make([]string, len(ontology.RelationTypes))
		for i, t := range ontology.RelationTypes {
			out[i] = fmt.Sprintf(`MATCH ()-[r:%s]->()
WITH DISTINCT r.relId AS id
WHERE NOT EXISTS { ()-[:%s {relId: id}]->() }
CALL (id) {
%s
} IN TRANSACTIONS OF 1000 ROWS`, relType(t), headType, rebuildHeadBody(t))
		}
		return out
	}(),
}

// headsPublishedMigration dates the heads of a database written when
// heads kept no published date (one migration of schema.go, run after
// headsMigration, whose heads have theirs): for each relation type, the
// heads without one get the earliest published date of their evidence, in
// transactions of bounded size, read from the type's relId index. A head
// whose articles have no date stays without one.
var headsPublishedMigration = migration{
	marker: "relation-heads-published",
	cyphers: func() []string {
		out := make([]string, len(ontology.RelationTypes))
		for i, t := range ontology.RelationTypes {
			out[i] = fmt.Sprintf(`MATCH ()-[h:%[1]s]->()
WHERE h.type = '%[2]s' AND h.published IS NULL
CALL (h) {
  MATCH ()-[x:%[2]s {relId: h.relId}]->()
  WITH h, x, CASE WHEN x.articleTitle IS NULL THEN x.article END AS older
  OPTIONAL MATCH (art:%[3]s {id: older})
  WITH h, min(coalesce(x.articlePublished, art.published)) AS published
  SET h.published = published
} IN TRANSACTIONS OF 1000 ROWS`, headType, relType(t), label(ontology.Article))
		}
		return out
	}(),
}

// headEndsMigration gives the ids of their ends (source, target) to the
// heads of a database written before heads kept them.
var headEndsMigration = migration{
	marker: "head-ends",
	cyphers: []string{fmt.Sprintf("MATCH (s)-[h:%s]->(t) WHERE h.source IS NULL OR h.target IS NULL\n"+
		"CALL (s, h, t) { SET h.source = s.id, h.target = t.id } IN TRANSACTIONS OF 10000 ROWS", headType)},
}

// headTimelineDatesMigration gives their timeline date (timelineDate) to
// the heads of a database written before heads kept it, or before an
// undated head had an empty one (one migration of schema.go, run after the heads
// have their published date), in transactions of bounded size.
var headTimelineDatesMigration = migration{
	marker: "head-timeline-dates-or-empty",
	cyphers: []string{fmt.Sprintf("MATCH (s)-[h:%s]->(t) WHERE h.timelineDate IS NULL\n"+
		"CALL (s, h, t) { SET h.timelineDate = %s } IN TRANSACTIONS OF 10000 ROWS", headType, timelineDate("h", "s", "t"))},
}

// refreshTimelineDatesCypher sets the timeline date of every head of the
// meetings $ids again, from their dates (see timelineDate): a write that
// changes a meeting's date moves its relations in the timeline. Its cost
// is the meeting's heads, paid only when its date changes.
var refreshTimelineDatesCypher = fmt.Sprintf(`UNWIND $ids AS id
MATCH (m:%[1]s {id: id})-[h:%[2]s]-()
WITH DISTINCT h
WITH h, startNode(h) AS s, endNode(h) AS t
SET h.timelineDate = %[3]s`, label(ontology.Meeting), headType, timelineDate("h", "s", "t"))

// refreshTimelineDates sets the timeline date of the heads of the
// meetings ids again (refreshTimelineDatesCypher).
func refreshTimelineDates(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := run(ctx, tx, refreshTimelineDatesCypher, map[string]any{"ids": ids})
	return err
}

// redateHeadsCypher sets the timeline date of the heads of the relations
// $ids again, from their ends as they are now.
var redateHeadsCypher = fmt.Sprintf(`UNWIND $ids AS id
MATCH (s)-[h:%s {relId: id}]->(t)
SET h.timelineDate = %s`, headType, timelineDate("h", "s", "t"))

// redateMeetingHeads sets again the timeline date of the heads of the
// relations removed that rebuildHeads computed again, whose type may have
// a meeting at an end, once the write holds the locks of their ends
// (mergeEntities locks the entities a write touches). rebuildHeads runs
// before that: a concurrent write that changed the meeting's date and
// dated its heads again (refreshTimelineDates) may have committed between
// its reading of the date and its writing of the head, which then holds
// the date before. Heads merged (mergeHeads) need no more: a write locks
// the entities its article mentions, the ends of its relations, as it
// merges them (mergeEntitiesCypher), before it merges the heads.
func redateMeetingHeads(ctx context.Context, tx neo4j.ManagedTransaction, removed []removedRelation) error {
	var ids []string
	for _, r := range removed {
		if meetingEnded(r.typ) {
			ids = append(ids, r.relID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := run(ctx, tx, redateHeadsCypher, map[string]any{"ids": sortedUnique(ids)})
	return err
}

// meetingEnded reports whether a relation of type t may have a meeting at
// an end (store.CheckArticleGraph holds relations to their type's ends).
func meetingEnded(t ontology.RelationType) bool {
	spec, _ := ontology.Relation(t)
	return slices.Contains(spec.Sources, ontology.Meeting) || slices.Contains(spec.Targets, ontology.Meeting)
}

// headable reports whether the entity-anchored relation query q can be
// answered from its relations' heads: q has no filter, and reads of the
// evidence no more than the heads keep: none, or the first pieces'
// articles (ArticleOnlyEvidence, with a limit of at most headArticles).
func headable(q store.RelationQuery) bool {
	if q.Where != nil {
		return false
	}
	return q.NoEvidence || (q.ArticleOnlyEvidence && q.EvidenceLimit > 0 && q.EvidenceLimit <= headArticles)
}

// headGroups is entityRelationGroups for a query that headable answers:
// the heads h of the entity n of every type q asks for, as rows (id, q),
// q the head. A relation from n to itself is one row.
//
// In relId order (a page of first relations), they are the first first+1
// heads after q's cursor only, read in order from an index of heads (see
// headSeeks): of every type, by source and relId (the entity's outgoing
// heads) and by target and relId (its incoming ones), both for Both; of
// given types, by source, type and relId and by target, type and relId,
// the first first+1 of each type, whose union is ordered and cut. A page
// costs the page (times the types asked for), however many relations the
// entity has, of these types or of others. In another order, every head of
// the entity is read, of the types asked for only when there are some.
func headGroups(c *compiler, q store.RelationQuery, first int) (string, error) {
	if f, _ := store.CheckOrder(q.Order); f != store.OrderByID {
		if len(q.Types) == 0 {
			return fmt.Sprintf(`  MATCH %s
  WITH DISTINCT h
  WITH h.relId AS id, h AS q`, pattern("n", "h", headType, "", q.Direction)), nil
		}
		return fmt.Sprintf(`  CALL (n) {
%s
  }
  WITH h.relId AS id, h AS q`, headSeeks(c, q, "h.relId IS NOT NULL", "")), nil
	}
	after, err := headsAfter(c, q)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(`  CALL (n) {
%s
  }
  WITH h.relId AS id, h AS q`, headSeeks(c, q, after, c.param(int64(first+1)))), nil
}

// headSeeks is a union of index seeks of the heads h of the entity n, for
// the direction and types of the relation query q, that satisfy cond (a
// condition on h.relId that the seeks read as a range), each returning h:
// one seek per end (source and target, for Both) and, when q has types,
// per type, from the index of heads by the end and relId, or by the end,
// type and relId. With limit, each seek reads its first heads in q's
// relId order, up to limit (index-provided order: it reads no more). UNION
// (not UNION ALL) keeps a relation from n to itself once.
func headSeeks(c *compiler, q store.RelationQuery, cond, limit string) string {
	dir := ""
	if q.Order.Desc {
		dir = " DESC"
	}
	ends := []string{"source", "target"}
	switch q.Direction {
	case store.Out:
		ends = ends[:1]
	case store.In:
		ends = ends[1:]
	}
	types := slices.Clone(q.Types)
	slices.Sort(types)
	types = slices.Compact(types)
	var seeks []string
	seek := func(end, typed string) {
		// The hint keeps Neo4j from scanning the index instead, as it
		// may while its statistics are those of a nearly empty one.
		index := end + ", relId"
		if typed != "" {
			index = end + ", type, relId"
		}
		s := fmt.Sprintf("    MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s)\n      WHERE h.%[3]s = n.id%[4]s AND %[5]s\n    RETURN h",
			headType, index, end, typed, cond)
		if limit != "" {
			// The order of the index, whose leading properties are equal
			// to one value each.
			order := "h." + end + dir
			if typed != "" {
				order += ", h.type" + dir
			}
			s += fmt.Sprintf(" ORDER BY %s, h.relId%s LIMIT %s", order, dir, limit)
		}
		seeks = append(seeks, s)
	}
	for _, end := range ends {
		if len(types) == 0 {
			seek(end, "")
		}
		for _, t := range types {
			seek(end, " AND h.type = "+c.param(relType(t)))
		}
	}
	return strings.Join(seeks, "\n    UNION\n")
}

// headsAfter is the condition that a head h comes after the cursor of
// the relation query q in relId order (the cursor's key is a relId), in
// the form of a range on h.relId that an index seek reads.
func headsAfter(c *compiler, q store.RelationQuery) (string, error) {
	if q.After == "" {
		return "h.relId IS NOT NULL", nil
	}
	k, id, err := store.DecodeCursor(q.After)
	if err != nil {
		return "", err
	}
	cmp := ">"
	if q.Order.Desc {
		cmp = "<"
	}
	// key beyond k, or key = k and relId > id: with key = relId, the
	// relId k itself comes after the cursor when k > id.
	pk, pid := c.param(k), c.param(id)
	return fmt.Sprintf("h.relId %[1]s= %[2]s AND (h.relId %[1]s %[2]s OR %[2]s > %[3]s)", cmp, pk, pid), nil
}

// headTypes is the condition that the head h is of one of the types ts
// (a WHERE clause, with its leading newline), or "" when ts is empty.
func headTypes(c *compiler, ts []ontology.RelationType, h string) string {
	if len(ts) == 0 {
		return ""
	}
	names := relTypeNames(ts)
	return fmt.Sprintf(" WHERE %s.type IN %s", h, c.param(names))
}

// headCount is the number of relations of the entity n of the relation
// query q, which has no filter, counted on its heads: without a type, the
// node's degree in heads, which Neo4j keeps; with types, the heads of
// these types that the index of heads by end, type and relId holds for n
// (headSeeks), without reading its heads of other types.
func headCount(c *compiler, q store.RelationQuery) string {
	if len(q.Types) == 0 {
		return fmt.Sprintf("COUNT { %s }", pattern("n", "", headType, "", q.Direction))
	}
	return fmt.Sprintf("COUNT {\n%s\n  }", headSeeks(c, q, "h.relId IS NOT NULL", ""))
}

// headEnds are the columns of headColumns that read the ids of the ends
// of the head q.
const headEnds = "startNode(q).id AS source, endNode(q).id AS target"

// headColumns are relationColumnsTitled's columns read from the head q
// of a relation (a query that headable answers): its evidence none, or
// its first pieces as articlePiece (titledPiece when titled), from the
// head's articles, and their number.
func headColumns(c *compiler, q store.RelationQuery, titled bool) string {
	cols := `id, q.type AS type, ` + headEnds + `, ` + qualifierMap("q") + ` AS quals, `
	if q.NoEvidence {
		return cols + "[] AS evidence"
	}
	piece := "[q.articles[i]]"
	if titled {
		piece = "[q.articles[i], q.titles[i]]"
	}
	return cols + fmt.Sprintf("{total: q.evidence, first: [i IN range(0, size(q.articles[..%s]) - 1) | %s]} AS evidence",
		c.param(int64(q.EvidenceLimit)), piece)
}

// relTypeNames are the names of the relation types ts as heads keep them
// (their type property), for a parameter that heads' types are tested
// against.
func relTypeNames(ts []ontology.RelationType) []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = relType(t)
	}
	return names
}
