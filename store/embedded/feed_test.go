package embedded

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// allChanges reads the whole feed.
func allChanges(t *testing.T, s *Store) []store.Change {
	t.Helper()
	oldest, _, err := s.FeedBounds(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.Changes(t.Context(), oldest-1, 0)
	if err != nil {
		t.Fatalf("Changes(%d): %v", oldest-1, err)
	}
	return cs
}

func positions(cs []store.Change) []store.Position {
	var out []store.Position
	for _, c := range cs {
		out = append(out, c.Position)
	}
	return out
}

// TestFeedSurvivesReopenAndCompaction: the log keeps the feed through a
// restart and a compaction, and positions go on from the latest.
func TestFeedSurvivesReopenAndCompaction(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	put(t, s, storetest.Ukraine()...)
	if _, err := s.DeleteArticle(t.Context(), storetest.DirectTalks().Article.ID); err != nil {
		t.Fatal(err)
	}
	before := allChanges(t, s)
	if diff := cmp.Diff([]store.Position{1, 2, 3, 4}, positions(before)); diff != "" {
		t.Fatalf("positions (-want +got):\n%s", diff)
	}
	closeStore(t, s)

	s, _ = open(t, dir)
	if diff := cmp.Diff(before, allChanges(t, s)); diff != "" {
		t.Errorf("the feed replayed from the log (-before +after):\n%s", diff)
	}
	if err := s.Compact(t.Context()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)

	s, _ = open(t, dir)
	if diff := cmp.Diff(before, allChanges(t, s)); diff != "" {
		t.Errorf("the feed replayed from the compacted log (-before +after):\n%s", diff)
	}
	put(t, s, storetest.Chain(3))
	if diff := cmp.Diff([]store.Position{1, 2, 3, 4, 5}, positions(allChanges(t, s))); diff != "" {
		t.Errorf("positions after a compaction (-want +got):\n%s", diff)
	}
}

// TestFeedRetentionThroughCompaction: a compaction keeps only the retained
// changes, and the latest position even when none is retained.
func TestFeedRetentionThroughCompaction(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir, WithRetention(store.Retention{MaxChanges: 1}))
	put(t, s, storetest.Ukraine()...)
	if err := s.Compact(t.Context()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)

	s, _ = open(t, dir)
	if diff := cmp.Diff([]store.Position{3}, positions(allChanges(t, s))); diff != "" {
		t.Errorf("positions kept by the compaction (-want +got):\n%s", diff)
	}
	closeStore(t, s)

	s, _ = open(t, dir, WithRetention(store.Retention{MaxAge: 1}))
	if err := s.Compact(t.Context()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	s, _ = open(t, dir)
	oldest, latest, err := s.FeedBounds(t.Context())
	if err != nil || oldest != 4 || latest != 3 {
		t.Errorf("FeedBounds after compacting an expired feed = %d, %d, %v; want 4, 3", oldest, latest, err)
	}
	put(t, s, storetest.Chain(3))
	if diff := cmp.Diff([]store.Position{4}, positions(allChanges(t, s))); diff != "" {
		t.Errorf("positions after the compaction (-want +got):\n%s", diff)
	}
}

// TestV1LogHasAnEmptyFeed: the records of a log written before the feed
// are state, not changes.
func TestV1LogHasAnEmptyFeed(t *testing.T) {
	s, _ := open(t, v1Log(t))
	oldest, latest, err := s.FeedBounds(t.Context())
	if err != nil || oldest != 1 || latest != 0 {
		t.Errorf("FeedBounds of a v1 log = %d, %d, %v; want 1, 0", oldest, latest, err)
	}
	put(t, s, storetest.Chain(3))
	if diff := cmp.Diff([]store.Position{1}, positions(allChanges(t, s))); diff != "" {
		t.Errorf("positions after a write (-want +got):\n%s", diff)
	}
}

// TestTokenOfAnotherStore: a token naming a change this store has not made
// is never visible.
func TestTokenOfAnotherStore(t *testing.T) {
	s := New()
	defer s.Close()
	put(t, s, storetest.Chain(3))
	_, err := s.Articles(store.WithReadToken(t.Context(), positionToken(2)), []string{"article:chain"})
	if !errors.Is(err, store.ErrNotVisible) {
		t.Errorf("a read with the token of position 2 of a store at 1: %v, want store.ErrNotVisible", err)
	}
}
