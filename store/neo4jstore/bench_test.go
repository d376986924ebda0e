package neo4jstore

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// BenchmarkReads times the store calls behind the queries of the project's
// speed issue, on a generated corpus of 2,000 articles (loaded first, into
// the wiped test database), and reports the database hits of each call as
// Neo4j's PROFILE counts them, after a first run and again after the
// query caches are cleared (a plan that changes shows as a difference),
// and the number of statements. With NEWSGRAPH_BENCH_PLANS=1 the plans
// are logged too (-v):
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
	near, err := s.Expand(ctx, []string{hub}, store.Both, nil, 1)
	if err != nil || len(near.Steps) == 0 {
		b.Fatalf("the hub %s has no neighbour (%v)", hub, err)
	}
	partner := near.Steps[0].To
	timeline := store.TimelineQuery{Entity: hub, First: 20}
	hood, err := traverse.Neighborhood(ctx, s, traverse.NeighborhoodQuery{ID: hub, Depth: 2, Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("the neighbourhood: %d entities, %d relations", len(hood.Nodes), len(hood.Relations))
	calls := []struct {
		name string
		call func() error
	}{
		{"a-list", func() error { _, err := s.ListEntities(ctx, byName); return err }},
		{"a-count", func() error { _, err := s.CountEntities(ctx, byName); return err }},
		{"a-list-with-total", func() error { q := byName; q.WithTotal = true; _, err := s.ListEntities(ctx, q); return err }},
		{"b-relations-of-20", func() error { _, err := s.RelationsOf(ctx, perActor); return err }},
		{"b-level-of-20", func() error {
			_, err := s.ReadLevel(ctx, store.LevelQuery{Queries: perActor, Ends: true, Articles: true})
			return err
		}},
		{"b-counts-of-20", func() error { _, err := s.CountRelationsOf(ctx, perActor); return err }},
		{"c-list", func() error { _, err := s.ListEntities(ctx, someRejected); return err }},
		{"c-count", func() error { _, err := s.CountEntities(ctx, someRejected); return err }},
		{"d-relations", func() error { _, err := s.RelationsOf(ctx, []store.RelationQuery{hubRelations}); return err }},
		{"d-count", func() error { _, err := s.CountRelations(ctx, hubRelations); return err }},
		{"timeline", func() error { _, err := s.Timeline(ctx, timeline); return err }},
		{"timeline-count", func() error { _, err := s.CountTimeline(ctx, timeline); return err }},
		{"dyad", func() error { _, _, err := s.Between(ctx, hub, partner, 1000); return err }},
		{"neighbourhood-2", func() error {
			_, err := traverse.Neighborhood(ctx, s, traverse.NeighborhoodQuery{ID: hub, Depth: 2, Limit: 100})
			return err
		}},
		{"neighbourhood-2-entities", func() error { _, err := s.Entities(ctx, hood.Nodes); return err }},
		{"neighbourhood-2-relations", func() error { _, err := s.Relations(ctx, hood.Relations); return err }},
		{"path", func() error {
			_, err := traverse.ShortestPath(ctx, s, traverse.PathQuery{From: actors.Items[0].ID, To: partner, MaxHops: 4})
			return err
		}},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			first, statements := profile(b, c.call)
			clearQueryCaches(b, s)
			again, _ := profile(b, c.call)
			for b.Loop() {
				if err := c.call(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(first), "dbhits/op")
			b.ReportMetric(float64(again), "dbhits-replanned/op")
			b.ReportMetric(float64(statements), "statements/op")
		})
	}
}

// profile runs call once with every statement profiled and returns the
// database hits and the number of statements.
func profile(b *testing.B, call func() error) (hits, statements int64) {
	b.Helper()
	p := &profiler{}
	if os.Getenv("NEWSGRAPH_BENCH_PLANS") != "" {
		p.plan = func(cypher string, plan neo4j.ProfiledPlan) {
			b.Logf("%s\n%s", cypher, planText(plan, ""))
		}
	}
	profiling.Store(p)
	defer profiling.Store(nil)
	if err := call(); err != nil {
		b.Fatal(err)
	}
	return p.hits.Load(), p.statements.Load()
}

// planText is a profiled plan as an indented tree, one operator a line,
// with its details, rows and db hits.
func planText(p neo4j.ProfiledPlan, indent string) string {
	details, _ := p.Arguments()["Details"].(string)
	s := fmt.Sprintf("%s%s %s rows=%d hits=%d\n", indent, p.Operator(), details, p.Records(), p.DbHits())
	for _, c := range p.Children() {
		s += planText(c, indent+"  ")
	}
	return s
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

// BenchmarkLoad loads the generated corpus (seed 1; 2,000 articles, or
// NEWSGRAPH_BENCH_ARTICLES) into the wiped test database in batches of
// 100, as the load command does, and reports the rate of the first and of
// the last 2,000 articles (the same when there are only 2,000): a rate
// that falls as the graph grows shows as last below first.
//
//	NEO4J_URI=... go test ./store/neo4jstore -run '^$' -bench Load -benchtime 1x
func BenchmarkLoad(b *testing.B) {
	n := 2000
	if v := os.Getenv("NEWSGRAPH_BENCH_ARTICLES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("NEWSGRAPH_BENCH_ARTICLES=%q is not a positive number", v)
		}
	}
	const window = 2000
	s := openBenchStore(b)
	for b.Loop() {
		wipe(b, s)
		times := loadCorpus(b, s, n)
		w := min(window, n)
		first, last := times[w-1], times[n-1]
		if n > w {
			last -= times[n-w-1]
		}
		b.ReportMetric(float64(w)/first.Seconds(), "first-articles/s")
		b.ReportMetric(float64(w)/last.Seconds(), "last-articles/s")
		b.ReportMetric(float64(n)/times[n-1].Seconds(), "articles/s")
	}
}

// loadCorpus writes the generated corpus of n articles (seed 1), in
// batches, and returns the time from the start until each article was
// written.
func loadCorpus(b *testing.B, s *Store, n int) []time.Duration {
	b.Helper()
	start := time.Now()
	var batch []*store.ArticleGraph
	var times []time.Duration
	flush := func() error {
		_, err := s.PutArticles(context.Background(), batch)
		for range batch {
			times = append(times, time.Since(start))
		}
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
	return times
}
