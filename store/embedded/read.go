package embedded

import (
	"cmp"
	"context"
	"encoding/base64"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Lookups.

// Entities looks entities up by id.
func (s *Store) Entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return s.ProjectedEntities(ctx, ids, store.Projection{})
}

// ProjectedEntities looks entities up by id, without what p leaves out.
func (s *Store) ProjectedEntities(ctx context.Context, ids []string, p store.Projection) ([]*store.Entity, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([]*store.Entity, len(ids))
	for i, id := range ids {
		if n := s.g.entities[id]; n != nil {
			out[i] = projectedClone(n.merged, p)
		}
	}
	return out, nil
}

// projectedClone is a copy of e without what p leaves out, which is not
// copied.
func projectedClone(e *store.Entity, p store.Projection) *store.Entity {
	c := *e
	return p.Entity(&c).Clone()
}

// Articles looks articles up by id.
func (s *Store) Articles(ctx context.Context, ids []string) ([]*store.Article, error) {
	return s.ProjectedArticles(ctx, ids, store.Projection{})
}

// ProjectedArticles looks articles up by id, without what p leaves out.
func (s *Store) ProjectedArticles(ctx context.Context, ids []string, p store.Projection) ([]*store.Article, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([]*store.Article, len(ids))
	for i, id := range ids {
		if k := s.g.articles[id]; k != nil {
			a := k.article
			out[i] = p.Article(&a)
		}
	}
	return out, nil
}

// Relations looks relations up by id.
func (s *Store) Relations(ctx context.Context, ids []string) ([]*store.Relation, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([]*store.Relation, len(ids))
	for i, id := range ids {
		if n := s.g.relations[id]; n != nil {
			out[i] = n.merged.Clone()
		}
	}
	return out, nil
}

// Entities.

// entityQuery is an EntityQuery checked and decoded.
type entityQuery struct {
	types []ontology.NodeType
	where *store.EntityFilter
	page  pageQuery
}

func prepareEntityQuery(q store.EntityQuery) (entityQuery, error) {
	types := ontology.EntityTypes
	if len(q.Types) > 0 {
		types = nil
		for _, t := range q.Types {
			if !t.IsEntity() {
				return entityQuery{}, invalidf("type %q is not an entity type (one of %v)", t, ontology.Names(ontology.EntityTypes))
			}
			if !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
	}
	if err := store.CheckEntityFilter(q.Where); err != nil {
		return entityQuery{}, err
	}
	pq, err := preparePage(q.Order, q.First, q.After)
	return entityQuery{types: types, where: q.Where, page: pq}, err
}

// eachEntity calls fn with every entity the query's types and filter
// select: of the entities the filter's anchor names when it has one
// (store.EntityAnchor: an id or a name every match requires), else of
// every entity of the types.
func (g *graph) eachEntity(q entityQuery, fn func(n *entityNode)) {
	if a, ok := store.EntityAnchor(q.where); ok {
		if ids, ok := g.anchorEntities(a); ok {
			for _, id := range ids {
				if n := g.entities[id]; n != nil && slices.Contains(q.types, n.merged.Type) && g.matchEntity(q.where, n.merged) {
					fn(n)
				}
			}
			return
		}
	}
	for _, t := range q.types {
		for _, id := range g.entityIDs[t].all() {
			if n := g.entities[id]; g.matchEntity(q.where, n.merged) {
				fn(n)
			}
		}
	}
}

// ListEntities pages through entities.
func (s *Store) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	eq, err := prepareEntityQuery(q)
	if err != nil {
		return nil, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var items []ranked[*entityNode]
	s.g.eachEntity(eq, func(n *entityNode) {
		degree := 0 // read only for the order that needs it
		if eq.page.field == store.OrderByDegree {
			degree = n.degree()
		}
		key := store.EntitySortKey(n.merged, eq.page.field, degree)
		items = keep(eq.page, items, key, n.merged.ID, n)
	})
	return s.g.withTotal(q, eq, paginate(items, eq.page, func(n *entityNode) *store.Entity {
		return projectedClone(n.merged, q.Projection)
	})), nil
}

// CountEntities counts the entities a query selects.
func (s *Store) CountEntities(ctx context.Context, q store.EntityQuery) (int, error) {
	q.First, q.After = 1, ""
	eq, err := prepareEntityQuery(q)
	if err != nil {
		return 0, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	s.g.eachEntity(eq, func(*entityNode) { n++ })
	return n, nil
}

// Articles.

// ListArticles pages through articles.
func (s *Store) ListArticles(ctx context.Context, q store.ArticleQuery) (*store.Page[*store.Article], error) {
	pq, err := preparePage(q.Order, q.First, q.After)
	if err != nil {
		return nil, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var items []ranked[*store.Article]
	for _, id := range s.g.articleIDs.all() {
		if a := &s.g.articles[id].article; matchArticle(q.Where, a) {
			items = keep(pq, items, store.ArticleSortKey(a, pq.field), a.ID, a)
		}
	}
	return paginate(items, pq, func(a *store.Article) *store.Article { c := *a; return &c }), nil
}

// CountArticles counts the articles a query selects.
func (s *Store) CountArticles(ctx context.Context, q store.ArticleQuery) (int, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for _, g := range s.g.articles {
		if matchArticle(q.Where, &g.article) {
			n++
		}
	}
	return n, nil
}

// Relations.

// relationQuery is a RelationQuery checked and decoded.
type relationQuery struct {
	entity    string
	direction store.Direction
	types     []ontology.RelationType // nil: every type
	where     *store.RelationFilter
	page      pageQuery
	// noEvidence is store.RelationQuery.NoEvidence: the page's relations
	// are copied without their evidence (see clone).
	noEvidence bool
	// evidenceLimit is store.RelationQuery.EvidenceLimit: the page's
	// relations are copied with their first pieces of evidence only.
	evidenceLimit int
	// articleOnly is store.RelationQuery.ArticleOnlyEvidence: the page's
	// relations are copied with only the article of each piece of evidence.
	articleOnly bool
}

// clone is the copy of r a page of q returns: without its evidence when q
// asks for none, with its first pieces when q has an evidence limit, with
// only their articles when q asks for no more; what is left out is never
// copied.
func (q relationQuery) clone(r *store.Relation) *store.Relation {
	if !q.noEvidence && !q.articleOnly {
		return r.CloneLimited(q.evidenceLimit)
	}
	head := *r // r is shared with concurrent readers: not changed
	head.Evidence = nil
	c := head.Clone()
	if q.noEvidence {
		return c
	}
	ev := r.Evidence
	if q.evidenceLimit > 0 && len(ev) > q.evidenceLimit {
		ev = ev[:q.evidenceLimit]
		c.EvidenceTotal = r.EvidenceCount()
	}
	c.Evidence = store.ArticleOnly(ev)
	return c
}

func prepareRelationQuery(q store.RelationQuery) (relationQuery, error) {
	rq := relationQuery{entity: q.Entity, direction: q.Direction, where: q.Where, noEvidence: q.NoEvidence,
		evidenceLimit: q.EvidenceLimit, articleOnly: q.ArticleOnlyEvidence}
	switch q.Direction {
	case "":
		rq.direction = store.Both
	case store.Out, store.In, store.Both:
	default:
		return rq, invalidf("direction %q is not one of %s, %s, %s", q.Direction, store.Out, store.In, store.Both)
	}
	for _, t := range q.Types {
		if _, ok := ontology.Relation(t); !ok {
			return rq, invalidf("%q is not a relation type", t)
		}
		if !slices.Contains(rq.types, t) {
			rq.types = append(rq.types, t)
		}
	}
	if err := store.CheckRelationFilter(q.Where); err != nil {
		return rq, err
	}
	var err error
	rq.page, err = preparePage(q.Order, q.First, q.After)
	return rq, err
}

// eachRelation calls fn with every relation the query selects: from the
// entity's adjacency when the query names one, by id when it requires
// some (store.RelationIDAnchor), from its anchors' adjacency when it has
// some (anchorOf), else from the type indexes.
func (g *graph) eachRelation(q relationQuery, fn func(r *store.Relation)) {
	if ids, ok := store.RelationIDAnchor(q.where); ok && q.entity == "" {
		g.eachOfIDs(q, ids, fn)
		return
	}
	if ids, dir, ok := g.anchorOf(q); ok {
		g.eachAnchored(q, ids, dir, fn)
		return
	}
	if q.entity != "" {
		n := g.entities[q.entity]
		if n == nil {
			return
		}
		n.eachOfTypes(dirIndex(q.direction), q.types, nil, func(id string) bool {
			if r := g.relations[id].merged; g.selects(q, r) {
				fn(r)
			}
			return true
		})
		return
	}
	types := q.types
	if types == nil {
		types = ontology.RelationTypes
	}
	for _, t := range types {
		for _, id := range g.relationIDs[t].all() {
			if r := g.relations[id].merged; g.selects(q, r) {
				fn(r)
			}
		}
	}
}

// selects reports whether a query's types and filter select a relation.
func (g *graph) selects(q relationQuery, r *store.Relation) bool {
	return (q.types == nil || slices.Contains(q.types, r.Type)) && g.matchRelation(q.where, r)
}

// listRelations answers one prepared query; the caller holds the read lock.
func (g *graph) listRelations(q relationQuery) *store.Page[*store.Relation] {
	if q.entity != "" {
		return g.entityRelations(q)
	}
	if orderIndex(q.page.field) == 0 && !q.page.desc && !anchored(q) {
		return g.relationsByID(q)
	}
	var items []ranked[*store.Relation]
	g.eachRelation(q, func(r *store.Relation) {
		items = keep(q.page, items, store.RelationSortKey(r, q.page.field), r.ID, r)
	})
	return paginate(items, q.page, q.clone)
}

// entityRelations answers a query that names an entity from the entity's
// adjacency sorted in the query's order: it reads from the cursor on until
// the page and the one relation that tells whether there is a next page are
// found, so that it costs the page's size rather than the entity's degree
// (more when a filter leaves relations out). A query of some types in id
// order reads the entity's relations of those types only (eachOfTypes): a
// hub's relations of a rare type cost what they are.
func (g *graph) entityRelations(q relationQuery) *store.Page[*store.Relation] {
	p := &store.Page[*store.Relation]{Items: []*store.Relation{}, Cursors: []string{}}
	n := g.entities[q.entity]
	if n == nil {
		return p
	}
	set := &n.sorted[dirIndex(q.direction)][orderIndex(q.page.field)]
	each := func(fn func(key, id string) bool) { set.each(q.page.desc, q.page.after, fn) }
	if orderIndex(q.page.field) == 0 && !q.page.desc && q.types != nil {
		var after func(id string) bool
		if a := q.page.after; a != nil {
			after = func(id string) bool { return store.After(id, id, a[0], a[1], false) }
		}
		each = func(fn func(key, id string) bool) {
			n.eachOfTypes(dirIndex(q.direction), q.types, after, func(id string) bool { return fn(id, id) })
		}
	}
	size := min(q.page.first, set.len())
	p.Items, p.Cursors = make([]*store.Relation, 0, size), make([]string, 0, size)
	visits := 0
	each(func(key, id string) bool {
		visits++
		r := g.relations[id].merged
		if !g.selects(q, r) {
			return true
		}
		if len(p.Items) == q.page.first {
			p.HasNextPage = true
			return false
		}
		p.Items = append(p.Items, q.clone(r))
		p.Cursors = append(p.Cursors, encodeCursor(key, id))
		return true
	})
	g.pageVisits.Add(int64(visits))
	return p
}

// encodeCursor is store.EncodeCursor, without encoding/json for the keys
// and ids that JSON writes as they are (printable ASCII but for the quote,
// the backslash and the characters JSON escapes for HTML), which are most.
func encodeCursor(key, id string) string {
	if !plainJSON(key) || !plainJSON(id) {
		return store.EncodeCursor(key, id)
	}
	// Both buffers stay on the stack for the usual keys and ids: the
	// cursor is the one allocation.
	var raw [96]byte
	var out [128]byte
	b := append(raw[:0], `["`...)
	b = append(b, key...)
	b = append(b, `","`...)
	b = append(b, id...)
	b = append(b, `"]`...)
	return string(base64.RawURLEncoding.AppendEncode(out[:0], b))
}

// plainJSON reports whether encoding/json writes s as it is, in quotes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

// ListRelations pages through relations.
func (s *Store) ListRelations(ctx context.Context, q store.RelationQuery) (*store.Page[*store.Relation], error) {
	pages, err := s.RelationsOf(ctx, []store.RelationQuery{q})
	if err != nil {
		return nil, err
	}
	return pages[0], nil
}

// CountRelations counts the relations a query selects.
func (s *Store) CountRelations(ctx context.Context, q store.RelationQuery) (int, error) {
	q.First, q.After = 1, ""
	rq, err := prepareRelationQuery(q)
	if err != nil {
		return 0, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	if rq.entity != "" && rq.types == nil && rq.where == nil {
		if e := s.g.entities[rq.entity]; e != nil {
			return e.sorted[dirIndex(rq.direction)][0].len(), nil
		}
		return 0, nil
	}
	n := 0
	s.g.eachRelation(rq, func(*store.Relation) { n++ })
	return n, nil
}

// RelationsOf answers several relation queries from one view of the graph.
func (s *Store) RelationsOf(ctx context.Context, qs []store.RelationQuery) ([]*store.Page[*store.Relation], error) {
	prepared := make([]relationQuery, len(qs))
	for i, q := range qs {
		var err error
		if prepared[i], err = prepareRelationQuery(q); err != nil {
			return nil, err
		}
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	pages := make([]*store.Page[*store.Relation], len(qs))
	for i, q := range prepared {
		pages[i] = s.g.listRelations(q)
	}
	return pages, nil
}

// Pages.

// pageQuery is the order, size and position of a page.
type pageQuery struct {
	field store.OrderField
	desc  bool
	first int
	// after is the decoded cursor; nil for the first page.
	after *[2]string
}

func preparePage(o store.Order, first int, after string) (pageQuery, error) {
	field, err := store.CheckOrder(o)
	pq := pageQuery{field: field, desc: o.Desc, first: store.ClampFirst(first)}
	if err != nil {
		return pq, err
	}
	if after != "" {
		key, id, err := store.DecodeCursor(after)
		if err != nil {
			return pq, err
		}
		pq.after = &[2]string{key, id}
	}
	return pq, nil
}

// ranked is an item with its sort key.
type ranked[T any] struct {
	key, id string
	item    T
}

// keep appends an item when it comes after the cursor.
func keep[T any](pq pageQuery, items []ranked[T], key, id string, item T) []ranked[T] {
	if pq.after != nil && !store.After(key, id, pq.after[0], pq.after[1], pq.desc) {
		return items
	}
	return append(items, ranked[T]{key: key, id: id, item: item})
}

// paginate sorts the items after the cursor and returns the first page.
func paginate[T, U any](items []ranked[T], pq pageQuery, conv func(T) U) *store.Page[U] {
	slices.SortFunc(items, func(a, b ranked[T]) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			if pq.desc {
				return -c
			}
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	n := min(len(items), pq.first)
	p := &store.Page[U]{
		Items:       make([]U, n),
		Cursors:     make([]string, n),
		HasNextPage: len(items) > n,
	}
	for i, it := range items[:n] {
		p.Items[i] = conv(it.item)
		p.Cursors[i] = encodeCursor(it.key, it.id)
	}
	return p
}

// Copies: what a reader gets is its own.

// EvidencePages pages through the evidence of relations.
func (s *Store) EvidencePages(ctx context.Context, qs []store.EvidenceQuery) ([]*store.Page[store.Evidence], error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([]*store.Page[store.Evidence], len(qs))
	for i, q := range qs {
		n := s.g.relations[q.Relation]
		if n == nil {
			if q.After != "" { // a malformed cursor is an error whatever the relation
				if _, err := store.DecodeEvidenceCursor(q.After); err != nil {
					return nil, err
				}
			}
			continue
		}
		if out[i], err = store.PageOfEvidence(n.merged.Evidence, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}
