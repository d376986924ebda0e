package mapping

import (
	"slices"
	"strings"

	"newsgraph/article"
	"newsgraph/loaders/gazetteer"
	"newsgraph/ontology"
)

// countryCodes are the codes the gazetteer gives a country: ISO 3166-1
// alpha-2 and alpha-3 codes, and, for an actor, its CAMEO country code (a
// place is a location, which CAMEO actor codes do not code).
func countryCodes(t ontology.NodeType, c gazetteer.Country) []article.Code {
	var out []article.Code
	add := func(s ontology.CodeScheme, v string) {
		if spec, ok := ontology.Scheme(s); ok && spec.Valid(v) {
			out = append(out, article.Code{Scheme: string(s), Value: v})
		}
	}
	if t == ontology.Actor {
		add(ontology.SchemeCAMEO, c.CAMEO)
	}
	add(ontology.SchemeISOAlpha2, c.ISO2)
	add(ontology.SchemeISOAlpha3, c.ISO3)
	return out
}

// countryByCode finds the country a country's code names: a CAMEO code of
// a country alone ("HUN", not "HUNGOV") or an ISO 3166-1 code. A source
// that codes "Hungarian" or "Budapest" as HUN says the actor is Hungary.
func countryByCode(codes []article.Code) (gazetteer.Country, bool) {
	for _, code := range codes {
		switch ontology.CodeScheme(code.Scheme) {
		case ontology.SchemeCAMEO:
			if len(code.Value) != 3 {
				continue
			}
		case ontology.SchemeISOAlpha2, ontology.SchemeISOAlpha3:
		default:
			continue
		}
		if c, ok := gazetteer.ByCode(code.Value); ok {
			return c, true
		}
	}
	return gazetteer.Country{}, false
}

// placeCodes are the codes of an actor that its place twin shares: its
// country codes, not its CAMEO actor code.
func placeCodes(codes []article.Code) []article.Code {
	var out []article.Code
	for _, c := range codes {
		if ontology.CodeScheme(c.Scheme) != ontology.SchemeCAMEO {
			out = append(out, c)
		}
	}
	return out
}

// organisation finds the organisation (package gazetteer) an actor without
// a Wikidata id names, unless it is a person.
func organisation(t ontology.NodeType, kind, name, wikidata string) (gazetteer.Organisation, bool) {
	if wikidata != "" || kind == "person" || t != ontology.Actor {
		return gazetteer.Organisation{}, false
	}
	return gazetteer.OrganisationByName(name)
}

// An institution is one state institution of a country that a CAMEO code
// of the country and one state role names ("USAGOV", "RUSMIL"): every
// mention a source codes so is that one actor, whatever its wording ("U.S.
// negotiator", "Washington", "Bush administration"), unless it names a
// person ("President Clinton": PersonName) or an organisation of its own
// ("Palestine Liberation Organization (PLO)": OrganisationName), whom the
// code describes (Builder.add).
//
// Its identity and name come from the code and the gazetteer, never from
// a mention, so that it is the same whichever article comes first: the key
// "cameo-" and the code in lower case, with the country's own CAMEO code
// ("cameo-usagov"); the name the country's gazetteer name followed by the
// role's ("United States government", "Russia military"); the kind the
// role's (government, or military for MIL). The mentions' wordings are
// its aliases.
type institution struct {
	key, name, kind string
	code            article.Code
}

// stateRoles name the institution each CAMEO state role code
// (ontology.CAMEOStateRoles) stands for, and give its kind.
var stateRoles = map[string]struct{ name, kind string }{
	"GOV": {"Government", "government"},
	"MIL": {"Armed forces", "military"},
	"LEG": {"Legislature", "government"},
	"JUD": {"Judiciary", "government"},
	"COP": {"Police", "government"},
	"SPY": {"Intelligence services", "government"},
}

// theCountries are the gazetteer's country names that English writes with
// "the" besides those countryPhrase finds by their words.
var theCountries = []string{"Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands", "Philippines", "Seychelles", "Vatican"}

// countryPhrase is a country's name as it follows "of": with "the" before
// a name that is a union, a republic or islands by its words ("the United
// States", "the Dominican Republic", "the Solomon Islands") or one of
// theCountries.
func countryPhrase(name string) string {
	for _, p := range []string{"United ", "Republic ", "Democratic "} {
		if strings.HasPrefix(name, p) {
			return "the " + name
		}
	}
	if strings.HasSuffix(name, " Republic") || strings.HasSuffix(name, " Islands") || slices.Contains(theCountries, name) {
		return "the " + name
	}
	return name
}

// institutionByCode finds the institution the first CAMEO code of codes
// that is a country's code and one state role names, when the gazetteer
// knows the country; only actors without a Wikidata id are one.
func institutionByCode(t ontology.NodeType, wikidata string, codes []article.Code) (institution, bool) {
	if t != ontology.Actor || wikidata != "" {
		return institution{}, false
	}
	spec, _ := ontology.Scheme(ontology.SchemeCAMEO)
	for _, code := range codes {
		if ontology.CodeScheme(code.Scheme) != ontology.SchemeCAMEO || len(code.Value) != 6 || !spec.Identifies(code.Value) {
			continue
		}
		role, ok := stateRoles[code.Value[3:]]
		if !ok {
			continue
		}
		c, ok := gazetteer.ByCode(code.Value[:3])
		if !ok || c.CAMEO == "" {
			continue
		}
		return institution{
			key:  "cameo-" + strings.ToLower(c.CAMEO+code.Value[3:]),
			name: role.name + " of " + countryPhrase(c.Name),
			kind: role.kind,
			code: article.Code{Scheme: string(ontology.SchemeCAMEO), Value: c.CAMEO + code.Value[3:]},
		}, true
	}
	return institution{}, false
}

// withoutStateRoles returns codes without the CAMEO codes of a country and
// a state role: a mention that names a country ("United States", coded
// USAGOV) is the country, and those codes name another actor, its
// institution.
func withoutStateRoles(codes []article.Code) (kept []article.Code, dropped int) {
	for _, c := range codes {
		if ontology.CodeScheme(c.Scheme) == ontology.SchemeCAMEO && len(c.Value) == 6 && stateRoles[c.Value[3:]].name != "" {
			dropped++
			continue
		}
		kept = append(kept, c)
	}
	return kept, dropped
}

// institutionCoded reports whether one of codes names a country's state
// institution (institutionByCode would make the mention that institution).
func institutionCoded(codes []article.Code) bool {
	_, ok := institutionByCode(ontology.Actor, "", codes)
	return ok
}
