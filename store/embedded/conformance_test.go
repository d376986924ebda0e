package embedded_test

import (
	"testing"

	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Run("InMemory", func(t *testing.T) {
		storetest.All(t, func(t *testing.T) store.Store {
			s := embedded.New()
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
	t.Run("OnDisk", func(t *testing.T) {
		storetest.All(t, func(t *testing.T) store.Store {
			s, err := embedded.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
}

func TestFeedConformance(t *testing.T) {
	t.Run("InMemory", func(t *testing.T) {
		storetest.Feed(t, func(t *testing.T, r store.Retention) store.Store {
			s := embedded.New(embedded.WithRetention(r))
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
	t.Run("OnDisk", func(t *testing.T) {
		storetest.Feed(t, func(t *testing.T, r store.Retention) store.Store {
			s, err := embedded.Open(t.TempDir(), embedded.WithRetention(r))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
}

func TestConsistencyConformance(t *testing.T) {
	storetest.Consistency(t, func(t *testing.T) store.Store {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
