package loaders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"newsgraph/store"
)

// batch is the items waiting to be written, in file order: documents to
// write, and the failures and file ends between them, accounted for when
// the batch is written so that the report keeps file order.
type batch struct {
	items               []item
	articles, relations int
	since               time.Time // when the first item came

	maxArticles, maxRelations int
}

func (b *batch) full() bool {
	return b.articles >= b.maxArticles || b.relations >= b.maxRelations
}

// due reports whether the batch has waited long enough to be written
// however small it is.
func (b *batch) due(delay time.Duration) bool {
	return len(b.items) > 0 && time.Since(b.since) >= delay
}

// add queues an item, writing the batch when it is full. Its error stops
// the load.
func (r *run) add(ctx context.Context, it item) error {
	if it.graph != nil && it.err == nil {
		if err := r.claimID(it); err != nil {
			it.graph, it.err = nil, err
		}
	}
	b := &r.batch
	if len(b.items) == 0 {
		b.since = time.Now()
	}
	b.items = append(b.items, it)
	if it.graph != nil && it.err == nil {
		b.articles++
		b.relations += len(it.graph.Relations)
	}
	if b.full() {
		return r.flush(ctx)
	}
	return nil
}

// claimID fails a document whose article id an earlier document of the
// same load already had: loading both would silently keep only the last.
func (r *run) claimID(it item) error {
	id := it.graph.Article.ID
	if first, ok := r.firstAt[id]; ok {
		return fmt.Errorf("article id %q is also the id of %s", strings.TrimPrefix(id, store.ArticleID("")), first)
	}
	r.firstAt[id] = it.loc
	return nil
}

// flush resolves and writes the batch, then accounts for its items in
// order. Its error (an unavailable store, a cancelled context) stops the
// load; the items before the one it struck are accounted for.
func (r *run) flush(ctx context.Context) error {
	items := r.batch.items
	r.batch.items, r.batch.articles, r.batch.relations = nil, 0, 0
	var docs []*item
	for i := range items {
		if it := &items[i]; it.graph != nil && it.err == nil {
			docs = append(docs, it)
		}
	}
	var fatal error
	var fatalAt *item
	if !r.l.DryRun && len(docs) > 0 {
		fatal = r.resolve(ctx, docs)
		if fatal != nil {
			fatalAt = docs[0]
		} else {
			fatalAt, fatal = r.write(ctx, docs)
		}
	}
	for i := range items {
		it := &items[i]
		if it == fatalAt {
			return fmt.Errorf("%s: %w", it.loc, fatal)
		}
		r.account(it)
	}
	return nil
}

// resolve runs entity resolution over the batch's documents.
func (r *run) resolve(ctx context.Context, docs []*item) error {
	if r.resolver == nil {
		return nil
	}
	n, err := r.resolver.resolveBatch(ctx, docs)
	r.report.Resolved += n
	return err
}

// write writes the documents, setting each one's result or error. It
// returns the first document that failed for a reason that stops the load,
// and that reason.
func (r *run) write(ctx context.Context, docs []*item) (*item, error) {
	if r.l.Sink != nil {
		for _, it := range docs {
			it.result, it.err = r.l.Sink.PutDocument(ctx, it.doc)
			if it.err != nil && (stops(it.err) || ctx.Err() != nil) {
				return it, it.err
			}
		}
		return nil, nil
	}
	gs := make([]*store.ArticleGraph, len(docs))
	for i, it := range docs {
		gs[i] = it.graph
	}
	results, errs := r.writer.put(ctx, gs)
	for i, it := range docs {
		it.result, it.err = results[i], errs[i]
		if it.err != nil && (stops(it.err) || ctx.Err() != nil) {
			return it, it.err
		}
	}
	return nil, nil
}

// stops reports whether a write's error stops the whole load.
func stops(err error) bool {
	return errors.Is(err, store.ErrUnavailable) || errors.Is(err, ErrStop)
}

// account adds a written (or failed) item to the report and the progress.
func (r *run) account(it *item) {
	rep := r.report
	if it.fileDone != "" {
		r.progress.FilesDone++
		r.bytesDone += r.sizes[it.fileDone]
		r.progress.BytesDone = r.bytesDone
		r.progress.Current = ""
		r.notify()
		return
	}
	r.progress.Current = it.file
	for reason, n := range it.omitted {
		rep.Omitted[reason] += n
	}
	if it.noDoc {
		return
	}
	if !it.fileFail {
		r.progress.Documents++
		r.progress.BytesDone = r.bytesDone + min(it.offset, r.sizes[it.file])
	}
	switch {
	case it.err != nil:
		r.fail(it.loc, it.err)
	case r.l.DryRun:
		rep.Validated++
		r.loaded(it, len(it.graph.Entities), len(it.graph.Relations))
		r.log.Debug("valid", "loc", it.loc, "article", it.graph.Article.ID)
	default:
		switch it.result.Outcome {
		case store.Created:
			rep.Created++
		case store.Replaced:
			rep.Replaced++
		default:
			rep.Unchanged++
		}
		r.loaded(it, it.result.Entities, it.result.Relations)
		r.log.Debug("loaded", "loc", it.loc, "article", it.graph.Article.ID, "outcome", it.result.Outcome)
	}
	r.notify()
}

func (r *run) loaded(it *item, entities, relations int) {
	r.report.Entities += entities
	r.report.Relations += relations
	r.progress.Loaded++
	r.progress.Entities += entities
	r.progress.Relations += relations
	for _, msg := range it.warnings {
		w := Warning{Loc: it.loc, Message: msg}
		r.report.Warnings = append(r.report.Warnings, w)
		if r.l.OnWarning != nil {
			r.l.OnWarning(w)
		}
	}
}

func (r *run) fail(loc string, err error) {
	f := Failure{Loc: loc, Err: err}
	r.report.Failed++
	r.report.Failures = append(r.report.Failures, f)
	if r.l.OnFailure != nil {
		r.l.OnFailure(f)
	}
	r.progress.Failed++
	r.log.Debug("failed", "loc", loc, "err", err)
}

func (r *run) notify() {
	if r.l.Progress != nil {
		r.l.Progress(r.progress)
	}
}

// writer puts articles into a store: in batches when the store implements
// store.BatchWriter, else one at a time.
type writer struct {
	st    store.Store
	batch store.BatchWriter // nil when the store has no batches
}

func newWriter(st store.Store) writer {
	w := writer{st: st}
	w.batch, _ = st.(store.BatchWriter)
	return w
}

// put writes gs, returning each one's result and error. Once an article
// fails because the store is unavailable, the later ones are not tried and
// get the same error.
func (w writer) put(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, []error) {
	results := make([]store.PutResult, len(gs))
	errs := make([]error, len(gs))
	if w.batch != nil && len(gs) > 1 {
		res, err := w.batch.PutArticles(ctx, gs)
		copy(results, res)
		var be *store.BatchError
		switch {
		case err == nil:
		case errors.As(err, &be) && len(be.Errs) == len(gs):
			copy(errs, be.Errs)
		default:
			for i := range errs {
				errs[i] = err
			}
		}
		return results, errs
	}
	for i, g := range gs {
		results[i], errs[i] = w.st.PutArticle(ctx, g)
		if err := errs[i]; err != nil && (errors.Is(err, store.ErrUnavailable) || ctx.Err() != nil) {
			for j := i + 1; j < len(gs); j++ {
				errs[j] = err
			}
			break
		}
	}
	return results, errs
}
