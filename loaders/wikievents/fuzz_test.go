package wikievents

import (
	"bytes"
	"os"
	"testing"

	"newsgraph/loaders/mapping/mappingtest"
)

// FuzzWikiEvents feeds arbitrary lines to the importer: it must never
// panic, and every document it emits without an error must be a valid
// native document.
func FuzzWikiEvents(f *testing.F) {
	if sample, err := os.ReadFile(sampleFile); err == nil {
		lines := bytes.Split(sample, []byte("\n"))
		f.Add(lines[2]) // the smallest article of the sample
	}
	f.Add([]byte(newDoc("Kyiv asked Moscow to return prisoners .", "The talks were held in Istanbul .").
		mention("k", "GPE", "Kyiv", "Kyiv").mention("m", "ORG", "Moscow", "Moscow").mention("i", "LOC", "Istanbul", "Istanbul").
		event("e", "Contact.Contact.Meet", "held", "Participant=k", "Participant=m", "Place=i").
		event("r", "Contact.RequestCommand.Unspecified", "asked", "Communicator=k", "Recipient=m", "Topic=i").json()))
	f.Add([]byte(newDoc("Україна and Türkiye met .").mention("u", "GPE", "Україна", "Україна").mention("t", "PER", "Türkiye", "Türkiye").
		event("e", "Conflict.Attack.Unspecified", "met", "Attacker=u", "Target=t", "Place=u").json()))
	f.Add([]byte(`{"doc_id": "d", "text": "", "sentences": [[[["a", 0, 1]], "a"]], "entity_mentions": [{"id": "x", "start": 0, "end": 1, "entity_type": "PER"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		results, _ := mappingtest.Import(New(nil), "f.jsonl", data)
		for _, r := range results {
			if r.Err == nil {
				mappingtest.Valid(t, r.Loc, r.Doc)
			}
		}
	})
}
