package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/traverse"
)

// The questions of explore.graphqls, asked of the seed article
// (examples/articles) through the API.

// idOf returns the id of the entity with a name, failing unless there is
// exactly one.
func idOf(t *testing.T, c *client.Client, name string) string {
	t.Helper()
	var resp struct {
		Entities struct{ Nodes []struct{ ID string } }
	}
	query(t, c, fmt.Sprintf(`{ entities(where: {name: {eq: %q}}) { nodes { id } } }`, name), &resp)
	if len(resp.Entities.Nodes) != 1 {
		t.Fatalf("entities named %q: %v, want one", name, resp.Entities.Nodes)
	}
	return resp.Entities.Nodes[0].ID
}

type entityRef struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Typename string `json:"__typename"`
}

type relationRef struct {
	ID       string    `json:"id"`
	Type     string    `json:"type"`
	Source   entityRef `json:"source"`
	Target   entityRef `json:"target"`
	Evidence []struct {
		Quote string `json:"quote"`
	} `json:"evidence"`
}

const relationFields = `id type source { id name __typename } target { id name __typename } evidence { quote }`

type pathResp struct {
	Length    int           `json:"length"`
	Nodes     []entityRef   `json:"nodes"`
	Relations []relationRef `json:"relations"`
}

const pathFields = `length nodes { id name __typename } relations { ` + relationFields + ` }`

// checkWalk fails unless every relation of a path joins the nodes before and
// after it.
func checkWalk(t *testing.T, p pathResp) {
	t.Helper()
	if len(p.Nodes) != p.Length+1 || len(p.Relations) != p.Length {
		t.Fatalf("path of length %d has %d nodes and %d relations", p.Length, len(p.Nodes), len(p.Relations))
	}
	for i, r := range p.Relations {
		a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
		if !(r.Source.ID == a && r.Target.ID == b) && !(r.Source.ID == b && r.Target.ID == a) {
			t.Errorf("step %d: %s joins %s and %s, not %s and %s", i, r.Type, r.Source.Name, r.Target.Name, p.Nodes[i].Name, p.Nodes[i+1].Name)
		}
		if len(r.Evidence) == 0 {
			t.Errorf("step %d: %s has no evidence", i, r.Type)
		}
	}
}

func TestSearch(t *testing.T) {
	_, c := seeded(t)
	type hit struct {
		Node struct {
			ID       string `json:"id"`
			Typename string `json:"__typename"`
		} `json:"node"`
		Entity  *entityRef `json:"entity"`
		Article *struct {
			Title string `json:"title"`
		} `json:"article"`
		Score   float64 `json:"score"`
		Matched string  `json:"matched"`
	}
	search := func(args string) []hit {
		var resp struct{ Search []hit }
		query(t, c, `{ search(`+args+`) { node { id __typename } entity { id name __typename }
		  article { title } score matched } }`, &resp)
		return resp.Search
	}
	for _, text := range []string{"Zelenskyy", "Zelensky", "zelenskiy", "ZELÉNSKY"} {
		hits := search(fmt.Sprintf("query: %q", text))
		if len(hits) == 0 || hits[0].Entity == nil || hits[0].Entity.Name != "Volodymyr Zelensky" {
			t.Errorf("search(%q) = %+v, want Volodymyr Zelensky first", text, hits)
			continue
		}
		if h := hits[0]; h.Node.ID != h.Entity.ID || h.Node.Typename != "Actor" || h.Article != nil || h.Matched != "Zelensky" {
			t.Errorf("search(%q) first hit = %+v, want the actor, matched by its alias Zelensky", text, h)
		}
	}
	// Exact names first: Istanbul the place, then what has the word.
	hits := search(`query: "istanbul", types: [PLACE, MEETING], first: 5`)
	if len(hits) != 2 || hits[0].Entity == nil || hits[0].Entity.Name != "Istanbul" || hits[1].Node.Typename != "Meeting" ||
		hits[0].Score <= hits[1].Score {
		t.Fatalf("search(istanbul) = %+v, want Istanbul, then the meeting", hits)
	}
	// Articles by their titles, only when asked.
	hits = search(`query: "prisoner exchange", types: [ARTICLE]`)
	if len(hits) != 1 || hits[0].Article == nil || hits[0].Entity != nil || hits[0].Node.Typename != "Article" ||
		hits[0].Matched != hits[0].Article.Title {
		t.Errorf("search(prisoner exchange, ARTICLE) = %+v, want the seed article by its title", hits)
	}
	for _, h := range search(`query: "prisoner exchange"`) {
		if h.Article != nil {
			t.Errorf("search without ARTICLE found an article: %+v", h)
		}
	}
	if hits := search(`query: "istanbul", types: [ACTOR]`); len(hits) != 0 {
		t.Errorf("search(istanbul, ACTOR) = %+v, want nothing", hits)
	}
	if hits := search(`query: "ukr", first: 1`); len(hits) != 1 {
		t.Errorf("search(ukr, first: 1) = %+v, want one hit", hits)
	}
}

func TestShortestPath(t *testing.T) {
	_, c := seeded(t)
	umerov, istanbul := idOf(t, c, "Rustem Umerov"), idOf(t, c, "Istanbul")
	var resp struct{ ShortestPath *pathResp }
	query(t, c, fmt.Sprintf(`{ shortestPath(from: %q, to: %q) { %s } }`, umerov, istanbul, pathFields), &resp)
	p := resp.ShortestPath
	if p == nil {
		t.Fatal("no path from Umerov to Istanbul")
	}
	checkWalk(t, *p)
	if p.Nodes[0].ID != umerov || p.Nodes[p.Length].ID != istanbul || p.Length != 3 {
		t.Errorf("path %+v, want 3 hops from Umerov to Istanbul", p)
	}
	// Out of reach within one hop: null, no error.
	query(t, c, fmt.Sprintf(`{ shortestPath(from: %q, to: %q, maxHops: 1) { length } }`, umerov, istanbul), &resp)
	if resp.ShortestPath != nil {
		t.Errorf("shortestPath within 1 hop = %+v, want null", resp.ShortestPath)
	}
	// Following LED relations out of Umerov only, Istanbul is out of reach.
	query(t, c, fmt.Sprintf(`{ shortestPath(from: %q, to: %q, types: [LED], direction: OUT) { length } }`, umerov, istanbul), &resp)
	if resp.ShortestPath != nil {
		t.Errorf("shortestPath by LED only = %+v, want null", resp.ShortestPath)
	}
}

func TestAllShortestPaths(t *testing.T) {
	_, c := seeded(t)
	ukraine, russia := idOf(t, c, "Ukraine"), idOf(t, c, "Russia")
	var resp struct{ AllShortestPaths []pathResp }
	query(t, c, fmt.Sprintf(`{ allShortestPaths(from: %q, to: %q) { %s } }`, ukraine, russia, pathFields), &resp)
	// Ukraine and Russia exchanged remains both ways, and Ukraine proposed a
	// truce to Russia: three paths of one hop.
	paths := resp.AllShortestPaths
	if len(paths) != 3 {
		t.Fatalf("allShortestPaths(Ukraine, Russia) = %+v, want the two exchanges and the proposal", paths)
	}
	var types []string
	for i, p := range paths {
		checkWalk(t, p)
		if p.Length != 1 {
			t.Errorf("path %d = %+v, want one hop", i, p)
			continue
		}
		types = append(types, p.Relations[0].Type)
		if i > 0 && paths[i-1].Relations[0].ID >= p.Relations[0].ID {
			t.Errorf("paths not in relation id order: %s, %s", paths[i-1].Relations[0].ID, p.Relations[0].ID)
		}
	}
	slices.Sort(types)
	if diff := cmp.Diff([]string{"EXCHANGED", "EXCHANGED", "PROPOSED"}, types); diff != "" {
		t.Errorf("relation types of the paths (-want +got):\n%s", diff)
	}
	query(t, c, fmt.Sprintf(`{ allShortestPaths(from: %q, to: %q, limit: 1) { length } }`, ukraine, russia), &resp)
	if len(resp.AllShortestPaths) != 1 {
		t.Errorf("limit 1: %d paths", len(resp.AllShortestPaths))
	}
}

func TestNeighborhood(t *testing.T) {
	_, c := seeded(t)
	talks := idOf(t, c, "Second round of Russia–Ukraine peace talks in Istanbul")
	var resp struct {
		Neighborhood struct {
			Nodes     []entityRef   `json:"nodes"`
			Relations []relationRef `json:"relations"`
			Truncated bool          `json:"truncated"`
		}
	}
	query(t, c, fmt.Sprintf(`{ neighborhood(id: %q) { nodes { id name __typename } relations { %s } truncated } }`,
		talks, relationFields), &resp)
	n := resp.Neighborhood
	var names []string
	in := map[string]bool{}
	for _, e := range n.Nodes {
		names = append(names, e.Name)
		in[e.ID] = true
	}
	if len(n.Nodes) == 0 || n.Nodes[0].ID != talks || n.Truncated {
		t.Fatalf("neighborhood = %+v, want the meeting first, not truncated", n)
	}
	for _, want := range []string{"Ukrainian delegation", "Russian delegation", "Istanbul", "Prisoner exchange agreement"} {
		if !slices.Contains(names, want) {
			t.Errorf("neighborhood of the talks: %v, want %s in it", names, want)
		}
	}
	for _, r := range n.Relations {
		if !in[r.Source.ID] || !in[r.Target.ID] {
			t.Errorf("relation %s %s→%s leaves the neighbourhood", r.Type, r.Source.Name, r.Target.Name)
		}
	}
	if len(n.Relations) != len(n.Nodes)-1 {
		t.Errorf("%d relations for %d nodes around one meeting, want one each", len(n.Relations), len(n.Nodes))
	}
	query(t, c, fmt.Sprintf(`{ neighborhood(id: %q, depth: 3, limit: 5) { nodes { id } relations { id } truncated } }`, talks), &resp)
	if len(resp.Neighborhood.Nodes) != 5 || !resp.Neighborhood.Truncated {
		t.Errorf("limit 5: %d nodes, truncated %v; want 5, truncated", len(resp.Neighborhood.Nodes), resp.Neighborhood.Truncated)
	}
}

func TestTimeline(t *testing.T) {
	_, c := seeded(t)
	russia := idOf(t, c, "Russia")
	type timelineResp struct {
		Timeline struct {
			Edges []struct {
				Cursor string `json:"cursor"`
				Node   struct {
					Date     string       `json:"date"`
					Relation *relationRef `json:"relation"`
					Meeting  *entityRef   `json:"meeting"`
				} `json:"node"`
			} `json:"edges"`
			PageInfo   pageInfo `json:"pageInfo"`
			TotalCount int      `json:"totalCount"`
		}
	}
	var resp timelineResp
	query(t, c, fmt.Sprintf(`{ timeline(entity: %q, first: 100) {
	  edges { cursor node { date relation { %s } meeting { id name __typename } } }
	  pageInfo { hasNextPage endCursor } totalCount } }`, russia, relationFields), &resp)
	tl := resp.Timeline
	if len(tl.Edges) == 0 || tl.TotalCount != len(tl.Edges) || tl.PageInfo.HasNextPage {
		t.Fatalf("timeline of Russia: %d items, totalCount %d, next %v", len(tl.Edges), tl.TotalCount, tl.PageInfo.HasNextPage)
	}
	for i, e := range tl.Edges {
		r := e.Node.Relation
		if r == nil || e.Node.Meeting != nil {
			t.Fatalf("item %d of Russia's timeline is not a relation: %+v", i, e.Node)
		}
		if r.Source.ID != russia && r.Target.ID != russia {
			t.Errorf("item %d: %s %s→%s does not involve Russia", i, r.Type, r.Source.Name, r.Target.Name)
		}
		if len(r.Evidence) == 0 {
			t.Errorf("item %d: %s has no evidence", i, r.Type)
		}
		if i > 0 {
			prev := tl.Edges[i-1].Node
			if e.Node.Date < prev.Date || e.Node.Date == prev.Date && r.ID < prev.Relation.ID {
				t.Errorf("items %d and %d out of order: %s %s, %s %s", i-1, i, prev.Date, prev.Relation.ID, e.Node.Date, r.ID)
			}
		}
	}
	// The whole timeline holds the meeting, and pages through it.
	var all []string
	after := ""
	for range 100 {
		query(t, c, fmt.Sprintf(`{ timeline(first: 3, after: %q) { edges { cursor node { date meeting { name } relation { id } } }
		  pageInfo { hasNextPage endCursor } totalCount } }`, after), &resp)
		for _, e := range resp.Timeline.Edges {
			if e.Node.Meeting != nil {
				all = append(all, e.Node.Meeting.Name)
			} else {
				all = append(all, e.Node.Relation.ID)
			}
		}
		if !resp.Timeline.PageInfo.HasNextPage {
			break
		}
		after = *resp.Timeline.PageInfo.EndCursor
	}
	if len(all) != resp.Timeline.TotalCount || !slices.Contains(all, "Second round of Russia–Ukraine peace talks in Istanbul") {
		t.Errorf("paging through the timeline: %d items of %d, want every one and the meeting", len(all), resp.Timeline.TotalCount)
	}
	query(t, c, `{ timeline(from: "2030-01-01") { edges { cursor } totalCount } }`, &resp)
	if len(resp.Timeline.Edges) != 0 || resp.Timeline.TotalCount != 0 {
		t.Errorf("timeline from 2030: %+v, want nothing", resp.Timeline)
	}
}

func TestDyad(t *testing.T) {
	_, c := seeded(t)
	russia, ukraine := idOf(t, c, "Russia"), idOf(t, c, "Ukraine")
	var resp struct {
		Dyad struct {
			A            entityRef     `json:"a"`
			B            entityRef     `json:"b"`
			Relations    []relationRef `json:"relations"`
			CountsByType []struct {
				Type  string `json:"type"`
				Count int    `json:"count"`
			} `json:"countsByType"`
			CountsByMonth []struct {
				Month string `json:"month"`
				Count int    `json:"count"`
			} `json:"countsByMonth"`
			Undated int `json:"undated"`
			Total   int `json:"total"`
		}
	}
	query(t, c, fmt.Sprintf(`{ dyad(a: %q, b: %q) { a { id name __typename } b { id name __typename }
	  relations { %s } countsByType { type count } countsByMonth { month count } undated total } }`,
		russia, ukraine, relationFields), &resp)
	d := resp.Dyad
	if d.A.Name != "Russia" || d.B.Name != "Ukraine" {
		t.Errorf("dyad ends %s and %s, want Russia and Ukraine", d.A.Name, d.B.Name)
	}
	exchanged := 0
	for _, r := range d.Relations {
		ends := []string{r.Source.ID, r.Target.ID}
		if !slices.Contains(ends, russia) || !slices.Contains(ends, ukraine) {
			t.Errorf("relation %s %s→%s is not between Russia and Ukraine", r.Type, r.Source.Name, r.Target.Name)
		}
		if r.Type == "EXCHANGED" {
			exchanged++
		}
	}
	if exchanged != 2 || d.Total != len(d.Relations) {
		t.Errorf("dyad: %d EXCHANGED among %d relations (total %d), want 2", exchanged, len(d.Relations), d.Total)
	}
	byType := map[string]int{}
	for _, tc := range d.CountsByType {
		byType[tc.Type] = tc.Count
	}
	if byType["EXCHANGED"] != 2 {
		t.Errorf("countsByType = %+v, want EXCHANGED 2", d.CountsByType)
	}
	months := d.Undated
	for _, m := range d.CountsByMonth {
		months += m.Count
		if len(m.Month) != len("2025-06") {
			t.Errorf("month %q is not YYYY-MM", m.Month)
		}
	}
	if months != d.Total {
		t.Errorf("countsByMonth %+v and %d undated add up to %d, want %d", d.CountsByMonth, d.Undated, months, d.Total)
	}
}

func TestStats(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Stats struct {
			NodesByType []struct {
				Type  string `json:"type"`
				Count int    `json:"count"`
			} `json:"nodesByType"`
			RelationsByType []struct {
				Type  string `json:"type"`
				Count int    `json:"count"`
			} `json:"relationsByType"`
			Entities     int     `json:"entities"`
			Relations    int     `json:"relations"`
			Articles     int     `json:"articles"`
			Evidence     int     `json:"evidence"`
			EarliestDate *string `json:"earliestDate"`
			LatestDate   *string `json:"latestDate"`
		}
		Entities  struct{ TotalCount int }
		Relations struct{ TotalCount int }
		Articles  struct{ TotalCount int }
	}
	query(t, c, `{ stats { nodesByType { type count } relationsByType { type count } entities relations articles
	  evidence earliestDate latestDate }
	  entities { totalCount } relations { totalCount } articles { totalCount } }`, &resp)
	st := resp.Stats
	if st.Entities != resp.Entities.TotalCount || st.Relations != resp.Relations.TotalCount || st.Articles != resp.Articles.TotalCount {
		t.Errorf("stats %+v disagree with the lists' totalCounts", st)
	}
	if len(st.NodesByType) != len(ontology.NodeTypes) || len(st.RelationsByType) != len(ontology.RelationTypes) {
		t.Errorf("stats list %d node types and %d relation types, want every one", len(st.NodesByType), len(st.RelationsByType))
	}
	sum := 0
	for _, n := range st.NodesByType {
		sum += n.Count
	}
	if sum != st.Entities+st.Articles {
		t.Errorf("nodesByType adds up to %d, want %d entities + %d articles", sum, st.Entities, st.Articles)
	}
	if st.Evidence < st.Relations || st.EarliestDate == nil || *st.EarliestDate != "2025-06-03" {
		t.Errorf("stats = %+v, want evidence for every relation, dates from 2025-06-03", st)
	}
}

func TestNodeTypeEnumFollowsTheOntology(t *testing.T) {
	var want []model.NodeType
	for _, nt := range ontology.NodeTypes {
		want = append(want, model.NodeType(nt.Enum()))
	}
	if d := cmp.Diff(want, model.AllNodeType); d != "" {
		t.Errorf("enum NodeType in explore.graphqls differs from ontology.NodeTypes (-ontology +schema):\n%s", d)
	}
}

func TestRelationQuantifiers(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Actors struct{ Nodes []entityRef }
	}
	names := func(q string) []string {
		t.Helper()
		query(t, c, `{ actors(where: `+q+`, first: 100) { nodes { id name } } }`, &resp)
		var out []string
		for _, n := range resp.Actors.Nodes {
			out = append(out, n.Name)
		}
		slices.Sort(out)
		return out
	}
	cases := []struct {
		where string
		want  []string
	}{
		{`{ relations: { some: { type: { eq: REJECTED }, target: { name: { contains: "ceasefire" } } } } }`, []string{"Russia"}},
		{`{ relations: { direction: OUT, some: { type: { eq: EXCHANGED } } } }`, []string{"Russia", "Ukraine"}},
		{`{ relations: { direction: OUT, single: { type: { eq: REJECTED } } } }`, []string{"Russia"}},
		// European allies are mentioned but take part in no relation: none and
		// all hold for them.
		{`{ relations: { none: { type: { in: [LED, MEMBER_OF, ATTENDED, DEMANDED, REJECTED, PROPOSED, AGREED_TO, EXCHANGED, SUPPORTED] } } } }`, []string{"European allies"}},
		{`{ relations: { all: { type: { eq: LED } } } }`, []string{"European allies", "Vladimir Putin", "Volodymyr Zelensky"}},
		{`{ NOT: { relations: { some: { type: { eq: LED } } } }, relations: { some: { type: { eq: PROPOSED } } } }`, []string{"Russian delegation"}},
		{`{ relations: { some: { type: { eq: DEMANDED } } } }`, []string{"Russia", "Ukraine"}},
		{`{ relations: { some: { type: { eq: ATTENDED }, target: { relations: { some: { type: { eq: HELD_IN } } } } } } }`,
			[]string{"Russian delegation", "Ukrainian delegation"}},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, names(c.where)); d != "" {
			t.Errorf("actors(where: %s) (-want +got):\n%s", c.where, d)
		}
	}
}

// truncatingStore expands nothing within budget: every Expand says there
// is more than it may return.
type truncatingStore struct{ *embedded.Store }

func (s truncatingStore) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	x, err := s.Store.Expand(ctx, ids, dir, types, limit)
	if err == nil {
		x.Truncated = true
	}
	return x, err
}

// ExpandLayer leaves every layer of a neighbourhood to Expand.
func (truncatingStore) ExpandLayer(context.Context, traverse.LayerQuery) (*traverse.Layer, error) {
	return nil, nil
}

func TestExploreCaps(t *testing.T) {
	s, c := seeded(t)
	umerov, istanbul := idOf(t, c, "Rustem Umerov"), idOf(t, c, "Istanbul")
	deep := `{ relations: { some: { target: { relations: { some: { target: { relations: { some: { type: { eq: LED } } } } } } } } } }`
	cases := []struct {
		name, query, want string
	}{
		{"search without words", `{ search(query: " ?! ") { score } }`, "no word"},
		{"search too long", `{ search(query: "` + strings.Repeat("a", 201) + `") { score } }`, "at most 200"},
		{"search first 0", `{ search(query: "ukraine", first: 0) { score } }`, "first: must be between 1 and 50"},
		{"search first 51", `{ search(query: "ukraine", first: 51) { score } }`, "first: must be between 1 and 50"},
		{"maxHops 7", fmt.Sprintf(`{ shortestPath(from: %q, to: %q, maxHops: 7) { length } }`, umerov, istanbul), "maxHops: must be between 1 and 6"},
		{"maxHops 0", fmt.Sprintf(`{ shortestPath(from: %q, to: %q, maxHops: 0) { length } }`, umerov, istanbul), "maxHops: must be between 1 and 6"},
		{"all maxHops 9", fmt.Sprintf(`{ allShortestPaths(from: %q, to: %q, maxHops: 9) { length } }`, umerov, istanbul), "maxHops: must be between 1 and 6"},
		{"paths limit 51", fmt.Sprintf(`{ allShortestPaths(from: %q, to: %q, limit: 51) { length } }`, umerov, istanbul), "limit: must be between 1 and 50"},
		{"depth 4", fmt.Sprintf(`{ neighborhood(id: %q, depth: 4) { truncated } }`, umerov), "depth: must be between 1 and 3"},
		{"nodes 501", fmt.Sprintf(`{ neighborhood(id: %q, limit: 501) { truncated } }`, umerov), "limit: must be between 1 and 500"},
		{"timeline first 101", `{ timeline(first: 101) { totalCount } }`, "first: must be between 0 and 100"},
		{"timeline bad date", `{ timeline(from: "2025-13-01") { totalCount } }`, "invalid Date"},
		{"timeline bad cursor", `{ timeline(after: "nope") { totalCount } }`, "malformed cursor"},
		{"quantifiers too deep", `{ actors(where: ` + deep + `) { totalCount } }`, "nest at most"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs, _ := queryErrors(t, c, tc.query)
			if errs[0].Extensions.Code != apierr.BadUserInput || !strings.Contains(errs[0].Message, tc.want) {
				t.Errorf("errors %+v, want %s saying %q", errs, apierr.BadUserInput, tc.want)
			}
		})
	}

	t.Run("not found", func(t *testing.T) {
		for _, q := range []string{
			fmt.Sprintf(`{ shortestPath(from: %q, to: "actor:nobody") { length } }`, umerov),
			fmt.Sprintf(`{ allShortestPaths(from: "actor:nobody", to: %q) { length } }`, umerov),
			`{ neighborhood(id: "actor:nobody") { truncated } }`,
			fmt.Sprintf(`{ dyad(a: %q, b: "actor:nobody") { total } }`, umerov),
		} {
			errs, _ := queryErrors(t, c, q)
			if errs[0].Extensions.Code != apierr.NotFound {
				t.Errorf("%s: errors %+v, want NOT_FOUND", q, errs)
			}
		}
	})

	t.Run("traversal budget", func(t *testing.T) {
		c := newClient(t, truncatingStore{s.(*embedded.Store)})
		errs, _ := queryErrors(t, c, fmt.Sprintf(`{ shortestPath(from: %q, to: %q) { length } }`, umerov, istanbul))
		if errs[0].Extensions.Code != apierr.BadUserInput || !strings.Contains(errs[0].Message, "looked at more than") {
			t.Errorf("errors %+v, want BAD_USER_INPUT explaining the budget", errs)
		}
		var resp struct {
			Neighborhood struct{ Truncated bool }
		}
		query(t, c, fmt.Sprintf(`{ neighborhood(id: %q) { truncated } }`, umerov), &resp)
		if !resp.Neighborhood.Truncated {
			t.Errorf("neighborhood over budget is not truncated")
		}
	})

	t.Run("dyad cap", func(t *testing.T) {
		s := newStore(t)
		g := &store.ArticleGraph{Article: store.Article{ID: "article:many", Title: "Many exchanges", Text: "exchanged", Hash: "1"}}
		a, b := store.EntityID(ontology.Actor, "a"), store.EntityID(ontology.Actor, "b")
		for _, id := range []string{a, b} {
			g.Entities = append(g.Entities, store.EntityClaim{Entity: store.Entity{ID: id, Type: ontology.Actor, Name: id}})
		}
		for i := range 1001 {
			q := store.Qualifiers{Quantity: &i}
			g.Relations = append(g.Relations, store.RelationClaim{Relation: store.Relation{
				Type: ontology.Exchanged, Source: a, Target: b, Qualifiers: q,
				Evidence: []store.Evidence{{Quote: "exchanged", Start: 0, End: 9}},
			}})
		}
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
		errs, _ := queryErrors(t, newClient(t, s), fmt.Sprintf(`{ dyad(a: %q, b: %q) { total } }`, a, b))
		if errs[0].Extensions.Code != apierr.BadUserInput || !strings.Contains(errs[0].Message, "more than 1000") {
			t.Errorf("errors %+v, want BAD_USER_INPUT explaining the cap", errs)
		}
	})
}

// TestReadmeExploreQuery runs the exploration example of the README on the
// seed, so that the README stays true.
func TestReadmeExploreQuery(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "Beyond lists")
	_, rest, ok2 := strings.Cut(rest, "```graphql\n")
	q, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md has no graphql block after \"Beyond lists\"")
	}
	_, c := seeded(t)
	var resp struct {
		Search       []struct{ Matched string }
		ShortestPath struct{ Length int }
		Timeline     struct{ Edges []any }
		Dyad         struct{ Total int }
		Actors       struct{ Nodes []struct{ Name string } }
	}
	query(t, c, q, &resp)
	if len(resp.Search) == 0 || resp.ShortestPath.Length != 3 || len(resp.Timeline.Edges) != 5 ||
		resp.Dyad.Total == 0 || len(resp.Actors.Nodes) != 1 {
		t.Errorf("the README's exploration query answers %+v", resp)
	}
}
