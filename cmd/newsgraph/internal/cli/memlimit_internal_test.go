package cli

import (
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store/embedded"
)

// TestParseMemoryLimit: --memory-limit takes auto, off, or a size in the
// units of GOMEMLIMIT; anything else is refused with what it takes.
func TestParseMemoryLimit(t *testing.T) {
	type result struct {
		Limit memoryLimit
		Err   bool
	}
	for _, tc := range []struct {
		in   string
		want result
	}{
		{"auto", result{Limit: memoryLimit{auto: true}}},
		{"off", result{Limit: memoryLimit{bytes: math.MaxInt64}}},
		{"1800MiB", result{Limit: memoryLimit{bytes: 1800 << 20}}},
		{"2GiB", result{Limit: memoryLimit{bytes: 2 << 30}}},
		{" 64KiB ", result{Limit: memoryLimit{bytes: 64 << 10}}},
		{"1TiB", result{Limit: memoryLimit{bytes: 1 << 40}}},
		{"1000000B", result{Limit: memoryLimit{bytes: 1000000}}},
		{"123456789", result{Limit: memoryLimit{bytes: 123456789}}},
		{"2GB", result{Err: true}},
		{"1.5GiB", result{Err: true}},
		{"0", result{Err: true}},
		{"-1MiB", result{Err: true}},
		{"9999999999TiB", result{Err: true}},
		{"", result{Err: true}},
	} {
		got, err := parseMemoryLimit(tc.in)
		if d := cmp.Diff(tc.want, result{Limit: got, Err: err != nil}, cmp.AllowUnexported(memoryLimit{})); d != "" {
			t.Errorf("parseMemoryLimit(%q) (-want +got):\n%s (error %v)", tc.in, d, err)
		}
	}
}

// TestAutoMemoryLimit: the automatic limit is twice the store's log, never
// under the floor, and never under half again the live heap.
func TestAutoMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		name             string
		data, live, want int64
	}{
		{"no store yet", 0, 0, memoryLimitFloor},
		{"a small store", 8 << 20, 40 << 20, memoryLimitFloor},
		{"200,000 articles, before opening", 843 << 20, 0, 1686 << 20},
		{"200,000 articles, opened", 843 << 20, 900 << 20, 1686 << 20},
		{"a heap past the estimate", 843 << 20, 1400 << 20, 2100 << 20},
	} {
		if got := autoMemoryLimit(tc.data, tc.live); got != tc.want {
			t.Errorf("%s: autoMemoryLimit(%d, %d) = %d, want %d", tc.name, tc.data, tc.live, got, tc.want)
		}
	}
}

// TestApplyMemoryLimit: serve sets the limit it is given, or the automatic
// one of the embedded store's size unless GOMEMLIMIT is set, and puts the
// process's own back when it ends.
func TestApplyMemoryLimit(t *testing.T) {
	dir := t.TempDir()
	log := make([]byte, 3<<20)
	if err := os.WriteFile(filepath.Join(dir, "graph.log"), log, 0o644); err != nil {
		t.Fatal(err)
	}
	size, err := embedded.DataSize(dir)
	if err != nil || size != int64(len(log)) {
		t.Fatalf("DataSize = %d, %v; want %d", size, err, len(log))
	}
	before := debug.SetMemoryLimit(-1)
	gcPercent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	beforeGC := gcPercent()
	for _, tc := range []struct {
		name       string
		gomemlimit bool
		gogc       bool
		neo4j      bool
		limit      memoryLimit
		want       int64
		wantGC     int
	}{
		{"auto", false, false, false, memoryLimit{auto: true}, autoMemoryLimit(size, 0), limitedGCPercent},
		{"auto under GOGC", false, true, false, memoryLimit{auto: true}, autoMemoryLimit(size, 0), beforeGC},
		{"auto under GOMEMLIMIT", true, false, false, memoryLimit{auto: true}, before, beforeGC},
		{"auto with Neo4j", false, false, true, memoryLimit{auto: true}, before, beforeGC},
		{"a size", true, false, false, memoryLimit{bytes: 1800 << 20}, 1800 << 20, limitedGCPercent},
		{"off", true, false, false, memoryLimit{bytes: math.MaxInt64}, math.MaxInt64, beforeGC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", "")
			if !tc.gomemlimit {
				os.Unsetenv("GOMEMLIMIT")
			}
			t.Setenv("GOGC", "")
			if !tc.gogc {
				os.Unsetenv("GOGC")
			}
			g := &globals{dataDir: dir, logger: slog.New(slog.DiscardHandler)}
			if tc.neo4j {
				g.neo4jURI = "bolt://127.0.0.1:1"
			}
			restore := applyMemoryLimit(context.Background(), g, tc.limit)
			got, gotGC := debug.SetMemoryLimit(-1), gcPercent()
			restore()
			if got != tc.want {
				t.Errorf("limit while serving = %d, want %d", got, tc.want)
			}
			if gotGC != tc.wantGC {
				t.Errorf("GOGC while serving = %d, want %d", gotGC, tc.wantGC)
			}
			if after := gcPercent(); after != beforeGC {
				t.Errorf("GOGC after = %d, want the process's %d back", after, beforeGC)
			}
			if after := debug.SetMemoryLimit(-1); after != before {
				t.Errorf("limit after = %d, want the process's %d back", after, before)
			}
		})
	}
}
