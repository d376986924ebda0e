package graph

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/graph/model"
	"newsgraph/ontology"
)

// enumValues turns a generated enum list into strings.
func enumValues[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// upper is the GraphQL enum values of an ontology list.
func upper(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = ontology.EnumValue(v)
	}
	return out
}

// TestRelationTypesRoundTrip checks that every relation type of the ontology
// is a GraphQL enum value that translates back to it, and that the enum has
// no other value.
func TestRelationTypesRoundTrip(t *testing.T) {
	for _, rt := range ontology.RelationTypes {
		v := model.RelationType(rt)
		if !v.IsValid() {
			t.Errorf("relation type %s has no GraphQL enum value", rt)
			continue
		}
		back := relationTypes([]model.RelationType{v})
		if len(back) != 1 || back[0] != rt {
			t.Errorf("enum value %s translates back to %v, want %s", v, back, rt)
		}
		if _, ok := ontology.Relation(back[0]); !ok {
			t.Errorf("enum value %s translates to no ontology relation", v)
		}
	}
	if diff := cmp.Diff(ontology.Names(ontology.RelationTypes), enumValues(model.AllRelationType)); diff != "" {
		t.Errorf("RelationType enum differs from the ontology (-want +got):\n%s", diff)
	}
}

// TestEnumsMatchOntology checks the other generated enums against the
// ontology, and that kind values translate back to the ontology's spelling.
func TestEnumsMatchOntology(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
		got  []string
	}{
		{"EntityType", upper(ontology.Names(ontology.EntityTypes)), enumValues(model.AllEntityType)},
		{"ActorKind", upper(ontology.ActorKinds), enumValues(model.AllActorKind)},
		{"PlaceKind", upper(ontology.PlaceKinds), enumValues(model.AllPlaceKind)},
		{"AgreementKind", upper(ontology.AgreementKinds), enumValues(model.AllAgreementKind)},
		{"AgreementStatus", upper(ontology.AgreementStatuses), enumValues(model.AllAgreementStatus)},
		{"MeetingFormat", upper(ontology.MeetingFormats), enumValues(model.AllMeetingFormat)},
	} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s differs from the ontology (-want +got):\n%s", tc.name, diff)
		}
	}
	for _, k := range model.AllActorKind {
		if got := kindValue(k); !contains(ontology.ActorKinds, got) {
			t.Errorf("ActorKind %s translates to %q, not an ontology kind", k, got)
		}
	}
	for _, et := range model.AllEntityType {
		if got := nodeType(et); !got.IsEntity() {
			t.Errorf("EntityType %s translates to %q, not an entity type", et, got)
		}
	}
}

// TestRelationTypeInfo checks relationTypes' answer against the ontology.
func TestRelationTypeInfo(t *testing.T) {
	spec, _ := ontology.Relation(ontology.Exchanged)
	got := relationTypeInfo(spec)
	want := &model.RelationTypeInfo{
		Type:        model.RelationTypeExchanged,
		Description: spec.Description,
		Sources:     []model.EntityType{model.EntityTypeActor},
		Targets:     []model.EntityType{model.EntityTypeActor},
		Cameo:       ptr("0841"),
		Plover:      ptr("RETREAT"),
		QuadClass:   ptr(2),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EXCHANGED (-want +got):\n%s", diff)
	}
	structural, _ := ontology.Relation(ontology.HeldIn)
	got = relationTypeInfo(structural)
	if got.Cameo != nil || got.Plover != nil || got.QuadClass != nil {
		t.Errorf("HELD_IN has codes %v %v %v, want none", got.Cameo, got.Plover, got.QuadClass)
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
