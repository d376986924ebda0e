package neo4jstore

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
	"newsgraph/store/traverse"
)

// BenchmarkReads times the store calls behind the queries of the project's
// speed issue, on a generated corpus of 2,000 articles (or
// NEWSGRAPH_BENCH_ARTICLES; loaded first, into the wiped test database),
// and reports the database hits of each call as
// Neo4j's PROFILE counts them, after a first run and again after the
// query caches are cleared (a plan that changes shows as a difference),
// and the number of statements. With NEWSGRAPH_BENCH_PLANS=1 the plans
// are logged too (-v):
//
//	NEO4J_URI=... go test ./store/neo4jstore -run '^$' -bench Reads -benchtime 20x
func BenchmarkReads(b *testing.B) {
	s := openBenchStore(b)
	ctx := context.Background()
	loadCorpus(b, s, storetest.BenchArticles(b, 2000))
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
		{"d-level", func() error {
			_, err := s.ReadLevel(ctx, store.LevelQuery{Queries: []store.RelationQuery{hubRelations}, Ends: true, Counts: true})
			return err
		}},
		{"timeline", func() error { _, err := s.Timeline(ctx, timeline); return err }},
		{"timeline-with-total", func() error {
			// As the API asks when totalCount and the titles of the
			// first five pieces' articles are selected too.
			q := timeline
			q.WithTotal, q.EvidenceLimit, q.ArticleOnlyEvidence = true, 5, true
			_, err := s.Timeline(ctx, q)
			return err
		}},
		{"timeline-count", func() error { _, err := s.CountTimeline(ctx, timeline); return err }},
		{"dyad", func() error {
			// As the benchmark's dyad asks: the articles of the evidence.
			q := store.BetweenQuery{A: hub, B: partner, Limit: 1000, EvidenceLimit: 1000, ArticleOnlyEvidence: true}
			_, _, err := s.Between(ctx, q)
			return err
		}},
		{"dyad-all-evidence", func() error {
			_, _, err := s.Between(ctx, store.BetweenQuery{A: hub, B: partner, Limit: 1000})
			return err
		}},
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
// that carry the claims, one evidence relationship per piece of evidence,
// the relations' heads),
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
		return 0, mergeHeads(ctx, tx, planHeads(relations, ""))
	})
	return err
}

// loadCorpus writes the generated corpus of n articles (seed 1) into s, in
// batches, and returns the time from the start until each article was
// written.
func loadCorpus(b *testing.B, s *Store, n int) []time.Duration {
	return storetest.LoadSynth(b, n, func(gs []*store.ArticleGraph) error { _, err := s.PutArticles(context.Background(), gs); return err })
}
