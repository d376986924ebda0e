package metrics

import (
	"context"
	"time"

	"newsgraph/store"
	"newsgraph/store/storewrap"
)

// InstrumentStore wraps s so that every call of store.Store is timed in
// StoreCallDuration by method and outcome.
func InstrumentStore(s store.Store) *storewrap.Store {
	return storewrap.New(s, func(ctx context.Context, method string) (context.Context, func(error)) {
		start := time.Now()
		return ctx, func(err error) {
			outcome := "ok"
			if err != nil {
				outcome = "error"
			}
			StoreCallDuration.WithLabelValues(method, outcome).Observe(time.Since(start).Seconds())
		}
	})
}
