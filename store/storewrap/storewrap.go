// Package storewrap decorates a store.Store with a hook that runs around
// every call: timing (package metrics), deadlines (package server), or
// anything else that treats every method alike.
//
// The wrapper implements the whole of store.Store, writing in batches, name
// resolution and exploration included, each method through the hook.
package storewrap

import (
	"context"
	"errors"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// Hook runs around a call: it is called with the call's context and method
// name ("PutArticle") before the call, and returns the context the call
// runs with and a function called with the call's error after it.
type Hook func(ctx context.Context, method string) (context.Context, func(error))

// Store is a wrapped store.
type Store struct {
	inner store.Store
	hook  Hook
}

var _ store.Store = (*Store)(nil)

// New wraps s with hook.
func New(s store.Store, hook Hook) *Store {
	return &Store{inner: s, hook: hook}
}

// Unwrap returns the wrapped store.
func (s *Store) Unwrap() store.Store { return s.inner }

// call runs f through the hook.
func call[T any](s *Store, ctx context.Context, method string, f func(context.Context) (T, error)) (T, error) {
	ctx, done := s.hook(ctx, method)
	v, err := f(ctx)
	done(err)
	return v, err
}

func (s *Store) PutArticle(ctx context.Context, a *store.ArticleGraph) (store.PutResult, error) {
	return call(s, ctx, "PutArticle", func(ctx context.Context) (store.PutResult, error) { return s.inner.PutArticle(ctx, a) })
}

func (s *Store) DeleteArticle(ctx context.Context, id string) (store.DeleteResult, error) {
	return call(s, ctx, "DeleteArticle", func(ctx context.Context) (store.DeleteResult, error) { return s.inner.DeleteArticle(ctx, id) })
}

func (s *Store) Entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return call(s, ctx, "Entities", func(ctx context.Context) ([]*store.Entity, error) { return s.inner.Entities(ctx, ids) })
}

func (s *Store) Articles(ctx context.Context, ids []string) ([]*store.Article, error) {
	return call(s, ctx, "Articles", func(ctx context.Context) ([]*store.Article, error) { return s.inner.Articles(ctx, ids) })
}

func (s *Store) ProjectedEntities(ctx context.Context, ids []string, p store.Projection) ([]*store.Entity, error) {
	return call(s, ctx, "ProjectedEntities", func(ctx context.Context) ([]*store.Entity, error) {
		return s.inner.ProjectedEntities(ctx, ids, p)
	})
}

func (s *Store) ProjectedArticles(ctx context.Context, ids []string, p store.Projection) ([]*store.Article, error) {
	return call(s, ctx, "ProjectedArticles", func(ctx context.Context) ([]*store.Article, error) {
		return s.inner.ProjectedArticles(ctx, ids, p)
	})
}

func (s *Store) Relations(ctx context.Context, ids []string) ([]*store.Relation, error) {
	return call(s, ctx, "Relations", func(ctx context.Context) ([]*store.Relation, error) { return s.inner.Relations(ctx, ids) })
}

func (s *Store) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	return call(s, ctx, "ListEntities", func(ctx context.Context) (*store.Page[*store.Entity], error) { return s.inner.ListEntities(ctx, q) })
}

func (s *Store) ListArticles(ctx context.Context, q store.ArticleQuery) (*store.Page[*store.Article], error) {
	return call(s, ctx, "ListArticles", func(ctx context.Context) (*store.Page[*store.Article], error) { return s.inner.ListArticles(ctx, q) })
}

func (s *Store) ListRelations(ctx context.Context, q store.RelationQuery) (*store.Page[*store.Relation], error) {
	return call(s, ctx, "ListRelations", func(ctx context.Context) (*store.Page[*store.Relation], error) {
		return s.inner.ListRelations(ctx, q)
	})
}

func (s *Store) CountEntities(ctx context.Context, q store.EntityQuery) (int, error) {
	return call(s, ctx, "CountEntities", func(ctx context.Context) (int, error) { return s.inner.CountEntities(ctx, q) })
}

func (s *Store) CountArticles(ctx context.Context, q store.ArticleQuery) (int, error) {
	return call(s, ctx, "CountArticles", func(ctx context.Context) (int, error) { return s.inner.CountArticles(ctx, q) })
}

func (s *Store) CountRelations(ctx context.Context, q store.RelationQuery) (int, error) {
	return call(s, ctx, "CountRelations", func(ctx context.Context) (int, error) { return s.inner.CountRelations(ctx, q) })
}

func (s *Store) RelationsOf(ctx context.Context, qs []store.RelationQuery) ([]*store.Page[*store.Relation], error) {
	return call(s, ctx, "RelationsOf", func(ctx context.Context) ([]*store.Page[*store.Relation], error) {
		return s.inner.RelationsOf(ctx, qs)
	})
}

func (s *Store) CountRelationsOf(ctx context.Context, qs []store.RelationQuery) ([]int, error) {
	return call(s, ctx, "CountRelationsOf", func(ctx context.Context) ([]int, error) { return s.inner.CountRelationsOf(ctx, qs) })
}

func (s *Store) Ping(ctx context.Context) error {
	_, err := call(s, ctx, "Ping", func(ctx context.Context) (struct{}, error) { return struct{}{}, s.inner.Ping(ctx) })
	return err
}

// Close closes the wrapped store, without the hook.
func (s *Store) Close() error { return s.inner.Close() }

func (s *Store) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	return call(s, ctx, "PutArticles", func(ctx context.Context) ([]store.PutResult, error) { return s.inner.PutArticles(ctx, gs) })
}

func (s *Store) ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	return call(s, ctx, "ResolveNames", func(ctx context.Context) (map[string][]string, error) {
		return s.inner.ResolveNames(ctx, t, keys)
	})
}

func (s *Store) ResolveCodes(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	return call(s, ctx, "ResolveCodes", func(ctx context.Context) (map[string][]string, error) {
		return s.inner.ResolveCodes(ctx, t, keys)
	})
}

func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	return call(s, ctx, "Search", func(ctx context.Context) ([]store.SearchHit, error) { return s.inner.Search(ctx, q) })
}

func (s *Store) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	return call(s, ctx, "Expand", func(ctx context.Context) (*store.Expansion, error) {
		return s.inner.Expand(ctx, ids, dir, types, limit)
	})
}

// ExpandLayer is the wrapped store's traverse.LayerExpander, when it is
// one; otherwise it returns no layer, and neighbourhoods use Expand.
func (s *Store) ExpandLayer(ctx context.Context, q traverse.LayerQuery) (*traverse.Layer, error) {
	lx, ok := s.inner.(traverse.LayerExpander)
	if !ok {
		return nil, nil
	}
	return call(s, ctx, "ExpandLayer", func(ctx context.Context) (*traverse.Layer, error) { return lx.ExpandLayer(ctx, q) })
}

func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	return call(s, ctx, "Timeline", func(ctx context.Context) (*store.Page[*store.TimelineItem], error) {
		return s.inner.Timeline(ctx, q)
	})
}

func (s *Store) CountTimeline(ctx context.Context, q store.TimelineQuery) (int, error) {
	return call(s, ctx, "CountTimeline", func(ctx context.Context) (int, error) { return s.inner.CountTimeline(ctx, q) })
}

// between is Between's results as one value.
type between struct {
	rels      []store.DatedRelation
	truncated bool
}

func (s *Store) Between(ctx context.Context, q store.BetweenQuery) ([]store.DatedRelation, bool, error) {
	v, err := call(s, ctx, "Between", func(ctx context.Context) (between, error) {
		rels, truncated, err := s.inner.Between(ctx, q)
		return between{rels, truncated}, err
	})
	return v.rels, v.truncated, err
}

func (s *Store) Stats(ctx context.Context) (*store.GraphStats, error) {
	return call(s, ctx, "Stats", func(ctx context.Context) (*store.GraphStats, error) { return s.inner.Stats(ctx) })
}

// pathFinder is the optional method of an engine that finds shortest paths
// itself (traverse.PathFinder).
type pathFinder interface {
	ShortestPathEdges(ctx context.Context, q store.PathSearch) (*store.PathEdges, error)
}

// ShortestPathEdges forwards to the wrapped store when it finds shortest
// paths itself, and answers errors.ErrUnsupported when it does not.
func (s *Store) ShortestPathEdges(ctx context.Context, q store.PathSearch) (*store.PathEdges, error) {
	f, ok := s.inner.(pathFinder)
	if !ok {
		return nil, errors.ErrUnsupported
	}
	return call(s, ctx, "ShortestPathEdges", func(ctx context.Context) (*store.PathEdges, error) {
		return f.ShortestPathEdges(ctx, q)
	})
}
