package loaders

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"newsgraph/article"
	"newsgraph/store"
)

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
	if l.Sink == nil {
		return nil, errors.New("loader has no sink")
	}
	files, err := Expand(patterns, imps...)
	if err != nil {
		return nil, err
	}
	r := newRun(l, imps, files)
	err = r.pipeline(ctx)
	r.report.Duration = time.Since(start)
	return r.report, err
}

// run is one Load.
type run struct {
	l      *Loader
	imps   []Importer
	files  []string
	sizes  map[string]int64 // file → size in bytes
	log    *slog.Logger
	report *Report
	// firstAt maps an article id to where this load first found it.
	firstAt  map[string]string
	progress Progress
	// bytesDone is the size of the files read to the end.
	bytesDone int64

	batch batch
}

func newRun(l *Loader, imps []Importer, files []string) *run {
	r := &run{
		l:       l,
		imps:    imps,
		files:   files,
		sizes:   map[string]int64{},
		log:     l.Logger,
		report:  &Report{Files: len(files), Omitted: map[string]int{}},
		firstAt: map[string]string{},
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.progress.Files = len(files)
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			r.sizes[f] = info.Size()
			r.progress.Bytes += info.Size()
		}
	}
	r.batch.maxArticles = orDefault(l.BatchArticles, DefaultBatchArticles)
	r.batch.maxRelations = orDefault(l.BatchRelations, DefaultBatchRelations)
	return r
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// item is one step of a load, in file order: a document to write, a file
// that failed as a whole, or the end of a file.
type item struct {
	file string
	loc  string
	// art is the valid document for the Sink; nil when there is none.
	art     *Article
	omitted map[string]int
	// err is why the document failed, before the Sink or in it.
	err error
	// noDoc marks a result that only counts what the mapping left out.
	noDoc bool
	// offset is how much of the file had been read when the document was
	// emitted.
	offset   int64
	fileDone string
	fileFail bool
}

// pipeline reads files and validates documents on Workers goroutines while
// this one writes them to the store in file order, a batch at a time.
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

	delay := orDefault(r.l.BatchDelay, DefaultBatchDelay)
	tick := time.NewTicker(delay / 2)
	defer tick.Stop()
	var err error
	for open := true; open; {
		select {
		case future, ok := <-queue:
			if !ok {
				open = false
				break
			}
			it := <-future
			if err != nil {
				continue // draining after a fatal error
			}
			if err = r.add(ctx, it); err != nil {
				cancel()
			}
		case <-tick.C:
			if err == nil && r.batch.due(delay) {
				if err = r.flush(ctx); err != nil {
					cancel()
				}
			}
		}
	}
	if err == nil {
		err = r.flush(ctx)
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
		read := &countingReader{}
		emit := func(res Result) error {
			future := make(chan item, 1)
			if err := send(future); err != nil {
				return err
			}
			offset := read.n
			select {
			case work <- func() {
				it := r.validate(path, res)
				it.offset = offset
				future <- it
			}:
				return nil
			case <-ctx.Done():
				future <- item{file: path, loc: res.Loc, err: ctx.Err()}
				return ctx.Err()
			}
		}
		if err := r.importFile(path, read, emit); err != nil {
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

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// importFile picks the file's importer and runs it, reading the file
// through read.
func (r *run) importFile(path string, read *countingReader, emit func(Result) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	read.r = f
	br := bufio.NewReaderSize(read, HeadSize)
	head, err := br.Peek(HeadSize) // a short file gives a short head
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	if err := checkEncoding(head); err != nil {
		return err
	}
	imp := r.imps[0]
	if len(r.imps) > 1 || r.l.Format == "" || r.l.Format == Auto {
		if imp = Detect(path, head, r.imps); imp == nil {
			if len(head) == 0 {
				return errors.New("empty file")
			}
			return fmt.Errorf("not in a format newsgraph reads (%s)", strings.Join(r.l.Names(), ", "))
		}
	}
	// An empty file is the importer's to judge: an empty brat .ann is a
	// document without annotations.
	r.log.Debug("reading file", "file", path, "format", imp.Name())
	return imp.Import(path, br, emit)
}

// checkEncoding rejects files that are not UTF-8 text by their first
// bytes: UTF-16 or UTF-32 (by their byte order mark), or binary (NUL bytes).
// Other encodings (Latin-1) are found where their first non-UTF-8 byte is.
func checkEncoding(head []byte) error {
	boms := []struct {
		mark []byte
		name string
	}{
		{[]byte{0x00, 0x00, 0xFE, 0xFF}, "UTF-32BE"},
		{[]byte{0xFF, 0xFE, 0x00, 0x00}, "UTF-32LE"},
		{[]byte{0xFE, 0xFF}, "UTF-16BE"},
		{[]byte{0xFF, 0xFE}, "UTF-16LE"},
	}
	for _, b := range boms {
		if bytes.HasPrefix(head, b.mark) {
			return fmt.Errorf("the file is in %s (it starts with that byte order mark): newsgraph reads UTF-8; convert it first (iconv -f %s -t UTF-8)",
				b.name, b.name)
		}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return fmt.Errorf("byte %d is a NUL byte: the file is not UTF-8 text (UTF-16 without a byte order mark, or binary?)", i)
	}
	return nil
}

// validate turns an importer's result into an article for the Sink,
// applying the native format's validation to every format: Parse to a
// native file's own bytes, Check to a document an importer built.
// missing is as for article.Check.
func (r *run) validate(file string, res Result, missing ...string) item {
	it := item{file: file, loc: res.Loc, omitted: res.Omitted}
	if res.Err != nil {
		it.err = res.Err
		return it
	}
	var doc *article.Document
	var err error
	switch {
	case res.Raw != nil:
		// Parse takes YAML or JSON by the file's name; problems are
		// reported at the document's Loc.
		doc, err = article.Parse(file, res.Raw)
	case res.Doc != nil:
		doc, err = res.Doc, article.Check(res.Loc, res.Doc, missing...)
	default:
		// Only counts of what the mapping left out.
		it.noDoc = true
		return it
	}
	var g *store.ArticleGraph
	if err == nil {
		g, err = doc.Graph()
	}
	var ve *article.ValidationError
	if errors.As(err, &ve) {
		ve.File = res.Loc
	}
	if err != nil {
		it.err = err
		return it
	}
	it.art = &Article{Loc: res.Loc, Document: doc, Graph: g, byName: byName(doc)}
	return it
}

// Put runs the pipeline over one document built in memory, as Load does
// over each document of a file: the same validation (article.Check, with
// missing as for it), the same Sink, entity resolution included. loc names
// the document in problems. The error is why the document was not loaded:
// a *article.ValidationError listing its problems, the Sink's refusal, or
// what stopped the Sink.
func (l *Loader) Put(ctx context.Context, loc string, doc *article.Document, missing ...string) (*Article, error) {
	if l.Sink == nil {
		return nil, errors.New("loader has no sink")
	}
	if doc == nil {
		return nil, fmt.Errorf("%s: no document", loc)
	}
	r := newRun(l, nil, nil)
	it := r.validate("", Result{Loc: loc, Doc: doc}, missing...)
	if err := r.add(ctx, it); err != nil {
		return nil, err
	}
	if err := r.flush(ctx); err != nil {
		return nil, err
	}
	if it.art == nil || it.art.Err != nil {
		return nil, r.report.Failures[0].Err
	}
	return it.art, nil
}

// byName returns the node ids of a document's entities that have neither a
// key nor a Wikidata id.
func byName(doc *article.Document) map[string]bool {
	ids := map[string]bool{}
	explicit := map[string]bool{}
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if e.Key != "" || e.Wikidata != "" {
			explicit[e.NodeID()] = true
		} else {
			ids[e.NodeID()] = true
		}
	}
	// Two entities of the document may share a node id; one with a key
	// or a Wikidata id makes it explicit.
	for id := range explicit {
		delete(ids, id)
	}
	return ids
}
