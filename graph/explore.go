package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"newsgraph/graph/apierr"
	"newsgraph/graph/generated"
	"newsgraph/graph/model"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/textmatch"
	"newsgraph/store/traverse"
)

// This file holds what the resolvers of explore.graphqls (in
// explore.resolvers.go) need: the checks of their arguments against the
// caps, and the loading of the entities and relations their answers name.
// The traversals themselves are package traverse's, on the store (a
// store.Explorer).

// MaxDyadRelations is the most relations dyad reads between two entities.
const MaxDyadRelations = 1000

// within checks an optional integer argument against its bounds and
// returns it, or def when it is nil. why says what the cap protects.
func within(name string, v *int, def, lo, hi int, why string) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < lo || *v > hi {
		return 0, apierr.BadInput("%s: must be between %d and %d (%s), got %d", name, lo, hi, why, *v)
	}
	return *v, nil
}

// searchQuery checks the arguments of search.
func searchQuery(text string, types []model.NodeType, first *int) (store.SearchQuery, error) {
	if _, err := textmatch.Parse(text); err != nil {
		return store.SearchQuery{}, apierr.BadInput("query: %v", err)
	}
	n, err := within("first", first, store.DefaultSearchResults, 1, store.MaxSearchResults, "hits are ranked, not paged")
	if err != nil {
		return store.SearchQuery{}, err
	}
	q := store.SearchQuery{Text: text, First: n}
	for _, t := range types {
		nt, _ := ontology.ParseNodeType(string(t))
		q.Types = append(q.Types, nt)
	}
	return q, nil
}

// pathQuery checks the arguments shared by shortestPath and
// allShortestPaths.
func pathQuery(from, to string, maxHops *int, types []model.RelationType, dir *model.Direction) (traverse.PathQuery, error) {
	hops, err := within("maxHops", maxHops, traverse.DefaultHops, 1, traverse.MaxHops,
		"longer paths are not searched")
	if err != nil {
		return traverse.PathQuery{}, err
	}
	return traverse.PathQuery{From: from, To: to, MaxHops: hops, Types: relationTypes(types), Direction: direction(dir)}, nil
}

// shortestPaths searches the shortest paths of q, at most limit of them.
// As for every explore field, an end that is no entity is NOT_FOUND: an
// engine that finds paths itself checks the ends in the same call, and
// for any other they are looked up before the search.
func (r *Resolver) shortestPaths(ctx context.Context, q traverse.PathQuery, limit int) ([]traverse.Path, error) {
	q.CheckEnds = func(ctx context.Context) error { return r.mustExist(ctx, q.From, q.To) }
	paths, err := traverse.AllShortestPaths(ctx, r.Store, q, limit)
	if unknown, ok := errors.AsType[*traverse.UnknownEntityError](err); ok {
		return nil, apierr.New(apierr.NotFound, "entity %q not found", unknown.ID)
	}
	return paths, err
}

// entitiesByID returns the entities of a path as their ids tell them (an
// entity's id starts with its type, see store.EntityID) when the
// selection of the field being resolved reads nothing else of them (id,
// __typename): the path's search found them, and they need no lookup. ok
// is false otherwise.
func entitiesByID(ctx context.Context, ids []string) (_ []model.Entity, ok bool) {
	if !selectsOnly(ctx, "id", "__typename") {
		return nil, false
	}
	out := make([]model.Entity, len(ids))
	for i, id := range ids {
		kind, _ := store.KindOfID(id)
		t, _ := ontology.ParseNodeType(kind)
		if out[i] = model.EntityOf(&store.Entity{ID: id, Type: t}); out[i] == nil {
			return nil, false
		}
	}
	return out, true
}

// relationsByID returns the relations of a path as its search found them
// (id and type) when the selection of the field being resolved reads
// nothing else of them: they need no lookup. ok is false otherwise.
func relationsByID(ctx context.Context, p traverse.Path) (_ []*model.Relation, ok bool) {
	if len(p.Types) != len(p.Relations) || !selectsOnly(ctx, "id", "type", "__typename") {
		return nil, false
	}
	out := make([]*model.Relation, len(p.Relations))
	for i, id := range p.Relations {
		out[i] = model.RelationOf(&store.Relation{ID: id, Type: p.Types[i]})
	}
	return out, true
}

// mustExist fails with NOT_FOUND unless every id is an entity's.
func (r *Resolver) mustExist(ctx context.Context, ids ...string) error {
	es, err := loadEntities(ctx, ids)
	if err != nil {
		return err
	}
	for i, e := range es {
		if e == nil {
			return apierr.New(apierr.NotFound, "entity %q not found", ids[i])
		}
	}
	return nil
}

// loadEntities looks entities up by id: for a field alone at its level
// (see aloneAtLevel), which has no other keys to wait for, at once;
// elsewhere through the loader, which gathers the keys of the level.
func loadEntities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	l := loadersFrom(ctx)
	if aloneAtLevel(ctx) {
		return l.LoadEntities(ctx, ids)
	}
	return l.Entities.LoadAll(ctx, ids)
}

// entitiesOf loads the entities with the given ids, in order; one that is
// gone (deleted meanwhile) is NOT_FOUND.
func (r *Resolver) entitiesOf(ctx context.Context, ids []string) ([]model.Entity, error) {
	es, err := loadEntities(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.Entity, len(es))
	for i, e := range es {
		if e == nil {
			return nil, apierr.New(apierr.NotFound, "entity %q not found", ids[i])
		}
		out[i] = model.EntityOf(e)
	}
	return out, nil
}

// relationsOf loads the relations with the given ids, in order; one that is
// gone is NOT_FOUND. A field alone at its level (a neighbourhood's
// relations, a shortest path's) whose selection shows few pieces of their
// evidence or none reads only those (see lookUpRelations).
func (r *Resolver) relationsOf(ctx context.Context, ids []string) ([]*model.Relation, error) {
	l := loadersFrom(ctx)
	load := l.Relations.LoadAll
	if aloneAtLevel(ctx) {
		load = l.LoadRelations
		var need evidenceNeed
		need.add(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections)
		if !need.all {
			load = func(ctx context.Context, ids []string) ([]*store.Relation, error) {
				return r.lookUpRelations(ctx, ids, need)
			}
		}
	}
	rels, err := load(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Relation, len(rels))
	for i, rel := range rels {
		if rel == nil {
			return nil, apierr.New(apierr.NotFound, "relation %q not found", ids[i])
		}
		out[i] = model.RelationOf(rel)
	}
	return out, nil
}

// lookUpRelations looks relations up by id, aligned with ids (nil for an
// unknown id), with the evidence need asks for: relation lists of the ids
// (store.RelationIDAnchor: the stores read those relations only), a page
// of store.MaxPageSize ids each, in one store call.
func (r *Resolver) lookUpRelations(ctx context.Context, ids []string, need evidenceNeed) ([]*store.Relation, error) {
	unique := slices.Clone(ids)
	slices.Sort(unique)
	unique = slices.Compact(unique)
	var qs []store.RelationQuery
	for chunk := range slices.Chunk(unique, store.MaxPageSize) {
		q := store.RelationQuery{Where: &store.RelationFilter{ID: &store.StringFilter{In: chunk}},
			Order: store.Order{Field: store.OrderByID}, First: len(chunk)}
		need.limit(&q)
		qs = append(qs, q)
	}
	pages, err := r.Store.RelationsOf(ctx, qs)
	if err != nil {
		return nil, err
	}
	byID := map[string]*store.Relation{}
	for _, p := range pages {
		if p == nil {
			continue
		}
		for _, rel := range p.Items {
			byID[rel.ID] = rel
		}
	}
	out := make([]*store.Relation, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// searchHits makes the hits of a search, whose nodes the store read with
// them (store.SearchHit), and primes the loaders with those nodes, so that
// a field of the operation that looks one of them up finds it loaded.
func searchHits(ctx context.Context, hits []store.SearchHit) ([]*model.SearchHit, error) {
	l := loadersFrom(ctx)
	out := make([]*model.SearchHit, len(hits))
	for i, h := range hits {
		hit := &model.SearchHit{Score: h.Score, Matched: h.Matched}
		switch {
		case h.Type == ontology.Article && h.Article != nil:
			l.Articles.Prime(h.ID, h.Article)
			hit.Article = model.ArticleOf(h.Article)
			hit.Node = hit.Article
		case h.Type != ontology.Article && h.Entity != nil:
			l.Entities.Prime(h.ID, h.Entity)
			hit.Entity = model.EntityOf(h.Entity)
			hit.Node = hit.Entity
		default:
			return nil, fmt.Errorf("graph: the store gave the search hit %s without its node", h.ID)
		}
		out[i] = hit
	}
	return out, nil
}

// dyadQuery is the store query of the dyad of a and b: its relations (at
// most MaxDyadRelations) with the evidence the selection of its relations
// shows (see evidenceNeed) and, when the operation reads no more of it,
// only their articles.
func dyadQuery(ctx context.Context, a, b string) store.BetweenQuery {
	q := store.BetweenQuery{A: a, B: b, Limit: MaxDyadRelations}
	if graphql.GetFieldContext(ctx) == nil {
		return q
	}
	op := graphql.GetOperationContext(ctx)
	var need evidenceNeed
	for _, f := range graphql.CollectFields(op, graphql.GetFieldContext(ctx).Field.Selections, nil) {
		if f.Name == "relations" {
			need.add(op, f.Selections)
		}
	}
	q.NoEvidence, q.EvidenceLimit = need.shape()
	q.ArticleOnlyEvidence = loadersFrom(ctx).projection.articleOnlyEvidence
	return q
}

// dyad computes the counts of a dyad from its relations.
func dyad(a, b model.Entity, rels []store.DatedRelation) *model.Dyad {
	d := &model.Dyad{A: a, B: b, Relations: []*model.Relation{}, Total: len(rels),
		CountsByType: []*model.TypeCount{}, CountsByMonth: []*model.MonthCount{}}
	byType := map[ontology.RelationType]int{}
	byMonth := map[string]int{}
	for _, dr := range rels {
		d.Relations = append(d.Relations, model.RelationOf(dr.Relation))
		byType[dr.Relation.Type]++
		if len(dr.Date) >= len("YYYY-MM") {
			byMonth[dr.Date[:len("YYYY-MM")]]++
		} else {
			d.Undated++
		}
	}
	for _, t := range ontology.RelationTypes {
		if n := byType[t]; n > 0 {
			d.CountsByType = append(d.CountsByType, &model.TypeCount{Type: model.RelationType(t), Count: n})
		}
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	slices.Sort(months)
	for _, m := range months {
		d.CountsByMonth = append(d.CountsByMonth, &model.MonthCount{Month: m, Count: byMonth[m]})
	}
	return d
}

// graphStats translates the store's statistics.
func graphStats(st *store.GraphStats) *model.GraphStats {
	out := &model.GraphStats{Articles: st.Articles, Evidence: st.Evidence}
	for _, t := range ontology.EntityTypes {
		n := st.Entities[t]
		out.Entities += n
		out.NodesByType = append(out.NodesByType, &model.NodeTypeCount{Type: model.NodeType(t.Enum()), Count: n})
	}
	out.NodesByType = append(out.NodesByType, &model.NodeTypeCount{Type: model.NodeTypeArticle, Count: st.Articles})
	for _, t := range ontology.RelationTypes {
		n := st.Relations[t]
		out.Relations += n
		out.RelationsByType = append(out.RelationsByType, &model.TypeCount{Type: model.RelationType(t), Count: n})
	}
	if st.EarliestDate != "" {
		out.EarliestDate, out.LatestDate = &st.EarliestDate, &st.LatestDate
	}
	return out
}

// relationQuantifier translates the relations condition of an entity
// filter; it counts as one level of nesting, and its relation filters as
// the next.
func relationQuantifier(w *model.RelationQuantifier, depth int) (*store.RelationQuantifier, error) {
	if w == nil {
		return nil, nil
	}
	if depth > MaxWhereDepth {
		return nil, whereDepthError()
	}
	q := &store.RelationQuantifier{Direction: direction(w.Direction)}
	var err error
	for _, part := range []struct {
		in  *model.RelationWhere
		out **store.RelationFilter
	}{{w.Some, &q.Some}, {w.None, &q.None}, {w.All, &q.All}, {w.Single, &q.Single}} {
		if *part.out, err = relationWhere(part.in, depth+1); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// storeDirection is direction, for resolvers whose argument named
// direction hides that function.
func storeDirection(d *model.Direction) store.Direction { return direction(d) }

// exploreComplexity adds the cost functions of explore.graphqls's fields
// to c (see complexity.go). Each pays, besides what it returns (per item,
// as lists do), for what it makes the store look at before it can answer:
//
//   - search: an index lookup (searchScanCost) and each of its first hits;
//   - shortestPath and allShortestPaths: a breadth-first search from both
//     ends, whose frontier grows with the branching of the graph to the
//     power of half of maxHops (pathSearchCost), then each of the limit
//     paths and each of a path's at most maxHops+1 nodes;
//   - neighborhood: an expansion of depth hops (expansionCost), then each
//     of its limit nodes;
//   - timeline: with an entity, the entity's relations (entityScanCost);
//     without, every relation and meeting of the graph (graphScanCost);
//     then each of its first items, and its totalCount a count over the
//     same items (timelineCountCost);
//   - dyad: the relations between two entities (up to MaxDyadRelations),
//     each of assumedDyadSize assumed ones paid for.
//
// The constants are in the unit of the other costs, one field resolved,
// and were set so that the costs of the exploration fields, measured on
// the embedded store over the generated corpus, rank as their times do.
func exploreComplexity(c *generated.ComplexityRoot) {
	c.Query.Search = func(child int, _ string, _ []model.NodeType, first *int) int {
		return searchScanCost + itemsCost(child, first, store.DefaultSearchResults)
	}
	c.Query.ShortestPath = func(child int, _, _ string, maxHops *int, _ []model.RelationType, _ *model.Direction) int {
		return pathSearchCost(orDefault(maxHops, traverse.DefaultHops)) + child
	}
	c.Query.AllShortestPaths = func(child int, _, _ string, maxHops *int, _ []model.RelationType, _ *model.Direction, limit *int) int {
		return pathSearchCost(orDefault(maxHops, traverse.DefaultHops)) + itemsCost(child, limit, traverse.DefaultPaths)
	}
	c.Path.Nodes = func(child int) int { return 1 + (traverse.MaxHops+1)*child }
	c.Path.Relations = func(child int) int { return 1 + traverse.MaxHops*child }
	c.Query.Neighborhood = func(child int, _ string, depth *int, _ []model.RelationType, _ *model.Direction, limit *int, _ *int) int {
		return expansionCost(orDefault(depth, traverse.DefaultDepth)) + itemsCost(child, limit, traverse.DefaultNodes)
	}
	c.Query.Timeline = func(child int, entity *string, _ []model.RelationType, _, _ *string, _ *model.RelationWhere, first *int, _ *string) int {
		scan := graphScanCost
		if entity != nil {
			scan = entityScanCost
		}
		return scan + pageCost(child, first)
	}
	c.TimelineConnection.TotalCount = func(int) int { return timelineCountCost }
	c.Query.Dyad = func(child int, _, _ string) int { return entityScanCost + child }
	c.Dyad.Relations = func(child int) int { return 1 + assumedDyadSize*child }
}

// The costs of what the exploration fields make the store look at (see
// exploreComplexity).
const (
	// searchScanCost is an index lookup of search.
	searchScanCost = 20
	// assumedBranching is the number of relations assumed of an entity
	// when a traversal's frontier is costed.
	assumedBranching = 20
	// entityScanCost is a read of an entity's relations (its degree,
	// assumed below a few hundred).
	entityScanCost = 200
	// graphScanCost is a read of every dated relation and meeting: a
	// timeline without an entity sorts them all.
	graphScanCost = 5000
	// timelineCountCost is the totalCount of a timeline, paid for each
	// item of its page as a connection's fields are: counting goes over
	// the same relations the page was taken from.
	timelineCountCost = 25
	// assumedDyadSize is the number of relations assumed between two
	// entities (most pairs have a handful; MaxDyadRelations bounds them).
	assumedDyadSize = 20
)

// pathSearchCost is the cost of a bidirectional breadth-first search for
// paths of up to hops relations: two frontiers of assumedBranching to the
// power of half of hops, each. It is bounded by the traversal budget, one
// point per ten relations looked at.
func pathSearchCost(hops int) int {
	hops = min(max(hops, 1), traverse.MaxHops)
	return min(2*intPow(assumedBranching, (hops+1)/2), traverse.DefaultBudget/10)
}

// expansionCost is the cost of expanding a neighbourhood depth hops deep.
func expansionCost(depth int) int {
	depth = min(max(depth, 1), traverse.MaxDepth)
	return min(intPow(assumedBranching, depth), traverse.DefaultBudget/10)
}

func intPow(b, e int) int {
	n := 1
	for range e {
		n *= b
	}
	return n
}

// orDefault is *v, or def when v is nil.
func orDefault(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}
