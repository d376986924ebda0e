package plover

import (
	"os"
	"testing"

	"newsgraph/loaders/mapping/mappingtest"
)

// FuzzPLOVER feeds arbitrary files to the importer, as a JSON array and as
// JSON lines: it must never panic, and every document it emits without an
// error must be a valid native document.
func FuzzPLOVER(f *testing.F) {
	if sample, err := os.ReadFile(sampleFile); err == nil {
		f.Add(sample)
	}
	f.Add([]byte(oneRecord(`"event": "CONSULT", "source": [{"actorText": "Ukraine"}], "target": [{"actorText": "Russian"}], "eventLoc": {"name": "Istanbul"}`)))
	f.Add([]byte(oneRecord(`"event": "AGREE", "eventText": "agreed", "source": [{"actorText": "Ukraine", "sector": "GOVxyz"}], "textInfo": {"markup": "(SRC/TAR: Ukraine) (EVT: rejected) (LOC: in (TAR: Istanbul)"}`)))
	f.Add([]byte(`{"id": "A", "text": "Kyiv demanded it.", "event": "DEMAND", "source": [{"actorText": "Kyiv"}], "target": [{"actorText": "it"}]}` + "\n{\"id\": 1}\n"))
	f.Add([]byte(`[{"id": "D", "event": "DOCUMENT"}, {"id": "x", "text": "  ", "event": "REJECT"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, path := range []string{"f.json", "f.jsonl"} {
			results, _ := mappingtest.Import(New(nil), path, data)
			for _, r := range results {
				if r.Err == nil {
					mappingtest.Valid(t, r.Loc, r.Doc)
				}
			}
		}
	})
}
