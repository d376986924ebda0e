// Package textmatch is the one definition of search that every engine
// follows: how text is cut into words, when a query matches a name, and how
// well. Engines find candidates their own way (an inverted index in
// embedded, a full-text index in Neo4j) and then score them here, so their
// hits and scores are the same.
//
// Text is cut into words at anything that is not a letter or a digit, after
// folding case and removing accents; apostrophes are dropped, so
// "Soldiers’" and "soldiers" are one word. A query matches a name when each
// of its words matches a word of the name:
//   - exactly ("zelensky" and "Zelensky");
//   - as its beginning ("zel" and "Zelensky");
//   - or, for query words of MinFuzzyLen to MaxFuzzyLen letters, with one
//     typo: a letter added, removed, replaced, or two neighbours swapped
//     ("zelenskiy" and "Zelensky").
//
// A match's score is its tier plus a fraction for how much of the name the
// query covers: 4 when the name is the query, word for word; otherwise 3
// when every query word matches exactly, 2 when the worst is a prefix, 1
// when a word needed a typo. So an exact name always ranks first, then exact
// words, prefixes and typos, and among equals the shorter name.
package textmatch

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on queries.
const (
	// MinFuzzyLen is the length, in letters, from which a query word
	// tolerates one typo.
	MinFuzzyLen = 5
	// MaxFuzzyLen is the length, in letters, up to which a query word
	// tolerates one typo; longer words (no word of a name in any language
	// is that long) match exactly or as a prefix. It bounds what an index
	// of typos keeps per word (see FuzzyReachable).
	MaxFuzzyLen = 64
	// MaxQueryLen is the longest query, in characters.
	MaxQueryLen = 200
	// MaxQueryWords is the most words a query may have.
	MaxQueryWords = 10
)

// Words cuts text into normalized words: lower case, accents removed,
// apostrophes dropped, split at anything that is not a letter or a digit.
func Words(text string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	if !isASCII(text) {
		// Decompose, so that accents become marks to drop.
		text = norm.NFKD.String(text)
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// IndexText is the text an index keeps for a node's names: the words of
// each name, separated by single spaces.
func IndexText(names ...string) string {
	var all []string
	for _, n := range names {
		all = append(all, Words(n)...)
	}
	return strings.Join(all, " ")
}

// Quality is how well a query word matches a name word.
type Quality int

// The qualities, worst first.
const (
	NoMatch Quality = iota
	Fuzzy
	Prefix
	Exact
)

// MatchWord says how query word q matches name word w.
func MatchWord(q, w string) Quality {
	switch {
	case q == w:
		return Exact
	case strings.HasPrefix(w, q):
		return Prefix
	case ToleratesTypo(q) && WithinOneEdit(q, w):
		return Fuzzy
	}
	return NoMatch
}

// ToleratesTypo reports whether query word q matches words one edit away:
// whether it has MinFuzzyLen to MaxFuzzyLen letters.
func ToleratesTypo(q string) bool {
	n := utf8.RuneCountInString(q)
	return n >= MinFuzzyLen && n <= MaxFuzzyLen
}

// FuzzyReachable reports whether some query word can match name word w
// with a typo: whether w has MinFuzzyLen-1 to MaxFuzzyLen+1 letters. An
// index of the Deletions of words needs those of these words only, so that
// what it keeps per word is bounded however long a word is.
func FuzzyReachable(w string) bool {
	n := utf8.RuneCountInString(w)
	return n >= MinFuzzyLen-1 && n <= MaxFuzzyLen+1
}

// WithinOneEdit reports whether a and b differ by at most one edit: a
// letter inserted, deleted or replaced, or two adjacent letters swapped
// (optimal string alignment distance at most 1, as Lucene's fuzzy queries
// count it).
func WithinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	x, y := []rune(a), []rune(b)
	if len(x) < len(y) {
		x, y = y, x
	}
	switch len(x) - len(y) {
	case 0:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		// Replace x[i], or swap x[i] and x[i+1].
		if string(x[i+1:]) == string(y[i+1:]) {
			return true
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && string(x[i+2:]) == string(y[i+2:])
	case 1:
		i := 0
		for i < len(y) && x[i] == y[i] {
			i++
		}
		return string(x[i+1:]) == string(y[i:])
	}
	return false
}

// Deletions returns the words made by deleting one letter of w, without
// repeats. Two words within one edit of each other are equal, or one is a
// deletion of the other, or they share a deletion: an index of deletions
// finds the candidates of a fuzzy match, which WithinOneEdit then checks.
func Deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs))
	for i := range rs {
		d := string(rs[:i]) + string(rs[i+1:])
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}

// Query is search text, cut into words.
type Query struct {
	Words []string
}

// Parse checks search text and cuts it into words. Text with no word, or
// longer than MaxQueryLen characters, or of more than MaxQueryWords words,
// is an error.
func Parse(text string) (Query, error) {
	if n := utf8.RuneCountInString(text); n > MaxQueryLen {
		return Query{}, fmt.Errorf("search text is %d characters long: at most %d", n, MaxQueryLen)
	}
	words := Words(text)
	switch {
	case len(words) == 0:
		return Query{}, fmt.Errorf("search text %q has no word to search for", text)
	case len(words) > MaxQueryWords:
		return Query{}, fmt.Errorf("search text has %d words: at most %d", len(words), MaxQueryWords)
	}
	return Query{Words: words}, nil
}

// Score is how well the query matches a name: 0 when it does not, else
// between 1 and 4.5 (see the package comment).
func (q Query) Score(name string) float64 {
	words := Words(name)
	if len(words) == 0 {
		return 0
	}
	worst := Exact
	for _, qw := range q.Words {
		best := NoMatch
		for _, w := range words {
			best = max(best, MatchWord(qw, w))
		}
		if best == NoMatch {
			return 0
		}
		worst = min(worst, best)
	}
	tier := float64(worst)
	if worst == Exact && equalWords(q.Words, words) {
		tier = 4
	}
	coverage := min(1, float64(len(q.Words))/float64(len(words)))
	return tier + coverage/2
}

// Best returns the best score of a node's names (its name first, then its
// aliases: the first of equal scores wins) and the name that scored it; 0
// and "" when none matches.
func (q Query) Best(names ...string) (score float64, matched string) {
	for _, n := range names {
		if s := q.Score(n); s > score {
			score, matched = s, n
		}
	}
	return score, matched
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
