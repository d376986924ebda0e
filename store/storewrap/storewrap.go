// Package storewrap decorates a store.Store with a hook that runs around
// every call: timing (package metrics), deadlines (package server), or
// anything else that treats every method alike.
//
// The wrapper implements the store's optional interfaces too
// (store.BatchWriter, store.Explorer, store.NameResolver), which callers
// find by type assertion, so wrapping never hides what an engine can do.
// Against a store without them, PutArticles puts the articles one by one,
// ResolveNames resolves nothing and the Explorer methods fail with
// store.ErrInvalid.
package storewrap

import (
	"context"
	"fmt"

	"newsgraph/ontology"
	"newsgraph/store"
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

var (
	_ store.Store        = (*Store)(nil)
	_ store.BatchWriter  = (*Store)(nil)
	_ store.Explorer     = (*Store)(nil)
	_ store.NameResolver = (*Store)(nil)
)

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

func (s *Store) Ping(ctx context.Context) error {
	_, err := call(s, ctx, "Ping", func(ctx context.Context) (struct{}, error) { return struct{}{}, s.inner.Ping(ctx) })
	return err
}

// Close closes the wrapped store, without the hook.
func (s *Store) Close() error { return s.inner.Close() }

// PutArticles is the wrapped store's, or PutArticle after PutArticle.
func (s *Store) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	return call(s, ctx, "PutArticles", func(ctx context.Context) ([]store.PutResult, error) {
		if bw, ok := s.inner.(store.BatchWriter); ok {
			return bw.PutArticles(ctx, gs)
		}
		return PutOneByOne(ctx, s.inner, gs)
	})
}

// PutOneByOne is store.BatchWriter's PutArticles for a store without
// batches: the articles one after the other, each all or nothing.
func PutOneByOne(ctx context.Context, st store.Store, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	results := make([]store.PutResult, len(gs))
	errs := make([]error, len(gs))
	failed := false
	for i, g := range gs {
		results[i], errs[i] = st.PutArticle(ctx, g)
		failed = failed || errs[i] != nil
	}
	if failed {
		return results, &store.BatchError{Errs: errs}
	}
	return results, nil
}

// ResolveNames is the wrapped store's, or resolves nothing.
func (s *Store) ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	return call(s, ctx, "ResolveNames", func(ctx context.Context) (map[string][]string, error) {
		if nr, ok := s.inner.(store.NameResolver); ok {
			return nr.ResolveNames(ctx, t, keys)
		}
		return map[string][]string{}, nil
	})
}

// Explorer returns the Explorer of st, or an error saying it has none.
func Explorer(st store.Store) (store.Explorer, error) {
	if x, ok := st.(store.Explorer); ok {
		return x, nil
	}
	return nil, fmt.Errorf("%w: this store cannot answer exploration queries", store.ErrInvalid)
}

// explore runs an Explorer method of the wrapped store through the hook.
func explore[T any](s *Store, ctx context.Context, method string, f func(store.Explorer, context.Context) (T, error)) (T, error) {
	return call(s, ctx, method, func(ctx context.Context) (T, error) {
		x, err := Explorer(s.inner)
		if err != nil {
			var zero T
			return zero, err
		}
		return f(x, ctx)
	})
}

func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	return explore(s, ctx, "Search", func(x store.Explorer, ctx context.Context) ([]store.SearchHit, error) { return x.Search(ctx, q) })
}

func (s *Store) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	return explore(s, ctx, "Expand", func(x store.Explorer, ctx context.Context) (*store.Expansion, error) {
		return x.Expand(ctx, ids, dir, types, limit)
	})
}

func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	return explore(s, ctx, "Timeline", func(x store.Explorer, ctx context.Context) (*store.Page[*store.TimelineItem], error) {
		return x.Timeline(ctx, q)
	})
}

func (s *Store) CountTimeline(ctx context.Context, q store.TimelineQuery) (int, error) {
	return explore(s, ctx, "CountTimeline", func(x store.Explorer, ctx context.Context) (int, error) { return x.CountTimeline(ctx, q) })
}

// between is Between's results as one value.
type between struct {
	rels      []store.DatedRelation
	truncated bool
}

func (s *Store) Between(ctx context.Context, a, b string, limit int) ([]store.DatedRelation, bool, error) {
	v, err := explore(s, ctx, "Between", func(x store.Explorer, ctx context.Context) (between, error) {
		rels, truncated, err := x.Between(ctx, a, b, limit)
		return between{rels, truncated}, err
	})
	return v.rels, v.truncated, err
}

func (s *Store) Stats(ctx context.Context) (*store.GraphStats, error) {
	return explore(s, ctx, "Stats", func(x store.Explorer, ctx context.Context) (*store.GraphStats, error) { return x.Stats(ctx) })
}
