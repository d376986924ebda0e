package graph_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
)

// datedRelations is the answer to effectiveDateQuery.
type datedRelations struct {
	Relations struct {
		Nodes []struct {
			ID            string  `json:"id"`
			Type          string  `json:"type"`
			Date          *string `json:"date"`
			EffectiveDate *string `json:"effectiveDate"`
			Evidence      []struct {
				Article struct {
					ID string `json:"id"`
				} `json:"article"`
			} `json:"evidence"`
		} `json:"nodes"`
	} `json:"relations"`
}

const effectiveDateQuery = `{
  relations(first: 100) {
    nodes { id type date effectiveDate evidence { article { id } } }
  }
}`

// effectiveDates returns, per relation id, its date and effective date
// ("-" for null), and the number of relations without a date.
func effectiveDates(t *testing.T, resp datedRelations) (map[string]string, int) {
	t.Helper()
	got := map[string]string{}
	undated := 0
	for _, r := range resp.Relations.Nodes {
		if r.Date == nil {
			undated++
		}
		got[r.ID] = deref(r.Date) + " " + deref(r.EffectiveDate)
	}
	return got, undated
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

// TestEffectiveDateOfTheSeed: the seed article's relations without a date
// take the article's published date; those with one keep it.
func TestEffectiveDateOfTheSeed(t *testing.T) {
	_, c := seeded(t)
	var resp datedRelations
	query(t, c, effectiveDateQuery, &resp)
	got, undated := effectiveDates(t, resp)
	if undated == 0 {
		t.Fatal("the seed has no relation without a date; the test needs one")
	}
	want := map[string]string{}
	for _, r := range resp.Relations.Nodes {
		if r.Date == nil {
			want[r.ID] = "- 2025-06-03" // the seed's published date
		} else {
			want[r.ID] = *r.Date + " " + *r.Date
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("date and effectiveDate by relation (-want +got):\n%s", diff)
	}
}

// TestEffectiveDateIsTheEarliestArticle puts the seed again under two other
// ids and published dates, so that every undated relation has evidence in
// three articles: its effectiveDate is the earliest published date,
// whichever article its evidence lists first. One copy dates one relation
// (a relation of its own): its effectiveDate is that date, not its
// article's. The evidence's articles are read in one store call.
func TestEffectiveDateIsTheEarliestArticle(t *testing.T) {
	s := newCountingStore(newStore(t))
	loadExamples(t, s)
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, copy := range []struct{ id, published string }{
		{"zz-later-copy", "2025-06-09"},
		{"zz-earlier-copy", "2025-05-30"},
	} {
		doc, err := article.Parse(examplePath, data)
		if err != nil {
			t.Fatal(err)
		}
		doc.ID, doc.Published = copy.id, copy.published
		if copy.id == "zz-later-copy" {
			r := &doc.Relations[0]
			if r.Qualifiers == nil {
				r.Qualifiers = &article.Qualifiers{}
			}
			r.Qualifiers.Date = "2025-06-01"
		}
		g, err := doc.Graph()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutArticle(context.Background(), g); err != nil {
			t.Fatal(err)
		}
	}
	c := newPatientClient(t, s)
	s.snapshot()
	var resp datedRelations
	query(t, c, effectiveDateQuery, &resp)
	calls := s.snapshot()
	got, undated := effectiveDates(t, resp)
	if undated == 0 || undated == len(resp.Relations.Nodes) {
		t.Fatalf("%d of %d relations without a date; the test needs both kinds", undated, len(resp.Relations.Nodes))
	}
	want := map[string]string{}
	for _, r := range resp.Relations.Nodes {
		var articles []string
		for _, e := range r.Evidence {
			articles = append(articles, e.Article.ID)
		}
		if r.Date == nil && !strings.Contains(strings.Join(articles, " "), "zz-earlier-copy") {
			t.Fatalf("%s: evidence %v lacks the earlier copy", r.ID, articles)
		}
		if r.Date == nil {
			want[r.ID] = "- 2025-05-30"
		} else {
			want[r.ID] = *r.Date + " " + *r.Date
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("date and effectiveDate by relation (-want +got):\n%s", diff)
	}
	// Evidence.article and effectiveDate read the same articles through
	// one loader: one batched call for the level.
	if n := calls["Articles"]; n != 1 {
		t.Errorf("Articles called %d times, want 1 (calls: %v)", n, calls)
	}
}

// TestEffectiveDateAloneReadsArticlesOnce asks only for effectiveDate: the
// articles of every relation's evidence are read in one store call.
func TestEffectiveDateAloneReadsArticlesOnce(t *testing.T) {
	s := newCountingStore(newStore(t))
	loadExamples(t, s)
	c := newPatientClient(t, s)
	s.snapshot()
	var resp struct {
		Relations struct {
			Nodes []struct {
				EffectiveDate *string `json:"effectiveDate"`
			} `json:"nodes"`
		} `json:"relations"`
	}
	query(t, c, `{ relations(first: 100) { nodes { effectiveDate } } }`, &resp)
	calls := s.snapshot()
	if len(resp.Relations.Nodes) < 2 {
		t.Fatalf("%d relations, want several", len(resp.Relations.Nodes))
	}
	for i, r := range resp.Relations.Nodes {
		if r.EffectiveDate == nil {
			t.Errorf("relation %d: no effectiveDate", i)
		}
	}
	if n := calls["Articles"]; n != 1 {
		t.Errorf("Articles called %d times for %d relations, want 1 (calls: %v)", n, len(resp.Relations.Nodes), calls)
	}
}
