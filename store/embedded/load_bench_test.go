package embedded

import (
	"context"
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// BenchmarkLoad loads the generated corpus (seed 1; 2,000 articles, or
// NEWSGRAPH_BENCH_ARTICLES) into an embedded store on disk in batches of
// 100, as the load command does, and reports the rate of the first and of
// the last 2,000 articles and their ratio: a rate that falls as the graph
// grows shows as last/first below 1.
//
//	NEWSGRAPH_BENCH_ARTICLES=20000 go test ./store/embedded -run '^$' -bench Load -benchtime 1x
func BenchmarkLoad(b *testing.B) {
	n := storetest.BenchArticles(b, 2000)
	for b.Loop() {
		s, err := Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		first, last, all := storetest.LoadRates(storetest.LoadSynth(b, n, func(gs []*store.ArticleGraph) error {
			_, err := s.PutArticles(context.Background(), gs)
			return err
		}), 2000)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(first, "first-articles/s")
		b.ReportMetric(last, "last-articles/s")
		b.ReportMetric(all, "articles/s")
		b.ReportMetric(last/first, "last/first")
	}
}
