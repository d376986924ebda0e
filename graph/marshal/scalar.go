package marshal

import (
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// String is graphql.MarshalString (and graphql.MarshalID, the same): s as
// a JSON string, escaped as gqlgen escapes it (quotes, backslashes and
// control characters; other characters as they are). A string that needs
// no escaping, most, is written after one pass over its bytes, where
// gqlgen decodes its characters one by one; and the value costs the
// string's header rather than a closure.
func String(s string) graphql.Marshaler { return quoted(s) }

// quoted is a string value.
type quoted string

func (s quoted) MarshalGQL(w io.Writer) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			graphql.MarshalString(string(s)).MarshalGQL(w)
			return
		}
	}
	_, _ = io.WriteString(w, `"`)
	_, _ = io.WriteString(w, string(s))
	_, _ = io.WriteString(w, `"`)
}
