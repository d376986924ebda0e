package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// The benchmarks of this file time the queries of the project's speed
// issue through the GraphQL handler, over the embedded store holding a
// generated corpus of 2,000 articles, for several loader waits, with the
// median time of a request (p50-ns) next to the mean (ns/op), the CPU time
// of one request (cpu-ns/op: the process's, on every core; the client only
// sends the request and checks that the answer holds no error, it does not
// decode it), and the store calls of one request:
//
//	go test ./graph -run '^$' -bench Queries -benchtime 30x -benchmem
//
// The queries are those of bench/cmd/benchrun (queries.go). For the CPU
// and allocations of one request (the loader wait matters little once no
// level waits for a loader), one query at the default wait:
//
//	go test ./graph -run '^$' -bench 'Queries/b/wait=1ms' -benchmem -count 5 -cpuprofile cpu.out
//
// a: 20 actors by name + totalCount; b: 20 actors, 10 relations each, with
// their type, target name and evidence article title; c: actors whose name
// contains "a" with some outgoing REJECTED or DEMANDED relation; d: one
// entity's first 100 relations with source and target names + totalCount.
var benchQueries = []struct{ name, query string }{
	{"a", `{ actors(first: 20, orderBy: {field: NAME}) { totalCount nodes { id name } } }`},
	{"b", `{ actors(first: 20, orderBy: {field: NAME}) { nodes { id relations(first: 10) { nodes {
		id type target { name } evidence { article { title } } } } } } }`},
	{"c", `{ actors(first: 20, where: {name: {contains: "a"}, relations: {direction: OUT,
		some: {type: {in: [REJECTED, DEMANDED]}}}}) { totalCount nodes { id name } } }`},
	{"d", `query($id: ID!) { node(id: $id) { ... on Entity { relations(first: 100) { totalCount
		nodes { source { name } target { name } } } } } }`},
}

var benchCorpus struct {
	once sync.Once
	s    store.Store
	hub  string // the entity with the most relations
	err  error
}

// corpus is the embedded store holding the generated corpus, built once.
func corpus(b *testing.B) (store.Store, string) {
	b.Helper()
	benchCorpus.once.Do(func() {
		s := embedded.New()
		ctx := context.Background()
		benchCorpus.err = synth.Generate(synth.Config{Articles: 2000, Seed: 1}, func(d *article.Document) error {
			g, err := d.Graph()
			if err != nil {
				return err
			}
			_, err = s.PutArticle(ctx, g)
			return err
		})
		if benchCorpus.err != nil {
			return
		}
		page, err := s.ListEntities(ctx, store.EntityQuery{First: 1, Order: store.Order{Field: store.OrderByDegree, Desc: true}})
		if err != nil {
			benchCorpus.err = err
			return
		}
		benchCorpus.s, benchCorpus.hub = s, page.Items[0].ID
	})
	if benchCorpus.err != nil {
		b.Fatal(benchCorpus.err)
	}
	return benchCorpus.s, benchCorpus.hub
}

func BenchmarkQueries(b *testing.B) {
	s, hub := corpus(b)
	for _, wait := range []time.Duration{16 * time.Millisecond, 4 * time.Millisecond, time.Millisecond, 250 * time.Microsecond} {
		srv := newServer(b, server.Config{Store: s, LoaderWait: wait})
		for _, q := range benchQueries {
			b.Run(fmt.Sprintf("%s/wait=%s", q.name, wait), func(b *testing.B) {
				calls := newCountingStore(s)
				cc := newServer(b, server.Config{Store: calls, LoaderWait: wait})
				benchPost(b, cc, q.query, hub)
				calls.snapshot()
				var took []time.Duration
				cpu := cpuTime(b)
				for b.Loop() {
					start := time.Now()
					benchPost(b, srv, q.query, hub)
					took = append(took, time.Since(start))
				}
				b.ReportMetric(float64((cpuTime(b)-cpu).Nanoseconds())/float64(len(took)), "cpu-ns/op")
				benchPost(b, cc, q.query, hub)
				b.ReportMetric(float64(total(calls.snapshot())), "storecalls/op")
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
			})
		}
	}
}

// cpuTime is the CPU time the process has used so far, in user and system
// mode, on every thread: the CPU a request costs, whichever goroutines
// run it, without the time it waits for a core on a busy machine.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// benchPost posts the query (with hub as its variable id) to the GraphQL
// endpoint of h, and fails unless the answer is data without errors.
func benchPost(b *testing.B, h http.Handler, q, hub string) {
	body, err := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"id": hub}})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, server.GraphQLPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK || !bytes.HasPrefix(w.Body.Bytes(), []byte(`{"data":`)) ||
		bytes.Contains(w.Body.Bytes(), []byte(`"errors":`)) {
		b.Fatalf("status %d: %.500s", w.Code, w.Body.Bytes())
	}
}
