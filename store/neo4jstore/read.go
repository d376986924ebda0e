package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Entities looks entities up by id; the answer is aligned with ids.
func (s *Store) Entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return s.ProjectedEntities(ctx, ids, store.Projection{})
}

// ProjectedEntities looks entities up by id, reading none of what p
// leaves out (see entityReturn); the answer is aligned with ids.
func (s *Store) ProjectedEntities(ctx context.Context, ids []string, p store.Projection) ([]*store.Entity, error) {
	if len(ids) == 0 {
		return []*store.Entity{}, nil
	}
	found, err := read(ctx, s, "look up entities", func(tx neo4j.ManagedTransaction) (map[string]*store.Entity, error) {
		recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH (n:%s {id: id})
RETURN %s`, entityLabel, entityReturn("n", p)), articlePageParams(p, map[string]any{"ids": sortedUnique(ids)}))
		if err != nil {
			return nil, err
		}
		out := make(map[string]*store.Entity, len(recs))
		for _, rec := range recs {
			e, err := entityFrom(rec.Values[0], p)
			if err != nil {
				return nil, err
			}
			out[e.ID] = e
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return align(ids, found), nil
}

// Articles looks articles up by id; the answer is aligned with ids.
func (s *Store) Articles(ctx context.Context, ids []string) ([]*store.Article, error) {
	return s.ProjectedArticles(ctx, ids, store.Projection{})
}

// ProjectedArticles looks articles up by id, reading none of what p
// leaves out (see articleReturn); the answer is aligned with ids.
func (s *Store) ProjectedArticles(ctx context.Context, ids []string, p store.Projection) ([]*store.Article, error) {
	if len(ids) == 0 {
		return []*store.Article{}, nil
	}
	found, err := read(ctx, s, "look up articles", func(tx neo4j.ManagedTransaction) (map[string]*store.Article, error) {
		recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH (n:%s {id: id})
RETURN DISTINCT %s`, label(ontology.Article), articleReturn("n", p)), map[string]any{"ids": sortedUnique(ids)})
		if err != nil {
			return nil, err
		}
		out := make(map[string]*store.Article, len(recs))
		for _, rec := range recs {
			a, err := articleFrom(rec.Values[0], p)
			if err != nil {
				return nil, err
			}
			out[a.ID] = a
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return align(ids, found), nil
}

// Relations looks relations up by id; the answer is aligned with ids.
func (s *Store) Relations(ctx context.Context, ids []string) ([]*store.Relation, error) {
	if len(ids) == 0 {
		return []*store.Relation{}, nil
	}
	found, err := read(ctx, s, "look up relations", func(tx neo4j.ManagedTransaction) (map[string]*store.Relation, error) {
		recs, err := run(ctx, tx, relationsByIDCypher, map[string]any{"ids": sortedUnique(ids)})
		if err != nil {
			return nil, err
		}
		out := make(map[string]*store.Relation, len(recs))
		for _, rec := range recs {
			r := relationFromRecord(rec)
			out[r.ID] = r
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return align(ids, found), nil
}

// relationsByIDCypher finds relations by id. The relId indexes are per
// relationship type, so the lookup is a union of one index seek per type,
// each for all the ids at once.
var relationsByIDCypher = relationsByID(relationColumns)

// relationsByID is relationsByIDCypher returning columns, relationColumns
// or another form of them.
func relationsByID(columns string) string {
	branches := make([]string, len(ontology.RelationTypes))
	for i, t := range ontology.RelationTypes {
		branches[i] = fmt.Sprintf("  MATCH ()-[r:%s]->() WHERE r.relId IN $ids RETURN r", relType(t))
	}
	return `CALL () {
` + strings.Join(branches, "\n  UNION ALL\n") + `
}
WITH r.relId AS id, collect(r) AS rs
WITH id, rs, head(rs) AS q
RETURN ` + columns
}

// relationColumns return one relation from the group rs of its evidence
// relationships, q one of them, and its id, in the shape relationFromRecord
// reads. Of q's properties only the qualifiers are read: the others (the
// quote above all) are its piece of evidence.
var relationColumns = `id, type(q) AS type, startNode(q).id AS source, endNode(q).id AS target, ` + qualifierMap("q") + ` AS quals,
  ` + evidenceList + ` AS evidence`

// qualifierMap is the map of the qualifier properties of the evidence
// relationship bound to v.
func qualifierMap(v string) string {
	names := make([]string, len(ontology.Qualifiers))
	for i, q := range ontology.Qualifiers {
		names[i] = string(q)
	}
	return mapProjection(v, names)
}

// evidenceList is the evidence of the relation whose relationships are
// rs, as relationFromRecord reads it; evidencePiece is one piece, x, and
// articlePiece one piece of its article only.
const (
	evidenceList  = `[x IN rs | ` + evidencePiece + `]`
	evidencePiece = "[x.article, x.quote, x.start, x.`end`, x.cameo, x.plover, x.mode, x.label]"
	articlePiece  = "[x.article]"
	// titledPiece is articlePiece with the title of the article, which
	// evidence relationships keep (articleTitle; absent from those written
	// by versions before it), so that a level needs no lookup of the
	// articles when it only shows their titles.
	titledPiece = "[x.article, x.articleTitle]"
)

// relationColumnsOf is relationColumns for the relation query q: with an
// empty evidence list when q asks for none (store.RelationQuery.NoEvidence),
// and then the properties of its evidence relationships are never read;
// with q's evidence limit, the first pieces only (see
// limitedEvidenceColumns); with pieces of one article id when q asks for
// no more (ArticleOnlyEvidence). It adds its parameters to c.
func relationColumnsOf(c *compiler, q store.RelationQuery) string {
	return relationColumnsTitled(c, q, false)
}

// relationColumnsTitled is relationColumnsOf, with pieces of an article id
// and title (titledPiece) when titled and q asks for the article id only.
func relationColumnsTitled(c *compiler, q store.RelationQuery, titled bool) string {
	piece := evidencePiece
	if q.ArticleOnlyEvidence {
		piece = articlePiece
		if titled {
			piece = titledPiece
		}
	}
	switch {
	case q.NoEvidence:
		return noEvidenceColumns
	case q.EvidenceLimit > 0:
		return limitedEvidenceColumns(c, q.EvidenceLimit, piece)
	case q.ArticleOnlyEvidence:
		return strings.Replace(relationColumns, evidenceList, "[x IN rs | "+piece+"]", 1)
	}
	return relationColumns
}

// noEvidenceColumns is relationColumns without the evidence.
var noEvidenceColumns = strings.Replace(relationColumns, evidenceList, "[]", 1)

// limitedEvidenceColumns is relationColumns with at most limit pieces of
// evidence, the first in store.SortEvidence's order (article, start, end,
// then the coding, absent as ""), and their number: the evidence column is
// a map, {total: how many, first: the pieces}. Of the pieces left out,
// only the properties the order reads are read. piece is what is read of
// each piece kept (evidencePiece or articlePiece).
func limitedEvidenceColumns(c *compiler, limit int, piece string) string {
	order := "x.article, x.start, x.`end`, coalesce(x.cameo, ''), coalesce(x.plover, ''), coalesce(x.mode, ''), coalesce(x.label, '')"
	if piece != evidencePiece {
		// Pieces of their article alone: the pieces that tie on the
		// article are the same, so the article is order enough, and the
		// other properties are not read.
		order = "x.article"
	}
	first := fmt.Sprintf("COLLECT { UNWIND rs AS x WITH x ORDER BY %s LIMIT %s RETURN %s }", order, c.param(int64(limit)), piece)
	return strings.Replace(relationColumns, evidenceList, "{total: size(rs), first: "+first+"}", 1)
}

// evidenceOf is the list of pieces of an evidence column that
// relationColumnsOf made (a list, or a map with limited evidence), as
// Cypher sees it from the variable v of that column.
func evidenceOf(q store.RelationQuery, v string) string {
	if q.EvidenceLimit > 0 && !q.NoEvidence {
		return v + ".first"
	}
	return v
}

// relationFromRecord reads a record made with relationColumns or
// relationColumnsOf.
func relationFromRecord(rec *neo4j.Record) *store.Relation {
	r := &store.Relation{
		ID:         str(rec.Values[0]),
		Type:       ontology.RelationType(str(rec.Values[1])),
		Source:     str(rec.Values[2]),
		Target:     str(rec.Values[3]),
		Qualifiers: qualifiersFromProps(rec.Values[4].(map[string]any)),
	}
	list, _ := rec.Values[5].([]any)
	total := 0
	if limited, ok := rec.Values[5].(map[string]any); ok {
		list, _ = limited["first"].([]any)
		total = int(integer(limited["total"]))
	}
	r.Evidence = make([]store.Evidence, 0, len(list))
	for _, x := range list {
		ev := x.([]any)
		if len(ev) <= 2 { // articlePiece or titledPiece
			r.Evidence = append(r.Evidence, store.Evidence{Article: str(ev[0])})
			continue
		}
		r.Evidence = append(r.Evidence, pieceOf(ev))
	}
	store.SortEvidence(r.Evidence)
	if total > len(r.Evidence) {
		r.EvidenceTotal = total
	}
	return r
}

// align returns, for each id, what found holds for it (nil if nothing).
func align[T any](ids []string, found map[string]*T) []*T {
	out := make([]*T, len(ids))
	for i, id := range ids {
		out[i] = found[id]
	}
	return out
}
