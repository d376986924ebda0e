package embedded

import (
	"slices"

	"newsgraph/store"
)

// Filters are two-valued: a missing date or quantity matches no operator,
// and Not of a filter that does not match matches. A nil filter matches
// everything. What a string, date or integer filter matches is package
// store's definition (StringFilter.Match and the others).

// combine evaluates the And, Or and Not parts shared by every filter type
// around the filter's own fields.
func combine[F any](and, or []*F, not *F, match func(*F) bool, fields func() bool) bool {
	for _, f := range and {
		if !match(f) {
			return false
		}
	}
	if len(or) > 0 && !slices.ContainsFunc(or, match) {
		return false
	}
	if not != nil && match(not) {
		return false
	}
	return fields()
}

// matchEntity evaluates an entity filter; the graph answers its relation
// quantifiers.
func (g *graph) matchEntity(f *store.EntityFilter, e *store.Entity) bool {
	if f == nil {
		return true
	}
	return combine(f.And, f.Or, f.Not, func(h *store.EntityFilter) bool { return g.matchEntity(h, e) }, func() bool {
		return f.ID.Match(e.ID) &&
			f.Type.Match(string(e.Type)) &&
			f.Name.Match(e.Name) &&
			f.Kind.Match(e.Kind) &&
			f.Wikidata.Match(e.Wikidata) &&
			f.Status.Match(e.Status) &&
			f.Date.Match(e.Date) &&
			(f.Alias == nil || f.Alias.MatchAny(e.Name) || f.Alias.MatchAny(e.Aliases...)) &&
			f.Code.MatchAny(e.Codes) &&
			f.Article.MatchAny(e.Articles...) &&
			g.matchQuantifier(f.Relations, e.ID)
	})
}

// matchRelation evaluates a relation filter; the graph looks the ends up.
func (g *graph) matchRelation(f *store.RelationFilter, r *store.Relation) bool {
	if f == nil {
		return true
	}
	match := func(h *store.RelationFilter) bool { return g.matchRelation(h, r) }
	return combine(f.And, f.Or, f.Not, match, func() bool {
		return f.ID.Match(r.ID) &&
			f.Type.Match(string(r.Type)) &&
			f.Date.Match(r.Qualifiers.Date) &&
			f.Quantity.Match(r.Qualifiers.Quantity) &&
			f.Item.Match(r.Qualifiers.Item) &&
			f.Place.Match(r.Qualifiers.Place) &&
			(f.EffectiveDate == nil || f.EffectiveDate.Match(store.EffectiveDate(r, g.publishedDate))) &&
			(f.Article == nil || slices.ContainsFunc(r.Evidence, func(ev store.Evidence) bool {
				return f.Article.Match(ev.Article)
			})) &&
			(f.Evidence == nil || slices.ContainsFunc(r.Evidence, f.Evidence.Match)) &&
			g.matchEnd(f.Source, r.Source) &&
			g.matchEnd(f.Target, r.Target)
	})
}

// matchEnd evaluates an entity filter on one end of a relation.
func (g *graph) matchEnd(f *store.EntityFilter, id string) bool {
	if f == nil {
		return true
	}
	n := g.entities[id]
	return n != nil && g.matchEntity(f, n.merged)
}

func matchArticle(f *store.ArticleFilter, a *store.Article) bool {
	if f == nil {
		return true
	}
	return combine(f.And, f.Or, f.Not, func(g *store.ArticleFilter) bool { return matchArticle(g, a) }, func() bool {
		return f.ID.Match(a.ID) &&
			f.Title.Match(a.Title) &&
			f.Source.Match(a.Source) &&
			f.Published.Match(a.Published)
	})
}
