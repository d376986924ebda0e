package neo4jstore

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/store"
)

// TestMapErrClassifies checks that a busy or slow Neo4j is not reported as
// an unreachable one.
func TestMapErrClassifies(t *testing.T) {
	s := &Store{}
	type verdict struct{ Unavailable, Overloaded, Timeout bool }
	for _, tc := range []struct {
		name string
		err  error
		late bool // the call's deadline has passed
		want verdict
	}{
		{"transaction timeout", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut"}, false, verdict{Timeout: true}},
		{"transaction timeout (client configuration)", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, false, verdict{Timeout: true}},
		{"connection refused", &neo4j.ConnectivityError{Inner: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}, false, verdict{Unavailable: true}},
		{"transient error", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, false, verdict{Unavailable: true}},
		{"syntax error", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, false, verdict{}},
		// The socket's deadline, set from the call's, may pass before
		// the context says so, and cut a handshake short.
		{"handshake cut by the deadline", errors.New("server did not accept any of the requested Bolt versions"),
			true, verdict{Unavailable: true, Timeout: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.late {
				ctx = deadlinePassed{ctx}
			}
			err := s.mapErr(ctx, "read", tc.err)
			got := verdict{
				Unavailable: errors.Is(err, store.ErrUnavailable),
				Overloaded:  errors.Is(err, store.ErrOverloaded),
				Timeout:     errors.Is(err, context.DeadlineExceeded),
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%v (-want +got):\n%s", err, diff)
			}
		})
	}
}

// deadlinePassed is a context whose deadline has passed but that does not
// say so yet, as a context.WithDeadline is between its deadline and its
// timer.
type deadlinePassed struct{ context.Context }

func (deadlinePassed) Deadline() (time.Time, bool) { return time.Now().Add(-time.Millisecond), true }
