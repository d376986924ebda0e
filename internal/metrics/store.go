package metrics

import (
	"context"
	"errors"
	"time"

	"newsgraph/store"
	"newsgraph/store/storewrap"
)

// InstrumentStore wraps s so that every call of store.Store is timed in
// StoreCallDuration by method and outcome ("ok", "error", "timeout" when
// the call ran out of time, its own or its request's, or "canceled" when
// the caller went away): a store that is slow to answer a query is told
// from one that cannot answer.
func InstrumentStore(s store.Store) *storewrap.Store {
	return storewrap.New(s, func(ctx context.Context, method string) (context.Context, func(error)) {
		start := time.Now()
		return ctx, func(err error) {
			outcome := "ok"
			switch {
			case errors.Is(err, context.Canceled):
				// The caller went away: not an error of the store.
				outcome = "canceled"
			case errors.Is(err, context.DeadlineExceeded):
				outcome = "timeout"
			case err != nil:
				outcome = "error"
			}
			StoreCallDuration.WithLabelValues(method, outcome).Observe(time.Since(start).Seconds())
		}
	})
}
