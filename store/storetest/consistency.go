package storetest

import (
	"errors"
	"testing"

	"newsgraph/store"
)

// Consistency checks consistency tokens (store.ConsistencyWait): every
// write that changes something records one in the sink of its context, a
// read presenting it answers, and a read presenting a malformed token
// fails with store.ErrInvalid. Every engine runs it as it runs All.
func Consistency(t *testing.T, f Factory) {
	s := f(t)
	ctx, sink := store.WithTokenSink(t.Context())
	if _, err := s.PutArticle(ctx, IstanbulTalks()); err != nil {
		t.Fatal(err)
	}
	put := sink.Token()
	if put == "" {
		t.Fatal("PutArticle recorded no consistency token")
	}
	read := store.WithReadToken(t.Context(), put)
	as, err := s.Articles(read, []string{IstanbulTalks().Article.ID})
	if err != nil || as[0] == nil {
		t.Errorf("a read with the token of the put: %v, %v; want the article", as, err)
	}

	if _, err := s.PutArticles(ctx, []*store.ArticleGraph{Sanctions()}); err != nil {
		t.Fatal(err)
	}
	batch := sink.Token()
	if batch == "" || batch == put {
		t.Errorf("PutArticles recorded token %q after the put's %q: want a new one", batch, put)
	}
	if _, err := s.DeleteArticle(ctx, Sanctions().Article.ID); err != nil {
		t.Fatal(err)
	}
	if del := sink.Token(); del == "" || del == batch {
		t.Errorf("DeleteArticle recorded token %q after the batch's %q: want a new one", del, batch)
	}
	n, err := s.CountArticles(store.WithReadToken(t.Context(), sink.Token()), store.ArticleQuery{})
	if err != nil || n != 1 {
		t.Errorf("a count with the token of the delete: %d, %v; want 1", n, err)
	}

	for _, bad := range []string{"not a token", "bm90IGEgdG9rZW4"} {
		if _, err := s.Articles(store.WithReadToken(t.Context(), bad), []string{"article:x"}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("a read with the token %q: %v, want an error wrapping store.ErrInvalid", bad, err)
		}
	}
}
