package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"newsgraph/graph/apierr"
	"newsgraph/graph/marshal"
	"newsgraph/graph/model"
	"newsgraph/ontology"
	"newsgraph/store"
)

// This file holds what the resolvers share: listing through the store,
// loading through the dataloaders, and following an entity's relations.

// NeighbourLimit is how many relations the list fields that follow an
// entity's relations (Meeting.participants, Agreement.demandedBy, ...) read.
const NeighbourLimit = store.MaxPageSize

// listEntities answers a top-level entity list.
func (r *Resolver) listEntities(ctx context.Context, types []ontology.NodeType, where *store.EntityFilter,
	orderBy *model.EntityOrder, first *int, after *string) (model.EntityPage, error) {
	n, c, err := pageArgs(first, after, entityKinds(types)...)
	if err != nil {
		return model.EntityPage{}, err
	}
	q := store.EntityQuery{Types: types, Where: where, Order: entityOrder(orderBy), First: storeFirst(n), After: c,
		WithTotal: selects(ctx, "totalCount"), Projection: loadersFrom(ctx).projection.nodes}
	page, err := r.Store.ListEntities(ctx, q)
	if err != nil {
		return model.EntityPage{}, err
	}
	q.WithTotal = false
	limited := limitPage(page, n)
	limited.Total = page.Total
	prefetchRelations(ctx, limited.Items)
	return model.EntityPage{Query: q, Page: limited}, nil
}

// entityTotal answers the totalCount of an entity connection: the count
// the store gave with the page when the request asked for both (see
// listEntities), or else a count of its own.
func (r *Resolver) entityTotal(ctx context.Context, p *model.EntityPage) (int, error) {
	if p.Page != nil && p.Page.Total != nil {
		return *p.Page.Total, nil
	}
	marshal.Release(ctx)
	return r.Store.CountEntities(ctx, p.Query)
}

// selects reports whether the selection set of the field being resolved
// asks for the named field (in fragments too).
func selects(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return false
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// selectsOnly reports whether every field the selection set of the field
// being resolved asks for (in fragments too, whatever their type) is one
// of names.
func selectsOnly(ctx context.Context, names ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, nil) {
		if !slices.Contains(names, f.Name) {
			return false
		}
	}
	return true
}

// relationArgs are the arguments of a relations field.
type relationArgs struct {
	types   []model.RelationType
	where   *model.RelationWhere
	orderBy *model.RelationOrder
	first   *int
	after   *string
}

// relationQuery completes q, the relations of an entity or an article,
// with the arguments of its relations field; n is the page size the client
// asked for.
func relationQuery(q store.RelationQuery, a relationArgs) (store.RelationQuery, int, error) {
	n, c, err := pageArgs(a.first, a.after, relationKinds...)
	if err != nil {
		return q, 0, err
	}
	f, err := relationWhere(a.where, 1)
	if err != nil {
		return q, 0, err
	}
	q.Types = relationTypes(a.types)
	q.Where = andRelation(q.Where, f)
	q.Order = relationOrder(a.orderBy)
	q.First = storeFirst(n)
	q.After = c
	return q, n, nil
}

// listRelations answers a relation list through the RelationsOf loader, so
// that the relations of many parents (entities, articles) cost one call.
func (r *Resolver) listRelations(ctx context.Context, q store.RelationQuery, a relationArgs) (*model.RelationConnection, error) {
	q, n, err := relationQuery(q, a)
	if err != nil {
		return nil, err
	}
	fieldEvidence(ctx).limit(&q)
	l := loadersFrom(ctx)
	k := KeyOf(q)
	l.Want(k, relationWants(ctx))
	page, err := l.LoadRelationsOf(ctx, k, aloneAtLevel(ctx))
	if err != nil {
		return nil, err
	}
	return &model.RelationConnection{Query: q, Page: limitPage(page, n)}, nil
}

// prefetchRelations loads the relations that the selection of the entity
// connection being resolved asks of its entities (nodes { relations(...) }
// or edges { node { relations(...) } }, in fragments too), for every entity
// of the page at once, with what the level after asks of them (see
// Loaders.Want), and primes the loaders: the entities' relations fields
// then find their pages loaded instead of waiting for a loader to gather
// their keys. Only a connection that no list encloses does so (a nested
// one would make a call per parent; the loader batches those), and a
// relations field with a filter is left to the loader (the generated code
// alone reads filters). It is an optimisation only: if the
// store fails, the fields load their relations through the loader and
// meet the error there.
func prefetchRelations(ctx context.Context, entities []*store.Entity) {
	if len(entities) == 0 || !aloneAtLevel(ctx) {
		return
	}
	op := graphql.GetOperationContext(ctx)
	var sels []ast.SelectionSet
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		switch f.Name {
		case "nodes":
			sels = append(sels, f.Selections)
		case "edges":
			for _, e := range graphql.CollectFields(op, f.Selections, nil) {
				if e.Name == "node" {
					sels = append(sels, e.Selections)
				}
			}
		}
	}
	if len(sels) == 0 {
		return
	}
	l := loadersFrom(ctx)
	var keys []RelationsKey
	seen := map[RelationsKey]bool{}
	// The relations fields of an entity's selection, read once by type.
	fields := map[ontology.NodeType][]relationField{}
	for _, e := range entities {
		fs, ok := fields[e.Type]
		if !ok {
			fs = relationFields(op, sels, e.Type)
			fields[e.Type] = fs
		}
		for _, f := range fs {
			k := f.key
			k.Entity = e.ID
			l.Want(k, f.wants)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	l.PrimeRelationsOf(ctx, keys)
}

// relationField is a relations field of an entity's selection: its query
// and what its connection asks of the relations.
type relationField struct {
	key   RelationsKey // the query's, without an entity
	wants Wants
}

// relationFields reads the relations fields without a filter in the
// selections of an entity of type t.
func relationFields(op *graphql.OperationContext, sels []ast.SelectionSet, t ontology.NodeType) []relationField {
	var out []relationField
	satisfies := []string{string(t), "Entity", "Node"}
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(op, sel, satisfies) {
			if f.Name != "relations" {
				continue
			}
			dir, a, ok := relationArgsOf(f.ArgumentMap(op.Variables))
			if !ok {
				continue
			}
			q, _, err := relationQuery(store.RelationQuery{Direction: direction(dir)}, a)
			if err != nil {
				continue
			}
			connectionEvidence(op, f.Selections).limit(&q)
			out = append(out, relationField{key: KeyOf(q), wants: connectionWants(op, f.Selections)})
		}
	}
	return out
}

// relationArgsOf reads the arguments of a relations field of an entity,
// as the request gives them (defaults applied), when it has no filter.
func relationArgsOf(m map[string]any) (*model.Direction, relationArgs, bool) {
	var (
		dir *model.Direction
		a   relationArgs
	)
	for name, v := range m {
		if v == nil {
			continue
		}
		switch name {
		case "direction":
			s, ok := v.(string)
			if !ok {
				return nil, a, false
			}
			d := model.Direction(s)
			dir = &d
		case "types":
			list, ok := v.([]any)
			if !ok {
				return nil, a, false
			}
			for _, t := range list {
				s, ok := t.(string)
				if !ok {
					return nil, a, false
				}
				a.types = append(a.types, model.RelationType(s))
			}
		case "orderBy":
			o, ok := v.(map[string]any)
			if !ok {
				return nil, a, false
			}
			field, ok := o["field"].(string)
			if !ok {
				return nil, a, false
			}
			a.orderBy = &model.RelationOrder{Field: model.RelationOrderField(field)}
			if d, ok := o["direction"].(string); ok {
				od := model.OrderDirection(d)
				a.orderBy.Direction = &od
			}
		case "first":
			n, ok := v.(int64)
			if !ok {
				return nil, a, false
			}
			first := int(n)
			a.first = &first
		case "after":
			s, ok := v.(string)
			if !ok {
				return nil, a, false
			}
			a.after = &s
		default:
			// A filter, or an argument this function does not know.
			return nil, a, false
		}
	}
	return dir, a, true
}

// aloneAtLevel reports whether the field being resolved lies inside no
// list: then it is resolved once for its level (root fields and the fields
// of a single node), and a loader has no other keys to wait for.
func aloneAtLevel(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	for ; fc != nil; fc = fc.Parent {
		if fc.Index != nil {
			return false
		}
	}
	return true
}

// relationWants reads, in the selection of the relation connection being
// resolved, what its relations' fields ask for (see connectionWants).
func relationWants(ctx context.Context) Wants {
	if graphql.GetFieldContext(ctx) == nil {
		return 0
	}
	return connectionWants(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections)
}

// selectedRelationWants reads what the relations reached from the field
// being resolved by the path of field names asks for (see
// relationFieldWants): the relations of a dyad ("relations"), of a
// timeline page ("edges", "node", "relation").
func selectedRelationWants(ctx context.Context, path ...string) Wants {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return 0
	}
	op := graphql.GetOperationContext(ctx)
	sels := []ast.SelectionSet{fc.Field.Selections}
	for _, name := range path {
		var next []ast.SelectionSet
		for _, sel := range sels {
			for _, f := range graphql.CollectFields(op, sel, nil) {
				if f.Name == name {
					next = append(next, f.Selections)
				}
			}
		}
		sels = next
	}
	var w Wants
	for _, sel := range sels {
		w |= relationFieldWants(op, sel)
	}
	return w
}

// connectionWants reads, in the selection of a relation connection, what
// its relations' fields ask for (through nodes or edges.node, in fragments
// too), and whether it asks for totalCount.
func connectionWants(op *graphql.OperationContext, sel ast.SelectionSet) Wants {
	var w Wants
	for _, f := range graphql.CollectFields(op, sel, nil) {
		switch f.Name {
		case "totalCount":
			w |= WantTotal
		case "nodes":
			w |= relationFieldWants(op, f.Selections)
		case "edges":
			for _, e := range graphql.CollectFields(op, f.Selections, nil) {
				if e.Name == "node" {
					w |= relationFieldWants(op, e.Selections)
				}
			}
		}
	}
	return w
}

// relationFieldWants reads what the selection of a Relation asks for.
func relationFieldWants(op *graphql.OperationContext, sel ast.SelectionSet) Wants {
	var w Wants
	for _, f := range graphql.CollectFields(op, sel, nil) {
		switch f.Name {
		case "source":
			w |= WantSources
		case "target":
			w |= WantTargets
		case "effectiveDate":
			w |= WantDatelessArticles
		case "place":
			w |= WantPlaces
		case "evidence":
			for _, e := range graphql.CollectFields(op, f.Selections, nil) {
				if e.Name == "article" {
					w |= WantArticles
				}
			}
		}
	}
	return w
}

// relationTotal answers RelationConnection.totalCount. A first page that
// has no next page holds every relation the query matches: its length is
// the count, and no store call is needed (the relations of most entities
// fit in one page, so a nested totalCount mostly costs nothing). Otherwise
// the store counts, through the CountRelations loader: the counts of many
// parents cost one call. The key drops the page and order, which a count
// ignores, so that counts of the same relations share it.
func (r *Resolver) relationTotal(ctx context.Context, c *model.RelationConnection) (int, error) {
	if c.Query.After == "" && c.Page != nil && !c.Page.HasNextPage {
		return len(c.Page.Items), nil
	}
	return loadersFrom(ctx).CountRelations.Load(ctx, KeyOf(countQuery(c.Query)))
}

// entityRelations answers Entity.relations.
func (r *Resolver) entityRelations(ctx context.Context, id string, dir *model.Direction, types []model.RelationType,
	where *model.RelationWhere, orderBy *model.RelationOrder, first *int, after *string) (*model.RelationConnection, error) {
	q := store.RelationQuery{Entity: id, Direction: direction(dir)}
	return r.listRelations(ctx, q, relationArgs{types, where, orderBy, first, after})
}

// entityArticles answers Entity.articles: a page of the entity's article
// ids (sorted, so the cursor is the id), loaded in one batch. The entity
// holds all of its ids, or the page of them that the operation's
// projection kept, which starts after the same cursor and holds one more
// than the page (see articlePage), and their number (ArticleCount).
func (r *Resolver) entityArticles(ctx context.Context, e *store.Entity, first *int, after *string) (*model.ArticleConnection, error) {
	if loadersFrom(ctx).projection.nodes.NoArticles {
		// operationProjection failed to see this field: an error rather
		// than an empty page.
		return nil, errors.New("graph: the operation's projection left out the articles of its entities")
	}
	n, c, err := pageArgs(first, after, articleKinds...)
	if err != nil {
		return nil, err
	}
	ids := e.Articles
	if c != "" {
		_, last, _ := store.DecodeCursor(c)
		i, found := slices.BinarySearch(ids, last)
		if found {
			i++
		}
		ids = ids[i:]
	}
	page := &store.Page[*store.Article]{HasNextPage: len(ids) > n}
	ids = ids[:min(n, len(ids))]
	articles, err := loadersFrom(ctx).Articles.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range articles {
		if a != nil {
			page.Items = append(page.Items, a)
			page.Cursors = append(page.Cursors, store.EncodeCursor(a.ID, a.ID))
		}
	}
	return &model.ArticleConnection{Total: e.ArticleCount(), Page: page}, nil
}

// neighbours returns the entities at the other end of an entity's relations
// of the given types in the given direction (IN: the sources, OUT: the
// targets), each once, sorted by id. It reads the first NeighbourLimit
// relations.
func (r *Resolver) neighbours(ctx context.Context, id string, dir store.Direction, types ...ontology.RelationType) ([]*store.Entity, error) {
	q := store.RelationQuery{Entity: id, Direction: dir, Types: types, Order: store.Order{Field: store.OrderByID}, First: NeighbourLimit,
		NoEvidence: true}
	l := loadersFrom(ctx)
	k := KeyOf(q)
	// The entities at the other end are what the field returns.
	if dir == store.In {
		l.Want(k, WantSources)
	} else {
		l.Want(k, WantTargets)
	}
	page, err := l.LoadRelationsOf(ctx, k, aloneAtLevel(ctx))
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, rel := range page.Items {
		other := rel.Target
		if dir == store.In {
			other = rel.Source
		}
		ids = append(ids, other)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	entities, err := l.Entities.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(entities, func(e *store.Entity) bool { return e == nil }), nil
}

// ofType keeps the entities of one type and wraps them.
func ofType[T any](es []*store.Entity, t ontology.NodeType, wrap func(model.EntityBase) *T) []*T {
	out := []*T{}
	for _, e := range es {
		if e.Type == t {
			out = append(out, wrap(model.EntityBase{Entity: e}))
		}
	}
	return out
}

func asActor(b model.EntityBase) *model.Actor         { return &model.Actor{EntityBase: b} }
func asMeeting(b model.EntityBase) *model.Meeting     { return &model.Meeting{EntityBase: b} }
func asPlace(b model.EntityBase) *model.Place         { return &model.Place{EntityBase: b} }
func asAgreement(b model.EntityBase) *model.Agreement { return &model.Agreement{EntityBase: b} }

// sourcesOf returns the actors that are the sources of an entity's incoming
// relations of the given types.
func (r *Resolver) sourcesOf(ctx context.Context, id string, types ...ontology.RelationType) ([]*model.Actor, error) {
	es, err := r.neighbours(ctx, id, store.In, types...)
	return ofType(es, ontology.Actor, asActor), err
}

// entity loads an entity that a non-null field refers to: a missing one is
// NOT_FOUND.
func (r *Resolver) entity(ctx context.Context, id string) (model.Entity, error) {
	e, err := loadersFrom(ctx).Entities.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, apierr.New(apierr.NotFound, "entity %q not found", id)
	}
	return model.EntityOf(e), nil
}

// nodes looks nodes up by id, each kind in one store call and without a
// loader's wait (they are the root of the response), and primes the loaders
// with them. An id of no known kind, or of nothing, gives nil.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	l := loadersFrom(ctx)
	var entityIDs, articleIDs, relationIDs []string
	for _, id := range ids {
		switch kind, ok := store.KindOfID(id); {
		case !ok:
		case kind == "Relation":
			relationIDs = append(relationIDs, id)
		case kind == string(ontology.Article):
			articleIDs = append(articleIDs, id)
		default:
			entityIDs = append(entityIDs, id)
		}
	}
	for _, ids := range []*[]string{&entityIDs, &articleIDs, &relationIDs} {
		slices.Sort(*ids)
		*ids = slices.Compact(*ids)
	}
	found := map[string]model.Node{}
	err := findNodes(ctx, relationIDs, l.LoadRelations, found, func(_ string, rel *store.Relation) model.Node {
		return model.RelationOf(rel)
	})
	if err == nil {
		err = findNodes(ctx, articleIDs, l.LoadArticles, found, func(_ string, a *store.Article) model.Node {
			return model.ArticleOf(a)
		})
	}
	if err == nil {
		err = findNodes(ctx, entityIDs, l.LoadEntities, found, func(id string, e *store.Entity) model.Node {
			// The id's kind must be the entity's type.
			if kind, _ := store.KindOfID(id); !strings.EqualFold(string(e.Type), kind) {
				return nil
			}
			return model.EntityOf(e)
		})
	}
	if err != nil {
		return nil, err
	}
	out := make([]model.Node, len(ids))
	for i, id := range ids {
		out[i] = found[id]
	}
	return out, nil
}

// findNodes looks ids up (if any) with load and puts into found, by id,
// the node that node makes of each one found (unless it makes nil).
func findNodes[T any](ctx context.Context, ids []string, load func(context.Context, []string) ([]*T, error),
	found map[string]model.Node, node func(id string, v *T) model.Node) error {
	if len(ids) == 0 {
		return nil
	}
	vs, err := load(ctx, ids)
	if err != nil {
		return err
	}
	for i, v := range vs {
		if v == nil {
			continue
		}
		if n := node(ids[i], v); n != nil {
			found[ids[i]] = n
		}
	}
	return nil
}

// relationTypeInfo describes a relation type from the ontology.
func relationTypeInfo(spec ontology.RelationSpec) *model.RelationTypeInfo {
	info := &model.RelationTypeInfo{
		Type:        model.RelationType(spec.Type),
		Description: spec.Description,
		Sources:     entityTypeValues(spec.Sources),
		Targets:     entityTypeValues(spec.Targets),
		QuadClass:   model.QuadClassOf(spec),
	}
	if spec.CAMEO != "" {
		info.Cameo = &spec.CAMEO
	}
	if spec.PLOVER != "" {
		info.Plover = &spec.PLOVER
	}
	return info
}

func entityTypeValues(ts []ontology.NodeType) []model.EntityType {
	out := make([]model.EntityType, len(ts))
	for i, t := range ts {
		out[i] = model.EntityType(t.Enum())
	}
	return out
}
