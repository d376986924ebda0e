package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sample is one timed point.
type sample struct {
	rps, p50, p99 float64 // p50 and p99 in milliseconds
}

// Names of the servers in results, in table order.
const (
	nameNgNeo4j    = "newsgraph-neo4j"
	nameNgEmbedded = "newsgraph-embedded"
	namePeer       = "peer"
	nameFloor      = "floor"
)

// results[query][server][concurrency] holds one sample per round.
type results map[string]map[string]map[int][]sample

func (r results) add(q, s string, c int, x sample) {
	if r[q] == nil {
		r[q] = make(map[string]map[int][]sample)
	}
	if r[q][s] == nil {
		r[q][s] = make(map[int][]sample)
	}
	r[q][s][c] = append(r[q][s][c], x)
}

// timeAll warms every server up on every query, then times each query on
// each server at each concurrency, in interleaved rounds.
func timeAll(ctx context.Context, cfg config, qs []query, servers []server, fl *floor) (results, error) {
	dir, err := os.MkdirTemp("", "benchrun-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	warm := max(3, int(cfg.duration/time.Second))
	logf("warming up (%d requests per query and server)", warm)
	for _, q := range qs {
		for i := 0; i < warm; i++ {
			for _, s := range servers {
				if doc := docOf(q, s.name); doc != "" {
					if _, err := s.ask(ctx, doc); err != nil {
						return nil, err
					}
				}
			}
			if _, err := fl.run(ctx, q.floor, q.floorParams); err != nil {
				return nil, err
			}
		}
	}

	res := make(results)
	for round := 1; round <= cfg.rounds; round++ {
		for _, q := range qs {
			for _, c := range cfg.concurrency {
				for _, s := range servers {
					doc := docOf(q, s.name)
					if doc == "" {
						continue
					}
					file := filepath.Join(dir, q.key+"-"+s.name+".json")
					if err := os.WriteFile(file, body(doc), 0o644); err != nil {
						return nil, err
					}
					x, err := runHey(ctx, cfg.hey, s.url, file, c, cfg.duration)
					if err != nil {
						return nil, fmt.Errorf("query %s on %s at c=%d: %w", q.key, s.name, c, err)
					}
					res.add(q.key, s.name, c, x)
					logf("round %d  %-13s c=%-2d %-19s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms", round, q.key, c, s.name, x.rps, x.p50, x.p99)
				}
				x, err := loopFloor(ctx, fl, q, c, cfg.duration)
				if err != nil {
					return nil, fmt.Errorf("query %s on the floor at c=%d: %w", q.key, c, err)
				}
				res.add(q.key, nameFloor, c, x)
				logf("round %d  %-13s c=%-2d %-19s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms", round, q.key, c, nameFloor, x.rps, x.p50, x.p99)
			}
		}
	}
	return res, nil
}

// docOf is the document a server is asked for a query ("" when it has
// none).
func docOf(q query, name string) string {
	if name == namePeer {
		return q.peer
	}
	return q.newsgraph
}

var (
	heyRPS     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	heyPct     = regexp.MustCompile(`(?m)^\s+(\d+)% in ([0-9.]+) secs`)
	heyStatus  = regexp.MustCompile(`(?m)^\s+\[(\d+)\]\s+(\d+) responses`)
	heyErrors  = regexp.MustCompile(`Error distribution:`)
	heyTimeout = 30 * time.Second
)

// runHey times POSTs of the body in file to url with hey, c workers for d.
// A response other than 200 is an error.
func runHey(ctx context.Context, hey, url, file string, c int, d time.Duration) (sample, error) {
	ctx, cancel := context.WithTimeout(ctx, d+heyTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, hey, "-z", d.String(), "-c", strconv.Itoa(c), "-t", "20",
		"-m", "POST", "-T", "application/json", "-D", file, url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return sample{}, fmt.Errorf("hey: %w: %s", err, out)
	}
	return parseHey(string(out))
}

// parseHey reads requests per second, p50 and p99 from hey's summary; a
// response other than 200 is an error.
func parseHey(s string) (sample, error) {
	if heyErrors.MatchString(s) {
		return sample{}, fmt.Errorf("hey saw errors:\n%s", s)
	}
	for _, m := range heyStatus.FindAllStringSubmatch(s, -1) {
		if m[1] != "200" {
			return sample{}, fmt.Errorf("hey saw HTTP %s %s times", m[1], m[2])
		}
	}
	var x sample
	m := heyRPS.FindStringSubmatch(s)
	if m == nil {
		return sample{}, fmt.Errorf("no Requests/sec in hey's output:\n%s", s)
	}
	x.rps, _ = strconv.ParseFloat(m[1], 64)
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if m := heyPct.FindStringSubmatch(sc.Text()); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			switch m[1] {
			case "50":
				x.p50 = v * 1000
			case "99":
				x.p99 = v * 1000
			}
		}
	}
	return x, nil
}

// loopFloor runs the floor's statement in c goroutines, each one after the
// other, for d, and measures like hey does: requests per second over the
// whole run, percentiles of the latencies.
func loopFloor(ctx context.Context, fl *floor, q query, c int, d time.Duration) (sample, error) {
	var (
		mu   sync.Mutex
		lats []time.Duration
		errs []error
		wg   sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				if _, err := fl.run(ctx, q.floor, q.floorParams); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(errs) > 0 {
		return sample{}, errs[0]
	}
	if len(lats) == 0 {
		return sample{}, fmt.Errorf("no request finished")
	}
	slices.Sort(lats)
	pct := func(p float64) float64 {
		i := min(len(lats)-1, int(p*float64(len(lats))))
		return float64(lats[i].Microseconds()) / 1000
	}
	return sample{rps: float64(len(lats)) / elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99)}, nil
}
