package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"newsgraph/graph/apierr"
	"newsgraph/store"
)

// A relation that every article restates (a hub's) has thousands of pieces
// of evidence, and more as the archive grows. Relation.evidence returns the
// first of them (first, MaxEvidence at most and by default), and
// evidenceCount how many there are. The relation lists and the timeline
// read from the store only what their selections show: the first pieces
// that the largest first of their evidence fields keeps
// (store.RelationQuery.EvidenceLimit), or none when no field shows any.

// MaxEvidence is the most pieces of evidence Relation.evidence returns, and
// how many it returns when first is omitted.
const MaxEvidence = 1000

// relationEvidence answers Relation.evidence: the first pieces of the
// relation's evidence, as many as first asks (MaxEvidence when nil).
func relationEvidence(r *store.Relation, first *int) ([]*store.Evidence, error) {
	n, err := within("first", first, MaxEvidence, 0, MaxEvidence, "ask evidenceCount for how many there are")
	if err != nil {
		return nil, err
	}
	ev := r.Evidence[:min(n, len(r.Evidence))]
	out := make([]*store.Evidence, len(ev))
	for i := range ev {
		out[i] = &ev[i]
	}
	return out, nil
}

// evidenceAfter answers Relation.evidence with after: the pieces that
// follow the cursor's piece, as many as first asks (MaxEvidence when nil),
// read from the store (the relation holds only its first pieces) through
// the EvidencePages loader, so that a level's relations cost one call.
func evidenceAfter(ctx context.Context, r *store.Relation, first *int, after string) ([]*store.Evidence, error) {
	n, err := within("first", first, MaxEvidence, 0, MaxEvidence, "ask evidenceCount for how many there are")
	if err != nil {
		return nil, err
	}
	if _, err := store.DecodeEvidenceCursor(after); err != nil {
		return nil, apierr.BadInput("after: not the cursor of a piece of evidence (Evidence.cursor)")
	}
	if n == 0 {
		return []*store.Evidence{}, nil
	}
	p, err := loadersFrom(ctx).EvidencePages.Load(ctx, store.EvidenceQuery{Relation: r.ID, After: after, First: n})
	if err != nil || p == nil { // nil: the relation has gone since it was read
		return []*store.Evidence{}, err
	}
	out := make([]*store.Evidence, len(p.Items))
	for i := range p.Items {
		out[i] = &p.Items[i]
	}
	return out, nil
}

// evidenceNeed is what the fields of relations ask of their evidence.
type evidenceNeed struct {
	// any is true when a field reads the evidence (evidence,
	// evidenceCount, effectiveDate).
	any bool
	// all is true when a field needs every piece (effectiveDate, the
	// earliest date of the relation's articles).
	all bool
	// first is the most pieces an evidence field shows.
	first int
}

// add reads what the selection of a Relation asks of its evidence.
func (e *evidenceNeed) add(op *graphql.OperationContext, sel ast.SelectionSet) {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		switch f.Name {
		case "effectiveDate":
			e.any, e.all = true, true
		case "evidenceCount":
			e.any = true
		case "evidence":
			e.any = true
			n := MaxEvidence
			if v, ok := f.ArgumentMap(op.Variables)["first"].(int64); ok {
				n = int(min(max(v, 1), MaxEvidence))
			}
			e.first = max(e.first, n)
		}
	}
}

// limit sets the evidence a relation query reads from the need: none, the
// first pieces, or all of them.
func (e evidenceNeed) limit(q *store.RelationQuery) {
	q.NoEvidence, q.EvidenceLimit = e.shape()
}

// shape is the evidence the need reads, as store.RelationQuery's
// NoEvidence and EvidenceLimit: none, the first pieces, or all of them.
func (e evidenceNeed) shape() (none bool, limit int) {
	switch {
	case !e.any:
		return true, 0
	case !e.all:
		return false, max(e.first, 1)
	}
	return false, 0
}

// connectionEvidence reads what the relations of a relation connection
// (through nodes or edges.node, in fragments too) ask of their evidence.
func connectionEvidence(op *graphql.OperationContext, sel ast.SelectionSet) evidenceNeed {
	var e evidenceNeed
	for _, f := range graphql.CollectFields(op, sel, nil) {
		switch f.Name {
		case "nodes":
			e.add(op, f.Selections)
		case "edges":
			for _, n := range graphql.CollectFields(op, f.Selections, nil) {
				if n.Name == "node" {
					e.add(op, n.Selections)
				}
			}
		}
	}
	return e
}

// fieldEvidence is connectionEvidence of the connection being resolved;
// outside a request (no field context), every piece.
func fieldEvidence(ctx context.Context) evidenceNeed {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return evidenceNeed{any: true, all: true}
	}
	return connectionEvidence(graphql.GetOperationContext(ctx), fc.Field.Selections)
}

// timelineEvidenceLimit is the evidence limit of a timeline page
// (store.TimelineQuery.EvidenceLimit) from the selection of the timeline
// being resolved: the most pieces an evidence field of its items'
// relations shows; 0 (every piece) when one needs them all, or outside a
// request.
func timelineEvidenceLimit(ctx context.Context) int {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return 0
	}
	op := graphql.GetOperationContext(ctx)
	var e evidenceNeed
	for _, f := range graphql.CollectFields(op, fc.Field.Selections, nil) {
		if f.Name != "edges" {
			continue
		}
		for _, n := range graphql.CollectFields(op, f.Selections, nil) {
			if n.Name != "node" {
				continue
			}
			for _, r := range graphql.CollectFields(op, n.Selections, nil) {
				if r.Name == "relation" {
					e.add(op, r.Selections)
				}
			}
		}
	}
	if e.all {
		return 0
	}
	return max(e.first, 1)
}
