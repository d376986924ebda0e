// Package graph is the GraphQL layer of newsgraph: the resolvers that
// translate between the schema (schema.graphqls at the repository root) and
// the store contract (package store), the dataloaders that batch their
// store calls, and the handler that serves them.
//
// Layout: generated/ holds gqlgen's executable schema and model/ the Go
// types of the schema (generated and hand-written); both come from
// go generate ./graph (which also refreshes the schema's ontology enums).
// schema.resolvers.go holds the resolvers, kept thin: the translation of
// arguments (filters, orders, page sizes) lives in args.go, what resolvers
// share (listing, following relations, loading nodes) in fetch.go, the
// batching in loaders.go, the error codes in package apierr and the
// handler in handler.go. The exploration queries of explore.graphqls
// (search, paths, neighbourhoods, timelines, dyads, statistics) have their
// resolvers in explore.resolvers.go and their argument checks in
// explore.go; they reach the store's store.Explorer by asserting it on
// Store.
package graph

//go:generate go run ../ontology/gen -root ..
//go:generate go tool gqlgen generate

import (
	"log/slog"

	"newsgraph/store"
	"newsgraph/store/notify"
)

// Resolver is the root of the resolvers' dependencies.
type Resolver struct {
	Store store.Store
	// Events is what subscriptions listen to (nil: no subscriptions).
	Events *notify.Store
	Logger *slog.Logger
}
