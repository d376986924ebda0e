package embedded

import (
	"context"

	"newsgraph/store"
)

// CountRelationsOf counts for several relation queries at once, from one
// view of the graph, what CountRelations counts for each.
func (s *Store) CountRelationsOf(ctx context.Context, qs []store.RelationQuery) ([]int, error) {
	prepared, err := prepareCounts(qs)
	if err != nil {
		return nil, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	counts := make([]int, len(qs))
	for i, q := range prepared {
		s.g.eachRelation(q, func(*store.Relation) { counts[i]++ })
	}
	return counts, nil
}

// prepareCounts prepares relation queries to be counted: their page and
// cursor do not matter.
func prepareCounts(qs []store.RelationQuery) ([]relationQuery, error) {
	out := make([]relationQuery, len(qs))
	for i, q := range qs {
		q.First, q.After = 1, ""
		rq, err := prepareRelationQuery(q)
		if err != nil {
			return nil, err
		}
		out[i] = rq
	}
	return out, nil
}

// withTotal sets the page's Total when the query asks for it, from the same
// view of the graph as the page: the caller holds the read lock.
func (g *graph) withTotal(q store.EntityQuery, eq entityQuery, p *store.Page[*store.Entity]) *store.Page[*store.Entity] {
	if q.WithTotal {
		n := 0
		g.eachEntity(eq, func(*entityNode) { n++ })
		p.Total = &n
	}
	return p
}
