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

// importJSON reads one document, or an array of them ("file.json [record
// 3]", counting from 1).
func importJSON(path string, r io.Reader, emit func(Result) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '[' {
		// One document; article.Parse reports any syntax error with
		// its line.
		return emit(Result{Raw: data, Loc: path})
	}
	var records []json.RawMessage
	if err := json.Unmarshal(trimmed, &records); err != nil {
		return fmt.Errorf("not a JSON array of documents: %w", describeJSONError(trimmed, err))
	}
	for i, rec := range records {
		if err := emit(Result{Raw: rec, Loc: RecordLoc(path, i+1)}); err != nil {
			return err
		}
	}
	return nil
}

// RecordLoc is the Loc of the n-th record (from 1) of a file holding many.
func RecordLoc(path string, n int) string { return fmt.Sprintf("%s [record %d]", path, n) }

// LineLoc is the Loc of the document on line n (from 1) of a file.
func LineLoc(path string, n int) string { return fmt.Sprintf("%s:%d", path, n) }

// importJSONLines reads one document a line, skipping blank lines.
func importJSONLines(path string, r io.Reader, emit func(Result) error) error {
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		text, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(text)) > 0 {
			if err := emit(Result{Raw: text, Loc: LineLoc(path, line)}); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// importYAML reads one document, a list of them, or several YAML documents
// separated by "---".
func importYAML(path string, r io.Reader, emit func(Result) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
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

// describeJSONError adds the line and column to a JSON syntax error.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := lineCol(data, int(syn.Offset))
		return fmt.Errorf("line %d, column %d: %w", line, col, err)
	}
	return err
}

func lineCol(data []byte, offset int) (line, col int) {
	offset = min(offset, len(data))
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
