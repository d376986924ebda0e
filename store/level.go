package store

import (
	"context"
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
// needs the three at once; read as one level, they cost one store call and,
// on a store that has a LevelReader, one statement.

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
}

// LevelReader is a store that reads a relation level in one call.
type LevelReader interface {
	ReadLevel(ctx context.Context, q LevelQuery) (*Level, error)
}

// ReadLevel reads a relation level from s: with its ReadLevel when it has
// one, otherwise with ReadLevelByParts.
func ReadLevel(ctx context.Context, s Store, q LevelQuery) (*Level, error) {
	if r, ok := s.(LevelReader); ok {
		return r.ReadLevel(ctx, q)
	}
	return ReadLevelByParts(ctx, s, q)
}

// ReadLevelByParts reads a relation level with RelationsOf, then Entities
// and Articles for what the pages refer to: up to three calls. It is the
// definition a LevelReader must agree with.
func ReadLevelByParts(ctx context.Context, s Store, q LevelQuery) (*Level, error) {
	pages, err := s.RelationsOf(ctx, q.Queries)
	if err != nil {
		return nil, err
	}
	lv := &Level{Pages: pages, Entities: map[string]*Entity{}, Articles: map[string]*Article{}}
	ends, articles := LevelRefs(pages)
	if q.Ends && len(ends) > 0 {
		es, err := s.Entities(ctx, ends)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e != nil {
				lv.Entities[e.ID] = e
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
				lv.Articles[a.ID] = a
			}
		}
	}
	return lv, nil
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
