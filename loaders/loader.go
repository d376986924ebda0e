package loaders

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"newsgraph/article"
	"newsgraph/store"
)

// Auto is the Format that lets each file's importer be detected.
const Auto = "auto"

// Loader loads files of annotated articles into a store.
//
// Each article is validated by article.Parse whatever format it came in and
// written with one PutArticle, so it loads atomically: a bad document is
// reported (where it is and why) and writes nothing, and the others go on.
type Loader struct {
	// Store receives the articles; it may be nil when DryRun is set.
	Store store.Store
	// Importers are the formats the loader knows, tried in order when
	// Format is Auto.
	Importers []Importer
	// Format is Auto (or "") to detect each file's format, or the Name of
	// one of Importers to read every file with it.
	Format string
	// DryRun validates every document and writes nothing.
	DryRun bool
	// Workers is how many documents are validated at once (writes are
	// always one at a time, in file order); 0 means one per CPU.
	Workers int
	// Progress, when set, is called after each document and each file.
	Progress func(Progress)
	// OnFailure, when set, is called for each failure as it happens (they
	// are in the Report too).
	OnFailure func(Failure)
	// Logger receives a debug line per document; nil discards them.
	Logger *slog.Logger
}

// Progress is how far a load has got.
type Progress struct {
	Files     int    // files to load
	FilesDone int    // files read to the end
	Documents int    // documents handled so far, loaded or failed
	Failed    int    // failures so far
	Current   string // the file being read
}

// Report is what a load did.
type Report struct {
	Files int
	// Created, Replaced and Unchanged count articles by what PutArticle
	// did; Validated counts the articles that passed validation in a dry
	// run.
	Created, Replaced, Unchanged, Validated int
	// Failed counts the documents (or whole files) that were not loaded;
	// Failures says where and why, in file order.
	Failed   int
	Failures []Failure
	// Entities and Relations total the entities and relations of the
	// articles loaded (or validated).
	Entities, Relations int
	// Omitted counts what importers' label mappings left out, by reason.
	Omitted map[string]int
	// Duration is how long the load took.
	Duration time.Duration
}

// Loaded is the number of articles now in the store as the files say.
func (r *Report) Loaded() int { return r.Created + r.Replaced + r.Unchanged }

// OmittedReasons returns the reasons in Omitted, sorted.
func (r *Report) OmittedReasons() []string { return slices.Sorted(maps.Keys(r.Omitted)) }

// Failure is a document or file that was not loaded.
type Failure struct {
	// Loc is where the document is ("file.jsonl:12") or the file.
	Loc string
	Err error
}

// Error prints "loc: reason", one line per problem when the document has
// several.
func (f Failure) Error() string { return strings.Join(f.Lines(), "\n") }

// Lines returns "loc: reason" lines, one per problem of an invalid document
// ("file.json: $.entities[0].kind: ...").
func (f Failure) Lines() []string {
	var ve *article.ValidationError
	if errors.As(f.Err, &ve) && len(ve.Problems) > 0 {
		lines := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			lines[i] = f.Loc + ": " + p.String()
		}
		return lines
	}
	var lines []string
	for line := range strings.SplitSeq(f.Err.Error(), "\n") {
		lines = append(lines, f.Loc+": "+line)
	}
	return lines
}

// Importer returns the importer named name, or an error listing the known
// names.
func (l *Loader) Importer(name string) (Importer, error) {
	for _, imp := range l.Importers {
		if imp.Name() == name {
			return imp, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q (known: %s, %s)", name, Auto, strings.Join(l.Names(), ", "))
}

// Names returns the names of the importers.
func (l *Loader) Names() []string {
	names := make([]string, len(l.Importers))
	for i, imp := range l.Importers {
		names[i] = imp.Name()
	}
	return names
}

// candidates are the importers a file may be read with.
func (l *Loader) candidates() ([]Importer, error) {
	if l.Format == "" || l.Format == Auto {
		if len(l.Importers) == 0 {
			return nil, errors.New("loader has no importers")
		}
		return l.Importers, nil
	}
	imp, err := l.Importer(l.Format)
	if err != nil {
		return nil, err
	}
	return []Importer{imp}, nil
}

// Load expands patterns and loads every document of every file. The error is
// for what stops the whole load (a pattern naming nothing, an unknown format,
// an unavailable store, a cancelled context); the report then says what was
// done before. Problems with single documents are in the report.
func (l *Loader) Load(ctx context.Context, patterns []string) (*Report, error) {
	start := time.Now()
	imps, err := l.candidates()
	if err != nil {
		return nil, err
	}
	if l.Store == nil && !l.DryRun {
		return nil, errors.New("loader has no store")
	}
	files, err := Expand(patterns, imps...)
	if err != nil {
		return nil, err
	}
	r := &run{
		l:       l,
		imps:    imps,
		files:   files,
		log:     l.Logger,
		report:  &Report{Files: len(files), Omitted: map[string]int{}},
		firstAt: map[string]string{},
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	err = r.pipeline(ctx)
	r.report.Duration = time.Since(start)
	return r.report, err
}

// run is one Load.
type run struct {
	l      *Loader
	imps   []Importer
	files  []string
	log    *slog.Logger
	report *Report
	// firstAt maps an article id to where this load first found it.
	firstAt  map[string]string
	progress Progress
}

// item is one step of a load, in file order: a document to write, a file
// that failed as a whole, or the end of a file.
type item struct {
	file     string
	loc      string
	graph    *store.ArticleGraph
	omitted  map[string]int
	err      error
	fileDone string
	fileFail bool
}

// pipeline reads files and validates documents on Workers goroutines while
// this one writes them to the store in file order.
func (r *run) pipeline(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := r.l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// queue holds, in order, one future per item; work feeds the workers.
	queue := make(chan chan item, 2*workers)
	work := make(chan func(), workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for f := range work {
				f()
			}
		})
	}
	wg.Go(func() {
		defer close(work)
		defer close(queue)
		r.produce(ctx, queue, work)
	})

	var err error
	for future := range queue {
		it := <-future
		if err != nil {
			continue // draining after a fatal error
		}
		if err = r.commit(ctx, it); err != nil {
			cancel()
		}
	}
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// produce runs the importers over the files, handing each document to a
// worker and queueing its future.
func (r *run) produce(ctx context.Context, queue chan<- chan item, work chan<- func()) {
	send := func(future chan item) error {
		select {
		case queue <- future:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	done := func(it item) error {
		future := make(chan item, 1)
		future <- it
		return send(future)
	}
	for _, path := range r.files {
		emit := func(res Result) error {
			future := make(chan item, 1)
			if err := send(future); err != nil {
				return err
			}
			select {
			case work <- func() { future <- r.validate(path, res) }:
				return nil
			case <-ctx.Done():
				future <- item{file: path, loc: res.Loc, err: ctx.Err()}
				return ctx.Err()
			}
		}
		if err := r.importFile(path, emit); err != nil {
			if ctx.Err() != nil {
				return
			}
			if done(item{file: path, loc: path, err: err, fileFail: true}) != nil {
				return
			}
		}
		if done(item{fileDone: path}) != nil {
			return
		}
	}
}

// importFile picks the file's importer and runs it.
func (r *run) importFile(path string, emit func(Result) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, HeadSize)
	head, _ := br.Peek(HeadSize) // a short file gives a short head
	if len(head) == 0 {
		if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
			return err
		}
		return errors.New("empty file")
	}
	imp := r.imps[0]
	if len(r.imps) > 1 || r.l.Format == "" || r.l.Format == Auto {
		if imp = Detect(path, head, r.imps); imp == nil {
			return fmt.Errorf("not in a format newsgraph reads (%s)", strings.Join(r.l.Names(), ", "))
		}
	}
	r.log.Debug("reading file", "file", path, "format", imp.Name())
	return imp.Import(path, br, emit)
}

// validate turns an importer's result into an article graph, applying the
// native format's validation to every format.
func (r *run) validate(file string, res Result) item {
	it := item{file: file, loc: res.Loc, omitted: res.Omitted}
	if res.Err != nil {
		it.err = res.Err
		return it
	}
	// Parse takes YAML or JSON by the name's extension: a native
	// document is named by its file, one re-encoded from another format
	// is JSON. Problems are then reported at the document's Loc.
	raw, name := res.Raw, file
	if raw == nil {
		if res.Doc == nil {
			it.err = errors.New("importer returned no document")
			return it
		}
		var err error
		if raw, err = json.Marshal(res.Doc); err != nil {
			it.err = err
			return it
		}
		name = res.Loc + " (as JSON)"
	}
	doc, err := article.Parse(name, raw)
	if err == nil {
		it.graph, err = doc.Graph()
	}
	var ve *article.ValidationError
	if errors.As(err, &ve) {
		ve.File = res.Loc
	}
	it.err = err
	return it
}

// commit writes one item and accounts for it. Its error stops the load.
func (r *run) commit(ctx context.Context, it item) error {
	rep := r.report
	if it.fileDone != "" {
		r.progress.FilesDone++
		r.progress.Current = ""
		r.notify()
		return nil
	}
	r.progress.Current = it.file
	for reason, n := range it.omitted {
		rep.Omitted[reason] += n
	}
	if !it.fileFail {
		r.progress.Documents++
	}
	if it.err == nil {
		it.err = r.claimID(it)
	}
	if it.err == nil {
		if err := r.put(ctx, it); err != nil {
			if errors.Is(err, store.ErrUnavailable) || ctx.Err() != nil {
				return fmt.Errorf("%s: %w", it.loc, err)
			}
			it.err = err
		}
	}
	if it.err != nil {
		r.fail(it.loc, it.err)
	}
	r.notify()
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

func (r *run) put(ctx context.Context, it item) error {
	rep := r.report
	if r.l.DryRun {
		rep.Validated++
		rep.Entities += len(it.graph.Entities)
		rep.Relations += len(it.graph.Relations)
		r.log.Debug("valid", "loc", it.loc, "article", it.graph.Article.ID)
		return nil
	}
	res, err := r.l.Store.PutArticle(ctx, it.graph)
	if err != nil {
		return err
	}
	switch res.Outcome {
	case store.Created:
		rep.Created++
	case store.Replaced:
		rep.Replaced++
	default:
		rep.Unchanged++
	}
	rep.Entities += res.Entities
	rep.Relations += res.Relations
	r.log.Debug("loaded", "loc", it.loc, "article", it.graph.Article.ID, "outcome", res.Outcome)
	return nil
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
		r.progress.Files = len(r.files)
		r.l.Progress(r.progress)
	}
}
