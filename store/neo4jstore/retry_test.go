package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/store"
)

// TestLockConflicts checks which errors a write runs again after the
// driver's retries (lockRetries): conflicts of locks, which Neo4j reports
// as transient, and no other error, transient or not.
func TestLockConflicts(t *testing.T) {
	deadlock := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}
	lockWait := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.LockAcquisitionTimeout"}
	memory := &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"a deadlock past the driver's retries", &neo4j.TransactionExecutionLimit{Errors: []error{deadlock}}, true},
		{"a lock wait that timed out, wrapped", fmt.Errorf("put: %w", lockWait), true},
		{"Neo4j went away after a deadlock", &neo4j.TransactionExecutionLimit{Errors: []error{deadlock, refused}}, false},
		{"another transient error", &neo4j.TransactionExecutionLimit{Errors: []error{memory}}, false},
		{"a refused connection", refused, false},
		{"no error", nil, false},
	}
	for _, tt := range tests {
		if got := lockConflict(tt.err); got != tt.want {
			t.Errorf("%s: lockConflict = %v, want %v", tt.name, got, tt.want)
		}
	}
	// The waits double, with jitter of at most half.
	for try := range lockRetries {
		base := 50 * time.Millisecond << try
		if d := lockBackoff(try); d < base || d >= base+base/2 {
			t.Errorf("lockBackoff(%d) = %v, want in [%v, %v)", try, d, base, base+base/2)
		}
	}
}

func TestErrorClassification(t *testing.T) {
	deadlock := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name        string
		err         error
		unreachable bool
		unavailable bool
	}{
		{name: "deadlock past the driver's retries",
			err:         &neo4j.TransactionExecutionLimit{Errors: []error{deadlock, deadlock}},
			unavailable: true},
		{name: "refused connections past the driver's retries",
			err:         &neo4j.TransactionExecutionLimit{Errors: []error{refused, refused}},
			unreachable: true, unavailable: true},
		{name: "Neo4j went away after a deadlock",
			err:         &neo4j.TransactionExecutionLimit{Errors: []error{deadlock, refused}},
			unreachable: true, unavailable: true},
		{name: "connection lost",
			err:         &neo4j.ConnectivityError{Inner: io.EOF},
			unreachable: true, unavailable: true},
		{name: "wrapped connection lost",
			err:         fmt.Errorf("put: %w", &neo4j.ConnectivityError{Inner: io.EOF}),
			unreachable: true, unavailable: true},
		{name: "a transient error", err: deadlock, unavailable: true},
		{name: "a statement Neo4j refuses", err: syntax},
		{name: "an error of the work itself", err: errors.New("no such article")},
	}
	s := &Store{}
	for _, tt := range tests {
		if got := unreachable(tt.err); got != tt.unreachable {
			t.Errorf("%s: unreachable = %v, want %v", tt.name, got, tt.unreachable)
		}
		got := s.mapErr(context.Background(), "op", tt.err)
		if errors.Is(got, store.ErrUnavailable) != tt.unavailable {
			t.Errorf("%s: mapErr = %v, want unavailable %v", tt.name, got, tt.unavailable)
		}
		// Only the driver makes the error of a commit whose outcome is
		// unknown (a connectivity error it does not deem retryable); none of
		// these is one.
		if commitOutcomeUnknown(tt.err) {
			t.Errorf("%s: commitOutcomeUnknown = true", tt.name)
		}
	}
}

func TestCanceledIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := (&Store{}).mapErr(ctx, "op", &neo4j.ConnectivityError{Inner: io.EOF})
	if !errors.Is(err, store.ErrUnavailable) || !errors.Is(err, context.Canceled) {
		t.Errorf("mapErr with a cancelled context = %v, want store.ErrUnavailable and context.Canceled", err)
	}
}

// TestBusyPoolIsOverloaded holds the only connection of a one-connection
// pool and checks that a call which cannot get one is reported as
// store.ErrOverloaded, not as store.ErrUnavailable: Neo4j is up, only busy.
// The driver's pool timeout is an error of an internal package that busy
// recognises by its type's name; this test is what tells when a driver
// upgrade changes it.
func TestBusyPoolIsOverloaded(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxConnections = 1
	cfg.ConnectTimeout = 300 * time.Millisecond
	s, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()

	// An explicit transaction holds the pool's one connection until it is
	// rolled back.
	sess := s.driver.NewSession(t.Context(), neo4j.SessionConfig{DatabaseName: s.database})
	defer sess.Close(context.Background())
	tx, err := sess.BeginTransaction(t.Context())
	if err != nil {
		t.Fatalf("BeginTransaction: %v", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Run(t.Context(), "RETURN 1", nil); err != nil {
		t.Fatalf("holding the connection: %v", err)
	}

	_, err = s.CountEntities(t.Context(), store.EntityQuery{})
	if !errors.Is(err, store.ErrOverloaded) || errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("a call with no free connection: %v; want store.ErrOverloaded and not store.ErrUnavailable", err)
	}
}
