package article

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A document is first decoded into a generic tree, the same for JSON and
// YAML: map[string]any for objects, []any for arrays, json.Number for
// numbers, string, bool and nil. Walking the tree (build.go) rather than
// unmarshalling straight into Document is what lets every problem be
// reported with its JSON path, unknown fields and wrong types included.

// Bounds on YAML documents: the number of nodes a document may expand to
// through aliases ("billion laughs"), and how deeply it may nest (an
// annotated article nests five levels).
const (
	maxYAMLNodes = 100_000
	maxDepth     = 100
)

// decodeTree decodes data as YAML when name ends in .yaml or .yml, as JSON
// otherwise. Fatal problems (the data is not a document at all) come back
// as a single problem at "$"; problems in an otherwise readable tree, such as
// duplicate keys, are added to c.
func decodeTree(c *checker, name string, data []byte) (any, bool) {
	if off, ok := invalidUTF8(data); ok {
		line, col := position(data, off)
		c.bad("$", "invalid UTF-8 at byte offset %d (line %d, column %d)", off, line, col)
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if isYAML(name) {
		return decodeYAML(c, data)
	}
	return decodeJSON(c, data)
}

func isYAML(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml")
}

// invalidUTF8 returns the byte offset of the first byte of data that is not
// valid UTF-8.
func invalidUTF8(data []byte) (int, bool) {
	for off := 0; off < len(data); {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			return off, true
		}
		off += size
	}
	return 0, false
}

// position turns a byte offset into a 1-based line and a 1-based column
// counted in code points.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}

// decodeJSON checks the syntax with encoding/json (whose errors carry exact
// offsets), then builds the tree token by token so that duplicate keys can
// be reported.
func decodeJSON(c *checker, data []byte) (any, bool) {
	// A RawMessage takes any number, however large (1e400), for the
	// checks of its field to report.
	var probe json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		c.bad("$", "%s", jsonSyntaxMessage(data, err))
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readJSONValue(c, dec, "$")
	if err != nil { // cannot happen after a successful Unmarshal
		c.bad("$", "not valid JSON: %v", err)
		return nil, false
	}
	return v, true
}

func jsonSyntaxMessage(data []byte, err error) string {
	var off int
	switch e := err.(type) {
	case *json.SyntaxError:
		off = int(e.Offset)
		if strings.HasPrefix(e.Error(), "unexpected end") {
			line, col := position(data, len(data))
			return fmt.Sprintf("not valid JSON: unexpected end of input at line %d, column %d (truncated?)", line, col)
		}
		off-- // Offset counts the bytes read, the offending one included
	default:
		return fmt.Sprintf("not valid JSON: %v", err)
	}
	line, col := position(data, off)
	return fmt.Sprintf("not valid JSON: %s at line %d, column %d", err, line, col)
}

func readJSONValue(c *checker, dec *json.Decoder, path string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		m := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := kt.(string)
			kp := childPath(path, key)
			v, err := readJSONValue(c, dec, kp)
			if err != nil {
				return nil, err
			}
			if _, dup := m[key]; dup {
				c.bad(kp, "duplicate key %q", key)
			}
			m[key] = v
		}
		_, err = dec.Token() // '}'
		return m, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := readJSONValue(c, dec, indexPath(path, len(a)))
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err = dec.Token() // ']'
		return a, err
	}
	return tok, nil
}

// jsonNumber matches the JSON number syntax.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

func decodeYAML(c *checker, data []byte) (any, bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		c.bad("$", "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, false
	}
	y := &yamlReader{c: c, budget: maxYAMLNodes, expanding: map[*yaml.Node]bool{}}
	return y.value(&root, "$", 0)
}

// yamlReader converts YAML nodes to the generic tree, expanding aliases
// within bounds.
type yamlReader struct {
	c         *checker
	budget    int                 // nodes left to produce
	expanding map[*yaml.Node]bool // aliased nodes being expanded, to catch cycles
}

// value converts a YAML node. It returns false when the document cannot be
// read further.
func (y *yamlReader) value(n *yaml.Node, path string, depth int) (any, bool) {
	c := y.c
	if y.budget--; y.budget < 0 {
		c.bad("$", "YAML document expands to more than %d nodes", maxYAMLNodes)
		return nil, false
	}
	if depth > maxDepth {
		c.bad("$", "line %d: nested deeper than %d levels", n.Line, maxDepth)
		return nil, false
	}
	switch n.Kind {
	case 0:
		return nil, true // empty document
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, true
		}
		return y.value(n.Content[0], path, depth)
	case yaml.AliasNode:
		if y.expanding[n.Alias] {
			c.bad(path, "line %d: alias *%s refers to itself", n.Line, n.Value)
			return nil, false
		}
		return y.value(n.Alias, path, depth)
	}
	if n.Anchor != "" {
		y.expanding[n] = true
		defer delete(y.expanding, n)
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.bad(path, "line %d: mapping keys must be strings", k.Line)
				continue
			}
			kp := childPath(path, k.Value)
			val, ok := y.value(v, kp, depth+1)
			if !ok {
				return nil, false
			}
			if _, dup := m[k.Value]; dup {
				c.bad(kp, "duplicate key %q (line %d)", k.Value, k.Line)
			}
			m[k.Value] = val
		}
		return m, true
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for i, e := range n.Content {
			val, ok := y.value(e, indexPath(path, i), depth+1)
			if !ok {
				return nil, false
			}
			a = append(a, val)
		}
		return a, true
	}
	return yamlScalar(c, n, path), true
}

func yamlScalar(c *checker, n *yaml.Node, path string) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int", "!!float":
		if jsonNumber.MatchString(n.Value) {
			return json.Number(n.Value)
		}
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return json.Number(strconv.FormatInt(int64(f), 10))
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
		c.bad(path, "line %d: %q is not a finite number", n.Line, n.Value)
		return nil
	}
	// Strings, and timestamps such as an unquoted 2025-06-03, keep the
	// text as written.
	return n.Value
}

// childPath is the JSON path of an object member. Keys that are not plain
// identifiers are quoted: $["odd key"].
func childPath(path, key string) string {
	if isPlainKey(key) {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// isPlainKey reports whether key matches [A-Za-z_][A-Za-z0-9_]*.
func isPlainKey(key string) bool {
	for i, r := range key {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return key != ""
}

// indexPath is the JSON path of an array element.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// jsonType names the JSON type of a tree value, for messages.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// describe shows a tree value in a message: its type, and its value when
// short.
func describe(v any) string {
	switch v := v.(type) {
	case json.Number:
		return "number " + string(v)
	case string:
		return "string " + strconv.Quote(truncate(v, 40))
	case bool:
		return "boolean " + strconv.FormatBool(v)
	}
	return jsonType(v)
}
