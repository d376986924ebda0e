package article

import (
	"fmt"
	"os"
)

// Parse reads an annotated article: YAML when name ends in .yaml or .yml,
// JSON otherwise. name is used in messages only. The document is decoded
// into a generic tree first so that every problem (unknown fields, wrong
// JSON types, missing fields, then the rules of Validate) is reported with
// its JSON path; the error is a *ValidationError listing all of them.
func Parse(name string, data []byte) (*Document, error) {
	c := &checker{}
	tree, ok := decodeTree(c, name, data)
	if !ok {
		return nil, c.err(name)
	}
	d := c.buildDocument(tree)
	c.validate(d)
	if err := c.err(name); err != nil {
		return nil, err
	}
	return d, nil
}

// ParseFile reads and parses the file at path.
func ParseFile(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	return Parse(path, data)
}
