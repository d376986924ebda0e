package follow_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/follow"
	"newsgraph/store/storetest"
)

// articles are n distinct articles.
func articles(n int) []*store.ArticleGraph {
	var out []*store.ArticleGraph
	for i := range n {
		g := storetest.Chain(2)
		g.Article.ID = store.ArticleID(g.Article.ID[len("article:"):] + string(rune('a'+i)))
		for j := range g.Relations {
			for k := range g.Relations[j].Relation.Evidence {
				g.Relations[j].Relation.Evidence[k].Article = g.Article.ID
			}
		}
		out = append(out, g)
	}
	return out
}

// start returns a store and a running follower of it.
func start(t *testing.T, opts follow.Options, r store.Retention) (*embedded.Store, *follow.Follower) {
	t.Helper()
	s := embedded.New(embedded.WithRetention(r))
	t.Cleanup(func() { s.Close() })
	if opts.Interval == 0 {
		opts.Interval = 10 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return s, follow.New(ctx, s, opts)
}

// receive reads n changes and returns their articles and positions.
func receive(t *testing.T, sub *follow.Subscription, n int) (ids []string, pos []store.Position) {
	t.Helper()
	for range n {
		select {
		case c, ok := <-sub.Changes():
			if !ok {
				t.Fatalf("the subscription ended after %d changes: %v", len(ids), sub.Err())
			}
			ids, pos = append(ids, c.Article.ID), append(pos, c.Position)
		case <-time.After(10 * time.Second):
			t.Fatalf("no change after %d", len(ids))
		}
	}
	return ids, pos
}

func put(t *testing.T, s store.Store, gs ...*store.ArticleGraph) {
	t.Helper()
	for _, g := range gs {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
}

func pos(p store.Position) *store.Position { return &p }

func TestLiveAndResumed(t *testing.T) {
	// Keep 2: a subscription further behind reads from the store.
	s, f := start(t, follow.Options{Keep: 2}, store.Retention{})
	gs := articles(6)
	put(t, s, gs[0])
	live, err := f.Subscribe(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	put(t, s, gs[1:5]...)
	resumed, err := f.Subscribe(t.Context(), pos(1))
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Close()
	put(t, s, gs[5])

	want := []store.Position{2, 3, 4, 5, 6}
	for name, sub := range map[string]*follow.Subscription{"live": live, "resumed": resumed} {
		_, got := receive(t, sub, len(want))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: positions (-want +got):\n%s", name, diff)
		}
		select {
		case c := <-sub.Changes():
			t.Errorf("%s: an extra change %d", name, c.Position)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func TestSubscribeRefusesPositionsOutOfTheFeed(t *testing.T) {
	s, f := start(t, follow.Options{}, store.Retention{MaxChanges: 2})
	put(t, s, articles(4)...)
	if _, err := f.Subscribe(t.Context(), pos(1)); !errors.Is(err, store.ErrFeedExpired) {
		t.Errorf("Subscribe after an expired position: %v, want store.ErrFeedExpired", err)
	}
	if _, err := f.Subscribe(t.Context(), pos(9)); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Subscribe after a position beyond the feed: %v, want store.ErrInvalid", err)
	}
	sub, err := f.Subscribe(t.Context(), pos(2))
	if err != nil {
		t.Fatal(err)
	}
	if _, got := receive(t, sub, 2); !cmp.Equal(got, []store.Position{3, 4}) {
		t.Errorf("positions after 2: %v, want [3 4]", got)
	}
}

func TestCloseEndsSubscriptions(t *testing.T) {
	_, f := start(t, follow.Options{}, store.Retention{})
	sub, err := f.Subscribe(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	select {
	case _, ok := <-sub.Changes():
		if ok {
			t.Fatal("a change after Close")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the subscription did not end")
	}
	if !errors.Is(sub.Err(), follow.ErrClosed) {
		t.Errorf("Err = %v, want ErrClosed", sub.Err())
	}
	if _, err := f.Subscribe(t.Context(), nil); !errors.Is(err, follow.ErrClosed) {
		t.Errorf("Subscribe after Close: %v, want ErrClosed", err)
	}
}

// TestSlowSubscriberExpires: a subscriber that stops reading is not
// waited for; once its position falls out of the retention, it ends with
// store.ErrFeedExpired, and OnDrop counts it.
func TestSlowSubscriberExpires(t *testing.T) {
	var drops atomic.Int32
	s, f := start(t, follow.Options{Keep: 1, OnDrop: func() { drops.Add(1) }}, store.Retention{MaxChanges: 2})
	sub, err := f.Subscribe(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	gs := articles(6)
	put(t, s, gs[0])
	receive(t, sub, 1)
	// The writes do not wait for the subscriber, which reads nothing
	// meanwhile: it holds at most a batch read before the third, and the
	// feed keeps only the fifth and sixth.
	put(t, s, gs[1:]...)
	var got []store.Position
	for c := range sub.Changes() {
		got = append(got, c.Position)
	}
	if !errors.Is(sub.Err(), store.ErrFeedExpired) {
		t.Errorf("the slow subscription ended with %v after %v; want store.ErrFeedExpired", sub.Err(), got)
	}
	if n := drops.Load(); n != 1 {
		t.Errorf("OnDrop called %d times, want 1", n)
	}
}

// TestSlowSubscriberWithinRetention: a subscriber that reads nothing for
// longer than the follower keeps in memory, but not past the retention,
// is waited for and gets every change.
func TestSlowSubscriberWithinRetention(t *testing.T) {
	s, f := start(t, follow.Options{Keep: 1, OnDrop: func() { t.Error("a subscriber dropped") }}, store.Retention{})
	sub, err := f.Subscribe(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	put(t, s, articles(6)...)
	if _, got := receive(t, sub, 6); !cmp.Equal(got, []store.Position{1, 2, 3, 4, 5, 6}) {
		t.Errorf("positions %v, want 1 to 6", got)
	}
}

// TestCommitWakesFollower: a write to the store reaches a live subscriber
// without waiting for the poll interval (an hour here).
func TestCommitWakesFollower(t *testing.T) {
	s, f := start(t, follow.Options{Interval: time.Hour}, store.Retention{})
	sub, err := f.Subscribe(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	gs := articles(3)
	// The first may be read by the follower's first poll; the others
	// only by being woken.
	for i, g := range gs {
		put(t, s, g)
		if _, got := receive(t, sub, 1); got[0] != store.Position(i+1) {
			t.Errorf("change %d at position %d", i+1, got[0])
		}
	}
}
