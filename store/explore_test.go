package store_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func TestCheckExpand(t *testing.T) {
	type args struct {
		Dir   store.Direction
		Types []ontology.RelationType
		Limit int
	}
	cases := []struct {
		name    string
		in      args
		want    args
		invalid bool
	}{
		{"defaults", args{"", nil, 1}, args{store.Both, nil, 1}, false},
		{"types without repeats", args{store.Out, []ontology.RelationType{ontology.LED, ontology.HeldIn, ontology.LED}, 5},
			args{store.Out, []ontology.RelationType{ontology.LED, ontology.HeldIn}, 5}, false},
		{"unknown direction", args{"UP", nil, 1}, args{}, true},
		{"lower-case direction", args{"out", nil, 1}, args{}, true},
		{"unknown type", args{store.In, []ontology.RelationType{"LIKED"}, 1}, args{}, true},
		{"limit 0", args{store.In, nil, 0}, args{}, true},
		{"negative limit", args{store.In, nil, -1}, args{}, true},
	}
	for _, c := range cases {
		dir, types, err := store.CheckExpand(c.in.Dir, c.in.Types, c.in.Limit)
		if errors.Is(err, store.ErrInvalid) != c.invalid {
			t.Errorf("%s: error %v, want invalid %v", c.name, err, c.invalid)
			continue
		}
		if c.invalid {
			continue
		}
		if d := cmp.Diff(c.want, args{dir, types, c.in.Limit}); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

func TestDirectionReverse(t *testing.T) {
	got := []store.Direction{store.Out.Reverse(), store.In.Reverse(), store.Both.Reverse()}
	if d := cmp.Diff([]store.Direction{store.In, store.Out, store.Both}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestRelationDate(t *testing.T) {
	meetings := map[string]string{"meeting:m": "2025-06-03"}
	published := map[string]string{"article:a": "2025-07-01", "article:b": "2025-06-20", "article:c": ""}
	date := func(r *store.Relation) string {
		return store.RelationDate(r, func(id string) string { return meetings[id] }, func(id string) string { return published[id] })
	}
	cases := []struct {
		name string
		r    store.Relation
		want string
	}{
		{"date qualifier first", store.Relation{Source: "meeting:m", Qualifiers: store.Qualifiers{Date: "2025-01-01"}}, "2025-01-01"},
		{"then the source meeting", store.Relation{Source: "meeting:m", Target: "actor:x"}, "2025-06-03"},
		{"then the target meeting", store.Relation{Source: "actor:x", Target: "meeting:m"}, "2025-06-03"},
		{"then the earliest published", store.Relation{Source: "actor:x", Target: "actor:y",
			Evidence: []store.Evidence{{Article: "article:a"}, {Article: "article:c"}, {Article: "article:b"}}}, "2025-06-20"},
		{"else undated", store.Relation{Source: "actor:x", Target: "actor:y", Evidence: []store.Evidence{{Article: "article:c"}}}, ""},
	}
	for _, c := range cases {
		if got := date(&c.r); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
