package mapping

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsgraph/article"
)

// Text is an article's text indexed by code point, the unit of the native
// format's offsets, with its sentences.
type Text struct {
	s     string
	runes []rune
	// byteAt[i] is the byte offset of code point i (byteAt[len] = len(s)).
	byteAt    []int
	sentences []article.Span
}

// NewText indexes s, which must be valid UTF-8 (see CheckUTF8).
func NewText(s string) *Text {
	t := &Text{s: s, runes: []rune(s)}
	t.byteAt = make([]int, 0, len(t.runes)+1)
	for i := range s {
		t.byteAt = append(t.byteAt, i)
	}
	t.byteAt = append(t.byteAt, len(s))
	t.sentences = t.split()
	return t
}

// String returns the text.
func (t *Text) String() string { return t.s }

// Len is the text's length in code points.
func (t *Text) Len() int { return len(t.runes) }

// Slice returns the code points [start, end), which must lie in the text.
func (t *Text) Slice(start, end int) string { return t.s[t.byteAt[start]:t.byteAt[end]] }

// Span returns the span [start, end) with its text, or false when it is
// empty or does not lie in the text.
func (t *Text) Span(start, end int) (article.Span, bool) {
	if start < 0 || end <= start || end > len(t.runes) {
		return article.Span{}, false
	}
	return article.Span{Start: start, End: end, Text: t.Slice(start, end)}, true
}

// RuneOffset converts a byte offset of the text to a code point offset.
func (t *Text) RuneOffset(b int) int { return utf8.RuneCountInString(t.s[:b]) }

// Find returns the span of the first occurrence of s in the text at or after
// code point from. An occurrence that starts and ends at word boundaries
// wins over one inside a word ("Iran" in "Iran's", not in "Iranian"); an
// exact match wins over one that ignores case and runs of white space.
func (t *Text) Find(s string, from int) (article.Span, bool) {
	s = strings.TrimSpace(s)
	if s == "" || from < 0 || from > len(t.runes) {
		return article.Span{}, false
	}
	n := utf8.RuneCountInString(s)
	var inWord article.Span
	found := false
	rest, base := t.s[t.byteAt[from]:], from
	for {
		i := strings.Index(rest, s)
		if i < 0 {
			break
		}
		start := base + utf8.RuneCountInString(rest[:i])
		if t.boundary(start, start+n) {
			return t.Span(start, start+n)
		}
		if !found {
			inWord, found = article.Span{Start: start, End: start + n, Text: s}, true
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		rest, base = rest[i+size:], start+1
	}
	if found {
		return inWord, true
	}
	return t.findLoose(s, from)
}

// boundary reports whether [start, end) starts and ends at word boundaries.
func (t *Text) boundary(start, end int) bool {
	word := func(i int) bool {
		return i >= 0 && i < len(t.runes) && (unicode.IsLetter(t.runes[i]) || unicode.IsDigit(t.runes[i]))
	}
	return !(word(start-1) && word(start)) && !(word(end-1) && word(end))
}

// findLoose matches the words of s, in order, separated by white space,
// ignoring case.
func (t *Text) findLoose(s string, from int) (article.Span, bool) {
	words := strings.Fields(s)
	var inWord article.Span
	found := false
	for start := from; start < len(t.runes); start++ {
		end, ok := t.matchWords(start, words)
		switch {
		case !ok:
		case t.boundary(start, end):
			return t.Span(start, end)
		case !found:
			inWord, found = t.Span(start, end)
		}
	}
	return inWord, found
}

func (t *Text) matchWords(at int, words []string) (int, bool) {
	for w, word := range words {
		if w > 0 {
			if at >= len(t.runes) || !unicode.IsSpace(t.runes[at]) {
				return 0, false
			}
			for at < len(t.runes) && unicode.IsSpace(t.runes[at]) {
				at++
			}
		}
		for _, r := range word {
			if at >= len(t.runes) || !equalFold(t.runes[at], r) {
				return 0, false
			}
			at++
		}
	}
	return at, true
}

func equalFold(a, b rune) bool { return a == b || unicode.ToLower(a) == unicode.ToLower(b) }

// Sentences returns the spans of the text's sentences: a sentence ends after
// '.', '!' or '?' followed by white space, and at every line break. Spans
// are trimmed of white space; blank stretches are no sentence.
func (t *Text) Sentences() []article.Span { return t.sentences }

func (t *Text) split() []article.Span {
	var out []article.Span
	start := 0
	flush := func(end int) {
		for start < end && unicode.IsSpace(t.runes[start]) {
			start++
		}
		e := end
		for e > start && unicode.IsSpace(t.runes[e-1]) {
			e--
		}
		if sp, ok := t.Span(start, e); ok {
			out = append(out, sp)
		}
		start = end
	}
	for i, r := range t.runes {
		switch {
		case r == '\n' || r == '\r':
			flush(i + 1)
		case (r == '.' || r == '!' || r == '?') && i+1 < len(t.runes) && unicode.IsSpace(t.runes[i+1]):
			flush(i + 1)
		}
	}
	flush(len(t.runes))
	return out
}

// Cover returns the stretch from the start of the sentence holding the
// first of spans to the end of the sentence holding the last: the evidence
// of a claim made by those spans. With no spans, or spans outside every
// sentence, it returns false.
func (t *Text) Cover(spans ...article.Span) (article.Span, bool) {
	if len(spans) == 0 {
		return article.Span{}, false
	}
	lo, hi := spans[0].Start, spans[0].End
	for _, s := range spans[1:] {
		lo, hi = min(lo, s.Start), max(hi, s.End)
	}
	start, end := lo, hi
	for _, s := range t.sentences {
		if s.Start <= lo && lo < s.End {
			start = s.Start
		}
		if s.Start < hi && hi <= s.End {
			end = s.End
		}
	}
	return t.Span(start, end)
}

// CheckUTF8 returns an error naming the first invalid byte of b, or nil.
// A UTF-16 byte-order mark is named as such.
func CheckUTF8(b []byte) error {
	if utf8.Valid(b) {
		return nil
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return fmt.Errorf("the text is UTF-16 (it starts with a UTF-16 byte-order mark): convert it to UTF-8")
	}
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	line := bytes.Count(b[:i], []byte{'\n'}) + 1
	return fmt.Errorf("invalid UTF-8 at byte %d (line %d): the text must be UTF-8", i, line)
}

// Truncate shortens s to at most n code points, marking the cut with "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Title makes an article title from text: its first non-blank line, cut to
// a readable length.
func Title(text string) string {
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			return Truncate(line, 120)
		}
	}
	return ""
}
