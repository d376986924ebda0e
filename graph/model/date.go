package model

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"newsgraph/graph/apierr"
)

// DateLayout is the layout of the Date scalar: YYYY-MM-DD.
const DateLayout = time.DateOnly

// ValidDate reports whether s is a real calendar date written YYYY-MM-DD.
func ValidDate(s string) bool {
	t, err := time.Parse(DateLayout, s)
	return err == nil && t.Format(DateLayout) == s
}

// MarshalDate writes a Date (a YYYY-MM-DD string) as a JSON string.
func MarshalDate(s string) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(s))
	})
}

// UnmarshalDate reads a Date argument. Anything but a string holding a real
// calendar date written YYYY-MM-DD is a BAD_USER_INPUT error.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", apierr.BadInput("invalid Date: want a string YYYY-MM-DD, got %s", describe(v))
	}
	if !ValidDate(s) {
		return "", apierr.BadInput("invalid Date %q: want a calendar date written YYYY-MM-DD", s)
	}
	return s, nil
}

// describe names the JSON type of an argument value, for messages.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case int, int64, float64, interface{ String() string }:
		return fmt.Sprintf("the number %v", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
