package embedded

import (
	"errors"
	"os"
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
