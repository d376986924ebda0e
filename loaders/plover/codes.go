package plover

import (
	"strings"

	"newsgraph/article"
	"newsgraph/ontology"
)

// legacyCountries are the country codes of the PLOVER gold-standard records
// that are not CAMEO's, with the CAMEO code of the same country. CAMEO
// codes countries by ISO 3166-1 alpha-3 (the CAMEO manual 1.1b3; the
// country dictionary of the PETRARCH coders, Phoenix.Countries.actors.txt,
// codes Japan JPN); the gold-standard records, made from the manual's
// example sentences, keep three codes of the older KEDS coding those
// sentences were first coded with: JAP (Japan), ITL (Italy) and VTN
// (Vietnam).
var legacyCountries = map[string]string{"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

// cameoCodes are a record actor's codes: its CAMEO actor code (see
// cameoCode) and, when that begins with a legacy country code
// (legacyCountries), the same code with the country's CAMEO code ("JAPGOV"
// and "JPNGOV"), so that the actor meets the other records' Japan.
func cameoCodes(a actor) ([]article.Code, bool) {
	code, ok := cameoCode(a)
	if !ok {
		return nil, false
	}
	out := []article.Code{code}
	if cc, ok := legacyCountries[code.Value[:3]]; ok {
		out = append(out, article.Code{Scheme: code.Scheme, Value: cc + code.Value[3:]})
	}
	return out, true
}

// cameoCode is a record actor's CAMEO actor code: its code followed by its
// sector ("USA" and "GOV" make "USAGOV"; "SRB" and "CVLalb", Albanian
// civilians of Serbia, make "SRBCVLALB"). The unknown sector "***" adds
// nothing; a code or sector that CAMEO codes cannot spell leaves the code
// as far as it can be spelled ("ISR" for "ISR" and "??"), or none.
func cameoCode(a actor) (article.Code, bool) {
	spec, _ := ontology.Scheme(ontology.SchemeCAMEO)
	code := strings.ToUpper(strings.TrimSpace(a.Code))
	if !spec.Valid(code) {
		return article.Code{}, false
	}
	if sector := strings.ToUpper(strings.TrimSpace(a.Sector)); sector != "" && spec.Valid(code+sector) {
		code += sector
	}
	return article.Code{Scheme: string(ontology.SchemeCAMEO), Value: code}, true
}
