package article

import (
	"strings"

	"newsgraph/ontology"
)

// codes checks an entity's codes: at most MaxCodes, each of a scheme the
// ontology defines and with a value of its pattern, none twice.
func (c *checker) codes(path string, codes []Code) {
	c.maxItems(path, len(codes), MaxCodes, "codes", "an entity")
	seen := map[Code]int{}
	for i, code := range codes {
		p := indexPath(path, i)
		if c.skip(p) {
			continue
		}
		spec, ok := c.codeScheme(p+".scheme", code.Scheme)
		if !ok || !c.nonEmpty(p+".value", code.Value) || c.skip(p+".value") {
			continue
		}
		if !spec.Valid(code.Value) {
			c.add(p+".value", "invalid %s code %q: must match %s (at most %d characters)",
				spec.Scheme, truncate(code.Value, 40), spec.Pattern, spec.MaxLength)
			continue
		}
		if j, dup := seen[code]; dup {
			c.add(p, "duplicate code %s %q (also at %s)", code.Scheme, code.Value, indexPath(path, j))
			continue
		}
		seen[code] = i
	}
}

func (c *checker) codeScheme(path, s string) (ontology.CodeSchemeSpec, bool) {
	if c.skip(path) || !c.nonEmpty(path, s) {
		return ontology.CodeSchemeSpec{}, false
	}
	spec, ok := ontology.Scheme(ontology.CodeScheme(s))
	if !ok {
		c.add(path, "unknown code scheme %q: must be one of %s", truncate(s, 40), strings.Join(ontology.CodeSchemeNames(), ", "))
	}
	return spec, ok
}

// codeSchema is the JSON Schema of an entity's code: a rule per scheme
// gives its values' pattern.
func codeSchema() schema {
	rules := make([]schema, len(ontology.CodeSchemes))
	for i, s := range ontology.CodeSchemes {
		rules[i] = schema{
			"if": schema{"properties": schema{"scheme": schema{"const": string(s.Scheme)}}, "required": []string{"scheme"}},
			"then": schema{
				"description": s.Description + " Identity: " + s.Identity + ".",
				"properties":  schema{"value": schema{"pattern": s.Pattern, "maxLength": s.MaxLength}},
			},
		}
	}
	return schema{
		"description": "An external code of the entity: a value of one code scheme. Entities of the same type that share a code identifying one entity are the same entity when an article gives neither key nor Wikidata id.",
		"type":        "object",
		"required":    []string{"scheme", "value"},
		"properties": schema{
			"scheme": schema{"description": "The code scheme.", "type": "string", "enum": ontology.CodeSchemeNames()},
			"value":  schema{"description": "The code, in the scheme's spelling (upper case).", "type": "string", "minLength": 1},
		},
		"additionalProperties": false,
		"allOf":                rules,
	}
}
