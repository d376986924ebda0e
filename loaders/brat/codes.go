package brat

import (
	"slices"
	"strings"

	"newsgraph/article"
	"newsgraph/ontology"
)

// Normalizations to a code scheme give an entity a code:
//
//	N2	Reference T3 CAMEO:USAGOV	US government
//	N3	Reference T4 ISO3166:UA	Ukraine
//
// The database is a scheme's name (cameo, iso3166_alpha2, iso3166_alpha3,
// in any case, with - or _), or ISO3166, whose two- or three-letter codes
// are alpha-2 or alpha-3 codes.

// isCodeScheme reports whether a normalization's database is a code
// scheme.
func isCodeScheme(db string) bool {
	db = schemeName(db)
	return db == "iso3166" || slices.Contains(ontology.CodeSchemeNames(), db)
}

func schemeName(db string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(db)), "-", "_")
}

// normalizationCode is the code a normalization to a code scheme gives.
func normalizationCode(db, ref string) (article.Code, bool) {
	if !isCodeScheme(db) {
		return article.Code{}, false
	}
	scheme := ontology.CodeScheme(schemeName(db))
	value := strings.ToUpper(strings.TrimSpace(ref))
	if scheme == "iso3166" {
		scheme = ontology.SchemeISOAlpha2
		if len(value) == 3 {
			scheme = ontology.SchemeISOAlpha3
		}
	}
	spec, ok := ontology.Scheme(scheme)
	if !ok || !spec.Valid(value) {
		return article.Code{}, false
	}
	return article.Code{Scheme: string(scheme), Value: value}, true
}

// code gives the entity group of t the code of normalization n, or counts
// why not.
func (c *converter) code(n *normalization, t *textBound, isEntity bool, code article.Code, ok bool) {
	switch {
	case !ok:
		c.b.Omit("normalization to an invalid " + n.db + " code")
	case !isEntity || c.triggers[t.id]:
		c.b.Omit("normalization of an event or relation")
	default:
		key := c.group[t.id]
		if !slices.Contains(c.codes[key], code) {
			c.codes[key] = append(c.codes[key], code)
		}
	}
}
