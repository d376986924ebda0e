package neo4jstore

import (
	"context"
	"errors"
	"net"
	"testing"

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
		want verdict
	}{
		{"transaction timeout", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut"}, verdict{Timeout: true}},
		{"transaction timeout (client configuration)", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, verdict{Timeout: true}},
		{"connection refused", &neo4j.ConnectivityError{Inner: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}, verdict{Unavailable: true}},
		{"transient error", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, verdict{Unavailable: true}},
		{"syntax error", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, verdict{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.mapErr(context.Background(), "read", tc.err)
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
