package article

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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

// TestSchemaAgreesWithParse validates documents against the schema with
// the small validator below: what Parse accepts the schema accepts, and
// the schema rejects the broken documents whose fault a schema can see.
func TestSchemaAgreesWithParse(t *testing.T) {
	var root any
	if err := json.Unmarshal(JSONSchema(), &root); err != nil {
		t.Fatal(err)
	}
	v := &schemaValidator{root: root.(map[string]any)}

	valid, _ := filepath.Glob("testdata/valid/*.json")
	examples, _ := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	for _, f := range append(valid, examples...) {
		if errs := v.validateFile(t, f); len(errs) > 0 {
			t.Errorf("%s: the schema rejects a valid document:\n%s", f, strings.Join(errs, "\n"))
		}
	}
	for _, name := range []string{
		"bad-article-id.json", "bad-coordinates.json", "bad-dates.json", "bad-key.json",
		"bad-kind.json", "bad-quantity.json", "bad-wikidata.json", "empty-text.json",
		"fields-of-another-type.json", "missing-document-fields.json", "missing-entity-fields.json",
		"missing-relation-fields.json", "missing-span-fields.json", "not-an-object.json",
		"round-zero.json", "unknown-entity-type.json", "unknown-fields.json",
		"unknown-format-and-status.json", "unknown-relation-type.json", "wrong-container-types.json",
		"wrong-types.json",
	} {
		if errs := v.validateFile(t, filepath.Join("testdata", "invalid", name)); len(errs) == 0 {
			t.Errorf("%s: the schema accepts a document Parse rejects", name)
		}
	}
}

// schemaValidator checks a JSON value against the subset of JSON Schema
// 2020-12 that JSONSchema uses. It fails the test on any other keyword, so
// that the schema cannot grow beyond what is checked here unnoticed.
type schemaValidator struct {
	root map[string]any
}

var checkedKeywords = []string{
	"$schema", "$id", "$defs", "$ref", "title", "description", "format",
	"type", "enum", "const", "oneOf", "allOf", "if", "then",
	"properties", "additionalProperties", "required", "dependentRequired", "items",
	"pattern", "minLength", "maxLength", "minimum", "maximum", "maxItems",
}

func (v *schemaValidator) validateFile(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	errs, err := v.check("$", doc, v.root)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

// check returns the violations of schema s by value x at path; err reports
// a schema the validator does not understand.
func (v *schemaValidator) check(path string, x any, s any) ([]string, error) {
	switch s := s.(type) {
	case bool:
		if !s {
			return []string{path + ": not allowed"}, nil
		}
		return nil, nil
	case map[string]any:
		return v.checkObject(path, x, s)
	}
	return nil, fmt.Errorf("schema at %s is %T", path, s)
}

func (v *schemaValidator) checkObject(path string, x any, s map[string]any) ([]string, error) {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	sub := func(p string, x, s any) error {
		e, err := v.check(p, x, s)
		errs = append(errs, e...)
		return err
	}
	for k := range s {
		if !slices.Contains(checkedKeywords, k) {
			return nil, fmt.Errorf("keyword %q is not checked by this validator", k)
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		def := v.root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")]
		if err := sub(path, x, def); err != nil {
			return nil, err
		}
	}
	if typ, ok := s["type"].(string); ok && !hasType(x, typ) {
		fail("want %s", typ)
		return errs, nil
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, x) {
		fail("%v not in enum", x)
	}
	if c, ok := s["const"]; ok && c != x {
		fail("%v is not %v", x, c)
	}
	for _, key := range []string{"allOf", "oneOf"} {
		alts, _ := s[key].([]any)
		matched := 0
		for _, alt := range alts {
			e, err := v.check(path, x, alt)
			if err != nil {
				return nil, err
			}
			if len(e) == 0 {
				matched++
			} else if key == "allOf" {
				errs = append(errs, e...)
			}
		}
		if key == "oneOf" && alts != nil && matched != 1 {
			fail("matches %d of oneOf", matched)
		}
	}
	if cond, ok := s["if"]; ok {
		e, err := v.check(path, x, cond)
		if err != nil {
			return nil, err
		}
		if then, ok := s["then"]; ok && len(e) == 0 {
			if err := sub(path, x, then); err != nil {
				return nil, err
			}
		}
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		n := float64(utf8.RuneCountInString(str))
		if m, ok := s["minLength"].(float64); ok && n < m {
			fail("shorter than %v", m)
		}
		if m, ok := s["maxLength"].(float64); ok && n > m {
			fail("longer than %v", m)
		}
	}
	if f, ok := x.(float64); ok {
		if m, ok := s["minimum"].(float64); ok && f < m {
			fail("%v < %v", f, m)
		}
		if m, ok := s["maximum"].(float64); ok && f > m {
			fail("%v > %v", f, m)
		}
	}
	if arr, ok := x.([]any); ok {
		if m, ok := s["maxItems"].(float64); ok && float64(len(arr)) > m {
			fail("%d items, more than %v", len(arr), m)
		}
		if items, ok := s["items"]; ok {
			for i, e := range arr {
				if err := sub(indexPath(path, i), e, items); err != nil {
					return nil, err
				}
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for k, val := range obj {
			if ps, ok := props[k]; ok {
				if err := sub(childPath(path, k), val, ps); err != nil {
					return nil, err
				}
			} else if s["additionalProperties"] == false {
				fail("unknown field %q", k)
			}
		}
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := obj[r.(string)]; !ok {
				fail("missing %q", r)
			}
		}
		deps, _ := s["dependentRequired"].(map[string]any)
		for k, need := range deps {
			if _, ok := obj[k]; !ok {
				continue
			}
			for _, r := range need.([]any) {
				if _, ok := obj[r.(string)]; !ok {
					fail("%q needs %q", k, r)
				}
			}
		}
	}
	return errs, nil
}

func hasType(x any, typ string) bool {
	switch typ {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "number":
		_, ok := x.(float64)
		return ok
	case "integer":
		f, ok := x.(float64)
		return ok && f == math.Trunc(f)
	case "boolean":
		_, ok := x.(bool)
		return ok
	}
	return false
}
