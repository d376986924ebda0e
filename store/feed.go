package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// The change feed: every committed article write (a put that creates or
// replaces an article, a delete) is recorded, in the same transaction as
// the write, as a Change with a Position. Positions order the changes
// totally: the first change a store ever records is at position 1 and each
// next one is one more, with no gaps, in the order the writes committed. A
// reader that has seen the change at position p has seen every change
// before it, so following the feed from a position misses nothing.
//
// The feed is bounded: a store keeps the changes of the last MaxAge and at
// most MaxChanges of them (Retention); older ones are dropped, and asking
// for changes after a position whose successor is gone fails with
// ErrFeedExpired. Servers follow the feed to feed their subscribers, so
// that a write through one server reaches the subscribers of every server
// on the same store, and a subscriber can resume from the last position it
// saw.

// Position is a place in the change feed: the position of a change, or 0,
// before every change.
type Position uint64

// ChangeKind says what a change did to its article.
type ChangeKind string

// The kinds of change.
const (
	// ChangeCreated: an article with a new id was put.
	ChangeCreated ChangeKind = "CREATED"
	// ChangeReplaced: a new version of an article replaced the earlier one.
	ChangeReplaced ChangeKind = "REPLACED"
	// ChangeDeleted: an article was deleted.
	ChangeDeleted ChangeKind = "DELETED"
)

// Change is one committed article write, as the feed records it.
type Change struct {
	Position Position
	// At is when the change was committed, to the millisecond, by the
	// store's clock (Neo4j's, for neo4jstore).
	At   time.Time
	Kind ChangeKind
	// Article is the article as it was put; of a delete, only its ID.
	// Its Text, and the Quote of the evidence of Relations, are there
	// only while the store still holds that version of the article (the
	// same Hash): the feed keeps no second copy of every text, and once
	// a later change replaced or deleted the article, they are empty
	// (Superseded).
	Article Article
	// Entities is how many entities the article mentions (0 for a
	// delete).
	Entities int
	// Relations are the distinct relations the article states, sorted by
	// id, each with the evidence this article gives (sorted), as
	// ChangeOf makes them; none for a delete.
	Relations []Relation
}

// ChangeFeed reads a store's change feed. Both engines implement it; the
// conformance suite checks it.
type ChangeFeed interface {
	// Changes returns, in order, up to limit (at most MaxChangesPage;
	// MaxChangesPage when limit is 0 or less) changes after position
	// after, at positions that follow one another from after+1: when a
	// change is not visible yet (its transaction is still committing), it
	// returns those before it only. It fails with an error wrapping ErrFeedExpired when the change
	// after it is no longer retained, and with one wrapping ErrInvalid
	// when after is beyond the latest position.
	Changes(ctx context.Context, after Position, limit int) ([]Change, error)
	// FeedBounds returns the oldest position retained (latest+1 when no
	// change is retained) and the latest position recorded (0 before the
	// first change).
	FeedBounds(ctx context.Context) (oldest, latest Position, err error)
	// FeedCommitted returns a channel that is closed once a change is
	// committed through this store (this value, in this process) after
	// the call: a follower waits on it rather than a poll interval.
	// Changes committed by other processes on the same database close it
	// not; followers poll for those.
	FeedCommitted() <-chan struct{}
}

// CommitSignal is what a store's FeedCommitted returns: a channel closed,
// and replaced, at every Notify. The zero value is ready to use.
type CommitSignal struct {
	mu sync.Mutex
	ch chan struct{}
}

// Wait returns the channel the next Notify closes.
func (s *CommitSignal) Wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// Notify closes the channel Wait returned, if any was asked for.
func (s *CommitSignal) Notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}

// MaxChangesPage is the most changes one Changes call returns.
const MaxChangesPage = 1000

// ErrFeedExpired means that the changes after a position are no longer all
// retained: the position is older than the feed's retention.
var ErrFeedExpired = errors.New("feed position expired")

// Retention bounds the change feed: a change is dropped once it is older
// than MaxAge or once MaxChanges newer ones are recorded. A zero field
// takes its default (DefaultRetention).
type Retention struct {
	MaxAge     time.Duration
	MaxChanges int
}

// DefaultRetention is the retention when none is given: a week and 100,000
// changes.
var DefaultRetention = Retention{MaxAge: 7 * 24 * time.Hour, MaxChanges: 100_000}

// WithDefaults fills the zero fields of r from DefaultRetention.
func (r Retention) WithDefaults() Retention {
	return Retention{
		MaxAge:     cmp.Or(r.MaxAge, DefaultRetention.MaxAge),
		MaxChanges: cmp.Or(r.MaxChanges, DefaultRetention.MaxChanges),
	}
}

// Check refuses a negative retention.
func (r Retention) Check() error {
	if r.MaxAge < 0 || r.MaxChanges < 0 {
		return fmt.Errorf("%w: the feed's retention must not be negative (%s, %d changes)", ErrInvalid, r.MaxAge, r.MaxChanges)
	}
	return nil
}

// ClampChangesPage is the page size Changes uses for limit.
func ClampChangesPage(limit int) int {
	if limit <= 0 || limit > MaxChangesPage {
		return MaxChangesPage
	}
	return limit
}

// ExpiredError is the error of Changes for a position older than the
// retention.
func ExpiredError(after, oldest Position) error {
	return fmt.Errorf("%w: the changes after position %d are no longer kept (the oldest kept is %d)", ErrFeedExpired, after, oldest)
}

// AheadError is the error of Changes for a position beyond the latest.
func AheadError(after, latest Position) error {
	return fmt.Errorf("%w: feed position %d is beyond the latest change (%d)", ErrInvalid, after, latest)
}

// CheckFeedPosition is what Changes refuses of after, given the feed's
// bounds: nil when the changes after it are all retained.
func CheckFeedPosition(after, oldest, latest Position) error {
	if after > latest {
		return AheadError(after, latest)
	}
	if after+1 < oldest {
		return ExpiredError(after, oldest)
	}
	return nil
}

// Superseded empties what a change of an article version no longer stored
// does not carry (see Change): the article's text and the evidence's
// quotes. It changes c's own relations: ChangeOf's, or decoded ones.
func (c *Change) Superseded() {
	c.Article.Text = ""
	for i := range c.Relations {
		for j := range c.Relations[i].Evidence {
			c.Relations[i].Evidence[j].Quote = ""
		}
	}
}

// ChangeOf is the change a put of g records: its article, its entity count
// and its distinct relations (with ids, evidence filled in with the
// article, sorted and without repeats). Both engines build their changes
// with it so that they are identical. Position and At are left zero.
func ChangeOf(g *ArticleGraph, kind ChangeKind) Change {
	c := Change{Kind: kind, Article: g.Article, Entities: len(g.Entities)}
	byID := map[string]int{}
	for i := range g.Relations {
		r := g.Relations[i].Relation.Clone()
		r.ID = RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
		for j := range r.Evidence {
			if r.Evidence[j].Article == "" {
				r.Evidence[j].Article = g.Article.ID
			}
		}
		if k, ok := byID[r.ID]; ok {
			c.Relations[k].Evidence = append(c.Relations[k].Evidence, r.Evidence...)
			continue
		}
		byID[r.ID] = len(c.Relations)
		c.Relations = append(c.Relations, *r)
	}
	slices.SortFunc(c.Relations, func(a, b Relation) int { return cmp.Compare(a.ID, b.ID) })
	for i := range c.Relations {
		SortEvidence(c.Relations[i].Evidence)
		c.Relations[i].Evidence = slices.Compact(c.Relations[i].Evidence)
	}
	return c
}
