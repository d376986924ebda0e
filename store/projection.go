package store

import "context"

// A Projection says which properties of the nodes an answer may leave
// out, for a caller that knows it will not read them: an article's text
// (the whole article), an entity's list of article ids (hundreds for
// the entities most articles mention), and all but the names of both. The
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
}

// Entity clears in e what the projection leaves out, and returns e (nil
// for nil).
func (p Projection) Entity(e *Entity) *Entity {
	if e != nil && p.NoArticles {
		e.Articles = nil
	}
	if e != nil && p.NamesOnly {
		*e = Entity{ID: e.ID, Type: e.Type, Name: e.Name, Articles: e.Articles}
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
