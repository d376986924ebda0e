package neo4jstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"sync/atomic"
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
	// ConnectTimeout bounds the wait for a connection: the TCP connect,
	// and taking one from the pool or opening one. Zero means
	// DefaultConnectTimeout. While Neo4j is down, calls fail with
	// store.ErrUnavailable within a few times this (see Store).
	ConnectTimeout time.Duration
	// MaxConnections is the size of the driver's connection pool; zero
	// means DefaultMaxConnections. A call that finds every connection busy
	// for ConnectTimeout fails with store.ErrOverloaded.
	MaxConnections int
	// Lazy lets Open succeed while Neo4j is unreachable: the store then
	// answers store.ErrUnavailable until Neo4j answers, and sets up the
	// schema on its first successful call. Without it, Open fails fast.
	// Other errors (a malformed URI, wrong credentials) fail Open anyway.
	Lazy bool
	// Logger receives the store's and the driver's warnings; nil discards
	// them.
	Logger *slog.Logger
	// Retention bounds the change feed (feed.go); zero fields take
	// store.DefaultRetention's.
	Retention store.Retention
	// StatementLog, when not empty, is a file that the statements the
	// store runs are appended to while it exists (see statementlog.go);
	// when empty, Open takes it from NEWSGRAPH_NEO4J_STATEMENTS. For
	// benchmarks, not for production.
	StatementLog string
}

// DefaultTxTimeout is the transaction timeout when Config.TxTimeout is zero.
const DefaultTxTimeout = 30 * time.Second

// DefaultMaxConnections is the connection pool size when
// Config.MaxConnections is zero (the driver's own default).
const DefaultMaxConnections = 100

// DefaultConnectTimeout is the connection timeout when Config.ConnectTimeout
// is zero.
const DefaultConnectTimeout = 3 * time.Second

// retryTime is the store's one retry layer: the driver's managed
// transactions run a transaction again, with back-off, for up to this long
// on any error the driver deems retryable (neo4j.IsRetryable: a dead pooled
// connection, a refused connection, a deadlock or another transient error
// of Neo4j). It is short so that a failed server is reported within
// seconds; a blip or a deadlock among concurrent writes costs a retry or
// two. Nothing retries past it but a write that met a conflict of locks
// (see lockRetries): the error reaches the caller as
// store.ErrUnavailable, and since every write is idempotent (see write),
// the caller may simply try again.
const retryTime = 2 * time.Second

// lockRetries is how many more times a write runs whose last error was a
// conflict of locks with concurrent writes (lockConflict) once the
// driver's retries have ended: on a busy server the first attempt alone
// can wait for locks past retryTime before Neo4j finds the deadlock, and
// the write would fail without a second one. Such an error says the server
// is up; every write is idempotent, so running it again is safe.
const lockRetries = 5

// lockBackoff is the wait before the retry try of a write after a
// conflict of locks: doubling from 50 ms, with up to half again of
// jitter, so that the writers of a deadlock do not meet again in step.
func lockBackoff(try int) time.Duration {
	d := 50 * time.Millisecond << try
	return d + rand.N(d/2)
}

// lockConflict reports whether err, or the last error of the driver's
// retries, is Neo4j's report of a conflict of locks among concurrent
// transactions: a deadlock, or a lock wait that timed out.
func lockConflict(err error) bool {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		err = limit.Errors[len(limit.Errors)-1]
	}
	var dbErr *neo4j.Neo4jError
	if !errors.As(err, &dbErr) {
		return false
	}
	switch dbErr.Code {
	case "Neo.TransientError.Transaction.DeadlockDetected",
		"Neo.TransientError.Transaction.LockAcquisitionTimeout",
		"Neo.TransientError.Transaction.LockClientStopped":
		return true
	}
	return false
}

// sleepCtx waits for d, or until ctx ends, and reports whether it waited
// the whole of d.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

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
//
// The store outlives Neo4j outages: while Neo4j is unreachable, every call
// fails with an error wrapping store.ErrUnavailable, Ping included: the
// first after a few seconds (ConnectTimeout and retryTime), the next
// ones at once, after a single connectivity check. Once Neo4j answers
// again, calls succeed again, with no restart. The schema is set up by the
// first call that reaches Neo4j (by Open, unless Config.Lazy let it open
// without Neo4j).
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	txTimeout time.Duration
	log       *slog.Logger
	retention store.Retention

	// schemaTurn is a one-slot semaphore: the caller holding it sets up
	// the schema, the others wait (or give up with their context).
	schemaTurn chan struct{}
	schemaDone atomic.Bool
	// down is set when a call found Neo4j unreachable: until Neo4j
	// answers a connectivity check, calls fail at once rather than go
	// through the driver's retries.
	down atomic.Bool
	// committed wakes the feed's followers after every write this store
	// commits.
	committed store.CommitSignal
}

var _ store.Store = (*Store)(nil)

// Open connects to Neo4j, checks that it answers and sets up the schema
// (constraints and indexes; idempotent). Errors reaching the server wrap
// store.ErrUnavailable; with Config.Lazy they are logged instead, and the
// store is returned all the same.
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
	connectTimeout := cfg.ConnectTimeout
	if connectTimeout <= 0 {
		connectTimeout = DefaultConnectTimeout
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.Log = driverLogger{log}
		c.ConnectionAcquisitionTimeout = connectTimeout
		c.SocketConnectTimeout = connectTimeout
		c.MaxTransactionRetryTime = retryTime
		c.MaxConnectionPoolSize = cmp.Or(cfg.MaxConnections, DefaultMaxConnections)
	})
	if err != nil {
		// A malformed URI or an unsupported scheme.
		return nil, fmt.Errorf("neo4jstore: %w: Neo4j URI %q: %v", store.ErrInvalid, redactURI(cfg.URI), err)
	}
	s := &Store{driver: driver, database: cfg.Database, txTimeout: cfg.TxTimeout, log: log,
		schemaTurn: make(chan struct{}, 1), retention: cfg.Retention}
	if s.txTimeout <= 0 {
		s.txTimeout = DefaultTxTimeout
	}
	setStatementLog(cmp.Or(cfg.StatementLog, os.Getenv(StatementLogEnv)))
	uri := redactURI(cfg.URI)
	if err := s.Ping(ctx); err != nil {
		if cfg.Lazy && errors.Is(err, store.ErrUnavailable) && ctx.Err() == nil {
			log.Warn("Neo4j does not answer yet: calls fail as unavailable until it does",
				"uri", uri, "err", err)
			return s, nil
		}
		driver.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("Neo4j at %s: %w", uri, err)
	}
	log.Debug("neo4j store open", "uri", uri, "database", cfg.Database)
	return s, nil
}

// Ping reports whether Neo4j answers, and sets up the schema if no call
// has yet.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return s.mapErr(ctx, "connect", err)
	}
	return s.ensureSchema(ctx)
}

// ensureSchema sets up the schema unless it is done: once, by the first
// caller that reaches Neo4j; a failed attempt is tried again by the next
// call.
func (s *Store) ensureSchema(ctx context.Context) error {
	if s.schemaDone.Load() {
		return nil
	}
	select {
	case s.schemaTurn <- struct{}{}:
		defer func() { <-s.schemaTurn }()
	case <-ctx.Done():
		return s.mapErr(ctx, "wait for the schema set-up", ctx.Err())
	}
	if s.schemaDone.Load() {
		return nil
	}
	start := time.Now()
	if err := s.setupSchema(ctx); err != nil {
		return s.mapErr(ctx, "set up schema", err)
	}
	s.schemaDone.Store(true)
	s.log.Debug("neo4j schema set up", "took", time.Since(start).Round(time.Millisecond))
	return nil
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
	return transact(ctx, s, neo4j.AccessModeRead, op, work)
}

// write runs work in a managed write transaction, retried on transient
// errors: work must be safe to run again from the start.
//
// When the connection dies during COMMIT, nobody can tell whether the
// transaction was committed; the driver does not run it again, and the
// error says so (see commitOutcomeUnknown). Trying again is safe because
// every write of the store is idempotent: an article is written whole, by
// id and content hash, so writing it twice leaves the graph as writing it
// once. A PutArticle whose first commit went through then reports
// Unchanged, a DeleteArticle not found.
func write[T any](ctx context.Context, s *Store, op string, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return transact(ctx, s, neo4j.AccessModeWrite, op, work)
}

// transact runs work in a managed transaction, with the driver's retries
// (see retryTime), setting up the schema first if need be.
func transact[T any](ctx context.Context, s *Store, mode neo4j.AccessMode, op string, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	if s.down.Load() {
		if err := s.driver.VerifyConnectivity(ctx); err != nil {
			return zero, s.mapErr(ctx, op, err)
		}
		s.down.Store(false)
	}
	if err := s.ensureSchema(ctx); err != nil {
		return zero, err
	}
	var bookmarks neo4j.Bookmarks
	waitCtx := ctx
	if token := store.ReadToken(ctx); token != "" && mode == neo4j.AccessModeRead {
		var err error
		if bookmarks, err = tokenBookmarks(token); err != nil {
			return zero, err
		}
		var cancel context.CancelFunc
		waitCtx, cancel = context.WithTimeout(ctx, store.ConsistencyWait)
		defer cancel()
	}
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.database, Bookmarks: bookmarks})
	defer sess.Close(context.WithoutCancel(ctx))
	var v T
	var err error
	if mode == neo4j.AccessModeRead {
		v, err = neo4j.ExecuteRead(waitCtx, sess, work, s.txConfig(waitCtx))
	} else {
		v, err = neo4j.ExecuteWrite(ctx, sess, work, s.txConfig(ctx))
		for try := 0; try < lockRetries && lockConflict(err) && sleepCtx(ctx, lockBackoff(try)); try++ {
			v, err = neo4j.ExecuteWrite(ctx, sess, work, s.txConfig(ctx))
		}
	}
	if err != nil {
		if bookmarks != nil && ctx.Err() == nil && (notVisible(err) || waitCtx.Err() != nil) {
			return zero, fmt.Errorf("neo4jstore: %s: %w after %s", op, store.ErrNotVisible, store.ConsistencyWait)
		}
		if unreachable(err) && ctxErr(ctx) == nil {
			s.down.Store(true)
		}
		return zero, s.mapErr(ctx, op, err)
	}
	if mode == neo4j.AccessModeWrite {
		store.RecordToken(ctx, bookmarkToken(sess.LastBookmarks()))
		s.committed.Notify()
	}
	return v, nil
}

// unreachable reports whether err says that Neo4j could not be reached, as
// opposed to an error Neo4j answered with: a connectivity error, or the
// driver's retries exhausted with a last error that Neo4j did not send.
func unreachable(err error) bool {
	if busy(err) {
		return false
	}
	var connErr *neo4j.ConnectivityError
	if errors.As(err, &connErr) {
		return true
	}
	var limit *neo4j.TransactionExecutionLimit
	if !errors.As(err, &limit) || len(limit.Errors) == 0 {
		return false
	}
	var dbErr *neo4j.Neo4jError
	return !errors.As(limit.Errors[len(limit.Errors)-1], &dbErr)
}

// commitOutcomeUnknown reports whether err says that the connection died
// during COMMIT. The driver reports it as the one connectivity error it
// does not deem retryable (neo4j.IsRetryable holds of every other).
func commitOutcomeUnknown(err error) bool {
	var connErr *neo4j.ConnectivityError
	return errors.As(err, &connErr) && !neo4j.IsRetryable(connErr)
}

// Neo4j status codes that mean "try again later" without being marked
// transient.
var unavailableCodes = []string{
	"Neo.ClientError.Cluster.NotALeader",
	"Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
}

// mapErr turns a driver error into the store's errors: a server that is up
// but has no connection free in time wraps store.ErrOverloaded, Neo4j's
// transaction timeout context.DeadlineExceeded; unreachable server, other
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
	if busy(err) {
		// Before the context's end: a call whose deadline passed while
		// it waited for a connection met a busy Neo4j, not a missing one
		// (a /readyz ping among them).
		return fmt.Errorf("neo4jstore: %s: %w: %v", op, store.ErrOverloaded, err)
	}
	if ctxErr := ctxErr(ctx); ctxErr != nil {
		return fmt.Errorf("neo4jstore: %s: %w: %w", op, store.ErrUnavailable, ctxErr)
	}
	if commitOutcomeUnknown(err) {
		return fmt.Errorf("neo4jstore: %s: %w: the connection was lost during commit, so whether it was "+
			"committed is unknown (writing again is safe): %v", op, store.ErrUnavailable, err)
	}
	if txTimedOut(err) {
		return fmt.Errorf("neo4jstore: %s: %w (Neo4j's transaction timeout): %v", op, context.DeadlineExceeded, err)
	}
	if isUnavailable(err) {
		return fmt.Errorf("neo4jstore: %s: %w: %v", op, store.ErrUnavailable, err)
	}
	return fmt.Errorf("neo4jstore: %s: %w", op, err)
}

// ctxErr is the error of ctx, or context.DeadlineExceeded once its
// deadline has passed, even before ctx says so: the driver's socket
// deadlines, set from it, may pass first, and then fail the call with
// errors of their own (a Bolt handshake cut short reads as a server that
// offers no Bolt version). Such a call ran out of time; Neo4j is not
// down.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

// busy reports whether err says that Neo4j is up but the call got no
// turn: on every attempt, each pooled connection stayed taken for the
// whole acquisition timeout. The driver's wait in its pool queue ends with
// the context's own error; a connection that could not be opened (Neo4j
// unreachable) ends with a network error instead.
func busy(err error) bool {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		if len(limit.Errors) == 0 {
			return false
		}
		for _, e := range limit.Errors {
			if !busy(e) {
				return false
			}
		}
		return true
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if c, ok := e.(*neo4j.ConnectivityError); ok && c.Inner != nil {
			e = c.Inner
		}
		// The driver's pool errors are of an internal package, known
		// here by name only.
		if fmt.Sprintf("%T", e) == "*errorutil.PoolTimeout" {
			return strings.HasSuffix(e.Error(), ": "+context.DeadlineExceeded.Error())
		}
	}
	return false
}

// txTimedOut reports whether Neo4j stopped a transaction that outlived
// its timeout: the call took too long, Neo4j is up.
func txTimedOut(err error) bool {
	var dbErr *neo4j.Neo4jError
	return errors.As(err, &dbErr) && (dbErr.Code == "Neo.ClientError.Transaction.TransactionTimedOut" ||
		dbErr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")
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
