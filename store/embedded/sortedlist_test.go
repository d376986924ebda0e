package embedded

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/ontology"
	"newsgraph/store"
)

// checkChunks checks what bounds the work of an insertion or removal: no
// chunk is empty or holds more than chunkMax items, and the start indexes
// are right.
func checkChunks[T any](t *testing.T, l *sortedList[T]) {
	t.Helper()
	n := 0
	for c, ch := range l.chunks {
		if len(ch) == 0 || len(ch) > chunkMax {
			t.Fatalf("chunk %d holds %d items, want 1 to %d", c, len(ch), chunkMax)
		}
		if l.starts[c] != n {
			t.Fatalf("chunk %d starts at %d, want %d", c, l.starts[c], n)
		}
		n += len(ch)
	}
	if n != l.len() {
		t.Fatalf("the chunks hold %d items, the list says %d", n, l.len())
	}
}

// rankedFixture makes rankedSets of made-up relations: each entry (key,
// id) is a relation of that id whose date, the key of the sets' order, is
// key.
type rankedFixture struct {
	g       *graph
	handles map[rankedID]relHandle
}

func newRankedFixture() *rankedFixture {
	return &rankedFixture{g: newGraph(), handles: map[rankedID]relHandle{}}
}

// set is an empty set of the fixture's relations, in date order.
func (f *rankedFixture) set() *rankedSet {
	s := &rankedSet{}
	s.items.owner, s.items.kind = &rankOwner{g: f.g}, rankKind(orderIndex(store.OrderByDate))
	return s
}

// h is the handle of entry x's relation, made on first use.
func (f *rankedFixture) h(x rankedID) relHandle {
	if h, ok := f.handles[x]; ok {
		return h
	}
	n := &relationNode{merged: &store.Relation{ID: x.id, Qualifiers: store.Qualifiers{Date: x.key}}}
	f.g.addRelation(n)
	f.handles[x] = n.h
	return n.h
}

// A sortedSet and a rankedSet changed at random, past many chunks, hold
// and list what a sorted slice does, from any cursor and in both orders.
func TestSortedSetsAreSortedSlices(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var ids sortedSet
	f := newRankedFixture()
	ranked := f.set()
	var want []rankedID // sorted by key, then id
	keys := []string{"", "2024-01-01", "2024-06-15", "COOPERATED", "DEMANDED"}
	for step := range 12000 {
		x := rankedID{keys[r.IntN(len(keys))], fmt.Sprintf("relation:%04d", r.IntN(3000))}
		i, found := slices.BinarySearchFunc(want, x, func(a, b rankedID) int { return compareRanked(a, b.key, b.id) })
		if step%3 == 2 && len(want) > 0 {
			x = want[r.IntN(len(want))] // remove one that is there
			i, found = slices.BinarySearchFunc(want, x, func(a, b rankedID) int { return compareRanked(a, b.key, b.id) })
		}
		if step%3 == 2 {
			ranked.remove(f.h(x))
			ids.remove(x.key + "|" + x.id)
			if found {
				want = slices.Delete(want, i, i+1)
			}
		} else {
			ranked.add(f.h(x))
			ids.add(x.key + "|" + x.id)
			if !found {
				want = slices.Insert(want, i, x)
			}
		}
	}
	checkChunks(t, &ranked.items.l)
	checkChunks(t, &ids.l)
	if len(want) < 3*chunkMax {
		t.Fatalf("only %d items: the test needs several chunks", len(want))
	}
	var gotIDs, wantIDs []string
	for _, id := range ids.all() {
		gotIDs = append(gotIDs, id)
	}
	for _, x := range want {
		wantIDs = append(wantIDs, x.key+"|"+x.id)
	}
	slices.Sort(wantIDs)
	if d := gocmp.Diff(wantIDs, gotIDs); d != "" {
		t.Fatalf("sortedSet differs from a sorted slice (-want +got):\n%s", d)
	}

	// list is what each must give: want in list order, after the cursor.
	list := func(desc bool, after *[2]string) []rankedID {
		out := slices.Clone(want)
		slices.SortStableFunc(out, func(a, b rankedID) int {
			if desc {
				return cmp.Compare(b.key, a.key)
			}
			return 0
		})
		return slices.DeleteFunc(out, func(a rankedID) bool {
			return after != nil && !store.After(a.key, a.id, after[0], after[1], desc)
		})
	}
	cursors := []*[2]string{nil, {"2024-01-01", "relation:1500"}, {"2024-03-01", ""}, {"DEMANDED", "relation:2999"}, {"~", ""}}
	for _, desc := range []bool{false, true} {
		for _, after := range cursors {
			var got []rankedID
			ranked.each(desc, after, func(key, id string) bool {
				got = append(got, rankedID{key, id})
				return true
			})
			if d := gocmp.Diff(list(desc, after), got, gocmp.AllowUnexported(rankedID{}), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("desc=%t after %v: each differs from a sorted slice (-want +got):\n%s", desc, after, d)
			}
		}
	}
}

// Paging through every relation in id order, with no entity named (as an
// export does), gives the pages sorting would, and looks at each relation
// once over all the pages rather than at all of them for every page.
func TestRelationPagesInIDOrderReadEachOnce(t *testing.T) {
	s := synthStore(t, 300)
	total, err := s.CountRelations(context.Background(), store.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, types := range [][]ontology.RelationType{nil, {ontology.RelationTypes[0], ontology.RelationTypes[3]}} {
		for _, field := range []store.OrderField{store.OrderByID, store.OrderByDegree} {
			q := store.RelationQuery{Types: types, Order: store.Order{Field: field}, First: 7}
			before, pages, read := s.g.pageVisits.Load(), 0, 0
			for {
				rq, err := prepareRelationQuery(q)
				if err != nil {
					t.Fatal(err)
				}
				got, want := s.g.listRelations(rq), s.g.sortedPage(rq)
				if d := gocmp.Diff(want, got); d != "" {
					t.Fatalf("types %v %s after %q: page differs (-sorted +read):\n%s", types, field, q.After, d)
				}
				pages++
				read += len(got.Items)
				if !got.HasNextPage {
					break
				}
				q.After = got.EndCursor()
			}
			if types == nil && read != total {
				t.Errorf("%s: the pages hold %d relations, want %d", field, read, total)
			}
			if visits := s.g.pageVisits.Load() - before; visits > int64(read+pages) {
				t.Errorf("types %v %s: %d pages of %d relations looked at %d relations, want at most %d",
					types, field, pages, read, visits, read+pages)
			}
		}
	}
}

// Expanding from a hub with a small limit looks at the relations it keeps
// and one more, not at all the hub's, and keeps those a sort would.
func TestExpandReadsUpToItsLimit(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	all, err := s.Expand(context.Background(), []string{hub}, store.Both, nil, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Steps) < 50 || all.Truncated {
		t.Fatalf("the hub has %d relations (truncated %t); the test needs more than 50, all read", len(all.Steps), all.Truncated)
	}
	if !slices.IsSortedFunc(all.Steps, func(a, b store.Step) int { return cmp.Compare(a.Relation, b.Relation) }) {
		t.Fatalf("the steps are not in relation id order")
	}
	const limit = 7
	before := s.g.pageVisits.Load()
	got, err := s.Expand(context.Background(), []string{hub}, store.Both, nil, limit)
	if err != nil {
		t.Fatal(err)
	}
	if visits := s.g.pageVisits.Load() - before; visits > limit+1 {
		t.Errorf("an expansion limited to %d looked at %d relations", limit, visits)
	}
	want := &store.Expansion{Steps: all.Steps[:limit], Truncated: true}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("expansion limited to %d (-first of all +got):\n%s", limit, d)
	}
}

// A rankedSet built at once (addAll, as replaying the log does) holds what
// one built an item at a time does, duplicates dropped, and stays so under
// the adds and removes that follow.
func TestRankedSetAddAll(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	keys := []string{"", "2024-01-01", "COOPERATED"}
	item := func() rankedID { return rankedID{keys[r.IntN(len(keys))], fmt.Sprintf("relation:%04d", r.IntN(4000))} }
	f := newRankedFixture()
	bulk, one := f.set(), f.set()
	var items []relHandle
	for range 5000 {
		x := item()
		items = append(items, f.h(x), f.h(x))
		one.add(f.h(x))
	}
	bulk.addAll(items)
	for step := range 3000 {
		x := item()
		if step%2 == 0 {
			bulk.remove(f.h(x))
			one.remove(f.h(x))
		} else {
			bulk.add(f.h(x))
			one.add(f.h(x))
		}
	}
	checkChunks(t, &bulk.items.l)
	list := func(s *rankedSet) []rankedID {
		var out []rankedID
		s.each(false, nil, func(key, id string) bool {
			out = append(out, rankedID{key, id})
			return true
		})
		return out
	}
	if d := gocmp.Diff(list(one), list(bulk), gocmp.AllowUnexported(rankedID{})); d != "" {
		t.Fatalf("built at once differs from built one at a time (-one +bulk):\n%s", d)
	}
}
