package embedded

import (
	"context"
	"os"
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// BenchmarkOpen opens a store whose log holds the generated corpus (2,000
// articles, or NEWSGRAPH_BENCH_ARTICLES): a restart, mostly the replay of
// the log. With NEWSGRAPH_BENCH_STORE, the store of that directory is
// opened, and made there first when the directory does not exist.
//
//	NEWSGRAPH_BENCH_ARTICLES=20000 NEWSGRAPH_BENCH_STORE=/tmp/open20k go test ./store/embedded -run '^$' -bench Open -count 5
func BenchmarkOpen(b *testing.B) {
	dir := os.Getenv("NEWSGRAPH_BENCH_STORE")
	if dir == "" {
		dir = b.TempDir() + "/store"
	}
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		s, err := Open(dir, WithCompaction(-1))
		if err != nil {
			b.Fatal(err)
		}
		storetest.LoadSynth(b, storetest.BenchArticles(b, 2000), func(gs []*store.ArticleGraph) error {
			_, err := s.PutArticles(context.Background(), gs)
			return err
		})
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		s, err := Open(dir, WithCompaction(-1))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
