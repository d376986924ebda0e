package loaders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"newsgraph/article"
	"newsgraph/store"
)

// Auto is the Format that lets each file's importer be detected.
const Auto = "auto"

// Loader loads files of annotated articles into a store.
//
// Each article is validated by article.Parse whatever format it came in and
// written atomically, so a bad document is reported (where it is and why)
// and writes nothing, and the others go on. Documents are read and
// validated on Workers goroutines and written in file order, in batches
// when the store implements store.BatchWriter; before writing, entities
// named without a key or Wikidata id are resolved against the graph (see
// the package documentation).
type Loader struct {
	// Store receives the articles; it may be nil when DryRun is set or
	// Sink is.
	Store store.Store
	// Sink, when set, receives each validated document instead of Store
	// (a remote server's API, say). Documents then go one at a time, in
	// file order, without batching and without entity resolution (the
	// receiver does whatever it does); BatchArticles, BatchRelations and
	// NoResolution are ignored. A Sink error wrapping ErrStop (or
	// store.ErrUnavailable) stops the whole load; any other fails only
	// its document.
	Sink ArticleSink
	// Importers are the formats the loader knows, tried in order when
	// Format is Auto.
	Importers []Importer
	// Format is Auto (or "") to detect each file's format, or the Name of
	// one of Importers to read every file with it.
	Format string
	// DryRun validates every document and writes nothing.
	DryRun bool
	// Workers is how many documents are validated at once (writes are
	// always one batch at a time, in file order); 0 means one per CPU.
	Workers int
	// BatchArticles and BatchRelations bound a batch of writes: a batch is
	// written when it holds that many articles or relations (defaults
	// DefaultBatchArticles and DefaultBatchRelations), or when its first
	// document has waited BatchDelay (default DefaultBatchDelay). A batch
	// of one article writes each article on its own.
	BatchArticles, BatchRelations int
	BatchDelay                    time.Duration
	// NoResolution turns entity resolution off: every entity keeps the id
	// its own key, Wikidata id or name gives.
	NoResolution bool
	// Progress, when set, is called after each document and each file.
	Progress func(Progress)
	// OnFailure, when set, is called for each failure as it happens (they
	// are in the Report too).
	OnFailure func(Failure)
	// OnWarning, when set, is called for each warning as it happens (they
	// are in the Report too).
	OnWarning func(Warning)
	// Logger receives a debug line per document; nil discards them.
	Logger *slog.Logger
}

// ArticleSink receives the documents of a load in place of a store.
type ArticleSink interface {
	PutDocument(ctx context.Context, doc *article.Document) (store.PutResult, error)
}

// ErrStop, wrapped by an error of a Sink, stops the whole load (a refused
// credential, say) rather than failing one document.
var ErrStop = errors.New("load stopped")

// Defaults of the Loader's batches.
const (
	DefaultBatchArticles  = 100
	DefaultBatchRelations = 5000
	DefaultBatchDelay     = 500 * time.Millisecond
)

// Progress is how far a load has got.
type Progress struct {
	Files     int    // files to load
	FilesDone int    // files read to the end
	Documents int    // documents handled so far, loaded or failed
	Failed    int    // failures so far
	Current   string // the file being read
	// Bytes is the size of the files to load; BytesDone how much of it
	// has been read and written (or validated). Their ratio is the
	// fraction done.
	Bytes, BytesDone int64
	// Loaded counts the articles written (or validated) so far, and
	// Entities and Relations theirs.
	Loaded, Entities, Relations int
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
	// Resolved counts the entities that entity resolution matched with an
	// entity already in the graph.
	Resolved int
	// Warnings are what loaded but may need a look (an entity that could
	// be either of two entities), in file order.
	Warnings []Warning
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

// Warning is something a load did that a person may want to check: the
// document loaded.
type Warning struct {
	Loc     string // where the document is
	Message string
}

// String prints "loc: message".
func (w Warning) String() string { return w.Loc + ": " + w.Message }

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
