package marshal

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
)

// TestBytes checks that Bytes returns what a marshaller writes, whether
// its buffer is new or recycled, and that a recycled buffer holds nothing
// of the answer written into it before.
func TestBytes(t *testing.T) {
	long := strings.Repeat("x", 5000)
	cases := []struct{ name, value string }{
		{"short", "a"},
		{"long", long},
		{"short after long", "b"},
		{"empty", ""},
		{"too large to recycle", strings.Repeat("y", maxRecycled+1)},
		{"after too large", "c"},
	}
	for _, c := range cases {
		got := Bytes(graphql.MarshalString(c.value))
		if d := cmp.Diff(`"`+c.value+`"`, string(got)); d != "" {
			t.Errorf("%s: (-want +got):\n%s", c.name, d)
		}
		Recycle(got)
	}
	Recycle(nil) // nothing to give back: no effect
}
