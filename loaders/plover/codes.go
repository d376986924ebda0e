package plover

import (
	"strings"

	"newsgraph/article"
	"newsgraph/ontology"
)

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
