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

// An entity's articles are a connection (articles(first, after)): an
// operation whose articles fields all start from the same cursor (most
// start from none) has the store keep only the page of each entity's
// article ids that the largest of them shows, and one more that tells
// whether there is a next page (store.Projection.ArticleLimit and
// ArticlesAfter), with their number; on Neo4j, a page of the articles of
// an entity that every tenth article mentions then reads the page, not
// every MENTIONS. Fields that start from different cursors read every id.

// The same holds of the evidence of relations: most operations read only
// the article of each piece (evidence { article { title } }), not its
// quote, span or coding, which are most of what a relation level reads.
// An operation that asks none of them anywhere reads the relations of its
// levels with only the articles of their evidence
// (store.RelationQuery.ArticleOnlyEvidence).

// projection is what the fields of an operation leave out of what it reads.
type projection struct {
	// nodes is left out of the entities and articles.
	nodes store.Projection
	// articleOnlyEvidence keeps only the article of each piece of
	// evidence of the relations of its levels.
	articleOnlyEvidence bool
}

// Most operations show the nodes they reach by name only (b in the
// benchmark: actors, their relations, the targets' names, the evidence's
// article titles). An operation whose every field is one of namesFields
// reads entities with only their id, type, name and articles and articles
// with only their id, title and text (store.Projection.NamesOnly); any
// other field (a meeting's date, an article's source, a relation's date,
// which reads its articles' dates, an explore field but dyad) makes it
// read whole nodes. A dyad's counts and months are the store's (its
// relations' timeline dates come with them, see store.Explorer.Between),
// not read from nodes: its fields are names fields. The rule is by type
// and field name, so that Article.source (the publisher) is not taken for
// Relation.source.

// namesFields are, by type, the fields that read no property of an entity
// or article but its id, type, name, articles, title or text; a type
// missing here has none.
var namesFields = func() map[string]map[string]bool {
	set := func(names ...string) map[string]bool {
		m := map[string]bool{"__typename": true}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	entity := set("id", "name", "articles", "relations")
	connection := set("nodes", "edges", "node", "cursor", "totalCount", "pageInfo")
	m := map[string]map[string]bool{
		"Query": set("node", "nodes", "actors", "meetings", "places", "agreements", "entities", "articles", "relations",
			"dyad"),
		"Dyad":       set("a", "b", "relations", "countsByType", "countsByMonth", "undated", "total"),
		"TypeCount":  set("type", "count"),
		"MonthCount": set("month", "count"),
		"Node":       set("id"),
		"Article":    set("id", "title", "text"),
		"Relation":   set("id", "type", "source", "target", "evidence"),
		"Evidence":   set("article", "quote", "start", "end", "cameo", "plover", "mode", "label", "cursor"),
		"PageInfo":   set("hasNextPage", "hasPreviousPage", "startCursor", "endCursor"),
	}
	for _, t := range []string{"Entity", "Actor", "Meeting", "Place", "Agreement"} {
		m[t] = entity
	}
	for _, t := range []string{"Actor", "Meeting", "Place", "Agreement", "Entity", "Article", "Relation"} {
		m[t+"Connection"], m[t+"Edge"] = connection, connection
	}
	return m
}()

// namesOnly reports whether the field f is one of namesFields.
func namesOnly(f *ast.Field) bool {
	return f.ObjectDefinition != nil && namesFields[f.ObjectDefinition.Name][f.Name]
}

// evidenceDetail is the fields of Evidence but its article. Relation has
// fields named cameo and plover too: the rule is by name, and so reads the
// evidence's in full for them as well.
var evidenceDetail = map[string]bool{"quote": true, "start": true, "end": true, "cameo": true, "plover": true,
	"mode": true, "label": true}

// evidenceCursor reports whether f is Evidence.cursor, which is made of the
// whole piece. (Connections' edges have cursors too: the rule is by type.)
func evidenceCursor(f *ast.Field) bool {
	return f.Name == "cursor" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Evidence"
}

// operationProjection is the projection of the operation of ctx: what no
// field of its document (in fragments and inline fragments too, whatever
// their type condition or directives) can read. The rule is by field name,
// and so errs on the side of reading: any field named text needs the
// article's text; any field named articles, but the root list of
// articles, needs the entity's articles; and any field named as one of
// Evidence's but article needs the whole evidence. Only queries are
// projected: mutations, subscriptions and a context without an operation
// get whole nodes and evidence.
func operationProjection(ctx context.Context) projection {
	if !graphql.HasOperationContext(ctx) {
		return projection{}
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil || op.Operation.Operation != ast.Query {
		return projection{}
	}
	w := projectionWalk{doc: op.Doc, vars: op.Variables, seen: map[string]bool{}}
	if !w.walk(op.Operation.SelectionSet) {
		return projection{}
	}
	nodes := store.Projection{NoText: !w.text, NoArticles: !w.articles, NamesOnly: !w.props}
	if w.articles && !w.page.all {
		nodes.ArticleLimit, nodes.ArticlesAfter = w.page.limit, w.page.after
	}
	return projection{nodes: nodes, articleOnlyEvidence: !w.evidence}
}

// projectionWalk records, while it walks the selection sets of an
// operation, whether a field needs the articles' text, the entities'
// articles, more of the evidence than its article or more of the nodes
// than their names.
type projectionWalk struct {
	doc                      *ast.QueryDocument
	vars                     map[string]any
	seen                     map[string]bool // fragments walked
	text, articles, evidence bool
	props                    bool        // a field may read more than names (see namesOnly)
	page                     articlePage // what the articles fields show of them
}

// articlePage is what the articles fields of an operation show of each
// entity's article ids: the first limit after the id after when they all
// start from the same cursor, else all of them.
type articlePage struct {
	seen  bool   // an articles field was seen
	all   bool   // the fields need every id
	after string // the id the fields start after ("" for the first)
	limit int    // the most ids a field shows, and one more
}

// add records the articles field f, with the arguments its variables
// give it. A field whose page cannot be told (arguments the resolver
// refuses) needs every id: the resolver answers it, with its error.
func (a *articlePage) add(f *ast.Field, vars map[string]any) {
	if f.Definition == nil {
		a.all = true
		return
	}
	args := f.ArgumentMap(vars)
	first := int64(store.DefaultPageSize)
	if v := args["first"]; v != nil {
		n, ok := v.(int64)
		if !ok || n < 0 || n > store.MaxPageSize {
			a.all = true
			return
		}
		first = n
	}
	after := ""
	if c, _ := args["after"].(string); c != "" {
		_, id, err := store.DecodeCursor(c)
		if err != nil {
			a.all = true
			return
		}
		after = id
	}
	if a.seen && after != a.after {
		a.all = true
	}
	a.seen, a.after, a.limit = true, after, max(a.limit, int(first)+1)
}

// walk walks sel and reports whether it could: a fragment it cannot find
// makes the whole operation need everything.
func (w *projectionWalk) walk(sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			w.evidence = w.evidence || evidenceDetail[s.Name] || evidenceCursor(s)
			w.props = w.props || !namesOnly(s)
			switch s.Name {
			case "text":
				w.text = true
			case "articles":
				if s.ObjectDefinition == nil || s.ObjectDefinition.Name != "Query" {
					w.articles = true
					w.page.add(s, w.vars)
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
