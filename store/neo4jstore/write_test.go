package neo4jstore

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestConcurrentPutsOfOneArticle puts one new article from several
// transactions at once, one article at a time and in batches: one creates
// it, the others find it unchanged, and its claims are written once (the
// claims are created, not merged, so a second writer that did not wait for
// the first would write them twice).
func TestConcurrentPutsOfOneArticle(t *testing.T) {
	s := openTestStore(t)
	g := storetest.IstanbulTalks()
	const writers = 6
	var wg sync.WaitGroup
	outcomes := make([]store.PutOutcome, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			if i%2 == 0 {
				var r store.PutResult
				r, errs[i] = s.PutArticle(t.Context(), g)
				outcomes[i] = r.Outcome
				return
			}
			rs, err := s.PutArticles(t.Context(), []*store.ArticleGraph{g})
			if errs[i] = err; err == nil {
				outcomes[i] = rs[0].Outcome
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	slices.Sort(outcomes)
	want := []store.PutOutcome{store.Created}
	for range writers - 1 {
		want = append(want, store.Unchanged)
	}
	slices.Sort(want)
	if d := cmp.Diff(want, outcomes); d != "" {
		t.Errorf("outcomes (-want +got):\n%s", d)
	}
	storetest.CheckModel(t, s, storetest.NewModel(g))
}
