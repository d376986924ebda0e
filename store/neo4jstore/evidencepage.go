package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

var _ store.EvidenceReader = (*Store)(nil)

// EvidencePages pages through the evidence of relations in one statement:
// for each query, the relation's evidence relationships are found by relId
// (a seek in each type's index), cut after the cursor's piece by
// comparing the list of the properties store.CompareEvidence orders by
// (Cypher compares lists in order, as CompareEvidence does), and the first
// pieces kept, one more than the page to tell whether another follows.
//
// Of a piece that the page does not hold only its article is read: the
// pieces of articles before the cursor's are left out on their article
// alone, the others compared in full only when of the cursor's article;
// and only the pieces of the page's articles (up to the article of its
// last piece, in article order) are ordered in full and read. A page
// costs a seek per piece of its relation and a read of its article, and
// its own pieces, however deep in the evidence it starts.
func (s *Store) EvidencePages(ctx context.Context, qs []store.EvidenceQuery) ([]*store.Page[store.Evidence], error) {
	out := make([]*store.Page[store.Evidence], len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	rows := make([]map[string]any, len(qs))
	limit := 0
	for i, q := range qs {
		row := map[string]any{"i": int64(i), "id": q.Relation, "after": nil}
		if q.After != "" {
			after, err := store.DecodeEvidenceCursor(q.After)
			if err != nil {
				return nil, err
			}
			row["after"] = []any{after.Article, int64(after.Start), int64(after.End),
				after.CAMEO, after.PLOVER, after.Mode, after.Label}
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

// evidencePagesCypher answers the rows $qs ({i, id, after}) of
// EvidencePages: one record per relation found (one with evidence), its
// index and its first $limit pieces after the cursor (evidencePiece). The
// pieces are read as pairs [article, relationship]; rest are those after
// the cursor, upTo the article of the $limit-th of them in article order.
var evidencePagesCypher = func() string {
	branches := make([]string, len(ontology.RelationTypes))
	for i, t := range ontology.RelationTypes {
		branches[i] = fmt.Sprintf("    MATCH ()-[x:%s]->() WHERE x.relId = q.id RETURN x", relType(t))
	}
	return `UNWIND $qs AS q
CALL (q) {
  CALL (q) {
` + strings.Join(branches, "\n    UNION ALL\n") + `
  }
  WITH collect([x.article, x]) AS xs
  WITH size(xs) AS n, [c IN xs WHERE q.after IS NULL OR c[0] > q.after[0]
    OR (c[0] = q.after[0] AND ` + evidenceOrderKey("c[1]") + ` > q.after)] AS rest
  WITH n, rest, last(COLLECT { UNWIND rest AS c RETURN c[0] AS a ORDER BY a LIMIT $limit }) AS upTo
  RETURN n, COLLECT {
    UNWIND rest AS c
    WITH c WHERE c[0] <= upTo
    WITH c[1] AS x
    WITH x, ` + evidenceOrderKey("x") + ` AS key
    RETURN ` + evidencePiece + ` AS piece ORDER BY key LIMIT $limit
  } AS pieces
}
WITH q, pieces WHERE n > 0
RETURN q.i AS i, pieces`
}()

// pieceOf reads a piece of evidence of evidencePiece's shape.
func pieceOf(ev []any) store.Evidence {
	return store.Evidence{
		Article: str(ev[0]), Quote: str(ev[1]), Start: int(integer(ev[2])), End: int(integer(ev[3])),
		EventCoding: store.EventCoding{CAMEO: str(ev[4]), PLOVER: str(ev[5]), Mode: str(ev[6]), Label: str(ev[7])},
	}
}
