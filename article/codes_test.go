package article

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// TestGraphCodes checks that an entity's codes reach its claim, sorted, and
// that two entities of a document that are one entity have the union of
// their codes.
func TestGraphCodes(t *testing.T) {
	d, err := ParseFile("testdata/valid/codes.json")
	if err != nil {
		t.Fatal(err)
	}
	d.Entities = append(d.Entities, Entity{ID: "us2", Type: "actor", Name: "United States",
		Codes: []Code{{Scheme: "cameo", Value: "USA"}, {Scheme: "cameo", Value: "USAGOV"}}})
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]store.Code{}
	for _, c := range g.Entities {
		got[c.Entity.ID] = c.Entity.Codes
	}
	want := map[string][]store.Code{
		"actor:united-states": {{Scheme: ontology.SchemeCAMEO, Value: "USA"}, {Scheme: ontology.SchemeCAMEO, Value: "USAGOV"},
			{Scheme: ontology.SchemeISOAlpha2, Value: "US"}, {Scheme: ontology.SchemeISOAlpha3, Value: "USA"}},
		"actor:russias-military": {{Scheme: ontology.SchemeCAMEO, Value: "RUSMIL"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("codes of the claims (-want +got):\n%s", d)
	}
}
