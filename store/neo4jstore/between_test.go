package neo4jstore

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestBetweenFromHeads checks the dyads that Between reads from heads
// against those it reads from the evidence: a relation with more pieces
// than its head keeps the articles of, whose earliest article is past
// them (its date is read from its evidence), and a relation from an
// entity to itself (one relation, not one per direction).
func TestBetweenFromHeads(t *testing.T) {
	s := openTestStore(t)
	alpha, beta := storetest.Actor("alpha", "Alpha", "country"), storetest.Actor("beta", "Beta", "country")
	article := func(id, published string, n int) *store.ArticleGraph {
		var text strings.Builder
		text.WriteString("Alpha Beta.")
		for i := range n {
			fmt.Fprintf(&text, " Statement %d.", i)
		}
		b := storetest.NewArticle(id, "Title of "+id, "Wire", published, text.String()).
			Entity(alpha, "Alpha").Entity(beta, "Beta").
			Relate(ontology.Aided, alpha.ID, alpha.ID, store.Qualifiers{}, "Alpha")
		for i := range n {
			b.Relate(ontology.Accused, alpha.ID, beta.ID, store.Qualifiers{}, fmt.Sprintf("Statement %d.", i))
		}
		return b.Build()
	}
	// The head keeps the articles of the first headArticles pieces, in
	// article order: all of a-late's, none of b-early's.
	for _, g := range []*store.ArticleGraph{article("a-late", "2025-06-01", headArticles), article("b-early", "2025-05-01", 2)} {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	accused := store.RelationID(ontology.Accused, alpha.ID, beta.ID, store.Qualifiers{})
	self := store.RelationID(ontology.Aided, alpha.ID, alpha.ID, store.Qualifiers{})
	type dated struct{ ID, Date string }
	cases := []struct {
		name string
		a, b string
		want []dated
	}{
		{"many pieces", beta.ID, alpha.ID, []dated{{accused, "2025-05-01"}}},
		{"itself", alpha.ID, alpha.ID, []dated{{self, "2025-05-01"}}},
	}
	for _, c := range cases {
		heads := store.BetweenQuery{A: c.a, B: c.b, Limit: 10, EvidenceLimit: 1, ArticleOnlyEvidence: true}
		if !headable(store.RelationQuery{EvidenceLimit: heads.EvidenceLimit, ArticleOnlyEvidence: true}) {
			t.Fatalf("%s: the query is not answered from heads", c.name)
		}
		for _, q := range []store.BetweenQuery{heads, {A: c.a, B: c.b, Limit: 10, EvidenceLimit: 1}} {
			rels, truncated, err := s.Between(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			var got []dated
			for _, r := range rels {
				got = append(got, dated{r.Relation.ID, r.Date})
				if n := r.Relation.EvidenceCount(); r.Relation.ID == accused && n != headArticles+2 {
					t.Errorf("%s: %d pieces of evidence, want %d", c.name, n, headArticles+2)
				}
			}
			if d := cmp.Diff(c.want, got); d != "" || truncated {
				t.Errorf("%s, article only %v (-want +got), truncated %v:\n%s", c.name, q.ArticleOnlyEvidence, truncated, d)
			}
		}
	}
}
