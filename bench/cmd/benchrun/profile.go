package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A statement a server ran for one request, as its statement log has it
// (one JSON line each): newsgraph's (store/neo4jstore's statement log,
// NEWSGRAPH_NEO4J_STATEMENTS) and the peer's (PEER_STATEMENTS).
type statement struct {
	Query  string         `json:"query"`
	Params map[string]any `json:"params"`
}

// recordStatements turns the statement log in file on (by creating the
// file), runs ask, turns it off (by removing the file) and returns the
// statements logged meanwhile.
func recordStatements(file string, ask func() error) ([]statement, error) {
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		return nil, err
	}
	askErr := ask()
	raw, err := os.ReadFile(file)
	os.Remove(file)
	if askErr != nil {
		return nil, askErr
	}
	if err != nil {
		return nil, err
	}
	var out []statement
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var st statement
		if err := json.Unmarshal(sc.Bytes(), &st); err != nil {
			return nil, fmt.Errorf("statement log %s: %w", file, err)
		}
		// The peer prefixes its statements with the Cypher version.
		if first, rest, ok := strings.Cut(st.Query, "\n"); ok && strings.HasPrefix(first, "CYPHER ") {
			st.Query = rest
		}
		st.Params, _ = normNumbers(st.Params).(map[string]any)
		out = append(out, st)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no statement was logged to %s (is the server's statement log set to it?)", file)
	}
	return out, nil
}

// plans is what PROFILE tells of the statements of one request.
type plans struct {
	statements int
	// hits is the db hits summed over the statements, with the plans
	// cached by a first run; replanned the same after db.clearQueryCaches().
	hits, replanned int64
	// changed counts the statements whose plan (operators and their
	// details) differs after the caches are cleared.
	changed int
	// scans are the operators that read a whole label, relationship type
	// or index (see scanOperators), as "Operator details (rows)".
	scans []string
}

// scanOperators are the plan operators that read every node of a label,
// every relationship of a type or every entry of an index, whatever the
// query anchors on. A list ordered by an indexed key that stops at its
// LIMIT reads an index in order and shows here too: its rows tell.
var scanOperators = []string{
	"AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
	"DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
	"DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
	"DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
	"NodeIndexScan", "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
	"NodeIndexContainsScan", "NodeIndexEndsWithScan",
	"DirectedRelationshipIndexContainsScan", "UndirectedRelationshipIndexContainsScan",
	"DirectedRelationshipIndexEndsWithScan", "UndirectedRelationshipIndexEndsWithScan",
}

// profileStatements runs each statement under PROFILE (after a first run,
// so that plans are cached, as they are while timed), then again after
// clearing Neo4j's query caches, and sums up what the plans tell.
func profileStatements(ctx context.Context, fl *floor, sts []statement) (plans, error) {
	p := plans{statements: len(sts)}
	shapes := make([]string, len(sts))
	seen := map[string]bool{}
	for i, st := range sts {
		if _, err := fl.run(ctx, st.Query, st.Params); err != nil {
			return p, err
		}
		plan, err := fl.profilePlan(ctx, st.Query, st.Params)
		if err != nil {
			return p, err
		}
		p.hits += dbHits(plan)
		shapes[i] = planShape(plan)
		for _, s := range scansOf(plan) {
			if !seen[s] {
				seen[s] = true
				p.scans = append(p.scans, s)
			}
		}
	}
	if _, err := fl.run(ctx, "CALL db.clearQueryCaches()", nil); err != nil {
		return p, err
	}
	for i, st := range sts {
		plan, err := fl.profilePlan(ctx, st.Query, st.Params)
		if err != nil {
			return p, err
		}
		p.replanned += dbHits(plan)
		if planShape(plan) != shapes[i] {
			p.changed++
		}
	}
	return p, nil
}

// operator is the name of a plan's operator without its runtime suffix
// ("NodeByLabelScan@neo4j").
func operator(p neo4j.ProfiledPlan) string {
	op, _, _ := strings.Cut(p.Operator(), "@")
	return op
}

// details is what the plan says an operator does ("n:Actor").
func details(p neo4j.ProfiledPlan) string {
	d, _ := p.Arguments()["Details"].(string)
	return d
}

// planShape is a plan's operators and their details, nested, without the
// figures of a run.
func planShape(p neo4j.ProfiledPlan) string {
	var b strings.Builder
	b.WriteString(operator(p) + "[" + details(p) + "](")
	for _, c := range p.Children() {
		b.WriteString(planShape(c))
	}
	b.WriteString(")")
	return b.String()
}

// scansOf lists the scan operators of a plan (see scanOperators).
func scansOf(p neo4j.ProfiledPlan) []string {
	var out []string
	if slices.Contains(scanOperators, operator(p)) {
		out = append(out, fmt.Sprintf("%s %s (%d rows)", operator(p), details(p), p.Records()))
	}
	for _, c := range p.Children() {
		out = append(out, scansOf(c)...)
	}
	return out
}

// String is the plans in a line of the log; "—" when unknown.
func (p *plans) String() string {
	if p == nil {
		return "—"
	}
	s := fmt.Sprintf("%d db hits (%d after clearing the query caches, %d plan(s) changed)", p.hits, p.replanned, p.changed)
	if len(p.scans) > 0 {
		s += "; scans: " + strings.Join(p.scans, "; ")
	}
	return s
}

// hitsCell is the plans' db hits in a cell of the report: "hits (replanned,
// changed)", or "—" when unknown.
func (p *plans) hitsCell() string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%d (%d, %d)", p.hits, p.replanned, p.changed)
}
