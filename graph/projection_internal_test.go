package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestOnlyQueriesAreProjected checks that mutations and subscriptions get
// whole nodes, and so does a context without an operation.
func TestOnlyQueriesAreProjected(t *testing.T) {
	for _, op := range []ast.Operation{ast.Mutation, ast.Subscription} {
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
			Operation: &ast.OperationDefinition{Operation: op}})
		if got := operationProjection(ctx); got != (projection{}) {
			t.Errorf("%s: projection %+v, want none", op, got)
		}
	}
	if got := operationProjection(context.Background()); got != (projection{}) {
		t.Errorf("no operation: projection %+v, want none", got)
	}
}
