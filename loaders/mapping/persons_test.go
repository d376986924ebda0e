package mapping

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPersonName checks which mentions name a person by a title and a
// personal name (PLOVER actor texts).
func TestPersonName(t *testing.T) {
	tests := map[string]string{
		"Russian President Boris Yeltsin":                        "Boris Yeltsin",
		"U.S. Secretary of State Warren Christopher":             "Warren Christopher",
		"Federal Minister for Interior Aftab Ahmad Khan Sherpao": "Aftab Ahmad Khan Sherpao",
		"President Reagan's":                                     "Reagan",
		"King Hassan of Morocco":                                 "Hassan",
		"Jordan's King Abdullah II":                              "Abdullah II",
		"Vice-President Moody Awori":                             "Moody Awori",
		"Lt. Gen. Prosper Avril":                                 "Prosper Avril",
		"Palestinian leader Yasser Arafat":                       "Yasser Arafat",
		"South African leader F.W. de Klerk":                     "F.W. de Klerk",
		"President Omar Hassan al-Bashir":                        "Omar Hassan al-Bashir",
		"Nigerian junior foreign minister Dubem Oniya":           "Dubem Oniya",
		"British Defence Secretary Tom King":                     "Tom King",
		"Arab League Secretary General Chadli Klibi":             "Chadli Klibi",
		// Offices and institutions, not persons.
		"US President":                   "",
		"Montenegro's prime minister":    "",
		"Taiwan's Vice Foreign Minister": "",
		"president of Armenia":           "",
		"deputy governor of the Tyumen":  "",
		"Russian official":               "",
		"U.S. negotiator":                "",
		"Putin":                          "",
		"Washington":                     "",
	}
	got := map[string]string{}
	for in := range tests {
		got[in], _ = PersonName(in)
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("PersonName (-want +got):\n%s", diff)
	}
}

// TestOrganisationName checks which mentions name an organisation of its
// own, and its acronym.
func TestOrganisationName(t *testing.T) {
	country := func(s string) bool {
		return s == "US" || s == "Palestine" || s == "Kenya" || s == "U.S." || s == "Russia"
	}
	tests := map[string][2]string{
		"Palestine Liberation Organization (PLO)": {"Palestine Liberation Organization", "PLO"},
		"PLO":                              {"PLO", ""},
		"Israeli Peace Movement":           {"Israeli Peace Movement", ""},
		"US":                               {},
		"U.S.":                             {},
		"US Congress":                      {},
		"US Predator":                      {},
		"Kenya Anti-Corruption Commission": {},
		"Latvian Constitutional Court":     {},
		"Lithuanian Parliament":            {},
		"U.S. negotiator":                  {},
		"Russian official":                 {},
		"Bush administration":              {},
		"Ivory Coast's Supreme Court":      {},
		"Washington":                       {},
	}
	got := map[string][2]string{}
	for in := range tests {
		if name, acronym, ok := OrganisationName(in, country); ok {
			got[in] = [2]string{name, acronym}
		} else {
			got[in] = [2]string{}
		}
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("OrganisationName (-want +got):\n%s", diff)
	}
}
