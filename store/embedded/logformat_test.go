package embedded

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/ontology"
	"newsgraph/store"
)

// v1Log copies testdata/v1/graph.log, a log written by the first version of
// the log format, into a new directory and returns it. The log records, in
// order: the put of article a1, of a2, of a3, of a new version of a1 (a new
// title and hash, one relation more), then the delete of a3.
func v1Log(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "v1", logFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, logFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func f64(v float64) *float64 { return &v }

// v1Articles are the articles the v1 log leaves, field by field.
func v1Articles() []store.ArticleGraph {
	ev := func(article, quote string, start, end int) []store.Evidence {
		return []store.Evidence{{Article: article, Quote: quote, Start: start, End: end}}
	}
	return []store.ArticleGraph{{
		Article: store.Article{ID: "article:a1", Title: "Talks in Istanbul (updated)",
			Text:   "Ukraine and Russia met in Istanbul and agreed to swap 1000 prisoners.",
			Source: "Wire", URL: "https://example.org/a1", Published: "2025-06-03", Hash: "h1b"},
		Entities: []store.EntityClaim{
			{Entity: store.Entity{ID: "actor:Q159", Type: ontology.Actor, Kind: "country", Name: "Russia", Wikidata: "Q159"},
				Mentions: []store.Span{{Start: 12, End: 18}}},
			{Entity: store.Entity{ID: "actor:Q212", Type: ontology.Actor, Kind: "country", Name: "Ukraine",
				Aliases: []string{"Ukrainian delegation"}, Wikidata: "Q212"},
				Mentions: []store.Span{{Start: 0, End: 7}}},
			{Entity: store.Entity{ID: "agreement:prisoner-exchange", Type: ontology.Agreement, Kind: "prisoner_exchange",
				Name: "Prisoner exchange", Status: "agreed"}},
			{Entity: store.Entity{ID: "meeting:2025-06-02-istanbul-talks", Type: ontology.Meeting, Name: "Istanbul talks",
				Date: "2025-06-02", EndDate: "2025-06-03", Round: 2, Format: "bilateral"}},
			{Entity: store.Entity{ID: "place:Q406", Type: ontology.Place, Kind: "city", Name: "Istanbul", Wikidata: "Q406",
				Latitude: f64(41.0136), Longitude: f64(28.955)},
				Mentions: []store.Span{{Start: 26, End: 34}}},
		},
		Relations: []store.RelationClaim{
			{Relation: store.Relation{ID: "relation:026b62769c57f003d88f0364", Type: ontology.HeldIn,
				Source: "meeting:2025-06-02-istanbul-talks", Target: "place:Q406",
				Evidence: ev("article:a1", "met in Istanbul", 19, 34)}},
			{Relation: store.Relation{ID: "relation:10b5a03d1fcc0b7f58a7286b", Type: ontology.Exchanged,
				Source: "actor:Q212", Target: "actor:Q159",
				Qualifiers: store.Qualifiers{Quantity: ptr(1000), Item: "prisoners", Date: "2025-06-10", Duration: "P1D", Conditions: "all for all"},
				Evidence:   ev("article:a1", "swap 1000 prisoners", 50, 69)}},
			{Relation: store.Relation{ID: "relation:5832891ba860a431d08f3a7d", Type: ontology.AgreedTo,
				Source: "actor:Q159", Target: "agreement:prisoner-exchange",
				Evidence: ev("article:a1", "agreed to swap", 39, 53)}},
			{Relation: store.Relation{ID: "relation:e2b9ef6e70742199e0ae741f", Type: ontology.Attended,
				Source: "actor:Q212", Target: "meeting:2025-06-02-istanbul-talks",
				Evidence: ev("article:a1", "Ukraine and Russia met", 0, 22)}},
		},
	}, {
		Article: store.Article{ID: "article:a2", Title: "Kyiv demands", Text: "Ukraine demanded a ceasefire.", Hash: "h2"},
		Entities: []store.EntityClaim{
			{Entity: store.Entity{ID: "actor:Q212", Type: ontology.Actor, Kind: "government", Name: "Ukraine", Aliases: []string{"Kyiv"}},
				Mentions: []store.Span{{Start: 0, End: 7}}},
			{Entity: store.Entity{ID: "agreement:ceasefire", Type: ontology.Agreement, Kind: "ceasefire", Name: "ceasefire", Status: "demanded"}},
		},
		Relations: []store.RelationClaim{
			{Relation: store.Relation{ID: "relation:406c62d6da8d2c5d24e97ed0", Type: ontology.Demanded,
				Source: "actor:Q212", Target: "agreement:ceasefire",
				Evidence: ev("article:a2", "demanded a ceasefire", 8, 28)}},
		},
	}}
}

// storedArticles is every article graph the store keeps, in id order.
func storedArticles(s *Store) []store.ArticleGraph {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []store.ArticleGraph
	for _, id := range s.g.articleIDs.all() {
		out = append(out, *s.g.graphOf(s.g.articles[id]))
	}
	return out
}

// TestReplayV1Log replays the committed log of the first format and checks
// every field of what it holds; then rewrites it in today's format
// (compaction) and checks that replaying that gives the same.
func TestReplayV1Log(t *testing.T) {
	dir := v1Log(t)
	s, logs := open(t, dir)
	if logs.String() != "" {
		t.Errorf("replaying the v1 log warned:\n%s", logs)
	}
	want := v1Articles()
	if diff := cmp.Diff(want, storedArticles(s), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("articles replayed from the v1 log (-want +got):\n%s", diff)
	}
	gone, err := s.Articles(t.Context(), []string{"article:a3"})
	if err != nil || gone[0] != nil {
		t.Errorf("article a3, deleted in the log: got %v, %v; want nil", gone[0], err)
	}
	ents, err := s.Entities(t.Context(), []string{"actor:moldova"})
	if err != nil || ents[0] != nil {
		t.Errorf("the entity only a3 mentioned: got %v, %v; want nil", ents[0], err)
	}

	if err := s.Compact(t.Context()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	b, err := os.ReadFile(filepath.Join(dir, logFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), fmt.Sprintf(`{"v":%d,"op":"put"`, logFormatVersion)) {
		t.Errorf("the compacted log's records do not carry their version:\n%s", b)
	}
	s, _ = open(t, dir)
	if diff := cmp.Diff(want, storedArticles(s), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("articles replayed from the rewritten log (-want +got):\n%s", diff)
	}
}

func TestLogRefusesNewerVersions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{{
		name: "record of a newer version",
		content: append([]byte(fileHeader),
			framePayload([]byte(`{"v":3,"op":"put","article":{"article":{"id":"article:x","hash":"h"},"claims":[]}}`))...),
		want: "record at offset 23: the record is of log format version 3, and this version of newsgraph reads versions 1 to 2",
	}, {
		name: "record with a field its version does not have",
		content: append([]byte(fileHeader),
			framePayload([]byte(`{"v":1,"op":"put","article":{"Article":{"ID":"article:x","Hash":"h","Summary":"s"}}}`))...),
		want: `record at offset 23: json: unknown field "Summary"`,
	}, {
		name:    "header of a newer framing",
		content: []byte(headerPrefix + "2\n"),
		want:    "is a graph log of format v2, and this version of newsgraph reads v1",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, logFile)
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(dir)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Open: %v\nwant an error naming %s and saying %q", err, path, tc.want)
			}
			if b, _ := os.ReadFile(path); string(b) != string(tc.content) {
				t.Errorf("Open changed the log it refused")
			}
		})
	}
}
