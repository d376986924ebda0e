package graph_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// httpImport reports whether an import path belongs to serving over HTTP:
// package server and those under it, net/http, the WebSocket library and
// gqlgen's handler (its transport package, which resolvers use to report
// subscription errors, is allowed).
func httpImport(path string) bool {
	switch path {
	case "net/http", "github.com/coder/websocket", "github.com/99designs/gqlgen/graphql/handler":
		return true
	}
	return strings.HasPrefix(path, "newsgraph/server/") || path == "newsgraph/server"
}

// TestGraphKnowsNoHTTP keeps the layers apart: package graph is the schema
// and its resolvers; serving them over HTTP (transports, tokens, request
// logs, WebSocket) is package server's business.
func TestGraphKnowsNoHTTP(t *testing.T) {
	for path, want := range map[string]bool{
		"newsgraph/server/auth": true, "newsgraph/server": true, "net/http": true,
		"newsgraph/serverless": false, "github.com/99designs/gqlgen/graphql/handler/transport": false,
	} {
		if httpImport(path) != want {
			t.Fatalf("httpImport(%q) = %v", path, !want)
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); httpImport(path) {
				t.Errorf("%s imports %s", file, path)
			}
		}
	}
}
