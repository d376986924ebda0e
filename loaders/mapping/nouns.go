package mapping

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph/article"
)

// Names and common nouns. An importer whose format does not say whether a
// mention is a name ("Islamic State") or a common noun ("the gunmen",
// "police") asks the text: a mention is a name when a word of it, past its
// determiners, is capitalised, except a word capitalised only because it
// starts the sentence ("Protesters gathered...") that the article also
// writes in lower case or that is a plural ("Protesters"). Common nouns
// stay local to their article (Mention.Local).

// determiners are the words before a noun that say nothing of whether it
// is a name.
var determiners = WordSet("a an the this that these those some any many more most several few other another each every all both no his her its their our my your such one two three")

// WordSet is the set of the words of s.
func WordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// IsName reports whether a mention's text is a name: sentenceStart says
// whether it starts its sentence, lower holds the article's words written
// in lower case (LowerWords).
func IsName(text string, sentenceStart bool, lower map[string]bool) bool {
	words := strings.Fields(text)
	for len(words) > 1 && determiners[strings.ToLower(words[0])] {
		words, sentenceStart = words[1:], false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			continue
		}
		if i == 0 && sentenceStart && !IsAcronym(w) {
			lw := strings.ToLower(w)
			if lower[lw] || (len(words) == 1 && strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss")) {
				continue
			}
		}
		return true
	}
	return false
}

// IsAcronym reports whether a word is written in capitals ("IS", "U.S.").
func IsAcronym(w string) bool {
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

// LowerWords returns the words of a text that are written in lower case.
func LowerWords(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			out[w] = true
		}
	}
	return out
}

// StartsSentence reports whether the text's sentence (Text.Sentences)
// starts at offset start.
func (t *Text) StartsSentence(start int) bool {
	_, found := slices.BinarySearchFunc(t.sentences, start, func(s article.Span, at int) int { return s.Start - at })
	return found
}

// Persons and organisations by their titles and names. A mention that a
// source codes as a state institution ("RUSGOV") may name a person of it
// ("Russian President Boris Yeltsin") or an organisation with a name of its
// own ("Palestine Liberation Organization (PLO)", coded PSEGOV): those stay
// themselves, with their own names, and keep the code as one that
// describes them (ontology.CodeSchemeSpec.IdentifiesKind).

// titles make the named mention they precede a person ("President Obama").
var titles = WordSet("president vice prime minister secretary senator sen sen. governor gov gov. general gen gen. " +
	"king queen prince princess pope chancellor mayor judge justice sheikh ayatollah colonel col col. " +
	"captain capt capt. lieutenant lt lt. sergeant sgt sgt. mr mr. mrs mrs. ms ms. dr dr. rep rep. commander ambassador")

// PersonTitle splits a leading title off a name: "President Barack Obama"
// gives "Barack Obama" and true.
func PersonTitle(name string) (string, bool) {
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

// leaderTitles are titles that make a person only with a name after them
// anywhere in a mention ("Palestinian leader Yasser Arafat"), besides
// titles.
var leaderTitles = WordSet("leader emir premier chairman")

// nameParticles are the lower-case words a personal name may hold
// ("F.W. de Klerk", "Omar Hassan al-Bashir").
var nameParticles = WordSet("de da del della di du la le van von der den bin ibn al el")

// isTitle reports whether a word is a title: "President", "minister",
// "Vice-President", "Secretary-General".
func isTitle(w string) bool {
	w = strings.ToLower(w)
	if titles[w] || leaderTitles[w] {
		return true
	}
	parts := strings.Split(w, "-")
	return len(parts) > 1 && titles[parts[len(parts)-1]]
}

// PersonName finds the person a mention names by a title followed by a
// personal name, anywhere in it: "Russian President Boris Yeltsin" gives
// "Boris Yeltsin", "U.S. Secretary of State Warren Christopher" "Warren
// Christopher", "President Reagan's" "Reagan", "King Hassan of Morocco"
// "Hassan". After its last title a mention must go on with capitalised
// words (and name particles), past one "of" or "for" phrase of the
// office ("of State", "for Interior"; "deputy governor of the Tyumen" is
// an office); "US President", "Montenegro's prime
// minister" and "president of Armenia" name an office, not a person.
func PersonName(mention string) (string, bool) {
	words := strings.Fields(mention)
	if n := len(words); n > 0 {
		words[n-1] = strings.TrimSuffix(strings.TrimSuffix(words[n-1], "'s"), "’s")
	}
	// The last title after which a name follows: "Defence Secretary Tom
	// King" is Tom King, whose surname is a title too.
	for i := len(words) - 1; i >= 0; i-- {
		if !isTitle(words[i]) {
			continue
		}
		if name, ok := personalName(words[i+1:]); ok {
			return name, true
		}
	}
	return "", false
}

// officeWords are the words that make an office of a title, not a name
// ("Vice Foreign Minister", "Deputy Prime Minister").
var officeWords = WordSet("foreign defence defense interior finance deputy vice junior senior chief state trade")

// personalName is the personal name the words after a title give, past one
// "of" or "for" phrase of the office, up to "of", "in" or a comma.
func personalName(rest []string) (string, bool) {
	if len(rest) > 0 && (rest[0] == "of" || rest[0] == "for") {
		rest = rest[1:]
		if len(rest) > 0 && strings.EqualFold(rest[0], "the") {
			rest = rest[1:]
		}
		if len(rest) > 0 {
			rest = rest[1:]
		}
	}
	var name []string
	for _, w := range rest {
		if w == "of" || w == "in" || strings.HasSuffix(w, ",") {
			break
		}
		name = append(name, w)
	}
	if len(name) == 0 || !capitalised(name[0]) || !nameWord(name[len(name)-1]) || isTitle(name[0]) {
		return "", false
	}
	for _, w := range name {
		if (!nameWord(w) && !nameParticles[w]) || officeWords[strings.ToLower(w)] {
			return "", false
		}
	}
	return strings.Join(name, " "), true
}

// nameWord reports whether a word may be a word of a personal name:
// capitalised, or a particle joined to a capitalised word ("al-Bashir").
func nameWord(w string) bool {
	if capitalised(w) {
		return true
	}
	p, rest, ok := strings.Cut(w, "-")
	return ok && nameParticles[p] && capitalised(rest)
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// institutionNouns are the words that end a name of a state institution
// ("US Congress", "Lithuanian Parliament", "Latvian Constitutional
// Court"), not of an organisation with a name of its own.
var institutionNouns = WordSet("government administration authorities authority cabinet parliament assembly congress senate " +
	"court courts judiciary police army military forces navy troops ministry office council presidency regime junta")

// nameFunctionWords are the lower-case words an organisation's name may
// hold ("Organization of African Unity").
var nameFunctionWords = WordSet("of the and for")

// OrganisationName finds the name of an organisation of its own that a
// mention gives, and its acronym when the mention adds one in parentheses:
// "Palestine Liberation Organization (PLO)" gives "Palestine Liberation
// Organization" and "PLO"; an acronym alone ("PLO", "ANC") gives itself. A
// mention is such a name when it is an acronym (not a country's: "US"), or
// two or more words all capitalised (but for "of", "the", "and", "for")
// whose last is not an institution's noun ("US Congress", "Latvian
// Constitutional Court") and whose first is not a country's name
// (isCountry: "US Predator", "Kenya Anti-Corruption Commission") unless
// the mention gives the name's acronym. A
// common-noun phrase ("U.S. negotiator", "Russian official", "Bush
// administration"), a country or a place ("Washington", "Moscow") is not.
func OrganisationName(mention string, isCountry func(string) bool) (name, acronym string, ok bool) {
	words := strings.Fields(mention)
	if n := len(words); n > 1 {
		if last := words[n-1]; strings.HasPrefix(last, "(") && strings.HasSuffix(last, ")") && IsAcronym(last[1:len(last)-1]) {
			acronym, words = last[1:len(last)-1], words[:n-1]
		}
	}
	switch {
	case len(words) == 1 && acronym == "":
		if w := words[0]; IsAcronym(w) && !strings.Contains(w, ".") && !isCountry(w) {
			return w, "", true
		}
		return "", "", false
	case len(words) == 0 || isCountry(strings.Join(words, " ")) || (acronym != "" && isCountry(acronym)):
		return "", "", false
	case acronym == "" && isCountry(words[0]):
		return "", "", false
	case len(words) == 1 && !IsAcronym(words[0]):
		return "", "", false
	}
	for _, w := range words {
		if !capitalised(w) && !nameFunctionWords[w] {
			return "", "", false
		}
		if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
			return "", "", false
		}
	}
	if institutionNouns[strings.ToLower(words[len(words)-1])] {
		return "", "", false
	}
	return strings.Join(words, " "), acronym, true
}
