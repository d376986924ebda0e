package neo4jstore

import (
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestRetryClassification(t *testing.T) {
	deadlock := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name                  string
		err                   error
		runAgain, unreachable bool
	}{
		{name: "deadlock past the driver's retries",
			err:      &neo4j.TransactionExecutionLimit{Errors: []error{deadlock, deadlock}},
			runAgain: true},
		{name: "refused connections past the driver's retries",
			err:         &neo4j.TransactionExecutionLimit{Errors: []error{refused, refused}},
			unreachable: true},
		{name: "Neo4j went away after a deadlock",
			err:         &neo4j.TransactionExecutionLimit{Errors: []error{deadlock, refused}},
			unreachable: true},
		{name: "connection lost",
			err:         &neo4j.ConnectivityError{Inner: io.EOF},
			unreachable: true},
		{name: "wrapped connection lost",
			err:         fmt.Errorf("put: %w", &neo4j.ConnectivityError{Inner: io.EOF}),
			unreachable: true},
		{name: "a statement Neo4j refuses", err: syntax},
		{name: "an error of the work itself", err: errors.New("no such article")},
	}
	for _, tt := range tests {
		if got := runAgain(tt.err); got != tt.runAgain {
			t.Errorf("%s: runAgain = %v, want %v", tt.name, got, tt.runAgain)
		}
		if got := unreachable(tt.err); got != tt.unreachable {
			t.Errorf("%s: unreachable = %v, want %v", tt.name, got, tt.unreachable)
		}
		// Only the driver makes the error of a commit whose outcome is
		// unknown; none of these is one.
		if commitOutcomeUnknown(tt.err) {
			t.Errorf("%s: commitOutcomeUnknown = true", tt.name)
		}
	}
}
