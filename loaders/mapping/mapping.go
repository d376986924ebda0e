// Package mapping translates the labels of other annotation formats (brat,
// PLOVER, WikiEvents) into newsgraph's ontology, and builds native
// documents (package article) from what those formats annotate.
//
// A Mapping is read from a YAML file. It says, for one corpus:
//
//   - entities: what each entity label becomes — a node type and a kind
//     ("Person: actor/person"), optionally the kind of place the entity is
//     when it fills a place role ("GPE: {type: actor, kind: country,
//     place: country}"), or "omit";
//   - events and relations: what each event or relation label becomes — a
//     relation type ("Conflict.Attack.*: ATTACKED"), "meeting" (a Meeting
//     entity that the participants ATTENDED, HELD_IN the place), a relation
//     to a new agreement ("AGREE: {relation: AGREED_TO, agreement: other}"),
//     or "omit"; and the event's own CAMEO and PLOVER codes, which the
//     evidence keeps ("{relation: SANCTIONED, cameo: "173", plover:
//     COERCE}");
//   - roles: what each argument role is — source, target, participant,
//     host, mediator, place, item (the relation's item qualifier) or
//     ignore — globally and per event;
//   - attributes (brat): which attributes drop the annotation they are on
//     ("Negation: drop") and which are ignored;
//   - ignore: mention texts that never become entities (pronouns).
//
// Keys ending in "*" match every label with that prefix
// ("Contact.RequestCommand.*"; "*" alone matches every label); an exact key
// wins over a prefix, a longer prefix over a shorter one. Shipped defaults
// for the three formats are embedded (Default) and documented in
// defaults/*.yaml; Load reads a user's file, reporting every mistake with
// the file, the line and the key.
//
// The package also holds what the importers share: Builder applies a
// mapping to a format's mentions and events and assembles the native
// document, counting everything the mapping leaves out by reason
// (Builder.Omitted) rather than dropping it silently; Text indexes a text by
// code point, finds names and splits sentences for evidence; LineReader and
// LimitedReader read large files in bounded memory; CheckUTF8 and
// ArticleID turn bad encodings and foreign ids into clear errors and valid
// ids.
package mapping

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"newsgraph/ontology"
)

// Role says what an event argument is to the relations an event becomes.
type Role string

// The roles.
const (
	// Source and Target are the ends of the event's relation: every
	// source × target pair gives one relation. For a meeting both
	// ATTENDED it.
	Source Role = "source"
	Target Role = "target"
	// Participant is an actor on both sides: participants ATTEND a
	// meeting, AGREE to an agreement, and without sources and targets
	// stand in the relation with one another.
	Participant Role = "participant"
	// Host HOSTED and Mediator MEDIATED a meeting (they are participants
	// of other events).
	Host     Role = "host"
	Mediator Role = "mediator"
	// Place is where a meeting was HELD_IN.
	Place Role = "place"
	// Item is the relation's item qualifier (the argument's text).
	Item Role = "item"
	// Ignore leaves the argument out (counted).
	Ignore Role = "ignore"
)

// Roles lists every role.
var Roles = []Role{Source, Target, Participant, Host, Mediator, Place, Item, Ignore}

// MeetingRelation is the value of an event rule's relation that makes the
// event a Meeting entity.
const MeetingRelation = "meeting"

// Omit is the value of a rule that leaves its label out on purpose.
const Omit = "omit"

// Mapping is one corpus's label mapping. Build it with Load, Parse or
// Default; the zero value maps nothing.
type Mapping struct {
	// Name names the mapping in messages: the file it came from.
	Name string
	// Entities maps entity labels to node types and kinds.
	Entities map[string]EntityRule
	// Events maps event labels, Relations binary-relation labels (brat's
	// R annotations), to what they become.
	Events    map[string]EventRule
	Relations map[string]EventRule
	// Roles maps argument roles to what they are, for every event that
	// does not say otherwise.
	Roles map[string]Role
	// Attributes maps attribute names ("Negation") or name=value pairs
	// ("Confidence=Low") to AttrDrop or AttrIgnore.
	Attributes map[string]string
	// Ignore lists mention texts, compared case-insensitively, that are
	// never entities.
	Ignore []string
}

// What an attribute does to the annotation it is on.
const (
	AttrDrop   = "drop"   // leave the annotation out (counted)
	AttrIgnore = "ignore" // keep the annotation, ignore the attribute (counted)
)

// EntityRule is what an entity label becomes.
type EntityRule struct {
	// Omit leaves entities with the label out.
	Omit bool
	// Type and Kind are the entity's node type and kind (Kind may be
	// empty).
	Type ontology.NodeType
	Kind string
	// PlaceKind, for an actor label, is the kind of the Place the entity
	// also is when it fills a place role (a country that hosts a
	// meeting); empty means such an actor is not a place.
	PlaceKind string
}

// EventRule is what an event or relation label becomes.
type EventRule struct {
	// Omit leaves events with the label out.
	Omit bool
	// Meeting makes the event a Meeting entity (with Format).
	Meeting bool
	Format  string
	// Relation is the relation type the event becomes (unless Meeting).
	Relation ontology.RelationType
	// Agreement, when set, is the kind of a new Agreement entity that
	// the event's sources and participants stand in Relation to.
	Agreement string
	// Roles override the mapping's Roles for this event.
	Roles map[string]Role
	// CAMEO and PLOVER are the codes of the event itself, which the
	// evidence of every relation it becomes carries (an arrest: CAMEO
	// 173, PLOVER COERCE) beside the relation type's (SANCTIONED: 163,
	// SANCTION); the codes a record gives itself win.
	CAMEO  string
	PLOVER string
}

// Load reads a mapping from a YAML file. Errors name the file, the line
// and the key.
func Load(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	return Parse(path, data)
}

// Entity returns the rule for an entity label, trying each label in turn
// (a PLOVER actor's sector, then its code) before prefix keys.
func (m *Mapping) Entity(labels ...string) (EntityRule, bool) {
	for _, l := range labels {
		if r, ok := m.Entities[l]; ok && l != "" {
			return r, true
		}
	}
	for _, l := range labels {
		if r, ok := lookupPrefix(m.Entities, l); ok {
			return r, true
		}
	}
	return EntityRule{}, false
}

// Event returns the rule for an event label.
func (m *Mapping) Event(label string) (EventRule, bool) { return lookup(m.Events, label) }

// Relation returns the rule for a binary-relation label.
func (m *Mapping) Relation(label string) (EventRule, bool) { return lookup(m.Relations, label) }

// Role returns what an argument role is in an event of rule r: the event's
// own roles first, then the mapping's, each tried with the role as written
// and without a trailing number (brat numbers repeated roles: "Org-Arg2").
func (m *Mapping) Role(r EventRule, role string) (Role, bool) {
	for _, name := range []string{role, strings.TrimRight(role, "0123456789")} {
		if name == "" {
			continue
		}
		if x, ok := r.Roles[name]; ok {
			return x, true
		}
		if x, ok := m.Roles[name]; ok {
			return x, true
		}
	}
	return "", false
}

// Attribute returns what an attribute does: the rule for "name=value"
// first, then for "name".
func (m *Mapping) Attribute(name, value string) (string, bool) {
	if value != "" {
		if a, ok := m.Attributes[name+"="+value]; ok {
			return a, true
		}
	}
	a, ok := m.Attributes[name]
	return a, ok
}

// Ignored reports whether a mention text is on the ignore list.
func (m *Mapping) Ignored(text string) bool {
	t := strings.TrimSpace(text)
	return slices.ContainsFunc(m.Ignore, func(s string) bool { return strings.EqualFold(s, t) })
}

func lookup[R any](rules map[string]R, label string) (R, bool) {
	if r, ok := rules[label]; ok {
		return r, true
	}
	return lookupPrefix(rules, label)
}

// lookupPrefix finds the rule of the longest key "prefix*" that label
// starts with.
func lookupPrefix[R any](rules map[string]R, label string) (R, bool) {
	best, found := -1, ""
	for _, k := range slices.Sorted(maps.Keys(rules)) {
		prefix, ok := strings.CutSuffix(k, "*")
		if ok && strings.HasPrefix(label, prefix) && len(prefix) > best {
			best, found = len(prefix), k
		}
	}
	if best < 0 {
		var zero R
		return zero, false
	}
	return rules[found], true
}
