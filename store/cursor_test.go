package store_test

import (
	"encoding/base64"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, pair := range [][2]string{{"", ""}, {"Zelensky", "actor:Q3433"}, {"0000000003", "relation:ab"},
		{`quote " and \ back`, "article:ü"}} {
		key, id, err := store.DecodeCursor(store.EncodeCursor(pair[0], pair[1]))
		if err != nil {
			t.Fatalf("DecodeCursor(EncodeCursor(%q)): %v", pair, err)
		}
		if d := cmp.Diff(pair, [2]string{key, id}); d != "" {
			t.Errorf("round trip (-want +got):\n%s", d)
		}
	}
}

func TestMalformedCursors(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	for _, c := range []string{"not a cursor!", enc([]byte(`{"key":"x"}`)), enc([]byte(`[1,2]`)), enc([]byte(`["a"`)), "="} {
		if _, _, err := store.DecodeCursor(c); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("DecodeCursor(%q) = %v, want ErrInvalid", c, err)
		}
	}
}

// item is a list item: its sort key and id.
type item struct{ Key, ID string }

func TestLessAndAfter(t *testing.T) {
	items := []item{{"b", "3"}, {"a", "2"}, {"b", "1"}, {"", "4"}, {"a", "1"}}
	cases := []struct {
		desc bool
		want []item
	}{
		// Ties on the key are broken by id, ascending, in both directions.
		{false, []item{{"", "4"}, {"a", "1"}, {"a", "2"}, {"b", "1"}, {"b", "3"}}},
		{true, []item{{"b", "1"}, {"b", "3"}, {"a", "1"}, {"a", "2"}, {"", "4"}}},
	}
	for _, c := range cases {
		got := slices.Clone(items)
		slices.SortFunc(got, func(x, y item) int {
			if store.Less(x.Key, x.ID, y.Key, y.ID, c.desc) {
				return -1
			}
			if store.Less(y.Key, y.ID, x.Key, x.ID, c.desc) {
				return 1
			}
			return 0
		})
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("desc=%v: order (-want +got):\n%s", c.desc, d)
		}
		// After a position is exactly what comes later in that order.
		for i, at := range c.want {
			var after []item
			for _, x := range items {
				if store.After(x.Key, x.ID, at.Key, at.ID, c.desc) {
					after = append(after, x)
				}
			}
			slices.SortFunc(after, func(x, y item) int {
				return slices.Index(c.want, x) - slices.Index(c.want, y)
			})
			if d := cmp.Diff(c.want[i+1:], after, cmpEmpty); d != "" {
				t.Errorf("desc=%v: after %v (-want +got):\n%s", c.desc, at, d)
			}
		}
	}
}
