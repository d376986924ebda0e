package export

import (
	"encoding/xml"
	"slices"
	"testing"

	"newsgraph/article"
	"newsgraph/store/embedded"
)

// TestExportCodes checks that a node carries its entity's codes, and a
// row its ends' codes.
func TestExportCodes(t *testing.T) {
	st := embedded.New()
	t.Cleanup(func() { _ = st.Close() })
	d, err := article.ParseFile("../article/testdata/valid/codes.json")
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutArticle(t.Context(), g); err != nil {
		t.Fatal(err)
	}
	out, _ := export(t, st, Options{Format: GraphML})
	var doc graphML
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(doc.Graph.Nodes, func(n gmItem) bool { return n.ID == "actor:united-states" })
	if i < 0 {
		t.Fatalf("no node actor:united-states in\n%s", out)
	}
	if got, want := doc.Graph.Nodes[i].data()["n_codes"], "cameo:USA iso3166_alpha2:US iso3166_alpha3:USA"; got != want {
		t.Errorf("n_codes = %q, want %q", got, want)
	}

	jl, _ := export(t, st, Options{Format: JSONL})
	recs := lines(t, jl)
	if len(recs) != 1 {
		t.Fatalf("%d relations, want 1:\n%s", len(recs), jl)
	}
	if got := [2]any{recs[0]["source_codes"], recs[0]["target_codes"]}; got != [2]any{"cameo:USA iso3166_alpha2:US iso3166_alpha3:USA", "cameo:RUSMIL"} {
		t.Errorf("source_codes and target_codes = %q", got)
	}
}
