package graph

import (
	"slices"
	"strings"

	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/ontology"
	"newsgraph/store"
)

// This file translates GraphQL arguments (page sizes, cursors, where
// filters, sort orders) into the store's queries. It holds no resolver and
// calls no store: every function here is a plain translation, table-tested
// in args_test.go.

// Limits on arguments.
const (
	// MaxWhereDepth is how deeply a where filter may nest: each AND, OR,
	// NOT, each relation's source or target, and each relations
	// quantifier and the relation filter in it add a level.
	MaxWhereDepth = 8
	// MaxNodes is how many ids nodes(ids) takes.
	MaxNodes = 100
)

// pageSize checks a connection's first argument: nil means the default
// page size; 0 asks for no items (only pageInfo and totalCount).
func pageSize(first *int) (int, error) {
	if first == nil {
		return store.DefaultPageSize, nil
	}
	if *first < 0 || *first > store.MaxPageSize {
		return 0, apierr.BadInput("first: must be between 0 and %d, got %d", store.MaxPageSize, *first)
	}
	return *first, nil
}

// cursor checks a connection's after argument: it must be a cursor the API
// gave out and, when kinds are given, the cursor of an item of one of
// those kinds (store.KindOfID: "Actor", "Relation", "Article"...): a
// relation's cursor does not page through actors.
func cursor(after *string, kinds ...string) (string, error) {
	if after == nil || *after == "" {
		return "", nil
	}
	_, id, err := store.DecodeCursor(*after)
	if err != nil {
		return "", apierr.BadInput("after: malformed cursor %q", *after)
	}
	if len(kinds) > 0 {
		kind, ok := store.KindOfID(id)
		if !ok || !slices.Contains(kinds, kind) {
			if !ok {
				kind = "unknown"
			}
			return "", apierr.BadInput("after: the cursor %q is of an item of kind %s, not of this list (%s): pass a cursor this list gave out",
				*after, kind, strings.Join(kinds, ", "))
		}
	}
	return *after, nil
}

// pageArgs checks first and after together; kinds are those of the
// list's items (see cursor).
func pageArgs(first *int, after *string, kinds ...string) (n int, c string, err error) {
	if n, err = pageSize(first); err != nil {
		return 0, "", err
	}
	c, err = cursor(after, kinds...)
	return n, c, err
}

// entityKinds are the kinds of the items of a list of entities of the
// given types (every entity type when there are none).
func entityKinds(types []ontology.NodeType) []string {
	if len(types) == 0 {
		types = ontology.EntityTypes
	}
	kinds := make([]string, len(types))
	for i, t := range types {
		kinds[i] = string(t)
	}
	return kinds
}

// The kinds of the items of the other lists.
var (
	relationKinds = []string{"Relation"}
	articleKinds  = []string{string(ontology.Article)}
	timelineKinds = []string{"Relation", string(ontology.Meeting)}
)

// storeFirst is the First to ask the store for when the client asked for n
// items: the store needs at least one, and with one item the API learns
// whether there is a next page even when the client asked for none.
func storeFirst(n int) int { return max(n, 1) }

// limitPage cuts a page to the n items the client asked for; with n = 0 it
// keeps only whether an item would follow.
func limitPage[T any](p *store.Page[T], n int) *store.Page[T] {
	if p == nil {
		return &store.Page[T]{}
	}
	if n == 0 {
		return &store.Page[T]{HasNextPage: len(p.Items) > 0}
	}
	return p
}

// whereDepthError is the error for a filter nested too deep.
func whereDepthError() error {
	return apierr.BadInput("where: filters may nest at most %d levels deep", MaxWhereDepth)
}

func stringFilter(w *model.StringWhere) *store.StringFilter {
	if w == nil {
		return nil
	}
	return &store.StringFilter{Eq: w.Eq, In: w.In, Contains: w.Contains, StartsWith: w.StartsWith, EndsWith: w.EndsWith}
}

func idFilter(w *model.IDWhere) *store.StringFilter {
	if w == nil {
		return nil
	}
	return &store.StringFilter{Eq: w.Eq, In: w.In}
}

func dateFilter(w *model.DateWhere) *store.DateFilter {
	if w == nil {
		return nil
	}
	return &store.DateFilter{Eq: w.Eq, Gt: w.Gt, Gte: w.Gte, Lt: w.Lt, Lte: w.Lte}
}

func intFilter(w *model.IntWhere) *store.IntFilter {
	if w == nil {
		return nil
	}
	return &store.IntFilter{Eq: w.Eq, Gt: w.Gt, Gte: w.Gte, Lt: w.Lt, Lte: w.Lte}
}

// enumFilter translates an enum condition with a function from enum values
// to the store's values.
func enumFilter[T ~string](eq *T, in []T, value func(T) string) *store.StringFilter {
	f := &store.StringFilter{}
	if eq != nil {
		v := value(*eq)
		f.Eq = &v
	}
	if in != nil {
		f.In = make([]string, len(in))
		for i, v := range in {
			f.In[i] = value(v)
		}
	}
	return f
}

// kindValue is the store's spelling of a kind, status or format enum value
// ("ARMED_GROUP" → "armed_group").
func kindValue[T ~string](v T) string { return ontology.FromEnumValue(string(v)) }

// nodeTypeValue is the store's spelling of an entity type ("ACTOR" →
// "Actor").
func nodeTypeValue(v model.EntityType) string { return string(nodeType(v)) }

// relationTypeValue is the store's spelling of a relation type (the same).
func relationTypeValue(v model.RelationType) string { return string(v) }

func nodeType(v model.EntityType) ontology.NodeType {
	t, _ := ontology.ParseNodeType(string(v))
	return t
}

// nodeTypes translates a list of entity types; empty means every type.
func nodeTypes(ts []model.EntityType) []ontology.NodeType {
	if len(ts) == 0 {
		return nil
	}
	out := make([]ontology.NodeType, len(ts))
	for i, t := range ts {
		out[i] = nodeType(t)
	}
	return out
}

// relationTypes translates a list of relation types; empty means every
// type.
func relationTypes(ts []model.RelationType) []ontology.RelationType {
	if len(ts) == 0 {
		return nil
	}
	out := make([]ontology.RelationType, len(ts))
	for i, t := range ts {
		out[i] = ontology.RelationType(t)
	}
	return out
}

// combinators translates the AND, OR and NOT of a where input one level
// down.
func combinators[W any, F any](and, or []W, not W, depth int, translate func(W, int) (F, error)) (ands, ors []F, neg F, err error) {
	for _, w := range and {
		f, err := translate(w, depth+1)
		if err != nil {
			return nil, nil, neg, err
		}
		ands = append(ands, f)
	}
	for _, w := range or {
		f, err := translate(w, depth+1)
		if err != nil {
			return nil, nil, neg, err
		}
		ors = append(ors, f)
	}
	neg, err = translate(not, depth+1)
	return ands, ors, neg, err
}

// The where translators take the depth of the filter they translate, 1 for
// a field's where argument.

// entityFields are the fields every entity where-input shares.
type entityFields struct {
	ID, Article           *model.IDWhere
	Name, Alias, Wikidata *model.StringWhere
	Code                  *model.CodeWhere
	Relations             *model.RelationQuantifier
}

// entityFilter translates the shared part of an entity where-input of type
// W: its common fields, its relation quantifier and its AND, OR and NOT,
// which self translates. The caller adds the fields of its own type.
func entityFilter[W any](depth int, c entityFields, and, or []*W, not *W,
	self func(*W, int) (*store.EntityFilter, error)) (*store.EntityFilter, error) {
	if depth > MaxWhereDepth {
		return nil, whereDepthError()
	}
	f := &store.EntityFilter{
		ID: idFilter(c.ID), Name: stringFilter(c.Name), Alias: stringFilter(c.Alias),
		Wikidata: stringFilter(c.Wikidata), Article: idFilter(c.Article), Code: codeFilter(c.Code),
	}
	var err error
	if f.Relations, err = relationQuantifier(c.Relations, depth+1); err != nil {
		return nil, err
	}
	if f.And, f.Or, f.Not, err = combinators(and, or, not, depth, self); err != nil {
		return nil, err
	}
	return f, nil
}

func actorWhere(w *model.ActorWhere, depth int) (*store.EntityFilter, error) {
	if w == nil {
		return nil, nil
	}
	f, err := entityFilter(depth, entityFields{w.ID, w.Article, w.Name, w.Alias, w.Wikidata, w.Code, w.Relations},
		w.And, w.Or, w.Not, actorWhere)
	if err == nil && w.Kind != nil {
		f.Kind = enumFilter(w.Kind.Eq, w.Kind.In, kindValue)
	}
	return f, err
}

func meetingWhere(w *model.MeetingWhere, depth int) (*store.EntityFilter, error) {
	if w == nil {
		return nil, nil
	}
	f, err := entityFilter(depth, entityFields{w.ID, w.Article, w.Name, w.Alias, w.Wikidata, w.Code, w.Relations},
		w.And, w.Or, w.Not, meetingWhere)
	if err == nil {
		f.Date = dateFilter(w.Date)
	}
	return f, err
}

func placeWhere(w *model.PlaceWhere, depth int) (*store.EntityFilter, error) {
	if w == nil {
		return nil, nil
	}
	f, err := entityFilter(depth, entityFields{w.ID, w.Article, w.Name, w.Alias, w.Wikidata, w.Code, w.Relations},
		w.And, w.Or, w.Not, placeWhere)
	if err == nil && w.Kind != nil {
		f.Kind = enumFilter(w.Kind.Eq, w.Kind.In, kindValue)
	}
	return f, err
}

func agreementWhere(w *model.AgreementWhere, depth int) (*store.EntityFilter, error) {
	if w == nil {
		return nil, nil
	}
	f, err := entityFilter(depth, entityFields{w.ID, w.Article, w.Name, w.Alias, w.Wikidata, w.Code, w.Relations},
		w.And, w.Or, w.Not, agreementWhere)
	if err != nil {
		return nil, err
	}
	if w.Kind != nil {
		f.Kind = enumFilter(w.Kind.Eq, w.Kind.In, kindValue)
	}
	if w.Status != nil {
		f.Status = enumFilter(w.Status.Eq, w.Status.In, kindValue)
	}
	return f, nil
}

func entityWhere(w *model.EntityWhere, depth int) (*store.EntityFilter, error) {
	if w == nil {
		return nil, nil
	}
	f, err := entityFilter(depth, entityFields{w.ID, w.Article, w.Name, w.Alias, w.Wikidata, w.Code, w.Relations},
		w.And, w.Or, w.Not, entityWhere)
	if err == nil && w.Type != nil {
		f.Type = enumFilter(w.Type.Eq, w.Type.In, nodeTypeValue)
	}
	return f, err
}

func articleWhere(w *model.ArticleWhere, depth int) (*store.ArticleFilter, error) {
	if w == nil {
		return nil, nil
	}
	if depth > MaxWhereDepth {
		return nil, whereDepthError()
	}
	f := &store.ArticleFilter{
		ID: idFilter(w.ID), Title: stringFilter(w.Title), Source: stringFilter(w.Source),
		Published: dateFilter(w.Published),
	}
	var err error
	f.And, f.Or, f.Not, err = combinators(w.And, w.Or, w.Not, depth, articleWhere)
	return f, err
}

func relationWhere(w *model.RelationWhere, depth int) (*store.RelationFilter, error) {
	if w == nil {
		return nil, nil
	}
	if depth > MaxWhereDepth {
		return nil, whereDepthError()
	}
	f := &store.RelationFilter{
		ID: idFilter(w.ID), Article: idFilter(w.Article), Date: dateFilter(w.Date),
		Quantity: intFilter(w.Quantity), Item: stringFilter(w.Item), Evidence: evidenceWhere(w.Evidence),
		Place: idFilter(w.Place), EffectiveDate: dateFilter(w.EffectiveDate),
	}
	if w.Type != nil {
		f.Type = enumFilter(w.Type.Eq, w.Type.In, relationTypeValue)
	}
	var err error
	if f.Source, err = entityWhere(w.Source, depth+1); err != nil {
		return nil, err
	}
	if f.Target, err = entityWhere(w.Target, depth+1); err != nil {
		return nil, err
	}
	f.And, f.Or, f.Not, err = combinators(w.And, w.Or, w.Not, depth, relationWhere)
	return f, err
}

// evidenceWhere is the filter on one piece of evidence, nil for none.
func evidenceWhere(w *model.EvidenceWhere) *store.EvidenceFilter {
	if w == nil {
		return nil
	}
	return &store.EvidenceFilter{
		CAMEO: stringFilter(w.Cameo), PLOVER: stringFilter(w.Plover),
		Mode: stringFilter(w.Mode), Label: stringFilter(w.Label),
	}
}

// andEntity is the conjunction of two entity filters, either of which may
// be nil.
func andEntity(a, b *store.EntityFilter) *store.EntityFilter {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &store.EntityFilter{And: []*store.EntityFilter{a, b}}
}

// andRelation is the conjunction of two relation filters, either of which
// may be nil.
func andRelation(a, b *store.RelationFilter) *store.RelationFilter {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &store.RelationFilter{And: []*store.RelationFilter{a, b}}
}

// desc reports whether a sort direction is descending.
func desc(d *model.OrderDirection) bool { return d != nil && *d == model.OrderDirectionDesc }

func entityOrder(o *model.EntityOrder) store.Order {
	if o == nil {
		return store.Order{Field: store.OrderByID}
	}
	return store.Order{Field: store.OrderField(o.Field), Desc: desc(o.Direction)}
}

func articleOrder(o *model.ArticleOrder) store.Order {
	if o == nil {
		return store.Order{Field: store.OrderByID}
	}
	field := map[model.ArticleOrderField]store.OrderField{
		model.ArticleOrderFieldID:        store.OrderByID,
		model.ArticleOrderFieldTitle:     store.OrderByName,
		model.ArticleOrderFieldPublished: store.OrderByDate,
	}[o.Field]
	return store.Order{Field: field, Desc: desc(o.Direction)}
}

func relationOrder(o *model.RelationOrder) store.Order {
	if o == nil {
		return store.Order{Field: store.OrderByID}
	}
	field := map[model.RelationOrderField]store.OrderField{
		model.RelationOrderFieldID:   store.OrderByID,
		model.RelationOrderFieldType: store.OrderByName,
		model.RelationOrderFieldDate: store.OrderByDate,
	}[o.Field]
	return store.Order{Field: field, Desc: desc(o.Direction)}
}

// direction translates an entity's relation direction (BOTH when nil).
func direction(d *model.Direction) store.Direction {
	if d == nil {
		return store.Both
	}
	return store.Direction(*d)
}
