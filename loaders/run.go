package loaders

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
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
	if l.Store == nil && l.Sink == nil && !l.DryRun {
		return nil, errors.New("loader has no store")
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

	batch    batch
	writer   writer
	resolver *resolver // nil when entities are not resolved
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
	switch {
	case l.DryRun:
	case l.Sink != nil:
		r.batch.maxArticles = 1 // one document at a time, no resolution
	default:
		r.writer = newWriter(l.Store)
		if names, ok := l.Store.(store.NameResolver); ok && !l.NoResolution {
			r.resolver = &resolver{st: l.Store, names: names}
		}
	}
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
	file  string
	loc   string
	graph *store.ArticleGraph
	// doc is the validated document, kept when the loader has a Sink.
	doc *article.Document
	// byName holds the ids of the graph's entities whose identity comes
	// from their name alone (no key, no Wikidata id): those entity
	// resolution may match with an entity already in the graph.
	byName  map[string]bool
	omitted map[string]int
	err     error
	// noDoc marks a result that only counts what the mapping left out.
	noDoc bool
	// offset is how much of the file had been read when the document was
	// emitted.
	offset   int64
	fileDone string
	fileFail bool

	// Set when the item is written.
	result   store.PutResult
	warnings []string
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
			// Only counts of what the mapping left out.
			it.noDoc = true
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
	if it.graph != nil {
		it.byName = byName(doc)
		if r.l.Sink != nil {
			it.doc = doc
		}
	}
	return it
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
