package neo4jstore

import (
	"context"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
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
		{"a-list-with-total", func() error { q := byName; q.WithTotal = true; _, err := s.ListEntities(ctx, q); return err }},
		{"b-relations-of-20", func() error { _, err := s.RelationsOf(ctx, perActor); return err }},
		{"b-counts-of-20", func() error { _, err := s.CountRelationsOf(ctx, perActor); return err }},
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

// BenchmarkLoad loads the generated corpus (seed 1; 2,000 articles, or
// NEWSGRAPH_BENCH_ARTICLES) into the wiped test database in batches of
// 100, as the load command does, and reports the rate of the first and of
// the last 2,000 articles (the same when there are only 2,000): a rate
// that falls as the graph grows shows as last below first. As a baseline
// it then loads the same rows into the same schema by raw batched UNWIND
// statements (loadRaw) and reports that rate too, and the ratios
// last/first and newsgraph/raw. Both loads are warmed up first on 500
// articles.
//
//	NEO4J_URI=... NEWSGRAPH_BENCH_ARTICLES=20000 go test ./store/neo4jstore -run '^$' -bench Load -benchtime 1x
func BenchmarkLoad(b *testing.B) {
	n := storetest.BenchArticles(b, 2000)
	s := openBenchStore(b)
	putStore := func(gs []*store.ArticleGraph) error { _, err := s.PutArticles(context.Background(), gs); return err }
	putRaw := func(gs []*store.ArticleGraph) error { return loadRaw(s, gs) }
	for _, put := range []func([]*store.ArticleGraph) error{putRaw, putStore} {
		wipe(b, s)
		storetest.LoadSynth(b, 500, put)
	}
	for b.Loop() {
		wipe(b, s)
		first, last, all := storetest.LoadRates(storetest.LoadSynth(b, n, putStore), 2000)
		wipe(b, s)
		rawFirst, rawLast, rawAll := storetest.LoadRates(storetest.LoadSynth(b, n, putRaw), 2000)
		b.ReportMetric(first, "first-articles/s")
		b.ReportMetric(last, "last-articles/s")
		b.ReportMetric(all, "articles/s")
		b.ReportMetric(last/first, "last/first")
		b.ReportMetric(rawFirst, "raw-first-articles/s")
		b.ReportMetric(rawLast, "raw-last-articles/s")
		b.ReportMetric(rawAll, "raw-articles/s")
		b.ReportMetric(all/rawAll, "vs-raw")
	}
}

// loadRaw is the baseline of BenchmarkLoad: the rows PutArticles writes
// for the articles gs (the articles, their entity nodes with the MENTIONS
// that carry the claims, one evidence relationship per piece of evidence),
// written by the same UNWIND statements in one transaction, without what
// makes a write a store's: no hash check or replacement of an earlier
// version, no lock on the entities and no merged form.
func loadRaw(s *Store, gs []*store.ArticleGraph) error {
	var articles []map[string]any
	entities := map[ontology.NodeType][]map[string]any{}
	relations := map[ontology.RelationType][]map[string]any{}
	for _, g := range gs {
		p := newPutPlan(g)
		articles = append(articles, map[string]any{"id": p.article, "props": p.articleProps})
		for t, rows := range p.entities {
			entities[t] = append(entities[t], withArticle(rows, p.article)...)
		}
		for t, rows := range p.relations {
			relations[t] = append(relations[t], withArticle(rows, p.article)...)
		}
	}
	ctx := context.Background()
	_, err := write(ctx, s, "raw load", func(tx neo4j.ManagedTransaction) (int, error) {
		if _, err := run(ctx, tx, `UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row.props`, map[string]any{"rows": articles}); err != nil {
			return 0, err
		}
		for _, t := range ontology.EntityTypes {
			if rows := entities[t]; len(rows) > 0 {
				if _, err := run(ctx, tx, batchEntitiesCypher[t], map[string]any{"rows": rows}); err != nil {
					return 0, err
				}
			}
		}
		for _, t := range ontology.RelationTypes {
			if rows := relations[t]; len(rows) > 0 {
				if _, err := run(ctx, tx, batchRelationsCypher[t], map[string]any{"rows": rows}); err != nil {
					return 0, err
				}
			}
		}
		return 0, nil
	})
	return err
}

// loadCorpus writes the generated corpus of n articles (seed 1) into s, in
// batches, and returns the time from the start until each article was
// written.
func loadCorpus(b *testing.B, s *Store, n int) []time.Duration {
	return storetest.LoadSynth(b, n, func(gs []*store.ArticleGraph) error { _, err := s.PutArticles(context.Background(), gs); return err })
}
