package store_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func TestCheckOrder(t *testing.T) {
	cases := []struct {
		field   store.OrderField
		want    store.OrderField
		invalid bool
	}{
		{"", store.OrderByID, false},
		{store.OrderByID, store.OrderByID, false},
		{store.OrderByName, store.OrderByName, false},
		{store.OrderByDate, store.OrderByDate, false},
		{store.OrderByDegree, store.OrderByDegree, false},
		{"name", "", true},
		{"TITLE", "", true},
	}
	for _, c := range cases {
		got, err := store.CheckOrder(store.Order{Field: c.field, Desc: true})
		if got != c.want || errors.Is(err, store.ErrInvalid) != c.invalid {
			t.Errorf("CheckOrder(%q) = %q, %v; want %q, invalid %v", c.field, got, err, c.want, c.invalid)
		}
	}
}

func TestSortKeys(t *testing.T) {
	e := &store.Entity{ID: "meeting:m", Name: "Talks", Date: "2025-06-03"}
	a := &store.Article{ID: "article:a", Title: "Title", Published: "2025-06-04"}
	r := &store.Relation{ID: "relation:r", Type: ontology.HeldIn, Qualifiers: store.Qualifiers{Date: "2025-06-05"}}
	type keys struct{ ID, Name, Date, Degree string }
	got := []keys{
		{store.EntitySortKey(e, store.OrderByID, 7), store.EntitySortKey(e, store.OrderByName, 7),
			store.EntitySortKey(e, store.OrderByDate, 7), store.EntitySortKey(e, store.OrderByDegree, 7)},
		{store.ArticleSortKey(a, store.OrderByID), store.ArticleSortKey(a, store.OrderByName),
			store.ArticleSortKey(a, store.OrderByDate), ""},
		{store.RelationSortKey(r, store.OrderByID), store.RelationSortKey(r, store.OrderByName),
			store.RelationSortKey(r, store.OrderByDate), ""},
	}
	want := []keys{
		{"meeting:m", "Talks", "2025-06-03", "0000000007"},
		{"article:a", "Title", "2025-06-04", ""},
		{"relation:r", "HELD_IN", "2025-06-05", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sort keys (-want +got):\n%s", d)
	}
	// Degrees sort as numbers.
	if !(store.DegreeKey(9) < store.DegreeKey(10) && store.DegreeKey(10) < store.DegreeKey(100)) {
		t.Errorf("DegreeKey does not sort as numbers: %q %q %q", store.DegreeKey(9), store.DegreeKey(10), store.DegreeKey(100))
	}
}
