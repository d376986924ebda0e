package neo4jstore

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// answers are what a store says of its entities: each one by id (with the
// articles that mention it), and lists and counts filtered by article.
type answers struct {
	Entities []*store.Entity
	Lists    [][]*store.Entity
	Counts   []int
}

func answersOf(t *testing.T, s *Store, ids []string) answers {
	t.Helper()
	es, err := s.Entities(t.Context(), ids)
	if err != nil {
		t.Fatal(err)
	}
	a := answers{Entities: es}
	for _, f := range []*store.StringFilter{
		{Eq: ptr("article:istanbul-talks")},
		{In: []string{"article:istanbul-talks", "article:nobody"}},
		{StartsWith: ptr("article:")},
	} {
		q := store.EntityQuery{Where: &store.EntityFilter{Article: f}, First: 100}
		p, err := s.ListEntities(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountEntities(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		a.Lists, a.Counts = append(a.Lists, p.Items), append(a.Counts, n)
	}
	return a
}

// ukraineStore is a test store holding storetest.Ukraine, and the ids of
// its entities, in order.
func ukraineStore(t *testing.T) (*Store, []string) {
	t.Helper()
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	for _, row := range cypher(t, s, "MATCH (n:Entity) RETURN n.id ORDER BY n.id", nil) {
		ids = append(ids, row[0].(string))
	}
	return s, ids
}

// TestEntityArticlesAreMigrated checks that opening a database written
// when entity nodes kept the ids of the articles that mention them in a
// property articles removes the property and answers as before, and that
// once it has, opening reads no entity for it again (the marker node).
func TestEntityArticlesAreMigrated(t *testing.T) {
	s, ids := ukraineStore(t)
	want := answersOf(t, s, ids)
	if len(want.Lists[0]) == 0 || len(want.Entities) == 0 || len(want.Entities[0].Articles) == 0 {
		t.Fatalf("answers %+v: the test reads nothing", want)
	}

	setArticles := func(ids string) {
		t.Helper()
		if _, err := write(t.Context(), s, "old articles", func(tx neo4j.ManagedTransaction) (int, error) {
			_, err := run(t.Context(), tx, "MATCH (n:Entity) SET n.articles = "+ids, nil)
			return 0, err
		}); err != nil {
			t.Fatal(err)
		}
	}
	withArticles := func(s *Store) int64 {
		return cypher(t, s, "MATCH (n:Entity) WHERE n.articles IS NOT NULL RETURN count(n)", nil)[0][0].(int64)
	}
	reopen := func() *Store {
		t.Helper()
		again, err := Open(context.Background(), testConfig(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { again.Close() })
		return again
	}

	// What the earlier version wrote: the sorted ids, and no marker (the
	// test's wipe removed it).
	setArticles("COLLECT { MATCH (a:Article)-[:MENTIONS]->(n) RETURN a.id ORDER BY a.id }")
	if got := withArticles(s); got != int64(len(ids)) {
		t.Fatalf("%d entities with articles before opening, want %d", got, len(ids))
	}
	again := reopen()
	if got := withArticles(again); got != 0 {
		t.Errorf("%d entities keep their articles after opening, want none", got)
	}
	if d := cmp.Diff(want, answersOf(t, again, ids)); d != "" {
		t.Errorf("answers after the migration (-before +after):\n%s", d)
	}

	// Once done, opening leaves entities alone, and reads ignore a
	// property articles, whatever it says.
	setArticles("['article:elsewhere']")
	third := reopen()
	if got := withArticles(third); got != int64(len(ids)) {
		t.Errorf("%d entities with articles after opening a migrated database, want %d (untouched)", got, len(ids))
	}
	if d := cmp.Diff(want, answersOf(t, third, ids)); d != "" {
		t.Errorf("answers with a stray property articles (-want +got):\n%s", d)
	}
}

// TestMentionKeysAreMigrated checks that opening a database written when
// MENTIONS held no ids of their entity and article gives them those ids,
// which the reads of an entity's articles go by, so that the answers are
// those from before.
func TestMentionKeysAreMigrated(t *testing.T) {
	s, ids := ukraineStore(t)
	paged := store.Projection{ArticleLimit: 1}
	pages := func(s *Store) []*store.Entity {
		t.Helper()
		es, err := s.ProjectedEntities(t.Context(), ids, paged)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	want, wantPages := answersOf(t, s, ids), pages(s)
	if len(want.Entities) == 0 || len(want.Entities[0].Articles) == 0 || len(wantPages) == 0 || len(wantPages[0].Articles) != 1 {
		t.Fatalf("answers %+v, pages %v: the test reads nothing", want, wantPages)
	}
	keyless := func(s *Store) int64 {
		return cypher(t, s, "MATCH ()-[m:MENTIONS]->() WHERE m.entity IS NULL OR m.article IS NULL RETURN count(m)", nil)[0][0].(int64)
	}
	// What the earlier version wrote: no ids on MENTIONS, and no marker
	// (the test's wipe removed it).
	if _, err := write(t.Context(), s, "old mentions", func(tx neo4j.ManagedTransaction) (int, error) {
		_, err := run(t.Context(), tx, "MATCH ()-[m:MENTIONS]->() REMOVE m.entity, m.article", nil)
		return 0, err
	}); err != nil {
		t.Fatal(err)
	}
	if keyless(s) == 0 {
		t.Fatal("no MENTIONS without ids before opening: the test checks nothing")
	}
	again, err := Open(context.Background(), testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	if n := keyless(again); n != 0 {
		t.Errorf("%d MENTIONS without ids after opening, want none", n)
	}
	if d := cmp.Diff(want, answersOf(t, again, ids)); d != "" {
		t.Errorf("answers after the migration (-before +after):\n%s", d)
	}
	if d := cmp.Diff(wantPages, pages(again)); d != "" {
		t.Errorf("pages of articles after the migration (-before +after):\n%s", d)
	}
}
