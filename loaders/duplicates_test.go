package loaders_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

func TestFindDuplicates(t *testing.T) {
	ukraine := storetest.Actor("Q212", "Ukraine", "country")
	ukraineByKey := storetest.Actor("ukraine-key", "Ukraine (government)", "government")
	ukraineByKey.Wikidata = "Q212"
	usa := storetest.Actor("Q30", "United States", "country")
	usa.Codes = []store.Code{{Scheme: ontology.SchemeCAMEO, Value: "USA"}, {Scheme: ontology.SchemeCAMEO, Value: "IGO"}}
	washington := storetest.Actor("washington", "Washington", "country")
	washington.Codes = []store.Code{{Scheme: ontology.SchemeCAMEO, Value: "USA"}}
	un := storetest.Actor("un", "United Nations", "international_organisation")
	un.Codes = []store.Code{{Scheme: ontology.SchemeCAMEO, Value: "IGO"}} // a class code: no pair
	g := storetest.NewArticle("names", "Names", "Test", "2025-06-03", "Names.").
		Entity(ukraine).Entity(ukraineByKey).Entity(usa).Entity(washington).Entity(un).
		Entity(storetest.Actor("ukraine-government", "Government of Ukraine", "government", "Kyiv")).
		Entity(storetest.Actor("kyiv-city", "Kyiv City Administration", "government", "KYIV")).
		Entity(storetest.Actor("zelensky", "Zelensky", "person")).
		Entity(storetest.Actor("zelenskyy", "Zelenskyy", "person")).
		Entity(storetest.Actor("zelesnky", "Zelesnky", "person")). // two letters swapped: not one edit
		Entity(storetest.Actor("zelenskiy", "Zelenskiy", "person")).
		Entity(storetest.Actor("iran", "Iran", "country")).
		Entity(storetest.Actor("iraq", "Iraq", "country")). // one letter apart, but short
		Entity(storetest.Place("zelensky-place", "Zelensky", "other", nil)).
		Build()
	st := embedded.New()
	if _, err := st.PutArticle(t.Context(), g); err != nil {
		t.Fatal(err)
	}
	actor := func(key string) string { return store.EntityID(ontology.Actor, key) }
	type pair struct {
		A, B    string
		Reasons []string
	}
	tests := []struct {
		name  string
		types []ontology.NodeType
		want  []pair
	}{
		{"actors", []ontology.NodeType{ontology.Actor}, []pair{
			{actor("Q212"), actor("ukraine-key"), []string{"same Wikidata id Q212"}},
			{actor("Q30"), actor("washington"), []string{"same code cameo:USA"}},
			{actor("kyiv-city"), actor("ukraine-government"), []string{`same name "kyiv"`}},
			{actor("zelenskiy"), actor("zelensky"), []string{`names one letter apart: "zelenskiy", "zelensky"`}},
			{actor("zelenskiy"), actor("zelenskyy"), []string{`names one letter apart: "zelenskiy", "zelenskyy"`}},
			{actor("zelensky"), actor("zelenskyy"), []string{`names one letter apart: "zelensky", "zelenskyy"`}},
		}},
		{"places have none", []ontology.NodeType{ontology.Place}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dups, err := loaders.FindDuplicates(t.Context(), st, tt.types...)
			if err != nil {
				t.Fatal(err)
			}
			var got []pair
			for _, d := range dups {
				got = append(got, pair{d.A.ID, d.B.ID, d.Reasons})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("duplicates (-want +got):\n%s", diff)
			}
		})
	}
}
