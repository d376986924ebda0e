package plover

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"newsgraph/article"
	"newsgraph/loaders/mapping"
	"newsgraph/store"
)

// record is a PLOVER event record, the fields newsgraph reads.
type record struct {
	ID          string
	Date        string
	Event       string
	Mode        string
	EventText   string
	Text        string
	Markup      string
	Publication string
	Sources     []actor
	Targets     []actor
	Location    string // eventLoc.name
	// CAMEO is the record's own CAMEO code, where it has one ("cameo":
	// "173" or 173).
	CAMEO string
	// Omitted counts the fields left out as malformed.
	Omitted map[string]int
}

// actor is one source or target actor.
type actor struct {
	Text   string `json:"actorText"`
	Code   string `json:"code"`
	Sector string `json:"sector"`
}

// decodeRecord reads a record's JSON, naming the field of every problem.
func decodeRecord(raw []byte) (*record, error) {
	if err := mapping.CheckUTF8(raw); err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	d := decoder{fields: fields}
	r := &record{
		ID:          d.str("id"),
		Date:        d.str("date"),
		Event:       d.str("event"),
		Mode:        d.str("mode"),
		EventText:   d.str("eventText"),
		Text:        d.str("text"),
		Publication: d.str("publication"),
		Sources:     d.actors("source"),
		Targets:     d.actors("target"),
		Location:    d.location(),
		Markup:      d.markup(),
		CAMEO:       d.code("cameo"),
	}
	if d.err != nil {
		return nil, d.err
	}
	r.Omitted = d.omitted
	return r, nil
}

// decoder reads the fields of a record, keeping the first error.
type decoder struct {
	fields  map[string]json.RawMessage
	err     error
	omitted map[string]int
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func isNull(raw json.RawMessage) bool { return raw == nil || bytes.Equal(raw, []byte("null")) }

// str reads an optional string field.
func (d *decoder) str(key string) string {
	raw := d.fields[key]
	if isNull(raw) {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		d.fail("%s: want a string, got %s", key, kindOf(raw))
	}
	return strings.TrimSpace(s)
}

// actors reads a source or target: a list of actors, one actor, or
// nothing (null, "" or []).
func (d *decoder) actors(key string) []actor {
	raw := d.fields[key]
	if isNull(raw) {
		return nil
	}
	switch raw[0] {
	case '"':
		// Some records hold a word here by mistake ("target": "diplomatic").
		if s := d.str(key); s != "" {
			if d.omitted == nil {
				d.omitted = map[string]int{}
			}
			d.omitted[key+" that is a string, not a list of actors"]++
		}
		return nil
	case '{':
		raw = append(append([]byte("["), raw...), ']')
	case '[':
	default:
		d.fail("%s: want a list of actors, got %s", key, kindOf(raw))
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		d.fail("%s: %v", key, err)
		return nil
	}
	var out []actor
	for i, item := range items {
		var a actor
		if err := json.Unmarshal(item, &a); err != nil {
			d.fail("%s[%d]: want an actor {actorText, code, sector}, got %s", key, i, kindOf(item))
			return nil
		}
		a.Text = strings.Join(strings.Fields(a.Text), " ")
		out = append(out, a)
	}
	return out
}

// code reads an optional code written as a string or a number ("173" or
// 173); anything else is left out (counted).
func (d *decoder) code(key string) string {
	raw := d.fields[key]
	if isNull(raw) {
		return ""
	}
	var n json.Number
	if raw[0] != '"' && json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	if d.omitted == nil {
		d.omitted = map[string]int{}
	}
	d.omitted[key+" that is not a code"]++
	return ""
}

// location reads eventLoc: {name, ...}, or a bare name.
func (d *decoder) location() string {
	raw := d.fields["eventLoc"]
	if isNull(raw) {
		return ""
	}
	if raw[0] == '"' {
		return d.str("eventLoc")
	}
	var loc struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(raw, &loc); err != nil {
		d.fail("eventLoc: want {name, ...}, got %s", kindOf(raw))
	}
	return strings.TrimSpace(loc.Name)
}

// markup reads textInfo.markup (or textInfo itself, when a record holds
// the markup there).
func (d *decoder) markup() string {
	raw := d.fields["textInfo"]
	if isNull(raw) {
		return ""
	}
	if raw[0] == '"' {
		return d.str("textInfo")
	}
	var info struct {
		Markup *string `json:"markup"`
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		d.fail("textInfo: want {markup}, got %s", kindOf(raw))
	}
	if info.Markup == nil {
		return ""
	}
	return *info.Markup
}

func kindOf(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// documentEvent is the event of the records that document a file rather
// than code an event.
const documentEvent = "DOCUMENT"

// convert turns a record into a one-sentence article.
func convert(m *mapping.Mapping, r *record) (*article.Document, map[string]int, error) {
	switch {
	case r.ID == "":
		return nil, nil, fmt.Errorf("record without an id")
	case r.Event == "":
		return nil, nil, fmt.Errorf("record %s: no event", r.ID)
	case r.Text == "":
		return nil, nil, fmt.Errorf("record %s: no text", r.ID)
	}
	text := mapping.NewText(r.Text)
	date, badDate := r.Date, false
	if _, err := time.Parse(time.DateOnly, date); date != "" && err != nil {
		date, badDate = "", true
	}
	meta := article.Document{
		ID:        mapping.ArticleID("plover-" + r.ID),
		Title:     mapping.Title(r.Text),
		Source:    r.Publication,
		Published: date,
	}
	b := mapping.NewBuilder(m, meta, text)
	if badDate {
		b.Omit("record date that is not YYYY-MM-DD")
	}
	for reason, n := range r.Omitted {
		b.OmitN(reason, n)
	}
	c := &converter{b: b, text: text, segments: parseMarkup(r.Markup)}
	c.event(m, r, date)
	return b.Document(), b.Omitted(), nil
}

// converter locates a record's actors in its sentence.
type converter struct {
	b        *mapping.Builder
	text     *mapping.Text
	segments []*segment
}

// The roles a record's actors play, as the mapping's roles name them.
const (
	roleSource   = "source"
	roleTarget   = "target"
	roleMutual   = "source/target" // a source of a record without targets marked "(SRC/TAR: ...)"
	roleLocation = "location"
)

// event adds the record's event.
func (c *converter) event(m *mapping.Mapping, r *record, date string) {
	evidence, _ := c.text.Span(0, c.text.Len())
	ev := mapping.Event{Label: label(m, r), Evidence: evidence, Name: r.EventText, Date: date,
		Coding: store.EventCoding{CAMEO: r.CAMEO, PLOVER: r.Event, Mode: r.Mode, Label: r.Event}}
	if trigger, ok := c.trigger(); ok {
		ev.Trigger = &trigger
	}
	sourceRole := roleSource
	if len(r.Targets) == 0 && c.has("SRC/TAR") && !c.has("SRC") {
		sourceRole = roleMutual
	}
	c.markFound(r.Sources)
	c.markFound(r.Targets)
	for _, a := range r.Sources {
		ev.Args = append(ev.Args, c.actor(a, sourceRole, "SRC", "SRC/TAR"))
	}
	for _, a := range r.Targets {
		ev.Args = append(ev.Args, c.actor(a, roleTarget, "TAR", "SRC/TAR"))
	}
	if r.Location != "" {
		ev.Args = append(ev.Args, c.location(r.Location))
	}
	c.b.Event(ev)
}

// label is the event's mapping label: "EVENT/mode" when the mapping has a
// rule for the mode, else the event.
func label(m *mapping.Mapping, r *record) string {
	if r.Mode != "" {
		if _, ok := m.Events[r.Event+"/"+r.Mode]; ok {
			return r.Event + "/" + r.Mode
		}
	}
	return r.Event
}

func (c *converter) has(tag string) bool {
	for _, s := range c.segments {
		if s.tag == tag {
			return true
		}
	}
	return false
}

// trigger is the first event segment found in the text.
func (c *converter) trigger() (article.Span, bool) {
	for _, s := range c.segments {
		if s.tag == "EVT" {
			if sp, ok := c.text.Find(s.text, 0); ok {
				return sp, true
			}
		}
	}
	return article.Span{}, false
}

// markFound marks the segments that actors found by their own text use.
func (c *converter) markFound(actors []actor) {
	for _, a := range actors {
		if _, ok := c.text.Find(a.Text, 0); !ok {
			continue
		}
		for _, s := range c.segments {
			if !s.used && s.tag != "EVT" && store.NormalizeName(s.text) == store.NormalizeName(a.Text) {
				s.used = true
				break
			}
		}
	}
}

// actor adds an actor found in the text: by its actorText, else by the
// marked-up segment of its role most like it. An actor not found is left
// out (counted).
func (c *converter) actor(a actor, role string, tags ...string) mapping.Arg {
	arg := mapping.Arg{Role: role, Entity: mapping.NoRef, Text: a.Text}
	span, ok := c.text.Find(a.Text, 0)
	if !ok {
		span, ok = c.fromMarkup(a.Text, tags...)
	}
	if !ok {
		arg.Omitted = "actor not found in the sentence"
		return arg
	}
	name := a.Text
	if store.NormalizeName(name) == "" {
		name = span.Text
	}
	var labels []string
	if a.Code != "" {
		labels = append(labels, "code:"+a.Code)
	}
	labels = append(labels, a.Sector)
	if len(a.Sector) > 3 {
		labels = append(labels, a.Sector[:3])
	}
	m := mapping.Mention{Labels: labels, Name: name, Spans: []article.Span{span}}
	if codes, ok := cameoCodes(a); ok {
		m.Codes = codes
	} else if a.Code != "" {
		c.b.Omit("actor code that is not a CAMEO code")
	}
	arg.Entity = c.b.Entity(m)
	return arg
}

// fromMarkup finds the unused segment with one of tags that shares the
// most words with name — or, when none shares a word ("Ghanians" marked up
// as "(TAR: Ghanaians)"), the first unused one — and returns where its text
// is.
func (c *converter) fromMarkup(name string, tags ...string) (article.Span, bool) {
	words := map[string]bool{}
	for _, w := range strings.Split(store.NormalizeName(name), "-") {
		words[w] = w != ""
	}
	var best *segment
	bestScore := 0
	for _, s := range c.segments {
		if s.used || !slices.Contains(tags, s.tag) {
			continue
		}
		if best == nil {
			best = s
		}
		score := 0
		for _, w := range strings.Split(store.NormalizeName(s.text), "-") {
			if words[w] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	if best == nil {
		return article.Span{}, false
	}
	best.used = true
	return c.text.Find(best.text, 0)
}

// location adds the event location, found by its name or its LOC segment.
func (c *converter) location(name string) mapping.Arg {
	arg := mapping.Arg{Role: roleLocation, Entity: mapping.NoRef, Text: name}
	span, ok := c.text.Find(name, 0)
	if !ok {
		span, ok = c.fromMarkup(name, "LOC")
	}
	if !ok {
		arg.Omitted = "event location not found in the sentence"
		return arg
	}
	arg.Entity = c.b.Entity(mapping.Mention{Labels: []string{"eventLoc"}, Name: name, Spans: []article.Span{span}})
	return arg
}
