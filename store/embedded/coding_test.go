package embedded

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/store/storetest"
)

// TestReopenKeepsEvidenceCoding: the sources' codings of evidence survive
// a reopen, and the log writes them only where there is one, so that
// records without them stay as version 1 wrote them.
func TestReopenKeepsEvidenceCoding(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	gs := append(storetest.Ukraine(), storetest.Coded())
	put(t, s, gs...)
	before := storetest.TakeSnapshot(t, s)
	closeStore(t, s)

	s, _ = open(t, dir)
	if d := storetest.Diff(before, storetest.TakeSnapshot(t, s)); d != "" {
		t.Errorf("reopened store differs (-before +after):\n%s", d)
	}
	storetest.CheckModel(t, s, storetest.NewModel(gs...))
	closeStore(t, s)

	log, err := os.ReadFile(filepath.Join(dir, logFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"CAMEO":"173"`, `"PLOVER":"COERCE"`, `"Mode":"arrest"`, `"Label":"Justice.ArrestJailDetain.Unspecified"`} {
		if !strings.Contains(string(log), want) {
			t.Errorf("the log does not hold %s", want)
		}
	}
	if n := strings.Count(string(log), `"CAMEO"`); n != 3 {
		t.Errorf("the log writes CAMEO %d times, want 3 (the coded evidence only)", n)
	}
}
