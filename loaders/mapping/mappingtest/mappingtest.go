// Package mappingtest holds helpers for the tests of the importers built on
// package mapping: run an importer over bytes, check that what it emits
// are valid native documents, and describe documents compactly.
package mappingtest

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"testing"

	"newsgraph/article"
	"newsgraph/loaders"
)

// Import runs imp over data as the file path and returns what it emitted
// and the error it returned.
func Import(imp loaders.Importer, path string, data []byte) ([]loaders.Result, error) {
	var out []loaders.Result
	err := imp.Import(path, bytes.NewReader(data), func(r loaders.Result) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// Valid checks that doc passes article.Check, as the loader checks it,
// and that Graph accepts it.
func Valid(t testing.TB, loc string, doc *article.Document) {
	t.Helper()
	if doc == nil {
		t.Errorf("%s: no document", loc)
		return
	}
	if err := article.Check(loc, doc); err != nil {
		t.Errorf("%s: not a valid native document:\n%v", loc, err)
		return
	}
	if _, err := doc.Graph(); err != nil {
		t.Errorf("%s: graph: %v", loc, err)
	}
}

// Relations describes a document's relations as "TYPE source -> target",
// with entity names, in document order.
func Relations(doc *article.Document) []string {
	names := map[string]string{}
	for _, e := range doc.Entities {
		names[e.ID] = e.Name
	}
	out := []string{}
	for _, r := range doc.Relations {
		out = append(out, fmt.Sprintf("%s %s -> %s", r.Type, names[r.Source], names[r.Target]))
	}
	return out
}

// Entities describes a document's entities as "type/kind name".
func Entities(doc *article.Document) []string {
	out := []string{}
	for _, e := range doc.Entities {
		out = append(out, fmt.Sprintf("%s/%s %s", e.Type, e.Kind, e.Name))
	}
	return out
}

// Count adds up the relation types of documents.
func Count(docs ...*article.Document) map[string]int {
	out := map[string]int{}
	for _, d := range docs {
		for _, r := range d.Relations {
			out[r.Type]++
		}
	}
	return out
}

// Omitted adds up the Omitted counts of results.
func Omitted(results []loaders.Result) map[string]int {
	out := map[string]int{}
	for _, r := range results {
		for k, v := range r.Omitted {
			out[k] += v
		}
	}
	return out
}

// Reasons returns the sorted reasons of Omitted counts.
func Reasons(omitted map[string]int) []string { return slices.Sorted(maps.Keys(omitted)) }
