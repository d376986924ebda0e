package export

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store/storetest"
)

// TestJSONLEvidenceCoding: an evidence line carries its source's coding,
// and an uncoded one has no coding fields at all.
func TestJSONLEvidenceCoding(t *testing.T) {
	st := storeOf(t, storetest.Coded())
	out, _ := export(t, st, Options{Format: JSONL, Evidence: true})
	var got [][4]any
	for _, m := range lines(t, out) {
		if m["record"] == "evidence" {
			got = append(got, [4]any{m["cameo"], m["plover"], m["mode"], m["label"]})
		}
	}
	want := [][4]any{
		// The EU's sanctions: one coded statement, one not.
		{"163", "SANCTION", nil, nil},
		{nil, nil, nil, nil},
		// Police arrested Navalny: two codings of one span.
		{"173", "COERCE", nil, "Justice.ArrestJailDetain.Unspecified"},
		{"173", "COERCE", "arrest", "COERCE/arrest"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codings of the evidence lines (-want +got):\n%s", diff)
	}
}
