package embedded

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"newsgraph/ontology"
	"newsgraph/store"
)

// normalize checks an article graph against the contract and returns the
// canonical copy the store keeps and logs:
//   - the article id is an "article:" id and the hash is not empty;
//   - every entity has an id of its own type ("actor:..." for an Actor) and
//     is claimed once; its Articles field is dropped;
//   - every relation has an ontology type allowing its ends' types, both
//     ends are entities of this graph, its id is the derived one (filled in
//     when empty), and it has evidence, all of it from this article (filled
//     in when empty) with proper spans;
//   - claims of the same relation are merged into one, with the evidence
//     of each, deduplicated and sorted;
//   - entities and relations are sorted by id.
//
// Errors wrap store.ErrInvalid and say which claim is wrong and why.
func normalize(g *store.ArticleGraph) (*store.ArticleGraph, error) {
	if g == nil {
		return nil, invalidf("no article graph given")
	}
	aid := g.Article.ID
	if kind, ok := store.KindOfID(aid); !ok || kind != string(ontology.Article) || aid == store.ArticleID("") {
		return nil, invalidf("article id %q is not an article id (%q followed by the article's own id)", aid, store.ArticleID(""))
	}
	if g.Article.Hash == "" {
		return nil, invalidf("article %q: hash is empty", aid)
	}
	out := &store.ArticleGraph{Article: g.Article}

	types := make(map[string]ontology.NodeType, len(g.Entities))
	for i, c := range g.Entities {
		e, err := normalizeEntity(aid, i, c)
		if err != nil {
			return nil, err
		}
		if _, dup := types[e.Entity.ID]; dup {
			return nil, invalidf("article %q: entities[%d]: entity %q is claimed twice", aid, i, e.Entity.ID)
		}
		types[e.Entity.ID] = e.Entity.Type
		out.Entities = append(out.Entities, e)
	}
	slices.SortFunc(out.Entities, func(a, b store.EntityClaim) int { return cmp.Compare(a.Entity.ID, b.Entity.ID) })

	byID := map[string]*store.Relation{}
	for i, c := range g.Relations {
		r, err := normalizeRelation(aid, i, &c.Relation, types)
		if err != nil {
			return nil, err
		}
		if have, ok := byID[r.ID]; ok {
			have.Evidence = append(have.Evidence, r.Evidence...)
			continue
		}
		byID[r.ID] = r
	}
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		r := byID[id]
		store.SortEvidence(r.Evidence)
		r.Evidence = slices.Compact(r.Evidence)
		out.Relations = append(out.Relations, store.RelationClaim{Relation: *r})
	}
	return out, nil
}

func normalizeEntity(aid string, i int, c store.EntityClaim) (store.EntityClaim, error) {
	e := cloneEntity(&c.Entity)
	e.Articles = nil
	where := fmt.Sprintf("article %q: entities[%d]", aid, i)
	if e.ID == "" {
		return c, invalidf("%s: id is empty", where)
	}
	if !e.Type.IsEntity() {
		return c, invalidf("%s (%s): type %q is not one of %s", where, e.ID, e.Type,
			strings.Join(ontology.Names(ontology.EntityTypes), ", "))
	}
	if kind, ok := store.KindOfID(e.ID); !ok || kind != string(e.Type) || e.ID == store.EntityID(e.Type, "") {
		return c, invalidf("%s: id %q is not an id of type %s (%q followed by a key)", where, e.ID, e.Type,
			store.EntityID(e.Type, ""))
	}
	for j, m := range c.Mentions {
		if m.Start < 0 || m.End < m.Start {
			return c, invalidf("%s (%s): mentions[%d]: [%d,%d) is not a span", where, e.ID, j, m.Start, m.End)
		}
	}
	return store.EntityClaim{Entity: *e, Mentions: slices.Clone(c.Mentions)}, nil
}

func normalizeRelation(aid string, i int, in *store.Relation, types map[string]ontology.NodeType) (*store.Relation, error) {
	where := fmt.Sprintf("article %q: relations[%d] (%s %s→%s)", aid, i, in.Type, in.Source, in.Target)
	spec, ok := ontology.Relation(in.Type)
	if !ok {
		return nil, invalidf("%s: type %q is not a relation type", where, in.Type)
	}
	src, ok := types[in.Source]
	if !ok {
		return nil, invalidf("%s: source %q is not an entity of the article", where, in.Source)
	}
	dst, ok := types[in.Target]
	if !ok {
		return nil, invalidf("%s: target %q is not an entity of the article", where, in.Target)
	}
	if !spec.Allows(src, dst) {
		return nil, invalidf("%s: %s may not go from %s to %s (sources %v, targets %v)", where, in.Type, src, dst,
			ontology.Names(spec.Sources), ontology.Names(spec.Targets))
	}
	r := cloneRelation(in)
	id := store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
	if r.ID != "" && r.ID != id {
		return nil, invalidf("%s: id %q is not the id its type, ends and qualifiers give (%q)", where, r.ID, id)
	}
	r.ID = id
	if len(r.Evidence) == 0 {
		return nil, invalidf("%s: no evidence", where)
	}
	for j := range r.Evidence {
		ev := &r.Evidence[j]
		switch {
		case ev.Article == "":
			ev.Article = aid
		case ev.Article != aid:
			return nil, invalidf("%s: evidence[%d]: article %q is not the article being stored", where, j, ev.Article)
		}
		if ev.Start < 0 || ev.End < ev.Start {
			return nil, invalidf("%s: evidence[%d]: [%d,%d) is not a span", where, j, ev.Start, ev.End)
		}
	}
	return r, nil
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{store.ErrInvalid}, args...)...)
}
