package neo4jstore

import (
	"context"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/ontology"
	"newsgraph/store"
)

// BenchmarkReads times the store calls behind the queries of the project's
// speed issue, on a generated corpus of 2,000 articles (loaded first, into
// the wiped test database), and reports the database hits of each call as
// Neo4j's PROFILE counts them, after a first run and again after the
// query caches are cleared (a plan that changes shows as a difference):
//
//	NEO4J_URI=... go test ./store/neo4jstore -run '^$' -bench Reads -benchtime 20x
func BenchmarkReads(b *testing.B) {
	s := openBenchStore(b)
	ctx := context.Background()
	loadCorpus(b, s, 2000)
	hubs, err := s.ListEntities(ctx, store.EntityQuery{First: 20, Order: store.Order{Field: store.OrderByDegree, Desc: true}})
	if err != nil {
		b.Fatal(err)
	}
	hub := hubs.Items[0].ID
	byName := store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, First: 21, Order: store.Order{Field: store.OrderByName}}
	actors, err := s.ListEntities(ctx, byName)
	if err != nil {
		b.Fatal(err)
	}
	contains := "a"
	someRejected := store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, First: 21, Where: &store.EntityFilter{
		Name: &store.StringFilter{Contains: &contains},
		Relations: &store.RelationQuantifier{Direction: store.Out, Some: &store.RelationFilter{
			Type: &store.StringFilter{In: []string{"REJECTED", "DEMANDED"}}}},
	}}
	var perActor []store.RelationQuery
	for _, e := range actors.Items[:20] {
		perActor = append(perActor, store.RelationQuery{Entity: e.ID, First: 11})
	}
	hubRelations := store.RelationQuery{Entity: hub, First: 101}
	calls := []struct {
		name string
		call func() error
	}{
		{"a-list", func() error { _, err := s.ListEntities(ctx, byName); return err }},
		{"a-count", func() error { _, err := s.CountEntities(ctx, byName); return err }},
		{"b-relations-of-20", func() error { _, err := s.RelationsOf(ctx, perActor); return err }},
		{"c-list", func() error { _, err := s.ListEntities(ctx, someRejected); return err }},
		{"c-count", func() error { _, err := s.CountEntities(ctx, someRejected); return err }},
		{"d-relations", func() error { _, err := s.RelationsOf(ctx, []store.RelationQuery{hubRelations}); return err }},
		{"d-count", func() error { _, err := s.CountRelations(ctx, hubRelations); return err }},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			first := profile(b, c.call)
			clearQueryCaches(b, s)
			again := profile(b, c.call)
			for b.Loop() {
				if err := c.call(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(first), "dbhits/op")
			b.ReportMetric(float64(again), "dbhits-replanned/op")
		})
	}
}

// profile runs call once with every statement profiled and returns the
// database hits.
func profile(b *testing.B, call func() error) int64 {
	b.Helper()
	p := &profiler{}
	profiling.Store(p)
	defer profiling.Store(nil)
	if err := call(); err != nil {
		b.Fatal(err)
	}
	return p.hits.Load()
}

func clearQueryCaches(b *testing.B, s *Store) {
	b.Helper()
	if _, err := write(context.Background(), s, "clear query caches", func(tx neo4j.ManagedTransaction) (int, error) {
		_, err := run(context.Background(), tx, "CALL db.clearQueryCaches()", nil)
		return 0, err
	}); err != nil {
		b.Fatal(err)
	}
}

// openBenchStore opens a store on the test server and empties its database.
func openBenchStore(b *testing.B) *Store {
	b.Helper()
	cfg := testConfig(b) // waits for the server's lock
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		b.Fatalf("Open: %v", err)
	}
	b.Cleanup(func() { s.Close() })
	wipe(b, s)
	return s
}

// loadCorpus writes the generated corpus of n articles (seed 1), in
// batches.
func loadCorpus(b *testing.B, s *Store, n int) {
	b.Helper()
	start := time.Now()
	var batch []*store.ArticleGraph
	flush := func() error {
		_, err := s.PutArticles(context.Background(), batch)
		batch = batch[:0]
		return err
	}
	err := synth.Generate(synth.Config{Articles: n, Seed: 1}, func(d *article.Document) error {
		g, err := d.Graph()
		if err != nil {
			return err
		}
		if batch = append(batch, g); len(batch) == 100 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d articles in %s", n, time.Since(start).Round(time.Millisecond))
}
