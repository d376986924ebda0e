package article

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
)

// parseTestdata parses a file of testdata/.
func parseTestdata(t *testing.T, name string) (*Document, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, data)
}

// problemsOf returns the problems of a *ValidationError, failing the test
// on any other error.
func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error is %T, want *ValidationError: %v", err, err)
	}
	return ve.Problems
}

func TestParseValid(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid test documents: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			d, err := parseTestdata(t, filepath.Join("valid", filepath.Base(f)))
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Validate(); err != nil {
				t.Errorf("Validate after Parse: %v", err)
			}
		})
	}
}

// TestParseRejects has one case per rule of the format: each file of
// testdata/invalid breaks one rule (some several times) and every problem
// must be reported, with its path and message.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		file string
		want []Problem
	}{
		{"bad-article-id.json", []Problem{
			{"$.id", `invalid article id "-case 1": use at most 200 letters, digits and . _ : -, starting with a letter or digit`},
		}},
		{"bad-codes.json", []Problem{
			{"$.entities[0].codes[0].value", `invalid cameo code "usa": must match ^[A-Z0-9]{3}(?:[A-Z0-9]{3}){0,4}$ (at most 15 characters)`},
			{"$.entities[0].codes[1].scheme", `unknown code scheme "iso3166": must be one of cameo, iso3166_alpha2, iso3166_alpha3`},
			{"$.entities[0].codes[2].value", `invalid iso3166_alpha2 code "USA": must match ^[A-Z]{2}$ (at most 2 characters)`},
			{"$.entities[0].codes[4]", `duplicate code cameo "USAGOV" (also at $.entities[0].codes[3])`},
			{"$.entities[0].codes[5].value", `missing required field "value"`},
			{"$.entities[1].codes[0].label", `unknown field "label"; allowed fields: scheme, value`},
		}},
		{"bad-coding.json", []Problem{
			{"$.relations[0].evidence.cameo", `invalid CAMEO code "17a": must be two to four digits, like "173"`},
			{"$.relations[0].evidence.plover", `unknown PLOVER event "ARREST": must be one of ` + strings.Join(ontology.PLOVEREvents, ", ")},
			{"$.relations[1].evidence.mode", `unknown PLOVER mode "handcuffs": must be one of ` + strings.Join(ontology.PLOVERModes, ", ")},
			{"$.relations[2].evidence.mode", `a PLOVER mode needs a PLOVER event (plover)`},
			{"$.relations[3].evidence.cameo", `must be a string, got number 173`},
			{"$.relations[3].evidence.code", `unknown field "code" (did you mean "mode"?)`},
		}},
		{"bad-coordinates.json", []Problem{
			{"$.entities[3].latitude", `latitude 91 is out of range: must be between -90 and 90`},
			{"$.entities[4].latitude", `longitude is given without latitude: give both or neither`},
		}},
		{"bad-dates.json", []Problem{
			{"$.entities[2].date", `invalid date "2025-02-30": not a real date`},
			{"$.published", `invalid date "June 2, 2025": must be YYYY-MM-DD`},
			{"$.relations[0].qualifiers.date", `invalid date "2025-13-01": not a real date`},
		}},
		{"bad-key.json", []Problem{
			{"$.entities[0].key", `invalid key "Rustem Umerov": use lower-case letters, digits and hyphens, starting with a letter or digit (like "rustem-umerov")`},
		}},
		{"bad-kind.json", []Problem{
			{"$.entities[0].kind", `kind "city" is not a kind of actor: must be one of person, country, government, delegation, organisation, military, armed_group, international_organisation, other`},
			{"$.entities[2].kind", `a meeting has no kind (meetings have a format instead)`},
			{"$.entities[3].kind", `kind "Country" is not a kind of place: must be one of city, country, region, venue, other`},
		}},
		{"bad-place.json", []Problem{
			{"$.relations[0].qualifiers.place", `"idlib" is not the id of an entity of this article`},
			{"$.relations[1].qualifiers.place", `"army" is an actor, not a place`},
		}},
		{"bad-quantity.json", []Problem{
			{"$.relations[0].qualifiers.quantity", `must be a non-negative integer, got -1`},
			{"$.relations[1].qualifiers.quantity", `must be a non-negative integer, got number 6000.5`},
			{"$.relations[2].qualifiers.quantity", `must be a non-negative integer, got string "6000"`},
		}},
		{"bad-url.json", []Problem{
			{"$.url", `invalid URL "news.example/talks": must be an absolute http or https URL`},
		}},
		{"bad-wikidata.json", []Problem{
			{"$.entities[0].wikidata", `invalid Wikidata id "q212": must be Q followed by digits without a leading zero, like "Q212"`},
			{"$.entities[1].wikidata", `invalid Wikidata id "Q0159": must be Q followed by digits without a leading zero, like "Q212"`},
		}},
		{"conflicting-identity.json", []Problem{
			{"$.entities[4]", `"Kyiv" is the same entity as $.entities[0] "Ukraine" (actor:Q212) but its kind "government" differs from "country"`},
		}},
		{"dangling-reference.json", []Problem{
			{"$.relations[0].source", `"ukraine" is not the id of an entity of this article`},
			{"$.relations[0].target", `must not be empty`},
		}},
		{"duplicate-entity-id.json", []Problem{
			{"$.entities[1].id", `duplicate entity id "ua" (also at $.entities[0])`},
		}},
		{"duplicate-key.json", []Problem{
			{"$.title", `duplicate key "title"`},
		}},
		{"empty-name.json", []Problem{
			{"$.entities[0].name", `must not be empty`},
			{"$.entities[1].name", `name "--" has no letters or digits to derive an identity from: give a key or a wikidata id`},
		}},
		{"empty-text.json", []Problem{
			{"$.text", `must not be empty`},
		}},
		{"end-date-before-date.json", []Problem{
			{"$.entities[2].endDate", `end date 2025-06-01 is before the date 2025-06-02`},
		}},
		{"fields-of-another-type.json", []Problem{
			{"$.entities[0].date", `only meetings have a date, not an actor`},
			{"$.entities[2].latitude", `only places have coordinates, not a meeting`},
			{"$.entities[2].longitude", `only places have coordinates, not a meeting`},
			{"$.entities[3].status", `only agreements have a status, not a place`},
		}},
		{"forbidden-relation.json", []Problem{
			{"$.relations[0]", `HELD_IN cannot go from actor "ua" to place "ist": HELD_IN goes from meeting to place`},
			{"$.relations[1]", `ATTENDED cannot go from actor "ua" to actor "ru": ATTENDED goes from actor to meeting`},
		}},
		{"invalid-utf8.json", []Problem{
			{"$", `invalid UTF-8 at byte offset 35 (line 3, column 16)`},
		}},
		{"missing-document-fields.json", []Problem{
			{"$.entities", `missing required field "entities"`},
			{"$.id", `missing required field "id"`},
			{"$.text", `missing required field "text"`},
			{"$.title", `missing required field "title"`},
		}},
		{"missing-entity-fields.json", []Problem{
			{"$.entities[3].id", `missing required field "id"`},
			{"$.entities[3].name", `missing required field "name"`},
			{"$.entities[3].type", `missing required field "type"`},
		}},
		{"missing-relation-fields.json", []Problem{
			{"$.relations[0].evidence", `missing required field "evidence"`},
			{"$.relations[0].source", `missing required field "source"`},
			{"$.relations[0].target", `missing required field "target"`},
			{"$.relations[0].type", `missing required field "type"`},
		}},
		{"missing-span-fields.json", []Problem{
			{"$.entities[0].mentions[0].end", `missing required field "end"`},
			{"$.entities[0].mentions[0].start", `missing required field "start"`},
			{"$.entities[0].mentions[0].text", `missing required field "text"`},
		}},
		{"not-an-object.json", []Problem{
			{"$", `must be an object, got array`},
		}},
		{"not-json.json", []Problem{
			{"$", `not valid JSON: invalid character 'i' looking for beginning of value at line 1, column 1`},
		}},
		{"round-zero.json", []Problem{
			{"$.entities[2].round", `must be a positive integer, got 0`},
		}},
		{"span-out-of-range.json", []Problem{
			{"$.entities[0].mentions[0].start", `start -1 is negative`},
			{"$.entities[1].mentions[0].end", `end 12 is before start 18`},
			{"$.entities[3].mentions[0].end", `end 40 is past the end of the text (35 code points)`},
			{"$.entities[3].mentions[1]", `span [26,26) is empty`},
		}},
		{"span-text-mismatch.json", []Problem{
			{"$.entities[0].mentions[0].text", `span [0,7) reads "Ukraine" but the annotation says "Ukrain" (that text occurs at [0,6))`},
			{"$.entities[3].mentions[0].text", `span [25,33) reads " Istanbu" but the annotation says "Istanbul" (that text occurs at [26,34))`},
		}},
		{"trailing-data.json", []Problem{
			{"$", `not valid JSON: invalid character '{' after top-level value at line 1, column 61`},
		}},
		{"truncated.json", []Problem{
			{"$", `not valid JSON: unexpected end of input at line 6, column 16 (truncated?)`},
		}},
		{"unknown-entity-type.json", []Problem{
			{"$.entities[0].type", `unknown entity type "person": must be one of actor, meeting, place, agreement`},
		}},
		{"unknown-fields.json", []Problem{
			{"$.color", `unknown field "color"; allowed fields: id, title, text, source, url, published, entities, relations`},
			{"$.entities[0].nmae", `unknown field "nmae" (did you mean "name"?)`},
			{"$.relations[0].qualifiers.unit", `unknown field "unit"; allowed fields: quantity, item, date, duration, conditions, place, when`},
		}},
		{"unknown-format-and-status.json", []Problem{
			{"$.entities[2].format", `unknown meeting format "trilateral": must be one of bilateral, multilateral, mediated, summit, call, other`},
			{"$.entities[4].status", `unknown agreement status "signed": must be one of proposed, demanded, rejected, agreed, implemented, unknown`},
		}},
		{"unknown-relation-type.json", []Problem{
			{"$.relations[0].type", `unknown relation type "MET_WITH": must be one of LED, MEMBER_OF, DEMANDED, PROPOSED, REJECTED, AGREED_TO, SUPPORTED, EXCHANGED, ATTENDED, HOSTED, MEDIATED, HELD_IN, PRODUCED, ACCUSED, THREATENED, SANCTIONED, ATTACKED, AIDED, COOPERATED_WITH`},
			{"$.relations[1].type", `unknown relation type "attended": relation types are upper case (did you mean "ATTENDED"?)`},
		}},
		{"wrong-container-types.json", []Problem{
			{"$.entities", `must be an array, got object`},
			{"$.relations[0]", `must be an object, got number 1`},
		}},
		{"wrong-types.json", []Problem{
			{"$.entities[0].aliases[1]", `must be a string, got number 7`},
			{"$.entities[1].mentions", `must be an array, got object`},
			{"$.entities[2].round", `must be a positive integer, got string "2"`},
			{"$.entities[3].latitude", `must be a number, got string "41.0"`},
			{"$.id", `must be a string, got number 5`},
			{"$.relations[0].evidence", `must be an object, got string "Ukraine and Russia met in Istanbul."`},
			{"$.title", `must be a string, got null`},
		}},
		{"yaml-alias-cycle.yaml", []Problem{
			{"$.id[0]", "line 1: alias *a refers to itself"},
		}},
		{"yaml-duplicate-key.yaml", []Problem{
			{"$.text", `duplicate key "text" (line 5)`},
		}},
		{"yaml-syntax.yaml", []Problem{
			{"$", `not valid YAML: line 1: did not find expected ',' or ']'`},
		}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			d, err := parseTestdata(t, filepath.Join("invalid", tt.file))
			if err == nil {
				t.Fatalf("Parse accepted the document: %+v", d)
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	files, _ := filepath.Glob("testdata/invalid/*")
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no case in TestParseRejects", f)
		}
	}
}

func TestValidationErrorFormat(t *testing.T) {
	err := &ValidationError{File: "a.json", Problems: []Problem{
		{Path: "$.id", Message: "must not be empty"},
		{Path: "$.entities[0].name", Message: "must not be empty"},
	}}
	want := "a.json: $.id: must not be empty\na.json: $.entities[0].name: must not be empty"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("with a file (-want +got):\n%s", diff)
	}
	err.File = ""
	if got := err.Error(); !strings.HasPrefix(got, "$.id: must not be empty\n") {
		t.Errorf("without a file: %q", got)
	}
}

func TestValidationErrorCapsProblems(t *testing.T) {
	ve := &ValidationError{File: "big.json"}
	for i := range 70 {
		ve.Problems = append(ve.Problems, Problem{Path: fmt.Sprintf("$.entities[%d].id", i), Message: "must not be empty"})
	}
	lines := strings.Split(ve.Error(), "\n")
	if len(lines) != maxShownProblems+1 {
		t.Fatalf("got %d lines, want %d", len(lines), maxShownProblems+1)
	}
	if got, want := lines[len(lines)-1], "big.json: ... and 20 more problems"; got != want {
		t.Errorf("last line %q, want %q", got, want)
	}
}

func TestParseReportsFileName(t *testing.T) {
	_, err := Parse("talks/bad.json", []byte(`{"id": "x", "title": "T", "text": "abc", "entities": [{"id": "a", "type": "actr", "name": "A"}]}`))
	want := `talks/bad.json: $.entities[0].type: unknown entity type "actr": must be one of actor, meeting, place, agreement`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestParseFile(t *testing.T) {
	if _, err := ParseFile("testdata/valid/minimal.json"); err != nil {
		t.Errorf("ParseFile: %v", err)
	}
	if _, err := ParseFile("testdata/no-such-file.json"); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ParseFile of a missing file: %v, want a not-exist error", err)
	}
}

func TestParseYAMLEqualsJSON(t *testing.T) {
	fromJSON, err := parseTestdata(t, "valid/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := parseTestdata(t, "valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fromJSON, fromYAML); diff != "" {
		t.Errorf("YAML and JSON differ (-json +yaml):\n%s", diff)
	}
	hj, _ := fromJSON.Hash()
	hy, _ := fromYAML.Hash()
	if hj != hy {
		t.Errorf("hashes differ: %s (JSON) and %s (YAML)", hj, hy)
	}
}

func TestParseYAMLScalars(t *testing.T) {
	// YAML's spellings of integers are integers; "yes" is a string (YAML
	// 1.2), not a boolean; infinity is no number.
	tests := []struct {
		quantity string
		want     []Problem
	}{
		{"6000", nil},
		{"6_000", nil},
		{"6e3", nil},
		{"6000.0", nil},
		{"6000.5", []Problem{{"$.relations[0].qualifiers.quantity", `must be a non-negative integer, got number 6000.5`}}},
		{".inf", []Problem{{"$.relations[0].qualifiers.quantity", `line 9: ".inf" is not a finite number`}}},
		{"yes", []Problem{{"$.relations[0].qualifiers.quantity", `must be a non-negative integer, got string "yes"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.quantity, func(t *testing.T) {
			doc := `id: y
title: T
text: A gave B.
entities:
  - {id: a, type: actor, name: A}
  - {id: b, type: actor, name: B}
relations:
  - {type: EXCHANGED, source: a, target: b,
     qualifiers: {quantity: ` + tt.quantity + `},
     evidence: {start: 0, end: 9, text: A gave B.}}
`
			_, err := Parse("q.yaml", []byte(doc))
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNonASCIIOffsets shows that offsets count code points: the emoji
// outside the BMP is one code point (two UTF-16 units, four bytes) and each
// Cyrillic letter one (two bytes).
func TestNonASCIIOffsets(t *testing.T) {
	d, err := parseTestdata(t, "valid/nonascii.json")
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(d.Text)
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			if got := string(text[m.Start:m.End]); got != m.Text {
				t.Errorf("%s: [%d,%d) is %q, want %q", e.ID, m.Start, m.End, got, m.Text)
			}
		}
	}
	ua := d.Entities[0].Mentions[0]
	if ua.Start != 2 || ua.End != 9 || ua.Text != "Україна" {
		t.Errorf("the first mention is %+v, want Україна at [2,9)", ua)
	}

	// The same spans in byte or UTF-16 offsets are rejected.
	tests := []struct {
		name       string
		start, end int
		want       string
	}{
		{"bytes", 5, 19, `span [5,19) reads "аїна та Росія " but the annotation says "Україна" (that text occurs at [2,9))`},
		{"utf-16", 3, 10, `span [3,10) reads "країна " but the annotation says "Україна" (that text occurs at [2,9))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := *d
			bad.Entities = append([]Entity(nil), d.Entities...)
			bad.Entities[0].Mentions = []Span{{Start: tt.start, End: tt.end, Text: "Україна"}}
			want := []Problem{{"$.entities[0].mentions[0].text", tt.want}}
			if diff := cmp.Diff(want, problemsOf(t, bad.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateGoDocument checks a Document built in Go, as importers do:
// empty strings stand for missing values.
func TestValidateGoDocument(t *testing.T) {
	d := &Document{
		ID:    "go-1",
		Title: "T",
		Text:  "Umerov led the delegation.",
		Entities: []Entity{
			{ID: "umerov", Type: "actor", Kind: "person", Name: "Rustem Umerov", Key: "rustem-umerov"},
			{ID: "delegation", Type: "actor", Kind: "delegation", Name: ""},
		},
		Relations: []Relation{
			{Type: "LED", Source: "umerov", Target: "delegation", Evidence: Evidence{Span: Span{Start: 0, End: 26, Text: "Umerov led the delegation."}}},
			{Type: "LED", Source: "umerov", Target: "", Evidence: Evidence{}},
		},
	}
	want := []Problem{
		{"$.entities[1].name", "must not be empty"},
		{"$.relations[1].evidence", "span [0,0) is empty"},
		{"$.relations[1].target", "must not be empty"},
	}
	if diff := cmp.Diff(want, problemsOf(t, d.Validate())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	d.Entities[1].Name = "Ukrainian delegation"
	d.Relations = d.Relations[:1]
	if err := d.Validate(); err != nil {
		t.Errorf("fixed document: %v", err)
	}
}

func TestComparePaths(t *testing.T) {
	paths := []string{"$.text", "$.entities[10].id", "$", "$.entities[2].mentions[0].end", "$.entities[2]", "$.entities[2].id", "$.id"}
	want := []string{"$", "$.entities[2]", "$.entities[2].id", "$.entities[2].mentions[0].end", "$.entities[10].id", "$.id", "$.text"}
	got := append([]string(nil), paths...)
	sortPaths(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func sortPaths(paths []string) {
	for i := range paths {
		for j := i + 1; j < len(paths); j++ {
			if comparePaths(paths[j], paths[i]) < 0 {
				paths[i], paths[j] = paths[j], paths[i]
			}
		}
	}
}
