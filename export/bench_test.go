package export

import (
	"context"
	"io"
	"sync"
	"testing"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// benchArticles is the size of the synthetic corpus of the benchmarks.
const benchArticles = 2000

var (
	benchOnce  sync.Once
	benchStore store.Store
	benchErr   error
)

// synthStore is an in-memory store of benchArticles synthetic articles,
// built once for every benchmark.
func synthStore(b *testing.B) store.Store {
	benchOnce.Do(func() {
		st := embedded.New()
		benchErr = synth.Generate(synth.Config{Articles: benchArticles, Seed: 7}, func(d *article.Document) error {
			g, err := d.Graph()
			if err != nil {
				return err
			}
			_, err = st.PutArticle(context.Background(), g)
			return err
		})
		benchStore = st
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore
}

// BenchmarkWrite exports the synthetic corpus in each format; relations/op
// says how many relations one export wrote.
func BenchmarkWrite(b *testing.B) {
	st := synthStore(b)
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			var stats Stats
			for b.Loop() {
				var err error
				if stats, err = Write(context.Background(), st, io.Discard, Options{Format: f, Evidence: f == JSONL}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(stats.Relations), "relations/op")
		})
	}
}
