package gazetteer

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestByName(t *testing.T) {
	tests := []struct {
		name string
		want string // Wikidata id; "" when no country
	}{
		{"United States", "Q30"},
		{"United States of America", "Q30"},
		{"the United States", "Q30"},
		{"US", "Q30"},
		{"U.S.", "Q30"},
		{"USA", "Q30"},
		{"America", "Q30"},
		{"UK", "Q145"},
		{"Britain", "Q145"},
		{"United Kingdom", "Q145"},
		{"Russia", "Q159"},
		{"Russian Federation", "Q159"},
		{"Ukraine", "Q212"},
		{"  ukraine ", "Q212"},
		{"Bosnia and Herzegovina", "Q225"},
		{"North Korea", "Q423"},
		{"us", ""}, // the pronoun
		{"IS", ""}, // Islamic State, not Iceland's code
		{"Sudanese government", ""},
		{"", ""},
	}
	for _, tt := range tests {
		c, ok := ByName(tt.name)
		if got := c.Wikidata; got != tt.want || ok != (tt.want != "") {
			t.Errorf("ByName(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestByCode(t *testing.T) {
	for code, want := range map[string]string{"USA": "Q30", "US": "Q30", "usa": "Q30", "RUS": "Q159", "UA": "Q212", "GBR": "Q145", "XYZ": ""} {
		c, _ := ByCode(code)
		if c.Wikidata != want {
			t.Errorf("ByCode(%q) = %q, want %q", code, c.Wikidata, want)
		}
	}
	c, _ := ByCode("USA")
	want := Country{Wikidata: "Q30", Name: "United States", ISO2: "US", ISO3: "USA", CAMEO: "USA",
		Aliases: []string{"United States of America", "US", "U.S.", "USA", "U.S.A.", "America"}}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("the United States (-want +got):\n%s", diff)
	}
}

// TestTable checks every row: a Wikidata id, a three-letter code, and no
// Wikidata id or alpha-3 code given twice.
func TestTable(t *testing.T) {
	all := All()
	if len(all) < 200 {
		t.Fatalf("%d countries, want more than 200", len(all))
	}
	qid, a3 := regexp.MustCompile(`^Q[1-9][0-9]*$`), regexp.MustCompile(`^[A-Z]{3}$`)
	seenQ, seen3 := map[string]bool{}, map[string]bool{}
	for _, c := range all {
		if !qid.MatchString(c.Wikidata) || !a3.MatchString(c.ISO3) || c.Name == "" {
			t.Errorf("bad row %+v", c)
		}
		if seenQ[c.Wikidata] || seen3[c.ISO3] {
			t.Errorf("%s / %s listed twice", c.Wikidata, c.ISO3)
		}
		seenQ[c.Wikidata], seen3[c.ISO3] = true, true
		if got, ok := ByName(c.Name); !ok || got.Wikidata != c.Wikidata {
			t.Errorf("ByName(%q) = %+v, want %s", c.Name, got, c.Wikidata)
		}
	}
}

func TestOrganisationByName(t *testing.T) {
	tests := []struct {
		name string
		want string // Wikidata id; "" when none
	}{
		{"Islamic State", "Q2429253"},
		{"the Islamic State", "Q2429253"},
		{"ISIS", "Q2429253"},
		{"ISIL", "Q2429253"},
		{"IS", "Q2429253"},
		{"is", ""},
		{"Islamic State of Iraq", ""}, // its predecessor, another organisation
		{"U.N.", "Q1065"},
		{"United Nations", "Q1065"},
		{"the Taliban", "Q42418"},
		{"Hizbullah", "Q41053"},
		{"Ukraine", ""},
	}
	for _, tt := range tests {
		o, ok := OrganisationByName(tt.name)
		if got := o.Wikidata; got != tt.want || ok != (tt.want != "") {
			t.Errorf("OrganisationByName(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

// TestOrganisationTable checks the table's rows: a Wikidata id, a name,
// and no name shared with a country.
func TestOrganisationTable(t *testing.T) {
	wikidata := regexp.MustCompile(`^Q[1-9][0-9]*$`)
	for _, o := range loadOrganisations() {
		if !wikidata.MatchString(o.Wikidata) || o.Name == "" {
			t.Errorf("malformed row %+v", o)
		}
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			if c, ok := ByName(n); ok {
				t.Errorf("%q names the organisation %s and the country %s", n, o.Wikidata, c.Wikidata)
			}
		}
	}
}
