package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseHey(t *testing.T) {
	tests := []struct {
		file    string
		want    sample
		wantErr string
	}{
		{file: "hey-ok.txt", want: sample{rps: 294.0724, p50: 3.1, p99: 10.2}},
		// Fewer than 100 requests: hey prints no 99th percentile.
		{file: "hey-few.txt", want: sample{rps: 97.8341, p50: 11.5}},
		{file: "hey-500.txt", wantErr: "HTTP 503 12 times"},
		{file: "hey-errors.txt", wantErr: "hey saw errors"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseHey(string(raw))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			approx := cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(sample{}), approx); d != "" {
				t.Errorf("parseHey (-want +got):\n%s", d)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		in   []sample
		want sample
		ok   bool
	}{
		{name: "none"},
		{name: "one", in: []sample{{1, 2, 3}}, want: sample{1, 2, 3}, ok: true},
		{name: "each measure on its own", in: []sample{{10, 5, 50}, {30, 1, 90}, {20, 9, 70}}, want: sample{20, 5, 70}, ok: true},
		{name: "even count", in: []sample{{10, 1, 1}, {20, 3, 5}}, want: sample{15, 2, 3}, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := median(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(sample{})); d != "" {
				t.Errorf("median (-want +got):\n%s", d)
			}
		})
	}
}

// The answers of the HTTP servers (JSON: float64 numbers, []any) and of the
// driver (int64, []any, map[string]any) normalise to the same text.
func TestNormalisedAnswersCompare(t *testing.T) {
	httpAnswer := map[string]any{"actors": map[string]any{
		"totalCount": float64(2),
		"nodes": []any{
			map[string]any{"id": "actor:a", "name": "A"},
			map[string]any{"id": "actor:b", "name": "B"},
		},
	}}
	driverRow := map[string]any{
		"total": int64(2),
		"page":  []any{map[string]any{"id": "actor:a", "name": "A"}, map[string]any{"name": "B", "id": "actor:b"}},
	}
	a := queries(qargs{NeighbourLimit: 100})[0]
	got, err := a.norm(httpAnswer)
	if err != nil {
		t.Fatal(err)
	}
	want, err := a.floorNorm([]map[string]any{driverRow})
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("newsgraph %s, floor %s", got, want)
	}
	// A different count must not compare equal.
	driverRow["total"] = int64(3)
	if other, _ := a.floorNorm([]map[string]any{driverRow}); other == got {
		t.Errorf("different totals normalise alike: %s", other)
	}
}

// Evidence titles are compared as a sorted set: the peer lists each article
// once, newsgraph each piece of evidence.
func TestNestedRelationsTitles(t *testing.T) {
	ng := []any{map[string]any{"id": "actor:a", "relations": map[string]any{"nodes": []any{
		map[string]any{"id": "relation:1", "type": "LED", "target": map[string]any{"name": "X"},
			"evidence": []any{
				map[string]any{"article": map[string]any{"title": "T2"}},
				map[string]any{"article": map[string]any{"title": "T1"}},
				map[string]any{"article": map[string]any{"title": "T2"}},
			}},
	}}}}
	peer := []any{map[string]any{"id": "actor:a", "relations": []any{
		map[string]any{"id": "relation:1", "type": "LED", "target": map[string]any{"name": "X"},
			"evidence": []any{map[string]any{"title": "T1"}, map[string]any{"title": "T2"}}},
	}}}
	b := queries(qargs{NeighbourLimit: 100})[1]
	got, err := b.norm(map[string]any{"actors": map[string]any{"nodes": ng}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := b.peerNorm(map[string]any{"actors": peer})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("newsgraph and peer normalise differently (-peer +newsgraph):\n%s", d)
	}
}

// TestPeerRelationTypes checks that the peer's list of relation types, by
// which its relations read the evidence relationships, is the ontology's.
func TestPeerRelationTypes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "peer", "server.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const relationTypes = "([A-Z_|]+)";`).FindSubmatch(src)
	if m == nil {
		t.Fatal("server.mjs declares no relationTypes")
	}
	if got, want := string(m[1]), relTypes(); got != want {
		t.Errorf("server.mjs relationTypes = %q, want the ontology's %q", got, want)
	}
}
