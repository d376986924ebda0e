package server

import (
	"context"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph/apierr"
	"newsgraph/internal/metrics"
)

// This file is admission control: a bound on the queries and mutations
// that run against the store at once (Config.MaxConcurrentRequests), a
// short queue in front of it (Config.MaxQueuedRequests, each waiting at
// most Config.MaxQueueWait), and beyond it an immediate refusal: HTTP 503
// with Retry-After and a GraphQL error coded OVERLOADED. A server past
// its capacity so answers some requests at once rather than all of them
// late, and a busy store is never mistaken for a missing one (UNAVAILABLE
// is for a store that cannot be reached).
//
// An operation is admitted once it has parsed, validated and passed the
// operation gate and the complexity limit (so refused requests never take
// a slot), and holds its slot until its response is written. Over HTTP
// the transport admits (transport.go); operations that come over a
// WebSocket or as server-sent events are admitted around the operation
// (graphql.go), except subscriptions: a subscription lives for as long as
// its client stays, so it holds no slot at all; its events are resolved
// from the write that caused them, bounded by the subscriber buffer.
//
// /readyz pings the store directly, never through the queue.

// Defaults of the admission bounds.
const (
	// DefaultMaxQueueWait is how long an operation may wait for a slot.
	DefaultMaxQueueWait = 250 * time.Millisecond
	// RetryAfter is the Retry-After of an OVERLOADED answer.
	RetryAfter = time.Second
)

// DefaultMaxConcurrentRequests is the bound of concurrent operations
// when Config.MaxConcurrentRequests is 0: eight per processor the Go
// runtime may use, at least 16. The embedded store's work is CPU-bound,
// but a request also waits (its dataloaders collect keys for a moment at
// each level), so a few per processor keep the processors busy. The
// command sets it from the Neo4j driver's pool for Neo4j.
func DefaultMaxConcurrentRequests() int {
	return max(16, 8*runtime.GOMAXPROCS(0))
}

// admission is the bound on concurrent operations and its queue.
type admission struct {
	slots chan struct{} // one token per running operation
	queue chan struct{} // one token per waiting operation
	wait  time.Duration
}

// newAdmission returns the admission control of limit concurrent
// operations, queued up to queued, each waiting at most wait; nil (no
// bound) when limit is negative.
func newAdmission(limit, queued int, wait time.Duration) *admission {
	if limit < 0 {
		return nil
	}
	return &admission{
		slots: make(chan struct{}, limit),
		queue: make(chan struct{}, max(queued, 0)),
		wait:  wait,
	}
}

// overloadedError is the error of an operation refused for want of a
// slot.
func overloadedError() *gqlerror.Error {
	return apierr.New(apierr.Overloaded,
		"the server is at its bound of concurrent requests; try again in %d s", int(RetryAfter.Seconds()))
}

// acquire takes a slot, waiting in the queue if there is room in it. It
// returns the function that gives the slot back, or false when the
// operation is refused (the queue is full, no slot freed in time, or ctx
// ended while waiting).
func (a *admission) acquire(ctx context.Context) (func(), bool) {
	if a == nil {
		return func() {}, true
	}
	select {
	case a.slots <- struct{}{}:
		return a.admitted(), true
	default:
	}
	select {
	case a.queue <- struct{}{}:
	default:
		metrics.RequestsShed.WithLabelValues("queue_full").Inc()
		return nil, false
	}
	defer func() { <-a.queue }()
	timer := time.NewTimer(a.wait)
	defer timer.Stop()
	select {
	case a.slots <- struct{}{}:
		return a.admitted(), true
	case <-timer.C:
		metrics.RequestsShed.WithLabelValues("queue_wait").Inc()
	case <-ctx.Done():
	}
	return nil, false
}

// admitted counts a slot taken and returns its release.
func (a *admission) admitted() func() {
	metrics.RequestsInFlight.Inc()
	return func() {
		metrics.RequestsInFlight.Dec()
		<-a.slots
	}
}

// hold takes n slots at once without queueing (tests use it to make the
// server look busy) and returns their release.
func (a *admission) hold(n int) func() {
	for range n {
		a.slots <- struct{}{}
	}
	return func() {
		for range n {
			<-a.slots
		}
	}
}

// writeOverloaded answers an HTTP request refused for want of a slot.
func writeOverloaded(w http.ResponseWriter, media string) {
	w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter.Seconds())))
	writeResponse(w, media, http.StatusServiceUnavailable, requestErrorResponse{Errors: gqlerror.List{overloadedError()}})
}

type admittedKey struct{}

// withAdmitted marks an operation's context as holding a slot already.
func withAdmitted(ctx context.Context) context.Context {
	return context.WithValue(ctx, admittedKey{}, true)
}

func isAdmitted(ctx context.Context) bool {
	ok, _ := ctx.Value(admittedKey{}).(bool)
	return ok
}

// admitOperation admits the operations that the HTTP transport did not
// (those over a WebSocket or server-sent events), subscriptions aside.
func (a *admission) admitOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if a == nil || isAdmitted(ctx) || isSubscription(ctx) {
		return next(ctx)
	}
	release, ok := a.acquire(ctx)
	if !ok {
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{overloadedError()}})
	}
	// The response handler of a query or mutation is called until it
	// answers nil: the slot goes back after the first call.
	release = sync.OnceFunc(release)
	responses := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		defer release()
		return responses(ctx)
	}
}
