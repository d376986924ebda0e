package brat

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/article"
)

// TestCodeNormalizations checks that normalizations to a code scheme give
// the entity (its whole equivalence group) codes, and that bad ones are
// counted.
func TestCodeNormalizations(t *testing.T) {
	ann := "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\n*\tAlias T1 T2\n" +
		"N1\tReference T1 CAMEO:ukrgov\tKyiv\nN2\tReference T2 ISO3166:UA\tUkraine\nN3\tReference T2 iso3166-alpha3:UKR\tUkraine\n" +
		"N4\tReference T1 cameo:U.K.\tKyiv\nN5\tReference T1 GeoNames:703448\tKyiv\n"
	doc, omitted, err := convert(t, New(nil), text, ann, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Entities) != 1 {
		t.Fatalf("entities %v, want one", doc.Entities)
	}
	// A country coded UA is Ukraine (package gazetteer), which adds its
	// CAMEO code.
	want := []article.Code{{Scheme: "cameo", Value: "UKRGOV"}, {Scheme: "iso3166_alpha2", Value: "UA"}, {Scheme: "iso3166_alpha3", Value: "UKR"},
		{Scheme: "cameo", Value: "UKR"}}
	if d := cmp.Diff(want, doc.Entities[0].Codes); d != "" {
		t.Errorf("codes (-want +got):\n%s", d)
	}
	if e := doc.Entities[0]; e.Name != "Ukraine" || e.Wikidata != "Q212" {
		t.Errorf("entity %q (%s), want Ukraine (Q212)", e.Name, e.Wikidata)
	}
	wantOmitted := map[string]int{"normalization to an invalid cameo code": 1, "normalization to GeoNames (not Wikidata)": 1}
	if d := cmp.Diff(wantOmitted, omitted, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("omitted (-want +got):\n%s", d)
	}
}
