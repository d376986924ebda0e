package graph_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"newsgraph/graph"
	"newsgraph/server"
	"newsgraph/store"
)

// TestLevelCalls counts the store calls of responses whose root looks
// nodes up by id and whose relations' next level is read with them: the
// root is one call per kind of node, and a level of relations is one
// call (store.ReadLevel) with the ends and articles its selection asks for.
func TestLevelCalls(t *testing.T) {
	s := newCountingStore(newStore(t))
	if _, err := s.PutArticle(context.Background(), ringArticle(t, "ring", 10)); err != nil {
		t.Fatal(err)
	}
	c := newPatientClient(t, s)
	tests := []struct {
		name  string
		query string
		want  map[string]int
	}{
		{"node", `{ node(id: "actor:actor-000") { id } }`,
			map[string]int{"Entities": 1}},
		{"node, relations without their ends", `{ node(id: "actor:actor-000") { ... on Entity {
			relations { totalCount nodes { type } } } } }`,
			map[string]int{"Entities": 1, "ReadLevel": 1}},
		{"node, relations with ends and evidence", `{ node(id: "actor:actor-000") { ... on Entity {
			relations(first: 100) { totalCount nodes { source { name } target { name } evidence { article { title } } } } } } }`,
			map[string]int{"Entities": 1, "ReadLevel": 1}},
		{"ends through edges and a fragment", `{ node(id: "actor:actor-000") { ... on Entity {
			relations { edges { node { ... on Relation { target { name } } } } } } } }`,
			map[string]int{"Entities": 1, "ReadLevel": 1}},
		{"nodes of three kinds", `{ nodes(ids: ["actor:actor-000", "actor:actor-001", "article:ring", "nothing"]) { id } }`,
			map[string]int{"Entities": 1, "Articles": 1}},
		{"two levels", `{ actors(first: 20) { nodes { relations { nodes { target {
			relations(direction: OUT) { nodes { source { name } } } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 2}},
		{"root relations with evidence", `{ relations(first: 5) { nodes { evidence { article { title } } } } }`,
			map[string]int{"ListRelations": 1, "Articles": 1}},
		// Levels that the level above does not fetch: their fields wait for
		// a loader, so the items of the lists around them are marshalled
		// at the same time, and ask for their keys in one batch (package
		// graph/marshal), not one after another.
		{"a filtered level, not prefetched", `{ actors(first: 20) { nodes {
			relations(where: {type: {eq: EXCHANGED}}) { nodes { target { name } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 1}},
		{"a level below a filtered one", `{ actors(first: 20) { nodes {
			relations(where: {type: {eq: EXCHANGED}}) { nodes { target {
			relations(first: 1, where: {type: {eq: EXCHANGED}}) { nodes { id } } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 2}},
	}
	for _, tt := range tests {
		var resp any
		s.snapshot()
		query(t, c, tt.query, &resp)
		if diff := cmp.Diff(tt.want, s.snapshot()); diff != "" {
			t.Errorf("%s: store calls (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestPrefetchPrimesTheLoaders checks that what Prefetch and the direct
// lookups fetch is in the loaders afterwards: loading it again costs no
// store call.
func TestPrefetchPrimesTheLoaders(t *testing.T) {
	ctx := context.Background()
	s := newCountingStore(newStore(t))
	if _, err := s.PutArticle(ctx, ringArticle(t, "ring", 4)); err != nil {
		t.Fatal(err)
	}
	rels, err := s.ListRelations(ctx, store.RelationQuery{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	l := graph.NewLoaders(s, time.Millisecond)
	s.snapshot()
	if _, err := l.LoadEntities(ctx, []string{"actor:actor-000"}); err != nil {
		t.Fatal(err)
	}
	l.Prefetch(ctx, rels.Items, graph.WantSources|graph.WantTargets|graph.WantArticles)
	if diff := cmp.Diff(map[string]int{"Entities": 2, "Articles": 1}, s.snapshot()); diff != "" {
		t.Errorf("store calls of the lookups (-want +got):\n%s", diff)
	}
	var names []string
	for _, rel := range rels.Items {
		for _, id := range []string{rel.Source, rel.Target} {
			e, err := l.Entities.Load(ctx, id)
			if err != nil || e == nil {
				t.Fatalf("entity %s: %v, %v", id, e, err)
			}
			names = append(names, e.Name)
		}
		a, err := l.Articles.Load(ctx, rel.Evidence[0].Article)
		if err != nil || a == nil {
			t.Fatalf("article %s: %v, %v", rel.Evidence[0].Article, a, err)
		}
	}
	if diff := cmp.Diff(map[string]int{}, s.snapshot()); diff != "" {
		t.Errorf("store calls after the prefetch (-want +got):\n%s", diff)
	}
	if len(names) != 2*len(rels.Items) || len(rels.Items) != 4 {
		t.Errorf("loaded %d names for %d relations, want 4 relations", len(names), len(rels.Items))
	}
}

// TestNodesAnswerEveryID checks that nodes answers each id in its place,
// a repeated one each time and an unknown one with null, from one store
// call per kind.
func TestNodesAnswerEveryID(t *testing.T) {
	s := newCountingStore(newStore(t))
	if _, err := s.PutArticle(context.Background(), ringArticle(t, "ring", 3)); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s)
	var resp struct {
		Nodes []*struct {
			ID string `json:"id"`
		} `json:"nodes"`
	}
	s.snapshot()
	query(t, c, `{ nodes(ids: ["actor:actor-001", "actor:nobody", "actor:actor-001", "article:ring", "nothing"]) { id } }`, &resp)
	var got []string
	for _, n := range resp.Nodes {
		if n == nil {
			got = append(got, "null")
		} else {
			got = append(got, n.ID)
		}
	}
	want := []string{"actor:actor-001", "null", "actor:actor-001", "article:ring", "null"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Entities": 1, "Articles": 1}, s.snapshot()); diff != "" {
		t.Errorf("store calls (-want +got):\n%s", diff)
	}
}

// TestLevelsWaitForNoLoader checks that the responses whose every level is
// fetched by the level above (a root entity list and its entities'
// relations, with their ends, evidence articles and totalCount; one
// entity's relations) never wait for a loader to gather keys: with loaders
// that would wait an hour, they are answered, from one store call per level
// and kind.
func TestLevelsWaitForNoLoader(t *testing.T) {
	s := newCountingStore(newStore(t))
	ring := ringArticle(t, "ring", 10)
	ring.Article.Published = "2025-01-01" // dates its relations for the timeline
	if _, err := s.PutArticle(context.Background(), ring); err != nil {
		t.Fatal(err)
	}
	c := clientOf(newServer(t, server.Config{Store: s, LoaderWait: time.Hour}))
	tests := []struct {
		name  string
		query string
		want  map[string]int
	}{
		{"entity list, relations, ends, evidence, totalCount", `{ actors(first: 20, orderBy: {field: NAME}) { nodes { id
			relations(first: 1) { totalCount nodes { type target { name } evidence { article { title } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 1}},
		{"edges, a fragment, a variable, a direction", `query($n: Int) { entities(first: 5) { edges { node {
			... on Actor { relations(first: $n, direction: OUT) { nodes { target { name } } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 1}},
		{"one entity's relations with totalCount", `{ node(id: "actor:actor-000") { ... on Entity {
			relations(first: 1) { totalCount nodes { source { name } target { name } } } } } }`,
			map[string]int{"Entities": 1, "ReadLevel": 1}},
		// The benchmark's queries b and d (bench/cmd/benchrun): on Neo4j,
		// each of these calls is one statement.
		{"benchmark b", `{ actors(first: 20, orderBy: {field: NAME}) { nodes { id relations(first: 10) { nodes {
			id type target { name } evidence { article { title } } } } } } }`,
			map[string]int{"ListEntities": 1, "ReadLevel": 1}},
		{"benchmark d", `{ node(id: "actor:actor-000") { ... on Entity { relations(first: 100) { totalCount nodes {
			id source { name } target { name } } } } } }`,
			map[string]int{"Entities": 1, "ReadLevel": 1}},
		// The benchmark's dyad and timeline: the relations' ends and
		// evidence articles are fetched with them.
		{"dyad", `{ dyad(a: "actor:actor-000", b: "actor:actor-001") { total relations { id type
			target { name } evidence { article { title } } } } }`,
			map[string]int{"Entities": 1, "Articles": 1}},
		{"timeline", `{ timeline(entity: "actor:actor-000", first: 20) { totalCount edges { node { date
			relation { id type evidence { article { title } } } meeting { id } } } } }`,
			map[string]int{"Entities": 1, "Timeline": 1, "Articles": 1}},
	}
	for _, tt := range tests {
		s.snapshot()
		done := make(chan struct{})
		go func() {
			defer close(done)
			var resp any
			query(t, c, tt.query, &resp, client.Var("n", 2))
		}()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatalf("%s: no answer: a level waits for a loader", tt.name)
		}
		if diff := cmp.Diff(tt.want, s.snapshot()); diff != "" {
			t.Errorf("%s: store calls (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestExploreCalls counts the store calls of explore queries: a search is
// one store call, whose hits carry their nodes, whatever the selection
// reads of the entities but their articles (the articles' own nodes are
// one more call), and a path
// (on a store that does not find paths itself) looks its ends up, then its
// other nodes and its relations, each in one call, when their selection
// reads more of them than the search found (ids and types).
func TestExploreCalls(t *testing.T) {
	inner := newStore(t)
	if _, err := inner.PutArticle(context.Background(), ringArticle(t, "ring", 10)); err != nil {
		t.Fatal(err)
	}
	counted := newCountingStore(inner)
	tests := []struct {
		name  string
		s     *countingStore
		c     *client.Client
		query string
		want  map[string]int
	}{
		{"search", counted, newPatientClient(t, counted),
			`{ search(query: "actor", types: [ACTOR, ARTICLE]) { node { id } } }`,
			map[string]int{"Search": 1}},
		{"search of articles too", counted, newPatientClient(t, counted),
			`{ search(query: "ring", types: [ACTOR, ARTICLE]) { node { id ... on Article { title } } } }`,
			map[string]int{"Search": 1}},
		{"search with the entities' names and types", counted, newPatientClient(t, counted),
			`{ search(query: "actor") { node { id __typename } entity { name entityType kindName aliases } } }`,
			map[string]int{"Search": 1}},
		{"search with the entities' articles", counted, newPatientClient(t, counted),
			`{ search(query: "actor") { node { id } entity { name articles(first: 2) { totalCount nodes { title } } } } }`,
			map[string]int{"Search": 1, "Articles": 1}},
		{"path", counted, newPatientClient(t, counted),
			`{ shortestPath(from: "actor:actor-000", to: "actor:actor-003") { nodes { id __typename } relations { id type } } }`,
			map[string]int{"Entities": 1}},
		{"path with names", counted, newPatientClient(t, counted),
			`{ shortestPath(from: "actor:actor-000", to: "actor:actor-003") { nodes { id ... on Actor { name } } relations { id } } }`,
			map[string]int{"Entities": 2}},
		{"path with every piece of evidence", counted, newPatientClient(t, counted),
			`{ shortestPath(from: "actor:actor-000", to: "actor:actor-003") { nodes { id } relations { id effectiveDate } } }`,
			map[string]int{"Entities": 1, "Relations": 1, "Articles": 1}},
	}
	for _, tt := range tests {
		var resp struct {
			Search []struct {
				Node struct{ ID string } `json:"node"`
			} `json:"search"`
			ShortestPath *struct {
				Nodes []struct{ ID string } `json:"nodes"`
			} `json:"shortestPath"`
		}
		tt.s.snapshot()
		query(t, tt.c, tt.query, &resp)
		if diff := cmp.Diff(tt.want, tt.s.snapshot()); diff != "" {
			t.Errorf("%s: store calls (-want +got):\n%s", tt.name, diff)
		}
		if len(resp.Search) == 0 && (resp.ShortestPath == nil || len(resp.ShortestPath.Nodes) != 4) {
			t.Errorf("%s: answer %+v, want search hits or a path of 4 nodes", tt.name, resp)
		}
	}
}

// searchRecorder records the queries of the searches made of its store.
type searchRecorder struct {
	store.Store
	mu      sync.Mutex
	queries []store.SearchQuery
}

func (s *searchRecorder) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	s.mu.Lock()
	s.queries = append(s.queries, q)
	s.mu.Unlock()
	return s.Store.Search(ctx, q)
}

// TestSearchProjection: a search asks the store for its hits' nodes with
// the operation's projection, so that the store reads the entities'
// articles only for an operation that shows them, and keeps the page of
// them it shows.
func TestSearchProjection(t *testing.T) {
	inner := newStore(t)
	if _, err := inner.PutArticle(context.Background(), ringArticle(t, "ring", 4)); err != nil {
		t.Fatal(err)
	}
	s := &searchRecorder{Store: inner}
	c := clientOf(newServer(t, server.Config{Store: s}))
	tests := []struct {
		query string
		want  store.Projection
	}{
		{`{ search(query: "actor") { node { id } } }`, store.Projection{NoText: true, NoArticles: true}},
		{`{ search(query: "actor") { entity { name articles { nodes { id } } } } }`,
			store.Projection{NoText: true, ArticleLimit: store.DefaultPageSize + 1}},
		{`{ search(query: "ring", types: [ARTICLE]) { article { text } } }`, store.Projection{NoArticles: true}},
	}
	for _, tt := range tests {
		s.queries = nil
		var resp any
		query(t, c, tt.query, &resp)
		var got []store.Projection
		for _, q := range s.queries {
			got = append(got, q.Projection)
		}
		if d := cmp.Diff([]store.Projection{tt.want}, got); d != "" {
			t.Errorf("%s: projections of the searches (-want +got):\n%s", tt.query, d)
		}
	}
}

// TestTimelineCalls: a timeline page with its totalCount is one Timeline
// call, which counts too (store.TimelineQuery.WithTotal), not a Timeline
// and a CountTimeline, which would read every date twice.
func TestTimelineCalls(t *testing.T) {
	inner := newStore(t)
	ring := ringArticle(t, "ring", 10)
	ring.Article.Published = "2025-01-01" // the date of its relations
	if _, err := inner.PutArticle(context.Background(), ring); err != nil {
		t.Fatal(err)
	}
	counted := newCountingStore(inner)
	c := newPatientClient(t, counted)
	for _, tt := range []struct {
		query string
		want  map[string]int
	}{
		{`{ timeline(entity: "actor:actor-000", first: 1) { totalCount edges { node { date } } } }`,
			map[string]int{"Entities": 1, "Timeline": 1}},
		{`{ timeline(entity: "actor:actor-000", first: 0) { totalCount } }`,
			map[string]int{"Entities": 1, "Timeline": 1, "CountTimeline": 1}},
	} {
		var resp struct {
			Timeline struct{ TotalCount int } `json:"timeline"`
		}
		counted.snapshot()
		query(t, c, tt.query, &resp)
		if diff := cmp.Diff(tt.want, counted.snapshot()); diff != "" {
			t.Errorf("%s: store calls (-want +got):\n%s", tt.query, diff)
		}
		if resp.Timeline.TotalCount != 2 {
			t.Errorf("%s: totalCount %d, want 2 (the ring's two relations of actor-000)", tt.query, resp.Timeline.TotalCount)
		}
	}
}

func (c *countingStore) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	c.count("Timeline")
	return c.Store.Timeline(ctx, q)
}

func (c *countingStore) CountTimeline(ctx context.Context, q store.TimelineQuery) (int, error) {
	c.count("CountTimeline")
	return c.Store.CountTimeline(ctx, q)
}
