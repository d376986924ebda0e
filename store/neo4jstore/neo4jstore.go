package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"newsgraph/store"
)

// Config says how to reach Neo4j.
type Config struct {
	// URI is the server address: bolt://, neo4j:// (routing), or their
	// +s (TLS) and +ssc (TLS, self-signed certificate) variants.
	URI string
	// Username and Password are sent as basic authentication when Password
	// is not empty; otherwise the store connects without authentication.
	Username string
	Password string
	// Database is the database to use; empty means the server's default.
	Database string
	// TxTimeout bounds every transaction on the server; zero means
	// DefaultTxTimeout. A context deadline that comes sooner wins.
	TxTimeout time.Duration
	// Logger receives the store's and the driver's warnings; nil discards
	// them.
	Logger *slog.Logger
}

// DefaultTxTimeout is the transaction timeout when Config.TxTimeout is zero.
const DefaultTxTimeout = 30 * time.Second

// schemaWait is how long Open waits for new indexes to come online.
const schemaWait = 5 * time.Minute

// ConfigFromEnv reads the configuration from NEO4J_URI, NEO4J_USERNAME,
// NEO4J_PASSWORD and NEO4J_DATABASE. The username defaults to "neo4j".
func ConfigFromEnv() Config {
	c := Config{
		URI:      os.Getenv("NEO4J_URI"),
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	if c.Username == "" {
		c.Username = "neo4j"
	}
	return c
}

// Store is a store.Store kept in Neo4j. It is safe for concurrent use.
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	txTimeout time.Duration
}

var _ store.Store = (*Store)(nil)

// Open connects to Neo4j, checks that it answers and sets up the schema
// (constraints and indexes; idempotent). Errors reaching the server wrap
// store.ErrUnavailable.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if strings.TrimSpace(cfg.URI) == "" {
		return nil, fmt.Errorf("neo4jstore: %w: no Neo4j URI given (set NEO4J_URI)", store.ErrInvalid)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.Log = driverLogger{log}
	})
	if err != nil {
		// A malformed URI or an unsupported scheme.
		return nil, fmt.Errorf("neo4jstore: %w: Neo4j URI %q: %v", store.ErrInvalid, redactURI(cfg.URI), err)
	}
	s := &Store{driver: driver, database: cfg.Database, txTimeout: cfg.TxTimeout}
	if s.txTimeout <= 0 {
		s.txTimeout = DefaultTxTimeout
	}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		driver.Close(context.WithoutCancel(ctx))
		return nil, s.mapErr(ctx, "connect to "+redactURI(cfg.URI), err)
	}
	start := time.Now()
	if err := s.setupSchema(ctx); err != nil {
		driver.Close(context.WithoutCancel(ctx))
		return nil, s.mapErr(ctx, "set up schema", err)
	}
	log.Debug("neo4j store open", "uri", redactURI(cfg.URI), "database", cfg.Database,
		"schema", time.Since(start).Round(time.Millisecond))
	return s, nil
}

// Ping reports whether Neo4j answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.mapErr(ctx, "ping", s.driver.VerifyConnectivity(ctx))
}

// Close closes the driver and its connections.
func (s *Store) Close() error {
	return s.driver.Close(context.Background())
}

// session opens a session on the configured database.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.database})
}

// txConfig is the transaction timeout: the configured one, or what is left
// of the context's deadline if that is sooner.
func (s *Store) txConfig(ctx context.Context) func(*neo4j.TransactionConfig) {
	timeout := s.txTimeout
	if d, ok := ctx.Deadline(); ok {
		timeout = min(timeout, max(time.Until(d), time.Millisecond))
	}
	return neo4j.WithTxTimeout(timeout)
}

// read runs work in a managed read transaction (routed to readers, retried on
// transient errors).
func read[T any](ctx context.Context, s *Store, op string, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	v, err := neo4j.ExecuteRead(ctx, sess, work, s.txConfig(ctx))
	return v, s.mapErr(ctx, op, err)
}

// write runs work in a managed write transaction, retried on transient
// errors: work must be safe to run again from the start.
func write[T any](ctx context.Context, s *Store, op string, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	v, err := neo4j.ExecuteWrite(ctx, sess, work, s.txConfig(ctx))
	return v, s.mapErr(ctx, op, err)
}

// Neo4j status codes that mean "try again later" without being marked
// transient.
var unavailableCodes = []string{
	"Neo.ClientError.Transaction.TransactionTimedOut",
	"Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
	"Neo.ClientError.Cluster.NotALeader",
	"Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
}

// mapErr turns a driver error into the store's errors: unreachable server,
// timeouts and exhausted retries wrap store.ErrUnavailable; errors that
// already wrap a store error pass through. The driver's message is kept for
// logs (the API shows only the messages of store.ErrInvalid errors).
func (s *Store) mapErr(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, store.ErrInvalid) || errors.Is(err, store.ErrUnavailable) {
		return err
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("neo4jstore: %s: %w: %w", op, store.ErrUnavailable, ctxErr)
	}
	if isUnavailable(err) {
		return fmt.Errorf("neo4jstore: %s: %w: %v", op, store.ErrUnavailable, err)
	}
	return fmt.Errorf("neo4jstore: %s: %w", op, err)
}

// isUnavailable reports whether err means Neo4j cannot answer now.
func isUnavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var connErr *neo4j.ConnectivityError
	var limitErr *neo4j.TransactionExecutionLimit
	if errors.As(err, &connErr) || errors.As(err, &limitErr) || neo4j.IsRetryable(err) {
		return true
	}
	var dbErr *neo4j.Neo4jError
	if errors.As(err, &dbErr) {
		if strings.HasPrefix(dbErr.Code, "Neo.TransientError.") {
			return true
		}
		for _, c := range unavailableCodes {
			if dbErr.Code == c {
				return true
			}
		}
	}
	return false
}

// redactURI drops any user information from a URI before it is logged.
func redactURI(uri string) string {
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok {
		return uri
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = rest[at+1:]
	}
	return scheme + "://" + rest
}

// driverLogger passes the driver's log lines to slog: errors and warnings as
// warnings (the driver reports errors it then retries), the rest as debug.
type driverLogger struct{ log *slog.Logger }

func (l driverLogger) Error(name, id string, err error) {
	l.log.Warn("neo4j driver", "component", name, "id", id, "err", err)
}

func (l driverLogger) Warnf(name, id, msg string, args ...any) {
	l.logf(slog.LevelWarn, name, id, msg, args)
}

func (l driverLogger) Infof(name, id, msg string, args ...any) {
	l.logf(slog.LevelDebug, name, id, msg, args)
}

func (l driverLogger) Debugf(name, id, msg string, args ...any) {
	l.logf(slog.LevelDebug, name, id, msg, args)
}

func (l driverLogger) logf(level slog.Level, name, id, msg string, args []any) {
	ctx := context.Background()
	if l.log.Enabled(ctx, level) {
		l.log.Log(ctx, level, "neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
	}
}
