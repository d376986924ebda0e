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

// TestEntityArticlesAreMigrated checks that opening a database written
// when entity nodes kept the ids of the articles that mention them in a
// property articles removes the property and answers as before, and that
// once it has, opening reads no entity for it again (the marker node).
func TestEntityArticlesAreMigrated(t *testing.T) {
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
