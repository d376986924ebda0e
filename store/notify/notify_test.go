package notify_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/notify"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fakeStore answers PutArticle as told; the rest of store.Store is not
// used.
type fakeStore struct {
	store.Store
	mu      sync.Mutex
	outcome store.PutOutcome
	err     error
	puts    int
	// entered, if set, receives a value when PutArticle starts; block,
	// if set, is then waited on.
	entered chan struct{}
	block   chan struct{}
}

func (f *fakeStore) PutArticle(_ context.Context, g *store.ArticleGraph) (store.PutResult, error) {
	if f.entered != nil {
		f.entered <- struct{}{}
	}
	if f.block != nil {
		<-f.block
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.puts++
	if f.err != nil {
		return store.PutResult{}, f.err
	}
	return store.PutResult{Outcome: f.outcome, Entities: len(g.Entities), Relations: len(g.Relations)}, nil
}

func (f *fakeStore) Close() error { return nil }

// article is a small article graph with one relation whose evidence has
// no article id (PutArticle allows that).
func article(id string) *store.ArticleGraph {
	return &store.ArticleGraph{
		Article: store.Article{ID: store.ArticleID(id), Title: id, Text: "A met B.", Hash: id},
		Entities: []store.EntityClaim{
			{Entity: store.Entity{ID: "actor:a", Type: "Actor", Name: "A"}, Mentions: []store.Span{{Start: 0, End: 1}}},
			{Entity: store.Entity{ID: "actor:b", Type: "Actor", Name: "B"}, Mentions: []store.Span{{Start: 6, End: 7}}},
		},
		Relations: []store.RelationClaim{{Relation: store.Relation{
			ID:   store.RelationID("COOPERATED_WITH", "actor:a", "actor:b", store.Qualifiers{}),
			Type: "COOPERATED_WITH", Source: "actor:a", Target: "actor:b",
			Evidence: []store.Evidence{{Quote: "A met B.", Start: 0, End: 8}},
		}}},
	}
}

// receive waits for the next event of sub.
func receive(t *testing.T, sub *notify.Subscription) notify.Event {
	t.Helper()
	select {
	case ev, ok := <-sub.Events():
		if !ok {
			t.Fatalf("subscription ended: %v", sub.Err())
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return notify.Event{}
}

// nothingPending fails if sub has an event waiting.
func nothingPending(t *testing.T, sub *notify.Subscription) {
	t.Helper()
	select {
	case ev := <-sub.Events():
		t.Fatalf("unexpected event for %s", ev.Graph.Article.ID)
	default:
	}
}

func subscribe(t *testing.T, s *notify.Store) *notify.Subscription {
	t.Helper()
	sub, err := s.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Close)
	return sub
}

func TestPublishesCommittedArticles(t *testing.T) {
	fake := &fakeStore{outcome: store.Created}
	s := notify.New(fake, notify.Options{})
	before := article("before")
	if _, err := s.PutArticle(context.Background(), before); err != nil {
		t.Fatal(err)
	}
	sub := subscribe(t, s)
	nothingPending(t, sub) // committed before the subscription

	g := article("first")
	if _, err := s.PutArticle(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	ev := receive(t, sub)
	want := store.PutResult{Outcome: store.Created, Entities: 2, Relations: 1}
	if diff := cmp.Diff(want, ev.Result); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if got := ev.Graph.Relations[0].Relation.Evidence[0].Article; got != "article:first" {
		t.Errorf("evidence article %q, want it filled in with article:first", got)
	}
	// The event is a copy: the caller may reuse its graph.
	g.Relations[0].Relation.Evidence[0].Quote = "changed"
	if ev.Graph.Relations[0].Relation.Evidence[0].Quote != "A met B." {
		t.Error("the event shares its evidence with the caller's graph")
	}
	nothingPending(t, sub)
}

func TestPublishesNothingForFailedOrUnchangedPuts(t *testing.T) {
	fake := &fakeStore{err: fmt.Errorf("%w: constraint violated", store.ErrInvalid)}
	s := notify.New(fake, notify.Options{})
	sub := subscribe(t, s)

	if _, err := s.PutArticle(context.Background(), article("bad")); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("PutArticle error %v, want the store's", err)
	}
	fake.err, fake.outcome = nil, store.Unchanged
	if _, err := s.PutArticle(context.Background(), article("same")); err != nil {
		t.Fatal(err)
	}
	nothingPending(t, sub)

	fake.outcome = store.Replaced
	if _, err := s.PutArticle(context.Background(), article("new")); err != nil {
		t.Fatal(err)
	}
	if ev := receive(t, sub); ev.Graph.Article.ID != "article:new" || ev.Result.Outcome != store.Replaced {
		t.Errorf("got %s %s, want article:new REPLACED", ev.Graph.Article.ID, ev.Result.Outcome)
	}
}

func TestWithTheEmbeddedStore(t *testing.T) {
	mem := embedded.New()
	s := notify.New(mem, notify.Options{})
	t.Cleanup(func() { _ = s.Close() })
	sub := subscribe(t, s)
	ctx := context.Background()

	for _, want := range []store.PutOutcome{store.Created, store.Unchanged} {
		res, err := s.PutArticle(ctx, article("one"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Outcome != want {
			t.Fatalf("outcome %s, want %s", res.Outcome, want)
		}
	}
	if ev := receive(t, sub); ev.Result.Outcome != store.Created {
		t.Errorf("outcome %s, want CREATED", ev.Result.Outcome)
	}
	nothingPending(t, sub) // the unchanged put published nothing
}

func TestSlowSubscriberIsDropped(t *testing.T) {
	dropped := 0
	s := notify.New(&fakeStore{outcome: store.Created}, notify.Options{Buffer: 2, OnDrop: func() { dropped++ }})
	slow := subscribe(t, s)
	fast := subscribe(t, s)

	// Writers never wait for the slow subscriber: five puts return
	// although it reads nothing.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 5 {
			if _, err := s.PutArticle(context.Background(), article(fmt.Sprint(i))); err != nil {
				t.Error(err)
			}
			receive(t, fast)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("writers blocked on a slow subscriber")
	}

	// The slow one got its buffer's worth, then was dropped.
	for i := range 2 {
		if ev := receive(t, slow); ev.Graph.Article.ID != store.ArticleID(fmt.Sprint(i)) {
			t.Errorf("event %d is %s", i, ev.Graph.Article.ID)
		}
	}
	if _, ok := <-slow.Events(); ok {
		t.Error("the slow subscriber got more than its buffer")
	}
	if !errors.Is(slow.Err(), notify.ErrSlowSubscriber) || dropped != 1 {
		t.Errorf("Err() = %v, dropped %d; want ErrSlowSubscriber, 1", slow.Err(), dropped)
	}
	if fast.Err() != nil || s.Subscribers() != 1 {
		t.Errorf("fast subscriber: Err() = %v, %d subscribers", fast.Err(), s.Subscribers())
	}
}

func TestCloseSubscriptions(t *testing.T) {
	fake := &fakeStore{outcome: store.Created}
	s := notify.New(fake, notify.Options{})
	sub := subscribe(t, s)
	s.CloseSubscriptions()
	select {
	case <-sub.Done():
	default:
		t.Fatal("Done not closed")
	}
	if _, ok := <-sub.Events(); ok || !errors.Is(sub.Err(), notify.ErrClosed) {
		t.Errorf("after CloseSubscriptions: Err() = %v", sub.Err())
	}
	if _, err := s.Subscribe(); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Subscribe after CloseSubscriptions: %v, want ErrClosed", err)
	}
	// Writes go on.
	if _, err := s.PutArticle(context.Background(), article("later")); err != nil || fake.puts != 1 {
		t.Errorf("PutArticle after CloseSubscriptions: %v (%d puts)", err, fake.puts)
	}
	sub.Close() // a second close is harmless
}

// TestSubscribeWaitsForPutsInFlight checks the boundary: a put that is
// committing when Subscribe is called finishes (and publishes to the
// subscribers it had) before the new subscription starts, so the new
// subscriber never sees it.
func TestSubscribeWaitsForPutsInFlight(t *testing.T) {
	fake := &fakeStore{outcome: store.Created, entered: make(chan struct{}), block: make(chan struct{})}
	s := notify.New(fake, notify.Options{})
	early := subscribe(t, s)

	putDone := make(chan struct{})
	go func() {
		defer close(putDone)
		if _, err := s.PutArticle(context.Background(), article("in-flight")); err != nil {
			t.Error(err)
		}
	}()
	<-fake.entered // the put is committing

	subscribed := make(chan *notify.Subscription, 1)
	go func() {
		sub, err := s.Subscribe()
		if err != nil {
			t.Error(err)
		}
		subscribed <- sub
	}()
	select {
	case sub := <-subscribed:
		sub.Close()
		t.Fatal("Subscribe returned while a put was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	close(fake.block)
	<-putDone
	late := <-subscribed
	t.Cleanup(late.Close)

	if ev := receive(t, early); ev.Graph.Article.ID != "article:in-flight" {
		t.Errorf("early subscriber got %s", ev.Graph.Article.ID)
	}
	nothingPending(t, late)
}

// TestBatchesPublishWhatTheyCommit: PutArticles publishes the articles of
// the batch that were stored, not the failed or unchanged ones.
func TestBatchesPublishWhatTheyCommit(t *testing.T) {
	mem := embedded.New()
	s := notify.New(mem, notify.Options{})
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	if _, err := s.PutArticle(ctx, article("old")); err != nil {
		t.Fatal(err)
	}
	sub := subscribe(t, s)

	bad := article("bad")
	bad.Relations[0].Relation.ID = "relation:wrong"
	results, err := s.PutArticles(ctx, []*store.ArticleGraph{article("old"), bad, article("new")})
	var be *store.BatchError
	if !errors.As(err, &be) || be.Failed() != 1 || be.Errs[1] == nil {
		t.Fatalf("PutArticles: %v, want the second article to fail", err)
	}
	if results[0].Outcome != store.Unchanged || results[2].Outcome != store.Created {
		t.Errorf("results %+v", results)
	}
	if ev := receive(t, sub); ev.Graph.Article.ID != "article:new" {
		t.Errorf("event for %s, want article:new", ev.Graph.Article.ID)
	}
	nothingPending(t, sub)
}

// TestExplorationAndNamesPassThrough: the decorator answers with the
// wrapped engine's exploration and name resolution.
func TestExplorationAndNamesPassThrough(t *testing.T) {
	mem := embedded.New()
	s := notify.New(mem, notify.Options{})
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	if _, err := s.PutArticle(ctx, article("one")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := mem.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats (-engine +decorator):\n%s", diff)
	}
	if got.Articles != 1 {
		t.Errorf("Stats counts %d articles, want 1", got.Articles)
	}
}
