// Package wikievents imports WikiEvents (KAIROS) documents: JSON lines,
// one news article a line, with its sentences and tokens, typed entity
// mentions and event mentions whose arguments are labelled with roles:
//
//	{"doc_id": "...", "text": "...", "tokens": [...],
//	 "sentences": [[[["The", 0, 3], ["Taliban", 4, 11], ...], "The Taliban killed ..."], ...],
//	 "entity_mentions": [{"id": "...-T1", "start": 0, "end": 2, "entity_type": "ORG", "text": "The Taliban", ...}],
//	 "event_mentions": [{"id": "...-E1", "event_type": "Conflict.Attack.DetonateExplode",
//	   "trigger": {"start": 42, "end": 43, "text": "explosion"},
//	   "arguments": [{"entity_id": "...-T1", "role": "Attacker", "text": "The Taliban"}]}]}
//
// Each line becomes one article "wikievents-<doc_id>". Mention and trigger
// offsets are token indices (end exclusive); a token's character offsets
// count code points from the start of the original article, whose
// sentences the "text" field joins with different spacing, so each token is
// located in its sentence relative to the sentence's first token (and
// checked against the token's text).
//
// The label mapping (mapping.Default("wikievents")) gives entity types
// (PER, ORG, GPE, LOC, FAC, ...) a node type and kind and event types a
// relation type or a meeting; mentions of one type with the same normalised
// text are one entity. The test split ships no coreference, so an acronym
// is the entity of the one name of the article it abbreviates ("IS" and
// "Islamic State"). Only names become entities of the whole graph: a
// common noun ("police", "the gunmen", by the mention_type NOM, else by
// capitalisation past the determiners) gets a key scoped to its article,
// and a pronoun (PRO) is left out and counted; a title ("President Obama")
// makes a person (see mentions.go). The evidence of a
// relation is the sentence of its trigger, with the sentences of its
// arguments when they lie elsewhere.
//
// A line that cannot be read is reported with its line number and the
// JSON field at fault, and reading goes on; a line may be at most 16 MiB.
package wikievents

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/loaders/mapping"
)

// Importer reads WikiEvents JSON lines.
type Importer struct {
	mapping *mapping.Mapping
}

var _ loaders.Importer = (*Importer)(nil)

// New returns a WikiEvents importer that applies m, or the default
// WikiEvents mapping when m is nil.
func New(m *mapping.Mapping) *Importer {
	if m == nil {
		m = mapping.MustDefault("wikievents")
	}
	return &Importer{mapping: m}
}

// Name implements loaders.Importer.
func (*Importer) Name() string { return "wikievents" }

// Detect implements loaders.Importer: a .jsonl or .json file whose first
// object has a doc_id and the WikiEvents keys.
func (*Importer) Detect(path string, head []byte) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".jsonl" && ext != ".json" {
		return false
	}
	h := bytes.TrimSpace(head)
	if len(h) == 0 || h[0] != '{' || !bytes.Contains(h, []byte(`"doc_id"`)) {
		return false
	}
	for _, key := range []string{`"tokens"`, `"sentences"`, `"entity_mentions"`, `"event_mentions"`} {
		if bytes.Contains(h, []byte(key)) {
			return true
		}
	}
	return false
}

// maxLine bounds one document.
const maxLine = 16 << 20

// Import implements loaders.Importer.
func (imp *Importer) Import(path string, r io.Reader, emit func(loaders.Result) error) error {
	lines := mapping.NewLineReader(r, maxLine)
	for {
		line, _, err := lines.Next()
		if err == io.EOF {
			return nil
		}
		res := loaders.Result{Loc: fmt.Sprintf("%s:%d", path, lines.Line())}
		var tooLong *mapping.LineTooLongError
		switch {
		case errors.As(err, &tooLong):
			res.Err = fmt.Errorf("the line is longer than %s: not read (is this a WikiEvents file?)", mapping.ByteSize(maxLine))
		case err != nil:
			return fmt.Errorf("wikievents: %w", err)
		case len(bytes.TrimSpace(line)) == 0:
			continue
		default:
			res.Doc, res.Omitted, res.Err = imp.Convert(line)
		}
		if err := emit(res); err != nil {
			return err
		}
	}
}

// Convert reads one line into a native document and the counts of what
// the mapping left out.
func (imp *Importer) Convert(line []byte) (*article.Document, map[string]int, error) {
	d, err := decode(line)
	if err != nil {
		return nil, nil, err
	}
	return convert(imp.mapping, d)
}
