package graph_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"newsgraph/internal/gqltest"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

// BenchmarkLiveEvent times a live event: an article put into the embedded
// store behind a server, until a WebSocket subscriber of articleIngested
// has its event (ns/op), and, of that, the median delay from the put's
// return to the event (deliver-p50-ns); the article put through the
// server's store (server), and through the store itself (store), as
// another writer of it would:
//
//	go test ./graph -run '^$' -bench LiveEvent -benchtime 200x
func BenchmarkLiveEvent(b *testing.B) {
	b.Run("server", func(b *testing.B) { benchLiveEvent(b, true) })
	b.Run("store", func(b *testing.B) { benchLiveEvent(b, false) })
}

func benchLiveEvent(b *testing.B, throughServer bool) {
	s := embedded.New()
	b.Cleanup(func() { s.Close() })
	srv := newServer(b, server.Config{Store: s})
	hs := httptest.NewServer(srv)
	b.Cleanup(hs.Close)
	b.Cleanup(func() { srv.Shutdown(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ws, err := gqltest.Dial(ctx, hs.URL+server.GraphQLPath, gqltest.DialOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	if err := ws.Subscribe(ctx, "1", `subscription { articleIngested { article { id } } }`, nil); err != nil {
		b.Fatal(err)
	}
	for srv.Subscribers() != 1 {
		time.Sleep(time.Millisecond)
	}
	delays := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		g := storetest.Chain(2)
		g.Article.ID = store.ArticleID(fmt.Sprintf("live-%d", i))
		for j := range g.Relations {
			for k := range g.Relations[j].Relation.Evidence {
				g.Relations[j].Relation.Evidence[k].Article = g.Article.ID
			}
		}
		var w store.Store = s
		if throughServer {
			w = srv.Store()
		}
		if _, err := w.PutArticle(ctx, g); err != nil {
			b.Fatal(err)
		}
		put := time.Now()
		if _, err := ws.Next(ctx, "1"); err != nil {
			b.Fatal(err)
		}
		delays = append(delays, time.Since(put))
	}
	b.StopTimer()
	slices.Sort(delays)
	b.ReportMetric(float64(delays[len(delays)/2].Nanoseconds()), "deliver-p50-ns")
}
