package main

import (
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
