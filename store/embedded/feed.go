package embedded

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsgraph/store"
)

// The change feed (store.ChangeFeed) of the embedded store is its log: every
// put and delete record carries its position ("seq") and commit time
// ("at"), assigned by the writer, which holds wmu, so positions follow the
// order of the log. The store keeps the retained changes in memory as well
// (feed), pointing at the article versions the records put. A compaction,
// which rewrites the log as a snapshot of the live articles, keeps the
// retained changes as records of their own (opChange, replayed into the
// feed only) and the latest position (opPosition), so that positions never
// repeat. Records of logs written before the feed (format version 1) carry
// no position: they are state, not changes.

// Log record operations of the feed.
const (
	// opChange is a retained change, kept by a compaction: it goes to the
	// feed, not to the graph.
	opChange = "change"
	// opPosition records the latest position, kept by a compaction.
	opPosition = "position"
)

var _ store.ChangeFeed = (*Store)(nil)

// WithRetention bounds the change feed (store.DefaultRetention for zero
// fields).
func WithRetention(r store.Retention) Option {
	return func(s *Store) { s.feed.retention = r.WithDefaults() }
}

// feedEntry is a retained change.
type feedEntry struct {
	pos  store.Position
	at   int64 // Unix milliseconds
	kind store.ChangeKind
	art  *keptArticle // of a put; shared, read only
	id   string       // of a delete
}

// feed is the retained changes, oldest first, with positions that follow
// one another. Writers change it holding wmu and mu; readers hold mu
// shared.
type feed struct {
	retention store.Retention
	latest    store.Position
	entries   []feedEntry
	// now is the clock (time.Now but in tests).
	now func() time.Time
}

func newFeed() *feed {
	return &feed{retention: store.DefaultRetention, now: time.Now}
}

// stamp gives each record of a write its position and time, and returns
// the changes they make, given the graph before them. It changes nothing
// of the feed: add does, once the records are in the log.
func (f *feed) stamp(recs []logRecord, g *graph) []feedEntry {
	at := f.now().UnixMilli()
	// exists tracks the articles the records before each one leave.
	exists := map[string]bool{}
	out := make([]feedEntry, len(recs))
	for i := range recs {
		rec := &recs[i]
		rec.Seq, rec.At = f.latest+store.Position(i)+1, at
		id := recordArticle(*rec)
		was, seen := exists[id]
		if !seen {
			was = g.articles[id] != nil
		}
		out[i] = entryOf(*rec, was)
		exists[id] = rec.Op == opPut
	}
	return out
}

// entryOf is the change of a put or delete record, given whether its
// article existed before it.
func entryOf(rec logRecord, existed bool) feedEntry {
	e := feedEntry{pos: rec.Seq, at: rec.At}
	switch {
	case rec.Op == opDelete:
		e.kind, e.id = store.ChangeDeleted, rec.ID
	case existed:
		e.kind, e.art = store.ChangeReplaced, rec.kept
	default:
		e.kind, e.art = store.ChangeCreated, rec.kept
	}
	return e
}

// add appends changes and drops those past the retention.
func (f *feed) add(es ...feedEntry) {
	for _, e := range es {
		if e.pos <= f.latest {
			continue // a change a compaction kept, replayed twice
		}
		f.entries = append(f.entries, e)
		f.latest = e.pos
	}
	f.trim()
}

// trim drops the changes past the retention.
func (f *feed) trim() {
	cutoff := f.cutoff()
	drop := max(len(f.entries)-f.retention.MaxChanges, 0)
	for drop < len(f.entries) && f.entries[drop].at < cutoff {
		drop++
	}
	if drop > 0 {
		// Dropping from the front of the slice, rather than copying what
		// stays, keeps a write's cost flat once the feed is full: the
		// array is copied (with only what stays) when append grows it.
		// The dropped entries let go of their articles at once.
		clear(f.entries[:drop])
		f.entries = f.entries[drop:]
	}
}

// cutoff is the time (Unix milliseconds) before which changes are dropped.
func (f *feed) cutoff() int64 { return f.now().Add(-f.retention.MaxAge).UnixMilli() }

// retained returns the retained changes: those not yet trimmed that are
// within the age bound now.
func (f *feed) retained() []feedEntry {
	cutoff := f.cutoff()
	i := 0
	for i < len(f.entries) && f.entries[i].at < cutoff {
		i++
	}
	return f.entries[i:]
}

// bounds is FeedBounds.
func (f *feed) bounds() (oldest, latest store.Position) {
	if es := f.retained(); len(es) > 0 {
		return es[0].pos, f.latest
	}
	return f.latest + 1, f.latest
}

// change is the store.Change of an entry.
func (e feedEntry) change(g *graph) store.Change {
	at := time.UnixMilli(e.at).UTC()
	if e.art == nil {
		return store.Change{Position: e.pos, At: at, Kind: e.kind, Article: store.Article{ID: e.id}}
	}
	c := store.ChangeOf(g.graphOf(e.art), e.kind)
	c.Position, c.At = e.pos, at
	return c
}

// articleID is the id of the entry's article.
func (e feedEntry) articleID() string {
	if e.art != nil {
		return e.art.article.ID
	}
	return e.id
}

// record is the log record that keeps an entry through a compaction.
func (e feedEntry) record(g *graph) logRecord {
	rec := logRecord{Op: opChange, Seq: e.pos, At: e.at, Kind: e.kind, ID: e.id}
	if e.art != nil {
		rec.Article = g.graphOf(e.art)
	}
	return rec
}

// Changes implements store.ChangeFeed.
func (s *Store) Changes(ctx context.Context, after store.Position, limit int) ([]store.Change, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	oldest, latest := s.feed.bounds()
	if err := store.CheckFeedPosition(after, oldest, latest); err != nil {
		return nil, err
	}
	es := s.feed.retained()
	if len(es) == 0 {
		return nil, nil
	}
	from := int(after + 1 - es[0].pos)
	es = es[from:min(len(es), from+store.ClampChangesPage(limit))]
	out := make([]store.Change, len(es))
	for i, e := range es {
		out[i] = e.change(s.g)
		// The text of a version no longer stored is not the feed's to
		// give (store.Change), as in every engine.
		if cur := s.g.articles[e.articleID()]; cur == nil || cur.article.Hash != out[i].Article.Hash {
			out[i].Superseded()
		}
	}
	return out, nil
}

// FeedBounds implements store.ChangeFeed.
func (s *Store) FeedBounds(ctx context.Context) (oldest, latest store.Position, err error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer unlock()
	oldest, latest = s.feed.bounds()
	return oldest, latest, nil
}

// FeedCommitted implements store.ChangeFeed: the channel is closed by the
// next commit, once its changes are readable.
func (s *Store) FeedCommitted() <-chan struct{} { return s.committed.Wait() }

// replayFeed takes a record of the log into the feed as the store opens:
// a put or delete with a position (existed says whether its article was
// there before it), a change a compaction kept, or the latest position.
func (f *feed) replay(rec logRecord, existed bool) {
	switch rec.Op {
	case opPut, opDelete:
		if rec.Seq > 0 {
			f.add(entryOf(rec, existed))
		}
	case opChange:
		f.add(feedEntry{pos: rec.Seq, at: rec.At, kind: rec.Kind, art: rec.kept, id: rec.ID})
	case opPosition:
		f.latest = max(f.latest, rec.Seq)
	}
}

// tail is what a compaction writes after the snapshot to keep the feed:
// the retained changes, then the latest position. It changes nothing:
// readers may be reading the feed.
func (f *feed) tail(g *graph) []logRecord {
	var recs []logRecord
	for _, e := range f.retained() {
		recs = append(recs, e.record(g))
	}
	if f.latest == 0 {
		return recs
	}
	return append(recs, logRecord{Op: opPosition, Seq: f.latest})
}

// Consistency tokens (store.ConsistencyWait): the feed position of a write,
// as base64url of "embedded:" and the position. The store is its only
// writer, so a write it returned a token for is visible at once; a
// position beyond its latest is another store's, and never will be.

const tokenPrefix = "embedded:"

func positionToken(p store.Position) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + strconv.FormatUint(uint64(p), 10)))
}

// checkToken checks that the write of a consistency token is visible; the
// caller holds mu.
func (s *Store) checkToken(token string) error {
	b, err := base64.RawURLEncoding.DecodeString(token)
	text, ok := strings.CutPrefix(string(b), tokenPrefix)
	p, perr := strconv.ParseUint(text, 10, 64)
	if err != nil || !ok || perr != nil {
		return fmt.Errorf("%w: malformed consistency token %q: pass the token a write of this API returned", store.ErrInvalid, token)
	}
	if store.Position(p) > s.feed.latest {
		return fmt.Errorf("%w: the token names change %d and this store's latest is %d: a token of another store", store.ErrNotVisible, p, s.feed.latest)
	}
	return nil
}
