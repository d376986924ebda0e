package embedded

import (
	"context"
	"fmt"

	"newsgraph/store"
)

var _ store.BatchWriter = (*Store)(nil)

// PutArticles implements store.BatchWriter with a group commit: the
// articles are checked, the log records of those that change something are
// prepared, appended with one write and one fsync, then applied together
// (see commit). An article that fails the checks fails alone.
//
// A crash during the write may keep a prefix of the batch's records (each
// whole, see wal.go) and lose the rest; none of them was acknowledged.
func (s *Store) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	results := make([]store.PutResult, len(gs))
	errs := make([]error, len(gs))
	failAll := func(err error) ([]store.PutResult, error) {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return make([]store.PutResult, len(gs)), store.NewBatchError(errs)
	}
	if err := ctx.Err(); err != nil {
		return failAll(err)
	}
	normalized := make([]*store.ArticleGraph, len(gs))
	for i, g := range gs {
		normalized[i], errs[i] = normalize(g)
	}

	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed {
		return failAll(errClosed)
	}
	plan := s.planBatch(normalized, results)
	if len(plan.records) == 0 {
		return results, store.NewBatchError(errs)
	}
	if _, _, err := s.commit(ctx, plan.records); err != nil {
		for _, i := range plan.index {
			errs[i], results[i] = err, store.PutResult{}
		}
	}
	return results, store.NewBatchError(errs)
}

// batchPlan is what a batch writes: a put record per article that changes
// something, and the index in the batch of each.
type batchPlan struct {
	records []logRecord
	index   []int
}

// planBatch decides the outcome of each checked article (nil for those that
// failed) as if they were put one after the other, filling results. The
// caller holds wmu.
func (s *Store) planBatch(gs []*store.ArticleGraph, results []store.PutResult) batchPlan {
	var p batchPlan
	// hashes is the hash of each article id the batch has put so far.
	hashes := map[string]string{}
	for i, g := range gs {
		if g == nil {
			continue
		}
		res := store.PutResult{Outcome: store.Created, Entities: len(g.Entities), Relations: len(g.Relations)}
		old, ok := hashes[g.Article.ID]
		if !ok {
			if a := s.g.articles[g.Article.ID]; a != nil {
				old, ok = a.article.Hash, true
			}
		}
		switch {
		case ok && old == g.Article.Hash:
			res.Outcome = store.Unchanged
		case ok:
			res.Outcome = store.Replaced
		}
		results[i] = res
		if res.Outcome == store.Unchanged {
			continue
		}
		hashes[g.Article.ID] = g.Article.Hash
		p.records = append(p.records, logRecord{Op: opPut, Article: g})
		p.index = append(p.index, i)
	}
	return p
}

// replayer applies the log's records while the store opens. Like putAll,
// it settles what they touched once, at the end, rather than after each
// record: replaying a log of n articles that all mention one entity would
// otherwise merge that entity n times.
type replayer struct {
	g    *graph
	t    touched
	feed *feed // nil: the changes are not kept
}

func newReplayer(g *graph) *replayer {
	g.deferred = map[*entityNode][]deferredLink{}
	return &replayer{g: g, t: newTouched()}
}

// apply applies one record, made ready by readyRecord.
func (r *replayer) apply(rec logRecord) error {
	switch rec.Op {
	case opPut, opDelete:
	case opChange, opPosition:
		if r.feed != nil {
			if rec.kept != nil {
				r.g.claims.share(rec.kept)
			}
			r.feed.replay(rec, false)
		}
		return nil
	default:
		return fmt.Errorf("unknown operation %q", rec.Op)
	}
	if r.feed != nil {
		r.feed.replay(rec, r.g.articles[recordArticle(rec)] != nil)
	}
	r.g.step(rec, r.t, nil)
	return nil
}

// finish settles what the records touched.
func (r *replayer) finish() {
	r.g.linkDeferred()
	r.g.settle(r.t, nil)
	r.t = newTouched()
}
