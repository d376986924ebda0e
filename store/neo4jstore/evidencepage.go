package neo4jstore

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.EvidenceReader = (*Store)(nil)

// EvidencePages pages through the evidence of relations in one statement.
// A relation's pieces are read from the index of its type's evidence by
// relId and article (rel_<type>_relId_article), in article order from the
// cursor's article on: first the articles of the first pieces after the
// cursor, up to one more than the page, which tell the last article the
// page can reach; then the pieces from the cursor's article to that one,
// ordered in full (store.CompareEvidence, as Cypher compares lists in
// order) and cut to one more than the page, to tell whether another
// follows. A page costs its own pieces and those of the articles at its
// two ends, however many pieces its relation has and however deep in them
// it starts.
func (s *Store) EvidencePages(ctx context.Context, qs []store.EvidenceQuery) ([]*store.Page[store.Evidence], error) {
	out := make([]*store.Page[store.Evidence], len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	rows := make([]map[string]any, len(qs))
	limit := 0
	for i, q := range qs {
		row := map[string]any{"i": int64(i), "id": q.Relation, "after": nil, "lo": ""}
		if q.After != "" {
			after, err := store.DecodeEvidenceCursor(q.After)
			if err != nil {
				return nil, err
			}
			row["after"] = []any{after.Article, int64(after.Start), int64(after.End),
				after.CAMEO, after.PLOVER, after.Mode, after.Label}
			row["lo"] = after.Article
		}
		rows[i] = row
		limit = max(limit, store.ClampEvidenceFirst(q.First)+1)
	}
	return read(ctx, s, "read evidence pages", func(tx neo4j.ManagedTransaction) ([]*store.Page[store.Evidence], error) {
		recs, err := run(ctx, tx, evidencePagesCypher, map[string]any{"qs": rows, "limit": int64(limit)})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			i := int(integer(rec.Values[0]))
			q := qs[i]
			var pieces []store.Evidence
			for _, x := range rec.Values[1].([]any) {
				pieces = append(pieces, pieceOf(x.([]any)))
			}
			first := store.ClampEvidenceFirst(q.First)
			p := &store.Page[store.Evidence]{Items: pieces[:min(first, len(pieces))], HasNextPage: len(pieces) > first}
			p.Cursors = make([]string, len(p.Items))
			for j, e := range p.Items {
				p.Cursors[j] = store.EvidenceCursor(e)
			}
			out[i] = p
		}
		return out, nil
	})
}

// evidenceOrderKey is the list of the properties of the evidence
// relationship v that store.CompareEvidence orders by, a missing coding as
// "" (as the cursor holds it).
func evidenceOrderKey(v string) string {
	return strings.NewReplacer("x.", v+".").Replace("[x.article, x.start, x.`end`, coalesce(x.cameo, ''), " +
		"coalesce(x.plover, ''), coalesce(x.mode, ''), coalesce(x.label, '')]")
}

// evidencePagesCypher answers the rows $qs ({i, id, after, lo}) of
// EvidencePages, lo the cursor's article ("" without a cursor): one record
// per relation found (one with evidence), its index and its first $limit
// pieces after the cursor (evidencePiece). One branch per relation type,
// as the type of q.id is not known: in each, one seek tells whether the
// relation is of that type; upTo is the article of the $limit-th piece
// after the cursor in article order (or of the last, if fewer), read in
// the index's order (which the planner gives, without reading them all
// and sorting, only for an order by both of the index's properties); the
// page is the pieces after the cursor up to that
// article, in full order.
var evidencePagesCypher = func() string {
	branches := make([]string, len(ontology.RelationTypes))
	for i, t := range ontology.RelationTypes {
		after := "(q.after IS NULL OR x.article > q.after[0] OR (x.article = q.after[0] AND " + evidenceOrderKey("x") + " > q.after))"
		branches[i] = strings.NewReplacer("{type}", relType(t), "{after}", after, "{key}", evidenceOrderKey("x"), "{piece}", evidencePiece).Replace(`  MATCH ()-[y:{type}]->() WHERE y.relId = q.id AND y.article IS NOT NULL
  WITH q LIMIT 1
  WITH q, last(COLLECT {
    MATCH ()-[x:{type}]->() USING INDEX SEEK x:{type}(relId, article)
    WHERE x.relId = q.id AND x.article >= q.lo AND {after}
    RETURN x.article AS a ORDER BY x.relId, x.article LIMIT $limit
  }) AS upTo
  RETURN COLLECT {
    MATCH ()-[x:{type}]->() USING INDEX SEEK x:{type}(relId, article)
    WHERE x.relId = q.id AND x.article >= q.lo AND x.article <= upTo AND {after}
    WITH x, {key} AS key
    RETURN {piece} AS piece ORDER BY key LIMIT $limit
  } AS pieces`)
	}
	return `UNWIND $qs AS q
CALL (q) {
` + strings.Join(branches, "\n  UNION ALL\n") + `
}
RETURN q.i AS i, pieces`
}()

// pieceOf reads a piece of evidence of evidencePiece's shape.
func pieceOf(ev []any) store.Evidence {
	return store.Evidence{
		Article: str(ev[0]), Quote: str(ev[1]), Start: int(integer(ev[2])), End: int(integer(ev[3])),
		EventCoding: store.EventCoding{CAMEO: str(ev[4]), PLOVER: str(ev[5]), Mode: str(ev[6]), Label: str(ev[7])},
	}
}
