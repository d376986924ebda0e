package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPercentile(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		var out []time.Duration
		for _, v := range vs {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100, 99, ..., 1: unsorted
	}
	cases := []struct {
		name string
		ts   []time.Duration
		p    int
		want float64
	}{
		{"one value", ms(7), 50, 7},
		{"one value, p99", ms(7), 99, 7},
		{"median of an odd count", ms(5, 1, 3), 50, 3},
		{"nearest rank below the middle of an even count", ms(4, 1, 3, 2), 50, 2},
		{"p99 of 100 values", ms(hundred...), 99, 99},
		{"p50 of 100 values", ms(hundred...), 50, 50},
		{"p99 of 30 values is the largest", ms(hundred[70:]...), 99, 30},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, percentile(c.ts, c.p)); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

func TestReportOfALoadedStore(t *testing.T) {
	file := filepath.Join(t.TempDir(), "results.jsonl")
	lines := []result{
		{Store: "neo4j", Articles: 2000, LoadSeconds: 10, LoadCPUSeconds: 4, ReadySeconds: 0.5, Rounds: 3,
			Queries: map[string]latency{"search": {P50: 2, P99: 3, Bytes: 100}}},
		{Store: "neo4j", Articles: 200000, Loaded: true, ReadySeconds: 42, Rounds: 3,
			Queries: map[string]latency{"search": {P50: 3, P99: 5, Bytes: 120}}},
	}
	var b strings.Builder
	for _, r := range lines {
		j, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(j, '\n'))
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := printReport(file, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| 2000 | 10.0 s | 200 | 500 |",
		"| 200000 | loaded by an earlier run | — | — | — | 42.00 s (first open by this binary) |",
		"| search | 2.0 · 3.0 | 3.0 · 5.0 | 1.5× | 100 → 120 |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report has no line with %q:\n%s", want, out.String())
		}
	}
}
