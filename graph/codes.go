package graph

import (
	"newsgraph/graph/model"
	"newsgraph/ontology"
	"newsgraph/store"
)

// codeFilter translates a CodeWhere: the enum value names the scheme
// (ISO3166_ALPHA2 is "iso3166_alpha2").
func codeFilter(w *model.CodeWhere) *store.CodeFilter {
	if w == nil {
		return nil
	}
	return &store.CodeFilter{Scheme: ontology.CodeScheme(ontology.FromEnumValue(string(w.Scheme))), Value: w.Value}
}
