// Command rewrite turns, in the executor that gqlgen generates
// (graph/generated/generated.go), the calls that package newsgraph/graph/marshal
// replaces into calls of it: graphql.MarshalSliceConcurrently into
// marshal.Slice, graphql.ResolveField into marshal.ResolveField,
// graphql.CollectFields into marshal.CollectFields,
// graphql.NewDeferredGroup into marshal.DeferredGroup, graphql.NewFieldSet
// into marshal.NewFieldSet (the field set an object fills and returns, which
// resolves its fields in turn), graphql.MarshalString and graphql.MarshalID
// into marshal.String, and the new buffer a query's answer is written to
// into marshal.Bytes (a buffer from a pool). It is
// the last step of `go generate ./graph`, right after gqlgen:
//
//	go run ./marshal/rewrite generated/generated.go model/models_gen.go
//
// Given the file of the generated models (graph/model/models_gen.go) too,
// it turns there the writing of enum values into one without package fmt
// (modelReplacements).
//
// It rewrites the files in place, and fails, leaving it as it is, when the
// file does not hold the generated code it expects (a new gqlgen version
// may generate other code: then this command, or package marshal, has to
// follow it).
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
)

// A replacement turns every occurrence of old into new; the file must hold
// at least one.
type replacement struct{ old, new string }

var replacements = []replacement{
	{"graphql.MarshalSliceConcurrently(", "marshal.Slice("},
	{"return graphql.ResolveField(\n", "return marshal.ResolveField(\n"},
	{"fields := graphql.CollectFields(ec.OperationContext, sel, ",
		"fields := marshal.CollectFields(ctx, ec.OperationContext, sel, "},
	{"out := graphql.NewFieldSet(fields)\n\tdeferred := graphql.NewDeferredGroup(ctx)\n",
		"out := marshal.NewFieldSet(fields)\n\tdeferred := marshal.DeferredGroup(ctx, fields)\n"},
	{"graphql.MarshalString(", "marshal.String("},
	{"graphql.MarshalID(", "marshal.String("},
	{"\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()\n",
		"\t\t\tresponse.Data = marshal.Bytes(data)\n"},
}

// leftovers are calls that the replacements turn into calls of package
// marshal only in the forms they expect: none may be left, in another form,
// after them.
var leftovers = []string{"graphql.CollectFields(ec.OperationContext", "graphql.NewDeferredGroup(",
	"graphql.NewFieldSet(", "graphql.ResolveField("}

// The import of gqlgen's runtime, after which the import of package
// marshal goes.
const (
	graphqlImport = "\t\"github.com/99designs/gqlgen/graphql\"\n"
	marshalImport = "\t\"newsgraph/graph/marshal\"\n"
)

// rewrite returns the generated source src with the replacements made.
func rewrite(src []byte) ([]byte, error) {
	if bytes.Contains(src, []byte(marshalImport)) {
		return nil, fmt.Errorf("already rewritten: it imports %s", bytes.TrimSpace([]byte(marshalImport)))
	}
	if bytes.Count(src, []byte(graphqlImport)) != 1 {
		return nil, fmt.Errorf("no import of %s", bytes.TrimSpace([]byte(graphqlImport)))
	}
	for _, r := range replacements {
		if !bytes.Contains(src, []byte(r.old)) {
			return nil, fmt.Errorf("no %q to turn into %q", r.old, r.new)
		}
		src = bytes.ReplaceAll(src, []byte(r.old), []byte(r.new))
	}
	for _, call := range leftovers {
		if n := bytes.Count(src, []byte(call)); n > 0 {
			return nil, fmt.Errorf("%d calls of %s left after the rewrite: the generated code has a form it does not know", n, call)
		}
	}
	src = bytes.Replace(src, []byte(graphqlImport), []byte(graphqlImport+marshalImport), 1)
	return format.Source(src)
}

// modelReplacements turn, in the models that gqlgen generates
// (graph/model/models_gen.go), the writing of an enum's value: fmt.Fprint
// formats the quoted name through fmt's machinery, for every enum value of
// every response, where io.WriteString writes the same bytes.
var modelReplacements = []replacement{
	{"_, _ = fmt.Fprint(w, strconv.Quote(e.String()))", "_, _ = io.WriteString(w, strconv.Quote(e.String()))"},
}

// rewriteModels returns the generated models src with the model
// replacements made.
func rewriteModels(src []byte) ([]byte, error) {
	for _, r := range modelReplacements {
		if !bytes.Contains(src, []byte(r.old)) {
			if bytes.Contains(src, []byte(r.new)) {
				return nil, fmt.Errorf("already rewritten: it holds %q", r.new)
			}
			return nil, fmt.Errorf("no %q to turn into %q", r.old, r.new)
		}
		src = bytes.ReplaceAll(src, []byte(r.old), []byte(r.new))
	}
	return format.Source(src)
}

func main() {
	if len(os.Args) != 2 && len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: rewrite GENERATED.go [MODELS.go]")
		os.Exit(2)
	}
	rewrites := []func([]byte) ([]byte, error){rewrite, rewriteModels}
	for i, name := range os.Args[1:] {
		if err := rewriteFile(name, rewrites[i]); err != nil {
			fmt.Fprintf(os.Stderr, "rewrite: %s: %v\n", name, err)
			os.Exit(1)
		}
	}
}

// rewriteFile rewrites the file name in place with rewrite.
func rewriteFile(name string, rewrite func([]byte) ([]byte, error)) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	out, err := rewrite(src)
	if err != nil {
		return err
	}
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, out, info.Mode().Perm())
}
