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
