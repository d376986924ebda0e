package store_test

import (
	"testing"

	"newsgraph/store"
)

func TestStringFilterMatch(t *testing.T) {
	cases := []struct {
		f    *store.StringFilter
		v    string
		want bool
	}{
		{nil, "x", true},
		{&store.StringFilter{}, "x", true},
		{&store.StringFilter{Eq: ptr("Actor")}, "Actor", true},
		{&store.StringFilter{Eq: ptr("actor")}, "Actor", false}, // case-sensitive
		{&store.StringFilter{Eq: ptr("")}, "", true},
		{&store.StringFilter{In: []string{"Place", "Actor"}}, "Actor", true},
		{&store.StringFilter{In: []string{}}, "Actor", false}, // an empty In matches nothing
		{&store.StringFilter{Contains: ptr("")}, "Actor", true},
		{&store.StringFilter{Contains: ptr("cto")}, "Actor", true},
		{&store.StringFilter{Contains: ptr("CTO")}, "Actor", false},
		{&store.StringFilter{Contains: ptr("Zoë")}, "Zoë Kovač", true},
		{&store.StringFilter{Contains: ptr("Zoe")}, "Zoë Kovač", false}, // accents are not folded
		{&store.StringFilter{StartsWith: ptr("Ac")}, "Actor", true},
		{&store.StringFilter{StartsWith: ptr("ct")}, "Actor", false},
		{&store.StringFilter{EndsWith: ptr("or")}, "Actor", true},
		{&store.StringFilter{EndsWith: ptr("Act")}, "Actor", false},
		{&store.StringFilter{StartsWith: ptr("Ac"), EndsWith: ptr("or")}, "Actor", true},
		{&store.StringFilter{StartsWith: ptr("Ac"), EndsWith: ptr("ing")}, "Actor", false}, // every operator must hold
		{&store.StringFilter{Eq: ptr("Actor"), In: []string{"Place"}}, "Actor", false},
	}
	for _, c := range cases {
		if got := c.f.Match(c.v); got != c.want {
			t.Errorf("%+v.Match(%q) = %v, want %v", c.f, c.v, got, c.want)
		}
	}
}

func TestStringFilterMatchAny(t *testing.T) {
	cases := []struct {
		f    *store.StringFilter
		vs   []string
		want bool
	}{
		{nil, nil, true},
		{&store.StringFilter{}, nil, false}, // an empty list matches no filter but nil
		{&store.StringFilter{}, []string{"x"}, true},
		{&store.StringFilter{StartsWith: ptr("Zel")}, []string{"Volodymyr", "Zelensky"}, true},
		{&store.StringFilter{StartsWith: ptr("Zel"), EndsWith: ptr("mir")}, []string{"Zelensky", "Vladimir"}, false}, // one element must satisfy all
	}
	for _, c := range cases {
		if got := c.f.MatchAny(c.vs...); got != c.want {
			t.Errorf("%+v.MatchAny(%q) = %v, want %v", c.f, c.vs, got, c.want)
		}
	}
}

func TestDateFilterMatch(t *testing.T) {
	cases := []struct {
		f    *store.DateFilter
		v    string
		want bool
	}{
		{nil, "", true},
		{&store.DateFilter{}, "", true},
		{&store.DateFilter{Eq: ptr("2025-06-03")}, "2025-06-03", true},
		{&store.DateFilter{Eq: ptr("2025-06-03")}, "2025-06-04", false},
		{&store.DateFilter{Gt: ptr("2025-06-03")}, "2025-06-03", false},
		{&store.DateFilter{Gte: ptr("2025-06-03")}, "2025-06-03", true},
		{&store.DateFilter{Lt: ptr("2025-06-03")}, "2025-06-02", true},
		{&store.DateFilter{Lte: ptr("2025-06-03")}, "2025-06-04", false},
		{&store.DateFilter{Gte: ptr("2025-01-01"), Lt: ptr("2026-01-01")}, "2025-12-31", true},
		{&store.DateFilter{Lt: ptr("2025-06-03")}, "", false}, // a missing date matches no operator
		{&store.DateFilter{Gt: ptr("")}, "", false},
	}
	for _, c := range cases {
		if got := c.f.Match(c.v); got != c.want {
			t.Errorf("%+v.Match(%q) = %v, want %v", c.f, c.v, got, c.want)
		}
	}
}

func TestIntFilterMatch(t *testing.T) {
	cases := []struct {
		f    *store.IntFilter
		v    *int
		want bool
	}{
		{nil, nil, true},
		{&store.IntFilter{}, nil, true},
		{&store.IntFilter{Eq: ptr(0)}, ptr(0), true},
		{&store.IntFilter{Eq: ptr(0)}, nil, false}, // a missing value matches no operator
		{&store.IntFilter{Gt: ptr(3)}, ptr(3), false},
		{&store.IntFilter{Gte: ptr(3)}, ptr(3), true},
		{&store.IntFilter{Lt: ptr(3)}, ptr(-1), true},
		{&store.IntFilter{Lte: ptr(3)}, ptr(4), false},
		{&store.IntFilter{Gt: ptr(1), Lt: ptr(10)}, ptr(5), true},
	}
	for _, c := range cases {
		if got := c.f.Match(c.v); got != c.want {
			t.Errorf("%+v.Match(%v) = %v, want %v", c.f, c.v, got, c.want)
		}
	}
}
