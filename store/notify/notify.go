// Package notify tells live subscribers what is written to a store.
//
// Store decorates a store.Store: PutArticle publishes an Event after the
// wrapped store has committed the article, and nothing when the put failed
// (a failed put is rolled back) or changed nothing (Unchanged). Subscribers
// get every article committed after Subscribe returned and none committed
// before: Subscribe waits for the puts in flight to finish publishing, and
// puts that start while it waits wait for it.
//
// A subscriber never slows writers down. Each has a bounded buffer; when it
// is full, the subscriber is dropped: its channel is closed and Err reports
// ErrSlowSubscriber. CloseSubscriptions ends every subscription (at
// shutdown) with ErrClosed.
package notify

import (
	"context"
	"errors"
	"slices"
	"sync"

	"newsgraph/store"
)

// DefaultBuffer is how many events a subscriber may fall behind before it
// is dropped, when Options.Buffer is 0.
const DefaultBuffer = 64

// Errors that end a subscription.
var (
	// ErrSlowSubscriber: the subscriber fell more than its buffer behind.
	ErrSlowSubscriber = errors.New("subscriber dropped: it fell too far behind the writes")
	// ErrClosed: the server is shutting down.
	ErrClosed = errors.New("subscriptions closed: the server is shutting down")
)

// Event is an article committed to the store.
type Event struct {
	// Graph is the article and its claims as they were put, with every
	// evidence's Article filled in. Subscribers share it: read only.
	Graph *store.ArticleGraph
	// Result is what PutArticle reported: Created or Replaced.
	Result store.PutResult
}

// Options configure a Store.
type Options struct {
	// Buffer is how many events each subscriber may fall behind
	// (DefaultBuffer if 0).
	Buffer int
	// OnDrop, if set, is called (without locks held) for every subscriber
	// dropped for being slow.
	OnDrop func()
	// OnPublish, if set, is called (without locks held) after every
	// event is published: to wake a follower of the store's change feed.
	OnPublish func()
}

// Store is a store.Store that publishes what PutArticle and PutArticles
// commit. Its other methods are the wrapped store's.
type Store struct {
	store.Store
	opts Options

	// barrier orders subscriptions with writes: puts hold it shared from
	// before the commit until after publishing, Subscribe holds it
	// exclusively while registering.
	barrier sync.RWMutex

	mu     sync.Mutex // guards subs and closed
	subs   map[*Subscription]struct{}
	closed bool
}

// New wraps s.
func New(s store.Store, opts Options) *Store {
	if opts.Buffer <= 0 {
		opts.Buffer = DefaultBuffer
	}
	return &Store{Store: s, opts: opts, subs: map[*Subscription]struct{}{}}
}

// PutArticle puts the article into the wrapped store and, once it is
// committed, publishes it to every subscriber.
func (s *Store) PutArticle(ctx context.Context, g *store.ArticleGraph) (store.PutResult, error) {
	s.barrier.RLock()
	defer s.barrier.RUnlock()
	res, err := s.Store.PutArticle(ctx, g)
	if err != nil || res.Outcome == store.Unchanged {
		return res, err
	}
	s.publish(Event{Graph: snapshot(g), Result: res})
	return res, nil
}

// PutArticles writes a batch and publishes, once the batch is committed,
// every article it created or replaced.
func (s *Store) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	s.barrier.RLock()
	defer s.barrier.RUnlock()
	results, err := s.Store.PutArticles(ctx, gs)
	var failed []error
	var be *store.BatchError
	if errors.As(err, &be) {
		failed = be.Errs
	} else if err != nil {
		return results, err
	}
	for i, g := range gs {
		if i >= len(results) || (i < len(failed) && failed[i] != nil) || results[i].Outcome == store.Unchanged {
			continue
		}
		s.publish(Event{Graph: snapshot(g), Result: results[i]})
	}
	return results, err
}

// Subscribe starts a subscription. It fails with ErrClosed after
// CloseSubscriptions.
func (s *Store) Subscribe() (*Subscription, error) {
	s.barrier.Lock()
	defer s.barrier.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	sub := &Subscription{s: s, ch: make(chan Event, s.opts.Buffer), done: make(chan struct{})}
	s.subs[sub] = struct{}{}
	return sub, nil
}

// Subscribers is how many subscriptions are open.
func (s *Store) Subscribers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// CloseSubscriptions ends every subscription with ErrClosed and refuses new
// ones. Writes go on, unpublished. It does not close the wrapped store.
func (s *Store) CloseSubscriptions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for sub := range s.subs {
		s.end(sub, ErrClosed)
	}
}

// Close ends every subscription and closes the wrapped store.
func (s *Store) Close() error {
	s.CloseSubscriptions()
	return s.Store.Close()
}

// publish hands ev to every subscriber, dropping those whose buffer is
// full. It never blocks.
func (s *Store) publish(ev Event) {
	s.mu.Lock()
	dropped := 0
	for sub := range s.subs {
		select {
		case sub.ch <- ev:
		default:
			s.end(sub, ErrSlowSubscriber)
			dropped++
		}
	}
	s.mu.Unlock()
	if s.opts.OnPublish != nil {
		s.opts.OnPublish()
	}
	if s.opts.OnDrop != nil {
		for range dropped {
			s.opts.OnDrop()
		}
	}
}

// end removes a subscription and closes its channels; s.mu is held.
func (s *Store) end(sub *Subscription, err error) {
	if _, ok := s.subs[sub]; !ok {
		return
	}
	delete(s.subs, sub)
	sub.err = err
	close(sub.ch)
	close(sub.done)
}

// Subscription receives the events published after it started.
type Subscription struct {
	s    *Store
	ch   chan Event
	done chan struct{}
	err  error // set, under s.mu, when the subscription ends
}

// Events delivers the events in the order they were published (puts that
// overlap in time publish in the order they finish). It is closed when the
// subscription ends; Err then says why.
func (sub *Subscription) Events() <-chan Event { return sub.ch }

// Done is closed when the subscription ends, even while events are still
// buffered in Events.
func (sub *Subscription) Done() <-chan struct{} { return sub.done }

// Err is why the subscription ended: ErrSlowSubscriber, ErrClosed, or nil
// (still open, or ended by Close).
func (sub *Subscription) Err() error {
	sub.s.mu.Lock()
	defer sub.s.mu.Unlock()
	return sub.err
}

// Close ends the subscription. It is safe to call more than once.
func (sub *Subscription) Close() {
	sub.s.mu.Lock()
	defer sub.s.mu.Unlock()
	sub.s.end(sub, nil)
}

// snapshot copies what an event shares with subscribers, so that the
// caller of PutArticle may reuse its graph, and fills in the evidence's
// article ids (which PutArticle allows to be empty).
func snapshot(g *store.ArticleGraph) *store.ArticleGraph {
	c := &store.ArticleGraph{
		Article:   g.Article,
		Entities:  slices.Clone(g.Entities),
		Relations: slices.Clone(g.Relations),
	}
	for i := range c.Entities {
		e := &c.Entities[i]
		e.Entity.Aliases = slices.Clone(e.Entity.Aliases)
		e.Entity.Articles = nil
		e.Mentions = slices.Clone(e.Mentions)
	}
	for i := range c.Relations {
		r := &c.Relations[i].Relation
		r.Evidence = slices.Clone(r.Evidence)
		for j := range r.Evidence {
			if r.Evidence[j].Article == "" {
				r.Evidence[j].Article = g.Article.ID
			}
		}
		if r.Qualifiers.Quantity != nil {
			q := *r.Qualifiers.Quantity
			r.Qualifiers.Quantity = &q
		}
	}
	return c
}
