package loaders

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"newsgraph/article"
)

// Auto is the Format that lets each file's importer be detected.
const Auto = "auto"

// Loader loads files of annotated articles into a Sink: a store, a remote
// server, or nothing at all (DryRun).
//
// Each article is validated with package article whatever format it came
// in, so a bad document is reported (where it is and why) and reaches no
// sink, and the others go on. Documents are read and validated on Workers
// goroutines and handed to the Sink in file order, a batch at a time; the
// sink writes each article atomically. The same pipeline takes a single
// document built in memory (Put), as the API's ingestArticle does.
type Loader struct {
	// Sink receives the valid articles. Required.
	Sink Sink
	// Importers are the formats the loader knows, tried in order when
	// Format is Auto.
	Importers []Importer
	// Format is Auto (or "") to detect each file's format, or the Name of
	// one of Importers to read every file with it.
	Format string
	// Workers is how many documents are validated at once (the Sink gets
	// one batch at a time, in file order); 0 means one per CPU.
	Workers int
	// BatchArticles and BatchRelations bound a batch: it goes to the Sink
	// when it holds that many articles or relations (defaults
	// DefaultBatchArticles and DefaultBatchRelations), or when its first
	// document has waited BatchDelay (default DefaultBatchDelay).
	BatchArticles, BatchRelations int
	BatchDelay                    time.Duration
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
	// Mentions and Evidence their entity mentions and pieces of evidence.
	Loaded, Mentions, Evidence int
}

// Report is what a load did.
type Report struct {
	Files int
	// Created, Replaced and Unchanged count articles by what the Sink
	// did; Validated counts the articles that passed validation in a dry
	// run (DryRun).
	Created, Replaced, Unchanged, Validated int
	// Failed counts the documents (or whole files) that were not loaded;
	// Failures says where and why, in file order.
	Failed   int
	Failures []Failure
	// Mentions and Evidence total the entity mentions and the pieces of
	// evidence (the spans that state relations) of the articles loaded (or
	// validated), as their documents give them: the same entity or
	// relation counts once per mention or span, in every article.
	Mentions, Evidence int
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
