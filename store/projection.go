package store

import (
	"context"
	"slices"
)

// A Projection says which properties of the nodes an answer may leave
// out, for a caller that knows it will not read them: an article's text
// (the whole article), an entity's list of article ids (hundreds for
// the entities most articles mention; all of them, or only a page of
// them), and all but the names of both. The
// zero Projection leaves nothing out. A projected answer is the full
// answer with the projection applied (Projection.Entity,
// Projection.Article): the same nodes in the same order, the dropped
// properties empty; every engine answers exactly that (the conformance
// suite checks it), so that an engine may read less instead of reading
// everything and clearing it.
type Projection struct {
	// NoText leaves out the text of articles: Article.Text is "".
	NoText bool
	// NoArticles leaves out the article ids of entities: Entity.Articles
	// is nil.
	NoArticles bool
	// NamesOnly leaves out of entities all but their id, type, name and
	// article ids, and out of articles all but their id, title and text
	// (the article ids and the text still as NoArticles and NoText say),
	// for a caller that shows nodes by name.
	NamesOnly bool
	// ArticleLimit, when above 0, keeps of each entity's article ids (in
	// their order, sorted) at most that many: the first that follow
	// ArticlesAfter. ArticlesAfter, when not "", keeps only the ids after
	// it (in byte order, as ids sort). When either leaves an id out,
	// Entity.ArticleTotal counts them all (see Entity.ArticleCount): a
	// page of an entity's articles, and its total, cost what the page
	// holds, however many articles mention the entity. NoArticles wins.
	ArticleLimit  int
	ArticlesAfter string
}

// PagesArticles reports whether p keeps a page of each entity's articles
// rather than all of them (or none).
func (p Projection) PagesArticles() bool {
	return !p.NoArticles && (p.ArticleLimit > 0 || p.ArticlesAfter != "")
}

// Entity clears in e what the projection leaves out, and returns e (nil
// for nil).
// It may be applied again: a page of an entity's articles that it kept
// already is kept as it is, with the same total.
func (p Projection) Entity(e *Entity) *Entity {
	if e == nil {
		return nil
	}
	switch {
	case p.NoArticles:
		e.Articles, e.ArticleTotal = nil, 0
	case p.PagesArticles():
		total := e.ArticleCount()
		ids := e.Articles
		if p.ArticlesAfter != "" {
			i, found := slices.BinarySearch(ids, p.ArticlesAfter)
			if found {
				i++
			}
			ids = ids[i:]
		}
		if p.ArticleLimit > 0 {
			ids = ids[:min(p.ArticleLimit, len(ids))]
		}
		e.Articles, e.ArticleTotal = ids, 0
		if len(ids) < total {
			e.ArticleTotal = total
		}
	}
	if p.NamesOnly {
		*e = Entity{ID: e.ID, Type: e.Type, Name: e.Name, Articles: e.Articles, ArticleTotal: e.ArticleTotal}
	}
	return e
}

// Article clears in a what the projection leaves out, and returns a (nil
// for nil).
func (p Projection) Article(a *Article) *Article {
	if a != nil && p.NoText {
		a.Text = ""
	}
	if a != nil && p.NamesOnly {
		*a = Article{ID: a.ID, Title: a.Title, Text: a.Text}
	}
	return a
}

// ProjectedReader looks nodes up by id as Store.Entities and
// Store.Articles do (aligned with ids, nil where nothing has the id), with
// a projection applied to them. It is part of Store.
type ProjectedReader interface {
	ProjectedEntities(ctx context.Context, ids []string, p Projection) ([]*Entity, error)
	ProjectedArticles(ctx context.Context, ids []string, p Projection) ([]*Article, error)
}
