package embedded

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// logBuffer is a slog handler's output, safe to read while the store runs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// open opens a store on dir, capturing its warnings, and closes it at the
// end of the test.
func open(t *testing.T, dir string, opts ...Option) (*Store, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	opts = append([]Option{WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)
	s, err := Open(dir, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, logs
}

func put(t *testing.T, s *Store, gs ...*store.ArticleGraph) {
	t.Helper()
	for _, g := range gs {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatalf("PutArticle(%s): %v", g.Article.ID, err)
		}
	}
}

func closeStore(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	m := storetest.NewModel()
	for _, g := range append(storetest.Ukraine(), storetest.Chain(40), storetest.Star(8)) {
		put(t, s, g)
		m.Put(g)
	}
	// A replacement and a delete, which replay must apply in order.
	changed := storetest.IstanbulTalks()
	changed.Article.Title = "Talks end without a ceasefire"
	changed.Article.Hash += "-v2"
	changed.Relations = changed.Relations[:3]
	put(t, s, changed)
	m.Put(changed)
	if _, err := s.DeleteArticle(t.Context(), store.ArticleID("star")); err != nil {
		t.Fatal(err)
	}
	m.Delete(store.ArticleID("star"))
	before := storetest.TakeSnapshot(t, s)
	closeStore(t, s)

	s, logs := open(t, dir)
	if d := storetest.Diff(before, storetest.TakeSnapshot(t, s)); d != "" {
		t.Errorf("reopened store differs (-before +after):\n%s", d)
	}
	storetest.CheckModel(t, s, m)
	if logs.String() != "" {
		t.Errorf("warnings on a clean reopen: %s", logs)
	}
	res, err := s.PutArticle(t.Context(), changed)
	if err != nil || res.Outcome != store.Unchanged {
		t.Errorf("PutArticle of the stored version after reopening = %+v, %v; want UNCHANGED", res, err)
	}
}

func TestUnchangedPutAppendsNothing(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	path := filepath.Join(dir, logFile)
	put(t, s, storetest.Ukraine()...)
	size := fileSize(t, path)
	put(t, s, storetest.Ukraine()...)
	if got := fileSize(t, path); got != size {
		t.Errorf("log grew from %d to %d bytes on unchanged puts", size, got)
	}
	if _, err := s.DeleteArticle(t.Context(), "article:never-stored"); err != nil {
		t.Fatal(err)
	}
	if got := fileSize(t, path); got != size {
		t.Errorf("log grew from %d to %d bytes deleting an unknown article", size, got)
	}
	changed := storetest.Sanctions()
	changed.Article.Hash += "-v2"
	put(t, s, changed)
	if got := fileSize(t, path); got <= size {
		t.Errorf("log did not grow (%d bytes) on a changed put", got)
	}
}

// twoArticles writes a log holding IstanbulTalks then DirectTalks and
// returns the offset where the second record starts and the log's size.
func twoArticles(t *testing.T, dir string) (second, end int64) {
	t.Helper()
	s, _ := open(t, dir)
	path := filepath.Join(dir, logFile)
	put(t, s, storetest.IstanbulTalks())
	second = fileSize(t, path)
	put(t, s, storetest.DirectTalks())
	end = fileSize(t, path)
	closeStore(t, s)
	return second, end
}

func TestTornTail(t *testing.T) {
	cases := []struct {
		name string
		// damage breaks the log, whose last record spans [second, end).
		damage func(t *testing.T, path string, second, end int64)
		// keepsSecond: the last record survives (only what follows it
		// is torn).
		keepsSecond bool
	}{
		{"payload cut short", func(t *testing.T, path string, second, end int64) {
			truncate(t, path, end-3)
		}, false},
		{"record header cut short", func(t *testing.T, path string, second, end int64) {
			truncate(t, path, second+5)
		}, false},
		{"only the marker", func(t *testing.T, path string, second, end int64) {
			truncate(t, path, second+4)
		}, false},
		{"checksum of the last record wrong", func(t *testing.T, path string, second, end int64) {
			flipByte(t, path, (second+end)/2)
		}, false},
		{"garbage after the last record", func(t *testing.T, path string, second, end int64) {
			appendBytes(t, path, []byte("garbage\x00\xff\xffNGR"))
		}, true},
		{"a torn frame after the last record", func(t *testing.T, path string, second, end int64) {
			b, err := frame(logRecord{Op: opDelete, ID: store.ArticleID("istanbul-talks")})
			if err != nil {
				t.Fatal(err)
			}
			appendBytes(t, path, b[:len(b)-1])
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, logFile)
			second, end := twoArticles(t, dir)
			c.damage(t, path, second, end)

			s, logs := open(t, dir)
			want := []*store.ArticleGraph{storetest.IstanbulTalks()}
			wantSize := second
			if c.keepsSecond {
				want = append(want, storetest.DirectTalks())
				wantSize = end
			}
			storetest.CheckModel(t, s, storetest.NewModel(want...))
			if !strings.Contains(logs.String(), "torn record") || !strings.Contains(logs.String(), path) {
				t.Errorf("no warning naming the file about the torn record; logged: %q", logs)
			}
			if got := fileSize(t, path); got != wantSize {
				t.Errorf("log is %d bytes after recovery, want %d (cut at the last whole record)", got, wantSize)
			}

			// The recovered log takes new writes and replays cleanly.
			put(t, s, storetest.DirectTalks(), storetest.Sanctions())
			closeStore(t, s)
			s, logs = open(t, dir)
			storetest.CheckModel(t, s, storetest.NewModel(storetest.Ukraine()...))
			if logs.String() != "" {
				t.Errorf("warnings reopening the recovered log: %s", logs)
			}
		})
	}
}

func TestCorruptionInTheMiddle(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, path string, first, second int64)
	}{
		{"bad checksum", func(t *testing.T, path string, first, second int64) {
			flipByte(t, path, (first+second)/2)
		}},
		{"bad marker", func(t *testing.T, path string, first, second int64) {
			flipByte(t, path, first)
		}},
		{"bad length", func(t *testing.T, path string, first, second int64) {
			flipByte(t, path, first+7)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, logFile)
			first := int64(len(fileHeader))
			second, _ := twoArticles(t, dir)
			c.damage(t, path, first, second)
			for range 2 { // the failed Open releases its lock
				s, err := Open(dir)
				if err == nil {
					s.Close()
					t.Fatal("Open of a log corrupt in the middle succeeded")
				}
				for _, want := range []string{path, fmt.Sprintf("offset %d", first), fmt.Sprintf("offset %d", second)} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not mention %q", err, want)
					}
				}
				if errors.Is(err, store.ErrLocked) {
					t.Errorf("error %v is a lock error", err)
				}
			}
		})
	}
}

func TestNotALog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, logFile)
	if err := os.WriteFile(path, []byte("something else entirely\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "not a newsgraph graph log") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a foreign file = %v; want an error naming it as not a graph log", err)
	}
}

func TestHeaderCutShort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, logFile)
	if err := os.WriteFile(path, []byte(fileHeader[:5]), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := open(t, dir)
	put(t, s, storetest.Sanctions())
	closeStore(t, s)
	s, _ = open(t, dir)
	storetest.CheckModel(t, s, storetest.NewModel(storetest.Sanctions()))
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	_, err := Open(dir)
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open = %v; want an error wrapping store.ErrLocked", err)
	}
	for _, want := range []string{dir, fmt.Sprintf("pid %d", os.Getpid())} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("lock error %q does not mention %q", err, want)
		}
	}
	closeStore(t, s)
	s2, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s2.Close()
}

func TestCreatesTheDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "graph")
	s, _ := open(t, dir)
	put(t, s, storetest.Sanctions())
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() || info.Mode().Perm()&^0o755 != 0 {
		t.Errorf("%s: mode %v, want a directory with at most 0755", dir, info.Mode())
	}
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
}

func TestCompaction(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, logFile)
	s, _ := open(t, dir, WithCompaction(10))
	m := storetest.NewModel()
	put(t, s, storetest.Ukraine()...)
	for _, g := range storetest.Ukraine() {
		m.Put(g)
	}
	// 30 versions of one article: 33 records, 4 live articles.
	for i := range 30 {
		g := storetest.Chain(5 + i%3)
		g.Article.Hash = fmt.Sprintf("v%d", i)
		put(t, s, g)
		m.Put(g)
	}
	if s.log.records > 11 {
		t.Errorf("log holds %d records for 4 live articles; want it compacted (at most 11)", s.log.records)
	}
	if _, err := s.DeleteArticle(t.Context(), store.ArticleID("eu-sanctions")); err != nil {
		t.Fatal(err)
	}
	m.Delete(store.ArticleID("eu-sanctions"))
	if err := s.Compact(t.Context()); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if s.log.records != 3 {
		t.Errorf("log holds %d records after Compact, want one per live article (3)", s.log.records)
	}
	before := storetest.TakeSnapshot(t, s)
	size := fileSize(t, path)
	put(t, s, storetest.Sanctions()) // the compacted log takes appends
	m.Put(storetest.Sanctions())
	if got := fileSize(t, path); got <= size {
		t.Errorf("log did not grow after a put following compaction")
	}
	closeStore(t, s)

	s, logs := open(t, dir)
	storetest.CheckModel(t, s, m)
	if _, err := s.DeleteArticle(t.Context(), store.ArticleID("eu-sanctions")); err != nil {
		t.Fatal(err)
	}
	if d := storetest.Diff(before, storetest.TakeSnapshot(t, s)); d != "" {
		t.Errorf("compacted log replays differently (-before +after):\n%s", d)
	}
	if logs.String() != "" {
		t.Errorf("warnings reopening a compacted log: %s", logs)
	}
}

func TestUnfinishedCompactionIsDropped(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	put(t, s, storetest.Sanctions())
	closeStore(t, s)
	tmp := filepath.Join(dir, compactFile)
	if err := os.WriteFile(tmp, []byte(fileHeader+"half a snapsh"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, logs := open(t, dir)
	storetest.CheckModel(t, s, storetest.NewModel(storetest.Sanctions()))
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("%s still there after Open (%v)", tmp, err)
	}
	if !strings.Contains(logs.String(), "unfinished compaction") {
		t.Errorf("no warning about the unfinished compaction; logged %q", logs)
	}
}

func TestFailedAppendChangesNothing(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	put(t, s, storetest.IstanbulTalks())
	// Pull the file from under the store: the append fails, and so does
	// cutting the file back, so the log refuses further writes, as a
	// store that cannot write (reads go on).
	s.log.f.Close()
	for range 2 {
		_, err := s.PutArticle(t.Context(), storetest.DirectTalks())
		if err == nil {
			t.Fatal("PutArticle with a closed log file succeeded")
		}
		_, err = s.DeleteArticle(t.Context(), store.ArticleID("istanbul-talks"))
		if err == nil {
			t.Fatal("DeleteArticle with a closed log file succeeded")
		}
	}
	if _, err := s.PutArticle(t.Context(), storetest.Sanctions()); !errors.Is(err, store.ErrNotWritable) {
		t.Errorf("PutArticle on a broken log = %v; want an error wrapping store.ErrNotWritable", err)
	}
	storetest.CheckModel(t, s, storetest.NewModel(storetest.IstanbulTalks()))
}

func TestClosed(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		put(t, s, storetest.Sanctions())
		closeStore(t, s)
		if err := s.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		ctx := t.Context()
		errs := map[string]error{
			"Ping":          s.Ping(ctx),
			"PutArticle":    second(s.PutArticle(ctx, storetest.IstanbulTalks())),
			"DeleteArticle": second(s.DeleteArticle(ctx, store.ArticleID("eu-sanctions"))),
			"Entities":      second(s.Entities(ctx, []string{"actor:Q212"})),
			"ListEntities":  second(s.ListEntities(ctx, store.EntityQuery{First: 1})),
			"CountArticles": second(s.CountArticles(ctx, store.ArticleQuery{})),
			"RelationsOf":   second(s.RelationsOf(ctx, []store.RelationQuery{{First: 1}})),
			"Compact":       s.Compact(ctx),
		}
		for name, err := range errs {
			if !errors.Is(err, store.ErrUnavailable) {
				t.Errorf("%s after Close = %v; want an error wrapping store.ErrUnavailable", name, err)
			}
		}
	}
}

func second[T any](_ T, err error) error { return err }

func truncate(t *testing.T, path string, size int64) {
	t.Helper()
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
}

func flipByte(t *testing.T, path string, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x20
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func appendBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}

// TestDataSize: the size of a store on disk is its log's, 0 before there is
// one.
func TestDataSize(t *testing.T) {
	dir := t.TempDir()
	if n, err := DataSize(dir); n != 0 || err != nil {
		t.Fatalf("DataSize of an empty directory = %d, %v; want 0, nil", n, err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutArticle(context.Background(), claimArticle(1, "")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, logFile))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := DataSize(dir); n != info.Size() || n <= int64(len(fileHeader)) || err != nil {
		t.Fatalf("DataSize = %d, %v; want the log's size %d, past its header", n, err, info.Size())
	}
}
