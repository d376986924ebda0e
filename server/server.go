// Package server is newsgraph's HTTP face: the GraphQL endpoint, the
// GraphiQL page, metrics and the health and readiness probes.
//
//	POST /graphql   GraphQL over HTTP (application/json); with
//	                Accept: text/event-stream, subscriptions as server-sent events
//	GET  /graphql   queries in the URL (query, variables, operationName), and
//	                WebSocket upgrades (graphql-transport-ws, graphql-ws)
//	GET  /          GraphiQL, pointed at /graphql (not in production mode),
//	                served from the binary with its assets under /graphiql/
//	GET  /explore   the graph explorer (package web/explorer), a page that uses
//	                /graphql only; like GraphiQL, not in production mode
//	GET  /export    the graph as jsonl, csv, graphml or gexf (package export)
//	GET  /metrics   Prometheus metrics (package metrics); with
//	                ReadTokenRequired, only to a token
//	GET  /healthz   200 while the process serves
//	GET  /readyz    200 when the store answers (busy or not) and can write,
//	                503 with the reason otherwise
//
// New wraps the store it is given: every call is timed (package metrics),
// bounded in time (Config.StoreTxTimeout) and charged to its request's
// budget of store time (Limits.StoreBudget). Subscribers are fed from the
// store's change feed (package follow, feed.go), so that every write to
// the store reaches them, whichever server or command made it. Every request gets an id
// (X-Request-Id, echoed in the response) that every log line of the request
// carries, and one access log line. Shutdown ends the subscriptions and
// WebSocket connections so that an http.Server's Shutdown can finish; Serve
// does both.
//
// Pages of other origins may use /graphql when their origin is listed
// (Config.CORSOrigins; cors.go).
//
// Layout: server.go holds Config and the routes; graphql.go builds the
// GraphQL handler from package graph's executable schema; transport.go is
// GraphQL over HTTP (GET and POST), gate.go decides whether an operation
// may run (method, token, origin, introspection) and authenticates WebSocket
// connections, limits.go bounds what a request may ask, request.go refuses
// what /graphql does not take, observe.go writes the access log and counts
// requests, admission.go bounds how many run at once. Tokens are in package auth, request ids and log records in
// package reqlog.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"newsgraph/export"
	"newsgraph/graph/apierr"
	"newsgraph/internal/metrics"
	"newsgraph/server/auth"
	"newsgraph/server/reqlog"
	"newsgraph/store"
	"newsgraph/store/follow"
	"newsgraph/web/explorer"
	"newsgraph/web/graphiql"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 2 << 20 // 2 MB
	DefaultReadyTimeout   = 2 * time.Second
	DefaultStoreTxTimeout = 30 * time.Second
)

// Paths the server serves.
const (
	GraphQLPath = "/graphql"
	HealthPath  = "/healthz"
	ReadyPath   = "/readyz"
	MetricsPath = "/metrics"
)

// Config configures the server. Only Store is required; zero values take
// the defaults.
type Config struct {
	// Store is the graph to serve. The server does not close it.
	Store store.Store
	// Logger receives the access log and request errors (slog.Default if
	// nil); every line of a request carries its request_id.
	Logger *slog.Logger

	// APITokens are the bearer tokens that may write (and read, with
	// ReadTokenRequired). Without any, mutations are refused.
	APITokens []string
	// ReadTokenRequired makes queries and subscriptions need a token too.
	ReadTokenRequired bool
	// Production turns off what helps explore the schema: introspection,
	// suggestions in validation errors, and GraphiQL.
	Production bool
	// CORSOrigins are the origins ("https://app.example.org") whose pages
	// may use the API, besides the server's own: over HTTP (CORS) and
	// WebSocket alike. "*" lets pages of any origin read, not write.
	CORSOrigins []string
	// CORSAllowCredentials lets pages of the listed origins send
	// credentials (cookies, TLS client certificates); not with "*".
	CORSAllowCredentials bool

	// Limits bound what one GraphQL request may ask (see Limits for the
	// defaults: 5000 tokens, 300 selections, depth 8, 15 aliases,
	// complexity 50000, 10 s, 10 s of store time).
	Limits Limits
	// MaxBodyBytes caps a request body (DefaultMaxBodyBytes if 0); larger
	// requests are refused with 413.
	MaxBodyBytes int64
	// StoreTxTimeout bounds every store call (DefaultStoreTxTimeout if 0).
	// The command passes the same value to Neo4j as its transaction
	// timeout.
	StoreTxTimeout time.Duration
	// FeedPollInterval is how often the server reads the store's change
	// feed for its subscribers (follow.DefaultInterval if 0): the delay
	// with which a write through another server reaches them.
	FeedPollInterval time.Duration
	// KeepAlive is the interval of keep-alive messages on subscriptions
	// (DefaultKeepAlive if 0).
	KeepAlive time.Duration

	// DisableIntrospection turns GraphQL introspection off (it is on by
	// default, except in Production; GraphiQL needs it).
	DisableIntrospection bool
	// DisableGraphiQL stops serving GraphiQL at / and the explorer at
	// /explore.
	DisableGraphiQL bool
	// ExportMaxRelations bounds the relations one GET /export may read
	// (export.DefaultMaxRelations if 0; no bound if negative).
	ExportMaxRelations int
	// DisableMetrics stops serving /metrics. It answers what queries
	// may: with ReadTokenRequired, only to a token.
	DisableMetrics bool
	// MetricsOperations are the operation names (those of the apps the
	// server is for, at most 200) that the request metrics count under
	// their own name; others count as "other" (metrics.OperationLabels).
	MetricsOperations []string
	// MaxConcurrentRequests bounds the queries and mutations that run at
	// once (DefaultMaxConcurrentRequests() if 0, no bound if negative);
	// subscriptions do not count. Past it, up to MaxQueuedRequests wait
	// at most MaxQueueWait for a slot, and the others are refused at once
	// with 503, Retry-After and OVERLOADED (admission.go).
	MaxConcurrentRequests int
	// MaxQueuedRequests is how many operations may wait for a slot
	// (MaxConcurrentRequests if 0; none if negative).
	MaxQueuedRequests int
	// MaxQueueWait is the longest an operation waits for a slot
	// (DefaultMaxQueueWait if 0).
	MaxQueueWait time.Duration

	// ReadyTimeout bounds the store ping of /readyz (DefaultReadyTimeout
	// if 0).
	ReadyTimeout time.Duration
	// LoaderWait is how long dataloaders collect keys before calling the
	// store (graph.DefaultLoaderWait if 0).
	LoaderWait time.Duration
}

// Server is the HTTP handler of the API, with what it needs to shut down
// cleanly.
type Server struct {
	handler http.Handler
	store   store.Store // the store as wrapped
	follow  *follow.Follower
	logger  *slog.Logger
	admit   *admission

	// closing is done when Shutdown starts: WebSocket and SSE requests
	// end with it.
	closing     context.Context
	stopClosing context.CancelFunc
	shutdown    atomic.Bool
}

// New returns the server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Config.Store is required")
	}
	if err := cfg.withDefaults(); err != nil {
		return nil, err
	}
	p, err := cfg.parse()
	if err != nil {
		return nil, err
	}
	logger := reqlog.NewLogger(cfg.Logger)

	st := metrics.InstrumentStore(budgetedStore(withCallTimeout(cfg.Store, cfg.StoreTxTimeout)))
	s := &Server{logger: logger,
		admit: newAdmission(cfg.MaxConcurrentRequests, cfg.MaxQueuedRequests, cfg.MaxQueueWait)}
	s.closing, s.stopClosing = context.WithCancel(context.Background())
	s.follow = follow.New(s.closing, cfg.Store, follow.Options{
		Interval: cfg.FeedPollInterval, OnDrop: metrics.SubscribersDropped.Inc, Logger: logger,
	})
	s.store = st

	gql := graphQLHandler(&cfg, st, s.follow, logger, p.policy, s.admit)

	mux := http.NewServeMux()
	mux.Handle(GraphQLPath, p.origins.handle(checkRequest(cfg.MaxBodyBytes, s.streams(gql))))
	if !cfg.DisableGraphiQL && !cfg.Production {
		mux.Handle("GET /{$}", graphiql.Handler(GraphQLPath))
		mux.Handle("GET "+graphiql.AssetsPath, graphiql.Handler(GraphQLPath))
		mux.Handle("GET "+explorer.Path, explorer.Handler(GraphQLPath))
		mux.Handle("GET "+explorer.AssetsPath, explorer.Handler(GraphQLPath))
	}
	mux.Handle("GET "+export.Path, export.Handler(st, export.HandlerConfig{
		Auth: p.policy, MaxRelations: cfg.ExportMaxRelations, Logger: logger,
	}))
	if !cfg.DisableMetrics {
		mux.Handle("GET "+MetricsPath, requireRead(p.policy, metrics.Handler()))
	}
	mux.HandleFunc("GET "+HealthPath, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, probeStatus{Status: "ok"})
	})
	mux.HandleFunc("GET "+ReadyPath, s.ready(cfg.Store, cfg.ReadyTimeout))
	s.handler = observe(logger, p.operations, mux)
	return s, nil
}

// Check reports what New would refuse in cfg, a missing Store aside: a
// command calls it before it opens the store.
func (cfg Config) Check() error {
	if err := cfg.withDefaults(); err != nil {
		return err
	}
	_, err := cfg.parse()
	return err
}

// A ConfigError is a field of Config that New refuses, and why.
type ConfigError struct {
	Field string // "CORSOrigins"
	Err   error
}

func (e *ConfigError) Error() string { return "server: Config." + e.Field + ": " + e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// parsed is what New makes of the lists of a Config.
type parsed struct {
	policy     *auth.Policy
	origins    *origins
	operations *metrics.OperationLabels
}

// parse checks the tokens, origins and operation names of cfg.
func (cfg *Config) parse() (*parsed, error) {
	tokens, err := auth.NewTokens(cfg.APITokens)
	if err != nil {
		return nil, &ConfigError{Field: "APITokens", Err: err}
	}
	if cfg.ReadTokenRequired && tokens.Len() == 0 {
		return nil, errors.New("server: Config.ReadTokenRequired needs at least one API token")
	}
	origins, err := newOrigins(cfg.CORSOrigins, cfg.CORSAllowCredentials)
	if err != nil {
		return nil, &ConfigError{Field: "CORSOrigins", Err: err}
	}
	operations, err := metrics.NewOperationLabels(cfg.MetricsOperations)
	if err != nil {
		return nil, &ConfigError{Field: "MetricsOperations", Err: err}
	}
	return &parsed{
		policy:     &auth.Policy{Tokens: tokens, ReadRequired: cfg.ReadTokenRequired},
		origins:    origins,
		operations: operations,
	}, nil
}

// requireRead refuses the requests that may not read (without a token when
// reads need one, or with a wrong token) with 401.
func requireRead(policy *auth.Policy, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := policy.Authorize(policy.Check(r.Header.Get("Authorization")), false); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="newsgraph"`)
			writeError(w, http.StatusUnauthorized, apierr.Unauthenticated, err.Error())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withDefaults checks cfg and fills in its zero fields.
func (cfg *Config) withDefaults() error {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxBodyBytes < 0 {
		return errors.New("server: Config.MaxBodyBytes is negative")
	}
	if cfg.ReadyTimeout == 0 {
		cfg.ReadyTimeout = DefaultReadyTimeout
	}
	if cfg.StoreTxTimeout == 0 {
		cfg.StoreTxTimeout = DefaultStoreTxTimeout
	}
	if cfg.StoreTxTimeout < 0 {
		return errors.New("server: Config.StoreTxTimeout is negative")
	}
	if cfg.MaxConcurrentRequests == 0 {
		cfg.MaxConcurrentRequests = DefaultMaxConcurrentRequests()
	}
	if cfg.MaxQueuedRequests == 0 {
		cfg.MaxQueuedRequests = max(cfg.MaxConcurrentRequests, 0)
	}
	if cfg.MaxQueueWait == 0 {
		cfg.MaxQueueWait = DefaultMaxQueueWait
	}
	if cfg.MaxQueueWait < 0 {
		return &ConfigError{Field: "MaxQueueWait", Err: fmt.Errorf("must not be negative, got %s", cfg.MaxQueueWait)}
	}
	return nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Store is the store as the server wraps it (timed, bounded in time).
// Writes reach subscribers through whichever store value they are made:
// subscribers follow the store's change feed.
func (s *Server) Store() store.Store { return s.store }

// Subscribers is how many subscriptions are open.
func (s *Server) Subscribers() int { return s.follow.Subscribers() }

// CloseSubscriptions ends every subscription with an UNAVAILABLE error
// and refuses new ones; Shutdown calls it.
func (s *Server) CloseSubscriptions() { s.follow.Close() }

// Shutdown ends every subscription and WebSocket connection, and makes
// /readyz answer 503, so that an http.Server's Shutdown, which waits for
// requests in flight, can finish. Queries and mutations in flight are not
// interrupted. It does not close the store.
func (s *Server) Shutdown(context.Context) error {
	if s.shutdown.Swap(true) {
		return nil
	}
	s.logger.Info("ending subscriptions", "open", s.Subscribers())
	// Streams first: their subscriptions then end quietly with their
	// requests, rather than with an error sent to a closing connection.
	s.stopClosing()
	s.CloseSubscriptions()
	return nil
}

// Timeouts of the http.Server that Serve runs. Streams (WebSocket, SSE)
// are exempt from the write timeout.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 2 * time.Minute
	// ShutdownTimeout is how long requests in flight get to finish.
	ShutdownTimeout = 15 * time.Second
)

// Serve serves on ln until ctx is done, then shuts down gracefully:
// subscriptions end, requests in flight get ShutdownTimeout to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	srv.RegisterOnShutdown(func() { _ = s.Shutdown(context.Background()) })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// streams prepares the long-lived requests, WebSocket upgrades and
// server-sent event streams: they end when Shutdown starts, and are exempt
// from the http.Server's write timeout.
func (s *Server) streams(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isStream(r) {
			next.ServeHTTP(w, r)
			return
		}
		if s.shutdown.Load() {
			writeError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "the server is shutting down")
			return
		}
		_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		stop := context.AfterFunc(s.closing, cancel)
		defer stop()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// isStream reports whether a request opens a stream: a WebSocket upgrade,
// or a POST that accepts server-sent events.
func isStream(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" ||
		(r.Method == http.MethodPost && acceptsEventStream(r.Header.Get("Accept")))
}

// probeStatus is the body of /healthz and /readyz.
type probeStatus struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// ready answers /readyz with the store's Ping, made directly on the store:
// not through admission control, so that a server at its bound of
// concurrent requests still answers, and a busy store counts as ready. A
// store that cannot write (writeChecker) is not ready.
func (s *Server) ready(st store.Store, timeout time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.shutdown.Load() {
			writeJSON(w, http.StatusServiceUnavailable, probeStatus{Status: "unavailable", Reason: "the server is shutting down"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		err := st.Ping(ctx)
		if errors.Is(err, store.ErrOverloaded) {
			// Busy, not gone: pulling the instance would only move its
			// load elsewhere.
			writeJSON(w, http.StatusOK, probeStatus{Status: "ok", Reason: "the store is busy"})
			return
		}
		if err != nil {
			s.logger.WarnContext(ctx, "readyz: store not ready", "error", err)
			reason := "the store does not answer"
			if errors.Is(err, context.DeadlineExceeded) {
				reason = fmt.Sprintf("the store did not answer within %s", timeout)
			}
			writeJSON(w, http.StatusServiceUnavailable, probeStatus{Status: "unavailable", Reason: reason})
			return
		}
		if ws, ok := st.(writeChecker); ok {
			if err := ws.WriteError(); err != nil {
				s.logger.ErrorContext(ctx, "readyz: store cannot write", "error", err)
				writeJSON(w, http.StatusServiceUnavailable, probeStatus{Status: "unavailable", Reason: "the store cannot write (its storage refuses writes)"})
				return
			}
		}
		writeJSON(w, http.StatusOK, probeStatus{Status: "ok"})
	}
}

// writeChecker is a store that can tell that it cannot write (the
// embedded store, whose log may find its disk full).
type writeChecker interface {
	WriteError() error
}
