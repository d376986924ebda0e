package loaders

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"newsgraph/loaders/mapping"
)

// Native reads newsgraph's own format (package article): a .json, .yaml or
// .yml file holding one document or a list of them, or a .jsonl file with
// one JSON document a line.
type Native struct{}

// Name implements Importer.
func (Native) Name() string { return "native" }

// nativeExts are the file extensions the native format uses.
var nativeExts = map[string]bool{".json": true, ".jsonl": true, ".yaml": true, ".yml": true}

// Detect implements Importer. A file is native when its extension is one of
// the format's and its first document has an "entities" key — or, when the
// head ends before that key (a long "text" comes first), has a "text" key
// and none of the keys that mark the other JSON formats.
func (Native) Detect(path string, head []byte) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if !nativeExts[ext] {
		return false
	}
	if ext == ".yaml" || ext == ".yml" {
		return detectYAML(head)
	}
	keys, complete := topLevelKeys(head)
	if keys["entities"] {
		return true
	}
	if complete || !keys["text"] {
		return false
	}
	for _, k := range foreignKeys {
		if keys[k] {
			return false
		}
	}
	return true
}

// foreignKeys are top-level keys of the other JSON formats (WikiEvents,
// PLOVER, Label Studio) that a native document never has.
var foreignKeys = []string{
	"doc_id", "tokens", "sentences", "entity_mentions", "event_mentions",
	"eventText", "textInfo", "event", "mode", "annotations", "data",
}

var (
	yamlEntities = regexp.MustCompile(`(?m)^(- )?\s*entities\s*:`)
	yamlText     = regexp.MustCompile(`(?m)^(- )?\s*text\s*:`)
)

func detectYAML(head []byte) bool {
	if yamlEntities.Match(head) {
		return true
	}
	// A long text may push "entities" past the head.
	return len(head) >= HeadSize && yamlText.Match(head)
}

// topLevelKeys returns the keys of the first JSON object in head (the file
// itself, the first element of an array, or the first line of JSON Lines),
// and whether that object ended within head.
func topLevelKeys(head []byte) (keys map[string]bool, complete bool) {
	keys = map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return keys, true
	}
	if tok == json.Delim('[') {
		if tok, err = dec.Token(); err != nil {
			return keys, false
		}
	}
	if tok != json.Delim('{') {
		return keys, true
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys, false
		}
		key, ok := tok.(string)
		if !ok {
			return keys, true
		}
		keys[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys, false
		}
	}
	return keys, true
}

// Import implements Importer. Every Result carries the document's own bytes
// in Raw (JSON, or YAML for .yaml and .yml files) so that the loader
// validates exactly what the file says.
func (Native) Import(path string, r io.Reader, emit func(Result) error) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl":
		return importJSONLines(path, r, emit)
	case ".yaml", ".yml":
		return importYAML(path, r, emit)
	default:
		return importJSON(path, r, emit)
	}
}

// MaxDocumentBytes bounds one document of the native format (a line of a
// .jsonl file, a record of a JSON array, a .json or .yaml file): a larger
// one is reported, not read, so that a wrong file cannot exhaust memory.
const MaxDocumentBytes = 16 << 20

// maxYAMLFile bounds a YAML file, which is read whole.
const maxYAMLFile = 64 << 20

// importJSON reads one document, or an array of them ("file.json [record
// 3]", counting from 1) one record at a time.
func importJSON(path string, r io.Reader, emit func(Result) error) error {
	br := bufio.NewReader(r)
	first, err := firstByte(br)
	if err != nil {
		return err
	}
	if first != '[' {
		// One document; article.Parse reports any syntax error with
		// its line.
		data, err := io.ReadAll(io.LimitReader(br, MaxDocumentBytes+1))
		if err != nil {
			return err
		}
		if len(data) > MaxDocumentBytes {
			return emit(Result{Loc: path, Err: fmt.Errorf("the document is larger than %s: not read (is this the right file?)",
				mapping.ByteSize(MaxDocumentBytes))})
		}
		return emit(Result{Raw: data, Loc: path})
	}
	limited := &mapping.LimitedReader{R: br, Max: MaxDocumentBytes, What: "a record"}
	dec := json.NewDecoder(limited)
	if _, err := dec.Token(); err != nil { // the '['
		return err
	}
	for n := 1; dec.More(); n++ {
		limited.Reset()
		var rec json.RawMessage
		start := dec.InputOffset()
		if err := dec.Decode(&rec); err != nil {
			return recordError(n, start, err)
		}
		if err := emit(Result{Raw: rec, Loc: RecordLoc(path, n)}); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the ']'
		return fmt.Errorf("the JSON array of documents does not end (at byte %d): %w", dec.InputOffset(), err)
	}
	return nil
}

// firstByte returns the first byte of r that is not white space or a
// byte order mark, without consuming it (0 for an empty input).
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if errors.Is(err, io.EOF) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.ReadByte()
			continue
		}
		if bom, _ := br.Peek(3); string(bom) == "\ufeff" {
			_, _ = br.Discard(3)
			continue
		}
		return b[0], nil
	}
}

// recordError says why the n-th record of a JSON array, which comes after
// byte start, could not be read: the reading of the file stops there.
func recordError(n int, start int64, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("record %d (after byte %d) is cut short: the file ends inside it (truncated?)", n, start)
	}
	return fmt.Errorf("record %d (after byte %d): not valid JSON, the rest of the file is not read: %w", n, start, err)
}

// RecordLoc is the Loc of the n-th record (from 1) of a file holding many.
func RecordLoc(path string, n int) string { return fmt.Sprintf("%s [record %d]", path, n) }

// LineLoc is the Loc of the document on line n (from 1) of a file.
func LineLoc(path string, n int) string { return fmt.Sprintf("%s:%d", path, n) }

// importJSONLines reads one document a line, skipping blank lines; a line
// longer than MaxDocumentBytes is reported and skipped.
func importJSONLines(path string, r io.Reader, emit func(Result) error) error {
	lines := mapping.NewLineReader(r, MaxDocumentBytes)
	for {
		text, _, err := lines.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var tooLong *mapping.LineTooLongError
		if errors.As(err, &tooLong) {
			err := fmt.Errorf("the line is longer than %s: not read (is this the right file?)", mapping.ByteSize(MaxDocumentBytes))
			if err := emit(Result{Loc: LineLoc(path, lines.Line()), Err: err}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		// The line is reused by the next call: the document keeps a copy.
		if err := emit(Result{Raw: bytes.Clone(text), Loc: LineLoc(path, lines.Line())}); err != nil {
			return err
		}
	}
}

// importYAML reads one document, a list of them, or several YAML documents
// separated by "---".
func importYAML(path string, r io.Reader, emit func(Result) error) error {
	data, err := io.ReadAll(io.LimitReader(r, maxYAMLFile+1))
	if err != nil {
		return err
	}
	if len(data) > maxYAMLFile {
		return fmt.Errorf("the YAML file is larger than %s: not read (split it, or use JSON lines)", mapping.ByteSize(maxYAMLFile))
	}
	var docs []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("not YAML: %w", err)
		}
		docs = append(docs, &n)
	}
	if len(docs) == 1 && root(docs[0]).Kind != yaml.SequenceNode {
		// One document: validate the file as written.
		return emit(Result{Raw: data, Loc: path})
	}
	n := 0
	for _, d := range docs {
		items := []*yaml.Node{root(d)}
		if items[0].Kind == yaml.SequenceNode {
			items = items[0].Content
		}
		for _, item := range items {
			n++
			raw, err := yaml.Marshal(item)
			if err != nil {
				return fmt.Errorf("record %d: %w", n, err)
			}
			if err := emit(Result{Raw: raw, Loc: RecordLoc(path, n)}); err != nil {
				return err
			}
		}
	}
	return nil
}

func root(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0]
	}
	return n
}
