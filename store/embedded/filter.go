package embedded

import (
	"slices"
	"strings"

	"newsgraph/store"
)

// Filters are two-valued: a missing date or quantity matches no operator,
// and Not of a filter that does not match matches. A nil filter matches
// everything.

func matchString(f *store.StringFilter, v string) bool {
	if f == nil {
		return true
	}
	return (f.Eq == nil || v == *f.Eq) &&
		(f.In == nil || slices.Contains(f.In, v)) &&
		(f.Contains == nil || strings.Contains(v, *f.Contains)) &&
		(f.StartsWith == nil || strings.HasPrefix(v, *f.StartsWith)) &&
		(f.EndsWith == nil || strings.HasSuffix(v, *f.EndsWith))
}

// matchAnyString reports whether one of vs satisfies every operator of f.
func matchAnyString(f *store.StringFilter, vs ...string) bool {
	if f == nil {
		return true
	}
	return slices.ContainsFunc(vs, func(v string) bool { return matchString(f, v) })
}

func matchDate(f *store.DateFilter, v string) bool {
	if f == nil {
		return true
	}
	if v == "" {
		return f.Eq == nil && f.Gt == nil && f.Gte == nil && f.Lt == nil && f.Lte == nil
	}
	return (f.Eq == nil || v == *f.Eq) &&
		(f.Gt == nil || v > *f.Gt) &&
		(f.Gte == nil || v >= *f.Gte) &&
		(f.Lt == nil || v < *f.Lt) &&
		(f.Lte == nil || v <= *f.Lte)
}

func matchInt(f *store.IntFilter, v *int) bool {
	if f == nil {
		return true
	}
	if v == nil {
		return f.Eq == nil && f.Gt == nil && f.Gte == nil && f.Lt == nil && f.Lte == nil
	}
	n := *v
	return (f.Eq == nil || n == *f.Eq) &&
		(f.Gt == nil || n > *f.Gt) &&
		(f.Gte == nil || n >= *f.Gte) &&
		(f.Lt == nil || n < *f.Lt) &&
		(f.Lte == nil || n <= *f.Lte)
}

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
		return matchString(f.ID, e.ID) &&
			matchString(f.Type, string(e.Type)) &&
			matchString(f.Name, e.Name) &&
			matchString(f.Kind, e.Kind) &&
			matchString(f.Wikidata, e.Wikidata) &&
			matchString(f.Status, e.Status) &&
			matchDate(f.Date, e.Date) &&
			(f.Alias == nil || matchAnyString(f.Alias, e.Name) || matchAnyString(f.Alias, e.Aliases...)) &&
			matchAnyString(f.Article, e.Articles...) &&
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
		return matchString(f.ID, r.ID) &&
			matchString(f.Type, string(r.Type)) &&
			matchDate(f.Date, r.Qualifiers.Date) &&
			matchInt(f.Quantity, r.Qualifiers.Quantity) &&
			matchString(f.Item, r.Qualifiers.Item) &&
			(f.Article == nil || slices.ContainsFunc(r.Evidence, func(ev store.Evidence) bool {
				return matchString(f.Article, ev.Article)
			})) &&
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
		return matchString(f.ID, a.ID) &&
			matchString(f.Title, a.Title) &&
			matchString(f.Source, a.Source) &&
			matchDate(f.Published, a.Published)
	})
}
