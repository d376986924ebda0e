// Package loaders turns annotated articles into graph writes: it finds the
// files a user names (files, directories, globs), reads each with the
// importer for its format (the native JSON format, brat standoff, PLOVER
// records, WikiEvents), validates every document with package article, and
// puts each article into a store atomically, reporting per document.
package loaders

import (
	"io"

	"newsgraph/article"
)

// Importer reads one annotation format. Importers live in subpackages
// (loaders/brat, loaders/plover, loaders/wikievents) and in this package for
// the native format.
type Importer interface {
	// Name is the format's name on the command line ("native", "brat",
	// "plover", "wikievents").
	Name() string
	// Detect reports whether the file at path, whose first bytes are
	// head, is in this format (for --format auto).
	Detect(path string, head []byte) bool
	// Import reads the file at path from r and calls emit once per
	// document it holds, in order. A document that cannot be read is
	// emitted with Err set, and reading goes on with the next one; Import
	// itself returns an error only when the file as a whole cannot be read.
	// If emit returns an error, Import stops and returns it.
	Import(path string, r io.Reader, emit func(Result) error) error
}

// Result is one document read by an importer.
type Result struct {
	// Doc is the document in the native format, not yet validated against
	// the ontology (the loader does that), or nil when Err or Raw is set.
	Doc *article.Document
	// Raw is the document's own bytes in the native format (JSON, or YAML
	// when the file is .yaml or .yml), for importers of that format: the
	// loader validates them with article.Parse as they are, so that
	// problems are reported against what the file says.
	Raw []byte
	// Loc says where the document is: "file.jsonl:12" (line), "file.json
	// [record 7]", or the file name.
	Loc string
	// Err is why the document could not be read.
	Err error
	// Omitted counts what the format's label mapping left out, by reason
	// ("unmapped event type Conflict.Attack", "record without target"):
	// reported in the load summary, never dropped silently.
	Omitted map[string]int
}
