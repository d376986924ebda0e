package graph

import (
	"context"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"newsgraph/graph/apierr"
	"newsgraph/graph/generated"
	"newsgraph/store"
)

// Options configure the GraphQL handler.
type Options struct {
	// Store is the graph to serve. Required.
	Store store.Store
	// Logger receives internal errors and panics (slog.Default if nil).
	Logger *slog.Logger
	// DisableIntrospection turns schema introspection off (it is on by
	// default).
	DisableIntrospection bool
	// LoaderWait is how long dataloaders collect keys before calling the
	// store (DefaultLoaderWait if 0).
	LoaderWait time.Duration
}

// queryCacheSize is how many parsed queries the handler keeps.
const queryCacheSize = 1000

// NewHandler returns the GraphQL handler: POST (application/json) and GET
// transports, OPTIONS answered, the API's error presenter and recover
// function, fresh dataloaders for every operation and introspection unless
// disabled. It serves any path; package server mounts it at /graphql.
func NewHandler(opts Options) *handler.Server {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	es := generated.NewExecutableSchema(generated.Config{
		Resolvers: &Resolver{Store: opts.Store, Logger: logger},
	})
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	srv.SetErrorPresenter(apierr.Presenter(logger))
	srv.SetRecoverFunc(apierr.Recover(logger))
	if !opts.DisableIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(WithLoaders(ctx, NewLoaders(opts.Store, opts.LoaderWait)))
	})
	return srv
}
