package ontology_test

import (
	"slices"
	"testing"

	"newsgraph/ontology"
)

// TestCodingVocabularies: the lists are sorted without repeats (the
// lookups search them), and every relation type's PLOVER category and
// CAMEO code is one the checks accept.
func TestCodingVocabularies(t *testing.T) {
	for name, list := range map[string][]string{"PLOVEREvents": ontology.PLOVEREvents, "PLOVERModes": ontology.PLOVERModes} {
		if !slices.IsSorted(list) || len(slices.Compact(slices.Clone(list))) != len(list) {
			t.Errorf("%s is not sorted without repeats: %v", name, list)
		}
	}
	for _, spec := range ontology.Relations {
		if spec.PLOVER != "" && !ontology.IsPLOVEREvent(spec.PLOVER) {
			t.Errorf("%s: PLOVER %q is not in PLOVEREvents", spec.Type, spec.PLOVER)
		}
		if spec.CAMEO != "" && !ontology.IsCAMEO(spec.CAMEO) {
			t.Errorf("%s: CAMEO %q does not match %s", spec.Type, spec.CAMEO, ontology.CAMEOPattern)
		}
	}
	for _, tt := range []struct {
		code string
		want bool
	}{{"17", true}, {"173", true}, {"0841", true}, {"1", false}, {"17a", false}, {"12345", false}, {"", false}} {
		if got := ontology.IsCAMEO(tt.code); got != tt.want {
			t.Errorf("IsCAMEO(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if ontology.IsPLOVEREvent("coerce") || !ontology.IsPLOVEREvent("COERCE") {
		t.Error("PLOVER events are upper case")
	}
	if !ontology.IsPLOVERMode("arrest") || ontology.IsPLOVERMode("ARREST") {
		t.Error("PLOVER modes are lower case")
	}
}
