package neo4jstore

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// BenchmarkChangeSize loads 500 generated articles (seed 1) into the wiped
// test database and reports what the change feed stores a change: the
// mean size of a Change node's payload (payload-bytes/change), next to the
// mean size of an article's text (text-bytes/article):
//
//	NEO4J_URI=... go test ./store/neo4jstore -run '^$' -bench ChangeSize -benchtime 1x
func BenchmarkChangeSize(b *testing.B) {
	s := openBenchStore(b)
	for b.Loop() {
		wipe(b, s)
		storetest.LoadSynth(b, 500, func(gs []*store.ArticleGraph) error {
			_, err := s.PutArticles(context.Background(), gs)
			return err
		})
	}
	row := func(query string) float64 {
		rows, err := read(context.Background(), s, "measure", func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
			return run(context.Background(), tx, query, nil)
		})
		if err != nil {
			b.Fatal(err)
		}
		v, _ := rows[0].Values[0].(float64)
		return v
	}
	b.ReportMetric(row("MATCH (c:Change) RETURN avg(size(c.payload))"), "payload-bytes/change")
	b.ReportMetric(row("MATCH (a:Article) RETURN avg(size(a.text))"), "text-bytes/article")
}
