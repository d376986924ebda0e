package article

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The fields each object of the format may have, in the order they are
// documented. Anything else is an unknown field.
var (
	documentFields  = []string{"id", "title", "text", "source", "url", "published", "entities", "relations"}
	entityFields    = []string{"id", "type", "kind", "name", "aliases", "wikidata", "key", "codes", "mentions", "date", "endDate", "round", "format", "latitude", "longitude", "status"}
	relationFields  = []string{"type", "source", "target", "qualifiers", "evidence"}
	qualifierFields = []string{"quantity", "item", "date", "duration", "conditions", "place", "when"}
	spanFields      = []string{"start", "end", "text"}
	codeFields      = []string{"scheme", "value"}
	evidenceFields  = append(slices.Clone(spanFields), "cameo", "plover", "mode", "label")
)

// object is a JSON object of the tree being turned into a Document, with
// typed getters that record a problem (and mark the path bad) when a field
// is missing or of the wrong JSON type.
type object struct {
	c    *checker
	path string
	m    map[string]any
}

// asObject returns v as an object, or nil (with a problem) when it is not
// one. It reports the fields of v not in allowed.
func (c *checker) asObject(path string, v any, allowed []string) *object {
	if c.skip(path) {
		return nil // already reported while decoding
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.bad(path, "must be an object, got %s", describe(v))
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			c.bad(childPath(path, k), "unknown field %q%s", k, suggest(k, allowed))
		}
	}
	return &object{c: c, path: path, m: m}
}

// suggest proposes the allowed field nearest to a misspelt one, or lists
// them all.
func suggest(field string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		if d := editDistance(strings.ToLower(field), strings.ToLower(a)); d < bestDist {
			best, bestDist = a, d
		}
	}
	if best != "" {
		return " (did you mean " + strconv.Quote(best) + "?)"
	}
	return "; allowed fields: " + strings.Join(allowed, ", ")
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func (o *object) field(name string) string { return childPath(o.path, name) }

// get returns a field's value; a missing required field is a problem.
func (o *object) get(name string, required bool) (any, bool) {
	if o.c.skip(o.field(name)) {
		return nil, false // already reported while decoding
	}
	v, ok := o.m[name]
	if !ok && required {
		o.c.bad(o.field(name), "missing required field %q", name)
	}
	return v, ok
}

func (o *object) str(name string, required bool) string {
	v, ok := o.get(name, required)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		o.c.bad(o.field(name), "must be a string, got %s", describe(v))
	}
	return s
}

// integer reads an integer field; what describes the expected value in
// messages ("a non-negative integer").
func (o *object) integer(name string, required bool, what string) (int, bool) {
	v, ok := o.get(name, required)
	if !ok {
		return 0, false
	}
	if n, isNum := v.(json.Number); isNum {
		if i, ok := integral(n); ok {
			return i, true
		}
	}
	o.c.bad(o.field(name), "must be %s, got %s", what, describe(v))
	return 0, false
}

// integral returns the value of a number that is an integer, however it is
// written (6000, 6000.0, 6e3), as JSON Schema counts integers.
func integral(n json.Number) (int, bool) {
	if i, err := strconv.Atoi(string(n)); err == nil {
		return i, true
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

func (o *object) number(name string) *float64 {
	v, ok := o.get(name, false)
	if !ok {
		return nil
	}
	n, isNum := v.(json.Number)
	if isNum {
		if f, err := n.Float64(); err == nil {
			return &f
		}
	}
	o.c.bad(o.field(name), "must be a number, got %s", describe(v))
	return nil
}

// array reads an array field, calling each for every element.
func (o *object) array(name string, required bool, each func(path string, v any)) {
	v, ok := o.get(name, required)
	if !ok {
		return
	}
	a, isArr := v.([]any)
	if !isArr {
		o.c.bad(o.field(name), "must be an array, got %s", describe(v))
		return
	}
	for i, e := range a {
		path := indexPath(o.field(name), i)
		if o.c.skip(path) {
			e = nil // already reported while decoding; keep the index
		}
		each(path, e)
	}
}

func (o *object) strings(name string) []string {
	var out []string
	o.array(name, false, func(path string, v any) {
		s, ok := v.(string)
		if !ok && !o.c.skip(path) {
			o.c.bad(path, "must be a string, got %s", describe(v))
		}
		out = append(out, s)
	})
	return out
}

// buildDocument turns a decoded tree into a Document, recording every
// problem of shape. Arrays keep one element per element of the JSON, even a
// broken one, so that indices in later messages match the file.
func (c *checker) buildDocument(v any) *Document {
	d := &Document{}
	o := c.asObject("$", v, documentFields)
	if o == nil {
		return d
	}
	d.ID = o.str("id", true)
	d.Title = o.str("title", true)
	d.Text = o.str("text", true)
	d.Source = o.str("source", false)
	d.URL = o.str("url", false)
	d.Published = o.str("published", false)
	d.Entities = []Entity{}
	o.array("entities", true, func(path string, v any) {
		d.Entities = append(d.Entities, c.buildEntity(path, v))
	})
	o.array("relations", false, func(path string, v any) {
		d.Relations = append(d.Relations, c.buildRelation(path, v))
	})
	return d
}

func (c *checker) buildEntity(path string, v any) Entity {
	var e Entity
	o := c.asObject(path, v, entityFields)
	if o == nil {
		return e
	}
	e.ID = o.str("id", true)
	e.Type = o.str("type", true)
	e.Kind = o.str("kind", false)
	e.Name = o.str("name", true)
	e.Aliases = o.strings("aliases")
	e.Wikidata = o.str("wikidata", false)
	e.Key = o.str("key", false)
	o.array("codes", false, func(path string, v any) {
		e.Codes = append(e.Codes, c.buildCode(path, v))
	})
	o.array("mentions", false, func(path string, v any) {
		e.Mentions = append(e.Mentions, c.buildSpan(path, v))
	})
	e.Date = o.str("date", false)
	e.EndDate = o.str("endDate", false)
	if r, ok := o.integer("round", false, "a positive integer"); ok {
		e.Round = r
		if r == 0 {
			c.add(o.field("round"), "must be a positive integer, got 0")
		}
	}
	e.Format = o.str("format", false)
	e.Latitude = o.number("latitude")
	e.Longitude = o.number("longitude")
	e.Status = o.str("status", false)
	return e
}

func (c *checker) buildRelation(path string, v any) Relation {
	var r Relation
	o := c.asObject(path, v, relationFields)
	if o == nil {
		return r
	}
	r.Type = o.str("type", true)
	r.Source = o.str("source", true)
	r.Target = o.str("target", true)
	if q, ok := o.get("qualifiers", false); ok {
		r.Qualifiers = c.buildQualifiers(o.field("qualifiers"), q)
	}
	if ev, ok := o.get("evidence", true); ok {
		r.Evidence = c.buildEvidence(o.field("evidence"), ev)
	}
	return r
}

func (c *checker) buildEvidence(path string, v any) Evidence {
	var ev Evidence
	o := c.asObject(path, v, evidenceFields)
	if o == nil {
		return ev
	}
	ev.Span = c.spanOf(o)
	ev.CAMEO = o.str("cameo", false)
	ev.PLOVER = o.str("plover", false)
	ev.Mode = o.str("mode", false)
	ev.Label = o.str("label", false)
	return ev
}

func (c *checker) buildQualifiers(path string, v any) *Qualifiers {
	q := &Qualifiers{}
	o := c.asObject(path, v, qualifierFields)
	if o == nil {
		return q
	}
	if n, ok := o.integer("quantity", false, "a non-negative integer"); ok {
		q.Quantity = &n
	}
	q.Item = o.str("item", false)
	q.Date = o.str("date", false)
	q.Duration = o.str("duration", false)
	q.Conditions = o.str("conditions", false)
	q.Place = o.str("place", false)
	q.When = o.str("when", false)
	return q
}

func (c *checker) buildCode(path string, v any) Code {
	var code Code
	if o := c.asObject(path, v, codeFields); o != nil {
		code.Scheme = o.str("scheme", true)
		code.Value = o.str("value", true)
	}
	return code
}

func (c *checker) buildSpan(path string, v any) Span {
	o := c.asObject(path, v, spanFields)
	if o == nil {
		return Span{}
	}
	return c.spanOf(o)
}

// spanOf reads the fields of a span from an object.
func (c *checker) spanOf(o *object) Span {
	var s Span
	s.Start, _ = o.integer("start", true, "a non-negative integer")
	s.End, _ = o.integer("end", true, "a non-negative integer")
	s.Text = o.str("text", true)
	return s
}
