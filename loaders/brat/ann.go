package brat

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"newsgraph/loaders/mapping"
)

// The annotations of a .ann file, each with the line it is on.

// textBound is a T annotation: a labelled span, or several (discontinuous).
type textBound struct {
	line  int
	id    string
	label string
	frags []fragment
	text  string // the text brat wrote after the second tab
}

type fragment struct{ start, end int }

// relation is an R annotation: a binary relation between two annotations.
type relation struct {
	line       int
	id, label  string
	arg1, arg2 argument
}

// event is an E annotation: a trigger and role-labelled arguments.
type event struct {
	line    int
	id      string
	label   string
	trigger string
	args    []argument
}

type argument struct{ role, ref string }

// attribute is an A (or old-style M) annotation.
type attribute struct {
	line             int
	id, name, target string
	value            string
}

// normalization is an N annotation: a reference from an annotation to an
// entry of an external database ("Wikidata:Q212").
type normalization struct {
	line       int
	id, target string
	db, ref    string
}

// equivalence is a "*" annotation: annotations that name the same thing.
type equivalence struct {
	line  int
	label string
	ids   []string
}

// note is a "#" annotation: a free-text note on an annotation.
type note struct {
	line   int
	target string
}

// annotations is everything a .ann file holds.
type annotations struct {
	textBounds []*textBound
	byID       map[string]any // id -> *textBound, *relation, *event, ...
	// broken holds the ids of annotations on malformed lines, already
	// reported, so that references to them are not reported again.
	broken     map[string]bool
	relations  []*relation
	events     []*event
	attributes []*attribute
	norms      []*normalization
	equivs     []*equivalence
	notes      []*note
}

// maxLine bounds a line of a .ann file.
const maxLine = 1 << 20

// problems collects the errors of one document, each on a line.
type problems struct {
	list []string
}

// maxProblems is how many problems of one document are listed.
const maxProblems = 20

func (p *problems) add(line int, format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	list := p.list
	if len(list) > maxProblems {
		list = append(list[:maxProblems:maxProblems], fmt.Sprintf("... and %d more problems", len(p.list)-maxProblems))
	}
	return errors.New(strings.Join(list, "\n"))
}

// readAnnotations parses a .ann file against the text it annotates
// (text), reporting malformed lines, duplicate ids and
// offsets outside the text.
func readAnnotations(r io.Reader, text *mapping.Text, p *problems) (*annotations, error) {
	a := &annotations{byID: map[string]any{}, broken: map[string]bool{}}
	lines := mapping.NewLineReader(r, maxLine)
	for {
		raw, newline, err := lines.Next()
		if err == io.EOF {
			break
		}
		var tooLong *mapping.LineTooLongError
		if errors.As(err, &tooLong) {
			return nil, fmt.Errorf("line %d is longer than %s: is this a brat .ann file?", tooLong.Line, mapping.ByteSize(tooLong.Max))
		}
		if err != nil {
			return nil, err
		}
		n := lines.Line()
		if !utf8.Valid(raw) {
			p.add(n, "invalid UTF-8: the .ann file must be UTF-8")
			continue
		}
		line := string(raw)
		if strings.TrimSpace(line) == "" {
			continue
		}
		before := len(p.list)
		a.parseLine(n, line, text, p)
		if len(p.list) > before {
			id, _, _ := strings.Cut(line, "\t")
			a.broken[id] = true
		}
		if len(p.list) > before && !newline {
			p.list[len(p.list)-1] += " (the file ends in the middle of this line: is it truncated?)"
		}
	}
	a.checkRefs(p)
	return a, nil
}

// parseLine parses one annotation.
func (a *annotations) parseLine(n int, line string, text *mapping.Text, p *problems) {
	id, rest, ok := strings.Cut(line, "\t")
	if !ok {
		p.add(n, "malformed line %q: an annotation is an id, a tab and its fields", mapping.Truncate(line, 60))
		return
	}
	if id == "" {
		p.add(n, "malformed line: no annotation id before the tab")
		return
	}
	switch id[0] {
	case 'T':
		a.textBound(n, id, rest, text, p)
	case 'R':
		a.relation(n, id, rest, p)
	case 'E':
		a.event(n, id, rest, p)
	case 'A', 'M':
		a.attribute(n, id, rest, p)
	case 'N':
		a.normalization(n, id, rest, p)
	case '*':
		a.equivalence(n, rest, p)
	case '#':
		a.note(n, rest, p)
	default:
		p.add(n, "unknown annotation id %q: brat ids start with T, R, E, A, M, N, * or #", mapping.Truncate(id, 20))
	}
}

// register records an id, reporting duplicates.
func (a *annotations) register(n int, id string, ann any, p *problems) bool {
	if _, dup := a.byID[id]; dup {
		p.add(n, "duplicate annotation id %s", id)
		return false
	}
	a.byID[id] = ann
	return true
}

// textBound parses "Label 0 5;7 9<TAB>text".
func (a *annotations) textBound(n int, id, rest string, text *mapping.Text, p *problems) {
	fields, spanText, ok := strings.Cut(rest, "\t")
	if !ok {
		p.add(n, "%s: malformed text-bound annotation: want \"%s<TAB>Label START END<TAB>text\"", id, id)
		return
	}
	label, offsets, ok := strings.Cut(fields, " ")
	if !ok || label == "" {
		p.add(n, "%s: malformed text-bound annotation: want a label and offsets, got %q", id, mapping.Truncate(fields, 60))
		return
	}
	t := &textBound{line: n, id: id, label: label, text: spanText}
	for part := range strings.SplitSeq(offsets, ";") {
		f, err := parseFragment(part)
		if err != nil {
			p.add(n, "%s: %v", id, err)
			return
		}
		if f.end > text.Len() {
			p.add(n, "%s: offsets %d %d are past the end of the text (%d characters): is the .txt file the one annotated, or truncated?", id, f.start, f.end, text.Len())
			return
		}
		t.frags = append(t.frags, f)
	}
	if got := t.covered(text); squash(got) != squash(spanText) {
		p.add(n, "%s: span text mismatch: the text at %s reads %q but the annotation says %q", id, offsets, mapping.Truncate(got, 60), mapping.Truncate(spanText, 60))
		return
	}
	if a.register(n, id, t, p) {
		a.textBounds = append(a.textBounds, t)
	}
}

// parseFragment parses "START END".
func parseFragment(s string) (fragment, error) {
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return fragment{}, fmt.Errorf("malformed offsets %q: want START END", s)
	}
	start, err1 := strconv.Atoi(parts[0])
	end, err2 := strconv.Atoi(parts[1])
	switch {
	case err1 != nil || err2 != nil:
		return fragment{}, fmt.Errorf("malformed offsets %q: not integers", s)
	case start < 0:
		return fragment{}, fmt.Errorf("offset %d is negative", start)
	case end <= start:
		return fragment{}, fmt.Errorf("offsets %d %d: the end must be after the start", start, end)
	}
	return fragment{start, end}, nil
}

// covered is the text of the fragments, joined by a space as brat writes
// it.
func (t *textBound) covered(text *mapping.Text) string {
	parts := make([]string, len(t.frags))
	for i, f := range t.frags {
		parts[i] = text.Slice(f.start, f.end)
	}
	return strings.Join(parts, " ")
}

// squash folds line breaks and tabs (which a .ann line cannot hold) to
// spaces, for comparing a span's text with the annotation's.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// relation parses "Label Arg1:T1 Arg2:T2".
func (a *annotations) relation(n int, id, rest string, p *problems) {
	fields, _, _ := strings.Cut(rest, "\t")
	parts := strings.Fields(fields)
	if len(parts) != 3 {
		p.add(n, "%s: malformed relation: want \"Label Arg1:ID Arg2:ID\", got %q", id, mapping.Truncate(fields, 60))
		return
	}
	r := &relation{line: n, id: id, label: parts[0]}
	var ok1, ok2 bool
	r.arg1, ok1 = parseArgument(parts[1])
	r.arg2, ok2 = parseArgument(parts[2])
	if !ok1 || !ok2 {
		p.add(n, "%s: malformed relation argument: want ROLE:ID, got %q", id, mapping.Truncate(fields, 60))
		return
	}
	if a.register(n, id, r, p) {
		a.relations = append(a.relations, r)
	}
}

func parseArgument(s string) (argument, bool) {
	role, ref, ok := strings.Cut(s, ":")
	return argument{role, ref}, ok && role != "" && ref != ""
}

// event parses "Label:T3 Role:T1 Role:T2".
func (a *annotations) event(n int, id, rest string, p *problems) {
	fields, _, _ := strings.Cut(rest, "\t")
	parts := strings.Fields(fields)
	if len(parts) == 0 {
		p.add(n, "%s: malformed event: want \"Label:TRIGGER ROLE:ID...\"", id)
		return
	}
	trigger, ok := parseArgument(parts[0])
	if !ok {
		p.add(n, "%s: malformed event: want \"Label:TRIGGER\" first, got %q", id, mapping.Truncate(parts[0], 60))
		return
	}
	e := &event{line: n, id: id, label: trigger.role, trigger: trigger.ref}
	for _, part := range parts[1:] {
		arg, ok := parseArgument(part)
		if !ok {
			p.add(n, "%s: malformed event argument %q: want ROLE:ID", id, mapping.Truncate(part, 60))
			return
		}
		e.args = append(e.args, arg)
	}
	if a.register(n, id, e, p) {
		a.events = append(a.events, e)
	}
}

// attribute parses "Name ID [Value]".
func (a *annotations) attribute(n int, id, rest string, p *problems) {
	fields, _, _ := strings.Cut(rest, "\t")
	parts := strings.Fields(fields)
	if len(parts) < 2 || len(parts) > 3 {
		p.add(n, "%s: malformed attribute: want \"Name ID [Value]\", got %q", id, mapping.Truncate(fields, 60))
		return
	}
	at := &attribute{line: n, id: id, name: parts[0], target: parts[1]}
	if len(parts) == 3 {
		at.value = parts[2]
	}
	if a.register(n, id, at, p) {
		a.attributes = append(a.attributes, at)
	}
}

// normalization parses "Reference ID DB:REF<TAB>name".
func (a *annotations) normalization(n int, id, rest string, p *problems) {
	fields, _, _ := strings.Cut(rest, "\t")
	parts := strings.Fields(fields)
	if len(parts) != 3 {
		p.add(n, "%s: malformed normalization: want \"Reference ID DB:REF<TAB>name\", got %q", id, mapping.Truncate(fields, 60))
		return
	}
	db, ref, ok := strings.Cut(parts[2], ":")
	if !ok || db == "" || ref == "" {
		p.add(n, "%s: malformed normalization reference %q: want DB:REF", id, mapping.Truncate(parts[2], 60))
		return
	}
	norm := &normalization{line: n, id: id, target: parts[1], db: db, ref: ref}
	if a.register(n, id, norm, p) {
		a.norms = append(a.norms, norm)
	}
}

// equivalence parses "Label ID ID...".
func (a *annotations) equivalence(n int, rest string, p *problems) {
	parts := strings.Fields(rest)
	if len(parts) < 3 {
		p.add(n, "malformed equivalence: want \"*<TAB>Label ID ID...\" with at least two ids")
		return
	}
	a.equivs = append(a.equivs, &equivalence{line: n, label: parts[0], ids: parts[1:]})
}

// note parses "AnnotatorNotes ID<TAB>note".
func (a *annotations) note(n int, rest string, p *problems) {
	fields, _, _ := strings.Cut(rest, "\t")
	parts := strings.Fields(fields)
	if len(parts) != 2 {
		p.add(n, "malformed note: want \"#ID<TAB>Label ID<TAB>note\", got %q", mapping.Truncate(fields, 60))
		return
	}
	a.notes = append(a.notes, &note{line: n, target: parts[1]})
}

// checkRefs reports references to ids the file does not define, and
// references of the wrong kind (an event trigger that is not a text-bound
// annotation).
func (a *annotations) checkRefs(p *problems) {
	exists := func(n int, owner, ref string) bool {
		if _, ok := a.byID[ref]; !ok {
			if a.broken[ref] {
				return false
			}
			p.add(n, "%s refers to %s, which the file does not define", owner, ref)
			return false
		}
		return true
	}
	for _, r := range a.relations {
		exists(r.line, r.id, r.arg1.ref)
		exists(r.line, r.id, r.arg2.ref)
	}
	for _, e := range a.events {
		if exists(e.line, e.id, e.trigger) {
			if _, ok := a.byID[e.trigger].(*textBound); !ok {
				p.add(e.line, "%s: trigger %s is not a text-bound (T) annotation", e.id, e.trigger)
			}
		}
		for _, arg := range e.args {
			exists(e.line, e.id, arg.ref)
		}
	}
	for _, at := range a.attributes {
		exists(at.line, at.id, at.target)
	}
	for _, norm := range a.norms {
		exists(norm.line, norm.id, norm.target)
	}
	for _, eq := range a.equivs {
		for _, id := range eq.ids {
			if exists(eq.line, "equivalence", id) {
				if _, ok := a.byID[id].(*textBound); !ok {
					p.add(eq.line, "equivalence names %s, which is not a text-bound (T) annotation", id)
				}
			}
		}
	}
	for _, nt := range a.notes {
		exists(nt.line, "note", nt.target)
	}
}
