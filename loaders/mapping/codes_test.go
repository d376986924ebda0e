package mapping

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/ontology"
	"newsgraph/store"
)

// The codes a comment names: "CAMEO 173", "PLOVER COERCE".
var (
	cameoInComment  = regexp.MustCompile(`\bCAMEO (\d{2,4})\b`)
	ploverInComment = regexp.MustCompile(`\bPLOVER ([A-Z]{3,})\b`)
)

// namedCodes is what the comment above one rule of a shipped mapping says
// the rule's relations carry.
type namedCodes struct {
	line   int    // the line of the rule
	label  string // the rule's key
	cameo  []string
	plover []string
}

// commentCodes reads a mapping's YAML text: the codes each comment names,
// with the rule the comment stands above. A comment that names codes and
// does not stand above an event or relation rule is an error.
func commentCodes(t reporter, name string, data []byte) []namedCodes {
	t.Helper()
	var out []namedCodes
	var pending *namedCodes
	pendingLine := 0
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if comment, ok := strings.CutPrefix(trimmed, "#"); ok {
			var cameo, plover []string
			for _, m := range cameoInComment.FindAllStringSubmatch(comment, -1) {
				cameo = append(cameo, m[1])
			}
			for _, m := range ploverInComment.FindAllStringSubmatch(comment, -1) {
				plover = append(plover, m[1])
			}
			if len(cameo)+len(plover) > 0 {
				if pending == nil {
					pending, pendingLine = &namedCodes{}, n
				}
				pending.cameo = append(pending.cameo, cameo...)
				pending.plover = append(pending.plover, plover...)
			}
			continue
		}
		if trimmed == "" {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			section, _, _ = strings.Cut(line, ":")
		}
		if pending == nil {
			continue
		}
		key, _, ok := strings.Cut(trimmed, ":")
		if !ok || !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "   ") || (section != "events" && section != "relations") {
			t.Errorf("%s:%d: a comment names codes (%v %v) but does not stand above an event or relation rule",
				name, pendingLine, pending.cameo, pending.plover)
		} else {
			pending.line, pending.label = n, strings.Trim(key, `"'`)
			if section == "relations" {
				pending.label = "relation:" + pending.label
			}
			out = append(out, *pending)
		}
		pending = nil
	}
	if pending != nil {
		t.Errorf("%s:%d: a comment names codes at the end of the file", name, pendingLine)
	}
	return out
}

// reporter is the part of testing.T that commentCodes reports with.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// recorder is a reporter that keeps the errors.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// loadedCodes builds a one-event document with the mapping, for an event
// of the rule's label with two actors as its source and target (or as two
// participants), and returns the CAMEO and PLOVER codes the evidence of its
// relations carries (the event's own codes, which the mapping gives; the
// relation types' codes are the relations' defaults and not the
// evidence's).
func loadedCodes(t *testing.T, m *Mapping, key string) (cameo, plover []string) {
	t.Helper()
	label, isRelation := strings.CutPrefix(key, "relation:")
	if prefix, ok := strings.CutSuffix(label, "*"); ok {
		label = prefix + "Unspecified"
	}
	var rule EventRule
	var found bool
	if isRelation {
		rule, found = m.Relation(label)
	} else {
		rule, found = m.Event(label)
	}
	if !found || rule.Omit {
		t.Fatalf("%s: no rule for %s", m.Name, label)
	}
	source, target := roleFor(m, rule, Source), roleFor(m, rule, Target)
	if source == "" || target == "" {
		source, target = roleFor(m, rule, Participant), roleFor(m, rule, Participant)
	}
	if source == "" || target == "" {
		t.Fatalf("%s: the rule for %s has no source and target roles, nor a participant role", m.Name, label)
	}
	text := NewText(buildText)
	b := NewBuilder(m, article.Document{ID: "doc-1", Title: "Codes"}, text)
	actor := actorLabel(t, m)
	kyiv := b.Entity(Mention{Labels: []string{actor}, Name: "Kyiv", Spans: []article.Span{span(text, "Kyiv", 0)}})
	moscow := b.Entity(Mention{Labels: []string{actor}, Name: "Moscow", Spans: []article.Span{span(text, "Moscow", 0)}})
	evidence, _ := text.Span(0, text.Len())
	b.Event(Event{Relation: isRelation, Label: label, ID: "E1", Evidence: evidence, Name: "a truce",
		Coding: store.EventCoding{Label: label}, Args: []Arg{
			{Role: source, Entity: kyiv, Text: "Kyiv"}, {Role: target, Entity: moscow, Text: "Moscow"},
		}})
	doc := b.Document()
	if len(doc.Relations) == 0 {
		t.Fatalf("%s: an event %s gives no relation; omitted: %v", m.Name, label, b.Omitted())
	}
	for _, r := range doc.Relations {
		if c := r.Evidence.CAMEO; c != "" && !slices.Contains(cameo, c) {
			cameo = append(cameo, c)
		}
		if p := r.Evidence.PLOVER; p != "" && !slices.Contains(plover, p) {
			plover = append(plover, p)
		}
		if r.Evidence.Label != label {
			t.Errorf("%s: the evidence of an event %s is labelled %q, want the event's label", m.Name, label, r.Evidence.Label)
		}
	}
	return cameo, plover
}

// roleFor is a role name that the rule (or the mapping) makes want.
func roleFor(m *Mapping, rule EventRule, want Role) string {
	for _, roles := range []map[string]Role{rule.Roles, m.Roles} {
		for _, name := range slices.Sorted(maps.Keys(roles)) {
			if roles[name] == want {
				return name
			}
		}
	}
	return ""
}

// actorLabel is an entity label the mapping makes a non-person actor.
func actorLabel(t *testing.T, m *Mapping) string {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(m.Entities)) {
		r := m.Entities[k]
		if !r.Omit && r.Type == ontology.Actor && r.Kind != "person" {
			if prefix, ok := strings.CutSuffix(k, "*"); ok {
				return prefix + "X"
			}
			return k
		}
	}
	t.Fatalf("%s: no entity label makes an actor", m.Name)
	return ""
}

// TestCommentCodes holds every CAMEO and PLOVER code a shipped mapping's
// comments name against the codes the evidence carries when an event of
// the rule below the comment is loaded.
func TestCommentCodes(t *testing.T) {
	checked := 0
	for _, format := range Formats {
		data, err := DefaultFile(format)
		if err != nil {
			t.Fatal(err)
		}
		m := MustDefault(format)
		for _, c := range commentCodes(t, m.Name, data) {
			cameo, plover := loadedCodes(t, m, c.label)
			for _, code := range c.cameo {
				if !slices.Contains(cameo, code) {
					t.Errorf("%s:%d: the comment says %s carries CAMEO %s; loading one gives CAMEO %v", m.Name, c.line, c.label, code, cameo)
				}
			}
			for _, code := range c.plover {
				if !slices.Contains(plover, code) {
					t.Errorf("%s:%d: the comment says %s carries PLOVER %s; loading one gives PLOVER %v", m.Name, c.line, c.label, code, plover)
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no shipped mapping's comment names a code; the test checks nothing")
	}
}

// TestCommentCodesReader checks the comment reader and the check on a
// mapping whose comments name a wrong code, a right one, and a code above
// no rule.
func TestCommentCodesReader(t *testing.T) {
	const yaml = `# Header: PLOVER event records.
entities:
  GPE: actor/country
events:
  # An arrest (CAMEO 173, PLOVER COERCE).
  Arrest.*: SANCTIONED
  # Words: CAMEO 163 and
  # PLOVER SANCTION.
  Sanction: {relation: SANCTIONED, cameo: "163", plover: SANCTION}
roles:
  Agent: source
  Target: target
`
	m, err := Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	got := commentCodes(t, "test.yaml", []byte(yaml))
	want := []namedCodes{
		{line: 6, label: "Arrest.*", cameo: []string{"173"}, plover: []string{"COERCE"}},
		{line: 9, label: "Sanction", cameo: []string{"163"}, plover: []string{"SANCTION"}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(namedCodes{})); diff != "" {
		t.Errorf("codes named in comments (-want +got):\n%s", diff)
	}
	var loaded [][]string
	for _, c := range got {
		cameo, plover := loadedCodes(t, m, c.label)
		loaded = append(loaded, append(cameo, plover...))
	}
	// The arrest's comment is wrong: its rule gives its evidence no codes
	// (its relation has SANCTIONED's, which are not the evidence's).
	if diff := cmp.Diff([][]string{nil, {"163", "SANCTION"}}, loaded); diff != "" {
		t.Errorf("codes loaded (-want +got):\n%s", diff)
	}

	bad := "events:\n  A: SANCTIONED\n# CAMEO 163 above nothing\nroles:\n  Agent: source\n"
	rec := &recorder{}
	commentCodes(rec, "bad.yaml", []byte(bad))
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "bad.yaml:3") {
		t.Errorf("a code above no rule: errors %q, want one naming bad.yaml:3", rec.errs)
	}
}
