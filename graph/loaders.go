package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vikstrous/dataloadgen"

	"newsgraph/store"
)

// Loaders batch the store calls of one GraphQL operation: every nested
// field that looks nodes up by id (Relation.source, Evidence.article, ...)
// or lists an entity's relations (Entity.relations, Meeting.participants,
// ...) goes through them, so a level of the response costs one store call
// however many parents it has. They also cache within the operation. The
// handler puts fresh Loaders in the context of each operation.
type Loaders struct {
	Entities  *dataloadgen.Loader[string, *store.Entity]
	Articles  *dataloadgen.Loader[string, *store.Article]
	Relations *dataloadgen.Loader[string, *store.Relation]
	// RelationsOf answers relation queries (typically one per entity)
	// with one store.RelationsOf call.
	RelationsOf *dataloadgen.Loader[RelationsKey, *store.Page[*store.Relation]]
	// CountRelations counts for relation queries with one
	// store.CountRelationsOf call.
	CountRelations *dataloadgen.Loader[RelationsKey, int]
}

// DefaultLoaderWait is how long a loader collects keys before it calls the
// store. gqlgen resolves the items of a list on goroutines of their own,
// which ask their loaders within microseconds of each other, so a level is
// collected in well under a millisecond on an idle machine. Every level of
// a response waits this long once: 16 ms made three levels cost 48 ms of
// idle time. BenchmarkQueries (graph/bench_test.go) measured, on the
// embedded store, query d at 55 ms with 16 ms, 25 ms with 4 ms and 11 ms
// with 1 ms; at 1 ms a level is sometimes read in two or three calls
// rather than one (query b: 7 store calls instead of 4), each still a
// batch, and the batches run at the same time.
const DefaultLoaderWait = time.Millisecond

// NewLoaders makes the loaders of one operation. wait is how long each
// loader collects keys before calling the store (DefaultLoaderWait if 0).
func NewLoaders(s store.Store, wait time.Duration) *Loaders {
	if wait <= 0 {
		wait = DefaultLoaderWait
	}
	opt := dataloadgen.WithWait(wait)
	return &Loaders{
		Entities:       dataloadgen.NewLoader(byID(s.Entities), opt),
		Articles:       dataloadgen.NewLoader(byID(s.Articles), opt),
		Relations:      dataloadgen.NewLoader(byID(s.Relations), opt),
		RelationsOf:    dataloadgen.NewLoader(batchOf(s.RelationsOf), opt),
		CountRelations: dataloadgen.NewLoader(batchOf(s.CountRelationsOf), opt),
	}
}

// byID adapts a store lookup by ids to a loader's fetch function.
func byID[T any](lookup func(context.Context, []string) ([]*T, error)) func(context.Context, []string) ([]*T, []error) {
	return func(ctx context.Context, ids []string) ([]*T, []error) {
		out, err := lookup(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return out, nil
	}
}

// RelationsKey is a relation query in a form a loader can key on: the
// query's entity, and the rest of it serialised.
type RelationsKey struct {
	Entity string
	Query  string
}

// KeyOf is the loader key of a relation query.
func KeyOf(q store.RelationQuery) RelationsKey {
	entity := q.Entity
	q.Entity = ""
	b, err := json.Marshal(q)
	if err != nil {
		// The query holds only strings, numbers, booleans and slices.
		panic(fmt.Sprintf("graph: relation query does not marshal: %v", err))
	}
	return RelationsKey{Entity: entity, Query: string(b)}
}

// query is the relation query a key stands for.
func (k RelationsKey) query() (store.RelationQuery, error) {
	var q store.RelationQuery
	if err := json.Unmarshal([]byte(k.Query), &q); err != nil {
		return q, fmt.Errorf("graph: bad relations key %q: %w", k.Query, err)
	}
	q.Entity = k.Entity
	return q, nil
}

// batchOf adapts a store call that answers relation queries at once
// (RelationsOf, CountRelationsOf) to a loader's fetch function.
func batchOf[T any](call func(context.Context, []store.RelationQuery) ([]T, error)) func(context.Context, []RelationsKey) ([]T, []error) {
	return func(ctx context.Context, keys []RelationsKey) ([]T, []error) {
		qs := make([]store.RelationQuery, len(keys))
		for i, k := range keys {
			q, err := k.query()
			if err != nil {
				return nil, []error{err}
			}
			qs[i] = q
		}
		out, err := call(ctx, qs)
		if err != nil {
			return nil, []error{err}
		}
		return out, nil
	}
}

type loadersKey struct{}

// WithLoaders returns a context carrying loaders.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loadersFrom returns the loaders of the operation. Serving the schema
// without them (that is, not through NewHandler) is a programming error.
func loadersFrom(ctx context.Context) *Loaders {
	l, ok := ctx.Value(loadersKey{}).(*Loaders)
	if !ok {
		panic("graph: no loaders in the context; put them there with graph.WithLoaders, as package server does for each operation")
	}
	return l
}
