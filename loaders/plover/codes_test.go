package plover

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders/mapping/mappingtest"
)

func TestCAMEOCode(t *testing.T) {
	tests := []struct {
		a    actor
		want string // "" for none
	}{
		{actor{Code: "USA"}, "USA"},
		{actor{Code: "USA", Sector: "GOV"}, "USAGOV"},
		{actor{Code: "SRB", Sector: "CVLalb"}, "SRBCVLALB"},
		{actor{Code: "ISR", Sector: "***"}, "ISR"},
		{actor{Code: "IGO", Sector: "MILx"}, "IGO"},
		{actor{Code: " usa "}, "USA"},
		{actor{Code: "U.S."}, ""},
		{actor{Sector: "GOV"}, ""},
	}
	for _, tt := range tests {
		got, ok := cameoCode(tt.a)
		if tt.want == "" {
			if ok {
				t.Errorf("cameoCode(%+v) = %v, want none", tt.a, got)
			}
			continue
		}
		if want := (article.Code{Scheme: "cameo", Value: tt.want}); !ok || got != want {
			t.Errorf("cameoCode(%+v) = %v, %v; want %v", tt.a, got, ok, want)
		}
	}
}

// TestActorCodes checks the codes a record's actors carry: their CAMEO
// code, and a country's ISO codes from the gazetteer.
func TestActorCodes(t *testing.T) {
	input := oneRecord(`"event": "REJECT", "source": [{"actorText": "Ukraine", "code": "UKR"}], "target": [{"actorText": "Russian", "code": "RUS", "sector": "GOV"}, {"actorText": "Kyiv", "code": "K.Y."}]`)
	results, err := mappingtest.Import(New(nil), "r.json", []byte(input))
	if err != nil || len(results) != 1 || results[0].Err != nil {
		t.Fatalf("import: %v %+v", err, results)
	}
	got := map[string][]article.Code{}
	for _, e := range results[0].Doc.Entities {
		got[e.Type+" "+e.Name] = e.Codes
	}
	want := map[string][]article.Code{
		"actor Ukraine":              {{Scheme: "cameo", Value: "UKR"}, {Scheme: "iso3166_alpha2", Value: "UA"}, {Scheme: "iso3166_alpha3", Value: "UKR"}},
		"actor Government of Russia": {{Scheme: "cameo", Value: "RUSGOV"}},
		"actor Kyiv":                 nil,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("codes (-want +got):\n%s", d)
	}
	if n := results[0].Omitted["actor code that is not a CAMEO code"]; n != 1 {
		t.Errorf("omitted %v, want one actor code that is not a CAMEO code", results[0].Omitted)
	}
}

// TestNamedOfInstitution checks that a person or an organisation of its
// own that a record codes as a state institution stays itself, with its
// own name and key and the code describing it, while common-noun phrases
// ("U.S. negotiator", "Russian official") are the institution.
func TestNamedOfInstitution(t *testing.T) {
	docs := byID(importFile(t, goldFile))
	tests := []struct{ id, text, want string }{
		{"CONSULT-0005", "Russian President Boris Yeltsin", "person Boris Yeltsin key= codes=[cameo:RUSGOV] aliases=[Russian President Boris Yeltsin]"},
		{"CONSULT-0005", "Japanese Prime Minister Ryutaro Hashimoto", "person Ryutaro Hashimoto key= codes=[cameo:JAPGOV cameo:JPNGOV] aliases=[Japanese Prime Minister Ryutaro Hashimoto]"},
		{"AGREE-0041", "Palestine Liberation Organization (PLO)", "organisation Palestine Liberation Organization key= codes=[cameo:PSEGOV] aliases=[Palestine Liberation Organization (PLO) PLO]"},
		{"AGREE-0022", "U.S. negotiator", "government Government of the United States key=cameo-usagov codes=[cameo:USAGOV] aliases=[U.S. negotiator]"},
		{"AGREE-0022", "Russian official", "government Government of Russia key=cameo-rusgov codes=[cameo:RUSGOV] aliases=[Russian official]"},
	}
	for _, tt := range tests {
		doc := docs["plover-PLOVER-GSR01-"+tt.id]
		if doc == nil {
			t.Fatalf("no document %s", tt.id)
		}
		var got []string
		for _, e := range doc.Entities {
			if e.Name == tt.text || slices.Contains(e.Aliases, tt.text) {
				var codes []string
				for _, c := range e.Codes {
					codes = append(codes, c.Scheme+":"+c.Value)
				}
				got = append(got, fmt.Sprintf("%s %s key=%s codes=%v aliases=%v", e.Kind, e.Name, e.Key, codes, e.Aliases))
			}
		}
		if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
			t.Errorf("%s %q (-want +got):\n%s", tt.id, tt.text, diff)
		}
	}
}
