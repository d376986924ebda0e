package embedded

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestWriteError checks that a write the disk refuses fails with
// store.ErrNotWritable and that WriteError reports it until writes work
// again.
func TestWriteError(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	if err := s.WriteError(); err != nil {
		t.Fatalf("WriteError of a fresh store: %v", err)
	}

	// A failure that leaves the log as it was (a full disk, once the
	// partial record is cut off): the next probe finds room again.
	s.log.failed.Store(&writeFailure{err: errors.New("no space left on device")})
	if err := s.WriteError(); err != nil {
		t.Errorf("WriteError once the directory takes writes again: %v", err)
	}
	if s.log.failed.Load() != nil {
		t.Error("the failure is still recorded after a successful probe")
	}

	// A disk that refuses every write: /dev/full answers ENOSPC.
	full, err := os.OpenFile("/dev/full", os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	good := s.log.f
	s.log.f = full
	t.Cleanup(func() { s.log.f = good; full.Close() })

	_, err = s.PutArticle(t.Context(), storetest.IstanbulTalks())
	if !errors.Is(err, store.ErrNotWritable) {
		t.Fatalf("PutArticle on a full disk = %v, want ErrNotWritable", err)
	}
	if err := s.WriteError(); err == nil {
		t.Error("WriteError after a failed write = nil")
	}
	if n, err := s.CountArticles(t.Context(), store.ArticleQuery{}); err != nil || n != 0 {
		t.Errorf("CountArticles after the failed write = %d, %v; want 0 (nothing written), reads answering", n, err)
	}
}

// failingFile is a log file whose disk fails on demand: a write puts half
// of its bytes down and fails, and truncating fails (so the half record
// stays), until the disk is healed.
type failingFile struct {
	*os.File
	failing atomic.Bool
}

var errDevice = errors.New("input/output error")

func (f *failingFile) Write(b []byte) (int, error) {
	if f.failing.Load() {
		n, _ := f.File.Write(b[:len(b)/2])
		return n, errDevice
	}
	return f.File.Write(b)
}

func (f *failingFile) Truncate(size int64) error {
	if f.failing.Load() {
		return errDevice
	}
	return f.File.Truncate(size)
}

// TestBrokenLog checks a write that fails mid-append and leaves a partial
// record the store cannot cut off: that write and those after it fail
// with store.ErrNotWritable (not ErrUnavailable), reads go on, and once the
// disk works again the log is cut back, by the next write or by WriteError,
// and writes resume without reopening the store; reopening finds every
// acknowledged article and no torn record.
func TestBrokenLog(t *testing.T) {
	for _, healedBy := range []string{"the next write", "WriteError"} {
		t.Run("healed by "+healedBy, func(t *testing.T) {
			dir := t.TempDir()
			s, _ := open(t, dir)
			first, second := storetest.IstanbulTalks(), storetest.Sanctions()
			put(t, s, first)
			logPath := filepath.Join(dir, logFile)
			whole := fileSize(t, logPath)

			bad := &failingFile{File: s.log.f.(*os.File)}
			s.log.f = bad
			bad.failing.Store(true)
			for i := range 2 {
				_, err := s.PutArticle(t.Context(), second)
				if !errors.Is(err, store.ErrNotWritable) || errors.Is(err, store.ErrUnavailable) {
					t.Fatalf("write %d on a failing disk = %v, want ErrNotWritable and not ErrUnavailable", i+1, err)
				}
			}
			if fileSize(t, logPath) <= whole {
				t.Fatal("the failing write left no partial record: the test does not test a broken log")
			}
			if err := s.WriteError(); !errors.Is(err, store.ErrNotWritable) {
				t.Errorf("WriteError of a broken log = %v, want ErrNotWritable", err)
			}
			if n, err := s.CountArticles(t.Context(), store.ArticleQuery{}); err != nil || n != 1 {
				t.Errorf("CountArticles of a broken log = %d, %v; want 1 (reads go on)", n, err)
			}
			if err := s.Ping(t.Context()); err != nil {
				t.Errorf("Ping of a broken log: %v", err)
			}

			bad.failing.Store(false)
			if healedBy == "WriteError" {
				if err := s.WriteError(); err != nil {
					t.Fatalf("WriteError once the disk works: %v", err)
				}
				if got := fileSize(t, logPath); got != whole {
					t.Errorf("the log after WriteError has %d bytes, want %d (cut back to its last record)", got, whole)
				}
			}
			put(t, s, second)
			if err := s.WriteError(); err != nil {
				t.Errorf("WriteError after a successful write: %v", err)
			}
			closeStore(t, s)

			s, logs := open(t, dir)
			if n, err := s.CountArticles(t.Context(), store.ArticleQuery{}); err != nil || n != 2 {
				t.Errorf("CountArticles after reopening = %d, %v; want 2", n, err)
			}
			if strings.Contains(logs.String(), "torn") {
				t.Errorf("reopening found a torn record:\n%s", logs)
			}
		})
	}
}
