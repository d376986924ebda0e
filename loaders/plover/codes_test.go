package plover

import (
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
