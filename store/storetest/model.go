package storetest

import (
	"cmp"
	"slices"
	"strings"

	"newsgraph/store"
)

// Model is the reference graph: what a store must hold after a sequence of
// puts and deletes, recomputed naively from the article graphs themselves
// every time it is asked. It is the suite's oracle and shares no code with
// the engines: an entity's merged fields are worked out here, field by
// field, from what each article claims (the rule store.MergeClaims
// implements for the engines), a relation's evidence is gathered from
// every article that states it, and lists are sorted here. Only the
// contract's definitions of ids (store.RelationID) and cursors come from
// package store.
type Model struct {
	graphs []*store.ArticleGraph // one per article id, in the order first put
}

// NewModel returns a model holding the given articles.
func NewModel(gs ...*store.ArticleGraph) *Model {
	m := &Model{}
	for _, g := range gs {
		m.Put(g)
	}
	return m
}

// Put adds or replaces an article.
func (m *Model) Put(g *store.ArticleGraph) {
	g = CloneGraph(g)
	for i, have := range m.graphs {
		if have.Article.ID == g.Article.ID {
			m.graphs[i] = g
			return
		}
	}
	m.graphs = append(m.graphs, g)
}

// Delete removes an article.
func (m *Model) Delete(id string) {
	m.graphs = slices.DeleteFunc(m.graphs, func(g *store.ArticleGraph) bool { return g.Article.ID == id })
}

// byArticleID returns the article graphs sorted by article id.
func (m *Model) byArticleID() []*store.ArticleGraph {
	gs := slices.Clone(m.graphs)
	slices.SortFunc(gs, func(a, b *store.ArticleGraph) int { return strings.Compare(a.Article.ID, b.Article.ID) })
	return gs
}

// Articles returns the articles, sorted by id.
func (m *Model) Articles() []*store.Article {
	var out []*store.Article
	for _, g := range m.byArticleID() {
		a := g.Article
		out = append(out, &a)
	}
	return out
}

// claim is what one article says of one entity.
type claim struct {
	article string
	entity  *store.Entity
}

// Entities returns the merged entities, sorted by id.
func (m *Model) Entities() []*store.Entity {
	var ids []string
	claims := map[string][]claim{} // entity id -> claims, in article id order
	for _, g := range m.byArticleID() {
		for i := range g.Entities {
			e := &g.Entities[i].Entity
			if claims[e.ID] == nil {
				ids = append(ids, e.ID)
			}
			claims[e.ID] = append(claims[e.ID], claim{g.Article.ID, e})
		}
	}
	slices.Sort(ids)
	out := make([]*store.Entity, len(ids))
	for i, id := range ids {
		out[i] = merged(claims[id])
	}
	return out
}

// merged is the entity the claims (in article id order) describe, as the
// contract states it: each single-valued field is the first non-empty
// value; the aliases are every other name and alias any claim gives; the
// codes every code any claim gives, by scheme and value; the articles are
// the claiming articles.
func merged(claims []claim) *store.Entity {
	firstString := func(field func(e *store.Entity) string) string {
		for _, c := range claims {
			if v := field(c.entity); v != "" {
				return v
			}
		}
		return ""
	}
	e := &store.Entity{
		ID:       claims[0].entity.ID,
		Type:     claims[0].entity.Type,
		Name:     firstString(func(e *store.Entity) string { return e.Name }),
		Kind:     firstString(func(e *store.Entity) string { return e.Kind }),
		Wikidata: firstString(func(e *store.Entity) string { return e.Wikidata }),
		Date:     firstString(func(e *store.Entity) string { return e.Date }),
		EndDate:  firstString(func(e *store.Entity) string { return e.EndDate }),
		Format:   firstString(func(e *store.Entity) string { return e.Format }),
		Status:   firstString(func(e *store.Entity) string { return e.Status }),
	}
	for _, c := range claims {
		if c.entity.Round != 0 {
			e.Round = c.entity.Round
			break
		}
	}
	for _, c := range claims {
		if c.entity.Latitude != nil && c.entity.Longitude != nil {
			lat, lon := *c.entity.Latitude, *c.entity.Longitude
			e.Latitude, e.Longitude = &lat, &lon
			break
		}
	}
	e.Codes = mergedCodes(claims)
	for _, c := range claims {
		for _, name := range append([]string{c.entity.Name}, c.entity.Aliases...) {
			if name != "" && name != e.Name && !slices.Contains(e.Aliases, name) {
				e.Aliases = append(e.Aliases, name)
			}
		}
		if !slices.Contains(e.Articles, c.article) {
			e.Articles = append(e.Articles, c.article)
		}
	}
	slices.Sort(e.Aliases)
	slices.Sort(e.Articles)
	return e
}

// Relations returns the relations with every article's evidence, sorted by
// id; evidence is sorted by article, start and end, then by its coding.
func (m *Model) Relations() []*store.Relation {
	var out []*store.Relation
	for _, g := range m.graphs {
		for _, c := range g.Relations {
			r := c.Relation
			id := store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
			i := slices.IndexFunc(out, func(have *store.Relation) bool { return have.ID == id })
			if i < 0 {
				have := r.Clone()
				have.ID, have.Evidence = id, nil
				out = append(out, have)
				i = len(out) - 1
			}
			for _, ev := range r.Evidence {
				ev.Article = g.Article.ID
				out[i].Evidence = append(out[i].Evidence, ev)
			}
		}
	}
	slices.SortFunc(out, func(a, b *store.Relation) int { return strings.Compare(a.ID, b.ID) })
	for _, r := range out {
		slices.SortFunc(r.Evidence, func(a, b store.Evidence) int {
			return cmp.Or(strings.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
				strings.Compare(a.CAMEO, b.CAMEO), strings.Compare(a.PLOVER, b.PLOVER),
				strings.Compare(a.Mode, b.Mode), strings.Compare(a.Label, b.Label))
		})
	}
	return out
}

// CountRelations counts, naively, the relations a query without a filter
// selects: those of its types (any if none) that touch its entity (any if
// none) in its direction.
func (m *Model) CountRelations(q store.RelationQuery) int {
	n := 0
	for _, r := range m.Relations() {
		out, in := r.Source == q.Entity, r.Target == q.Entity
		touches := q.Entity == ""
		switch q.Direction {
		case store.Out:
			touches = touches || out
		case store.In:
			touches = touches || in
		default:
			touches = touches || out || in
		}
		if touches && (len(q.Types) == 0 || slices.Contains(q.Types, r.Type)) {
			n++
		}
	}
	return n
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
	for _, a := range m.Articles() {
		if a.ID == id {
			return a
		}
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
	slices.Sort(out)
	return out
}
