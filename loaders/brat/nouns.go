package brat

import "newsgraph/loaders/mapping"

// Names and common nouns. An entity is a name when one of its annotations
// is: brat's Mention attribute says so where a corpus has it (Mention=Name,
// Mention=Nominal, as in brat's news example), else the text decides
// (mapping.IsName: capitalisation past the determiners). An entity none of
// whose annotations is a name ("banks", "the annotations") stays local to
// its article, so that it never merges with another article's.

// mentionAttribute is the attribute that gives an annotation's mention
// type.
const mentionAttribute = "Mention"

// named reports whether an entity group (its annotations) is a name.
func (c *converter) named(members []*textBound) bool {
	if c.lower == nil {
		c.lower = mapping.LowerWords(c.text.String())
	}
	for _, t := range members {
		switch c.mentionType[t.id] {
		case "Name":
			return true
		case "Nominal":
			continue
		}
		if len(t.frags) > 0 && mapping.IsName(t.covered(c.text), c.text.StartsSentence(t.frags[0].start), c.lower) {
			return true
		}
	}
	return false
}
