package storetest

import (
	"fmt"
	"testing"

	"newsgraph/store"
)

// testEvidencePages covers EvidencePages: paging through a relation's
// evidence, a few pieces at a time, gives all of it in Evidence's order,
// each piece with its cursor (store.EvidenceCursor); several queries at
// once are answered as each alone; a relation that does not exist has no
// page; a malformed cursor is invalid.
func testEvidencePages(t *testing.T, f Factory) {
	s, m := loaded(t, f, append(Ukraine(), rejectedThrice())...)
	ctx := t.Context()
	rels := m.Relations()
	pageOf := func(q store.EvidenceQuery) (*store.Page[store.Evidence], error) {
		ps, err := s.EvidencePages(ctx, []store.EvidenceQuery{q})
		if err != nil {
			return nil, err
		}
		if len(ps) != 1 || ps[0] == nil {
			return nil, fmt.Errorf("EvidencePages(%+v) = %v, want one page", q, ps)
		}
		return ps[0], nil
	}

	for _, first := range []int{1, 2, store.MaxEvidencePage} {
		t.Run(fmt.Sprintf("Walk/%d", first), func(t *testing.T) {
			for _, r := range rels {
				got := walk(t, first, func(after string) (*store.Page[store.Evidence], error) {
					p, err := pageOf(store.EvidenceQuery{Relation: r.ID, After: after, First: first})
					if err == nil {
						for i, e := range p.Items {
							if c := store.EvidenceCursor(e); p.Cursors[i] != c {
								t.Errorf("%s: cursor of piece %d = %q, want %q", r.ID, i, p.Cursors[i], c)
							}
						}
					}
					return p, err
				})
				if d := Diff(r.Evidence, got); d != "" {
					t.Errorf("%s: its evidence walked %d at a time (-model +got):\n%s", r.ID, first, d)
				}
			}
		})
	}

	t.Run("Batch", func(t *testing.T) {
		// Every relation twice, from its start and after its first piece,
		// and one that does not exist, in one call.
		var qs []store.EvidenceQuery
		var want []*store.Page[store.Evidence]
		for _, r := range rels {
			qs = append(qs, store.EvidenceQuery{Relation: r.ID, First: 2},
				store.EvidenceQuery{Relation: r.ID, After: store.EvidenceCursor(r.Evidence[0]), First: 2})
			for _, q := range qs[len(qs)-2:] {
				p, err := pageOf(q)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, p)
			}
		}
		qs = append(qs, store.EvidenceQuery{Relation: "rel:missing"})
		want = append(want, nil)
		got, err := s.EvidencePages(ctx, qs)
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got); d != "" {
			t.Errorf("the queries at once (-each alone +at once):\n%s", d)
		}
		cut := 0
		for _, p := range got {
			if p != nil && p.HasNextPage {
				cut++
			}
		}
		if cut == 0 {
			t.Errorf("no page of 2 had a next page: the fixture needs a relation with more evidence")
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, after := range []string{"not a cursor", store.EncodeCursor("k", "id")} {
			_, err := s.EvidencePages(ctx, []store.EvidenceQuery{{Relation: rels[0].ID, After: after}})
			wantInvalid(t, fmt.Sprintf("EvidencePages after %q", after), err)
			_, err = s.EvidencePages(ctx, []store.EvidenceQuery{{Relation: "rel:missing", After: after}})
			wantInvalid(t, fmt.Sprintf("EvidencePages of a missing relation after %q", after), err)
		}
	})
}
