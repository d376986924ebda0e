package plover

import (
	"encoding/json"
	"slices"
	"testing"

	"newsgraph/store"
)

// TestGoldStandardPlaces: the relations of a record with an event location
// found in its sentence carry that location as their place (the meetings
// a record becomes are HELD_IN it instead), and relations of records
// without one carry none.
func TestGoldStandardPlaces(t *testing.T) {
	location := map[string]string{}
	for id, r := range goldRecords(t) {
		var loc struct{ Name string }
		if json.Unmarshal(r.EventLoc, &loc) != nil {
			_ = json.Unmarshal(r.EventLoc, &loc.Name)
		}
		location[id] = loc.Name
	}
	placed := 0
	for _, r := range importFile(t, goldFile) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Loc, r.Err)
			continue
		}
		names, types := map[string][]string{}, map[string]string{}
		for _, e := range r.Doc.Entities {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				names[e.ID] = append(names[e.ID], store.NormalizeName(n))
			}
			types[e.ID] = e.Type
		}
		for i, rel := range r.Doc.Relations {
			place := ""
			if rel.Qualifiers != nil {
				place = rel.Qualifiers.Place
			}
			loc := location[r.Doc.ID]
			meeting := types[rel.Source] == "meeting" || types[rel.Target] == "meeting"
			switch {
			case place == "" && loc != "" && !meeting && r.Omitted["event location not found in the sentence"] == 0:
				t.Errorf("%s: relation %d (%s): no place, want %q", r.Doc.ID, i, rel.Type, loc)
			case place != "" && (types[place] != "place" || !slices.Contains(names[place], store.NormalizeName(loc))):
				t.Errorf("%s: relation %d (%s): place %s %q, want the record's %q", r.Doc.ID, i, rel.Type, types[place], names[place], loc)
			case place != "" && meeting:
				t.Errorf("%s: relation %d (%s) of a meeting has a place (the meeting is HELD_IN it)", r.Doc.ID, i, rel.Type)
			case place != "":
				placed++
			}
		}
	}
	if placed < 20 {
		t.Errorf("%d relations have a place, want at least 20 (the records with a location found in the sentence)", placed)
	}
}
