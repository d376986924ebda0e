package plover

import (
	"regexp"
	"strings"
)

// segment is one marked-up stretch of a record's textInfo.markup:
// "(SRC: Hungarian)" is {tag: "SRC", text: "Hungarian"}.
type segment struct {
	tag  string // SRC, TAR, SRC/TAR, EVT or LOC
	text string // the stretch with inner markup removed
	used bool
}

var tagRE = regexp.MustCompile(`^\((SRC/TAR|SRC|TAR|EVT|LOC):\s*`)

// parseMarkup returns the segments of a markup string in the order they
// open; a segment nested in another ("(LOC: in (TAR: Macedonia))") follows
// it. Parentheses inside a segment ("(SRC: Revolutionary United Front
// (RUF))") are part of its text; a segment left open runs to the end.
func parseMarkup(markup string) []*segment {
	var out []*segment
	parseInto(markup, &out)
	return out
}

// parseInto appends the segments of s to out and returns s without its
// markup.
func parseInto(s string, out *[]*segment) string {
	var plain strings.Builder
	for i := 0; i < len(s); {
		m := tagRE.FindStringSubmatch(s[i:])
		if m == nil {
			plain.WriteByte(s[i])
			i++
			continue
		}
		body, next := closing(s, i+len(m[0]))
		seg := &segment{tag: m[1]}
		*out = append(*out, seg)
		inner := parseInto(body, out)
		seg.text = strings.Join(strings.Fields(inner), " ")
		plain.WriteString(inner)
		i = next
	}
	return plain.String()
}

// closing returns the body of a segment whose text starts at from, up to
// its matching ")", and the index after that parenthesis.
func closing(s string, from int) (body string, next int) {
	depth := 0
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return s[from:i], i + 1
			}
			depth--
		}
	}
	return s[from:], len(s)
}
