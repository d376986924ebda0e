package neo4jstore

import (
	"fmt"

	"newsgraph/ontology"
	"newsgraph/store"
)

// validate checks an ArticleGraph against the contract before anything is
// written: the article id is an "article:" id and the hash is set; every
// entity has an entity type and an id of that type, and is claimed once;
// every relation has an ontology type that allows its ends' types, its ends
// are entities of this ArticleGraph, its id is the one store.RelationID
// derives (or is left empty), and it has evidence, each piece a span of this article (whose
// Article may be left empty). Errors wrap store.ErrInvalid and name the
// offending field.
func validate(g *store.ArticleGraph) error {
	if g == nil {
		return invalidf("no article given")
	}
	id := g.Article.ID
	if kind, ok := store.KindOfID(id); !ok || kind != string(ontology.Article) || id == store.ArticleID("") {
		return invalidf("article: id %q is not an article id (%s)", id, store.ArticleID("<id>"))
	}
	if g.Article.Hash == "" {
		return invalidf("article %q: hash is empty", id)
	}
	types := make(map[string]ontology.NodeType, len(g.Entities))
	for i, c := range g.Entities {
		e := c.Entity
		where := fmt.Sprintf("article %q: entities[%d]", id, i)
		if !e.Type.IsEntity() {
			return invalidf("%s (%s): type %q is not one of %v", where, e.ID, e.Type, ontology.Names(ontology.EntityTypes))
		}
		if kind, ok := store.KindOfID(e.ID); !ok || kind != string(e.Type) || e.ID == store.EntityID(e.Type, "") {
			return invalidf("%s: id %q is not an id of type %s (%s)", where, e.ID, e.Type, store.EntityID(e.Type, "<key>"))
		}
		if _, dup := types[e.ID]; dup {
			return invalidf("%s: entity %q is given twice", where, e.ID)
		}
		types[e.ID] = e.Type
		for j, m := range c.Mentions {
			if m.Start < 0 || m.End < m.Start {
				return invalidf("%s (%s): mentions[%d]: span [%d,%d) is not a span", where, e.ID, j, m.Start, m.End)
			}
		}
	}
	for i, c := range g.Relations {
		if err := validateRelation(id, i, &c.Relation, types); err != nil {
			return err
		}
	}
	return nil
}

func validateRelation(article string, i int, r *store.Relation, types map[string]ontology.NodeType) error {
	where := fmt.Sprintf("article %q: relations[%d]", article, i)
	spec, ok := ontology.Relation(r.Type)
	if !ok {
		return invalidf("%s: type %q is not a relation type", where, r.Type)
	}
	src, ok := types[r.Source]
	if !ok {
		return invalidf("%s (%s): source %q is not an entity of the article", where, r.Type, r.Source)
	}
	dst, ok := types[r.Target]
	if !ok {
		return invalidf("%s (%s): target %q is not an entity of the article", where, r.Type, r.Target)
	}
	if !spec.Allows(src, dst) {
		return invalidf("%s: %s may not go from %s to %s (sources %v, targets %v)",
			where, r.Type, src, dst, ontology.Names(spec.Sources), ontology.Names(spec.Targets))
	}
	if want := store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers); r.ID != "" && r.ID != want {
		return invalidf("%s (%s): id %q is not the id its type, ends and qualifiers give (%q)", where, r.Type, r.ID, want)
	}
	if len(r.Evidence) == 0 {
		return invalidf("%s (%s): no evidence", where, r.Type)
	}
	for j, ev := range r.Evidence {
		switch {
		case ev.Article != "" && ev.Article != article:
			return invalidf("%s (%s): evidence[%d]: article %q is not the article being stored", where, r.Type, j, ev.Article)
		case ev.Start < 0 || ev.End < ev.Start:
			return invalidf("%s (%s): evidence[%d]: span [%d,%d) is not a span", where, r.Type, j, ev.Start, ev.End)
		}
	}
	return nil
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{store.ErrInvalid}, args...)...)
}
