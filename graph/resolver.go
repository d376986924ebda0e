// Package graph is the GraphQL schema of newsgraph and its resolvers: they
// translate between the schema (schema.graphqls and explore.graphqls at the
// repository root) and the store contract (package store), with
// dataloaders that batch their store calls. It knows nothing of HTTP:
// package server serves the executable schema (NewExecutableSchema), with
// fresh loaders for every operation (WithLoaders, NewLoaders).
//
// Layout: generated/ holds gqlgen's executable schema and model/ the Go
// types of the schema (generated and hand-written); both come from
// go generate ./graph (which also refreshes the schema's ontology enums).
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

import (
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"newsgraph/graph/generated"
	"newsgraph/store"
	"newsgraph/store/notify"
)

// Events is what the subscriptions listen to: a bus of the store's
// committed writes (notify.Store is one).
type Events interface {
	// Subscribe opens a subscription to the events published from now
	// on; the caller closes it.
	Subscribe() (*notify.Subscription, error)
}

// Resolver is the root of the resolvers' dependencies.
type Resolver struct {
	// Store is the graph the resolvers read and write. For subscribers to
	// hear of writes, it must publish them to Events.
	Store store.Store
	// Events is what subscriptions listen to (nil: subscriptions answer
	// UNAVAILABLE), unless Feed is set.
	Events Events
	// Feed, when set, is what subscriptions follow instead of Events: the
	// store's change feed, whose events carry cursors (feed.go).
	Feed   Feed
	Logger *slog.Logger
}

// Deps are what the executable schema needs.
type Deps struct {
	// Store is the graph to serve. Required.
	Store store.Store
	// Events is the bus subscriptions listen to; nil turns them off
	// unless Feed is set.
	Events Events
	// Feed is the change feed subscriptions follow, in place of Events.
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
		Resolvers:  &Resolver{Store: deps.Store, Events: deps.Events, Feed: deps.Feed, Logger: logger},
		Complexity: complexityRoot(),
	})
}
