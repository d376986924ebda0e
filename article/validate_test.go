package article

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// minimal reads testdata/valid/minimal.json, a valid document with an
// entity of each type and three relations.
func minimal(t *testing.T) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "valid", "minimal.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d Document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// TestLimits checks each limit of the format: a document one past it is
// rejected by Parse, naming the field, and one at it is accepted.
func TestLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	// composed is a name of 100 characters whose identity key is far
	// longer: each character decomposes into 18 letters.
	composed := strings.Repeat("\uFDFA", 100)
	tests := []struct {
		name string
		// set puts a value of size n into the document.
		set     func(d *Document, n int)
		limit   int
		path    string
		message string
	}{
		{"title", func(d *Document, n int) { d.Title = long(n) }, MaxTitleLength,
			"$.title", "too long: 1001 characters, at most 1000"},
		{"text", func(d *Document, n int) { d.Text += long(n - len([]rune(d.Text))) }, MaxTextLength,
			"$.text", "too long: 200001 characters, at most 200000"},
		{"text of multi-byte characters", func(d *Document, n int) { d.Text += strings.Repeat("ї", n-len([]rune(d.Text))) }, MaxTextLength,
			"$.text", "too long: 200001 characters, at most 200000"},
		{"source", func(d *Document, n int) { d.Source = long(n) }, MaxValueLength,
			"$.source", "too long: 501 characters, at most 500"},
		{"url", func(d *Document, n int) { d.URL = "https://news.example/" + long(n-len("https://news.example/")) }, MaxURLLength,
			"$.url", "too long: 2001 characters, at most 2000"},
		{"entities", func(d *Document, n int) {
			for i := len(d.Entities); i < n; i++ {
				d.Entities = append(d.Entities, Entity{ID: fmt.Sprint("a", i), Type: "actor", Name: fmt.Sprint("Actor ", i)})
			}
		}, MaxEntities, "$.entities", "too many entities: 2001, at most 2000 in an article"},
		{"relations", func(d *Document, n int) {
			for i := len(d.Relations); i < n; i++ {
				d.Relations = append(d.Relations, d.Relations[0])
			}
		}, MaxRelations, "$.relations", "too many relations: 2001, at most 2000 in an article"},
		{"entity id", func(d *Document, n int) {
			d.Entities[0].ID = long(n)
			d.Relations[0].Source = long(n)
		}, maxIDLength, "$.entities[0].id", "too long: 201 characters, at most 200"},
		{"name", func(d *Document, n int) { d.Entities[2].Name = long(n) }, MaxNameLength,
			"$.entities[2].name", "too long: 501 characters, at most 500"},
		{"alias", func(d *Document, n int) { d.Entities[1].Aliases = []string{long(n)} }, MaxNameLength,
			"$.entities[1].aliases[0]", "too long: 501 characters, at most 500"},
		{"aliases", func(d *Document, n int) {
			d.Entities[1].Aliases = nil
			for i := range n {
				d.Entities[1].Aliases = append(d.Entities[1].Aliases, fmt.Sprint("Moscow ", i))
			}
		}, MaxAliases, "$.entities[1].aliases", "too many aliases: 51, at most 50 in an entity"},
		{"mentions", func(d *Document, n int) {
			for i := len(d.Entities[0].Mentions); i < n; i++ {
				d.Entities[0].Mentions = append(d.Entities[0].Mentions, d.Entities[0].Mentions[0])
			}
		}, MaxMentions, "$.entities[0].mentions", "too many mentions: 1001, at most 1000 in an entity"},
		{"codes", func(d *Document, n int) {
			for i := range n {
				d.Entities[0].Codes = append(d.Entities[0].Codes, Code{Scheme: "cameo", Value: fmt.Sprintf("U%02d", i)})
			}
		}, MaxCodes, "$.entities[0].codes", "too many codes: 21, at most 20 in an entity"},
		{"key", func(d *Document, n int) { d.Entities[2].Key = long(n) }, maxIDLength,
			"$.entities[2].key", `invalid key "` + truncate(long(201), 60) + `": use lower-case letters, digits and hyphens, starting with a letter or digit (like "` + long(201) + `")`},
		{"wikidata", func(d *Document, n int) { d.Entities[0].Wikidata = "Q" + strings.Repeat("1", n-1) }, maxWikidataLength,
			"$.entities[0].wikidata", `invalid Wikidata id "Q11111111111111111111": must be Q followed by digits without a leading zero, like "Q212"`},
		{"identity key", func(d *Document, n int) {
			// 500 letters of two bytes each.
			d.Entities[3].Name = strings.Repeat("ж", n/2)
			if n > MaxIdentityKeyBytes {
				d.Entities[3].Name = composed
			}
		}, MaxIdentityKeyBytes, "$.entities[3].name",
			fmt.Sprintf("name %q gives an identity key of %d bytes, at most %d: give a shorter key or a wikidata id",
				truncate(composed, 60), len(store.NormalizeName(composed)), MaxIdentityKeyBytes)},
		{"evidence", func(d *Document, n int) {
			d.Text = long(n)
			for i := range d.Entities {
				d.Entities[i].Mentions = nil
			}
			d.Relations = []Relation{{Type: "ATTENDED", Source: "ua", Target: "talks", Evidence: Evidence{Span: Span{Start: 0, End: n, Text: long(n)}}}}
		}, MaxQuoteLength, "$.relations[0].evidence.text", "too long: 5001 characters, at most 5000"},
		{"evidence label", func(d *Document, n int) { d.Relations[2].Evidence.Label = long(n) }, ontology.MaxCodingLabelLength,
			"$.relations[2].evidence.label", "too long: 201 characters, at most 200"},
		{"mention", func(d *Document, n int) {
			d.Text = long(n)
			d.Entities = d.Entities[2:3]
			d.Entities[0].Mentions = []Span{{Start: 0, End: n, Text: long(n)}}
			d.Relations = nil
		}, MaxQuoteLength, "$.entities[0].mentions[0].text", "too long: 5001 characters, at most 5000"},
		{"quantity", func(d *Document, n int) { d.Relations[0].Qualifiers = &Qualifiers{Quantity: &n} }, MaxQuantity,
			"$.relations[0].qualifiers.quantity", "quantity 1000000001 is out of range: at most 1000000000"},
		{"item", func(d *Document, n int) { d.Relations[1].Qualifiers.Item = long(n) }, MaxValueLength,
			"$.relations[1].qualifiers.item", "too long: 501 characters, at most 500"},
		{"duration", func(d *Document, n int) { d.Relations[1].Qualifiers.Duration = long(n) }, MaxValueLength,
			"$.relations[1].qualifiers.duration", "too long: 501 characters, at most 500"},
		{"conditions", func(d *Document, n int) { d.Relations[1].Qualifiers.Conditions = long(n) }, MaxValueLength,
			"$.relations[1].qualifiers.conditions", "too long: 501 characters, at most 500"},
		{"round", func(d *Document, n int) { d.Entities[2].Round = n }, MaxRound,
			"$.entities[2].round", "round 1001 is out of range: at most 1000"},
		{"latitude", func(d *Document, n int) { lat := float64(n); d.Entities[3].Latitude = &lat }, 90,
			"$.entities[3].latitude", "latitude 91 is out of range: must be between -90 and 90"},
		{"longitude", func(d *Document, n int) { lon := float64(n); d.Entities[3].Longitude = &lon }, 180,
			"$.entities[3].longitude", "longitude 181 is out of range: must be between -180 and 180"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := minimal(t)
			tt.set(at, tt.limit)
			if _, err := parseDocument(t, at); err != nil {
				t.Fatalf("a document at the limit (%d) is rejected: %v", tt.limit, err)
			}
			over := minimal(t)
			tt.set(over, tt.limit+1)
			_, err := parseDocument(t, over)
			want := []Problem{{tt.path, tt.message}}
			if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems one past the limit (-want +got):\n%s", diff)
			}
		})
	}
}

// parseDocument encodes a document as JSON and parses it, as a file.
func parseDocument(t *testing.T, d *Document) (*Document, error) {
	t.Helper()
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return Parse("limits.json", data)
}

// TestNumbersFinite checks that numbers a document built in Go (by an
// importer) may carry but JSON cannot are rejected too.
func TestNumbersFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		d := minimal(t)
		d.Entities[3].Latitude = &v
		d.Entities[3].Longitude = &v
		want := []Problem{
			{"$.entities[3].latitude", fmt.Sprintf("latitude %v is out of range: must be between -90 and 90", v)},
			{"$.entities[3].longitude", fmt.Sprintf("longitude %v is out of range: must be between -180 and 180", v)},
		}
		if diff := cmp.Diff(want, problemsOf(t, d.Validate())); diff != "" {
			t.Errorf("coordinates %v (-want +got):\n%s", v, diff)
		}
	}
	for _, tt := range []struct{ json, want string }{
		{`1e400`, `must be a non-negative integer, got number 1e400`},
		{`1e15`, `quantity 1000000000000000 is out of range: at most 1000000000`},
		{`99999999999999999999`, `must be a non-negative integer, got number 99999999999999999999`},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", "valid", "minimal.json"))
		if err != nil {
			t.Fatal(err)
		}
		data = []byte(strings.Replace(string(data), `"date": "2025-06-02"
      },`, `"date": "2025-06-02", "quantity": `+tt.json+`
      },`, 1))
		_, err = Parse("q.json", data)
		want := []Problem{{"$.relations[1].qualifiers.quantity", tt.want}}
		if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
			t.Errorf("quantity %s (-want +got):\n%s", tt.json, diff)
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "valid", "minimal.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("lat.json", []byte(strings.Replace(string(data), `"latitude": 41.0082`, `"latitude": 1e400`, 1)))
	want := []Problem{{"$.entities[3].latitude", "must be a number, got number 1e400"}}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("latitude 1e400 (-want +got):\n%s", diff)
	}
}

// TestSchemaStatesLimits checks that the JSON Schema carries the limits
// Validate enforces.
func TestSchemaStatesLimits(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(JSONSchema(), &root); err != nil {
		t.Fatal(err)
	}
	at := func(path ...string) any {
		var v any = root
		for _, k := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		}
		return v
	}
	for _, tt := range []struct {
		path  []string
		limit int
	}{
		{[]string{"properties", "title", "maxLength"}, MaxTitleLength},
		{[]string{"properties", "text", "maxLength"}, MaxTextLength},
		{[]string{"properties", "source", "maxLength"}, MaxValueLength},
		{[]string{"properties", "url", "maxLength"}, MaxURLLength},
		{[]string{"properties", "entities", "maxItems"}, MaxEntities},
		{[]string{"properties", "relations", "maxItems"}, MaxRelations},
		{[]string{"$defs", "entity", "properties", "id", "maxLength"}, maxIDLength},
		{[]string{"$defs", "entity", "properties", "name", "maxLength"}, MaxNameLength},
		{[]string{"$defs", "entity", "properties", "aliases", "maxItems"}, MaxAliases},
		{[]string{"$defs", "entity", "properties", "aliases", "items", "maxLength"}, MaxNameLength},
		{[]string{"$defs", "entity", "properties", "key", "maxLength"}, maxIDLength},
		{[]string{"$defs", "entity", "properties", "wikidata", "maxLength"}, maxWikidataLength},
		{[]string{"$defs", "entity", "properties", "mentions", "maxItems"}, MaxMentions},
		{[]string{"$defs", "entity", "properties", "codes", "maxItems"}, MaxCodes},
		{[]string{"$defs", "entity", "properties", "round", "maximum"}, MaxRound},
		{[]string{"$defs", "qualifiers", "properties", "quantity", "maximum"}, MaxQuantity},
		{[]string{"$defs", "qualifiers", "properties", "item", "maxLength"}, MaxValueLength},
		{[]string{"$defs", "qualifiers", "properties", "duration", "maxLength"}, MaxValueLength},
		{[]string{"$defs", "qualifiers", "properties", "conditions", "maxLength"}, MaxValueLength},
		{[]string{"$defs", "span", "properties", "text", "maxLength"}, MaxQuoteLength},
	} {
		if got := at(tt.path...); got != float64(tt.limit) {
			t.Errorf("schema %s = %v, want %d", strings.Join(tt.path, "."), got, tt.limit)
		}
	}
}
