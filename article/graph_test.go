package article

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func ptr[T any](v T) *T { return &v }

func graphOf(t *testing.T, file string) (*Document, *store.ArticleGraph) {
	t.Helper()
	d, err := parseTestdata(t, file)
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	return d, g
}

func TestGraphMinimal(t *testing.T) {
	d, g := graphOf(t, "valid/minimal.json")
	hash, err := d.Hash()
	if err != nil {
		t.Fatal(err)
	}
	const sentence1 = "Ukraine and Russia met in Istanbul on 2 June."
	const meeting = "meeting:2025-06-02-istanbul-talks"
	want := &store.ArticleGraph{
		Article: store.Article{
			ID:        "article:minimal-1",
			Title:     "Talks in Istanbul",
			Text:      d.Text,
			Source:    "Example Wire",
			URL:       "https://news.example/talks",
			Published: "2025-06-02",
			Hash:      hash,
		},
		Entities: []store.EntityClaim{
			{Entity: store.Entity{ID: "actor:Q212", Type: ontology.Actor, Kind: "country", Name: "Ukraine", Wikidata: "Q212"},
				Mentions: []store.Span{{Start: 0, End: 7}}},
			{Entity: store.Entity{ID: "actor:Q159", Type: ontology.Actor, Kind: "country", Name: "Russia", Aliases: []string{"Moscow"}, Wikidata: "Q159"},
				Mentions: []store.Span{{Start: 12, End: 18}, {Start: 46, End: 52}}},
			{Entity: store.Entity{ID: meeting, Type: ontology.Meeting, Name: "Istanbul talks", Date: "2025-06-02", Round: 1, Format: "bilateral"},
				Mentions: []store.Span{{Start: 19, End: 22}}},
			{Entity: store.Entity{ID: "place:istanbul", Type: ontology.Place, Kind: "city", Name: "Istanbul", Latitude: ptr(41.0082), Longitude: ptr(28.9784)},
				Mentions: []store.Span{{Start: 26, End: 34}}},
			{Entity: store.Entity{ID: "agreement:ceasefire", Type: ontology.Agreement, Kind: "ceasefire", Name: "Ceasefire", Status: "rejected"},
				Mentions: []store.Span{{Start: 66, End: 75}}},
		},
		Relations: []store.RelationClaim{
			{Relation: store.Relation{
				ID:   store.RelationID(ontology.Attended, "actor:Q212", meeting, store.Qualifiers{}),
				Type: ontology.Attended, Source: "actor:Q212", Target: meeting,
				Evidence: []store.Evidence{{Article: "article:minimal-1", Quote: sentence1, Start: 0, End: 45}},
			}},
			{Relation: store.Relation{
				ID:   store.RelationID(ontology.HeldIn, meeting, "place:istanbul", store.Qualifiers{Date: "2025-06-02"}),
				Type: ontology.HeldIn, Source: meeting, Target: "place:istanbul", Qualifiers: store.Qualifiers{Date: "2025-06-02"},
				Evidence: []store.Evidence{{Article: "article:minimal-1", Quote: sentence1, Start: 0, End: 45}},
			}},
			{Relation: store.Relation{
				ID:   store.RelationID(ontology.Rejected, "actor:Q159", "agreement:ceasefire", store.Qualifiers{}),
				Type: ontology.Rejected, Source: "actor:Q159", Target: "agreement:ceasefire",
				Evidence: []store.Evidence{{Article: "article:minimal-1", Quote: "Russia rejected the ceasefire.", Start: 46, End: 76,
					EventCoding: store.EventCoding{CAMEO: "125", PLOVER: "REJECT", Label: "Rejection of a ceasefire"}}},
			}},
		},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("graph (-want +got):\n%s", diff)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(hash) {
		t.Errorf("hash %q is not a hex SHA-256", hash)
	}
}

func TestGraphIsDeterministic(t *testing.T) {
	_, g1 := graphOf(t, "valid/minimal.json")
	_, g2 := graphOf(t, "valid/minimal.yaml")
	if diff := cmp.Diff(g1, g2); diff != "" {
		t.Errorf("the same document read twice gives different graphs (-json +yaml):\n%s", diff)
	}

	d, _ := graphOf(t, "valid/minimal.json")
	d.Source = "Other Wire"
	g3, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	if g3.Article.Hash == g1.Article.Hash {
		t.Error("changing the source does not change the hash")
	}
	if g3.Relations[0].Relation.ID != g1.Relations[0].Relation.ID {
		t.Error("changing the source changes a relation id")
	}
}

func TestGraphMergesEntitiesAndEvidence(t *testing.T) {
	_, g := graphOf(t, "valid/merge.json")
	const article = "article:merge-1"
	demanded := store.RelationID(ontology.Demanded, "actor:Q212", "agreement:ceasefire", store.Qualifiers{})
	for30 := store.Qualifiers{Duration: "30 days"}
	want := &store.ArticleGraph{
		Article: g.Article,
		Entities: []store.EntityClaim{
			// "Kyiv", with the same Wikidata id, is the same entity: one
			// claim, the names as aliases, the mentions together.
			{Entity: store.Entity{ID: "actor:Q212", Type: ontology.Actor, Kind: "country", Name: "Ukraine",
				Aliases: []string{"Kyiv", "Ukrainian government"}, Wikidata: "Q212"},
				Mentions: []store.Span{{Start: 0, End: 7}, {Start: 30, End: 34}}},
			{Entity: store.Entity{ID: "agreement:ceasefire", Type: ontology.Agreement, Kind: "ceasefire", Name: "Ceasefire"},
				Mentions: []store.Span{{Start: 19, End: 28}, {Start: 46, End: 55}}},
		},
		Relations: []store.RelationClaim{
			// Three statements of one relation: two spans, one of them
			// given twice, sorted by start.
			{Relation: store.Relation{
				ID: demanded, Type: ontology.Demanded, Source: "actor:Q212", Target: "agreement:ceasefire",
				Evidence: []store.Evidence{
					{Article: article, Quote: "Ukraine demanded a ceasefire.", Start: 0, End: 29},
					{Article: article, Quote: "Kyiv demanded a ceasefire again.", Start: 30, End: 62},
				},
			}},
			// Other qualifiers make another relation.
			{Relation: store.Relation{
				ID:   store.RelationID(ontology.Demanded, "actor:Q212", "agreement:ceasefire", for30),
				Type: ontology.Demanded, Source: "actor:Q212", Target: "agreement:ceasefire", Qualifiers: for30,
				Evidence: []store.Evidence{{Article: article, Quote: "Ukraine demanded a ceasefire.", Start: 0, End: 29}},
			}},
		},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("graph (-want +got):\n%s", diff)
	}
}

func TestGraphRejectsInvalidDocument(t *testing.T) {
	d := &Document{ID: "x", Title: "T", Text: "abc", Entities: []Entity{
		{ID: "a", Type: "actor", Kind: "country", Name: "Ukraine", Wikidata: "Q212"},
		{ID: "b", Type: "actor", Kind: "government", Name: "Kyiv", Wikidata: "Q212"},
	}}
	_, err := d.Graph()
	want := []Problem{{"$.entities[1]", `"Kyiv" is the same entity as $.entities[0] "Ukraine" (actor:Q212) but its kind "government" differs from "country"`}}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestIdentityKey(t *testing.T) {
	tests := []struct {
		name   string
		entity Entity
		want   string
	}{
		{"key wins", Entity{Type: "actor", Name: "Rustem Umerov", Key: "umerov", Wikidata: "Q1"}, "actor:umerov"},
		{"then Wikidata", Entity{Type: "actor", Name: "Ukraine", Wikidata: "Q212"}, "actor:Q212"},
		{"meeting with a date", Entity{Type: "meeting", Name: "The Second Round of Talks", Date: "2025-06-03"}, "meeting:2025-06-03-second-round-of-talks"},
		{"meeting without a date", Entity{Type: "meeting", Name: "Istanbul talks"}, "meeting:istanbul-talks"},
		{"normalised name", Entity{Type: "agreement", Name: "Soldiers' remains — exchange"}, "agreement:soldiers-remains-exchange"},
		{"accents and case", Entity{Type: "place", Name: "Genève"}, "place:geneve"},
		{"Cyrillic", Entity{Type: "place", Name: "Стамбул"}, "place:стамбул"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.entity.NodeID(); got != tt.want {
				t.Errorf("NodeID = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHashIgnoresEncodingDetails(t *testing.T) {
	d := &Document{ID: "x", Title: "T", Text: "abc", Relations: []Relation{{Type: "LED", Qualifiers: &Qualifiers{}}}}
	same := &Document{ID: "x", Title: "T", Text: "abc", Entities: []Entity{}, Relations: []Relation{{Type: "LED"}}}
	h1, _ := d.Hash()
	h2, _ := same.Hash()
	if h1 != h2 {
		t.Errorf("nil and empty entities, empty and no qualifiers hash differently: %s, %s", h1, h2)
	}
	if d.Entities != nil || d.Relations[0].Qualifiers == nil {
		t.Error("Hash modified the document")
	}
}
