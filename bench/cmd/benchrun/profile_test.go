package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestRecordStatements(t *testing.T) {
	file := filepath.Join(t.TempDir(), "statements.jsonl")
	got, err := recordStatements(file, func() error {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.WriteString(`{"query":"MATCH (n) RETURN n","params":{"first":21,"ids":["a","b"]}}` + "\n" +
			`{"query":"CYPHER 5\nMATCH (m) RETURN m","params":{}}` + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []statement{
		{Query: "MATCH (n) RETURN n", Params: map[string]any{"first": int64(21), "ids": []any{"a", "b"}}},
		{Query: "MATCH (m) RETURN m", Params: map[string]any{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("the log file is left behind: %v", err)
	}
	if _, err := recordStatements(file, func() error { return nil }); err == nil {
		t.Error("no statement logged: want an error")
	}
}

// fakePlan is a profiled plan made by hand.
type fakePlan struct {
	op, details string
	hits, rows  int64
	children    []neo4j.ProfiledPlan
}

func (p fakePlan) Operator() string               { return p.op }
func (p fakePlan) Arguments() map[string]any      { return map[string]any{"Details": p.details} }
func (p fakePlan) Identifiers() []string          { return nil }
func (p fakePlan) DbHits() int64                  { return p.hits }
func (p fakePlan) Records() int64                 { return p.rows }
func (p fakePlan) Children() []neo4j.ProfiledPlan { return p.children }
func (p fakePlan) PageCacheMisses() int64         { return 0 }
func (p fakePlan) PageCacheHits() int64           { return 0 }
func (p fakePlan) PageCacheHitRatio() float64     { return 0 }
func (p fakePlan) Time() int64                    { return 0 }

func TestPlans(t *testing.T) {
	scan := fakePlan{op: "ProduceResults@neo4j", details: "n", hits: 1, children: []neo4j.ProfiledPlan{
		fakePlan{op: "Filter@neo4j", details: "n.name CONTAINS $p", hits: 10, children: []neo4j.ProfiledPlan{
			fakePlan{op: "NodeByLabelScan@neo4j", details: "n:Actor", hits: 100, rows: 99},
		}},
	}}
	seek := fakePlan{op: "ProduceResults@neo4j", details: "n", hits: 1, children: []neo4j.ProfiledPlan{
		fakePlan{op: "NodeUniqueIndexSeek@neo4j", details: "UNIQUE n:Entity(id) WHERE id = $id", hits: 2, rows: 1},
	}}
	if got := dbHits(scan); got != 111 {
		t.Errorf("db hits: got %d, want 111", got)
	}
	if diff := cmp.Diff([]string{"NodeByLabelScan n:Actor (99 rows)"}, scansOf(scan)); diff != "" {
		t.Errorf("scans (-want +got):\n%s", diff)
	}
	if got := scansOf(seek); len(got) != 0 {
		t.Errorf("scans of a seek: got %q, want none", got)
	}
	if planShape(scan) == planShape(seek) {
		t.Error("two different plans have the same shape")
	}
	again := scan
	again.hits = 5000 // another run of the same plan
	if planShape(scan) != planShape(again) {
		t.Error("the same plan with other figures has another shape")
	}
}
