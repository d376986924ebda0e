package store

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
)

// A relation that the archive restates every day has more evidence than one
// read returns (a relation read keeps the first pieces, see
// RelationQuery.EvidenceLimit). EvidencePages pages through all of it, in
// Evidence's order, from the cursor of a piece (EvidenceCursor).

// MaxEvidencePage is the most pieces of evidence one page holds.
const MaxEvidencePage = 1000

// EvidenceQuery asks for a page of one relation's evidence.
type EvidenceQuery struct {
	// Relation is the relation's id.
	Relation string
	// After is the cursor of a piece (EvidenceCursor): the page starts
	// with the piece that follows it in Evidence's order. "" starts at the
	// first piece.
	After string
	// First is the page size, 1 to MaxEvidencePage (MaxEvidencePage when 0
	// or less, see ClampEvidenceFirst).
	First int
}

// EvidenceReader pages through the evidence of relations.
type EvidenceReader interface {
	// EvidencePages answers several evidence queries at once, so that the
	// evidence of a level's relations costs one call. Results are aligned
	// with qs: nil for a relation that does not exist. A malformed cursor
	// is an error wrapping ErrInvalid.
	EvidencePages(ctx context.Context, qs []EvidenceQuery) ([]*Page[Evidence], error)
}

// ClampEvidenceFirst is the page size of an evidence query's First.
func ClampEvidenceFirst(first int) int {
	if first <= 0 || first > MaxEvidencePage {
		return MaxEvidencePage
	}
	return first
}

// CompareEvidence orders pieces of evidence as a relation lists them: by
// article id, start, end, then the source's coding (one span may state a
// relation under two codings).
func CompareEvidence(a, b Evidence) int {
	return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
		compareCoding(a.EventCoding, b.EventCoding))
}

// evidenceKey is what a cursor of a piece of evidence holds: the fields
// CompareEvidence reads.
type evidenceKey struct {
	Article string `json:"a"`
	Start   int    `json:"s"`
	End     int    `json:"e"`
	CAMEO   string `json:"c,omitempty"`
	PLOVER  string `json:"p,omitempty"`
	Mode    string `json:"m,omitempty"`
	Label   string `json:"l,omitempty"`
}

// EvidenceCursor is the cursor of a piece of evidence: pass it as
// EvidenceQuery.After to continue after it.
func EvidenceCursor(ev Evidence) string {
	b, _ := json.Marshal(evidenceKey{ev.Article, ev.Start, ev.End, ev.CAMEO, ev.PLOVER, ev.Mode, ev.Label})
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeEvidenceCursor reads a cursor made by EvidenceCursor: the piece it
// stands for, without its quote.
func DecodeEvidenceCursor(c string) (Evidence, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var k evidenceKey
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err != nil || k.Article == "" {
		return Evidence{}, fmt.Errorf("%w: malformed evidence cursor %q", ErrInvalid, c)
	}
	return Evidence{Article: k.Article, Start: k.Start, End: k.End,
		EventCoding: EventCoding{CAMEO: k.CAMEO, PLOVER: k.PLOVER, Mode: k.Mode, Label: k.Label}}, nil
}

// PageOfEvidence is the page q asks of ev, a relation's whole evidence in
// Evidence's order.
func PageOfEvidence(ev []Evidence, q EvidenceQuery) (*Page[Evidence], error) {
	from := 0
	if q.After != "" {
		after, err := DecodeEvidenceCursor(q.After)
		if err != nil {
			return nil, err
		}
		from, _ = slices.BinarySearchFunc(ev, after, CompareEvidence)
		for from < len(ev) && CompareEvidence(ev[from], after) <= 0 {
			from++
		}
	}
	first := ClampEvidenceFirst(q.First)
	to := min(from+first, len(ev))
	p := &Page[Evidence]{Items: slices.Clone(ev[from:to]), HasNextPage: to < len(ev)}
	p.Cursors = make([]string, len(p.Items))
	for i, e := range p.Items {
		p.Cursors[i] = EvidenceCursor(e)
	}
	return p, nil
}
