// Package graph is the GraphQL schema of newsgraph and its resolvers: they
// translate between the schema (schema.graphqls and explore.graphqls at the
// repository root) and the store contract (package store), with
// dataloaders that batch their store calls. It knows nothing of HTTP:
// package server serves the executable schema (NewExecutableSchema), with
// fresh loaders for every operation (WithLoaders, NewLoaders).
//
// Layout: generated/ holds gqlgen's executable schema and model/ the Go
// types of the schema (generated and hand-written); both come from
// go generate ./graph (which also refreshes the schema's ontology enums,
// and then has the executable schema call package marshal where gqlgen's
// runtime would start a goroutine per list item: see graph/marshal).
// schema.resolvers.go holds the resolvers, kept thin: the translation of
// arguments (filters, orders, page sizes) lives in args.go, what resolvers
// share (listing, following relations, loading nodes) in fetch.go, the
// batching in loaders.go, the cost of fields in complexity.go, the
// subscriptions in subscriptions.go and the error codes in package apierr.
// The exploration queries of explore.graphqls (search, paths,
// neighbourhoods, timelines, dyads, statistics) have their resolvers in
// explore.resolvers.go and their argument checks in explore.go; they call
// the store's exploration methods (store.Explorer, part of store.Store).
package graph

//go:generate go run ../ontology/gen -root ..
//go:generate go tool gqlgen generate
//go:generate go run ./marshal/rewrite generated/generated.go model/models_gen.go

import (
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"newsgraph/graph/generated"
	"newsgraph/store"
)

// Resolver is the root of the resolvers' dependencies.
type Resolver struct {
	// Store is the graph the resolvers read and write.
	Store store.Store
	// Feed is what subscriptions follow: the store's change feed, whose
	// events carry cursors (feed.go). Nil: subscriptions answer
	// UNAVAILABLE.
	Feed   Feed
	Logger *slog.Logger
}

// Deps are what the executable schema needs.
type Deps struct {
	// Store is the graph to serve. Required.
	Store store.Store
	// Feed is the change feed subscriptions follow; nil turns them off.
	Feed Feed
	// Logger receives what resolvers log (slog.Default if nil).
	Logger *slog.Logger
}

// NewExecutableSchema returns the executable schema over deps, with the
// cost functions of complexity.go. The operations it runs need loaders in
// their context (WithLoaders).
func NewExecutableSchema(deps Deps) graphql.ExecutableSchema {
	logger := deps.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return generated.NewExecutableSchema(generated.Config{
		Resolvers:  newResolverRoot(&Resolver{Store: deps.Store, Feed: deps.Feed, Logger: logger}),
		Complexity: complexityRoot(),
	})
}
