package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// printReport prints, for each store of the results in file, a table of
// the load, memory, disk and restart figures per corpus size, and one of
// the query latencies, each size's p50 also as a ratio to the smallest
// size's. The last result of a store and size counts.
func printReport(file string, w io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	byStore := map[string]map[int]result{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if byStore[r.Store] == nil {
			byStore[r.Store] = map[int]result{}
		}
		byStore[r.Store][r.Articles] = r
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, st := range []string{"embedded", "neo4j"} {
		rs := byStore[st]
		if len(rs) == 0 {
			continue
		}
		sizes := make([]int, 0, len(rs))
		for n := range rs {
			sizes = append(sizes, n)
		}
		slices.Sort(sizes)
		base := rs[sizes[0]]
		fmt.Fprintf(w, "\n**%s** (%d rounds of each query, one at a time)\n\n", st, base.Rounds)
		fmt.Fprintln(w, "| articles | load | articles/s | articles per CPU s of the loader | load RSS | ready after restart | server RSS peak · steady | Neo4j RSS peak · steady | on disk |")
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
		for _, n := range sizes {
			r := rs[n]
			neo := "—"
			if r.Neo4jPeakRSS > 0 {
				neo = mb(r.Neo4jPeakRSS) + " · " + mb(r.Neo4jSteadyRSS)
			}
			cpu := "—"
			if r.LoadCPUSeconds > 0 {
				cpu = fmt.Sprintf("%.0f", float64(n)/r.LoadCPUSeconds)
			}
			loadCells := fmt.Sprintf("%.1f s | %.0f | %s | %s", r.LoadSeconds, float64(n)/r.LoadSeconds, cpu, mb(r.LoadRSS))
			ready := fmt.Sprintf("%.2f s", r.ReadySeconds)
			if r.Loaded {
				loadCells = "loaded by an earlier run | — | — | —"
				ready += " (first open by this binary)"
			}
			fmt.Fprintf(w, "| %d | %s | %s | %s · %s | %s | %s |\n", n, loadCells, ready,
				mb(r.PeakRSS), mb(r.SteadyRSS), neo, mb(r.DiskBytes))
		}
		head := []string{"query"}
		for _, n := range sizes {
			head = append(head, fmt.Sprintf("%d: p50 · p99 ms", n))
		}
		for _, n := range sizes[1:] {
			head = append(head, fmt.Sprintf("p50 %d / %d", n, sizes[0]))
		}
		head = append(head, "answer bytes")
		fmt.Fprintf(w, "\n| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
		for _, k := range queryKeys {
			row := []string{k}
			for _, n := range sizes {
				q := rs[n].Queries[k]
				row = append(row, fmt.Sprintf("%.1f · %.1f", q.P50, q.P99))
			}
			for _, n := range sizes[1:] {
				row = append(row, fmt.Sprintf("%.1f×", rs[n].Queries[k].P50/base.Queries[k].P50))
			}
			var bytes []string
			for _, n := range sizes {
				bytes = append(bytes, fmt.Sprint(rs[n].Queries[k].Bytes))
			}
			row = append(row, strings.Join(bytes, " → "))
			fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		}
	}
	return nil
}

func mb(b int64) string {
	if b < 100<<20 {
		return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.0f MB", float64(b)/(1<<20))
}
