// Command genschema writes the JSON Schema of the annotated-article format
// (article.JSONSchema) to a file. go generate ./article runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"newsgraph/article"
)

func main() {
	out := flag.String("o", article.SchemaFile, "file to write")
	flag.Parse()
	if err := os.WriteFile(*out, article.JSONSchema(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genschema:", err)
		os.Exit(1)
	}
}
