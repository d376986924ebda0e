package embedded

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"newsgraph/store"
)

// normalize checks an article graph against the contract
// (store.CheckArticleGraph) and returns the canonical copy the store keeps
// and logs:
//   - entities are copies without their Articles field, sorted by id;
//   - every relation has its derived id (filled in when empty) and every
//     evidence its article (filled in when empty);
//   - claims of the same relation are merged into one, with the evidence
//     of each, deduplicated and sorted;
//   - relations are sorted by id.
func normalize(g *store.ArticleGraph) (*store.ArticleGraph, error) {
	if err := store.CheckArticleGraph(g); err != nil {
		return nil, err
	}
	aid := g.Article.ID
	out := &store.ArticleGraph{Article: g.Article}
	for _, c := range g.Entities {
		e := c.Entity.Clone()
		e.Articles = nil
		out.Entities = append(out.Entities, store.EntityClaim{Entity: *e, Mentions: slices.Clone(c.Mentions)})
	}
	slices.SortFunc(out.Entities, func(a, b store.EntityClaim) int { return cmp.Compare(a.Entity.ID, b.Entity.ID) })

	byID := map[string]*store.Relation{}
	for i := range g.Relations {
		r := g.Relations[i].Relation.Clone()
		r.ID = store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
		for j := range r.Evidence {
			if r.Evidence[j].Article == "" {
				r.Evidence[j].Article = aid
			}
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

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{store.ErrInvalid}, args...)...)
}
