package brat

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
)

// TestCodingAttributes: CAMEO, PLOVER and Mode attributes on an event are
// its coding, kept on its evidence with its label and the mapping's codes
// where the attributes give none; they are neither dropped nor counted as
// unmapped. One on an entity, and codes outside the ontology's lists, are
// counted.
func TestCodingAttributes(t *testing.T) {
	const arrest = "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tArrest-Jail 32 40\trejected\n" +
		"E1\tArrest-Jail:T3 Agent-Arg:T1 Person-Arg:T2\n"
	tests := []struct {
		name    string
		ann     string
		want    []article.Evidence
		omitted map[string]int
	}{
		{"the mapping's codes and the label", arrest, []article.Evidence{
			{CAMEO: "173", PLOVER: "COERCE", Label: "Arrest-Jail"}}, nil},
		{"attributes win", arrest + "A1\tCAMEO E1 1711\nA2\tplover E1 coerce\nA3\tMode E1 Arrest\n", []article.Evidence{
			{CAMEO: "1711", PLOVER: "COERCE", Mode: "arrest", Label: "Arrest-Jail"}}, nil},
		{"codes outside the lists", arrest + "A1\tCAMEO E1 17a\nA2\tMode E1 handcuffs\n", []article.Evidence{
			{PLOVER: "COERCE", Label: "Arrest-Jail"}},
			map[string]int{"event's CAMEO code that is not two to four digits": 1, "event's PLOVER mode not in the ontology's list": 1}},
		{"on an entity", arrest + "A1\tCAMEO T1 173\n", []article.Evidence{
			{CAMEO: "173", PLOVER: "COERCE", Label: "Arrest-Jail"}},
			map[string]int{"coding attribute CAMEO on an annotation that is not an event or relation": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, omitted, err := convert(t, New(nil), text, tt.ann, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []article.Evidence
			for _, r := range doc.Relations {
				ev := r.Evidence
				ev.Span = article.Span{}
				got = append(got, ev)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("evidence codings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.omitted, omitted); diff != "" {
				t.Errorf("omitted (-want +got):\n%s", diff)
			}
		})
	}
}
