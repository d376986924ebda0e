package export

import (
	"context"
	"path/filepath"
	"testing"

	"newsgraph/article"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// fixtureFiles are the articles of the fixture store: the example article
// (published 2025-06-03) and one of testdata (2025-07-20) that restates one
// of its relations and adds two, one with a date qualifier (2025-08-01).
var fixtureFiles = []string{
	"../examples/articles/istanbul-talks-2025-06-03.json",
	"testdata/geneva-round-2025-07-20.json",
}

// fixture returns an in-memory store holding fixtureFiles.
func fixture(t testing.TB) store.Store {
	t.Helper()
	st := embedded.New()
	t.Cleanup(func() { _ = st.Close() })
	for _, f := range fixtureFiles {
		d, err := article.ParseFile(filepath.FromSlash(f))
		if err != nil {
			t.Fatal(err)
		}
		g, err := d.Graph()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutArticle(context.Background(), g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return st
}

// storeOf returns an in-memory store holding the article graphs gs.
func storeOf(t testing.TB, gs ...*store.ArticleGraph) store.Store {
	t.Helper()
	st := embedded.New()
	t.Cleanup(func() { _ = st.Close() })
	for _, g := range gs {
		if _, err := st.PutArticle(context.Background(), g); err != nil {
			t.Fatalf("%s: %v", g.Article.ID, err)
		}
	}
	return st
}
