package metrics

import (
	"context"
	"time"

	"newsgraph/store"
)

// Store is a store.Store that times every call in StoreCallDuration.
type Store struct {
	store.Store
}

// InstrumentStore wraps s so that its calls are timed.
func InstrumentStore(s store.Store) *Store { return &Store{Store: s} }

// observe records a call that started at start.
func observe(method string, start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	StoreCallDuration.WithLabelValues(method, outcome).Observe(time.Since(start).Seconds())
}

// timed runs a store call and records it.
func timed[T any](method string, call func() (T, error)) (T, error) {
	start := time.Now()
	v, err := call()
	observe(method, start, err)
	return v, err
}

// PutArticle times the wrapped store's PutArticle.
func (s *Store) PutArticle(ctx context.Context, a *store.ArticleGraph) (store.PutResult, error) {
	return timed("PutArticle", func() (store.PutResult, error) { return s.Store.PutArticle(ctx, a) })
}

// DeleteArticle times the wrapped store's DeleteArticle.
func (s *Store) DeleteArticle(ctx context.Context, id string) (store.DeleteResult, error) {
	return timed("DeleteArticle", func() (store.DeleteResult, error) { return s.Store.DeleteArticle(ctx, id) })
}

// Entities times the wrapped store's Entities.
func (s *Store) Entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return timed("Entities", func() ([]*store.Entity, error) { return s.Store.Entities(ctx, ids) })
}

// Articles times the wrapped store's Articles.
func (s *Store) Articles(ctx context.Context, ids []string) ([]*store.Article, error) {
	return timed("Articles", func() ([]*store.Article, error) { return s.Store.Articles(ctx, ids) })
}

// Relations times the wrapped store's Relations.
func (s *Store) Relations(ctx context.Context, ids []string) ([]*store.Relation, error) {
	return timed("Relations", func() ([]*store.Relation, error) { return s.Store.Relations(ctx, ids) })
}

// ListEntities times the wrapped store's ListEntities.
func (s *Store) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	return timed("ListEntities", func() (*store.Page[*store.Entity], error) { return s.Store.ListEntities(ctx, q) })
}

// ListArticles times the wrapped store's ListArticles.
func (s *Store) ListArticles(ctx context.Context, q store.ArticleQuery) (*store.Page[*store.Article], error) {
	return timed("ListArticles", func() (*store.Page[*store.Article], error) { return s.Store.ListArticles(ctx, q) })
}

// ListRelations times the wrapped store's ListRelations.
func (s *Store) ListRelations(ctx context.Context, q store.RelationQuery) (*store.Page[*store.Relation], error) {
	return timed("ListRelations", func() (*store.Page[*store.Relation], error) { return s.Store.ListRelations(ctx, q) })
}

// CountEntities times the wrapped store's CountEntities.
func (s *Store) CountEntities(ctx context.Context, q store.EntityQuery) (int, error) {
	return timed("CountEntities", func() (int, error) { return s.Store.CountEntities(ctx, q) })
}

// CountArticles times the wrapped store's CountArticles.
func (s *Store) CountArticles(ctx context.Context, q store.ArticleQuery) (int, error) {
	return timed("CountArticles", func() (int, error) { return s.Store.CountArticles(ctx, q) })
}

// CountRelations times the wrapped store's CountRelations.
func (s *Store) CountRelations(ctx context.Context, q store.RelationQuery) (int, error) {
	return timed("CountRelations", func() (int, error) { return s.Store.CountRelations(ctx, q) })
}

// RelationsOf times the wrapped store's RelationsOf.
func (s *Store) RelationsOf(ctx context.Context, qs []store.RelationQuery) ([]*store.Page[*store.Relation], error) {
	return timed("RelationsOf", func() ([]*store.Page[*store.Relation], error) { return s.Store.RelationsOf(ctx, qs) })
}

// Ping times the wrapped store's Ping.
func (s *Store) Ping(ctx context.Context) error {
	_, err := timed("Ping", func() (struct{}, error) { return struct{}{}, s.Store.Ping(ctx) })
	return err
}
