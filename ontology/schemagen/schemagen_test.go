package schemagen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"newsgraph/ontology"
)

func TestRewrite(t *testing.T) {
	schema := "type Query { x: Int }\n\n" + BeginMarker + "\nenum Old { A }\n" + EndMarker + "\n# tail\n"
	got, err := Rewrite([]byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	want := "type Query { x: Int }\n\n" + BeginMarker + "\n\n" + Enums() + EndMarker + "\n# tail\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Rewrite (-want +got):\n%s", diff)
	}
	again, err := Rewrite(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(got) {
		t.Error("Rewrite is not idempotent")
	}
	block, err := Block(got)
	if err != nil {
		t.Fatal(err)
	}
	if block != Enums() {
		t.Errorf("Block after Rewrite = %q, want Enums()", block)
	}
}

func TestRewriteRejectsBadMarkers(t *testing.T) {
	for name, schema := range map[string]string{
		"no markers":     "type Query { x: Int }\n",
		"no end":         BeginMarker + "\n",
		"no begin":       EndMarker + "\n",
		"end before":     EndMarker + "\n" + BeginMarker + "\n",
		"begin repeated": BeginMarker + "\n" + BeginMarker + "\n" + EndMarker + "\n",
	} {
		if _, err := Rewrite([]byte(schema)); err == nil {
			t.Errorf("%s: Rewrite succeeded, want an error", name)
		}
	}
}

// TestEnumsParse checks that the generated block is valid GraphQL and holds
// every value of the ontology, in order.
func TestEnumsParse(t *testing.T) {
	doc, err := gqlparser.LoadSchema(&ast.Source{Name: "enums.graphqls", Input: Enums()})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"EntityType":      ontology.Names(ontology.EntityTypes),
		"RelationType":    ontology.Names(ontology.RelationTypes),
		"ActorKind":       ontology.ActorKinds,
		"PlaceKind":       ontology.PlaceKinds,
		"AgreementKind":   ontology.AgreementKinds,
		"AgreementStatus": ontology.AgreementStatuses,
		"MeetingFormat":   ontology.MeetingFormats,
	}
	for name, values := range want {
		def := doc.Types[name]
		if def == nil || def.Kind != ast.Enum {
			t.Errorf("enum %s missing", name)
			continue
		}
		var got []string
		for _, v := range def.EnumValues {
			got = append(got, v.Name)
			if v.Description == "" {
				t.Errorf("%s.%s has no description", name, v.Name)
			}
		}
		wantValues := make([]string, len(values))
		for i, v := range values {
			wantValues[i] = strings.ToUpper(v)
		}
		if diff := cmp.Diff(wantValues, got); diff != "" {
			t.Errorf("enum %s (-want +got):\n%s", name, diff)
		}
	}
}

func TestRelationDescriptionCarriesCodes(t *testing.T) {
	for _, r := range ontology.Relations {
		d := RelationDescription(r)
		if !strings.HasPrefix(d, r.Description) {
			t.Errorf("%s: description %q does not start with the ontology's", r.Type, d)
		}
		if r.CAMEO != "" && !strings.Contains(d, "CAMEO "+r.CAMEO) {
			t.Errorf("%s: description %q lacks CAMEO %s", r.Type, d, r.CAMEO)
		}
		if r.PLOVER != "" && !strings.Contains(d, "PLOVER "+r.PLOVER) {
			t.Errorf("%s: description %q lacks PLOVER %s", r.Type, d, r.PLOVER)
		}
	}
}
