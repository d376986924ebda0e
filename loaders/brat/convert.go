package brat

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"newsgraph/article"
	"newsgraph/loaders/mapping"
	"newsgraph/store"
)

// Convert reads one brat document — the .txt's bytes and the .ann — into a
// native document with the given article id and title, applying the
// importer's mapping; conf, when not nil, is the annotation.conf the
// labels are checked against. The error lists the problems of the files,
// each with its .ann line; the counts are what the mapping left out.
func (imp *Importer) Convert(id, title string, txt []byte, ann io.Reader, conf *Config) (*article.Document, map[string]int, error) {
	if err := mapping.CheckUTF8(txt); err != nil {
		return nil, nil, fmt.Errorf(".txt: %w", err)
	}
	text := mapping.NewText(string(txt))
	p := &problems{}
	anns, err := readAnnotations(ann, text, p)
	if err != nil {
		return nil, nil, err
	}
	c := &converter{m: imp.mapping, a: anns, text: text, p: p}
	c.groups()
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	if title == "" {
		title = mapping.Title(text.String())
	}
	c.b = mapping.NewBuilder(imp.mapping, article.Document{ID: id, Title: title}, text)
	c.checkConfig(conf)
	c.attributes()
	c.normalizations()
	c.entities()
	c.events()
	c.relations()
	for range anns.notes {
		c.b.Omit("annotator note (not imported)")
	}
	return c.b.Document(), c.b.Omitted(), nil
}

// converter turns the annotations of one document into a native document.
type converter struct {
	m    *mapping.Mapping
	a    *annotations
	text *mapping.Text
	p    *problems
	b    *mapping.Builder

	// triggers are the T annotations that are event triggers, not
	// entities.
	triggers map[string]bool
	// group maps an entity T to the first T of its equivalence group;
	// members lists each group's T annotations in file order.
	group   map[string]string
	members map[string][]*textBound
	// dropped are annotations an attribute drops.
	dropped map[string]string
	// codings are the event codings attributes give events and
	// relations (see codingAttribute).
	codings map[string]store.EventCoding
	// wikidata is the Wikidata id a normalization gives an entity T;
	// codes the codes normalizations to a code scheme give it.
	wikidata map[string]string
	codes    map[string][]article.Code
	// mentionType is the Mention attribute of a T annotation ("Name",
	// "Nominal"); lower the words the text writes in lower case (see
	// nouns.go).
	mentionType map[string]string
	lower       map[string]bool
	refs        map[string]mapping.Ref
}

// groups unites the entity annotations that equivalences ("*" lines) say
// are the same, reporting equivalences that close a cycle (every id of the
// line is already equivalent through earlier lines) and equivalences
// between annotations the mapping gives different node types.
func (c *converter) groups() {
	c.triggers = map[string]bool{}
	for _, e := range c.a.events {
		c.triggers[e.trigger] = true
	}
	parent := map[string]string{}
	find := func(id string) string {
		for parent[id] != id {
			parent[id] = parent[parent[id]]
			id = parent[id]
		}
		return id
	}
	for _, t := range c.a.textBounds {
		parent[t.id] = t.id
	}
	for _, eq := range c.a.equivs {
		c.equivalence(eq, parent, find)
	}
	c.sameNames(parent, find)
	c.group = map[string]string{}
	c.members = map[string][]*textBound{}
	for _, t := range c.a.textBounds {
		if c.triggers[t.id] {
			continue
		}
		root := find(t.id)
		if _, ok := c.members[root]; !ok {
			c.group[root] = t.id
		}
		c.group[t.id] = c.group[root]
		c.members[c.group[root]] = append(c.members[c.group[root]], t)
	}
}

func (c *converter) equivalence(eq *equivalence, parent map[string]string, find func(string) string) {
	seen := map[string]bool{}
	var first *textBound
	for _, id := range eq.ids {
		t, ok := c.a.byID[id].(*textBound)
		if !ok {
			return // reported by checkRefs
		}
		if seen[id] {
			c.p.add(eq.line, "equivalence names %s twice: an equivalence cannot be a cycle", id)
			return
		}
		seen[id] = true
		if c.triggers[id] {
			c.p.add(eq.line, "equivalence names %s, which is an event trigger, not an entity", id)
			return
		}
		if first == nil {
			first = t
			continue
		}
		if a, b := c.nodeType(first.label), c.nodeType(t.label); a != "" && b != "" && a != b {
			c.p.add(eq.line, "inconsistent equivalence: %s (%s, an %s) and %s (%s, a %s) cannot be the same entity", first.id, first.label, a, id, t.label, b)
			return
		}
	}
	roots := map[string]bool{}
	for _, id := range eq.ids {
		roots[find(id)] = true
	}
	if len(roots) == 1 {
		c.p.add(eq.line, "equivalence %s closes a cycle: these annotations are already equivalent through earlier lines", strings.Join(eq.ids, " "))
		return
	}
	for _, id := range eq.ids[1:] {
		parent[find(id)] = find(eq.ids[0])
	}
}

// sameNames unites the entity annotations that the mapping gives the same
// node type and whose texts have the same normalised form.
func (c *converter) sameNames(parent map[string]string, find func(string) string) {
	first := map[string]string{}
	for _, t := range c.a.textBounds {
		name := store.NormalizeName(t.covered(c.text))
		if c.triggers[t.id] || name == "" {
			continue
		}
		typ := c.nodeType(t.label)
		if typ == "" {
			typ = "label " + t.label
		}
		key := typ + "\x00" + name
		if id, ok := first[key]; ok {
			parent[find(t.id)] = find(id)
		} else {
			first[key] = t.id
		}
	}
}

// nodeType is the node type the mapping gives an entity label, or "".
func (c *converter) nodeType(label string) string {
	r, ok := c.m.Entity(label)
	if !ok || r.Omit {
		return ""
	}
	return r.Type.Lower()
}

// checkConfig counts labels the annotation.conf does not declare.
func (c *converter) checkConfig(conf *Config) {
	if conf == nil {
		return
	}
	undeclared := func(what, label string, declared map[string]bool) {
		if !declared[label] {
			c.b.Omit(fmt.Sprintf("%s %s not declared in annotation.conf", what, label))
		}
	}
	for _, t := range c.a.textBounds {
		if c.triggers[t.id] {
			undeclared("event type", t.label, conf.Events)
		} else {
			undeclared("entity type", t.label, conf.Entities)
		}
	}
	for _, r := range c.a.relations {
		undeclared("relation type", r.label, conf.Relations)
	}
	for _, at := range c.a.attributes {
		undeclared("attribute", at.name, conf.Attributes)
	}
}

// attributes applies the mapping's attribute rules: "drop" leaves the
// annotation out, "ignore" keeps it; both, and unmapped attributes, are
// counted.
func (c *converter) attributes() {
	c.dropped = map[string]string{}
	c.mentionType = map[string]string{}
	c.codings = map[string]store.EventCoding{}
	for _, at := range c.a.attributes {
		if at.name == mentionAttribute {
			c.mentionType[at.target] = at.value
		}
		if c.codingAttribute(at) {
			continue
		}
		action, ok := c.m.Attribute(at.name, at.value)
		switch {
		case !ok:
			c.b.Omit("unmapped attribute " + at.name)
		case action == mapping.AttrDrop:
			c.dropped[at.target] = at.name
			if at.value != "" {
				c.dropped[at.target] += "=" + at.value
			}
		default:
			c.b.Omit("attribute " + at.name + " ignored by the mapping")
		}
	}
}

var wikidataRE = regexp.MustCompile(`^Q[1-9][0-9]*$`)

// normalizations takes Wikidata ids and codes (see normalizationCode) from
// N annotations on entities and counts the others.
func (c *converter) normalizations() {
	c.wikidata = map[string]string{}
	c.codes = map[string][]article.Code{}
	for _, n := range c.a.norms {
		t, isEntity := c.a.byID[n.target].(*textBound)
		if code, ok := normalizationCode(n.db, n.ref); ok || isCodeScheme(n.db) {
			c.code(n, t, isEntity, code, ok)
			continue
		}
		switch {
		case !strings.EqualFold(n.db, "Wikidata"):
			c.b.Omit("normalization to " + n.db + " (not Wikidata)")
		case !wikidataRE.MatchString(n.ref):
			c.b.Omit("normalization to an invalid Wikidata id")
		case !isEntity || c.triggers[t.id]:
			c.b.Omit("normalization of an event or relation")
		default:
			key := c.group[t.id]
			if old, ok := c.wikidata[key]; ok && old != n.ref {
				c.b.Omit("conflicting Wikidata ids of one entity (the first is kept)")
				continue
			}
			c.wikidata[key] = n.ref
		}
	}
}

// entities adds one entity per equivalence group, named after its first
// annotation, with every fragment of every annotation as a mention.
func (c *converter) entities() {
	c.refs = map[string]mapping.Ref{}
	for _, t := range c.a.textBounds {
		if c.triggers[t.id] || c.group[t.id] != t.id {
			continue
		}
		members := c.members[t.id]
		ref := mapping.NoRef
		if attr, ok := c.dropped[t.id]; ok {
			c.b.Omit("annotation dropped by attribute " + attr)
		} else {
			ref = c.b.Entity(c.mention(members))
		}
		for _, m := range members {
			c.refs[m.id] = ref
		}
	}
}

func (c *converter) mention(members []*textBound) mapping.Mention {
	m := mapping.Mention{Labels: []string{members[0].label}, Name: members[0].covered(c.text), Wikidata: c.wikidata[members[0].id],
		Codes: c.codes[members[0].id], Local: !c.named(members)}
	first, _ := c.m.Entity(members[0].label)
	for i, t := range members {
		if i > 0 {
			m.Aliases = append(m.Aliases, t.covered(c.text))
			if r, ok := c.m.Entity(t.label); ok && r.Kind != first.Kind {
				c.b.Omit("conflicting kinds of one entity (the first is kept)")
			}
		}
		m.Spans = append(m.Spans, c.spans(t)...)
	}
	return m
}

// spans returns the mentions of a text-bound annotation, one per
// fragment.
func (c *converter) spans(t *textBound) []article.Span {
	var out []article.Span
	for _, f := range t.frags {
		if s, ok := c.text.Span(f.start, f.end); ok {
			out = append(out, s)
		}
	}
	return out
}

// events adds what each event becomes.
func (c *converter) events() {
	for _, e := range c.a.events {
		if attr, ok := c.dropped[e.id]; ok {
			c.b.Omit("annotation dropped by attribute " + attr)
			continue
		}
		trigger := c.a.byID[e.trigger].(*textBound)
		spans := c.spans(trigger)
		ev := mapping.Event{Label: e.label, ID: e.id, Name: trigger.covered(c.text), Coding: c.codingOf(e.id, e.label)}
		if len(spans) > 0 {
			ev.Trigger = &spans[0]
		}
		for _, arg := range e.args {
			a, argSpans := c.argument(arg)
			ev.Args = append(ev.Args, a)
			spans = append(spans, argSpans...)
		}
		ev.Evidence, _ = c.text.Cover(spans...)
		c.b.Event(ev)
	}
}

// relations adds what each binary relation becomes.
func (c *converter) relations() {
	for _, r := range c.a.relations {
		if attr, ok := c.dropped[r.id]; ok {
			c.b.Omit("annotation dropped by attribute " + attr)
			continue
		}
		a1, s1 := c.argument(r.arg1)
		a2, s2 := c.argument(r.arg2)
		ev := mapping.Event{Relation: true, Label: r.label, ID: r.id, Args: []mapping.Arg{a1, a2}, Coding: c.codingOf(r.id, r.label)}
		ev.Evidence, _ = c.text.Cover(append(s1, s2...)...)
		c.b.Event(ev)
	}
}

// argument resolves an argument to its entity; an argument that is an
// event or relation has none.
func (c *converter) argument(arg argument) (mapping.Arg, []article.Span) {
	a := mapping.Arg{Role: arg.role, Entity: mapping.NoRef}
	t, ok := c.a.byID[arg.ref].(*textBound)
	if !ok {
		a.Omitted = "argument that is an event or relation (not imported)"
		return a, nil
	}
	a.Text = t.covered(c.text)
	spans := c.spans(t)
	if ref, ok := c.refs[t.id]; ok {
		a.Entity = ref
	} else {
		a.Omitted = "argument that is an event trigger (not imported)"
	}
	return a, spans
}
