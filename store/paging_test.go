package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/store"
)

// cmpEmpty makes nil and empty slices equal.
var cmpEmpty = cmpopts.EquateEmpty()

func TestClampFirst(t *testing.T) {
	firsts := []int{-5, 0, 1, 20, store.MaxPageSize - 1, store.MaxPageSize, store.MaxPageSize + 1, 1 << 30}
	want := []int{store.DefaultPageSize, store.DefaultPageSize, 1, 20, store.MaxPageSize - 1, store.MaxPageSize,
		store.MaxPageSize, store.MaxPageSize}
	var got []int
	for _, f := range firsts {
		got = append(got, store.ClampFirst(f))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ClampFirst(%v) (-want +got):\n%s", firsts, d)
	}
}

func TestEndCursor(t *testing.T) {
	cases := []struct {
		name string
		page *store.Page[string]
		want string
	}{
		{"nil page", nil, ""},
		{"empty page", &store.Page[string]{}, ""},
		{"last item's cursor", &store.Page[string]{Items: []string{"a", "b"}, Cursors: []string{"ca", "cb"}}, "cb"},
	}
	for _, c := range cases {
		if got := c.page.EndCursor(); got != c.want {
			t.Errorf("%s: EndCursor() = %q, want %q", c.name, got, c.want)
		}
	}
}
