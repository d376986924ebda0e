package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"newsgraph/store"
)

// The nodes of the store carry two big properties that few fields read:
// an article's text (Article.text) and an entity's list of article ids
// (the articles field of the entity types, hundreds of ids for the
// entities most articles mention). An operation that asks for neither
// anywhere has the store leave them out of the entities and articles it
// lists and levels it reads (store.Projection): on Neo4j the server then
// neither reads nor sends them. The projection is worked out once per
// operation, from its whole document, because the loaders share nodes
// across the fields of the operation: a node read without its text by one
// field is a node no other field of that operation can ask the text of.

// operationProjection is the projection of the operation of ctx: what no
// field of its document (in fragments and inline fragments too, whatever
// their type condition or directives) can read. The rule is by field name,
// and so errs on the side of reading: any field named text needs the
// article's text, and any field named articles, but the root list of
// articles, needs the entity's articles. Only queries are projected:
// mutations, subscriptions and a context without an operation get whole
// nodes.
func operationProjection(ctx context.Context) store.Projection {
	if !graphql.HasOperationContext(ctx) {
		return store.Projection{}
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil || op.Operation.Operation != ast.Query {
		return store.Projection{}
	}
	w := projectionWalk{doc: op.Doc, seen: map[string]bool{}}
	if !w.walk(op.Operation.SelectionSet) {
		return store.Projection{}
	}
	return store.Projection{NoText: !w.text, NoArticles: !w.articles}
}

// projectionWalk records, while it walks the selection sets of an
// operation, whether a field needs the articles' text or the entities'
// articles.
type projectionWalk struct {
	doc            *ast.QueryDocument
	seen           map[string]bool // fragments walked
	text, articles bool
}

// walk walks sel and reports whether it could: a fragment it cannot find
// makes the whole operation need everything.
func (w *projectionWalk) walk(sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			switch s.Name {
			case "text":
				w.text = true
			case "articles":
				if s.ObjectDefinition == nil || s.ObjectDefinition.Name != "Query" {
					w.articles = true
				}
			}
			if !w.walk(s.SelectionSet) {
				return false
			}
		case *ast.InlineFragment:
			if !w.walk(s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if w.seen[s.Name] {
				continue
			}
			w.seen[s.Name] = true
			def := s.Definition
			if def == nil && w.doc != nil {
				def = w.doc.Fragments.ForName(s.Name)
			}
			if def == nil || !w.walk(def.SelectionSet) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
