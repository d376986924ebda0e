package storetest

import (
	"maps"
	"slices"
	"sort"

	"newsgraph/store"
)

// Model is the reference graph: what a store must hold after a sequence of
// puts and deletes, computed naively from the article graphs themselves
// (entities with store.MergeClaims, relations by grouping every article's
// evidence). Tests compare a store's answers with the model's.
type Model struct {
	graphs map[string]*store.ArticleGraph // by article node id
}

// NewModel returns a model holding the given articles.
func NewModel(gs ...*store.ArticleGraph) *Model {
	m := &Model{graphs: map[string]*store.ArticleGraph{}}
	for _, g := range gs {
		m.Put(g)
	}
	return m
}

// Put adds or replaces an article.
func (m *Model) Put(g *store.ArticleGraph) { m.graphs[g.Article.ID] = CloneGraph(g) }

// Delete removes an article.
func (m *Model) Delete(id string) { delete(m.graphs, id) }

// Articles returns the articles, sorted by id.
func (m *Model) Articles() []*store.Article {
	var out []*store.Article
	for _, id := range slices.Sorted(maps.Keys(m.graphs)) {
		a := m.graphs[id].Article
		out = append(out, &a)
	}
	return out
}

// Entities returns the merged entities, sorted by id.
func (m *Model) Entities() []*store.Entity {
	claims := map[string][]store.ArticleClaim{}
	for aid, g := range m.graphs {
		for _, c := range g.Entities {
			claims[c.Entity.ID] = append(claims[c.Entity.ID], store.ArticleClaim{Article: aid, Entity: c.Entity})
		}
	}
	var out []*store.Entity
	for _, id := range slices.Sorted(maps.Keys(claims)) {
		out = append(out, store.MergeClaims(claims[id]))
	}
	return out
}

// Relations returns the relations with every article's evidence, sorted by
// id.
func (m *Model) Relations() []*store.Relation {
	byID := map[string]*store.Relation{}
	for aid, g := range m.graphs {
		for _, c := range g.Relations {
			r := c.Relation
			id := store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
			have, ok := byID[id]
			if !ok {
				have = CloneRelation(&r)
				have.ID, have.Evidence = id, nil
				byID[id] = have
			}
			for _, ev := range r.Evidence {
				ev.Article = aid
				have.Evidence = append(have.Evidence, ev)
			}
		}
	}
	var out []*store.Relation
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		store.SortEvidence(byID[id].Evidence)
		out = append(out, byID[id])
	}
	return out
}

// Entity returns one merged entity, or nil.
func (m *Model) Entity(id string) *store.Entity {
	for _, e := range m.Entities() {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Relation returns one relation, or nil.
func (m *Model) Relation(id string) *store.Relation {
	for _, r := range m.Relations() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Article returns one article, or nil.
func (m *Model) Article(id string) *store.Article {
	if g, ok := m.graphs[id]; ok {
		a := g.Article
		return &a
	}
	return nil
}

// Degrees returns the number of relations touching each entity.
func (m *Model) Degrees() map[string]int {
	deg := map[string]int{}
	for _, r := range m.Relations() {
		deg[r.Source]++
		if r.Target != r.Source {
			deg[r.Target]++
		}
	}
	return deg
}

// Snapshot is everything a store holds, each list sorted by id.
type Snapshot struct {
	Entities  []*store.Entity
	Articles  []*store.Article
	Relations []*store.Relation
}

// Snapshot returns what a store holding the model's articles must list.
func (m *Model) Snapshot() Snapshot {
	return Snapshot{Entities: m.Entities(), Articles: m.Articles(), Relations: m.Relations()}
}

// sortedIDs returns ids sorted, for expectations in id order.
func sortedIDs(ids ...string) []string {
	out := slices.Clone(ids)
	sort.Strings(out)
	return out
}
