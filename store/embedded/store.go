// Package embedded is newsgraph's embedded store, the default that needs no
// setup: the whole graph in memory, persisted under a directory.
//
// # Model
//
// The store keeps every article as it was put (normalized, see normalize;
// in a compact form that shares what articles repeat, see kept.go) and
// derives the rest: an entity is store.MergeClaims of what each article
// mentioning it claims, a relation holds each stating article's evidence.
// A new article's claims are folded into the entities and evidence it
// touches (store.FoldClaims), at a cost that does not grow with what they
// already hold; putting a new version of an article, or deleting it, takes
// its claims away and merges again only the entities and relations it
// touched. Lookups and
// type restrictions are map lookups; an entity's relations are also kept
// sorted in each list order, so that a page of them (RelationsOf) is read
// from its cursor on; other lists filter the candidates, then sort those
// after the cursor. Search has an inverted
// index of words (search.go); Expand, the step of every traversal, reads
// adjacency (explore.go).
//
// # Concurrency
//
// Many readers, one writer. A write is checked (normalize), prepared (the
// merges of what it touches, the words to index; see prepare.go) and logged
// while readers go on; it takes the write lock only to apply the result, so
// readers see the whole of an article or none of it and are never held up
// for longer than that. A write whose context ends before it is logged is
// abandoned. RelationsOf answers all its queries from one view.
//
// # Persistence
//
// Open(dir) keeps the log file dir/graph.log: one record per put or delete,
// framed with a length and a CRC-32C (see wal.go), synced to disk before
// PutArticle or DeleteArticle returns, so an acknowledged write survives a
// crash or kill -9. Opening replays the log; a torn record at its end (a write
// the crash cut short, never acknowledged) is dropped with a warning, while a
// bad record followed by good ones makes Open fail, naming the file and
// offset. Replay decodes records on every processor and applies them in
// log order (replay.go). Puts of an unchanged article append nothing. When the log holds
// many superseded records, it is rewritten as a snapshot of the live
// articles (see WithCompaction).
//
// A write the disk refuses (full, failing) fails with store.ErrNotWritable
// and leaves nothing behind: reads go on from memory, WriteError says why,
// and once the disk takes writes again they resume, without reopening the
// store; what a failed write left in the log is cut off first (see
// wal.go).
//
// One process at a time may open a directory: Open takes an exclusive lock
// on dir/LOCK (which holds the holder's pid) and fails with an error wrapping
// store.ErrLocked when another process, or another Open in this one, holds
// it.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"newsgraph/store"
)

// DefaultCompactAfter is the number of log records above which the log is
// compacted when it also holds more than twice as many records as there are
// live articles.
const DefaultCompactAfter = 1000

// Store is a store.Store held in memory and, when opened on a directory,
// persisted there. It is safe for concurrent use.
type Store struct {
	dir          string
	logger       *slog.Logger
	compactAfter int

	// wmu serializes writers: the log, and the decisions taken before
	// applying a write, need no lock against readers.
	wmu sync.Mutex
	// mu guards the graph and closed: readers share it, a writer applying
	// an article holds it alone.
	mu     sync.RWMutex
	g      *graph
	closed bool

	// feed is the change feed's retained changes (feed.go), guarded as g.
	feed *feed
	// committed wakes the feed's followers at every commit.
	committed store.CommitSignal

	log  *wal     // nil for a store in memory only
	lock *dirLock // nil for a store in memory only

	// beforeCommit and afterLog, when set (by tests), are called by
	// every write once it is prepared, before its commit, and once it is
	// in the log, before it is applied.
	beforeCommit, afterLog func(ctx context.Context)
}

var _ store.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithLogger sends the store's warnings (a torn log record dropped, a
// compaction that failed) to l instead of slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(s *Store) {
		if l != nil {
			s.logger = l
		}
	}
}

// WithCompaction sets how many log records there must be before the log is
// compacted (DefaultCompactAfter when not given); it is compacted when it
// holds more than that many records and more than twice as many as there are
// live articles. A negative n never compacts.
func WithCompaction(n int) Option {
	return func(s *Store) { s.compactAfter = n }
}

// errClosed is returned by every call on a closed store.
var errClosed = fmt.Errorf("%w: the embedded store is closed", store.ErrUnavailable)

// New returns an empty store kept in memory only.
func New(opts ...Option) *Store {
	s := &Store{logger: slog.Default(), compactAfter: DefaultCompactAfter, g: newGraph(), feed: newFeed()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Open opens the store persisted in dir, creating the directory if needed,
// and replays its log. An empty dir gives a store in memory only (as New).
func Open(dir string, opts ...Option) (*Store, error) {
	s := New(opts...)
	if dir == "" {
		return s, nil
	}
	s.dir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("embedded store: creating %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s.lock = lock
	rp := newReplayer(s.g)
	rp.feed = s.feed
	s.log, err = openLog(dir, s.logger, rp.apply)
	if err != nil {
		lock.release()
		return nil, err
	}
	rp.finish()
	s.maybeCompact()
	return s, nil
}

// Dir is the directory the store is persisted in, "" for a store in memory.
func (s *Store) Dir() string { return s.dir }

// PutArticle stores an article with its entities and relations, replacing
// an earlier version with the same id.
func (s *Store) PutArticle(ctx context.Context, a *store.ArticleGraph) (store.PutResult, error) {
	if err := ctx.Err(); err != nil {
		return store.PutResult{}, err
	}
	g, err := normalize(a)
	if err != nil {
		return store.PutResult{}, err
	}
	res := store.PutResult{Outcome: store.Created, Entities: len(g.Entities), Relations: len(g.Relations)}

	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed {
		return store.PutResult{}, errClosed
	}
	// Only writers change the graph, and this one holds wmu: reading it
	// needs no other lock.
	if old := s.g.articles[g.Article.ID]; old != nil {
		if old.article.Hash == g.Article.Hash {
			res.Outcome = store.Unchanged
			return res, nil
		}
		res.Outcome = store.Replaced
	}
	if _, _, err := s.commit(ctx, []logRecord{{Op: opPut, Article: g}}); err != nil {
		return store.PutResult{}, err
	}
	return res, nil
}

// DeleteArticle removes an article and every entity and relation that only
// it supported.
func (s *Store) DeleteArticle(ctx context.Context, id string) (store.DeleteResult, error) {
	if err := ctx.Err(); err != nil {
		return store.DeleteResult{}, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed {
		return store.DeleteResult{}, errClosed
	}
	if s.g.articles[id] == nil {
		return store.DeleteResult{}, nil
	}
	entities, relations, err := s.commit(ctx, []logRecord{{Op: opDelete, ID: id}})
	if err != nil {
		return store.DeleteResult{}, err
	}
	return store.DeleteResult{Found: true, RemovedEntities: entities, RemovedRelations: relations}, nil
}

// commit carries out a write: it prepares the records without the read
// lock (see prepare.go); then, unless ctx is done by then, appends them to
// the log, which is the commit point, and applies them under the read lock.
// A write whose context ends before the commit is abandoned: nothing of it
// is logged or applied. One that commits is applied and reported whatever
// ctx says afterwards, so that the answer never contradicts what is stored.
// It returns how many entities and relations the write removed. The caller
// holds wmu.
func (s *Store) commit(ctx context.Context, recs []logRecord) (entities, relations int, err error) {
	for i := range recs {
		if recs[i].Article != nil {
			recs[i].kept = keepArticle(recs[i].Article)
		}
	}
	p := s.g.prepare(recs)
	changes := s.feed.stamp(recs, s.g)
	if s.beforeCommit != nil {
		s.beforeCommit(ctx)
	}
	if err := ctx.Err(); err != nil {
		return 0, 0, fmt.Errorf("embedded store: write abandoned before its commit: %w", err)
	}
	if s.log != nil {
		if err := s.log.append(recs...); err != nil {
			return 0, 0, err
		}
	}
	if s.afterLog != nil {
		s.afterLog(ctx)
	}
	s.mu.Lock()
	entities, relations = s.g.apply(recs, p)
	s.feed.add(changes...)
	s.mu.Unlock()
	s.committed.Notify()
	store.RecordToken(ctx, positionToken(changes[len(changes)-1].pos))
	if err := ctx.Err(); err != nil {
		// The caller may have stopped waiting: say that the write is in.
		s.logger.Warn("embedded store: a write was committed after its context ended; it is stored",
			"op", recs[0].Op, "article", recordArticle(recs[0]), "records", len(recs), "error", err)
	}
	s.maybeCompact()
	return entities, relations, nil
}

// recordArticle is the id of the article a record puts or deletes.
func recordArticle(rec logRecord) string {
	if rec.Article != nil {
		return rec.Article.Article.ID
	}
	return rec.ID
}

// maybeCompact compacts the log when it has grown past its thresholds. A
// failed compaction leaves the log as it was (or, failing later, refusing
// writes) and is only logged: the write that triggered it is already
// durable. The caller holds wmu (or is Open).
func (s *Store) maybeCompact() {
	w := s.log
	if w == nil || s.compactAfter < 0 || w.records <= s.compactAfter || w.records <= 2*len(s.g.articles) {
		return
	}
	if err := s.compact(); err != nil {
		s.logger.Warn("embedded store: compacting the log failed", "file", w.path, "error", err)
	}
}

// compact rewrites the log as a snapshot of the live articles. The caller
// holds wmu.
func (s *Store) compact() error {
	live := func(yield func(*store.ArticleGraph) bool) {
		for _, id := range s.g.articleIDs.all() {
			if !yield(s.g.graphOf(s.g.articles[id])) {
				return
			}
		}
	}
	return s.log.compact(live, len(s.g.articles), s.feed.tail(s.g))
}

// Compact rewrites the log now as a snapshot of the live articles. It does
// nothing for a store in memory only.
func (s *Store) Compact(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed {
		return errClosed
	}
	if s.log == nil {
		return nil
	}
	return s.compact()
}

// Ping reports whether the store is open.
func (s *Store) Ping(ctx context.Context) error {
	unlock, err := s.read(ctx)
	if err != nil {
		return err
	}
	unlock()
	return nil
}

// WriteError reports why the store cannot write now, or nil: the error of
// its last write to the log when that failed (a full disk, a failed
// device) and no write has succeeded since; it wraps store.ErrNotWritable.
// While it is set, WriteError first repairs a broken log (see wal.go), then
// writes and removes a small file next to the log: when both work, writes
// work again, and it clears. It never waits behind a write: readiness
// probes call it. While a write runs, it reports the last failure (the
// write repairs the log itself).
func (s *Store) WriteError() error {
	w := s.log
	if w == nil {
		return nil
	}
	f := w.failed.Load()
	if f == nil {
		return nil
	}
	if f.broken && !s.tryRepair() {
		return f.err
	}
	if probeWrite(s.dir) == nil {
		w.failed.CompareAndSwap(f, nil)
		return nil
	}
	return f.err
}

// tryRepair repairs a broken log unless a write holds the write lock; it
// reports whether the log is whole.
func (s *Store) tryRepair() bool {
	if !s.wmu.TryLock() {
		return false
	}
	defer s.wmu.Unlock()
	return !s.closed && s.log.repair() == nil
}

// probeSize is the size of the file probeWrite writes.
const probeSize = 64 << 10

// probeWrite writes, syncs and removes a file of probeSize bytes in dir.
func probeWrite(dir string) error {
	path := filepath.Join(dir, "write-probe")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(make([]byte, probeSize))
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close(), os.Remove(path))
}

// Close releases the store: its log file and its directory lock. Calls
// after Close fail; closing twice does nothing.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.g = nil
	var errs []error
	if s.log != nil {
		errs = append(errs, s.log.close())
	}
	if s.lock != nil {
		errs = append(errs, s.lock.release())
	}
	return errors.Join(errs...)
}

// read takes the read lock for a reader, failing when the context is done
// or the store closed; the caller calls the returned unlock.
func (s *Store) read(ctx context.Context) (unlock func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, errClosed
	}
	if token := store.ReadToken(ctx); token != "" {
		if err := s.checkToken(token); err != nil {
			s.mu.RUnlock()
			return nil, err
		}
	}
	return s.mu.RUnlock, nil
}

// DataSize is the size in bytes of the store persisted in dir (its log),
// 0 when there is none yet. The store's memory grows with it: opened, a
// store holds about as many bytes of live heap as its log has (see
// docs/SCALING.md), which lets a process size its memory before opening it.
func DataSize(dir string) (int64, error) {
	info, err := os.Stat(filepath.Join(dir, logFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("embedded store: %w", err)
	}
	return info.Size(), nil
}
