package difftest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/loaders/brat"
	"newsgraph/loaders/plover"
	"newsgraph/loaders/synth"
	"newsgraph/store"
)

// The corpus both stores hold: the seed article, the edge cases of
// testdata, a synthetic corpus, and the brat and PLOVER samples of the
// importers' tests. Every article goes
// through article.Document.Graph, as the loader writes it, but without the
// loader's name resolution, which is not what is compared here.

// synthArticles is the size of the synthetic corpus.
const synthArticles = 200

// corpus returns the article graphs of the corpus, in the order they are
// written.
func corpus(t testing.TB) []*store.ArticleGraph {
	t.Helper()
	root := moduleRoot(t)
	var docs []*article.Document

	seeds, err := filepath.Glob(filepath.Join(root, "examples", "articles", "*.json"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seed article in examples/articles (%v)", err)
	}
	for _, path := range seeds {
		d, err := article.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}

	// Articles written for this test: names that sort differently by
	// bytes and by UTF-16 code units, case and accent variants, zero
	// quantities, a negative zero, claims that disagree across articles.
	edges, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(edges) == 0 {
		t.Fatalf("no article in testdata (%v)", err)
	}
	for _, path := range edges {
		d, err := article.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}

	err = synth.Generate(synth.Config{Articles: synthArticles, Seed: 7}, func(d *article.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	bratFiles, err := filepath.Glob(filepath.Join(root, "loaders", "brat", "testdata", "*", "*.ann"))
	if err != nil || len(bratFiles) == 0 {
		t.Fatalf("no brat sample in loaders/brat/testdata (%v)", err)
	}
	docs = append(docs, imported(t, brat.New(nil), bratFiles...)...)
	docs = append(docs, imported(t, plover.New(nil), filepath.Join(root, "loaders", "plover", "testdata", "gsr-sample.json"))...)

	graphs := make([]*store.ArticleGraph, 0, len(docs))
	for _, d := range docs {
		g, err := d.Graph()
		if err != nil {
			t.Fatalf("article %s: %v", d.ID, err)
		}
		graphs = append(graphs, g)
	}
	return graphs
}

// imported reads files with an importer and returns the documents it could
// read; the samples hold documents an importer refuses on purpose, which are
// left out.
func imported(t testing.TB, imp loaders.Importer, paths ...string) []*article.Document {
	t.Helper()
	var docs []*article.Document
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		err = imp.Import(path, f, func(r loaders.Result) error {
			if r.Doc != nil && r.Doc.Validate() == nil {
				docs = append(docs, r.Doc)
			}
			return nil
		})
		f.Close()
		if err != nil {
			t.Fatalf("%s import %s: %v", imp.Name(), path, err)
		}
	}
	if len(docs) == 0 {
		t.Fatalf("%s: no document read from %v", imp.Name(), paths)
	}
	return docs
}

// fill writes the corpus into st, one article at a time.
func fill(ctx context.Context, st store.Store, graphs []*store.ArticleGraph) error {
	for _, g := range graphs {
		if _, err := st.PutArticle(ctx, g); err != nil {
			return fmt.Errorf("put %s: %w", g.Article.ID, err)
		}
	}
	return nil
}

// moduleRoot is the directory of go.mod, found upwards from the package.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the package directory")
		}
		dir = parent
	}
}
