package server

import (
	"context"
	"time"

	"newsgraph/store"
	"newsgraph/store/storewrap"
)

// withCallTimeout gives every store call a deadline (Config.StoreTxTimeout),
// unless the caller's context has a sooner one. Neo4j also bounds each
// transaction on the server side with the same value (the command passes
// it to neo4jstore); this bounds the embedded store's calls too, and the
// time spent waiting for a connection. Ping is left to /readyz's own
// timeout.
func withCallTimeout(s store.Store, timeout time.Duration) store.Store {
	return storewrap.New(s, func(ctx context.Context, method string) (context.Context, func(error)) {
		if method == "Ping" {
			return ctx, func(error) {}
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		return ctx, func(error) { cancel() }
	})
}
