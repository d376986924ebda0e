package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/internal/neo4jtest"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// The integration tests in this file need a real Neo4j 5, which package
// neo4jtest finds or starts (NEO4J_URI, else a throwaway server when java
// and mvn are on PATH, else they are skipped; in CI they fail without one).
// They wipe its database: each test starts from an empty one.

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// testConfig returns the configuration of the test server, starting one if
// needed, or skips or fails t.
func testConfig(t testing.TB) Config {
	t.Helper()
	c := neo4jtest.Server(t)
	return Config{
		URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database,
		// A fresh server plans every statement for the first time, slowly
		// on a busy machine: the tests are not about timeouts.
		TxTimeout: 2 * time.Minute,
	}
}

// openTestStore opens a store on the test server and empties its database.
func openTestStore(t *testing.T) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Open(ctx, testConfig(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	wipe(t, s)
	return s
}

// wipe deletes every relationship, then every node, in batches of
// bounded size (a node's DETACH DELETE would take all its relationships in
// one transaction, too many for a hub of a benchmark's graph).
func wipe(t testing.TB, s *Store) {
	t.Helper()
	for _, batch := range []string{
		`MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*)`,
		`MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)`,
	} {
		for {
			n, err := write(t.Context(), s, "wipe", func(tx neo4j.ManagedTransaction) (int64, error) {
				recs, err := run(t.Context(), tx, batch, nil)
				if err != nil {
					return 0, err
				}
				return integer(recs[0].Values[0]), nil
			})
			if err != nil {
				t.Fatalf("wiping the test database: %v", err)
			}
			if n == 0 {
				break
			}
		}
	}
}

// cypher runs a read query and returns its rows.
func cypher(t *testing.T, s *Store, query string, params map[string]any) [][]any {
	t.Helper()
	rows, err := read(t.Context(), s, "test query", func(tx neo4j.ManagedTransaction) ([][]any, error) {
		recs, err := run(t.Context(), tx, query, params)
		if err != nil {
			return nil, err
		}
		var rows [][]any
		for _, r := range recs {
			rows = append(rows, r.Values)
		}
		return rows, nil
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return rows
}

func TestConformance(t *testing.T) {
	testConfig(t)
	storetest.All(t, func(t *testing.T) store.Store { return openTestStore(t) })
}

func TestOpenIsIdempotent(t *testing.T) {
	s := openTestStore(t)
	schema := func() [][]any {
		return cypher(t, s, `SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN * ORDER BY name`, nil)
	}
	before := schema()
	again, err := Open(t.Context(), testConfig(t))
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer again.Close()
	after := schema()
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("opening again changed the schema (-before +after):\n%s", diff)
	}
	names := map[string]bool{}
	for _, row := range after {
		names[row[0].(string)] = true
		if state := row[4]; state != "ONLINE" {
			t.Errorf("index %v is %v after Open, want ONLINE", row[0], state)
		}
	}
	for _, want := range []string{"actor_id", "entity_id", "article_id", "meeting_date", "article_published", "rel_rejected_relId", FullTextIndex, EntityFullTextIndex} {
		if !names[want] {
			t.Errorf("index %q missing; have %v", want, names)
		}
	}
}

func TestGraphReadsInCypher(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutArticle(t.Context(), storetest.IstanbulTalks()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  [][]any
	}{
		{`MATCH (:Actor {name: "Russia"})-[:REJECTED]->(a:Agreement) RETURN a.name`, [][]any{{"Full ceasefire"}}},
		{`MATCH (a:Actor:Entity {name: "Ukraine"})-[r:EXCHANGED]->(b:Actor) RETURN b.name, r.quantity, r.item, r.date`,
			[][]any{{"Russia", int64(6000), "soldiers' remains", "2025-06-03"}}},
		// The articles that mention an entity are its MENTIONS, not a
		// property of its node.
		{`MATCH (:Article {id: "article:istanbul-talks"})-[m:MENTIONS]->(p:Place) RETURN p.name, m.starts, p.latitude, p.articles`,
			[][]any{{"Istanbul", []any{int64(57)}, 41.0082, nil}}},
		{`MATCH (m:Meeting)-[:HELD_IN]->(p:Place) RETURN m.date, m.round, p.name`, [][]any{{"2025-06-03", int64(2), "Istanbul"}}},
		{`MATCH ()-[r:LED]->() RETURN r.article, r.quote`,
			[][]any{{"article:istanbul-talks", "The Ukrainian delegation was led by Defence Minister Rustem Umerov"}}},
		// The index holds the normalized words of names and aliases
		// (textmatch.IndexText): "RF" is indexed as "rf".
		{`CALL db.index.fulltext.queryNodes($index, "rf") YIELD node RETURN node.name`, [][]any{{"Russia"}}},
	}
	for _, tt := range tests {
		got := cypher(t, s, tt.query, map[string]any{"index": FullTextIndex})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.query, diff)
		}
	}
}

// TestEntitySearchIndexHoldsNoArticle checks the two full-text indexes of
// Search: the one of entities and articles, and the one of entities alone
// that a search of entities asks, so that it never reads an article whose
// title matches.
func TestEntitySearchIndexHoldsNoArticle(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutArticle(t.Context(), storetest.IstanbulTalks()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		index string
		want  [][]any
	}{
		{FullTextIndex, [][]any{{"actor:Q159"}, {"article:istanbul-talks"}}},
		{EntityFullTextIndex, [][]any{{"actor:Q159"}}},
	} {
		got := cypher(t, s, `CALL db.index.fulltext.queryNodes($index, "russia") YIELD node RETURN node.id ORDER BY node.id`,
			map[string]any{"index": tt.index})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.index, diff)
		}
	}
}

func TestReloadKeepsTheGraph(t *testing.T) {
	s := openTestStore(t)
	counts := func() [][]any {
		// The change feed's nodes (feed.go) grow with every write.
		return cypher(t, s, `MATCH (n) WHERE NOT n:Change AND NOT n:FeedHead AND NOT n:Migration WITH count(n) AS nodes
			OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels`, nil)
	}
	put := func(g *store.ArticleGraph, want store.PutOutcome) {
		t.Helper()
		res, err := s.PutArticle(t.Context(), g)
		if err != nil {
			t.Fatalf("PutArticle(%s): %v", g.Article.ID, err)
		}
		if res.Outcome != want {
			t.Errorf("PutArticle(%s) = %s, want %s", g.Article.ID, res.Outcome, want)
		}
	}
	for _, g := range storetest.Ukraine() {
		put(g, store.Created)
	}
	before := counts()
	// 13 entities and 3 articles; 17 relations with 19 pieces of evidence
	// and a head each, and 19 MENTIONS.
	if diff := cmp.Diff([][]any{{int64(16), int64(55)}}, before); diff != "" {
		t.Errorf("node and relationship counts (-want +got):\n%s", diff)
	}
	for _, g := range storetest.Ukraine() {
		put(g, store.Unchanged)
	}
	if diff := cmp.Diff(before, counts()); diff != "" {
		t.Errorf("reloading unchanged articles changed the counts (-before +after):\n%s", diff)
	}
	for _, g := range storetest.Ukraine() {
		g.Article.Hash += "-v2" // same content, new version: every claim is rewritten
		put(g, store.Replaced)
	}
	if diff := cmp.Diff(before, counts()); diff != "" {
		t.Errorf("replacing articles by equal versions changed the counts (-before +after):\n%s", diff)
	}
}

// TestConcurrentPutsShareEntities puts, all at once, articles that all
// mention the same two entities: each entity must end up merged from every
// article (no lost update), and the shared relation must have every
// article's evidence, and one head that counts it all.
func TestConcurrentPutsShareEntities(t *testing.T) {
	s := openTestStore(t)
	// First make Ukraine a dense node (more than 50 relationships), for
	// which Neo4j takes no node lock when relationships are added.
	dense := storetest.NewArticle("dense", "Many accusations", "AP", "2025-05-01", "Ukraine accused many.").
		Entity(storetest.Actor("Q212", "Ukraine", "country"), "Ukraine")
	for i := range 60 {
		dense.Entity(storetest.Actor(fmt.Sprintf("accused-%d", i), fmt.Sprintf("Accused %d", i), "other"))
		dense.Relate(ontology.Accused, "actor:Q212", fmt.Sprintf("actor:accused-%d", i), store.Qualifiers{}, "accused")
	}
	gs := []*store.ArticleGraph{dense.Build()}
	if _, err := s.PutArticle(t.Context(), gs[0]); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		text := fmt.Sprintf("Ukraine (alias %d) accused Russia.", i)
		gs = append(gs, storetest.NewArticle(fmt.Sprintf("concurrent-%d", i), "Accusations", "AP", "2025-06-01", text).
			Entity(storetest.Actor("Q212", "Ukraine", "country", fmt.Sprintf("alias %d", i)), "Ukraine").
			Entity(storetest.Actor("Q159", "Russia", "country"), "Russia").
			Relate(ontology.Accused, "actor:Q212", "actor:Q159", store.Qualifiers{}, "accused Russia").
			Build())
	}
	var wg sync.WaitGroup
	errs := make([]error, len(gs))
	for i, g := range gs[1:] {
		wg.Go(func() { _, errs[i] = s.PutArticle(t.Context(), g) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	storetest.CheckModel(t, s, storetest.NewModel(gs...))
	// The shared relation has one head, which counts every article's
	// evidence.
	checkHeads(t, s, "after the concurrent puts")
}

func TestInvalidArticleWritesNothing(t *testing.T) {
	s := openTestStore(t)
	g := storetest.IstanbulTalks()
	g.Relations[0].Relation.Target = "actor:nobody"
	if _, err := s.PutArticle(t.Context(), g); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("PutArticle with a dangling relation: %v, want an error wrapping store.ErrInvalid", err)
	}
	if got := cypher(t, s, `MATCH (n) RETURN count(n)`, nil); got[0][0] != int64(0) {
		t.Errorf("an invalid article left %v nodes", got[0][0])
	}
}

func TestUnreachableServerIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := Open(ctx, Config{URI: "bolt://127.0.0.1:1"})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Open on a closed port: %v, want an error wrapping store.ErrUnavailable", err)
	}
}

func TestCanceledContextIsUnavailable(t *testing.T) {
	s := openTestStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := s.ListEntities(ctx, store.EntityQuery{First: 1})
	if !errors.Is(err, store.ErrUnavailable) || !errors.Is(err, context.Canceled) {
		t.Errorf("ListEntities with a canceled context: %v, want an error wrapping store.ErrUnavailable and context.Canceled", err)
	}
}

func TestOpenRejectsBadURI(t *testing.T) {
	for _, uri := range []string{"", "http://localhost:7474"} {
		if _, err := Open(t.Context(), Config{URI: uri}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Open(%q): %v, want an error wrapping store.ErrInvalid", uri, err)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("NEO4J_URI", "neo4j+s://db.example:7687")
	t.Setenv("NEO4J_USERNAME", "")
	t.Setenv("NEO4J_PASSWORD", "secret")
	t.Setenv("NEO4J_DATABASE", "news")
	want := Config{URI: "neo4j+s://db.example:7687", Username: "neo4j", Password: "secret", Database: "news"}
	if diff := cmp.Diff(want, ConfigFromEnv()); diff != "" {
		t.Errorf("ConfigFromEnv (-want +got):\n%s", diff)
	}
}

// TestRoutedURI: the store works through a neo4j:// URI (the driver routes
// reads to readers and writes to the leader; the single test server
// answers the routing requests with itself): it writes, reads, follows the
// feed and waits for a consistency token as through bolt://.
func TestRoutedURI(t *testing.T) {
	c := neo4jtest.Server(t).Routed()
	if !strings.HasPrefix(c.URI, "neo4j") {
		t.Fatalf("routed URI %q", c.URI)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Open(ctx, Config{URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database,
		TxTimeout: 2 * time.Minute})
	if err != nil {
		t.Fatalf("Open(%s): %v", c.URI, err)
	}
	defer s.Close()
	wipe(t, s)

	g := storetest.IstanbulTalks()
	wctx, sink := store.WithTokenSink(ctx)
	if res, err := s.PutArticle(wctx, g); err != nil || res.Outcome != store.Created {
		t.Fatalf("PutArticle: %+v, %v", res, err)
	}
	token := sink.Token()
	if token == "" {
		t.Fatal("the write gave no consistency token")
	}
	rctx := store.WithReadToken(ctx, token)
	got, err := s.Articles(rctx, []string{g.Article.ID})
	if err != nil || len(got) != 1 || got[0] == nil || got[0].Hash != g.Article.Hash {
		t.Fatalf("Articles after the write: %+v, %v", got, err)
	}
	cs, err := s.Changes(ctx, 0, 0)
	if err != nil {
		t.Fatalf("Changes: %v", err)
	}
	if len(cs) != 1 || cs[0].Article.ID != g.Article.ID || cs[0].Kind != store.ChangeCreated {
		t.Errorf("the feed holds %+v, want the creation of %s", cs, g.Article.ID)
	}
}
