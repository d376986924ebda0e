package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"newsgraph/article"
	"newsgraph/store"
)

// ringArticle is an article about n actors in which actor i hands
// prisoners over to actor i+1 (mod n): every actor has two relations.
func ringArticle(t *testing.T, id string, n int) *store.ArticleGraph {
	t.Helper()
	doc := &article.Document{ID: id, Title: fmt.Sprintf("A ring of %d exchanges", n)}
	var text strings.Builder
	name := func(i int) string { return fmt.Sprintf("Actor %03d", i%n) }
	for i := range n {
		doc.Entities = append(doc.Entities, article.Entity{
			ID: fmt.Sprintf("a%d", i), Type: "actor", Kind: "country", Name: name(i),
		})
	}
	for i := range n {
		sentence := fmt.Sprintf("%s handed prisoners to %s.", name(i), name(i+1))
		start := text.Len() // the text is ASCII: bytes are code points
		text.WriteString(sentence + " ")
		doc.Relations = append(doc.Relations, article.Relation{
			Type: "EXCHANGED", Source: fmt.Sprintf("a%d", i), Target: fmt.Sprintf("a%d", (i+1)%n),
			Evidence: article.Evidence{Span: article.Span{Start: start, End: start + len(sentence), Text: sentence}},
		})
	}
	doc.Text = text.String()
	g, err := doc.Graph()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestNestedFieldsAreBatched checks that the store calls of a nested query
// do not grow with the number of parents: each level costs one call. (The
// loaders wait longer here than by default, so that a busy machine does not
// split a level into several batches; the count is what is tested, the wait
// is a latency trade-off.)
func TestNestedFieldsAreBatched(t *testing.T) {
	const maxCalls = 6
	q := `{
	  actors(first: 100) {
	    edges { node {
	      name
	      relations { edges { node {
	        type source { name } target { name } evidence { article { title } }
	      } } }
	    } }
	  }
	}`
	type rel struct {
		Type     string `json:"type"`
		Source   named  `json:"source"`
		Target   named  `json:"target"`
		Evidence []struct {
			Article struct {
				Title string `json:"title"`
			} `json:"article"`
		} `json:"evidence"`
	}
	var resp struct {
		Actors struct {
			Edges []struct {
				Node struct {
					Name      string `json:"name"`
					Relations struct {
						Edges []struct {
							Node rel `json:"node"`
						} `json:"edges"`
					} `json:"relations"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"actors"`
	}
	for _, n := range []int{10, 100} {
		s := newCountingStore(newStore(t))
		if _, err := s.PutArticle(context.Background(), ringArticle(t, fmt.Sprintf("ring-%d", n), n)); err != nil {
			t.Fatal(err)
		}
		c := newPatientClient(t, s)
		s.snapshot()
		query(t, c, q, &resp)
		calls := s.snapshot()
		if total(calls) > maxCalls {
			t.Errorf("%d actors: %d store calls %v, want at most %d", n, total(calls), calls, maxCalls)
		}
		for method, k := range calls {
			if k > 2 {
				t.Errorf("%d actors: %s called %d times", n, method, k)
			}
		}

		// And the answer is complete.
		if len(resp.Actors.Edges) != n {
			t.Fatalf("%d actors: got %d", n, len(resp.Actors.Edges))
		}
		for _, e := range resp.Actors.Edges {
			rels := e.Node.Relations.Edges
			if len(rels) != 2 {
				t.Errorf("%s has %d relations, want 2", e.Node.Name, len(rels))
				continue
			}
			for _, r := range rels {
				if r.Node.Source.Name != e.Node.Name && r.Node.Target.Name != e.Node.Name {
					t.Errorf("%s has a relation %+v that does not touch it", e.Node.Name, r.Node)
				}
				if len(r.Node.Evidence) != 1 || !strings.HasPrefix(r.Node.Evidence[0].Article.Title, "A ring of") {
					t.Errorf("%s: evidence %+v", e.Node.Name, r.Node.Evidence)
				}
			}
		}
	}
}

// TestLoadersAreNotSharedBetweenRequests checks that a write between two
// requests is seen by the second: loaders cache within one operation only.
func TestLoadersAreNotSharedBetweenRequests(t *testing.T) {
	s := newStore(t)
	c := newClient(t, s)
	q := `{ node(id: "actor:actor-000") { ... on Actor { name } } }`
	var before struct {
		Node *named `json:"node"`
	}
	query(t, c, q, &before)
	if before.Node != nil {
		t.Fatalf("node before loading = %+v", before.Node)
	}
	if _, err := s.PutArticle(context.Background(), ringArticle(t, "ring", 3)); err != nil {
		t.Fatal(err)
	}
	var after struct {
		Node *named `json:"node"`
	}
	query(t, c, q, &after)
	if after.Node == nil || after.Node.Name != "Actor 000" {
		t.Errorf("node after loading = %+v, want Actor 000", after.Node)
	}
}
