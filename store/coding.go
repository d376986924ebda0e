package store

import (
	"cmp"
	"strings"
	"unicode/utf8"

	"newsgraph/ontology"
)

// EventCoding is a source's own coding of the event a piece of evidence
// states, kept beside the relation type's codes (ontology.RelationSpec),
// which stay the relation's defaults: a PLOVER record coded COERCE/arrest
// becomes a SANCTIONED relation (CAMEO 163, PLOVER SANCTION) whose evidence
// says PLOVER COERCE, mode arrest. Every field is empty when the source
// said nothing. (The JSON tags leave empty fields out where a store type
// is written as JSON, such as test goldens, so that evidence without a
// coding encodes as before.)
type EventCoding struct {
	// CAMEO is the record's CAMEO event code ("173"; ontology.IsCAMEO).
	CAMEO string `json:",omitempty"`
	// PLOVER is the record's PLOVER event (ontology.PLOVEREvents, ", ") and
	// Mode its PLOVER mode (ontology.PLOVERModes, ", ").
	PLOVER string `json:",omitempty"`
	Mode   string `json:",omitempty"`
	// Label is the source's own name of the event type
	// ("Justice.ArrestJailDetain.Unspecified"), at most
	// ontology.MaxCodingLabelLength characters.
	Label string `json:",omitempty"`
}

// IsZero reports whether the source gave no coding.
func (c EventCoding) IsZero() bool { return c == EventCoding{} }

// Check returns what is wrong with a coding, or "" when nothing is: a
// CAMEO code that is not two to four digits, a PLOVER event or mode not in
// the ontology's lists, a mode without an event, a label too long.
func (c EventCoding) Check() (field, problem string) {
	switch {
	case c.CAMEO != "" && !ontology.IsCAMEO(c.CAMEO):
		return "cameo", "is not a CAMEO event code (two to four digits, like \"173\")"
	case c.PLOVER != "" && !ontology.IsPLOVEREvent(c.PLOVER):
		return "plover", "is not a PLOVER event (" + strings.Join(ontology.PLOVEREvents, ", ") + ")"
	case c.Mode != "" && !ontology.IsPLOVERMode(c.Mode):
		return "mode", "is not a PLOVER mode (" + strings.Join(ontology.PLOVERModes, ", ") + ")"
	case c.Mode != "" && c.PLOVER == "":
		return "mode", "a PLOVER mode needs a PLOVER event"
	case utf8.RuneCountInString(c.Label) > ontology.MaxCodingLabelLength:
		return "label", "is too long"
	}
	return "", ""
}

// compareCoding orders codings field by field, so that evidence of one
// span with two codings has one order in every engine.
func compareCoding(a, b EventCoding) int {
	return cmp.Or(cmp.Compare(a.CAMEO, b.CAMEO), cmp.Compare(a.PLOVER, b.PLOVER),
		cmp.Compare(a.Mode, b.Mode), cmp.Compare(a.Label, b.Label))
}

// EvidenceFilter selects relations by their evidence: it matches when one
// piece of evidence satisfies every non-nil field. The fields match the
// evidence's own coding (EventCoding), "" where the source gave none; the
// relation type's codes are not consulted.
type EvidenceFilter struct {
	CAMEO  *StringFilter
	PLOVER *StringFilter
	Mode   *StringFilter
	Label  *StringFilter
}

// Match reports whether one piece of evidence satisfies f; a nil filter
// matches any evidence.
func (f *EvidenceFilter) Match(ev Evidence) bool {
	return f == nil || (f.CAMEO.Match(ev.CAMEO) && f.PLOVER.Match(ev.PLOVER) &&
		f.Mode.Match(ev.Mode) && f.Label.Match(ev.Label))
}

// truncateValue is the field of c that Check names, cut for a message.
func truncateValue(c EventCoding, field string) string {
	v := map[string]string{"cameo": c.CAMEO, "plover": c.PLOVER, "mode": c.Mode, "label": c.Label}[field]
	if r := []rune(v); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return v
}
