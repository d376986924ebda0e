package loaders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"newsgraph/internal/metrics"
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
	if it.art != nil {
		if err := r.claimID(it); err != nil {
			it.art, it.err = nil, err
		}
	}
	b := &r.batch
	if len(b.items) == 0 {
		b.since = time.Now()
	}
	b.items = append(b.items, it)
	if it.art != nil {
		b.articles++
		b.relations += len(it.art.Graph.Relations)
	}
	if b.full() {
		return r.flush(ctx)
	}
	return nil
}

// claimID fails a document whose article id an earlier document of the
// same load already had: loading both would silently keep only the last.
func (r *run) claimID(it item) error {
	id := it.art.Graph.Article.ID
	if first, ok := r.firstAt[id]; ok {
		return fmt.Errorf("article id %q is also the id of %s", strings.TrimPrefix(id, store.ArticleID("")), first)
	}
	r.firstAt[id] = it.loc
	return nil
}

// flush hands the batch's articles to the Sink, then accounts for its
// items in order. Its error (an unavailable store, a cancelled context)
// stops the load; the items before the one it struck are accounted for.
func (r *run) flush(ctx context.Context) error {
	items := r.batch.items
	r.batch.items, r.batch.articles, r.batch.relations = nil, 0, 0
	var arts []*Article
	for i := range items {
		if a := items[i].art; a != nil {
			arts = append(arts, a)
		}
	}
	var fatal error
	var struck *Article
	if len(arts) > 0 {
		if fatal = r.l.Sink.Put(ctx, arts); fatal != nil {
			struck = arts[0]
			for _, a := range arts {
				if a.Err != nil && errors.Is(a.Err, fatal) {
					struck = a
					break
				}
			}
		}
	}
	for i := range items {
		it := &items[i]
		if struck != nil && it.art == struck {
			return fmt.Errorf("%s: %w", it.loc, fatal)
		}
		r.account(it)
	}
	return nil
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
	if it.err == nil && it.art != nil && it.art.Err != nil {
		it.err = it.art.Err
	}
	if it.err != nil {
		r.fail(it.loc, it.err)
		r.notify()
		return
	}
	a := it.art
	outcome := a.Result.Outcome
	switch outcome {
	case Validated:
		rep.Validated++
	case store.Created:
		rep.Created++
	case store.Replaced:
		rep.Replaced++
	default:
		outcome = store.Unchanged
		rep.Unchanged++
	}
	if outcome != Validated {
		metrics.ArticlesLoaded.WithLabelValues(strings.ToLower(string(outcome))).Inc()
	}
	r.loaded(a)
	r.log.Debug("loaded", "loc", it.loc, "article", a.Graph.Article.ID, "outcome", outcome)
	r.notify()
}

// loaded counts an article the Sink took.
func (r *run) loaded(a *Article) {
	mentions, evidence := 0, len(a.Document.Relations)
	for _, e := range a.Document.Entities {
		mentions += len(e.Mentions)
	}
	r.report.Mentions += mentions
	r.report.Evidence += evidence
	r.report.Resolved += a.Resolved
	r.progress.Loaded++
	r.progress.Mentions += mentions
	r.progress.Evidence += evidence
	for _, msg := range a.Warnings {
		w := Warning{Loc: a.Loc, Message: msg}
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
	metrics.ArticlesLoaded.WithLabelValues(metrics.LoadFailed).Inc()
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
