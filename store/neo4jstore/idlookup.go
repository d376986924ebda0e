package neo4jstore

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

// A relation list that only names relations by id (the relations of a
// neighbourhood or a path, looked up with the evidence their selection
// shows: a filter of ids and nothing else, no entity, no type, no cursor,
// in id order, a page that holds them all) is a lookup by id with a page's
// evidence options. Such lists with the same options are one statement
// (lookUpRelations: all their ids at once, each sought in its type's relId
// index when the type is known, in every type's otherwise) instead of one
// each.

// idLookup returns the ids of the relation query q, sorted and without
// repeats, when q is such a lookup.
func idLookup(q store.RelationQuery) ([]string, bool) {
	if q.Entity != "" || len(q.Types) > 0 || q.After != "" || q.Where == nil || q.Where.ID == nil ||
		q.Order.Field != store.OrderByID || q.Order.Desc {
		return nil, false
	}
	rest, ids := *q.Where, *q.Where.ID
	rest.ID, ids.In = nil, nil
	if q.Where.ID.In == nil || !reflect.DeepEqual(rest, store.RelationFilter{}) ||
		!reflect.DeepEqual(ids, store.StringFilter{}) {
		return nil, false
	}
	in := sortedUnique(q.Where.ID.In)
	if len(in) > store.ClampFirst(q.First) {
		return nil, false
	}
	return in, true
}

// lookupOptions are the options of a lookup's evidence: lookups with the
// same options share a statement.
type lookupOptions struct {
	noEvidence, articleOnly bool
	evidenceLimit           int
}

// lookupGroup is the lookups of the queries at entries, with the same
// options, and the union of their ids.
type lookupGroup struct {
	entries []int
	ids     []string
}

// groupLookups splits the indexes of qs into the lookups by id, grouped by
// their options, and the others.
func groupLookups(qs []store.RelationQuery) (lookups []*lookupGroup, others []int) {
	byOptions := map[lookupOptions]*lookupGroup{}
	for i, q := range qs {
		ids, ok := idLookup(q)
		if !ok {
			others = append(others, i)
			continue
		}
		o := lookupOptions{q.NoEvidence, q.ArticleOnlyEvidence, q.EvidenceLimit}
		g := byOptions[o]
		if g == nil {
			g = &lookupGroup{}
			byOptions[o] = g
			lookups = append(lookups, g)
		}
		g.entries = append(g.entries, i)
		g.ids = append(g.ids, ids...)
	}
	return lookups, others
}

// runLookups answers the lookups of qs in groups, one statement a group,
// into out (aligned with qs).
func runLookups(ctx context.Context, tx neo4j.ManagedTransaction, qs []store.RelationQuery, groups []*lookupGroup,
	out []*store.Page[*store.Relation]) error {
	for _, g := range groups {
		c := newCompiler()
		first := qs[g.entries[0]]
		rq := store.RelationQuery{NoEvidence: first.NoEvidence, ArticleOnlyEvidence: first.ArticleOnlyEvidence,
			EvidenceLimit: first.EvidenceLimit}
		var recs []*neo4j.Record
		var err error
		if headable(rq) {
			recs, err = lookUpHeads(ctx, tx, c, rq, g.ids)
		} else {
			recs, err = lookUpRelations(ctx, tx, c, relationColumnsOf(c, first), g.ids)
		}
		if err != nil {
			return err
		}
		byID := make(map[string]*neo4j.Record, len(recs))
		for _, rec := range recs {
			byID[str(rec.Values[0])] = rec
		}
		for _, i := range g.entries {
			ids, _ := idLookup(qs[i])
			var mine []*neo4j.Record
			for _, id := range ids {
				if rec := byID[id]; rec != nil {
					mine = append(mine, rec)
				}
			}
			item := func(rec *neo4j.Record) (*store.Relation, string, error) {
				r := relationFromRecord(rec)
				return r, store.EncodeCursor(store.RelationSortKey(r, store.OrderByID), r.ID), nil
			}
			if out[i], err = page(mine, store.ClampFirst(qs[i].First), item); err != nil {
				return err
			}
		}
	}
	return nil
}

// lookUpHeads reads the relations of ids from their heads, one seek each
// of the index of heads by relId, with the columns headColumns gives for
// rq (a query that headable answers), one row per relation found: a
// relation costs its head, not its evidence. The head's properties that
// the columns read are read at once, as one map (its ends by their ids,
// which it keeps), not one by one: Neo4j then reads the head's properties
// once, where it would read them once per column.
func lookUpHeads(ctx context.Context, tx neo4j.ManagedTransaction, c *compiler, rq store.RelationQuery,
	ids []string) ([]*neo4j.Record, error) {
	c.params["ids"] = ids
	props := []string{"type", "source", "target"}
	if !rq.NoEvidence {
		props = append(props, "evidence", "articles")
	}
	for _, q := range ontology.Qualifiers {
		props = append(props, string(q))
	}
	columns := strings.Replace(headColumns(c, rq, false), headEnds, "q.source AS source, q.target AS target", 1)
	// The hint keeps Neo4j from scanning the heads instead, as it may
	// while its statistics are those of a nearly empty index.
	recs, err := run(ctx, tx, fmt.Sprintf(`UNWIND $ids AS id
MATCH ()-[h:%[1]s]->() USING INDEX SEEK h:%[1]s(relId) WHERE h.relId = id
WITH id, %[2]s AS q
RETURN %[3]s`, headType, mapProjection("h", props), columns), c.params)
	if err != nil {
		return nil, err
	}
	rememberRecordTypes(recs)
	return recs, nil
}
