package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
)

// names runs a list query whose result is `list { nodes { name } }` and
// returns the names.
func names(t *testing.T, c *client.Client, q string) []string {
	t.Helper()
	var resp struct {
		List struct {
			Nodes []named `json:"nodes"`
		} `json:"list"`
	}
	query(t, c, q, &resp)
	out := []string{}
	for _, n := range resp.List.Nodes {
		out = append(out, n.Name)
	}
	return out
}

func TestWhereFilters(t *testing.T) {
	_, c := seeded(t)
	for _, tc := range []struct {
		name  string
		query string
		want  []string
	}{
		{"eq", `{ list: actors(where: {name: {eq: "Ukraine"}}) { nodes { name } } }`, []string{"Ukraine"}},
		{"eq is case-sensitive", `{ list: actors(where: {name: {eq: "ukraine"}}) { nodes { name } } }`, []string{}},
		{"in", `{ list: actors(where: {name: {in: ["Russia", "Ukraine", "Nobody"]}}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Russia", "Ukraine"}},
		{"contains", `{ list: actors(where: {name: {contains: "delegation"}}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Russian delegation", "Ukrainian delegation"}},
		{"startsWith and endsWith", `{ list: actors(where: {name: {startsWith: "V", endsWith: "Putin"}}) { nodes { name } } }`,
			[]string{"Vladimir Putin"}},
		{"empty in matches nothing", `{ list: actors(where: {name: {in: []}}) { nodes { name } } }`, []string{}},
		{"alias", `{ list: actors(where: {alias: {eq: "Kyiv"}}) { nodes { name } } }`, []string{"Ukraine"}},
		{"wikidata", `{ list: entities(where: {wikidata: {eq: "Q406"}}) { nodes { name } } }`, []string{"Istanbul"}},
		{"id", `{ list: entities(where: {id: {in: ["actor:Q159", "place:Q43"]}}) { nodes { name } } }`, []string{"Russia", "Turkey"}},
		{"kind in", `{ list: actors(where: {kind: {in: [PERSON]}}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Rustem Umerov", "Vladimir Putin", "Volodymyr Zelensky"}},
		{"article", `{ list: places(where: {article: {eq: "article:istanbul-talks-2025-06-03"}}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Istanbul", "Turkey"}},
		{"article unknown", `{ list: places(where: {article: {eq: "article:nope"}}) { nodes { name } } }`, []string{}},
		{"place kind", `{ list: places(where: {kind: {eq: COUNTRY}}) { nodes { name } } }`, []string{"Turkey"}},
		{"agreement status", `{ list: agreements(where: {status: {eq: DEMANDED}}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Demobilization of Ukrainian soldiers", "International recognition of Russian annexed territories"}},
		{"AND", `{ list: actors(where: {AND: [{kind: {eq: PERSON}}, {name: {startsWith: "Vo"}}]}) { nodes { name } } }`,
			[]string{"Volodymyr Zelensky"}},
		{"OR", `{ list: actors(where: {OR: [{name: {eq: "Russia"}}, {wikidata: {eq: "Q7747"}}]}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Russia", "Vladimir Putin"}},
		{"NOT", `{ list: actors(where: {kind: {eq: COUNTRY}, NOT: {name: {eq: "Russia"}}}) { nodes { name } } }`,
			[]string{"Ukraine"}},
		{"nested", `{ list: actors(where: {OR: [{AND: [{kind: {eq: DELEGATION}}, {NOT: {name: {contains: "Russian"}}}]}, {name: {eq: "European allies"}}]}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"European allies", "Ukrainian delegation"}},
		{"entity type", `{ list: entities(where: {type: {in: [MEETING, PLACE]}}, orderBy: {field: NAME}) { nodes { name } } }`,
			[]string{"Istanbul", "Second round of Russia–Ukraine peace talks in Istanbul", "Turkey"}},
		{"types argument", `{ list: entities(types: [PLACE], where: {name: {startsWith: "T"}}) { nodes { name } } }`, []string{"Turkey"}},
		{"meeting date range", `{ list: meetings(where: {date: {gte: "2025-06-01", lte: "2025-06-30"}}) { nodes { name } } }`,
			[]string{"Second round of Russia–Ukraine peace talks in Istanbul"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, names(t, c, tc.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRelationWhere(t *testing.T) {
	_, c := seeded(t)
	type rel struct {
		Type   string `json:"type"`
		Source named  `json:"source"`
		Target named  `json:"target"`
	}
	for _, tc := range []struct {
		name  string
		where string
		want  []rel
	}{
		{
			name:  "source and target",
			where: `{source: {name: {eq: "Russia"}}, target: {type: {eq: AGREEMENT}}, type: {eq: REJECTED}}`,
			want:  []rel{{"REJECTED", named{"Russia"}, named{"Full and unconditional ceasefire of at least 30 days"}}},
		},
		{
			name:  "target only",
			where: `{target: {name: {eq: "Ukrainian delegation"}}}`,
			want: []rel{
				{"LED", named{"Rustem Umerov"}, named{"Ukrainian delegation"}},
				{"MEMBER_OF", named{"Rustem Umerov"}, named{"Ukrainian delegation"}},
			},
		},
		{
			name:  "type in and NOT",
			where: `{type: {in: [LED]}, NOT: {source: {name: {eq: "Rustem Umerov"}}}}`,
			want: []rel{
				{"LED", named{"Vladimir Putin"}, named{"Russia"}},
				{"LED", named{"Volodymyr Zelensky"}, named{"Ukraine"}},
			},
		},
		{
			name:  "item and quantity",
			where: `{item: {contains: "remains"}, quantity: {gt: 5999, lt: 6001}, source: {name: {eq: "Ukraine"}}}`,
			want:  []rel{{"EXCHANGED", named{"Ukraine"}, named{"Russia"}}},
		},
		{
			name:  "article",
			where: `{article: {eq: "article:istanbul-talks-2025-06-03"}, type: {eq: HELD_IN}}`,
			want:  []rel{{"HELD_IN", named{"Second round of Russia–Ukraine peace talks in Istanbul"}, named{"Istanbul"}}},
		},
		{
			name:  "OR of sources",
			where: `{type: {eq: SUPPORTED}, OR: [{source: {name: {eq: "Ukraine"}}}, {source: {name: {eq: "Russia"}}}]}`,
			want: []rel{
				{"SUPPORTED", named{"Russia"}, named{"Direct talks between heads of state"}},
				{"SUPPORTED", named{"Ukraine"}, named{"Direct talks between heads of state"}},
			},
		},
		{
			name:  "no date qualifier matches no date filter",
			where: `{date: {gte: "1900-01-01"}}`,
			want:  []rel{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp struct {
				Relations struct {
					Nodes []rel `json:"nodes"`
				} `json:"relations"`
			}
			query(t, c, fmt.Sprintf(`{ relations(where: %s, first: 100) { nodes { type source { name } target { name } } } }`, tc.where), &resp)
			got := resp.Relations.Nodes
			if got == nil {
				got = []rel{}
			}
			slices.SortFunc(got, func(a, b rel) int {
				return strings.Compare(a.Type+a.Source.Name+a.Target.Name, b.Type+b.Source.Name+b.Target.Name)
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEntityRelationsArguments(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Node struct {
			Out struct {
				TotalCount int `json:"totalCount"`
			} `json:"out"`
			In struct {
				Nodes []struct {
					Source named `json:"source"`
				} `json:"nodes"`
			} `json:"in"`
			Both struct {
				TotalCount int `json:"totalCount"`
			} `json:"both"`
			None struct {
				TotalCount int `json:"totalCount"`
			} `json:"none"`
			Filtered struct {
				Nodes []struct {
					Target named `json:"target"`
				} `json:"nodes"`
			} `json:"filtered"`
		} `json:"node"`
	}
	query(t, c, `{
	  node(id: "actor:Q212") {
	    ... on Actor {
	      out: relations(direction: OUT) { totalCount }
	      in: relations(direction: IN, types: [LED, EXCHANGED], orderBy: {field: TYPE}) { nodes { source { name } } }
	      both: relations { totalCount }
	      none: relations(types: [], where: {type: {in: []}}) { totalCount }
	      filtered: relations(direction: OUT, where: {target: {type: {eq: AGREEMENT}}, type: {eq: REJECTED}}, orderBy: {field: ID, direction: DESC}) {
	        nodes { target { name } }
	      }
	    }
	  }
	}`, &resp)
	n := resp.Node
	// Ukraine: DEMANDED, PROPOSED ×2 (the truce, and to Russia), REJECTED ×2,
	// AGREED_TO, EXCHANGED and SUPPORTED go out; EXCHANGED, LED and
	// MEMBER_OF (its Ministry of Defence) come in.
	if n.Out.TotalCount != 8 || n.Both.TotalCount != 11 {
		t.Errorf("Ukraine's relations: %d out, %d in all; want 8 and 11", n.Out.TotalCount, n.Both.TotalCount)
	}
	// types: [] means every type; type: {in: []} matches none.
	if n.None.TotalCount != 0 {
		t.Errorf("relations with type in [] = %d, want 0", n.None.TotalCount)
	}
	var in []string
	for _, r := range n.In.Nodes {
		in = append(in, r.Source.Name)
	}
	if diff := cmp.Diff([]string{"Russia", "Volodymyr Zelensky"}, in); diff != "" {
		t.Errorf("incoming EXCHANGED and LED, by type (-want +got):\n%s", diff)
	}
	var rejected []string
	for _, r := range n.Filtered.Nodes {
		rejected = append(rejected, r.Target.Name)
	}
	slices.Sort(rejected)
	if diff := cmp.Diff([]string{"Demobilization of Ukrainian soldiers", "International recognition of Russian annexed territories"}, rejected); diff != "" {
		t.Errorf("what Ukraine rejected (-want +got):\n%s", diff)
	}
}

func TestOrderBy(t *testing.T) {
	_, c := seeded(t)
	asc := names(t, c, `{ list: actors(orderBy: {field: NAME}, first: 100) { nodes { name } } }`)
	if !slices.IsSorted(asc) || len(asc) != 9 {
		t.Errorf("NAME ASC = %v, not sorted", asc)
	}
	desc := names(t, c, `{ list: actors(orderBy: {field: NAME, direction: DESC}, first: 100) { nodes { name } } }`)
	slices.Reverse(desc)
	if diff := cmp.Diff(asc, desc); diff != "" {
		t.Errorf("NAME DESC is not NAME ASC reversed (-asc +reversed desc):\n%s", diff)
	}
	degree := names(t, c, `{ list: actors(orderBy: {field: DEGREE, direction: DESC}, first: 2) { nodes { name } } }`)
	if diff := cmp.Diff([]string{"Ukraine", "Russia"}, degree); diff != "" {
		t.Errorf("DEGREE DESC (-want +got):\n%s", diff)
	}

	var rels struct {
		Relations struct {
			Nodes []struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			} `json:"nodes"`
		} `json:"relations"`
	}
	query(t, c, `{ relations(orderBy: {field: TYPE, direction: DESC}, first: 100) { nodes { id type } } }`, &rels)
	var types []string
	for _, r := range rels.Relations.Nodes {
		types = append(types, r.Type)
	}
	if !slices.IsSortedFunc(types, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("relations by TYPE DESC: %v", types)
	}
	query(t, c, `{ relations(orderBy: {field: ID}, first: 100) { nodes { id type } } }`, &rels)
	ids := make([]string, len(rels.Relations.Nodes))
	for i, r := range rels.Relations.Nodes {
		ids[i] = r.ID
	}
	if !slices.IsSorted(ids) {
		t.Errorf("relations by ID: %v", ids)
	}
}

func TestNodeForEveryType(t *testing.T) {
	_, c := seeded(t)
	var lists struct {
		Actors     struct{ Nodes []struct{ ID string } } `json:"actors"`
		Meetings   struct{ Nodes []struct{ ID string } } `json:"meetings"`
		Places     struct{ Nodes []struct{ ID string } } `json:"places"`
		Agreements struct{ Nodes []struct{ ID string } } `json:"agreements"`
		Articles   struct{ Nodes []struct{ ID string } } `json:"articles"`
		Relations  struct{ Nodes []struct{ ID string } } `json:"relations"`
	}
	query(t, c, `{
	  actors(first: 1) { nodes { id } } meetings(first: 1) { nodes { id } }
	  places(first: 1) { nodes { id } } agreements(first: 1) { nodes { id } }
	  articles(first: 1) { nodes { id } } relations(first: 1) { nodes { id } }
	}`, &lists)
	byType := map[string]string{
		"Actor": lists.Actors.Nodes[0].ID, "Meeting": lists.Meetings.Nodes[0].ID,
		"Place": lists.Places.Nodes[0].ID, "Agreement": lists.Agreements.Nodes[0].ID,
		"Article": lists.Articles.Nodes[0].ID, "Relation": lists.Relations.Nodes[0].ID,
	}
	type node struct {
		Typename string `json:"__typename"`
		ID       string `json:"id"`
	}
	var ids []string
	var want []*node
	for typ, id := range byType {
		var resp struct {
			Node *node `json:"node"`
		}
		query(t, c, `query($id: ID!) { node(id: $id) { __typename id } }`, &resp, client.Var("id", id))
		if diff := cmp.Diff(&node{typ, id}, resp.Node); diff != "" {
			t.Errorf("node(%q) (-want +got):\n%s", id, diff)
		}
		ids = append(ids, id, "actor:nobody")
		want = append(want, &node{typ, id}, nil)
	}

	// nodes keeps the order and puts null where nothing has the id.
	var resp struct {
		Nodes []*node `json:"nodes"`
	}
	query(t, c, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, &resp, client.Var("ids", ids))
	if diff := cmp.Diff(want, resp.Nodes); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
}

func TestUnknownNodeIsNull(t *testing.T) {
	_, c := seeded(t)
	for _, id := range []string{
		"actor:nobody", "meeting:Q212", "article:nope", "relation:0000", "garbage", "", "unknown:x", "Actor:Q212",
	} {
		var resp struct {
			Node *struct{ ID string } `json:"node"`
		}
		query(t, c, `query($id: ID!) { node(id: $id) { id } }`, &resp, client.Var("id", id))
		if resp.Node != nil {
			t.Errorf("node(%q) = %+v, want null", id, resp.Node)
		}
	}
}

func TestEvidenceQuotesTheArticle(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Relations struct {
			Nodes []struct {
				ID       string `json:"id"`
				Evidence []struct {
					Article struct {
						ID   string `json:"id"`
						Text string `json:"text"`
					} `json:"article"`
					Quote string `json:"quote"`
					Start int    `json:"start"`
					End   int    `json:"end"`
				} `json:"evidence"`
			} `json:"nodes"`
			TotalCount int `json:"totalCount"`
		} `json:"relations"`
	}
	query(t, c, `{ relations(first: 100) { totalCount nodes { id evidence { article { id text } quote start end } } } }`, &resp)
	if len(resp.Relations.Nodes) != resp.Relations.TotalCount || len(resp.Relations.Nodes) == 0 {
		t.Fatalf("got %d of %d relations", len(resp.Relations.Nodes), resp.Relations.TotalCount)
	}
	for _, r := range resp.Relations.Nodes {
		if len(r.Evidence) == 0 {
			t.Errorf("%s has no evidence", r.ID)
		}
		for _, ev := range r.Evidence {
			text := []rune(ev.Article.Text)
			if ev.Start < 0 || ev.End > len(text) || ev.Start >= ev.End {
				t.Errorf("%s: span [%d,%d) outside %s", r.ID, ev.Start, ev.End, ev.Article.ID)
				continue
			}
			if got := string(text[ev.Start:ev.End]); got != ev.Quote {
				t.Errorf("%s: text[%d:%d] = %q, quote %q", r.ID, ev.Start, ev.End, got, ev.Quote)
			}
		}
	}
}

func TestRelationTypes(t *testing.T) {
	_, c := seeded(t)
	type info struct {
		Type        string   `json:"type"`
		Description string   `json:"description"`
		Sources     []string `json:"sources"`
		Targets     []string `json:"targets"`
		Cameo       *string  `json:"cameo"`
		Plover      *string  `json:"plover"`
		QuadClass   *int     `json:"quadClass"`
	}
	var resp struct {
		RelationTypes []info `json:"relationTypes"`
	}
	query(t, c, `{ relationTypes { type description sources targets cameo plover quadClass } }`, &resp)
	var want []info
	for _, r := range ontology.Relations {
		i := info{Type: string(r.Type), Description: r.Description}
		for _, s := range r.Sources {
			i.Sources = append(i.Sources, s.Enum())
		}
		for _, s := range r.Targets {
			i.Targets = append(i.Targets, s.Enum())
		}
		if r.CAMEO != "" {
			i.Cameo = &r.CAMEO
		}
		if r.PLOVER != "" {
			i.Plover = &r.PLOVER
		}
		if r.QuadClass != 0 {
			i.QuadClass = &r.QuadClass
		}
		want = append(want, i)
	}
	if diff := cmp.Diff(want, resp.RelationTypes); diff != "" {
		t.Errorf("relationTypes (-want +got):\n%s", diff)
	}
}
