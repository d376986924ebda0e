package export

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store/storetest"
)

// TestPlaceColumns: a relation's place is exported with its id and name
// (jsonl and csv) and as an edge attribute (GraphML); a relation without
// one has empty place columns.
func TestPlaceColumns(t *testing.T) {
	st := storeOf(t, storetest.Placed())
	out, _ := export(t, st, Options{Format: JSONL})
	var got []string
	for _, m := range lines(t, out) {
		got = append(got, m["place_id"].(string)+" "+m["place_name"].(string))
	}
	slices.Sort(got)
	want := []string{" ", "place:Q214092 Idlib", "place:Q41183 Aleppo"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("places of the jsonl rows (-want +got):\n%s", diff)
	}
	csv, _ := export(t, st, Options{Format: CSV})
	if !strings.Contains(csv, ",place:Q41183,Aleppo,") {
		t.Errorf("the csv has no place column for Aleppo:\n%s", csv)
	}
	graphml, _ := export(t, st, Options{Format: GraphML})
	if !strings.Contains(graphml, ">place:Q41183<") {
		t.Errorf("the GraphML has no place attribute for Aleppo:\n%s", graphml)
	}
}
