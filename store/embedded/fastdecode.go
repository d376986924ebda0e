package embedded

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Replaying a large log is mostly decoding its records. decodeFast reads a
// record's payload in the form encodeRecord (json.Marshal of a diskRecord)
// writes it, straight into a logRecord, several times faster than
// encoding/json. It handles the exact field names of the record types and
// well-formed JSON only: on anything else (a field it does not know, a
// field twice, a key spelt with other letter cases, invalid UTF-8, a number
// where it wants an integer, a version it does not read...) it gives up,
// and decodeRecord decodes the payload with encoding/json, which gives the
// same result or the error. The result is decodeRecord's in every case it
// handles (TestDecodeFastAgrees).

// fastDecoder is a cursor in a payload; failed is set once it gives up.
type fastDecoder struct {
	b      []byte
	i      int
	failed bool
}

// decodeFast decodes a record's payload, or reports that it cannot.
func decodeFast(payload []byte) (logRecord, bool) {
	d := &fastDecoder{b: payload}
	var rec logRecord
	version := 0
	d.object(func(key string) bool {
		switch key {
		case "v":
			version = d.int()
		case "op":
			rec.Op = d.str()
		case "article":
			if d.null() {
				return true
			}
			rec.Article = d.articleGraph()
		case "id":
			rec.ID = d.str()
		case "seq":
			rec.Seq = store.Position(d.uint())
		case "at":
			rec.At = int64(d.int())
		case "kind":
			rec.Kind = store.ChangeKind(d.str())
		default:
			return false
		}
		return true
	})
	d.ws()
	if d.failed || d.i != len(d.b) || version < 0 || version > logFormatVersion {
		return logRecord{}, false
	}
	return rec, true
}

func (d *fastDecoder) fail() { d.failed = true }

func (d *fastDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after whitespace, 0 at the end.
func (d *fastDecoder) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *fastDecoder) consume(c byte) bool {
	if d.peek() == c {
		d.i++
		return true
	}
	return false
}

// null consumes a null, reporting whether there was one.
func (d *fastDecoder) null() bool {
	if d.peek() == 'n' && d.i+4 <= len(d.b) && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// object reads an object, calling field with each key, the cursor at its
// value, which field reads; field returns false for a key it does not
// know. A key seen twice gives up.
func (d *fastDecoder) object(field func(key string) bool) {
	if d.failed || !d.consume('{') {
		d.fail()
		return
	}
	if d.consume('}') {
		return
	}
	var seen []string
	for !d.failed {
		key := d.str()
		if d.failed || !d.consume(':') {
			d.fail()
			return
		}
		for _, k := range seen {
			if k == key {
				d.fail()
				return
			}
		}
		seen = append(seen, key)
		if !field(key) {
			d.fail()
			return
		}
		if d.consume(',') {
			continue
		}
		if !d.consume('}') {
			d.fail()
		}
		return
	}
}

// array reads an array (or null), calling elem with the cursor at each
// element, which elem reads. It reports whether the array was there and
// not null.
func (d *fastDecoder) array(elem func()) bool {
	if d.failed {
		return false
	}
	if d.null() {
		return false
	}
	if !d.consume('[') {
		d.fail()
		return false
	}
	if d.consume(']') {
		return true
	}
	for !d.failed {
		elem()
		if d.consume(',') {
			continue
		}
		if !d.consume(']') {
			d.fail()
		}
		break
	}
	return true
}

// str reads a string; null reads as "" (encoding/json leaves the field as
// it is, and every field starts empty here).
func (d *fastDecoder) str() string {
	if d.failed || d.null() {
		return ""
	}
	if !d.consume('"') {
		d.fail()
		return ""
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			raw := d.b[start:d.i]
			d.i++
			if !utf8.Valid(raw) {
				d.fail()
				return ""
			}
			return string(raw)
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			d.fail()
			return ""
		}
		d.i++
	}
	d.fail()
	return ""
}

// escaped reads the rest of a string that has escapes, from start (just
// after its opening quote); the cursor is at the first backslash.
func (d *fastDecoder) escaped(start int) string {
	out := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(out) {
				d.fail()
				return ""
			}
			return string(out)
		case c < 0x20:
			d.fail()
			return ""
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			break
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := d.hex4()
			if utf16.IsSurrogate(r) {
				// Only a valid pair; encoding/json decides the rest.
				if d.i+1 >= len(d.b) || d.b[d.i] != '\\' || d.b[d.i+1] != 'u' {
					d.fail()
					return ""
				}
				d.i += 2
				r = utf16.DecodeRune(r, d.hex4())
				if r == utf8.RuneError {
					d.fail()
					return ""
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			d.fail()
			return ""
		}
		if d.failed {
			return ""
		}
	}
	d.fail()
	return ""
}

func (d *fastDecoder) hex4() rune {
	if d.i+4 > len(d.b) {
		d.fail()
		return 0
	}
	v, err := strconv.ParseUint(string(d.b[d.i:d.i+4]), 16, 32)
	if err != nil {
		d.fail()
		return 0
	}
	d.i += 4
	return rune(v)
}

// number returns the literal of a JSON number at the cursor, checked
// against JSON's grammar.
func (d *fastDecoder) number() string {
	d.ws()
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	first := d.i
	if n := digits(); n == 0 || (n > 1 && d.b[first] == '0') {
		d.fail()
		return ""
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			d.fail()
			return ""
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			d.fail()
			return ""
		}
	}
	return string(d.b[start:d.i])
}

// int reads an integer; null reads as 0.
func (d *fastDecoder) int() int {
	if d.failed || d.null() {
		return 0
	}
	n, err := strconv.ParseInt(d.number(), 10, 64)
	if err != nil || int64(int(n)) != n {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *fastDecoder) uint() uint64 {
	if d.failed || d.null() {
		return 0
	}
	n, err := strconv.ParseUint(d.number(), 10, 64)
	if err != nil {
		d.fail()
	}
	return n
}

// intPtr and floatPtr read a number or null.
func (d *fastDecoder) intPtr() *int {
	if d.failed || d.null() {
		return nil
	}
	n := d.int()
	return &n
}

func (d *fastDecoder) floatPtr() *float64 {
	if d.failed || d.null() {
		return nil
	}
	f, err := strconv.ParseFloat(d.number(), 64)
	if err != nil {
		d.fail()
		return nil
	}
	return &f
}

func (d *fastDecoder) articleGraph() *store.ArticleGraph {
	g := &store.ArticleGraph{}
	d.object(func(key string) bool {
		switch key {
		case "Article":
			d.article(&g.Article)
		case "Entities":
			d.array(func() {
				g.Entities = append(g.Entities, store.EntityClaim{})
				d.entityClaim(&g.Entities[len(g.Entities)-1])
			})
		case "Relations":
			d.array(func() {
				g.Relations = append(g.Relations, store.RelationClaim{})
				d.relationClaim(&g.Relations[len(g.Relations)-1].Relation)
			})
		default:
			return false
		}
		return true
	})
	return g
}

func (d *fastDecoder) article(a *store.Article) {
	d.object(func(key string) bool {
		switch key {
		case "ID":
			a.ID = d.str()
		case "Title":
			a.Title = d.str()
		case "Text":
			a.Text = d.str()
		case "Source":
			a.Source = d.str()
		case "URL":
			a.URL = d.str()
		case "Published":
			a.Published = d.str()
		case "Hash":
			a.Hash = d.str()
		default:
			return false
		}
		return true
	})
}

func (d *fastDecoder) entityClaim(c *store.EntityClaim) {
	d.object(func(key string) bool {
		switch key {
		case "Entity":
			d.entity(&c.Entity)
		case "Mentions":
			d.array(func() {
				var s store.Span
				d.object(func(key string) bool {
					switch key {
					case "Start":
						s.Start = d.int()
					case "End":
						s.End = d.int()
					default:
						return false
					}
					return true
				})
				c.Mentions = append(c.Mentions, s)
			})
		default:
			return false
		}
		return true
	})
}

func (d *fastDecoder) entity(e *store.Entity) {
	d.object(func(key string) bool {
		switch key {
		case "ID":
			e.ID = d.str()
		case "Type":
			e.Type = ontology.NodeType(d.str())
		case "Kind":
			e.Kind = d.str()
		case "Name":
			e.Name = d.str()
		case "Aliases":
			// As encoding/json: [] is an empty list, not a missing one.
			aliases := []string{}
			if d.array(func() { aliases = append(aliases, d.str()) }) {
				e.Aliases = aliases
			}
		case "Wikidata":
			e.Wikidata = d.str()
		case "Codes":
			d.array(func() {
				var c store.Code
				d.object(func(key string) bool {
					switch key {
					case "Scheme":
						c.Scheme = ontology.CodeScheme(d.str())
					case "Value":
						c.Value = d.str()
					default:
						return false
					}
					return true
				})
				e.Codes = append(e.Codes, c)
			})
		case "Date":
			e.Date = d.str()
		case "EndDate":
			e.EndDate = d.str()
		case "Round":
			e.Round = d.int()
		case "Format":
			e.Format = d.str()
		case "Latitude":
			e.Latitude = d.floatPtr()
		case "Longitude":
			e.Longitude = d.floatPtr()
		case "Status":
			e.Status = d.str()
		case "Articles":
			// Written as null by version 1 records, and ignored.
			if !d.null() {
				d.fail()
			}
		default:
			return false
		}
		return true
	})
}

func (d *fastDecoder) relationClaim(r *store.Relation) {
	d.object(func(key string) bool {
		if key != "Relation" {
			return false
		}
		d.object(func(key string) bool {
			switch key {
			case "ID":
				r.ID = d.str()
			case "Type":
				r.Type = ontology.RelationType(d.str())
			case "Source":
				r.Source = d.str()
			case "Target":
				r.Target = d.str()
			case "Qualifiers":
				d.qualifiers(&r.Qualifiers)
			case "Evidence":
				d.array(func() {
					r.Evidence = append(r.Evidence, store.Evidence{})
					d.evidence(&r.Evidence[len(r.Evidence)-1])
				})
			default:
				return false
			}
			return true
		})
		return true
	})
}

func (d *fastDecoder) qualifiers(q *store.Qualifiers) {
	if d.null() {
		return
	}
	d.object(func(key string) bool {
		switch key {
		case "Quantity":
			q.Quantity = d.intPtr()
		case "Item":
			q.Item = d.str()
		case "Date":
			q.Date = d.str()
		case "Duration":
			q.Duration = d.str()
		case "Conditions":
			q.Conditions = d.str()
		case "Place":
			q.Place = d.str()
		case "When":
			q.When = d.str()
		default:
			return false
		}
		return true
	})
}

func (d *fastDecoder) evidence(ev *store.Evidence) {
	d.object(func(key string) bool {
		switch key {
		case "Article":
			ev.Article = d.str()
		case "Quote":
			ev.Quote = d.str()
		case "Start":
			ev.Start = d.int()
		case "End":
			ev.End = d.int()
		case "CAMEO":
			ev.CAMEO = d.str()
		case "PLOVER":
			ev.PLOVER = d.str()
		case "Mode":
			ev.Mode = d.str()
		case "Label":
			ev.Label = d.str()
		default:
			return false
		}
		return true
	})
}
