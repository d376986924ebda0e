// Package follow feeds live subscribers from a store's change feed
// (store.ChangeFeed).
//
// A Follower polls the feed (while it has subscribers) and keeps its
// recent changes in memory; each
// Subscription walks the feed from its own position, reading from that
// memory while it keeps up and from the store when it is further behind
// (resuming from an old cursor, or a slow reader). Since each subscription
// goes from position to position, it never misses a change nor sees one
// twice, and the switch from replaying the past to following live changes
// is nothing but reading the next position. A slow subscriber never slows
// writers or other subscribers down: it just reads further behind, until
// its position falls out of the feed's retention, which ends it with
// store.ErrFeedExpired (Options.OnDrop counts these).
//
// The follower reads the feed as soon as the store commits a change
// (store.ChangeFeed's FeedCommitted), and every Options.Interval for the
// changes other processes commit.
//
// Every server of a store follows the same feed, so a write through any of
// them reaches the subscribers of all of them.
package follow

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"newsgraph/store"
)

// DefaultInterval is how often a Follower asks the store for new changes
// when nothing wakes it. A commit through this process's store wakes it at
// once (FeedCommitted); the interval is the delay of a write through
// another server on the same store. A quarter of a second keeps that delay below what a
// person watching notices, while the poll costs one indexed read a poll
// (a few per second per server, whatever the number of subscribers).
const DefaultInterval = 250 * time.Millisecond

// DefaultKeep is how many recent changes a Follower keeps in memory for its
// subscribers, when Options.Keep is 0.
const DefaultKeep = 4096

// pageSize is how many changes a subscription reads from the store at a
// time when it is behind the follower's memory.
const pageSize = 256

// ErrClosed ends the subscriptions when the follower closes (at shutdown).
var ErrClosed = errors.New("subscriptions closed: the server is shutting down")

// Options configure a Follower.
type Options struct {
	// Interval between polls (DefaultInterval if 0).
	Interval time.Duration
	// Keep is how many recent changes to keep in memory (DefaultKeep if
	// 0).
	Keep int
	// OnDrop, if set, is called for every subscription ended for falling
	// behind the feed's retention.
	OnDrop func()
	// Logger receives the follower's warnings (slog.Default if nil).
	Logger *slog.Logger
}

// Follower follows a change feed for its subscriptions. It polls only
// while it has subscribers: the first subscription starts the polling, and
// it stops once the last one has ended.
type Follower struct {
	ctx  context.Context // bounds the polling
	feed store.ChangeFeed
	opts Options

	mu      sync.RWMutex
	polling bool           // run is running
	started bool           // head is known
	head    store.Position // the latest position read
	recent  []store.Change // the latest changes read, at positions that follow one another
	moved   chan struct{}  // closed, and replaced, when head moves
	subs    map[*Subscription]struct{}
	closed  bool
}

// New returns a follower of feed, which polls only while ctx lasts.
func New(ctx context.Context, feed store.ChangeFeed, opts Options) *Follower {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Keep <= 0 {
		opts.Keep = DefaultKeep
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Follower{ctx: ctx, feed: feed, opts: opts, moved: make(chan struct{}),
		subs: map[*Subscription]struct{}{}}
}

// run polls the feed, at once after a commit through the store and every
// interval otherwise, until ctx ends or no subscriber is left. Failures
// (the store unavailable) are logged and the poll tried again at the next
// interval.
func (f *Follower) run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	failing := false
	var committed <-chan struct{}
	for {
		select {
		case <-ctx.Done():
			f.stop(true)
			return
		case <-timer.C:
		case <-committed:
		}
		if f.stop(false) {
			return
		}
		// Asked before the poll: a commit while it reads wakes the next
		// wait.
		committed = f.feed.FeedCommitted()
		more, err := f.poll(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			if !failing {
				f.opts.Logger.Warn("following the change feed failed; trying again", "error", err)
			}
			failing = true
		case err == nil && failing:
			f.opts.Logger.Info("following the change feed again")
			failing = false
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		if more {
			timer.Reset(0)
		} else {
			timer.Reset(f.opts.Interval)
		}
	}
}

// poll reads the changes after head, and reports whether there may be
// more.
func (f *Follower) poll(ctx context.Context) (more bool, err error) {
	f.mu.RLock()
	started, head := f.started, f.head
	f.mu.RUnlock()
	if !started {
		return true, f.restart(ctx)
	}
	cs, err := f.feed.Changes(ctx, head, store.MaxChangesPage)
	if errors.Is(err, store.ErrFeedExpired) || errors.Is(err, store.ErrInvalid) {
		// The follower fell behind the retention (the server was
		// stalled), or the feed is behind the head (the store was
		// emptied): start again from the latest position. Subscribers
		// that were behind find out from the store themselves.
		f.opts.Logger.Warn("the change feed moved away from this server's position; following it from its latest", "position", head, "error", err)
		return true, f.restart(ctx)
	}
	if err != nil || len(cs) == 0 {
		return false, err
	}
	f.mu.Lock()
	f.recent = append(f.recent, cs...)
	if extra := len(f.recent) - f.opts.Keep; extra > 0 {
		f.recent = append([]store.Change(nil), f.recent[extra:]...)
	}
	f.head = cs[len(cs)-1].Position
	f.signal()
	f.mu.Unlock()
	return len(cs) == store.MaxChangesPage, nil
}

// restart follows the feed from its latest position, forgetting what it
// read.
func (f *Follower) restart(ctx context.Context) error {
	_, latest, err := f.feed.FeedBounds(ctx)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.started, f.head, f.recent = true, latest, nil
	f.signal()
	f.mu.Unlock()
	return nil
}

// stop ends the polling, forgetting what it read, when there is no
// subscriber left (or always, when force is set), and reports whether it
// did.
func (f *Follower) stop(force bool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !force && len(f.subs) > 0 {
		return false
	}
	f.polling, f.started, f.head, f.recent = false, false, 0, nil
	return true
}

// signal wakes the subscriptions waiting for head to move; f.mu is held.
func (f *Follower) signal() {
	close(f.moved)
	f.moved = make(chan struct{})
}

// Close ends every subscription with ErrClosed and refuses new ones. It
// does not stop Run (its context does).
func (f *Follower) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for sub := range f.subs {
		sub.end(ErrClosed)
	}
	f.subs = map[*Subscription]struct{}{}
}

// Subscribers is how many subscriptions are open.
func (f *Follower) Subscribers() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.subs)
}

// Subscribe starts a subscription to the changes after position after, or,
// when after is nil, to those committed from now on. It fails with an
// error wrapping store.ErrFeedExpired when the changes after after are no
// longer retained, store.ErrInvalid when after is beyond the feed's latest
// position, and the store's error when it cannot read the feed. The
// subscription ends with ctx.
func (f *Follower) Subscribe(ctx context.Context, after *store.Position) (*Subscription, error) {
	oldest, latest, err := f.feed.FeedBounds(ctx)
	if err != nil {
		return nil, err
	}
	pos := latest
	if after != nil {
		if err := store.CheckFeedPosition(*after, oldest, latest); err != nil {
			return nil, err
		}
		pos = *after
	}
	sub := &Subscription{f: f, ch: make(chan store.Change), done: make(chan struct{})}
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil, ErrClosed
	}
	f.subs[sub] = struct{}{}
	if !f.polling && f.ctx.Err() == nil {
		f.polling = true
		go f.run(f.ctx)
	}
	f.mu.Unlock()
	go sub.run(ctx, pos)
	return sub, nil
}

// next returns the changes after pos that the follower holds, or, when it
// holds none, whether pos is behind them (read the store) and the channel
// that is closed when more arrive.
func (f *Follower) next(pos store.Position) (cs []store.Change, behind bool, moved <-chan struct{}) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if !f.started || pos >= f.head {
		return nil, false, f.moved
	}
	if len(f.recent) == 0 || pos+1 < f.recent[0].Position {
		return nil, true, f.moved
	}
	i := int(pos + 1 - f.recent[0].Position)
	return f.recent[i:min(len(f.recent), i+pageSize)], false, f.moved
}

// Subscription receives the changes after its starting position, in
// order, each once.
type Subscription struct {
	f    *Follower
	ch   chan store.Change
	done chan struct{}

	once sync.Once
	mu   sync.Mutex
	err  error
}

// Changes delivers the changes. It is closed when the subscription ends;
// Err then says why.
func (sub *Subscription) Changes() <-chan store.Change { return sub.ch }

// Err is why the subscription ended: store.ErrFeedExpired (wrapped) when
// it fell behind the retention, ErrClosed at shutdown, or nil.
func (sub *Subscription) Err() error {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	return sub.err
}

// Close ends the subscription.
func (sub *Subscription) Close() {
	sub.f.mu.Lock()
	delete(sub.f.subs, sub)
	sub.f.mu.Unlock()
	sub.end(nil)
}

// end ends the subscription with err, and reports whether this call did
// (rather than an earlier one).
func (sub *Subscription) end(err error) (ended bool) {
	sub.once.Do(func() {
		sub.mu.Lock()
		sub.err = err
		sub.mu.Unlock()
		close(sub.done)
		ended = true
	})
	return ended
}

// run delivers the changes after pos until the subscription ends.
func (sub *Subscription) run(ctx context.Context, pos store.Position) {
	defer close(sub.ch)
	defer func() {
		sub.f.mu.Lock()
		delete(sub.f.subs, sub)
		sub.f.mu.Unlock()
	}()
	retry := sub.f.opts.Interval
	for {
		cs, behind, moved := sub.f.next(pos)
		if behind {
			var err error
			cs, err = sub.f.feed.Changes(ctx, pos, pageSize)
			switch {
			case errors.Is(err, store.ErrFeedExpired):
				if sub.end(err) && sub.f.opts.OnDrop != nil {
					sub.f.opts.OnDrop()
				}
				return
			case err != nil:
				// The store cannot answer now: try again.
				select {
				case <-ctx.Done():
					sub.end(nil)
					return
				case <-sub.done:
					return
				case <-time.After(retry):
				}
				continue
			}
		}
		if len(cs) == 0 {
			select {
			case <-ctx.Done():
				sub.end(nil)
				return
			case <-sub.done:
				return
			case <-moved:
			}
			continue
		}
		for _, c := range cs {
			select {
			case sub.ch <- c:
				pos = c.Position
			case <-ctx.Done():
				sub.end(nil)
				return
			case <-sub.done:
				return
			}
		}
	}
}
