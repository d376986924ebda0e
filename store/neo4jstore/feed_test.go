package neo4jstore

import (
	"context"
	"testing"
	"time"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

func TestFeedConformance(t *testing.T) {
	testConfig(t)
	storetest.Feed(t, func(t *testing.T, r store.Retention) store.Store {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cfg := testConfig(t)
		cfg.Retention = r
		s, err := Open(ctx, cfg)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		wipe(t, s)
		return s
	})
}

func TestConsistencyConformance(t *testing.T) {
	testConfig(t)
	storetest.Consistency(t, func(t *testing.T) store.Store { return openTestStore(t) })
}
