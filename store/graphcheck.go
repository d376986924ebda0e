package store

import (
	"fmt"
	"strings"

	"newsgraph/ontology"
)

// CheckArticleGraph checks an article graph against the contract before
// anything is written; both engines call it from PutArticle and
// PutArticles:
//   - the article id is an "article:" id and the hash is not empty;
//   - every entity has an entity type and an id of that type ("actor:..."
//     for an Actor), is claimed once, its mentions are spans and its codes
//     values of the ontology's code schemes;
//   - every relation has an ontology type allowing its ends' types, both
//     ends (and its place, if any: a Place) are entities of this graph, its id is the one RelationID derives
//     (or is empty), and it has evidence, all of it spans of this article
//     (an evidence's Article may be left empty), whose coding passes
//     EventCoding.Check.
//
// The error wraps ErrInvalid and names the claim that is wrong and why.
func CheckArticleGraph(g *ArticleGraph) error {
	if g == nil {
		return invalidf("no article graph given")
	}
	aid := g.Article.ID
	if kind, ok := KindOfID(aid); !ok || kind != string(ontology.Article) || aid == ArticleID("") {
		return invalidf("article id %q is not an article id (%q followed by the article's own id)", aid, ArticleID(""))
	}
	if g.Article.Hash == "" {
		return invalidf("article %q: hash is empty", aid)
	}
	types := make(map[string]ontology.NodeType, len(g.Entities))
	for i, c := range g.Entities {
		e := &c.Entity
		where := fmt.Sprintf("article %q: entities[%d]", aid, i)
		if e.ID == "" {
			return invalidf("%s: id is empty", where)
		}
		if !e.Type.IsEntity() {
			return invalidf("%s (%s): type %q is not one of %s", where, e.ID, e.Type,
				strings.Join(ontology.Names(ontology.EntityTypes), ", "))
		}
		if kind, ok := KindOfID(e.ID); !ok || kind != string(e.Type) || e.ID == EntityID(e.Type, "") {
			return invalidf("%s: id %q is not an id of type %s (%q followed by a key)", where, e.ID, e.Type,
				EntityID(e.Type, ""))
		}
		if _, dup := types[e.ID]; dup {
			return invalidf("%s: entity %q is claimed twice", where, e.ID)
		}
		types[e.ID] = e.Type
		if err := checkCodes(where, e); err != nil {
			return err
		}
		for j, m := range c.Mentions {
			if !isSpan(m.Start, m.End) {
				return invalidf("%s (%s): mentions[%d]: [%d,%d) is not a span", where, e.ID, j, m.Start, m.End)
			}
		}
	}
	for i := range g.Relations {
		if err := checkRelationClaim(aid, i, &g.Relations[i].Relation, types); err != nil {
			return err
		}
	}
	return nil
}

func checkRelationClaim(aid string, i int, r *Relation, types map[string]ontology.NodeType) error {
	where := fmt.Sprintf("article %q: relations[%d] (%s %s→%s)", aid, i, r.Type, r.Source, r.Target)
	spec, ok := ontology.Relation(r.Type)
	if !ok {
		return invalidf("%s: type %q is not a relation type", where, r.Type)
	}
	src, ok := types[r.Source]
	if !ok {
		return invalidf("%s: source %q is not an entity of the article", where, r.Source)
	}
	dst, ok := types[r.Target]
	if !ok {
		return invalidf("%s: target %q is not an entity of the article", where, r.Target)
	}
	if !spec.Allows(src, dst) {
		return invalidf("%s: %s may not go from %s to %s (sources %v, targets %v)", where, r.Type, src, dst,
			ontology.Names(spec.Sources), ontology.Names(spec.Targets))
	}
	if p := r.Qualifiers.Place; p != "" {
		switch t, ok := types[p]; {
		case !ok:
			return invalidf("%s: place %q is not an entity of the article", where, p)
		case t != ontology.Place:
			return invalidf("%s: place %q is %s %s, not a Place", where, p, articleOf(t), t)
		}
	}
	if id := RelationID(r.Type, r.Source, r.Target, r.Qualifiers); r.ID != "" && r.ID != id {
		return invalidf("%s: id %q is not the id its type, ends and qualifiers give (%q)", where, r.ID, id)
	}
	if len(r.Evidence) == 0 {
		return invalidf("%s: no evidence", where)
	}
	for j, ev := range r.Evidence {
		if ev.Article != "" && ev.Article != aid {
			return invalidf("%s: evidence[%d]: article %q is not the article being stored", where, j, ev.Article)
		}
		if !isSpan(ev.Start, ev.End) {
			return invalidf("%s: evidence[%d]: [%d,%d) is not a span", where, j, ev.Start, ev.End)
		}
		if field, problem := ev.EventCoding.Check(); problem != "" {
			return invalidf("%s: evidence[%d]: %s %q %s", where, j, field, truncateValue(ev.EventCoding, field), problem)
		}
	}
	return nil
}

// isSpan reports whether [start, end) is a span of a text: it starts at 0
// or later and does not end before it starts.
func isSpan(start, end int) bool { return start >= 0 && end >= start }

// articleOf is "a" or "an" before a node type, for messages.
func articleOf(t ontology.NodeType) string {
	if strings.ContainsRune("AEIOU", rune(t[0])) {
		return "an"
	}
	return "a"
}
