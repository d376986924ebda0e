package embedded

import (
	"context"
	"path/filepath"
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// corpusPayloads loads the generated corpus of n articles into a store on
// disk and returns the payloads of its log's records.
func corpusPayloads(b *testing.B, n int) [][]byte {
	b.Helper()
	dir := b.TempDir()
	s, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	storetest.LoadSynth(b, n, func(gs []*store.ArticleGraph) error {
		_, err := s.PutArticles(context.Background(), gs)
		return err
	})
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return logPayloads(b, filepath.Join(dir, logFile))
}

// BenchmarkDecodeRecords decodes the records of the log of the generated
// corpus (2,000 articles, or NEWSGRAPH_BENCH_ARTICLES) one at a time, on
// one processor, with decodeRecord (github.com/goccy/go-json) and with
// encoding/json.
//
//	go test ./store/embedded -run '^$' -bench DecodeRecords -count 5
func BenchmarkDecodeRecords(b *testing.B) {
	payloads := corpusPayloads(b, storetest.BenchArticles(b, 2000))
	size := 0
	for _, p := range payloads {
		size += len(p)
	}
	decoders := []struct {
		name   string
		decode func([]byte) (logRecord, error)
	}{
		{"encoding-json", decodeRecordJSON},
		{"go-json", decodeRecord},
	}
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range payloads {
					if _, err := d.decode(p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
