package mapping

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"newsgraph/ontology"
)

// Error lists every problem of a mapping file.
type Error struct {
	File     string
	Problems []Problem
}

// Problem is one thing wrong in a mapping file: the line, the key
// ("events.REJECT.relation") and why.
type Problem struct {
	Line    int
	Key     string
	Message string
}

// Error prints "FILE:LINE: KEY: reason", one line per problem.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		key := ""
		if p.Key != "" {
			key = p.Key + ": "
		}
		lines[i] = fmt.Sprintf("%s:%d: %s%s", e.File, p.Line, key, p.Message)
	}
	return strings.Join(lines, "\n")
}

// Parse reads a mapping from YAML; name is the file, for messages. Unknown
// keys, node types, kinds, relation types, formats and roles are errors.
func Parse(name string, data []byte) (*Mapping, error) {
	p := &parser{m: &Mapping{
		Name:       name,
		Entities:   map[string]EntityRule{},
		Events:     map[string]EventRule{},
		Relations:  map[string]EventRule{},
		Roles:      map[string]Role{},
		Attributes: map[string]string{},
	}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) > 0 {
		p.top(doc.Content[0])
	}
	if len(p.problems) > 0 {
		return nil, &Error{File: name, Problems: p.problems}
	}
	return p.m, nil
}

type parser struct {
	m        *Mapping
	problems []Problem
}

func (p *parser) add(n *yaml.Node, key, format string, args ...any) {
	p.problems = append(p.problems, Problem{Line: n.Line, Key: key, Message: fmt.Sprintf(format, args...)})
}

// pairs checks that n is a mapping and calls f for each key and value.
func (p *parser) pairs(n *yaml.Node, key string, f func(k *yaml.Node, v *yaml.Node)) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.add(n, key, "must be a mapping")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			p.add(k, join(key, k.Value), "duplicate key")
			continue
		}
		seen[k.Value] = true
		f(k, v)
	}
}

func join(key, sub string) string {
	if key == "" {
		return sub
	}
	return key + "." + sub
}

var topKeys = []string{"entities", "events", "relations", "roles", "attributes", "ignore"}

func (p *parser) top(n *yaml.Node) {
	p.pairs(n, "", func(k, v *yaml.Node) {
		switch k.Value {
		case "entities":
			p.pairs(v, k.Value, func(lk, lv *yaml.Node) {
				if r, ok := p.entity(join("entities", lk.Value), lv); ok {
					p.m.Entities[lk.Value] = r
				}
			})
		case "events", "relations":
			rules := p.m.Events
			if k.Value == "relations" {
				rules = p.m.Relations
			}
			p.pairs(v, k.Value, func(lk, lv *yaml.Node) {
				if r, ok := p.event(join(k.Value, lk.Value), lv); ok {
					rules[lk.Value] = r
				}
			})
		case "roles":
			p.m.Roles = p.roles("roles", v)
		case "attributes":
			p.pairs(v, k.Value, func(ak, av *yaml.Node) {
				key := join("attributes", ak.Value)
				if s, ok := p.scalar(key, av); ok {
					if s != AttrDrop && s != AttrIgnore {
						p.add(av, key, "unknown attribute action %q: must be %s or %s", s, AttrDrop, AttrIgnore)
						return
					}
					p.m.Attributes[ak.Value] = s
				}
			})
		case "ignore":
			p.m.Ignore = p.strings("ignore", v)
		default:
			p.add(k, k.Value, "unknown key (known: %s)", strings.Join(topKeys, ", "))
		}
	})
}

func (p *parser) scalar(key string, n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.add(n, key, "must be a single value")
		return "", false
	}
	return n.Value, true
}

func (p *parser) strings(key string, n *yaml.Node) []string {
	if n.Kind != yaml.SequenceNode {
		p.add(n, key, "must be a list")
		return nil
	}
	var out []string
	for _, item := range n.Content {
		if s, ok := p.scalar(key, item); ok {
			out = append(out, s)
		}
	}
	return out
}

// entity reads "omit", "type", "type/kind" or {type, kind, place}.
func (p *parser) entity(key string, n *yaml.Node) (EntityRule, bool) {
	var r EntityRule
	var typ string
	kindNode, placeNode := n, n
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == Omit {
			return EntityRule{Omit: true}, true
		}
		typ, r.Kind, _ = strings.Cut(n.Value, "/")
	case yaml.MappingNode:
		ok := true
		p.pairs(n, key, func(k, v *yaml.Node) {
			s, isScalar := p.scalar(join(key, k.Value), v)
			ok = ok && isScalar
			switch k.Value {
			case "type":
				typ = s
			case "kind":
				r.Kind, kindNode = s, v
			case "place":
				r.PlaceKind, placeNode = s, v
			default:
				p.add(k, join(key, k.Value), "unknown key (known: type, kind, place)")
				ok = false
			}
		})
		if !ok {
			return r, false
		}
	default:
		p.add(n, key, `must be "omit", "type/kind" or a mapping {type, kind, place}`)
		return r, false
	}
	t, ok := ontology.ParseNodeType(typ)
	if !ok || !t.IsEntity() {
		p.add(n, key, "unknown entity type %q: must be one of %s", typ, strings.Join(entityTypeNames(), ", "))
		return r, false
	}
	r.Type = t
	if r.Kind != "" {
		kinds := ontology.KindsOf(t)
		if kinds == nil {
			p.add(kindNode, key, "a %s has no kind", t.Lower())
			return r, false
		}
		if !slices.Contains(kinds, r.Kind) {
			p.add(kindNode, key, "kind %q is not a kind of %s: must be one of %s", r.Kind, t.Lower(), strings.Join(kinds, ", "))
			return r, false
		}
	}
	if r.PlaceKind != "" {
		if t != ontology.Actor {
			p.add(placeNode, key, "only actors have a place kind (a %s is a place or not)", t.Lower())
			return r, false
		}
		if !slices.Contains(ontology.PlaceKinds, r.PlaceKind) {
			p.add(placeNode, key, "place kind %q is not a kind of place: must be one of %s", r.PlaceKind, strings.Join(ontology.PlaceKinds, ", "))
			return r, false
		}
	}
	return r, true
}

func entityTypeNames() []string {
	out := make([]string, len(ontology.EntityTypes))
	for i, t := range ontology.EntityTypes {
		out[i] = t.Lower()
	}
	return out
}

// event reads "omit", "meeting", a relation type, or {relation, format,
// agreement, cameo, plover, roles}.
func (p *parser) event(key string, n *yaml.Node) (EventRule, bool) {
	var r EventRule
	relation, relNode := "", n
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == Omit {
			return EventRule{Omit: true}, true
		}
		relation = n.Value
	case yaml.MappingNode:
		ok := true
		p.pairs(n, key, func(k, v *yaml.Node) {
			sub := join(key, k.Value)
			if k.Value == "roles" {
				r.Roles = p.roles(sub, v)
				return
			}
			s, isScalar := p.scalar(sub, v)
			ok = ok && isScalar
			switch k.Value {
			case "relation":
				relation, relNode = s, v
			case "format":
				r.Format = s
				if !slices.Contains(ontology.MeetingFormats, s) {
					p.add(v, sub, "unknown meeting format %q: must be one of %s", s, strings.Join(ontology.MeetingFormats, ", "))
					ok = false
				}
			case "agreement":
				r.Agreement = s
				if !slices.Contains(ontology.AgreementKinds, s) {
					p.add(v, sub, "kind %q is not a kind of agreement: must be one of %s", s, strings.Join(ontology.AgreementKinds, ", "))
					ok = false
				}
			case "cameo":
				r.CAMEO = s
				if !ontology.IsCAMEO(s) {
					p.add(v, sub, "invalid CAMEO code %q: must be two to four digits, like \"173\"", s)
					ok = false
				}
			case "plover":
				r.PLOVER = s
				if !ontology.IsPLOVEREvent(s) {
					p.add(v, sub, "unknown PLOVER event %q: must be one of %s", s, strings.Join(ontology.PLOVEREvents, ", "))
					ok = false
				}
			default:
				p.add(k, sub, "unknown key (known: relation, format, agreement, cameo, plover, roles)")
				ok = false
			}
		})
		if !ok {
			return r, false
		}
	default:
		p.add(n, key, `must be "omit", "meeting", a relation type or a mapping {relation, format, agreement, cameo, plover, roles}`)
		return r, false
	}
	return r, p.eventRelation(key, relNode, relation, &r)
}

// eventRelation sets the rule's relation (or makes it a meeting) and checks
// that the rule's other fields go with it.
func (p *parser) eventRelation(key string, n *yaml.Node, relation string, r *EventRule) bool {
	if relation == MeetingRelation {
		r.Meeting = true
		if r.Agreement != "" {
			p.add(n, key, "a meeting has no agreement")
			return false
		}
		return true
	}
	if r.Format != "" {
		p.add(n, key, "only a meeting has a format")
		return false
	}
	if relation == "" {
		p.add(n, key, `needs a relation (a relation type or "meeting")`)
		return false
	}
	t, ok := ontology.ParseRelationType(relation)
	if !ok {
		p.add(n, key, "unknown relation type %q: must be %q or one of %s", relation, MeetingRelation, strings.Join(ontology.Names(ontology.RelationTypes), ", "))
		return false
	}
	r.Relation = t
	if r.Agreement != "" {
		spec, _ := ontology.Relation(t)
		if !slices.Contains(spec.Targets, ontology.Agreement) {
			p.add(n, key, "%s cannot go to an agreement: only %s can", t, strings.Join(agreementRelations(), ", "))
			return false
		}
	}
	return true
}

func agreementRelations() []string {
	var out []string
	for _, r := range ontology.Relations {
		if slices.Contains(r.Targets, ontology.Agreement) && slices.Contains(r.Sources, ontology.Actor) {
			out = append(out, string(r.Type))
		}
	}
	return out
}

func (p *parser) roles(key string, n *yaml.Node) map[string]Role {
	out := map[string]Role{}
	p.pairs(n, key, func(k, v *yaml.Node) {
		sub := join(key, k.Value)
		s, ok := p.scalar(sub, v)
		if !ok {
			return
		}
		if !slices.Contains(Roles, Role(s)) {
			p.add(v, sub, "unknown role %q: must be one of %s", s, strings.Join(ontology.Names(Roles), ", "))
			return
		}
		out[k.Value] = Role(s)
	})
	return out
}
