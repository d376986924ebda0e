package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph"
	"newsgraph/graph/apierr"
	"newsgraph/server/auth"
	"newsgraph/server/reqlog"
	"newsgraph/store"
)

// DefaultKeepAlive is the default interval of keep-alive messages on open
// subscriptions.
const DefaultKeepAlive = 15 * time.Second

// persistedQueryCacheSize is how many automatic persisted queries the
// handler remembers (least recently used first out).
const persistedQueryCacheSize = 1000

// queryCacheSize is how many parsed queries the handler keeps.
const queryCacheSize = 1000

// graphQLHandler returns the handler of /graphql. It serves:
//
//   - GraphQL over HTTP: POST (application/json) and GET (queries only),
//     see transport.go;
//   - subscriptions (and any operation) over WebSocket, graphql-transport-ws
//     and the older graphql-ws;
//   - subscriptions over server-sent events: POST with Accept:
//     text/event-stream;
//   - OPTIONS.
//
// Every operation passes the structural limits before it is validated,
// then the operation gate (method, token), then the complexity limit, then
// admission (admission.go); it runs with fresh dataloaders (per event, for subscriptions) and, unless it
// is a subscription, within the request timeout.
//
// st is the store to serve, feed the change feed subscriptions follow,
// policy who may read and write; cfg has its defaults filled in.
func graphQLHandler(cfg *Config, st store.Store, feed graph.Feed, logger *slog.Logger, policy *auth.Policy, admit *admission) http.Handler {
	limits := cfg.Limits.withDefaults()
	keepAlive := cfg.KeepAlive
	if keepAlive <= 0 {
		keepAlive = DefaultKeepAlive
	}
	es := graph.NewExecutableSchema(graph.Deps{Store: st, Feed: feed, Logger: logger})
	srv := handler.New(es)
	srv.AddTransport(transport.Websocket{
		InitFunc:    websocketInit(policy),
		InitTimeout: 10 * time.Second,
		// graphql-ws gets keep-alive messages; graphql-transport-ws gets
		// pings, and a client that answers none within two intervals is
		// disconnected.
		KeepAlivePingInterval: keepAlive,
		PingPongInterval:      keepAlive,
		// The origin is checked before the upgrade (cors.go).
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: coderws.AcceptOptions{InsecureSkipVerify: true},
		},
	})
	srv.AddTransport(sseTransport{transport.SSE{KeepAlivePingInterval: keepAlive}})
	srv.AddTransport(httpTransport{admit: admit})
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	if limits.MaxTokens > 0 {
		srv.SetParserTokenLimit(limits.MaxTokens)
	}
	srv.SetDisableSuggestion(cfg.Production)
	srv.SetErrorPresenter(presenter(logger, cfg.Production, limits.StoreBudget))
	srv.SetRecoverFunc(apierr.Recover(logger))
	introspection := !cfg.Production && !cfg.DisableIntrospection
	if introspection {
		srv.Use(extension.Introspection{})
	}
	// Automatic persisted queries: a client may send a query's SHA-256
	// hash alone once the server has seen the query (GET requests that fit
	// in a URL, cached by proxies); the cache is bounded.
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](persistedQueryCacheSize)})
	srv.Use(newShapeLimits(limits))
	srv.Use(operationGate{policy: policy, introspection: introspection})
	srv.Use(&intRange{})
	if limits.MaxComplexity > 0 {
		srv.Use(extension.FixedComplexityLimit(limits.MaxComplexity))
	}
	srv.AroundOperations(admit.admitOperation)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		ctx = graph.WithLoaders(ctx, graph.NewLoaders(st, cfg.LoaderWait))
		if isSubscription(ctx) {
			return next(ctx)
		}
		ctx = withStoreBudget(ctx, limits.StoreBudget)
		if limits.RequestTimeout <= 0 {
			return next(ctx)
		}
		ctx, cancel := context.WithTimeout(ctx, limits.RequestTimeout)
		responses := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			defer cancel()
			return responses(ctx)
		}
	})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if isSubscription(ctx) {
			// A subscription lives long: each event gets loaders of its
			// own, so that it never sees what an earlier one cached.
			ctx = graph.WithLoaders(ctx, graph.NewLoaders(st, cfg.LoaderWait))
			ctx = withStoreBudget(ctx, limits.StoreBudget)
		}
		return next(ctx)
	})
	return keepUpgradeAuthorization(srv)
}

// isSubscription reports whether the operation of ctx is a subscription.
func isSubscription(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	op := graphql.GetOperationContext(ctx).Operation
	return op != nil && op.Operation == ast.Subscription
}

// presenter is the API's error presenter (apierr.Presenter) that also
// tells the fields stopped by the request's budget of store time
// (STORE_BUDGET_EXCEEDED) from those stopped by its timeout, records each error's code in the request's log record and, in
// production, removes suggestions of names from messages.
func presenter(logger *slog.Logger, production bool, budget time.Duration) graphql.ErrorPresenterFunc {
	present := apierr.Presenter(logger)
	return func(ctx context.Context, err error) *gqlerror.Error {
		e := present(ctx, err)
		if exhausted(ctx) && errors.Is(err, context.DeadlineExceeded) {
			e.Message = fmt.Sprintf("the request used up its budget of %s of store time; ask for less (fewer or smaller lists, an entity or dates to narrow a timeline)", budget)
			e.Extensions["code"] = apierr.StoreBudgetExceeded
		}
		if production {
			e.Message = apierr.StripSuggestion(e.Message)
		}
		code, _ := e.Extensions["code"].(string)
		reqlog.From(ctx).AddError(code)
		return e
	}
}

// keepUpgradeAuthorization keeps the Authorization header of WebSocket
// upgrade requests for the connection's init (websocketInit). Which
// origins may open connections is decided before (cors.go).
func keepUpgradeAuthorization(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := withUpgradeAuthorization(r.Context(), r.Header.Get("Authorization"))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
