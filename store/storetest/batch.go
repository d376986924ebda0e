package storetest

import (
	"errors"
	"slices"
	"testing"

	"newsgraph/store"
)

// testBatch covers store.BatchWriter: PutArticles must do exactly what
// PutArticle does for each article in turn — the same results, the same
// failures, the same graph.
func testBatch(t *testing.T, f Factory) {
	changedTalks := func() *store.ArticleGraph {
		g := istanbulTalks().Build()
		g.Article.Title = "Second round of Istanbul talks ends"
		g.Article.Hash += "-v2"
		return g
	}
	// withoutUmerov is a new version of IstanbulTalks that no longer
	// names Rustem Umerov, so that his entity and the LED relation go.
	withoutUmerov := func() *store.ArticleGraph {
		g := IstanbulTalks()
		g.Article.Hash += "-without-umerov"
		g.Entities = slices.DeleteFunc(g.Entities, func(c store.EntityClaim) bool { return c.Entity.ID == umerov })
		g.Relations = slices.DeleteFunc(g.Relations, func(c store.RelationClaim) bool { return c.Relation.Source == umerov })
		return g
	}
	invalid := func() *store.ArticleGraph {
		g := DirectTalks()
		g.Article.Hash = ""
		return g
	}

	tests := []struct {
		name   string
		before []*store.ArticleGraph // put one by one first
		batch  []*store.ArticleGraph
	}{
		{"empty", nil, nil},
		{"new articles", nil, Ukraine()},
		{"all unchanged", Ukraine(), Ukraine()},
		{"created, unchanged and replaced in one batch", nil,
			[]*store.ArticleGraph{IstanbulTalks(), IstanbulTalks(), changedTalks(), Sanctions()}},
		{"replacing an article stored before", []*store.ArticleGraph{IstanbulTalks(), Sanctions()},
			[]*store.ArticleGraph{changedTalks(), DirectTalks()}},
		{"an invalid article fails alone", []*store.ArticleGraph{Sanctions()},
			[]*store.ArticleGraph{IstanbulTalks(), invalid(), DirectTalks(), nil, Chain(5)}},
		{"an entity named by one version of an article only", nil,
			[]*store.ArticleGraph{IstanbulTalks(), withoutUmerov(), Sanctions()}},
		{"an entity dropped by a new version", []*store.ArticleGraph{IstanbulTalks()},
			[]*store.ArticleGraph{DirectTalks(), withoutUmerov()}},
		{"generated graphs", nil, []*store.ArticleGraph{Chain(30), Star(20), IstanbulTalks()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The reference: one PutArticle after the other.
			seq := f(t)
			mustPut(t, seq, tt.before...)
			var want []store.PutResult
			var wantFailed []bool
			for _, g := range tt.batch {
				res, err := seq.PutArticle(t.Context(), clone(g))
				if err != nil && !errors.Is(err, store.ErrInvalid) {
					t.Fatalf("PutArticle: %v", err)
				}
				want = append(want, res)
				wantFailed = append(wantFailed, err != nil)
			}

			s := f(t)
			mustPut(t, s, tt.before...)
			got, err := s.PutArticles(t.Context(), clones(tt.batch))
			if d := Diff(want, got); d != "" {
				t.Errorf("PutArticles results differ from PutArticle's one by one (-want +got):\n%s", d)
			}
			checkBatchError(t, err, wantFailed)
			if d := Diff(TakeSnapshot(t, seq), TakeSnapshot(t, s)); d != "" {
				t.Errorf("the store differs from one written one article at a time (-want +got):\n%s", d)
			}
		})
	}

	t.Run("MatchesTheModel", func(t *testing.T) {
		s := f(t)
		if _, err := s.PutArticles(t.Context(), Ukraine()); err != nil {
			t.Fatal(err)
		}
		CheckModel(t, s, NewModel(Ukraine()...))
	})
}

// checkBatchError checks that err is nil when nothing failed, else a
// *store.BatchError whose failures are where failed says, each wrapping
// store.ErrInvalid.
func checkBatchError(t *testing.T, err error, failed []bool) {
	t.Helper()
	anyFailed := false
	for _, f := range failed {
		anyFailed = anyFailed || f
	}
	if !anyFailed {
		if err != nil {
			t.Errorf("PutArticles: %v, want no error", err)
		}
		return
	}
	var be *store.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("PutArticles: error %v (%T), want a *store.BatchError", err, err)
	}
	if len(be.Errs) != len(failed) {
		t.Fatalf("BatchError has %d errors for %d articles", len(be.Errs), len(failed))
	}
	for i, f := range failed {
		switch {
		case f && !errors.Is(be.Errs[i], store.ErrInvalid):
			t.Errorf("article %d: error %v, want one wrapping store.ErrInvalid", i, be.Errs[i])
		case !f && be.Errs[i] != nil:
			t.Errorf("article %d: error %v, want none", i, be.Errs[i])
		}
	}
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("errors.Is(%v, store.ErrInvalid) is false", err)
	}
	if got, want := be.Failed(), count(failed); got != want {
		t.Errorf("BatchError.Failed() = %d, want %d", got, want)
	}
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// clone copies a graph (nil stays nil), so that a store cannot change the
// test's data.
func clone(g *store.ArticleGraph) *store.ArticleGraph {
	if g == nil {
		return nil
	}
	return CloneGraph(g)
}

func clones(gs []*store.ArticleGraph) []*store.ArticleGraph {
	out := make([]*store.ArticleGraph, len(gs))
	for i, g := range gs {
		out[i] = clone(g)
	}
	return out
}
