package embedded

import (
	"maps"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// graph is the in-memory state: the articles as they were put, and the
// entities and relations derived from them, with the indexes queries use.
//
// Every article's claims are kept (an entity's claims by article, a
// relation's evidence by article), so that putting a new version of an
// article or deleting it takes away exactly what it said, and the entities
// it touched are merged again from the claims that remain.
//
// graph is not safe for concurrent use: Store guards it.
type graph struct {
	articles   map[string]*store.ArticleGraph // normalized, by article id
	articleIDs sortedSet

	entities  map[string]*entityNode
	relations map[string]*relationNode
	// entityIDs and relationIDs index ids by type, sorted.
	entityIDs   map[ontology.NodeType]*sortedSet
	relationIDs map[ontology.RelationType]*sortedSet
	// search indexes the words of entity names and article titles.
	search *searchIndex
	// names indexes the name keys of entities, for ResolveNames.
	names *nameIndex
}

// entityNode is an entity with every article's claim of it and its
// adjacency.
type entityNode struct {
	merged *store.Entity            // store.MergeClaims of claims
	claims map[string]*store.Entity // by article id
	// out and in hold the ids of the relations from and to the entity;
	// all is their union (a relation from the entity to itself is in
	// both), whose size is the entity's degree.
	out, in, all map[string]struct{}
}

// relationNode is a relation with every article's evidence for it.
type relationNode struct {
	merged    *store.Relation             // Evidence: every article's, sorted
	byArticle map[string][]store.Evidence // by article id
}

func newGraph() *graph {
	return &graph{
		articles:    map[string]*store.ArticleGraph{},
		entities:    map[string]*entityNode{},
		relations:   map[string]*relationNode{},
		entityIDs:   map[ontology.NodeType]*sortedSet{},
		relationIDs: map[ontology.RelationType]*sortedSet{},
		search:      newSearchIndex(),
		names:       newNameIndex(),
	}
}

// touched collects the entities and relations a write changed, to settle
// them once the write's claims are all in.
type touched struct {
	entities, relations map[string]struct{}
}

func newTouched() touched {
	return touched{entities: map[string]struct{}{}, relations: map[string]struct{}{}}
}

// apply applies records in order: puts of normalized article graphs, each
// replacing the article's earlier version, and deletes of articles with
// what only they supported. It settles the entities and relations they
// touched once, at the end, with what prepare computed of them (p; nil to
// compute it now), and returns how many it removed.
func (g *graph) apply(recs []logRecord, p *prepared) (entities, relations int) {
	t := newTouched()
	var terms *indexTerms
	if p != nil {
		terms = p.terms
	}
	for _, rec := range recs {
		g.step(rec, t, terms)
	}
	return g.settle(t, p)
}

// step applies one record's claims, leaving the settling of what it
// touched (t) to settle.
func (g *graph) step(rec logRecord, t touched, terms *indexTerms) {
	switch rec.Op {
	case opPut:
		a := rec.Article
		if old := g.articles[a.Article.ID]; old != nil {
			g.unclaim(old, t)
		}
		g.claim(a, t)
		g.articles[a.Article.ID] = a
		g.articleIDs.add(a.Article.ID)
		g.search.set(a.Article.ID, terms, a.Article.Title)
	case opDelete:
		old := g.articles[rec.ID]
		if old == nil {
			return
		}
		g.unclaim(old, t)
		delete(g.articles, rec.ID)
		g.articleIDs.remove(rec.ID)
		g.search.remove(rec.ID)
	}
}

// claim adds an article's claims, creating the entities and relations it
// is the first to name.
func (g *graph) claim(a *store.ArticleGraph, t touched) {
	aid := a.Article.ID
	for i := range a.Entities {
		e := &a.Entities[i].Entity
		n := g.entities[e.ID]
		if n == nil {
			n = &entityNode{
				// settle merges the claims; until then (a batch
				// may drop the entity again before) the node
				// knows its id and type.
				merged: &store.Entity{ID: e.ID, Type: e.Type},
				claims: map[string]*store.Entity{},
				out:    map[string]struct{}{}, in: map[string]struct{}{}, all: map[string]struct{}{},
			}
			g.entities[e.ID] = n
			index(g.entityIDs, e.Type).add(e.ID)
		}
		n.claims[aid] = e
		t.entities[e.ID] = struct{}{}
	}
	for i := range a.Relations {
		r := &a.Relations[i].Relation
		n := g.relations[r.ID]
		if n == nil {
			head := *r
			head.Evidence = nil
			n = &relationNode{merged: &head, byArticle: map[string][]store.Evidence{}}
			g.relations[r.ID] = n
			index(g.relationIDs, r.Type).add(r.ID)
			src, dst := g.entities[r.Source], g.entities[r.Target]
			src.out[r.ID], src.all[r.ID] = struct{}{}, struct{}{}
			dst.in[r.ID], dst.all[r.ID] = struct{}{}, struct{}{}
		}
		n.byArticle[aid] = r.Evidence
		t.relations[r.ID] = struct{}{}
	}
}

// unclaim takes an article's claims away, leaving the settling to settle.
func (g *graph) unclaim(a *store.ArticleGraph, t touched) {
	aid := a.Article.ID
	for _, c := range a.Entities {
		delete(g.entities[c.Entity.ID].claims, aid)
		t.entities[c.Entity.ID] = struct{}{}
	}
	for _, c := range a.Relations {
		delete(g.relations[c.Relation.ID].byArticle, aid)
		t.relations[c.Relation.ID] = struct{}{}
	}
}

// settle recomputes what a write touched: relations no article states any
// more are removed, then entities no article mentions; the others are
// merged again, or given the merges p computed beforehand (when p is not
// nil, it covers everything touched). It returns how many entities and
// relations it removed.
func (g *graph) settle(t touched, p *prepared) (entities, relations int) {
	var terms *indexTerms
	if p != nil {
		terms = p.terms
	}
	for id := range t.relations {
		n := g.relations[id]
		if len(n.byArticle) == 0 {
			g.removeRelation(n.merged)
			relations++
			continue
		}
		var ev []store.Evidence
		if p != nil {
			ev = p.evidence[id]
		} else {
			for _, aid := range slices.Sorted(maps.Keys(n.byArticle)) {
				ev = append(ev, n.byArticle[aid]...)
			}
			store.SortEvidence(ev)
		}
		head := *n.merged
		head.Evidence = ev
		n.merged = &head
	}
	for id := range t.entities {
		n := g.entities[id]
		if len(n.claims) == 0 {
			// Every relation of the entity was stated by an article
			// that also mentions it, so none is left.
			delete(g.entities, id)
			g.entityIDs[n.merged.Type].remove(id)
			g.search.remove(id)
			g.names.remove(n.merged.Type, id)
			entities++
			continue
		}
		if p != nil {
			n.merged = p.entities[id]
			g.names.setKeys(n.merged, p.nameKeys[id])
		} else {
			claims := make([]store.ArticleClaim, 0, len(n.claims))
			for aid, e := range n.claims {
				claims = append(claims, store.ArticleClaim{Article: aid, Entity: *e})
			}
			n.merged = store.MergeClaims(claims)
			g.names.setKeys(n.merged, store.NameKeys(n.merged))
		}
		g.search.set(id, terms, append([]string{n.merged.Name}, n.merged.Aliases...)...)
	}
	return entities, relations
}

func (g *graph) removeRelation(r *store.Relation) {
	delete(g.relations, r.ID)
	g.relationIDs[r.Type].remove(r.ID)
	for _, end := range []string{r.Source, r.Target} {
		if n := g.entities[end]; n != nil {
			delete(n.out, r.ID)
			delete(n.in, r.ID)
			delete(n.all, r.ID)
		}
	}
}

// degree is the number of relations touching an entity.
func (n *entityNode) degree() int { return len(n.all) }

// index returns the sorted id set of one type, creating it.
func index[T comparable](m map[T]*sortedSet, t T) *sortedSet {
	s := m[t]
	if s == nil {
		s = &sortedSet{}
		m[t] = s
	}
	return s
}

// sortedSet is a set of ids kept sorted, so that lists in id order need no
// sorting and a cursor is found by binary search.
type sortedSet struct{ ids []string }

func (s *sortedSet) add(id string) {
	if i, found := slices.BinarySearch(s.ids, id); !found {
		s.ids = slices.Insert(s.ids, i, id)
	}
}

func (s *sortedSet) remove(id string) {
	if i, found := slices.BinarySearch(s.ids, id); found {
		s.ids = slices.Delete(s.ids, i, i+1)
	}
}

// all returns the ids; callers must not change them.
func (s *sortedSet) all() []string {
	if s == nil {
		return nil
	}
	return s.ids
}
