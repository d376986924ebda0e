package wikievents

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph/loaders/mapping"
)

// Named entities become entities of the whole graph; common nouns
// ("police", "the gunmen", "people") stay local to their article, and
// pronouns are left out. WikiEvents gives each entity mention a
// mention_type: NAM (a name), NOM (a common noun), PRO (a pronoun). Where
// it says UNK, as the test split does throughout, the text decides
// (mapping.IsName).

// mentionClass is what a mention is.
type mentionClass int

const (
	named mentionClass = iota
	nominal
	pronoun
)

// classify tells a mention's class from its mention_type, else from its
// text: sentenceStart says whether it starts its sentence, lower holds the
// article's words written in lower case.
func classify(mentionType, text string, sentenceStart bool, lower map[string]bool) mentionClass {
	switch strings.ToUpper(mentionType) {
	case "NAM":
		return named
	case "NOM":
		return nominal
	case "PRO":
		return pronoun
	}
	if mapping.IsName(text, sentenceStart, lower) {
		return named
	}
	return nominal
}

// groupNouns are common nouns of persons that name a group, not a person.
var groupNouns = mapping.WordSet("police people military army staff personnel crowd public militia security")

// groupOfPersons reports whether a common-noun mention of persons names a
// group ("police", "the gunmen") rather than one person ("an official").
func groupOfPersons(text string) bool {
	words := strings.Fields(strings.ToLower(text))
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	return groupNouns[last] || (strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss")) || strings.HasSuffix(last, "men")
}

// initials returns the capitals of a name's words, "IS" for "Islamic
// State", skipping "of", "the" and "and".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "of", "the", "and", "for":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// acronymNames maps each acronym that abbreviates one named mention of the
// article ("IS" and "Islamic State") to that name: WikiEvents ships no
// coreference with its documents, and the two are one entity.
func acronymNames(names []string) map[string]string {
	full := map[string]string{}
	ambiguous := map[string]bool{}
	for _, n := range names {
		if len(strings.Fields(n)) < 2 {
			continue
		}
		if rest, ok := strings.CutPrefix(n, "The "); ok {
			n = rest
		}
		if a := initials(n); len(a) >= 2 {
			if prev, ok := full[a]; ok && prev != n {
				ambiguous[a] = true
			}
			full[a] = n
		}
	}
	out := map[string]string{}
	for _, n := range names {
		k := strings.ReplaceAll(n, ".", "")
		if mapping.IsAcronym(n) && full[k] != "" && !ambiguous[k] {
			out[n] = full[k]
		}
	}
	return out
}
