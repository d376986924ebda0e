package brat

import (
	"strings"

	"newsgraph/store"
)

// Attributes named CAMEO, PLOVER or Mode (in any case) on an event or a
// relation are the annotator's coding of it, which the evidence of the
// relations it becomes keeps with its label:
//
//	A1	CAMEO E1 173
//	A2	PLOVER E1 COERCE
//	A3	Mode E1 arrest
//
// They never drop what they are on, and the mapping's attribute rules do not
// apply to them. A code outside the ontology's vocabularies is left out by
// the mapping's builder (counted).

// codingAttribute records an attribute that codes an event or relation and
// reports whether at is one.
func (c *converter) codingAttribute(at *attribute) bool {
	name := strings.ToLower(at.name)
	if name != "cameo" && name != "plover" && name != "mode" {
		return false
	}
	switch c.a.byID[at.target].(type) {
	case *event, *relation:
	default:
		c.b.Omit("coding attribute " + at.name + " on an annotation that is not an event or relation")
		return true
	}
	if at.value == "" {
		c.b.Omit("coding attribute " + at.name + " without a value")
		return true
	}
	cd := c.codings[at.target]
	switch name {
	case "cameo":
		cd.CAMEO = at.value
	case "plover":
		cd.PLOVER = strings.ToUpper(at.value)
	default:
		cd.Mode = strings.ToLower(at.value)
	}
	c.codings[at.target] = cd
	return true
}

// codingOf is the coding of an event or relation: its coding attributes,
// and its label as the source's own name of it.
func (c *converter) codingOf(id, label string) store.EventCoding {
	cd := c.codings[id]
	cd.Label = label
	return cd
}
