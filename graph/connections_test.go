package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"
)

type pageInfo struct {
	HasNextPage     bool    `json:"hasNextPage"`
	HasPreviousPage bool    `json:"hasPreviousPage"`
	StartCursor     *string `json:"startCursor"`
	EndCursor       *string `json:"endCursor"`
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
		    edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount
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
		if len(p.Edges) > 0 && (p.PageInfo.StartCursor == nil || *p.PageInfo.StartCursor != p.Edges[0].Cursor) {
			t.Fatalf("%s: startCursor %v is not the first edge's cursor", field, p.PageInfo.StartCursor)
		}
		if p.PageInfo.HasPreviousPage != (page > 0) {
			t.Fatalf("%s: page %d has hasPreviousPage %v", field, page, p.PageInfo.HasPreviousPage)
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
		"actors": 9, "meetings": 1, "places": 2, "agreements": 8,
		"entities": 20, "articles": 1, "relations": 25,
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
	query(t, c, `{ actors(first: 0) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`, &resp)
	if len(resp.Actors.Edges) != 0 || !resp.Actors.PageInfo.HasNextPage || resp.Actors.PageInfo.HasPreviousPage ||
		resp.Actors.PageInfo.StartCursor != nil || resp.Actors.PageInfo.EndCursor != nil || resp.Actors.TotalCount != 9 {
		t.Errorf("first: 0 = %+v, want no edges, a next page, no previous page, no cursors and totalCount 9", resp.Actors)
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
	if calls := s.snapshot(); calls["CountEntities"]+calls["ListEntities"] != 1 {
		t.Errorf("totalCount made %v, want one call (the count comes with the list)", calls)
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
	query(t, c, `query($after: String) { node(id: "actor:Q212") { ... on Actor { articles(after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor } } } } }`,
		&after, client.Var("after", *a.PageInfo.EndCursor))
	if got := after.Node.Articles; len(got.Nodes) != 0 || got.PageInfo.HasNextPage || !got.PageInfo.HasPreviousPage || got.PageInfo.StartCursor != nil {
		t.Errorf("articles after the last = %+v, want none, a previous page and no startCursor", got)
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
	if a.Published != "2025-06-03" || a.Entities.TotalCount != 20 || len(a.Entities.Nodes) != 1 ||
		a.Relations.TotalCount != 25 || a.Exchanges.TotalCount != 2 {
		t.Errorf("article = %+v", a)
	}
	if diff := cmp.Diff([]named{{"Istanbul"}, {"Turkey"}}, a.Places.Nodes); diff != "" {
		t.Errorf("places of the article (-want +got):\n%s", diff)
	}
}

// TestHasPreviousPageOfNestedConnections asks hasPreviousPage of
// connections inside nodes, where the connection's after is not the
// query's.
func TestHasPreviousPageOfNestedConnections(t *testing.T) {
	_, c := seeded(t)
	var first struct {
		Node struct {
			Relations struct {
				PageInfo pageInfo `json:"pageInfo"`
			} `json:"relations"`
		} `json:"node"`
	}
	query(t, c, `{ node(id: "actor:Q212") { ... on Entity { relations(first: 1) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`, &first)
	p := first.Node.Relations.PageInfo
	if !p.HasNextPage || p.HasPreviousPage || p.StartCursor == nil || p.EndCursor == nil || *p.StartCursor != *p.EndCursor {
		t.Fatalf("Ukraine's first relation: pageInfo %+v, want a next page, no previous one, and start = end", p)
	}

	var resp struct {
		Relations struct {
			Nodes []struct {
				Source struct {
					Relations struct {
						PageInfo pageInfo `json:"pageInfo"`
					} `json:"relations"`
				} `json:"source"`
			} `json:"nodes"`
			PageInfo pageInfo `json:"pageInfo"`
		} `json:"relations"`
		Second struct {
			PageInfo pageInfo `json:"pageInfo"`
		} `json:"second"`
	}
	query(t, c, `query($after: String) {
	  relations(first: 1) {
	    nodes { source { relations(first: 1, after: $after) { pageInfo { hasPreviousPage } } } }
	    pageInfo { hasPreviousPage }
	  }
	  second: relations(first: 1, after: $after) { pageInfo { hasPreviousPage } }
	}`, &resp, client.Var("after", *p.EndCursor))
	got := []bool{resp.Relations.PageInfo.HasPreviousPage, resp.Relations.Nodes[0].Source.Relations.PageInfo.HasPreviousPage, resp.Second.PageInfo.HasPreviousPage}
	if diff := cmp.Diff([]bool{false, true, true}, got); diff != "" {
		t.Errorf("hasPreviousPage of relations, of its source's relations(after:), and of relations(after:) (-want +got):\n%s", diff)
	}
}

// TestEntityTypeAndKindName asks a relation's ends their type and kind
// without a fragment per type, and checks them against each type's own
// kind field.
func TestEntityTypeAndKindName(t *testing.T) {
	_, c := seeded(t)
	type end struct {
		ID         string  `json:"id"`
		EntityType string  `json:"entityType"`
		KindName   *string `json:"kindName"`
		ActorKind  *string `json:"actorKind"`
		PlaceKind  *string `json:"placeKind"`
		AgreeKind  *string `json:"agreementKind"`
	}
	var resp struct {
		Relations struct {
			Nodes []struct {
				Source end `json:"source"`
				Target end `json:"target"`
			} `json:"nodes"`
		} `json:"relations"`
	}
	ends := `{ id entityType kindName
	  ... on Actor { actorKind: kind } ... on Place { placeKind: kind } ... on Agreement { agreementKind: kind } }`
	query(t, c, `{ relations(first: 100) { nodes { source `+ends+` target `+ends+` } } }`, &resp)

	byType := map[string]int{}
	for _, r := range resp.Relations.Nodes {
		for _, e := range []end{r.Source, r.Target} {
			byType[e.EntityType]++
			prefix, _, _ := strings.Cut(e.ID, ":")
			kind := e.ActorKind
			if kind == nil {
				kind = e.PlaceKind
			}
			if kind == nil {
				kind = e.AgreeKind
			}
			var want *string
			if kind != nil {
				lower := strings.ToLower(*kind)
				want = &lower
			}
			if e.EntityType != strings.ToUpper(prefix) || !cmp.Equal(want, e.KindName) {
				t.Errorf("%s: entityType %s, kindName %v; want %s and %v", e.ID, e.EntityType, ptr(e.KindName), strings.ToUpper(prefix), ptr(want))
			}
		}
	}
	for _, typ := range []string{"ACTOR", "MEETING", "PLACE", "AGREEMENT"} {
		if byType[typ] == 0 {
			t.Errorf("no relation end of type %s in the seed: the test checks nothing for it (%v)", typ, byType)
		}
	}

	// A known actor, asked through the interface alone.
	var known struct {
		Node end `json:"node"`
	}
	query(t, c, `{ node(id: "actor:Q212") { ... on Entity { id entityType kindName } } }`, &known)
	if diff := cmp.Diff(end{ID: "actor:Q212", EntityType: "ACTOR", KindName: strp("country")}, known.Node); diff != "" {
		t.Errorf("Ukraine (-want +got):\n%s", diff)
	}
}

func strp(s string) *string { return &s }

func ptr(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
