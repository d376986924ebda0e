// Package server is newsgraph's HTTP face: the GraphQL endpoint, the
// GraphiQL page, and the health and readiness probes.
//
//	POST /graphql   GraphQL over HTTP (application/json)
//	GET  /graphql   GraphQL queries in the URL (query, variables, operationName)
//	GET  /          GraphiQL, pointed at /graphql
//	GET  /healthz   200 "ok" while the process serves
//	GET  /readyz    200 "ok" when the store answers, 503 otherwise
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"newsgraph/graph"
	"newsgraph/store"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes = 2 << 20 // 2 MB
	DefaultReadyTimeout = 2 * time.Second
)

// Paths the server serves.
const (
	GraphQLPath = "/graphql"
	HealthPath  = "/healthz"
	ReadyPath   = "/readyz"
)

// Config configures the server. Only Store is required; zero values take
// the defaults.
type Config struct {
	// Store is the graph to serve.
	Store store.Store
	// Logger receives request errors (slog.Default if nil).
	Logger *slog.Logger
	// MaxBodyBytes caps a request body (DefaultMaxBodyBytes if 0); larger
	// requests are refused with 413.
	MaxBodyBytes int64
	// DisableIntrospection turns GraphQL introspection off (it is on by
	// default; GraphiQL needs it).
	DisableIntrospection bool
	// DisableGraphiQL stops serving GraphiQL at /.
	DisableGraphiQL bool
	// ReadyTimeout bounds the store ping of /readyz (DefaultReadyTimeout
	// if 0).
	ReadyTimeout time.Duration
	// LoaderWait is how long dataloaders collect keys before calling the
	// store (graph.DefaultLoaderWait if 0).
	LoaderWait time.Duration
}

// New returns the server's handler.
func New(cfg Config) (http.Handler, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: Config.Store is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxBodyBytes < 0 {
		return nil, errors.New("server: Config.MaxBodyBytes is negative")
	}
	if cfg.ReadyTimeout == 0 {
		cfg.ReadyTimeout = DefaultReadyTimeout
	}

	gql := graph.NewHandler(graph.Options{
		Store:                cfg.Store,
		Logger:               cfg.Logger,
		DisableIntrospection: cfg.DisableIntrospection,
		LoaderWait:           cfg.LoaderWait,
	})

	mux := http.NewServeMux()
	mux.Handle(GraphQLPath, checkRequest(cfg.MaxBodyBytes, gql))
	if !cfg.DisableGraphiQL {
		mux.Handle("GET /{$}", playground.Handler("newsgraph", GraphQLPath))
	}
	mux.HandleFunc("GET "+HealthPath, func(w http.ResponseWriter, _ *http.Request) {
		writeText(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET "+ReadyPath, ready(cfg.Store, cfg.ReadyTimeout, cfg.Logger))
	return mux, nil
}

// ready answers /readyz with the store's Ping.
func ready(s store.Store, timeout time.Duration, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			logger.WarnContext(ctx, "readyz: store not ready", "error", err)
			writeText(w, http.StatusServiceUnavailable, "store unavailable")
			return
		}
		writeText(w, http.StatusOK, "ok")
	}
}

func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body + "\n"))
}
