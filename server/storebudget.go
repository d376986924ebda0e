package server

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"newsgraph/store"
	"newsgraph/store/storewrap"
)

// This file is the budget of store time of an operation
// (Limits.StoreBudget): the summed time of the store calls it makes, its
// parallel calls each counted. A call runs with what is left of the budget
// as its deadline, and once the budget is spent, further calls fail at
// once; the fields they were for answer STORE_BUDGET_EXCEEDED (see
// presenter in graphql.go). The request timeout bounds the operation's
// time on the clock; the budget bounds the work it gives the store, which
// a request resolving many fields in parallel can make much larger.

// errStoreBudget is the cause of a store call's context ended by the
// budget.
var errStoreBudget = errors.New("the request's budget of store time is spent")

// storeBudget is the store time one operation may still spend.
type storeBudget struct {
	limit time.Duration
	spent atomic.Int64 // nanoseconds
	over  atomic.Bool  // a call was refused or stopped by the budget
}

type storeBudgetKey struct{}

// withStoreBudget gives an operation's context a budget of limit; none
// when limit is not positive.
func withStoreBudget(ctx context.Context, limit time.Duration) context.Context {
	if limit <= 0 {
		return ctx
	}
	return context.WithValue(ctx, storeBudgetKey{}, &storeBudget{limit: limit})
}

func storeBudgetFrom(ctx context.Context) *storeBudget {
	b, _ := ctx.Value(storeBudgetKey{}).(*storeBudget)
	return b
}

// exhausted reports whether the operation of ctx was stopped by its
// budget.
func exhausted(ctx context.Context) bool {
	b := storeBudgetFrom(ctx)
	return b != nil && b.over.Load()
}

// budgetedStore charges every store call to the budget of its context, if
// it has one. Ping is not charged.
func budgetedStore(s store.Store) store.Store {
	return storewrap.New(s, func(ctx context.Context, method string) (context.Context, func(error)) {
		b := storeBudgetFrom(ctx)
		if b == nil || method == "Ping" {
			return ctx, func(error) {}
		}
		left := b.limit - time.Duration(b.spent.Load())
		if left <= 0 {
			b.over.Store(true)
		}
		// A deadline already past ends the context at once: the call
		// fails before it reaches the store.
		ctx, cancel := context.WithTimeoutCause(ctx, left, errStoreBudget)
		start := time.Now()
		return ctx, func(error) {
			if errors.Is(context.Cause(ctx), errStoreBudget) {
				b.over.Store(true)
			}
			cancel()
			b.spent.Add(int64(time.Since(start)))
		}
	})
}
