package mapping

import (
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
// that codes "Hungarian" as HUN says it is Hungary.
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
