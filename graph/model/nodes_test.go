package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func TestEntityOf(t *testing.T) {
	for _, tc := range []struct {
		t    ontology.NodeType
		want string
	}{
		{ontology.Actor, "*model.Actor"},
		{ontology.Meeting, "*model.Meeting"},
		{ontology.Place, "*model.Place"},
		{ontology.Agreement, "*model.Agreement"},
	} {
		e := EntityOf(&store.Entity{ID: "x", Type: tc.t})
		if got := typeName(e); got != tc.want {
			t.Errorf("EntityOf(%s) = %s, want %s", tc.t, got, tc.want)
		}
	}
	if e := EntityOf(nil); e != nil {
		t.Errorf("EntityOf(nil) = %#v, want a nil interface", e)
	}
	if e := EntityOf(&store.Entity{Type: ontology.Article}); e != nil {
		t.Errorf("EntityOf(an article) = %#v, want a nil interface", e)
	}
}

func typeName(v any) string {
	switch v.(type) {
	case *Actor:
		return "*model.Actor"
	case *Meeting:
		return "*model.Meeting"
	case *Place:
		return "*model.Place"
	case *Agreement:
		return "*model.Agreement"
	}
	return "?"
}

func TestEnumFieldsAndDefaults(t *testing.T) {
	b := EntityBase{&store.Entity{Kind: "armed_group", Format: "bilateral", Status: "agreed"}}
	empty := EntityBase{&store.Entity{}}
	got := []string{
		string((&Actor{b}).Kind()), string((&Actor{empty}).Kind()),
		string(*(&Meeting{b}).Format()),
		string((&Agreement{b}).Status()), string((&Agreement{empty}).Status()),
		string((&Place{empty}).Kind()),
	}
	want := []string{"ARMED_GROUP", "OTHER", "BILATERAL", "AGREED", "UNKNOWN", "OTHER"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	m := &Meeting{empty}
	if m.Format() != nil || m.Date() != nil || m.Round() != nil || empty.Wikidata() != nil {
		t.Error("empty meeting fields should be null")
	}
	if empty.Aliases() == nil {
		t.Error("Aliases should never be nil")
	}
	r := &Relation{Relation: &store.Relation{Type: ontology.HeldIn}}
	if r.Cameo() != nil || r.Plover() != nil || r.QuadClass() != nil || r.EvidenceCount() != 0 {
		t.Error("a structural relation has no codes, and this one no evidence")
	}
	// A typed nil never hides in the Node interface.
	if ArticleOf(nil) != nil || RelationOf(nil) != nil {
		t.Error("ArticleOf(nil) and RelationOf(nil) should be nil")
	}
}
