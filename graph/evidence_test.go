package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/graph"
	"newsgraph/store"
)

// TestEvidenceFirst checks Relation.evidence(first:) and evidenceCount: the
// first pieces of the whole list, and the count of all of them.
func TestEvidenceFirst(t *testing.T) {
	_, c := seeded(t)
	type piece struct{ Start, End int }
	var resp struct {
		Relations struct {
			Nodes []struct {
				ID            string
				EvidenceCount int
				All, One, Two []piece
				None          []piece
			}
		}
	}
	query(t, c, `{ relations(first: 100) { nodes { id evidenceCount all: evidence { start end }
		one: evidence(first: 1) { start end } two: evidence(first: 2) { start end } none: evidence(first: 0) { start } } } }`, &resp)
	several := 0
	for _, r := range resp.Relations.Nodes {
		if len(r.All) != r.EvidenceCount {
			t.Errorf("%s: evidenceCount %d, %d pieces", r.ID, r.EvidenceCount, len(r.All))
		}
		if d := cmp.Diff(r.All[:min(1, len(r.All))], r.One); d != "" {
			t.Errorf("%s: evidence(first: 1) (-first of all +got):\n%s", r.ID, d)
		}
		if d := cmp.Diff(r.All[:min(2, len(r.All))], r.Two); d != "" {
			t.Errorf("%s: evidence(first: 2) (-first of all +got):\n%s", r.ID, d)
		}
		if r.None == nil || len(r.None) != 0 {
			t.Errorf("%s: evidence(first: 0) = %v, want []", r.ID, r.None)
		}
		if r.EvidenceCount > 1 {
			several++
		}
	}
	if several == 0 {
		t.Fatal("no relation of the seed has two pieces of evidence: the test checks nothing")
	}
	for _, first := range []string{"-1", "1001"} {
		errs, _ := queryErrors(t, c, `{ relations(first: 1) { nodes { evidence(first: `+first+`) { start } } } }`)
		if errs[0].Extensions.Code != "BAD_USER_INPUT" {
			t.Errorf("evidence(first: %s): %+v, want BAD_USER_INPUT", first, errs)
		}
	}
}

// evidenceRecorder records the evidence that the relation queries and
// timeline pages ask the store for.
type evidenceRecorder struct {
	store.Store
	mu   sync.Mutex
	seen []string
}

func (e *evidenceRecorder) record(noEvidence bool, limit int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case noEvidence:
		e.seen = append(e.seen, "none")
	case limit > 0:
		e.seen = append(e.seen, fmt.Sprintf("first %d", limit))
	default:
		e.seen = append(e.seen, "all")
	}
}

func (e *evidenceRecorder) ListRelations(ctx context.Context, q store.RelationQuery) (*store.Page[*store.Relation], error) {
	e.record(q.NoEvidence, q.EvidenceLimit)
	return e.Store.ListRelations(ctx, q)
}

func (e *evidenceRecorder) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	for _, rq := range q.Queries {
		e.record(rq.NoEvidence, rq.EvidenceLimit)
	}
	return e.Store.ReadLevel(ctx, q)
}

func (e *evidenceRecorder) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	e.record(false, q.EvidenceLimit)
	return e.Store.Timeline(ctx, q)
}

// TestEvidenceAskedOfTheStore checks that relation lists and timelines ask
// the store for the evidence their selection shows: none, the first pieces
// the largest first of their evidence fields keeps, or all of them where a
// field needs every piece (effectiveDate).
func TestEvidenceAskedOfTheStore(t *testing.T) {
	s := &evidenceRecorder{Store: newStore(t)}
	loadExamples(t, s)
	c := newPatientClient(t, s)
	tests := []struct {
		name, query string
		want        []string
	}{
		{"no evidence field", `{ relations(first: 5) { nodes { id type } } }`, []string{"none"}},
		{"first pieces", `{ relations(first: 5) { nodes { evidence(first: 2) { start } } } }`, []string{"first 2"}},
		{"the largest first", `{ relations(first: 5) { edges { node { a: evidence(first: 2) { start }
			... on Relation { b: evidence(first: 3) { start } } } } } }`, []string{"first 3"}},
		{"first omitted", `{ relations(first: 5) { nodes { evidence { start } } } }`, []string{fmt.Sprintf("first %d", graph.MaxEvidence)}},
		{"a count alone", `{ actors(first: 3) { nodes { relations(first: 2) { nodes { evidenceCount } } } } }`, []string{"first 1"}},
		{"effectiveDate needs all", `{ relations(first: 5) { nodes { effectiveDate evidence(first: 2) { start } } } }`, []string{"all"}},
		{"timeline", `{ timeline(first: 3) { edges { node { relation { evidence(first: 4) { start } } } } } }`, []string{"first 4"}},
		{"timeline without evidence", `{ timeline(first: 3) { edges { node { date } } } }`, []string{"first 1"}},
	}
	for _, tt := range tests {
		s.mu.Lock()
		s.seen = nil
		s.mu.Unlock()
		var resp any
		query(t, c, tt.query, &resp)
		s.mu.Lock()
		got := slices.Compact(slices.Sorted(slices.Values(s.seen)))
		s.mu.Unlock()
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s: evidence asked (-want +got):\n%s", tt.name, d)
		}
	}
}

// TestEvidenceAfter checks Relation.evidence(after:) with Evidence.cursor:
// walking a relation's evidence one or two pieces at a time, from each
// piece's cursor, gives all of it in order; the pages of several relations
// in one request are one store call; a malformed cursor is BAD_USER_INPUT.
func TestEvidenceAfter(t *testing.T) {
	inner, _ := seeded(t)
	counted := newCountingStore(inner)
	c := newPatientClient(t, counted)
	type piece struct {
		Cursor     string
		Start, End int
		Article    struct{ ID string }
	}
	type relation struct {
		ID            string
		EvidenceCount int
		Evidence      []piece
	}
	var all struct{ Relations struct{ Nodes []relation } }
	query(t, c, `{ relations(first: 100) { nodes { id evidenceCount evidence { cursor start end article { id } } } } }`, &all)
	several := 0
	for _, r := range all.Relations.Nodes {
		if len(r.Evidence) < 2 {
			continue
		}
		several++
		for _, first := range []int{1, 2} {
			var got []piece
			after := ""
			for range r.EvidenceCount + 1 {
				var resp struct{ Relations struct{ Nodes []relation } }
				args := fmt.Sprintf("first: %d", first)
				if after != "" {
					args += fmt.Sprintf(", after: %q", after)
				}
				query(t, c, fmt.Sprintf(`{ relations(where: {id: {eq: %q}}) { nodes { id evidenceCount
					evidence(%s) { cursor start end article { id } } } } }`, r.ID, args), &resp)
				page := resp.Relations.Nodes[0].Evidence
				if len(page) == 0 {
					break
				}
				got = append(got, page...)
				after = page[len(page)-1].Cursor
			}
			if d := cmp.Diff(r.Evidence, got); d != "" {
				t.Errorf("%s: its evidence walked %d at a time (-all at once +walked):\n%s", r.ID, first, d)
			}
		}
	}
	if several < 2 {
		t.Fatal("fewer than two relations of the seed have two pieces of evidence: the test checks too little")
	}

	// Two relations, each after its first piece, in one request: one call.
	var aliases strings.Builder
	n := 0
	for _, r := range all.Relations.Nodes {
		if len(r.Evidence) < 2 || n == 2 {
			continue
		}
		fmt.Fprintf(&aliases, `r%d: relations(where: {id: {eq: %q}}) { nodes { evidence(after: %q) { start } } } `,
			n, r.ID, r.Evidence[0].Cursor)
		n++
	}
	counted.snapshot()
	var two map[string]struct{ Nodes []struct{ Evidence []piece } }
	query(t, c, "{ "+aliases.String()+"}", &two)
	if calls := counted.snapshot()["EvidencePages"]; calls != 1 {
		t.Errorf("two relations' evidence after a cursor: %d EvidencePages calls, want 1", calls)
	}
	for alias, r := range two {
		if len(r.Nodes) != 1 || len(r.Nodes[0].Evidence) == 0 {
			t.Errorf("%s: %+v, want the pieces after the first", alias, r)
		}
	}

	for _, after := range []string{"nonsense", "eyJhIjoiIn0"} {
		errs, _ := queryErrors(t, c, fmt.Sprintf(`{ relations(first: 1) { nodes { evidence(after: %q) { start } } } }`, after))
		if len(errs) == 0 || errs[0].Extensions.Code != "BAD_USER_INPUT" {
			t.Errorf("evidence(after: %q): %+v, want BAD_USER_INPUT", after, errs)
		}
	}
}

func (c *countingStore) EvidencePages(ctx context.Context, qs []store.EvidenceQuery) ([]*store.Page[store.Evidence], error) {
	c.count("EvidencePages")
	return c.Store.EvidencePages(ctx, qs)
}
