// Package brat imports brat standoff annotation: a .txt file and a .ann
// file per document, with an optional annotation.conf in the same
// directory declaring the labels.
//
// Each .ann line is one annotation:
//
//	T1	Person 473 496	Raul Salinas       text-bound span (code points, end exclusive;
//	                                          "4 7;12 16" is discontinuous: one mention per fragment)
//	R1	Located Arg1:T1 Arg2:T2           binary relation
//	E1	Transfer-money:T3 Giver-Arg:T1 ... event: trigger, then role:argument
//	A1	Negation E1                       attribute (M for old files), with an optional value
//	N1	Reference T5 Wikidata:Q212	name  normalization to a database entry
//	*	Alias T3 T4 T5                    equivalence: one entity with aliases
//	#1	AnnotatorNotes T2	note           note
//
// A label mapping (package mapping; the default is
// mapping.Default("brat")) turns text-bound labels into entities, events
// and relations into relations or meetings, and attributes into dropping or
// keeping what they are on. Text-bound annotations of the same node type
// with the same normalised text are one entity; equivalences join more.
// An entity that is no name ("banks", "the officials"; see nouns.go) stays
// local to its article. Wikidata normalizations become the entity's
// Wikidata id, normalizations to a code scheme its codes (codes.go); the
// other normalizations, notes and all that the mapping leaves out are
// counted in Result.Omitted. The evidence of a relation is the sentence (or sentences)
// holding its trigger and arguments.
//
// A document that cannot be read is reported with every problem and its
// .ann line: malformed lines, duplicate ids, references to undefined ids,
// offsets past the end of the text, span text that differs from the text,
// equivalence cycles and inconsistent equivalences, invalid UTF-8, lines
// longer than 1 MiB, and a last line cut short.
package brat

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"newsgraph/loaders"
	"newsgraph/loaders/mapping"
)

// Importer reads brat standoff documents.
type Importer struct {
	mapping *mapping.Mapping

	mu      sync.Mutex
	configs map[string]*Config // directory -> its annotation.conf, or nil
}

var _ loaders.Importer = (*Importer)(nil)

// New returns a brat importer that applies m, or the default brat mapping
// when m is nil.
func New(m *mapping.Mapping) *Importer {
	if m == nil {
		m = mapping.MustDefault("brat")
	}
	return &Importer{mapping: m, configs: map[string]*Config{}}
}

// Name implements loaders.Importer.
func (*Importer) Name() string { return "brat" }

// Detect implements loaders.Importer: a brat document is read from its
// .ann file. A .txt file is not detected, so that a directory of pairs
// loads each document once; Import still takes a .txt whose .ann is
// beside it, for a file named with the format given.
func (*Importer) Detect(path string, _ []byte) bool {
	return strings.EqualFold(filepath.Ext(path), ".ann")
}

// maxText bounds the .txt file of a document.
const maxText = 64 << 20

// Import implements loaders.Importer: it reads the document of the .ann
// (or .txt) file at path, with its sibling file and the annotation.conf of
// its directory.
func (imp *Importer) Import(path string, r io.Reader, emit func(loaders.Result) error) error {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	var txt []byte
	ann := r
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ann":
		var err error
		if txt, err = readLimited(base+".txt", nil); err != nil {
			return err
		}
	case ".txt":
		var err error
		if txt, err = readLimited(path, r); err != nil {
			return err
		}
		f, err := os.Open(base + ".ann")
		if err != nil {
			return fmt.Errorf("brat: the .ann file of %s: %w", filepath.Base(path), err)
		}
		defer f.Close()
		ann = f
	default:
		return fmt.Errorf("brat: %s is neither a .ann nor a .txt file", filepath.Base(path))
	}
	conf, err := imp.config(filepath.Dir(path))
	if err != nil {
		return err
	}
	res := loaders.Result{Loc: path}
	res.Doc, res.Omitted, res.Err = imp.Convert(ArticleID(path), "", txt, ann, conf)
	if res.Err != nil {
		res.Doc = nil
	}
	return emit(res)
}

// readLimited reads a .txt file (from r when given), refusing one larger
// than maxText.
func readLimited(path string, r io.Reader) ([]byte, error) {
	if r == nil {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("brat: the .txt file of %s: %w", strings.TrimSuffix(filepath.Base(path), ".txt")+".ann", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxText+1))
	if err != nil {
		return nil, fmt.Errorf("brat: read %s: %w", filepath.Base(path), err)
	}
	if len(data) > maxText {
		return nil, fmt.Errorf("brat: %s is larger than %s", filepath.Base(path), mapping.ByteSize(maxText))
	}
	return data, nil
}

// config returns the annotation.conf of a directory, read once, or nil
// when it has none.
func (imp *Importer) config(dir string) (*Config, error) {
	imp.mu.Lock()
	defer imp.mu.Unlock()
	if c, ok := imp.configs[dir]; ok {
		return c, nil
	}
	path := filepath.Join(dir, "annotation.conf")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		imp.configs[dir] = nil
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("brat: %w", err)
	}
	defer f.Close()
	c, err := ParseConfig(f)
	if err != nil {
		return nil, fmt.Errorf("brat: %s: %w", path, err)
	}
	imp.configs[dir] = c
	return c, nil
}

// ArticleID makes the article id of the document at path from its file
// name without the extension.
func ArticleID(path string) string {
	return mapping.ArticleID(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
}
