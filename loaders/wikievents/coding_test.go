package wikievents

import (
	"strings"
	"testing"
)

// TestSplitCoding: over the whole test split, the evidence of every
// relation keeps the event type it came from as its label, and the
// evidence of an arrest says what the mapping's comment promises: CAMEO
// 173, PLOVER COERCE (the relation, SANCTIONED, keeps its type's codes).
func TestSplitCoding(t *testing.T) {
	arrests := 0
	for _, doc := range validDocs(t, importFile(t, splitFile)) {
		for i, r := range doc.Relations {
			ev := r.Evidence
			if strings.Count(ev.Label, ".") != 2 {
				t.Errorf("%s: relation %d (%s): label %q is not a WikiEvents event type", doc.ID, i, r.Type, ev.Label)
			}
			arrest := strings.HasPrefix(ev.Label, "Justice.ArrestJailDetain.")
			if arrest {
				arrests++
			}
			if got, want := ev.CAMEO+" "+ev.PLOVER, map[bool]string{true: "173 COERCE", false: " "}[arrest]; got != want {
				t.Errorf("%s: relation %d (%s, %s): evidence coded %q, want %q", doc.ID, i, r.Type, ev.Label, got, want)
			}
			if ev.Mode != "" {
				t.Errorf("%s: relation %d: mode %q, but WikiEvents has no modes", doc.ID, i, ev.Mode)
			}
		}
	}
	if arrests == 0 {
		t.Error("no relation came from an arrest; the test checks nothing")
	}
}
