package article

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"newsgraph/ontology"
)

func TestSchemaFileUpToDate(t *testing.T) {
	committed, err := os.ReadFile(SchemaFile)
	if err != nil {
		t.Fatalf("%v: run go generate ./article", err)
	}
	if !bytes.Equal(committed, JSONSchema()) {
		t.Errorf("%s differs from JSONSchema(): run go generate ./article", SchemaFile)
	}
}

func TestSchemaCoversOntology(t *testing.T) {
	s := string(JSONSchema())
	var want []string
	want = append(want, entityTypes...)
	want = append(want, ontology.Names(ontology.RelationTypes)...)
	want = append(want, ontology.ActorKinds...)
	want = append(want, ontology.PlaceKinds...)
	want = append(want, ontology.AgreementKinds...)
	want = append(want, ontology.AgreementStatuses...)
	want = append(want, ontology.MeetingFormats...)
	for _, v := range want {
		if !strings.Contains(s, fmt.Sprintf("%q", v)) {
			t.Errorf("the schema does not mention %q", v)
		}
	}
	if !strings.Contains(s, "code points") {
		t.Error("the schema does not say that offsets are code points")
	}
}

// TestSchemaAgreesWithParse validates every document of testdata/ and every
// example article against the schema with a JSON Schema 2020-12 validator
// (github.com/santhosh-tekuri/jsonschema, which also checks the schema
// against the 2020-12 meta-schema): what Parse accepts the schema accepts,
// and for every document Parse rejects the table says where the schema finds
// its faults or why a schema cannot see them. Documents are decoded as Parse
// decodes them, so YAML documents are checked too; the places are the
// deepest ones the validator reports, written as Parse writes paths.
func TestSchemaAgreesWithParse(t *testing.T) {
	schema := compileSchema(t)

	valid, err := filepath.Glob("testdata/valid/*")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob(filepath.Join(examplesDir, "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, f := range append(valid, examples...) {
		if ext := filepath.Ext(f); ext == ".json" || isYAML(f) {
			docs = append(docs, f)
		}
	}
	if len(docs) < 2 {
		t.Fatalf("only %d valid documents found", len(docs))
	}
	for _, f := range docs {
		if _, err := ParseFile(f); err != nil {
			t.Errorf("%s: Parse rejects a valid document: %v", f, err)
		}
		tree, ok := decodeFile(t, f)
		if !ok {
			t.Errorf("%s: a valid document does not decode", f)
			continue
		}
		if err := schema.Validate(tree); err != nil {
			t.Errorf("%s: the schema rejects a valid document:\n%v", f, err)
		}
	}

	// faults are the places where the schema rejects each broken document;
	// blind says why the schema accepts the others (or never sees them).
	const (
		notDocument  = "not a JSON or YAML document"
		crossField   = "the rule relates several fields or entities"
		duplicateKey = "the decoded tree keeps one of the duplicate keys"
		noFormat     = "format is an annotation in JSON Schema 2020-12"
	)
	tests := []struct {
		name   string
		faults []string
		blind  string
	}{
		{name: "bad-article-id.json", faults: []string{"$.id"}},
		{name: "bad-codes.json", faults: []string{
			"$.entities[0].codes", "$.entities[0].codes[0].value", "$.entities[0].codes[1].scheme", "$.entities[0].codes[2].value",
			"$.entities[0].codes[5]", "$.entities[1].codes[0]",
		}},
		{name: "bad-coding.json", faults: []string{
			"$.relations[0].evidence.cameo", "$.relations[0].evidence.plover", "$.relations[1].evidence",
			"$.relations[1].evidence.mode", "$.relations[2].evidence", "$.relations[3].evidence",
			"$.relations[3].evidence.cameo",
		}},
		{name: "bad-coordinates.json", faults: []string{"$.entities[3].latitude", "$.entities[4]"}},
		{name: "bad-dates.json", faults: []string{"$.published"}},
		{name: "bad-key.json", faults: []string{"$.entities[0].key"}},
		{name: "bad-kind.json", faults: []string{"$.entities[0].kind", "$.entities[2].kind", "$.entities[3].kind"}},
		{name: "bad-place.json", blind: crossField},
		{name: "bad-quantity.json", faults: []string{
			"$.relations[0].qualifiers.quantity", "$.relations[1].qualifiers.quantity", "$.relations[2].qualifiers.quantity",
		}},
		{name: "bad-url.json", blind: noFormat},
		{name: "bad-wikidata.json", faults: []string{"$.entities[0].wikidata", "$.entities[1].wikidata"}},
		{name: "conflicting-identity.json", blind: crossField},
		{name: "dangling-reference.json", faults: []string{"$.relations[0].target"}},
		{name: "duplicate-entity-id.json", blind: crossField},
		{name: "duplicate-key.json", blind: duplicateKey},
		{name: "empty-name.json", faults: []string{"$.entities[0].name"}},
		{name: "empty-text.json", faults: []string{"$.text"}},
		{name: "end-date-before-date.json", blind: crossField},
		{name: "fields-of-another-type.json", faults: []string{
			"$.entities[0].date", "$.entities[2].latitude", "$.entities[2].longitude", "$.entities[3].status",
		}},
		{name: "forbidden-relation.json", blind: crossField},
		{name: "invalid-utf8.json", blind: notDocument},
		{name: "missing-document-fields.json", faults: []string{"$"}},
		{name: "missing-entity-fields.json", faults: []string{"$.entities[3]"}},
		{name: "missing-relation-fields.json", faults: []string{"$.relations[0]"}},
		{name: "missing-span-fields.json", faults: []string{"$.entities[0].mentions[0]"}},
		{name: "not-an-object.json", faults: []string{"$"}},
		{name: "not-json.json", blind: notDocument},
		{name: "round-zero.json", faults: []string{"$.entities[2].round"}},
		{name: "span-out-of-range.json", faults: []string{"$.entities[0].mentions[0].start", "$.entities[3].mentions[1].text"}},
		{name: "span-text-mismatch.json", blind: crossField},
		{name: "trailing-data.json", blind: notDocument},
		{name: "truncated.json", blind: notDocument},
		{name: "unknown-entity-type.json", faults: []string{"$.entities[0].type"}},
		{name: "unknown-fields.json", faults: []string{"$", "$.entities[0]", "$.relations[0].qualifiers"}},
		{name: "unknown-format-and-status.json", faults: []string{"$.entities[2].format", "$.entities[4].status"}},
		{name: "unknown-relation-type.json", faults: []string{"$.relations[0].type", "$.relations[1].type"}},
		{name: "wrong-container-types.json", faults: []string{"$.entities", "$.relations[0]"}},
		{name: "wrong-types.json", faults: []string{
			"$.entities[0].aliases[1]", "$.entities[1].mentions", "$.entities[2].round",
			"$.entities[3]", "$.entities[3].latitude", "$.id", "$.relations[0].evidence", "$.title",
		}},
		{name: "yaml-alias-cycle.yaml", blind: notDocument},
		{name: "yaml-duplicate-key.yaml", blind: duplicateKey},
		{name: "yaml-syntax.yaml", blind: notDocument},
	}
	invalid, err := filepath.Glob("testdata/invalid/*")
	if err != nil {
		t.Fatal(err)
	}
	var inTable, inDir []string
	for _, tt := range tests {
		inTable = append(inTable, tt.name)
	}
	for _, f := range invalid {
		inDir = append(inDir, filepath.Base(f))
	}
	if d := cmp.Diff(inDir, inTable); d != "" {
		t.Errorf("the table does not list the files of testdata/invalid (-dir +table):\n%s", d)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.faults == nil) == (tt.blind == "") {
				t.Fatal("a row of the table needs either faults or the reason the schema is blind")
			}
			f := filepath.Join("testdata", "invalid", tt.name)
			if _, err := ParseFile(f); err == nil {
				t.Fatal("Parse accepts a document of testdata/invalid")
			}
			tree, ok := decodeFile(t, f)
			if tt.blind == notDocument {
				if ok {
					t.Error("the document decodes, yet the table says it is not one")
				}
				return
			}
			if !ok {
				t.Fatal("the document does not decode")
			}
			var got []string
			if err := schema.Validate(tree); err != nil {
				got = faultPaths(t, err)
			}
			if d := cmp.Diff(tt.faults, got); d != "" {
				t.Errorf("where the schema rejects the document (-want +got):\n%s", d)
			}
		})
	}
}

// compileSchema compiles JSONSchema, which the compiler first validates
// against its meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaFile, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaFile)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// decodeFile decodes a document into the tree Parse walks (objects,
// arrays, json.Number, strings, booleans and nil), the kind of value the
// validator takes; ok is false when the file is not a document at all.
func decodeFile(t *testing.T, path string) (tree any, ok bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return decodeTree(&checker{}, path, data)
}

// faultPaths returns the sorted places of the deepest errors of a
// validation error, as JSON paths in Parse's syntax ("$.entities[3].kind").
func faultPaths(t *testing.T, err error) []string {
	t.Helper()
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("validation failed: %v", err)
	}
	var paths []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			p := "$"
			for _, tok := range e.InstanceLocation {
				if i, err := strconv.Atoi(tok); err == nil {
					p = indexPath(p, i)
				} else {
					p = childPath(p, tok)
				}
			}
			paths = append(paths, p)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.Sort(paths)
	return slices.Compact(paths)
}
