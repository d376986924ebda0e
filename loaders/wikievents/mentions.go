package wikievents

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Named entities become entities of the whole graph; common nouns
// ("police", "the gunmen", "people") stay local to their article, and
// pronouns are left out. WikiEvents gives each entity mention a
// mention_type: NAM (a name), NOM (a common noun), PRO (a pronoun). Where
// it says UNK, as the test split does throughout, the text decides: a
// mention is a name when a word of it, past its determiners, is
// capitalised, except a word that is capitalised only because it starts
// the sentence ("Protesters gathered...") and appears in lower case in the
// article or is a plural ("Protesters").

// mentionClass is what a mention is.
type mentionClass int

const (
	named mentionClass = iota
	nominal
	pronoun
)

// determiners are the words before a noun that say nothing of whether it
// is a name.
var determiners = wordSet("a an the this that these those some any many more most several few other another each every all both no his her its their our my your such one two three")

// titles make the named mention they start a person ("President Obama").
var titles = wordSet("president vice prime minister secretary senator sen sen. governor gov gov. general gen gen. " +
	"king queen prince princess pope chancellor mayor judge justice sheikh ayatollah colonel col col. " +
	"captain capt capt. lieutenant lt lt. sergeant sgt sgt. mr mr. mrs mrs. ms ms. dr dr. rep rep. commander ambassador")

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

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
	words := strings.Fields(text)
	for len(words) > 1 && determiners[strings.ToLower(words[0])] {
		words, sentenceStart = words[1:], false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			continue
		}
		if i == 0 && sentenceStart && !isAcronym(w) {
			lw := strings.ToLower(w)
			if lower[lw] || (len(words) == 1 && strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss")) {
				continue
			}
		}
		return named
	}
	return nominal
}

// isAcronym reports whether a word is written in capitals ("IS", "U.S.").
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			letters++
		}
	}
	return letters >= 2
}

// lowerWords returns the words of a text that are written in lower case.
func lowerWords(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			out[w] = true
		}
	}
	return out
}

// groupNouns are common nouns of persons that name a group, not a person.
var groupNouns = wordSet("police people military army staff personnel crowd public militia security")

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

// personTitle splits a leading title off a name: "President Barack Obama"
// gives "Barack Obama" and true.
func personTitle(name string) (string, bool) {
	words := strings.Fields(name)
	n := 0
	for n < len(words)-1 && titles[strings.ToLower(words[n])] {
		n++
	}
	if n == 0 {
		return name, false
	}
	return strings.Join(words[n:], " "), true
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
		if isAcronym(n) && full[k] != "" && !ambiguous[k] {
			out[n] = full[k]
		}
	}
	return out
}
