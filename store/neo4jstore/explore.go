package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/textmatch"
)

// The store.Explorer primitives, one read transaction each. Search asks the
// full-text index FullTextIndex for candidates and scores them with
// textmatch, as embedded does; Expand is one statement per call (a
// neighbourhood's layers read heads instead, see layer.go); Timeline
// pages through a union of dated relations and meetings, then loads the
// page's items; the quantifiers of entity filters are compiled in
// quantifier (called from the filter compiler).

var _ store.Explorer = (*Store)(nil)

// searchCandidates is how many candidates Search asks the full-text index
// for. Every node whose names match is a candidate, so the answer is exact
// while a query matches fewer nodes than this; beyond, the candidates are
// those Lucene ranks best.
const searchCandidates = 2000

// luceneQuery is the full-text query of a search over the searchText
// property (textmatch.IndexText, indexed with the whitespace analyzer):
// every word must occur exactly, as a prefix, or (words of
// textmatch.MinFuzzyLen letters or more) one edit away. Words are letters
// and digits only, so they need no escaping.
func luceneQuery(q textmatch.Query) string {
	parts := make([]string, len(q.Words))
	for i, w := range q.Words {
		alts := []string{w, w + "*"}
		if utf8.RuneCountInString(w) >= textmatch.MinFuzzyLen {
			alts = append(alts, w+"~1")
		}
		parts[i] = "+(" + strings.Join(alts, " ") + ")"
	}
	return strings.Join(parts, " ")
}

// searchStatement is the statement of a search for nodes of types, with
// the projection p, and the full-text index it asks: the one of entities
// when no article is asked for, whose candidates then need no label test
// when every entity type is. Each candidate is a row of the article
// (articleReturn) or null, the entity or null, and the ids of the articles
// that mention the entity (mentionedBy, all of them: the projection's page
// is cut from them in searchCandidate; none for an article), or null when
// p leaves them out: the statement reads MENTIONS only when they are
// asked for, and then of every candidate, since the hits are known only
// once scored (not inside a CASE, where Neo4j leaves the subquery out of
// the statement's plan). An entity is its node, which costs the server
// less than a map of its properties, or with NamesOnly a map of its id,
// name, aliases (which the score reads) and labels.
func searchStatement(types []ontology.NodeType, p store.Projection) (cypher, index string) {
	entity, articles := "node", "null"
	if p.NamesOnly {
		entity = mapProjection("node", []string{"id", "name", "aliases"}, labelsKey+": labels(node)")
	}
	if !p.NoArticles && slices.ContainsFunc(types, ontology.NodeType.IsEntity) {
		articles = mentionedBy("node", store.Projection{})
	}
	article := "null"
	where := ""
	index = EntityFullTextIndex
	if slices.Contains(types, ontology.Article) {
		index = FullTextIndex
		isArticle := "node:" + label(ontology.Article)
		article = fmt.Sprintf("CASE WHEN %s THEN %s END", isArticle, articleReturn("node", p))
		entity = fmt.Sprintf("CASE WHEN NOT %s THEN %s END", isArticle, entity)
	}
	if index == FullTextIndex || len(types) < len(ontology.EntityTypes) {
		where = "WHERE " + hasLabel("node", types) + "\n"
	}
	return fmt.Sprintf(`CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node
%sRETURN %s AS article, %s AS entity, %s AS articles`, where, article, entity, articles), index
}

// Search finds entities, and articles when asked, by name, alias or title,
// in one statement, which reads the candidates' nodes with the query's
// projection: the hits carry their nodes.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	tq, err := textmatch.Parse(q.Text)
	if err != nil {
		return nil, invalidf("%v", err)
	}
	types, err := store.SearchTypes(q.Types)
	if err != nil {
		return nil, err
	}
	first := store.ClampSearchFirst(q.First)
	cypher, index := searchStatement(types, q.Projection)
	params := map[string]any{"index": index, "query": luceneQuery(tq), "limit": int64(searchCandidates)}
	return read(ctx, s, "search", func(tx neo4j.ManagedTransaction) ([]store.SearchHit, error) {
		recs, err := run(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		var hits []store.SearchHit
		for _, rec := range recs {
			hit, names, err := searchCandidate(rec, q.Projection)
			if err != nil {
				return nil, err
			}
			if hit.Score, hit.Matched = tq.Best(names...); hit.Score > 0 {
				hits = append(hits, hit)
			}
		}
		slices.SortFunc(hits, func(a, b store.SearchHit) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
		})
		return hits[:min(len(hits), first)], nil
	})
}

// searchCandidate reads a row of a search statement (see searchStatement)
// as a hit, not yet scored, with its node projected by p, and the names
// the score reads: the article's title, or the entity's name and aliases.
func searchCandidate(rec *neo4j.Record, p store.Projection) (store.SearchHit, []string, error) {
	if article := rec.Values[0]; article != nil {
		a, err := articleFrom(article, p)
		if err != nil {
			return store.SearchHit{}, nil, err
		}
		return store.SearchHit{ID: a.ID, Type: ontology.Article, Article: a}, []string{a.Title}, nil
	}
	var e *store.Entity
	var err error
	switch v := rec.Values[1].(type) {
	case neo4j.Node:
		e, err = entityFromNode(v)
	case map[string]any:
		e, err = entityFromProps(v, strs(v[labelsKey]))
	default:
		err = fmt.Errorf("a search candidate read as %T, neither a node nor a map", v)
	}
	if err != nil {
		return store.SearchHit{}, nil, err
	}
	e.Articles = sortedIDs(rec.Values[2])
	names := append([]string{e.Name}, e.Aliases...)
	return store.SearchHit{ID: e.ID, Type: e.Type, Entity: p.Entity(e)}, names, nil
}

// pattern is the relationship pattern from node variable n through r in a
// direction, to an anonymous node or m.
func pattern(n, r, types, m string, dir store.Direction) string {
	switch dir {
	case store.Out:
		return fmt.Sprintf("(%s)-[%s:%s]->(%s)", n, r, types, m)
	case store.In:
		return fmt.Sprintf("(%s)<-[%s:%s]-(%s)", n, r, types, m)
	}
	return fmt.Sprintf("(%s)-[%s:%s]-(%s)", n, r, types, m)
}

// expandCypher is the statement of Expand: rows (from, rel, type, to,
// outgoing) for the relations of each node of $ids in dir (of the types
// $types when typed), in the order of from and rel, at most $limit. They
// are read from the relations' heads (see heads.go), never from their
// evidence: from the index of heads by own end and relId (source for a
// node's outgoing relations, target for its incoming ones), in relId
// order up to $limit per node and side, or, with types, from the index
// of heads by own end, type and relId, the heads of those types only. A
// relation costs its head (an index entry and its type), however many
// pieces of evidence it has; a node costs its relations up to $limit,
// however many it has beyond. A relation from a node to itself, found
// from both its ends, is one row, outgoing.
func expandCypher(dir store.Direction, typed bool) string {
	var seeks []string
	for _, s := range headSides(dir) {
		own, other := s[0], s[1]
		index := own + ", relId"
		if typed {
			index = own + ", type, relId"
		}
		// The hint keeps Neo4j from scanning the heads instead, as it may
		// while its statistics are those of a nearly empty index.
		seeks = append(seeks, fmt.Sprintf(`    MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(%[2]s)
    WHERE h.%[3]s = id AND h.relId IS NOT NULL%[4]s
    WITH h ORDER BY h.relId LIMIT $limit
    RETURN h.relId AS rel, h.type AS type, h.%[5]s AS to, h.source = id AS outgoing`,
			headType, index, own, typeCond(typed), other))
	}
	return fmt.Sprintf(`UNWIND $ids AS id
CALL (id) {
%s
}
RETURN id AS from, rel, type, to, outgoing
ORDER BY from, rel
LIMIT $limit`, strings.Join(seeks, "\n    UNION\n"))
}

// Expand returns the relations touching each id, in one statement
// (expandCypher).
func (s *Store) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	dir, types, err := store.CheckExpand(dir, types, limit)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return &store.Expansion{}, nil
	}
	names := relTypeNames(types)
	cypher := expandCypher(dir, len(types) > 0)
	params := map[string]any{"ids": sortedUnique(ids), "limit": int64(limit) + 1, "types": names}
	return read(ctx, s, "expand", func(tx neo4j.ManagedTransaction) (*store.Expansion, error) {
		recs, err := run(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		x := &store.Expansion{Steps: make([]store.Step, 0, len(recs))}
		if len(recs) > limit {
			recs, x.Truncated = recs[:limit], true
		}
		for _, rec := range recs {
			out, _ := rec.Values[4].(bool)
			x.Steps = append(x.Steps, store.Step{
				From: str(rec.Values[0]), Relation: str(rec.Values[1]), Type: ontology.RelationType(str(rec.Values[2])),
				To: str(rec.Values[3]), Outgoing: out,
			})
		}
		rememberTypes(func(yield func(string, ontology.RelationType) bool) {
			for _, st := range x.Steps {
				if !yield(st.Relation, st.Type) {
					return
				}
			}
		})
		return x, nil
	})
}

// relationDateCypher computes date, the timeline date of a relation, from
// q (one of its relationships), its ends s and t, and rs (all of its
// relationships): the rule of store.TimelineQuery.
// The articles' dates are read only for a relation that has no date of
// its own or of a meeting at either end (the subquery then has no input
// row, and its aggregate is null), from its evidence relationships
// (articlePublished), and from the articles themselves only for evidence
// written before those kept it (without articleTitle).
const relationDateCypher = `WITH *, coalesce(q.date, CASE WHEN s:Meeting THEN s.date END, CASE WHEN t:Meeting THEN t.date END) AS own
CALL (rs, own) {
  WITH rs WHERE own IS NULL
  UNWIND rs AS x
  WITH x, CASE WHEN x.articleTitle IS NULL THEN x.article END AS older
  OPTIONAL MATCH (art:Article {id: older})
  RETURN min(coalesce(x.articlePublished, art.published)) AS published
}
WITH *, coalesce(own, published) AS date
`

// timelineItems is the statement listing the dated relations of a
// timeline query with a filter as rows (date, id, false), before paging,
// from their evidence relationships grouped by relation, which the filter
// reads; it adds its parameters to c. A filter keeps no meeting. (A
// timeline without a filter reads only its page: headTimelineStatement.)
func timelineItems(c *compiler, q store.TimelineQuery) string {
	anchor := fmt.Sprintf("MATCH (s:%[1]s)-[r:%[2]s]->(t:%[1]s)", entityLabel, relTypes(q.Types))
	if q.Entity != "" {
		anchor = fmt.Sprintf("MATCH (e:%s {id: %s})-[r:%s]-()\nWITH DISTINCT r\nWITH r, startNode(r) AS s, endNode(r) AS t",
			entityLabel, c.param(q.Entity), relTypes(q.Types))
	}
	vars := relationVars{ID: "id", Rels: "rs", First: "q", Source: "s", Target: "t"}
	return anchor + `
WITH r.relId AS id, collect(r) AS rs, s, t
WITH id, rs, head(rs) AS q, s, t
WHERE ` + c.relation(vars, q.Where) + "\n" + relationDateCypher + `RETURN date, id, false AS meeting`
}

// timelineStatement compiles a timeline query: its rows (date, id,
// isMeeting) in order, one more than the page, or their count. The
// timeline without a filter, of an entity or of the whole graph, reads
// only its page (headTimelineStatement); one with a filter lists every
// item of the query (timelineItems), then orders and cuts them.
func timelineStatement(q store.TimelineQuery, count bool) (*statement, error) {
	types, err := store.CheckRelationTypes(q.Types)
	if err != nil {
		return nil, err
	}
	if err := store.CheckRelationFilter(q.Where); err != nil {
		return nil, err
	}
	q.Types = types
	c := newCompiler()
	if q.Where == nil {
		return headTimelineStatement(c, q, count)
	}
	conds := []string{"date IS NOT NULL"}
	if q.From != "" {
		conds = append(conds, "date >= "+c.param(q.From))
	}
	if q.To != "" {
		conds = append(conds, "date <= "+c.param(q.To))
	}
	items := timelineItems(c, q)
	cypher := "CALL () {\n" + items + "\n}\nWITH date, id, meeting\nWHERE " + and(conds...) + "\n"
	if count {
		return &statement{cypher: cypher + "RETURN count(*)", params: c.params}, nil
	}
	first := store.ClampFirst(q.First)
	after, order, err := pagination(c, "date", "id", store.Order{}, q.After, first)
	if err != nil {
		return nil, err
	}
	if q.WithTotal {
		// One record: the count of the whole list and the page's rows,
		// from one reading of the dates.
		cypher += fmt.Sprintf(`WITH collect([date, id, meeting]) AS rows
RETURN size(rows) AS total, COLLECT {
  UNWIND rows AS row
  WITH row[0] AS date, row[1] AS id, row[2] AS meeting
  WHERE %s
  RETURN [date, id, meeting] AS row
  %s
} AS page`, after, strings.ReplaceAll(order, "\n", "\n  "))
		return &statement{cypher: cypher, params: c.params, first: first}, nil
	}
	cypher += fmt.Sprintf("WITH date, id, meeting\nWHERE %s\nRETURN date, id, meeting\n%s", after, order)
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}

// headTimelineStatement is timelineStatement for a timeline without a
// filter, of an entity or of the whole graph, read from the indexes of
// heads by end (for an entity: source, target), timelineDate and relId
// (see heads.go): for each end, the first first+1 heads after the cursor
// in (date, relId) order, which the index gives in that order from the
// cursor on, merged with the meetings dated after the cursor (the entity
// itself when it is one; for the whole graph, the first first+1 from the
// index of meetings by date), ordered and cut. UNION keeps a relation from
// the entity to itself once. After a cursor (date, id), each end is two
// seeks: the heads of the cursor's date after its id, and those of later
// dates; none reads a head before the cursor. A page thus costs about its
// size, however many relations the entity or the graph has; for the count,
// see timelineCount.
func headTimelineStatement(c *compiler, q store.TimelineQuery, count bool) (*statement, error) {
	ends := []string{""} // the whole graph
	entity := ""
	if q.Entity != "" {
		ends, entity = []string{"source", "target"}, c.param(q.Entity)
	}
	var headConds []string // on h
	meetingConds := []string{"date IS NOT NULL"}
	if q.From != "" {
		from := c.param(q.From)
		headConds = append(headConds, "h.timelineDate >= "+from)
		meetingConds = append(meetingConds, "date >= "+from)
	}
	if q.To != "" {
		to := c.param(q.To)
		headConds = append(headConds, "h.timelineDate <= "+to)
		meetingConds = append(meetingConds, "date <= "+to)
	}
	if len(q.Types) > 0 {
		headConds = append(headConds, strings.TrimPrefix(headTypes(c, q.Types, "h"), " WHERE "))
	}
	if count {
		return &statement{cypher: timelineCount(entity, headConds, meetingConds, q, ""), params: c.params}, nil
	}
	first := store.ClampFirst(q.First)
	_, order, err := pagination(c, "date", "id", store.Order{}, q.After, first)
	if err != nil {
		return nil, err
	}
	// From the cursor on, in index order: all dated items, or those of
	// the cursor's date after its id and those of later dates.
	starts := func(date, id string) []string {
		if q.After == "" {
			return []string{date + " > '' AND " + id + " IS NOT NULL"}
		}
		k, cid, _ := store.DecodeCursor(q.After) // checked by pagination
		pk, pid := c.param(k), c.param(cid)
		return []string{
			fmt.Sprintf("%s = %s AND %s > %s", date, pk, id, pid),
			fmt.Sprintf("%s > %s AND %s IS NOT NULL", date, pk, id),
		}
	}
	limit := c.param(int64(first + 1))
	var branches []string
	for _, end := range ends {
		for _, start := range starts("h.timelineDate", "h.relId") {
			conds := append([]string{start}, headConds...)
			orderBy := "h.timelineDate, h.relId"
			if end != "" {
				conds = append([]string{fmt.Sprintf("h.%s = %s", end, entity)}, conds...)
				orderBy = "h." + end + ", " + orderBy
			}
			branches = append(branches, fmt.Sprintf(`  MATCH ()-[h:%s]->() %s
  WHERE %s
  WITH h ORDER BY %s LIMIT %s
  RETURN h.timelineDate AS date, h.relId AS id, false AS meeting`,
				headType, timelineIndexHint(end), and(conds...), orderBy, limit))
		}
	}
	if len(q.Types) == 0 {
		for _, start := range starts("m.date", "m.id") {
			match := fmt.Sprintf("MATCH (m:%s) USING INDEX SEEK m:%[1]s(date)", label(ontology.Meeting))
			if entity != "" {
				// Anchored on the entity's id, not read from the date index.
				match = fmt.Sprintf("MATCH (m:%s {id: %s})", label(ontology.Meeting), entity)
			}
			branches = append(branches, fmt.Sprintf(`  %s
  WHERE %s
  WITH m.date AS date, m.id AS id
  WHERE %s
  WITH date, id ORDER BY date, id LIMIT %s
  RETURN date, id, true AS meeting`, match, start, and(meetingConds...), limit))
		}
	}
	cypher := "CALL () {\n" + strings.Join(branches, "\n  UNION\n") + "\n}\nWITH date, id, meeting\n" + order + "\n"
	if q.WithTotal {
		cypher += "WITH collect([date, id, meeting]) AS page\n" + timelineCount(entity, headConds, meetingConds, q, "page")
	} else {
		cypher += "RETURN date, id, meeting"
	}
	return &statement{cypher: cypher, params: c.params, first: first}, nil
}

// timelineCount is the end of a statement that returns the number of items
// of the timeline without a filter of entity (a parameter; "" for the
// whole graph), as total, next to the variable carried, when not "": its
// dated heads (by source and by target for an entity), within the
// conditions headConds on h (dates, types), less an entity's heads to
// itself, which both count, plus the dated meetings within meetingConds
// (on date; for an entity, itself when it is one), when no type is asked
// for.
//
// No head's properties are read. Without a condition on the heads, the
// dated heads are all the heads (of an entity, its degree in heads, which
// Neo4j keeps with a node of many; of the graph, from its count store)
// less the undated ones (timelineDate empty), read from the index by
// timelineDate: the count costs the undated heads (and an entity's heads
// to itself), not the relations. With conditions, it reads their index
// entries: an index entry is a head counted.
func timelineCount(entity string, headConds, meetingConds []string, q store.TimelineQuery, carried string) string {
	heads := func(end string, conds ...string) string {
		if end != "" {
			conds = append([]string{fmt.Sprintf("h.%s = %s", end, entity)}, conds...)
		}
		return fmt.Sprintf("COUNT { MATCH ()-[h:%s]->() %s WHERE %s }", headType, timelineIndexHint(end), and(conds...))
	}
	undated := "h.timelineDate = '' AND h.relId IS NOT NULL"
	var match, n string
	switch {
	case entity == "" && len(headConds) == 0:
		n = fmt.Sprintf("COUNT { ()-[:%s]->() }", headType) + "\n  - " + heads("", undated)
	case entity == "":
		n = heads("", append([]string{datedHead}, headConds...)...)
	case len(headConds) == 0:
		match = fmt.Sprintf("OPTIONAL MATCH (anchor:%s {id: %s})\n", entityLabel, entity)
		n = fmt.Sprintf("COUNT { (anchor)-[:%[1]s]->() } + COUNT { (anchor)<-[:%[1]s]-() }", headType) + "\n  - " +
			heads("source", undated) + "\n  - " + heads("target", undated)
	default:
		n = heads("source", append([]string{datedHead}, headConds...)...) + "\n  + " +
			heads("target", append([]string{datedHead}, headConds...)...)
	}
	if entity != "" {
		n += "\n  - " + fmt.Sprintf("COUNT { MATCH ()-[h:%s]->() USING INDEX SEEK h:%[1]s(source, target, relId) WHERE %s }",
			headType, and(append([]string{"h.source = " + entity, "h.target = " + entity, "h.relId IS NOT NULL", "h.timelineDate > ''"}, headConds...)...))
	}
	if len(q.Types) == 0 {
		meetings := fmt.Sprintf("MATCH (m:%s)", label(ontology.Meeting))
		if entity != "" {
			meetings = fmt.Sprintf("MATCH (m:%s {id: %s})", label(ontology.Meeting), entity)
		}
		n += fmt.Sprintf("\n  + COUNT { %s WITH m.date AS date WHERE %s }", meetings, and(meetingConds...))
	}
	ret := match + "RETURN " + n + " AS total"
	if carried != "" {
		ret += ", " + carried
	}
	return ret
}

// datedHead is the condition on h of a head with a timeline date, in a
// seek of the indexes by end, timelineDate and relId.
const datedHead = "h.timelineDate > '' AND h.relId IS NOT NULL"

// timelineIndexHint has a statement read the heads of an entity's end
// (source or target; "" for every head) from the index of heads by that
// end, timelineDate and relId: the planner would otherwise take the one
// by end and relId when the statement does not order by date (a count),
// and read the date of every head, or, on fresh statistics, scan the
// index.
func timelineIndexHint(end string) string {
	if end == "" {
		return fmt.Sprintf("USING INDEX SEEK h:%s(timelineDate, relId)", headType)
	}
	return fmt.Sprintf("USING INDEX SEEK h:%s(%s, timelineDate, relId)", headType, end)
}

// Timeline pages through dated relations and meetings in date order.
func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	st, err := timelineStatement(q, false)
	if err != nil {
		return nil, err
	}
	return read(ctx, s, "timeline", func(tx neo4j.ManagedTransaction) (*store.Page[*store.TimelineItem], error) {
		recs, err := run(ctx, tx, st.cypher, st.params)
		if err != nil {
			return nil, err
		}
		var total *int
		if q.WithTotal {
			total, recs = withTotal(recs)
		}
		p, err := page(recs, st.first, func(rec *neo4j.Record) (*store.TimelineItem, string, error) {
			date, id := str(rec.Values[0]), str(rec.Values[1])
			it := &store.TimelineItem{Date: date}
			if meeting, _ := rec.Values[2].(bool); meeting {
				it.Meeting = &store.Entity{ID: id}
			} else {
				it.Relation = &store.Relation{ID: id}
			}
			return it, store.EncodeCursor(date, id), nil
		})
		if err != nil {
			return nil, err
		}
		p.Total = total
		return p, fillTimeline(ctx, tx, p.Items, q)
	})
}

// fillTimeline loads the relations and meetings of timeline items that
// hold only their ids, the relations with the evidence q asks for
// (store.TimelineQuery.EvidenceLimit, ArticleOnlyEvidence): from their
// heads when that is no more than the articles of their first pieces.
func fillTimeline(ctx context.Context, tx neo4j.ManagedTransaction, items []*store.TimelineItem, q store.TimelineQuery) error {
	var rels, meetings []string
	for _, it := range items {
		if it.Relation != nil {
			rels = append(rels, it.Relation.ID)
		} else {
			meetings = append(meetings, it.Meeting.ID)
		}
	}
	byID := map[string]*store.Relation{}
	if len(rels) > 0 {
		c := newCompiler()
		rq := store.RelationQuery{EvidenceLimit: q.EvidenceLimit, ArticleOnlyEvidence: q.ArticleOnlyEvidence}
		var recs []*neo4j.Record
		var err error
		if headable(rq) {
			// No more than the articles of the first pieces: the heads
			// hold them, however many pieces a relation has.
			recs, err = lookUpHeads(ctx, tx, c, rq, rels)
		} else {
			recs, err = lookUpRelations(ctx, tx, c, relationColumnsOf(c, rq), rels)
		}
		if err != nil {
			return err
		}
		for _, rec := range recs {
			r := relationFromRecord(rec)
			byID[r.ID] = r
		}
	}
	entities := map[string]*store.Entity{}
	if len(meetings) > 0 {
		recs, err := run(ctx, tx, fmt.Sprintf("UNWIND $ids AS id MATCH (n:%s {id: id}) RETURN %s", entityLabel,
			entityReturn("n", store.Projection{})), map[string]any{"ids": meetings})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			e, err := entityFrom(rec.Values[0], store.Projection{})
			if err != nil {
				return err
			}
			entities[e.ID] = e
		}
	}
	for _, it := range items {
		if it.Relation != nil {
			it.Relation = byID[it.Relation.ID]
		} else {
			it.Meeting = entities[it.Meeting.ID]
		}
		if it.Relation == nil && it.Meeting == nil {
			return fmt.Errorf("timeline item %s vanished within its transaction", it.Date)
		}
	}
	return nil
}

// CountTimeline counts what Timeline would list.
func (s *Store) CountTimeline(ctx context.Context, q store.TimelineQuery) (int, error) {
	st, err := timelineStatement(q, true)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, "count timeline", st)
}

// headDateCypher is relationDateCypher for a relation read from its head
// q, own being its date or that of a meeting at either end: else the
// head's published date, the earliest of its evidence's articles.
const headDateCypher = "WITH *, coalesce(own, q.published) AS date\n"

// betweenStatement is the statement of Between: the relations between $a
// and $b by id, one more than q.Limit, each with its columns
// (relationColumnsOf q's evidence) and its timeline date. Only the
// relations of the answer are dated and read.
//
// When q asks no more of their evidence than heads keep (see headable),
// the relations are read from their heads: a relation then costs its
// head, not its evidence. The ends of every head are the nodes of $a and
// $b, whose meeting dates are read once and whose ids are the parameters.
func betweenStatement(q store.BetweenQuery) *statement {
	rq := store.RelationQuery{NoEvidence: q.NoEvidence, EvidenceLimit: q.EvidenceLimit, ArticleOnlyEvidence: q.ArticleOnlyEvidence}
	c := newCompiler()
	c.params["a"], c.params["b"] = q.A, q.B
	limit := c.param(int64(q.Limit) + 1)
	if headable(rq) {
		columns := strings.Replace(headColumns(c, rq, false), headEnds,
			"CASE WHEN forward THEN $a ELSE $b END AS source, CASE WHEN forward THEN $b ELSE $a END AS target", 1)
		return &statement{cypher: fmt.Sprintf(`MATCH (na:%[1]s {id: $a}), (nb:%[1]s {id: $b})
WITH na, nb, CASE WHEN na:%[2]s THEN na.date END AS aDate, CASE WHEN nb:%[2]s THEN nb.date END AS bDate
MATCH (na)-[h:%[3]s]-(nb)
WITH DISTINCT h, na, aDate, bDate
WITH h.relId AS id, h AS q, startNode(h) = na AS forward, aDate, bDate
ORDER BY id
LIMIT %[4]s
WITH *, coalesce(q.date, CASE WHEN forward THEN aDate ELSE bDate END, CASE WHEN forward THEN bDate ELSE aDate END) AS own
%[5]sRETURN %[6]s, date
ORDER BY id`, entityLabel, label(ontology.Meeting), headType, limit, headDateCypher, columns), params: c.params}
	}
	return &statement{cypher: fmt.Sprintf(`MATCH (:%[1]s {id: $a})-[r:%[2]s]-(:%[1]s {id: $b})
WITH r.relId AS id, collect(DISTINCT r) AS rs
ORDER BY id
LIMIT %[3]s
WITH id, rs, head(rs) AS q
WITH id, rs, q, startNode(q) AS s, endNode(q) AS t
%[4]sRETURN %[5]s, date
ORDER BY id`, entityLabel, allRelTypes, limit, relationDateCypher, relationColumnsOf(c, rq)), params: c.params}
}

// Between returns the relations between q.A and q.B, both ways, in one
// statement.
func (s *Store) Between(ctx context.Context, q store.BetweenQuery) ([]store.DatedRelation, bool, error) {
	if err := store.CheckLimit("between", q.Limit); err != nil {
		return nil, false, err
	}
	st := betweenStatement(q)
	type answer struct {
		rels      []store.DatedRelation
		truncated bool
	}
	ans, err := read(ctx, s, "between", func(tx neo4j.ManagedTransaction) (answer, error) {
		recs, err := run(ctx, tx, st.cypher, st.params)
		if err != nil {
			return answer{}, err
		}
		out := answer{rels: []store.DatedRelation{}}
		if len(recs) > q.Limit {
			recs, out.truncated = recs[:q.Limit], true
		}
		for _, rec := range recs {
			out.rels = append(out.rels, store.DatedRelation{Relation: relationFromRecord(rec), Date: str(rec.Values[6])})
		}
		return out, nil
	})
	return ans.rels, ans.truncated, err
}

// Stats counts the graph: entities by label (from Neo4j's count store),
// relations and evidence by type, articles, and the date range.
func (s *Store) Stats(ctx context.Context) (*store.GraphStats, error) {
	return read(ctx, s, "stats", func(tx neo4j.ManagedTransaction) (*store.GraphStats, error) {
		st := store.NewGraphStats()
		for _, t := range ontology.EntityTypes {
			recs, err := run(ctx, tx, fmt.Sprintf("MATCH (n:%s) RETURN count(n)", label(t)), nil)
			if err != nil {
				return nil, err
			}
			st.Entities[t] = int(integer(recs[0].Values[0]))
		}
		recs, err := run(ctx, tx, fmt.Sprintf(`MATCH ()-[r:%s]->()
RETURN type(r), count(DISTINCT r.relId), count(r), min(r.date), max(r.date)`, allRelTypes), nil)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			st.Relations[ontology.RelationType(str(rec.Values[0]))] = int(integer(rec.Values[1]))
			st.Evidence += int(integer(rec.Values[2]))
			st.AddDate(str(rec.Values[3]))
			st.AddDate(str(rec.Values[4]))
		}
		recs, err = run(ctx, tx, fmt.Sprintf(`MATCH (a:%s) RETURN count(a), min(a.published), max(a.published)`,
			label(ontology.Article)), nil)
		if err != nil {
			return nil, err
		}
		st.Articles = int(integer(recs[0].Values[0]))
		st.AddDate(str(recs[0].Values[1]))
		st.AddDate(str(recs[0].Values[2]))
		recs, err = run(ctx, tx, fmt.Sprintf(`MATCH (m:%s) RETURN min(m.date), max(m.date)`, label(ontology.Meeting)), nil)
		if err != nil {
			return nil, err
		}
		st.AddDate(str(recs[0].Values[0]))
		st.AddDate(str(recs[0].Values[1]))
		return st, nil
	})
}

// quantifier compiles the relation quantifiers of an entity filter on the
// node variable n: each is a subquery over n's relations in the
// quantifier's direction, one row per relation (its relationships, one per
// piece of evidence, grouped by relId), filtered with the relation filter
// compiler. Single counts those rows, so it counts relations, not
// evidence.
func (c *compiler) quantifier(n string, q *store.RelationQuantifier) string {
	if q == nil {
		return "true"
	}
	var conds []string
	if q.Some != nil {
		if types, ok := onlyTypes(q.Some); ok {
			conds = append(conds, hasRelation(n, q.Direction, types))
		} else {
			conds = append(conds, "EXISTS { "+c.quantified(n, q.Direction, q.Some)+" }")
		}
	}
	if q.None != nil {
		if types, ok := onlyTypes(q.None); ok {
			conds = append(conds, not(hasRelation(n, q.Direction, types)))
		} else {
			conds = append(conds, "NOT EXISTS { "+c.quantified(n, q.Direction, q.None)+" }")
		}
	}
	if q.All != nil {
		if types, ok := onlyTypes(q.All); ok {
			others := slices.DeleteFunc(slices.Clone(ontology.RelationTypes), func(t ontology.RelationType) bool {
				return slices.Contains(types, t)
			})
			conds = append(conds, not(hasRelation(n, q.Direction, others)))
		} else {
			conds = append(conds, "NOT EXISTS { "+c.quantified(n, q.Direction, &store.RelationFilter{Not: q.All})+" }")
		}
	}
	if q.Single != nil {
		conds = append(conds, "COUNT { "+c.quantified(n, q.Direction, q.Single)+" } = 1")
	}
	return and(conds...)
}

// onlyTypes returns the relation types a relation filter accepts when it is
// a condition on the type alone: the filter is then applied in Go to each
// type's name, as nodeType does for entity types.
func onlyTypes(f *store.RelationFilter) ([]ontology.RelationType, bool) {
	if f.Type == nil || f.ID != nil || f.Source != nil || f.Target != nil || f.Article != nil || f.Date != nil ||
		f.Quantity != nil || f.Item != nil || f.Evidence != nil || f.Place != nil || f.EffectiveDate != nil ||
		len(f.And) > 0 || len(f.Or) > 0 || f.Not != nil {
		return nil, false
	}
	return slices.DeleteFunc(slices.Clone(ontology.RelationTypes), func(t ontology.RelationType) bool {
		return !f.Type.Match(string(t))
	}), true
}

// hasRelation holds when the node n has a relationship of one of types in
// dir: an existence test Neo4j answers from n's relationship counts, without
// reading a relationship. With no types it is false.
func hasRelation(n string, dir store.Direction, types []ontology.RelationType) string {
	if len(types) == 0 {
		return "false"
	}
	return "EXISTS { " + pattern(n, "", relTypes(types), "", dir) + " }"
}

// quantified is the body of a quantifier's subquery: the relations of n in
// dir that match f, one row each. Its variables are fresh, so that
// quantifiers nest.
func (c *compiler) quantified(n string, dir store.Direction, f *store.RelationFilter) string {
	r := c.variable()
	v := relationVars{ID: c.variable(), Rels: c.variable(), First: c.variable(), Source: c.variable(), Target: c.variable()}
	return fmt.Sprintf("MATCH %s WITH %s.relId AS %s, collect(%s) AS %s "+
		"WITH %s, %s, head(%s) AS %s "+
		"WITH %s, %s, %s, startNode(%s) AS %s, endNode(%s) AS %s "+
		"WHERE %s RETURN %s",
		pattern(n, r, allRelTypes, "", dir), r, v.ID, r, v.Rels,
		v.ID, v.Rels, v.Rels, v.First,
		v.ID, v.Rels, v.First, v.First, v.Source, v.First, v.Target,
		c.relation(v, f), v.ID)
}
