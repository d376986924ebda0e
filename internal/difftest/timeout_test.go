package difftest

import (
	"context"
	"testing"
	"time"

	"newsgraph/internal/neo4jtest"
)

// storeTimeoutMessage is what a client is told of a store call that ran
// past the store timeout while its request still had time.
const storeTimeoutMessage = "the graph store took too long to answer this part of the request and stopped; " +
	"narrow the query (types, an entity, dates) or ask for less (lower first or depth, fewer nested lists)"

// TestStoreTimeout checks that on both stores a store call past a tiny
// store timeout is TIMEOUT with the store timeout's own message, not
// UNAVAILABLE (the store is up) nor the request timeout's message (the
// request had time), and that nothing of the cause leaks.
func TestStoreTimeout(t *testing.T) {
	conn := neo4jtest.Server(t) // skips or fails t without a Neo4j
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var es []engine
	for _, s := range openStores(ctx, t, conn) {
		es = append(es, serveStore(t, s, time.Nanosecond))
	}
	for _, q := range []string{
		`{ actors(first: 5) { totalCount nodes { id } } }`,
		`{ shortestPath(from: "actor:a", to: "actor:b") { length } }`,
	} {
		a := same(t, es, request{Query: q})
		r := decode(t, a)
		if len(r.Errors) == 0 {
			t.Fatalf("%s: no error:\n%s", q, a.body)
		}
		for _, e := range r.Errors {
			if e.Extensions.Code != "TIMEOUT" || e.Message != storeTimeoutMessage {
				t.Errorf("%s: error %q (%s), want TIMEOUT saying %q", q, e.Message, e.Extensions.Code, storeTimeoutMessage)
			}
		}
	}
}
