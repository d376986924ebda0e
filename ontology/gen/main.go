// Command gen writes what derives from the ontology into the repository:
// the enum block of schema.graphqls (see package schemagen). Run it with
// go generate ./ontology (or ./...); it leaves files that are up to date
// untouched.
//
// Usage:
//
//	go run ./ontology/gen -root .
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"newsgraph/ontology/schemagen"
)

func main() {
	root := flag.String("root", ".", "repository root (the directory holding schema.graphqls)")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "ontology/gen:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	return rewrite(filepath.Join(root, "schema.graphqls"), schemagen.Rewrite)
}

// rewrite applies fn to a file and writes the result back if it changed.
func rewrite(path string, fn func([]byte) ([]byte, error)) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := fn(old)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(old, out) {
		return nil
	}
	return os.WriteFile(path, out, 0o644)
}
