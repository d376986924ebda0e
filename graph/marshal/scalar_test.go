package marshal

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
)

// TestString checks that String writes what graphql.MarshalString writes,
// for strings that need escaping and strings that do not.
func TestString(t *testing.T) {
	for _, s := range []string{"", "plain", "Ágota Blaváth", `a "quoted" word`, `back\slash`,
		"tab\tnew\nline\rcr", "\x00\x1f\x7f", "日本語", "bad \xff utf-8", `"`, `\`} {
		if d := cmp.Diff(text(graphql.MarshalString(s)), text(String(s))); d != "" {
			t.Errorf("%q (-gqlgen +String):\n%s", s, d)
		}
	}
}
