package store

import (
	"context"
	"fmt"
	"slices"
)

// A relation level is what a nested query asks of one level of relations:
// the pages of several relation queries (the relations of each item of a
// list, as RelationsOf answers them), and, when asked, the entities at the
// ends of those relations and the articles their evidence cites. A nested
// field such as
//
//	actors { relations { type target { name } evidence { article { title } } } }
//
// needs the three at once; read as one level, they cost one store call (and
// on Neo4j one statement). A level can also carry the count of each query's
// relations, for a nested totalCount.

// LevelQuery asks for a relation level.
type LevelQuery struct {
	// Queries are relation queries, as RelationsOf takes them.
	Queries []RelationQuery
	// Ends asks for the source and target entities of every relation of
	// the pages.
	Ends bool
	// Articles asks for the article of every piece of evidence of every
	// relation of the pages.
	Articles bool
	// Counts asks for the count of each query's relations, as
	// CountRelations counts them (First, After and Order ignored).
	Counts bool
	// Projection is applied to the entities and articles of the level
	// (Level.Entities, Level.Articles).
	Projection Projection
}

// Level is the answer to a LevelQuery.
type Level struct {
	// Pages are aligned with the queries, as RelationsOf returns them.
	Pages []*Page[*Relation]
	// Entities holds, by id, the ends of the pages' relations (with Ends;
	// empty otherwise), as Entities returns them. An end no entity has is
	// absent.
	Entities map[string]*Entity
	// Articles holds, by id, the articles the pages' evidence cites (with
	// Articles; empty otherwise), as Articles returns them. An article that
	// is not stored is absent.
	Articles map[string]*Article
	// Counts are aligned with the queries (with Counts; nil otherwise):
	// the count of each query's relations.
	Counts []int
}

// LevelReader reads a relation level in one call. It is part of Store;
// an engine without a better way implements it with ReadLevelByParts.
type LevelReader interface {
	ReadLevel(ctx context.Context, q LevelQuery) (*Level, error)
}

// ReadLevelByParts reads a relation level with RelationsOf, then Entities
// and Articles for what the pages refer to and CountRelationsOf for the
// counts that the pages do not tell: up to four calls. It is the
// definition every ReadLevel must agree with.
func ReadLevelByParts(ctx context.Context, s Store, q LevelQuery) (*Level, error) {
	pages, err := s.RelationsOf(ctx, q.Queries)
	if err != nil {
		return nil, err
	}
	lv := &Level{Pages: pages, Entities: map[string]*Entity{}, Articles: map[string]*Article{}}
	if q.Counts {
		if lv.Counts, err = levelCounts(ctx, s, q.Queries, pages); err != nil {
			return nil, err
		}
	}
	ends, articles := LevelRefs(pages)
	if q.Ends && len(ends) > 0 {
		es, err := s.Entities(ctx, ends)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e != nil {
				lv.Entities[e.ID] = q.Projection.Entity(e)
			}
		}
	}
	if q.Articles && len(articles) > 0 {
		as, err := s.Articles(ctx, articles)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			if a != nil {
				lv.Articles[a.ID] = q.Projection.Article(a)
			}
		}
	}
	return lv, nil
}

// levelCounts counts the relations of each query: a first page without a
// next page holds them all, the others are counted with one
// CountRelationsOf call.
func levelCounts(ctx context.Context, s Store, qs []RelationQuery, pages []*Page[*Relation]) ([]int, error) {
	counts := make([]int, len(qs))
	var (
		cut []RelationQuery
		at  []int
	)
	for i, q := range qs {
		if p := pages[i]; q.After == "" && p != nil && !p.HasNextPage {
			counts[i] = len(p.Items)
			continue
		}
		cut = append(cut, q)
		at = append(at, i)
	}
	if len(cut) == 0 {
		return counts, nil
	}
	n, err := s.CountRelationsOf(ctx, cut)
	if err != nil {
		return nil, err
	}
	if len(n) != len(cut) {
		return nil, fmt.Errorf("store: %d counts for %d relation queries", len(n), len(cut))
	}
	for k, i := range at {
		counts[i] = n[k]
	}
	return counts, nil
}

// LevelRefs returns the ids of the entities at the ends of the pages'
// relations and of the articles their evidence cites, each sorted and
// without repeats.
func LevelRefs(pages []*Page[*Relation]) (ends, articles []string) {
	for _, p := range pages {
		if p == nil {
			continue
		}
		for _, r := range p.Items {
			ends = append(ends, r.Source, r.Target)
			for _, ev := range r.Evidence {
				articles = append(articles, ev.Article)
			}
		}
	}
	slices.Sort(ends)
	slices.Sort(articles)
	return slices.Compact(ends), slices.Compact(articles)
}
