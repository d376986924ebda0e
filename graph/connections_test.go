package graph_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"
)

type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

type idPage struct {
	Edges []struct {
		Cursor string `json:"cursor"`
		Node   struct {
			ID string `json:"id"`
		} `json:"node"`
	} `json:"edges"`
	PageInfo   pageInfo `json:"pageInfo"`
	TotalCount int      `json:"totalCount"`
}

// walk pages through a top-level list with page size n and returns the ids
// in order and the totalCount of the first page.
func walk(t *testing.T, c *client.Client, field, args string, n int) ([]string, int) {
	t.Helper()
	var ids []string
	totalCount := -1
	var after *string
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("%s: pagination does not end", field)
		}
		var resp map[string]idPage
		query(t, c, fmt.Sprintf(`query($first: Int, $after: String) {
		  list: %s(first: $first, after: $after%s) {
		    edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount
		  }
		}`, field, args), &resp, client.Var("first", n), client.Var("after", after))
		p := resp["list"]
		if totalCount == -1 {
			totalCount = p.TotalCount
		}
		if len(p.Edges) > n {
			t.Fatalf("%s first:%d returned %d edges", field, n, len(p.Edges))
		}
		for _, e := range p.Edges {
			ids = append(ids, e.Node.ID)
		}
		if len(p.Edges) > 0 && (p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor) {
			t.Fatalf("%s: endCursor %v is not the last edge's cursor", field, p.PageInfo.EndCursor)
		}
		if !p.PageInfo.HasNextPage {
			return ids, totalCount
		}
		after = p.PageInfo.EndCursor
	}
}

func TestPaginationWalksEveryItemOnce(t *testing.T) {
	_, c := seeded(t)
	for _, tc := range []struct{ field, args string }{
		{"actors", ""},
		{"actors", ", orderBy: {field: NAME, direction: DESC}"},
		{"actors", ", orderBy: {field: DEGREE, direction: DESC}"},
		{"entities", ""},
		{"entities", ", types: [AGREEMENT, PLACE], orderBy: {field: NAME}"},
		{"meetings", ""},
		{"places", ""},
		{"agreements", ""},
		{"articles", ""},
		{"relations", ""},
		{"relations", ", orderBy: {field: TYPE}"},
	} {
		all, total := walk(t, c, tc.field, tc.args, 100)
		if len(all) != total || total == 0 {
			t.Errorf("%s%s: one page of 100 gave %d items, totalCount %d", tc.field, tc.args, len(all), total)
		}
		for _, n := range []int{1, 2, 3} {
			got, count := walk(t, c, tc.field, tc.args, n)
			if diff := cmp.Diff(all, got); diff != "" {
				t.Errorf("%s%s first:%d walks differently from first:100 (-want +got):\n%s", tc.field, tc.args, n, diff)
			}
			if count != total {
				t.Errorf("%s%s first:%d: totalCount %d, want %d", tc.field, tc.args, n, count, total)
			}
		}
		seen := map[string]bool{}
		for _, id := range all {
			if seen[id] {
				t.Errorf("%s%s: %s listed twice", tc.field, tc.args, id)
			}
			seen[id] = true
		}
	}
}

func TestSeedCounts(t *testing.T) {
	_, c := seeded(t)
	want := map[string]int{
		"actors": 8, "meetings": 1, "places": 2, "agreements": 8,
		"entities": 19, "articles": 1, "relations": 23,
	}
	if diff := cmp.Diff(want, counts(t, c)); diff != "" {
		t.Errorf("totalCounts (-want +got):\n%s", diff)
	}
}

// counts returns the totalCount of every top-level list.
func counts(t *testing.T, c *client.Client) map[string]int {
	t.Helper()
	var resp map[string]struct {
		TotalCount int `json:"totalCount"`
	}
	query(t, c, `{
	  actors { totalCount } meetings { totalCount } places { totalCount }
	  agreements { totalCount } entities { totalCount } articles { totalCount }
	  relations { totalCount }
	}`, &resp)
	out := map[string]int{}
	for k, v := range resp {
		out[k] = v.TotalCount
	}
	return out
}

func TestLoadingTwiceChangesNoCount(t *testing.T) {
	s, c := seeded(t)
	before := counts(t, c)
	loadExamples(t, s)
	if diff := cmp.Diff(before, counts(t, c)); diff != "" {
		t.Errorf("totalCounts changed on a second load (-before +after):\n%s", diff)
	}
}

func TestFirstZero(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Actors idPage `json:"actors"`
	}
	query(t, c, `{ actors(first: 0) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`, &resp)
	if len(resp.Actors.Edges) != 0 || !resp.Actors.PageInfo.HasNextPage || resp.Actors.PageInfo.EndCursor != nil || resp.Actors.TotalCount != 8 {
		t.Errorf("first: 0 = %+v, want no edges, a next page, no endCursor and totalCount 8", resp.Actors)
	}
}

func TestTotalCountOnlyWhenAsked(t *testing.T) {
	s := newCountingStore(newStore(t))
	loadExamples(t, s)
	c := newClient(t, s)
	var resp any
	s.snapshot()
	query(t, c, `{ actors { nodes { name } } relations(first: 1) { edges { cursor } } }`, &resp)
	calls := s.snapshot()
	if calls["CountEntities"]+calls["CountRelations"] != 0 {
		t.Errorf("counted without totalCount: %v", calls)
	}
	query(t, c, `{ actors { totalCount } }`, &resp)
	if calls := s.snapshot(); calls["CountEntities"] != 1 {
		t.Errorf("totalCount made %v, want one CountEntities", calls)
	}
}

func TestEntityArticles(t *testing.T) {
	s, c := seeded(t)
	var resp struct {
		Node struct {
			Articles struct {
				Nodes []struct {
					ID    string `json:"id"`
					Title string `json:"title"`
				} `json:"nodes"`
				PageInfo   pageInfo `json:"pageInfo"`
				TotalCount int      `json:"totalCount"`
			} `json:"articles"`
		} `json:"node"`
	}
	query(t, c, `{ node(id: "actor:Q212") { ... on Entity { articles(first: 1) { nodes { id title } pageInfo { hasNextPage endCursor } totalCount } } } }`, &resp)
	a := resp.Node.Articles
	if len(a.Nodes) != 1 || a.Nodes[0].ID != "article:istanbul-talks-2025-06-03" || a.TotalCount != 1 || a.PageInfo.HasNextPage {
		t.Fatalf("Ukraine's articles = %+v", a)
	}
	// After the last article there is nothing.
	var after struct {
		Node struct {
			Articles struct {
				Nodes    []any    `json:"nodes"`
				PageInfo pageInfo `json:"pageInfo"`
			} `json:"articles"`
		} `json:"node"`
	}
	query(t, c, `query($after: String) { node(id: "actor:Q212") { ... on Actor { articles(after: $after) { nodes { id } pageInfo { hasNextPage } } } } }`,
		&after, client.Var("after", *a.PageInfo.EndCursor))
	if len(after.Node.Articles.Nodes) != 0 || after.Node.Articles.PageInfo.HasNextPage {
		t.Errorf("articles after the last = %+v, want none", after.Node.Articles)
	}

	// Article ids are what the entity lists.
	es, err := s.Entities(context.Background(), []string{"actor:Q212"})
	if err != nil || es[0] == nil {
		t.Fatal(err)
	}
	if !slices.Equal(es[0].Articles, []string{a.Nodes[0].ID}) {
		t.Errorf("store says %v", es[0].Articles)
	}
}

func TestArticleEntitiesAndRelations(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Articles struct {
			Nodes []struct {
				Published string `json:"published"`
				Entities  struct {
					TotalCount int     `json:"totalCount"`
					Nodes      []named `json:"nodes"`
				} `json:"entities"`
				Places struct {
					Nodes []named `json:"nodes"`
				} `json:"places"`
				Relations struct {
					TotalCount int `json:"totalCount"`
				} `json:"relations"`
				Exchanges struct {
					TotalCount int `json:"totalCount"`
				} `json:"exchanges"`
			} `json:"nodes"`
		} `json:"articles"`
	}
	query(t, c, `{
	  articles {
	    nodes {
	      published
	      entities(first: 1) { totalCount nodes { name } }
	      places: entities(types: [PLACE], orderBy: {field: NAME}) { nodes { name } }
	      relations { totalCount }
	      exchanges: relations(types: [EXCHANGED]) { totalCount }
	    }
	  }
	}`, &resp)
	if len(resp.Articles.Nodes) != 1 {
		t.Fatalf("articles = %+v", resp.Articles)
	}
	a := resp.Articles.Nodes[0]
	if a.Published != "2025-06-03" || a.Entities.TotalCount != 19 || len(a.Entities.Nodes) != 1 ||
		a.Relations.TotalCount != 23 || a.Exchanges.TotalCount != 2 {
		t.Errorf("article = %+v", a)
	}
	if diff := cmp.Diff([]named{{"Istanbul"}, {"Turkey"}}, a.Places.Nodes); diff != "" {
		t.Errorf("places of the article (-want +got):\n%s", diff)
	}
}
