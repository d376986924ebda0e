package cli

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"newsgraph/store/embedded"
)

// The server's soft memory limit (runtime/debug.SetMemoryLimit). Go's
// collector lets the heap grow to twice what was live at its last cycle, so
// a server holding an embedded store of 200,000 articles (about 0.9 GB of
// live heap) would reach 2.3 to 2.7 GB of RSS, most of it garbage the
// collector had not yet needed to collect. With a limit, the collector works
// harder near it instead. By default ("auto") serve sets one for the
// embedded store, derived from what the store holds (autoMemoryLimit) and
// followed as the store grows; GOMEMLIMIT, when set, is left in force, and
// --memory-limit sets a size of its own or none ("off"). A load into the
// embedded store takes the same flag, but none by default: near the limit
// its collector works hard enough to slow it down (200,000 articles: 1.47
// GiB of peak RSS at 637 articles/s with auto, 2.52 GiB at 972 articles/s
// without).

const (
	// memoryLimitAuto and memoryLimitOff are the words --memory-limit
	// takes besides a size.
	memoryLimitAuto = "auto"
	memoryLimitOff  = "off"
	// memoryLimitFloor is the lowest automatic limit: a small store's
	// server never comes near it.
	memoryLimitFloor = 512 << 20
	// memoryLimitRefresh is how often the automatic limit follows the
	// store's growth.
	memoryLimitRefresh = 30 * time.Second
)

// autoMemoryLimit is the automatic memory limit of a server whose embedded
// store's log holds dataBytes and whose heap held liveHeap bytes live at the
// collector's last cycle (0 before the store is open): twice the log, which
// an opened store holds about as much of in live heap (1.0 times at 200,000
// articles), and never less than half again the live heap, so that a store
// whose memory outgrows that estimate leaves the collector room to work.
func autoMemoryLimit(dataBytes, liveHeap int64) int64 {
	return max(memoryLimitFloor, 2*dataBytes, liveHeap+liveHeap/2)
}

// memoryLimit is the parsed --memory-limit: auto, or a fixed limit (none
// when off, math.MaxInt64).
type memoryLimit struct {
	auto  bool
	bytes int64
}

// parseMemoryLimit reads --memory-limit: "auto", "off", or a size in bytes
// with an optional unit as GOMEMLIMIT takes them (B, KiB, MiB, GiB, TiB).
func parseMemoryLimit(s string) (memoryLimit, error) {
	switch s = strings.TrimSpace(s); s {
	case memoryLimitAuto:
		return memoryLimit{auto: true}, nil
	case memoryLimitOff:
		return memoryLimit{bytes: math.MaxInt64}, nil
	}
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	num, shift := s, uint(0)
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, shift = n, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64>>shift {
		return memoryLimit{}, fmt.Errorf("--memory-limit %q: want auto, off, or a size such as 1800MiB or 2GiB (units B, KiB, MiB, GiB, TiB)", s)
	}
	return memoryLimit{bytes: n << shift}, nil
}

// applyMemoryLimit sets the memory limit of serve or load before the
// store is opened (so that it bounds the replay of an embedded store's log too) and,
// for an automatic one, follows the store's growth until ctx ends. It
// returns a function that puts back the limit the process had.
func applyMemoryLimit(ctx context.Context, g *globals, ml memoryLimit) func() {
	before := debug.SetMemoryLimit(-1)
	restore := func() { debug.SetMemoryLimit(before) }
	if !ml.auto {
		debug.SetMemoryLimit(ml.bytes)
		if ml.bytes < math.MaxInt64 {
			restore = withGCPercent(restore)
		}
		return restore
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set || g.neo4jURI != "" {
		// The user's limit stays; with Neo4j the server holds little.
		return restore
	}
	restore = withGCPercent(restore)
	size := func() int64 {
		n, err := embedded.DataSize(g.dataDir)
		if err != nil {
			g.logger.Debug("memory limit: reading the store's size", "error", err)
		}
		return n
	}
	limit := autoMemoryLimit(size(), 0)
	debug.SetMemoryLimit(limit)
	g.logger.Debug("memory limit", "bytes", limit)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(memoryLimitRefresh)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-stop:
				return
			case <-tick.C:
				if next := autoMemoryLimit(size(), liveHeap()); next != limit {
					limit = next
					debug.SetMemoryLimit(limit)
					g.logger.Debug("memory limit", "bytes", limit)
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		restore()
	}
}

// limitedGCPercent is the collector's GOGC under a memory limit that
// newsgraph sets. By default (100) the collector starts a cycle whenever
// the heap has grown by what was live: a server on a small embedded store
// then collects every few dozen requests, and each cycle marks the whole
// store (on benchmark query b, a fifth of the server's CPU). The limit
// bounds the heap: the collector can wait for it to grow five times the
// live heap instead, and works harder only near the limit (on a store of
// archive size the limit, not GOGC, sets the pace either way).
const limitedGCPercent = 400

// withGCPercent sets the collector's GOGC to limitedGCPercent, unless the
// GOGC environment variable sets it, and returns restore extended to put
// the process's own back.
func withGCPercent(restore func()) func() {
	if _, set := os.LookupEnv("GOGC"); set {
		return restore
	}
	before := debug.SetGCPercent(limitedGCPercent)
	return func() {
		restore()
		debug.SetGCPercent(before)
	}
}

// liveHeap is the heap the collector found live at its last cycle.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// releaseMemory collects the garbage that opening the store left (the
// replay's decoded records) and returns the memory to the system, so that
// the server's RSS starts from what it holds.
func releaseMemory(logger *slog.Logger) {
	start := time.Now()
	debug.FreeOSMemory()
	logger.Debug("released the memory of opening the store", "took", time.Since(start), "live_heap", liveHeap())
}
