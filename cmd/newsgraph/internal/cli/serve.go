package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"newsgraph/export"
	"newsgraph/loaders"
	"newsgraph/server"
	"newsgraph/server/auth"
	"newsgraph/store"
	"newsgraph/store/follow"
	"newsgraph/store/neo4jstore"
)

type serveFlags struct {
	addr string
	load []string
	open bool

	// The change feed subscriptions follow.
	feedPoll  time.Duration
	retention store.Retention

	// Safety: who may write, what one request may ask.
	tokenFile         string
	readTokenRequired bool
	production        bool
	corsOrigins       []string
	allowedOrigins    []string // deprecated alias of corsOrigins
	corsCredentials   bool
	metricsOperations []string
	limits            server.Limits
	maxBodyBytes      int64
	storeTimeout      time.Duration
	maxConcurrent     int
	maxQueued         int
	maxQueueWait      time.Duration

	exportMaxRelations int // what one GET /export may read

	memoryLimit string // "auto", "off" or a size (memlimit.go)
}

func newServeCommand(g *globals) *cobra.Command {
	var sf serveFlags
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the GraphQL API and GraphiQL",
		Long: `Serve opens the store and serves the GraphQL API at /graphql and GraphiQL, an
in-browser query editor, at /. With --load, it first loads articles as
"newsgraph load" does (and serves even if some of them fail).

Writes (the ingestArticle and deleteArticle mutations) need an API token,
sent as "Authorization: Bearer <token>"; tokens come from --api-token-file and
NEWSGRAPH_API_TOKENS. Without any, the API is read-only. Every request is
bounded (--max-depth, --max-complexity, --request-timeout...); --production
also turns off introspection, GraphiQL and field suggestions. Pages of other
origins may use the API when --cors-origin lists them. Metrics are at
/metrics, probes at /healthz and /readyz.

SIGINT or SIGTERM (Ctrl-C) stops the server gracefully: subscriptions end,
requests in flight finish, then the store is closed.`,
		Example: `  newsgraph serve --load examples/articles --open
  newsgraph serve --addr 0.0.0.0:8080 --production --api-token-file /run/secrets/newsgraph-tokens
  newsgraph --neo4j-uri neo4j://localhost:7687 serve`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(cmd, "unexpected argument %q (to load articles, use --load PATH)", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd, g, sf)
		},
	}
	f := cmd.Flags()
	f.StringVar(&sf.addr, "addr", env("NEWSGRAPH_ADDR", "127.0.0.1:8080"),
		"address to listen on; port 0 picks a free port (env NEWSGRAPH_ADDR)")
	f.StringArrayVar(&sf.load, "load", nil, "load the articles at this PATH (file, directory or glob) before serving; repeatable")
	f.BoolVar(&sf.open, "open", false, "open GraphiQL in a browser")

	f.StringVar(&sf.tokenFile, "api-token-file", env("NEWSGRAPH_API_TOKEN_FILE", ""),
		"file of API tokens that may write, one per line, # for comments; tokens may also come comma-separated in env NEWSGRAPH_API_TOKENS; without any, mutations are refused (env NEWSGRAPH_API_TOKEN_FILE)")
	f.BoolVar(&sf.readTokenRequired, "read-token-required", envBool("NEWSGRAPH_READ_TOKEN_REQUIRED"),
		"require an API token for queries and subscriptions too (env NEWSGRAPH_READ_TOKEN_REQUIRED)")
	f.BoolVar(&sf.production, "production", envBool("NEWSGRAPH_PRODUCTION"),
		"production mode: no introspection, no GraphiQL, no field suggestions in errors (env NEWSGRAPH_PRODUCTION)")
	f.StringSliceVar(&sf.corsOrigins, "cors-origin", auth.SplitTokenList(env("NEWSGRAPH_CORS_ORIGIN", "")),
		"an origin (http://localhost:5173) whose pages may query, write and subscribe besides the server's own (CORS and WebSocket); repeatable; * lets any origin read but not write (env NEWSGRAPH_CORS_ORIGIN, comma-separated)")
	f.BoolVar(&sf.corsCredentials, "cors-allow-credentials", envBool("NEWSGRAPH_CORS_ALLOW_CREDENTIALS"),
		"let pages of the --cors-origin origins send credentials (cookies); not with * (env NEWSGRAPH_CORS_ALLOW_CREDENTIALS)")
	f.StringSliceVar(&sf.allowedOrigins, "allowed-origin", auth.SplitTokenList(env("NEWSGRAPH_ALLOWED_ORIGINS", "")),
		"deprecated: --cors-origin (env NEWSGRAPH_ALLOWED_ORIGINS)")
	_ = f.MarkDeprecated("allowed-origin", "use --cors-origin, which covers HTTP requests and WebSocket connections alike")
	f.StringSliceVar(&sf.metricsOperations, "metrics-operation", auth.SplitTokenList(env("NEWSGRAPH_METRICS_OPERATIONS", "")),
		"an operation name (CountActors) that /metrics counts under its own name; others count as \"other\"; repeatable (env NEWSGRAPH_METRICS_OPERATIONS, comma-separated)")
	f.IntVar(&sf.limits.MaxDepth, "max-depth", server.DefaultMaxDepth, "most deeply nested selections a request may have; -1 for no limit")
	f.IntVar(&sf.limits.MaxAliases, "max-aliases", server.DefaultMaxAliases, "most aliased fields a request may have; -1 for no limit")
	f.IntVar(&sf.limits.MaxTokens, "max-tokens", server.DefaultMaxTokens, "most lexical tokens a request's document may have; -1 for no limit")
	f.IntVar(&sf.limits.MaxSelections, "max-selections", server.DefaultMaxSelections,
		"most fields and fragments a request may select, fragments counted each time they are spread; -1 for no limit")
	f.IntVar(&sf.limits.MaxComplexity, "max-complexity", server.DefaultMaxComplexity,
		"highest cost a request may have (lists cost their page size times their fields); -1 for no limit")
	f.DurationVar(&sf.limits.RequestTimeout, "request-timeout", server.DefaultRequestTimeout, "longest a query or mutation may run")
	f.DurationVar(&sf.limits.StoreBudget, "store-budget", server.DefaultStoreBudget,
		"most store time a query, mutation or subscription event may spend, its parallel store calls each counted; past it, its remaining fields answer STORE_BUDGET_EXCEEDED; -1ns for no budget")
	f.Int64Var(&sf.maxBodyBytes, "max-body-bytes", server.DefaultMaxBodyBytes, "largest request body accepted")
	f.IntVar(&sf.maxConcurrent, "max-concurrent-requests", 0,
		"most queries and mutations running at once (subscriptions aside); past it they queue, then are refused with 503 OVERLOADED; 0 for the default (8 per CPU, at least 16; on Neo4j at most half its connection pool), -1 for no bound")
	f.IntVar(&sf.maxQueued, "max-queued-requests", 0,
		"most requests waiting for a --max-concurrent-requests slot; 0 for as many as --max-concurrent-requests, -1 for no queue")
	f.DurationVar(&sf.maxQueueWait, "max-queue-wait", server.DefaultMaxQueueWait,
		"longest a queued request waits for a slot before it is refused with 503 OVERLOADED")
	f.DurationVar(&sf.storeTimeout, "store-timeout", server.DefaultStoreTxTimeout, "longest a store call (a Neo4j transaction) may run")
	f.IntVar(&sf.exportMaxRelations, "export-max-relations", export.DefaultMaxRelations,
		"most relations one GET /export may read; -1 for no limit")
	f.StringVar(&sf.memoryLimit, "memory-limit", env("NEWSGRAPH_MEMORY_LIMIT", memoryLimitAuto),
		"soft memory limit of the server: auto (with the embedded store, twice the size of its log, followed as it grows; none when GOMEMLIMIT is set), off, or a size such as 1800MiB or 2GiB (env NEWSGRAPH_MEMORY_LIMIT)")
	f.DurationVar(&sf.feedPoll, "feed-poll", follow.DefaultInterval,
		"how often to read the store's change feed for subscribers: the delay with which a write through another server on the same Neo4j reaches them")
	f.DurationVar(&sf.retention.MaxAge, "feed-max-age", store.DefaultRetention.MaxAge,
		"how long the change feed keeps a change: subscriptions resume from cursors up to this old")
	f.IntVar(&sf.retention.MaxChanges, "feed-max-changes", store.DefaultRetention.MaxChanges,
		"how many changes the change feed keeps at most: subscriptions resume from cursors up to this many changes back")
	return cmd
}

// envBool reads a boolean environment variable ("1", "true"...); anything
// else, or nothing, is false.
func envBool(name string) bool {
	v, err := strconv.ParseBool(os.Getenv(name))
	return err == nil && v
}

// apiTokens gathers the API tokens of --api-token-file and
// NEWSGRAPH_API_TOKENS.
func apiTokens(sf serveFlags) ([]string, error) {
	tokens := auth.SplitTokenList(os.Getenv("NEWSGRAPH_API_TOKENS"))
	if sf.tokenFile != "" {
		more, err := auth.ReadTokenFile(sf.tokenFile)
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, more...)
	}
	return tokens, nil
}

// configFlags are the flags of the fields of server.Config whose errors
// the server reports.
var configFlags = map[string]string{
	"APITokens":         "--api-token-file",
	"CORSOrigins":       "--cors-origin",
	"MetricsOperations": "--metrics-operation",
	"MaxQueueWait":      "--max-queue-wait",
}

func serve(cmd *cobra.Command, g *globals, sf serveFlags) error {
	ctx := contextOf(cmd)
	tokens, err := apiTokens(sf)
	if err != nil {
		return usage(cmd, "%v", err)
	}
	if sf.readTokenRequired && len(tokens) == 0 {
		return usage(cmd, "--read-token-required needs API tokens (--api-token-file or NEWSGRAPH_API_TOKENS)")
	}
	if sf.feedPoll <= 0 || sf.retention.MaxAge <= 0 || sf.retention.MaxChanges <= 0 {
		return usage(cmd, "--feed-poll, --feed-max-age and --feed-max-changes must be more than 0")
	}
	memLimit, err := parseMemoryLimit(sf.memoryLimit)
	if err != nil {
		return usage(cmd, "%v", err)
	}
	g.retention = sf.retention
	cfg := server.Config{
		FeedPollInterval:      sf.feedPoll,
		Logger:                g.logger,
		APITokens:             tokens,
		ReadTokenRequired:     sf.readTokenRequired,
		Production:            sf.production,
		CORSOrigins:           append(slices.Clone(sf.corsOrigins), sf.allowedOrigins...),
		CORSAllowCredentials:  sf.corsCredentials,
		MetricsOperations:     sf.metricsOperations,
		Limits:                sf.limits,
		MaxBodyBytes:          sf.maxBodyBytes,
		StoreTxTimeout:        sf.storeTimeout,
		MaxConcurrentRequests: maxConcurrentRequests(g, sf),
		MaxQueuedRequests:     sf.maxQueued,
		MaxQueueWait:          sf.maxQueueWait,
		ExportMaxRelations:    sf.exportMaxRelations,
	}
	// What the server would refuse is refused before the store is opened.
	if err := cfg.Check(); err != nil {
		var ce *server.ConfigError
		if errors.As(err, &ce) && configFlags[ce.Field] != "" {
			return usage(cmd, "%s: %v", configFlags[ce.Field], ce.Err)
		}
		return usage(cmd, "%v", err)
	}
	defer applyMemoryLimit(ctx, g, memLimit)()
	st, err := openServeStore(ctx, g, sf.storeTimeout)
	if err != nil {
		return err
	}
	defer closeStore(g, st)
	if g.neo4jURI == "" {
		// Without waiting: the server is ready meanwhile.
		go releaseMemory(g.logger)
	}

	cfg.Store = st
	api, err := server.New(cfg)
	if err != nil {
		return fmt.Errorf("set up the API: %w", err)
	}
	if len(tokens) == 0 {
		g.logger.Info("no API tokens: the API is read-only (give --api-token-file or NEWSGRAPH_API_TOKENS to allow writes)")
	}

	if len(sf.load) > 0 {
		imps, err := importers(loaders.Auto, "")
		if err != nil {
			return err
		}
		// Through the server's store, so that subscribers hear of it.
		sink := &loaders.StoreSink{Store: api.Store()}
		rep, err := runLoad(cmd, g, &loaders.Loader{Sink: sink, Importers: imps}, sf.load, api.Store())
		if err != nil {
			return err
		}
		if rep.Failed > 0 {
			g.logger.Warn("some articles failed to load; serving the others", "failed", rep.Failed)
		}
	}

	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", sf.addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	if sf.production {
		fmt.Fprintf(g.stdout, "newsgraph: GraphQL at %sgraphql\n", url)
	} else {
		fmt.Fprintf(g.stdout, "newsgraph: GraphiQL at %s , GraphQL at %sgraphql\n", url, url)
		if sf.open {
			openBrowser(g.logger, url)
		}
	}
	return api.Serve(ctx, ln)
}

// maxConcurrentRequests is the bound of --max-concurrent-requests, with
// its default for the store served: the server's default (8 per CPU, at
// least 16), and on Neo4j at most half the driver's connection pool, since
// a request may hold several connections at once (its store calls run in
// parallel) and /readyz needs one free. Half the pool is more than a
// Neo4j on a machine of this size can run well: its requests share its
// processors, each takes longer, and under load the slowest run past the
// request timeout (bench/README.md, the overload test). A Neo4j on a larger
// machine takes a higher --max-concurrent-requests.
func maxConcurrentRequests(g *globals, sf serveFlags) int {
	if sf.maxConcurrent != 0 || g.neo4jURI == "" {
		return sf.maxConcurrent // 0: the server's default
	}
	return min(server.DefaultMaxConcurrentRequests(), neo4jstore.DefaultMaxConnections/2)
}

// openBrowser tries to open url in the user's browser.
func openBrowser(log *slog.Logger, url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		log.Warn("could not open a browser; open the address yourself", "url", url, "err", err)
		return
	}
	go func() { _ = cmd.Wait() }()
}

// openServeStore opens the store to serve, as openStore does, except that
// Neo4j is opened lazily: serve starts while Neo4j is down, answering 503
// at /readyz and UNAVAILABLE to queries until Neo4j answers, and recovers
// by itself when it does ("load" fails at once instead). Neo4j's
// transaction timeout is the server's store timeout.
func openServeStore(ctx context.Context, g *globals, txTimeout time.Duration) (store.Store, error) {
	if g.neo4jURI == "" {
		return openStore(ctx, g)
	}
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{
		URI:       g.neo4jURI,
		Username:  g.neo4jUser,
		Password:  g.neo4jPassword,
		Database:  g.neo4jDatabase,
		TxTimeout: txTimeout,
		Lazy:      true,
		Logger:    g.logger,
		Retention: g.retention,
	})
	if err != nil {
		return nil, fmt.Errorf("open Neo4j store: %w", err)
	}
	return st, nil
}
