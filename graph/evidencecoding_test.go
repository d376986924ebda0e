package graph_test

import (
	"path/filepath"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"
)

// codedEvidence is the answer to codedQuery.
type codedEvidence struct {
	Relations struct {
		Nodes []struct {
			Type     string  `json:"type"`
			Cameo    *string `json:"cameo"`
			Plover   *string `json:"plover"`
			Evidence []struct {
				Cameo  *string `json:"cameo"`
				Plover *string `json:"plover"`
				Mode   *string `json:"mode"`
				Label  *string `json:"label"`
			} `json:"evidence"`
		} `json:"nodes"`
	} `json:"relations"`
}

const codedQuery = `query($where: RelationWhere) {
  relations(where: $where, orderBy: {field: ID}) {
    nodes { type cameo plover evidence { cameo plover mode label } }
  }
}`

// TestEvidenceCoding ingests an article whose arrest keeps its source's
// coding (CAMEO 173, PLOVER COERCE/arrest) under the type SANCTIONED
// (CAMEO 163, PLOVER SANCTION): the evidence says the record's codes, the
// relation its type's, uncoded evidence says null, and relations filter
// on the evidence's codes.
func TestEvidenceCoding(t *testing.T) {
	a := newAPI(t)
	if got := a.ingest(t, inputOf(t, filepath.Join("testdata", "coded-arrest.json"))); got.IngestArticle.Outcome != "CREATED" {
		t.Fatalf("ingest: %+v", got)
	}
	ptr := func(s string) *string { return &s }
	tests := []struct {
		name  string
		where map[string]any
		// want is, per relation, its type's codes then its evidence's.
		want [][6]*string
	}{
		{"arrests by CAMEO", map[string]any{"evidence": map[string]any{"cameo": map[string]any{"eq": "173"}}},
			[][6]*string{{ptr("163"), ptr("SANCTION"), ptr("173"), ptr("COERCE"), ptr("arrest"), ptr("COERCE")}}},
		{"by mode", map[string]any{"evidence": map[string]any{"mode": map[string]any{"in": []string{"arrest", "detain"}}}},
			[][6]*string{{ptr("163"), ptr("SANCTION"), ptr("173"), ptr("COERCE"), ptr("arrest"), ptr("COERCE")}}},
		{"uncoded", map[string]any{"evidence": map[string]any{"plover": map[string]any{"eq": ""}}},
			[][6]*string{{ptr("163"), ptr("SANCTION"), nil, nil, nil, nil}}},
		{"the type's code is not the evidence's", map[string]any{"evidence": map[string]any{"cameo": map[string]any{"eq": "163"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp codedEvidence
			query(t, a.client, codedQuery, &resp, client.Var("where", tt.where))
			var got [][6]*string
			for _, r := range resp.Relations.Nodes {
				for _, ev := range r.Evidence {
					got = append(got, [6]*string{r.Cameo, r.Plover, ev.Cameo, ev.Plover, ev.Mode, ev.Label})
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("codes of the relations and their evidence (-want +got):\n%s", diff)
			}
		})
	}
}
