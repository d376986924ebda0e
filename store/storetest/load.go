package storetest

import (
	"os"
	"strconv"
	"testing"
	"time"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/store"
)

// BenchArticles is the size of the corpus of a load benchmark:
// NEWSGRAPH_BENCH_ARTICLES, or def when it is not set.
func BenchArticles(tb testing.TB, def int) int {
	v := os.Getenv("NEWSGRAPH_BENCH_ARTICLES")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		tb.Fatalf("NEWSGRAPH_BENCH_ARTICLES=%q is not a positive number", v)
	}
	return n
}

// LoadSynth hands the generated corpus of n articles (seed 1) to put in
// batches of 100, as the load command writes them, and returns the time
// from the start until each article was written.
func LoadSynth(tb testing.TB, n int, put func([]*store.ArticleGraph) error) []time.Duration {
	tb.Helper()
	start := time.Now()
	var batch []*store.ArticleGraph
	var times []time.Duration
	flush := func() error {
		err := put(batch)
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
		tb.Fatal(err)
	}
	tb.Logf("loaded %d articles in %s", n, time.Since(start).Round(time.Millisecond))
	return times
}

// LoadRates returns, in articles per second, the rates of the first and of
// the last window articles of a load (the same window when there are no
// more) and of the whole load, from the times LoadSynth returns.
func LoadRates(times []time.Duration, window int) (first, last, all float64) {
	n := len(times)
	w := min(window, n)
	f, l := times[w-1], times[n-1]
	if n > w {
		l -= times[n-w-1]
	}
	return float64(w) / f.Seconds(), float64(w) / l.Seconds(), float64(n) / times[n-1].Seconds()
}
