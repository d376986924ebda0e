package embedded

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// largeArticle is an article of n actors with long names, each linked to
// the first.
func largeArticle(id string, n int) *store.ArticleGraph {
	b := storetest.NewArticle(id, "A large article "+strings.Repeat("about everything ", 50), "Generated", "2025-04-01", "They cooperated.")
	hub := store.EntityID(ontology.Actor, id+"-0")
	for i := range n {
		key := fmt.Sprintf("%s-%d", id, i)
		b.Entity(storetest.Actor(key, fmt.Sprintf("Actor %d %s", i, strings.Repeat("delegation ", 40)), "organisation"))
		if i > 0 {
			b.Relate(ontology.Cooperated, hub, store.EntityID(ontology.Actor, key), store.Qualifiers{}, "cooperated")
		}
	}
	return b.Build()
}

// parkWrites makes every write of s wait, once prepared and before its
// commit, until the returned release is called. parked receives each
// parked write's context.
func parkWrites(t *testing.T, s *Store) (parked <-chan context.Context, release func()) {
	p := make(chan context.Context, 1)
	r := make(chan struct{})
	s.beforeCommit = func(ctx context.Context) {
		p <- ctx
		select {
		case <-r:
		case <-time.After(20 * time.Second):
			t.Error("a parked write was not released within 20 s: were the reads blocked?")
		}
	}
	return p, sync.OnceFunc(func() { close(r) })
}

// TestReadsGoOnDuringAWrite parks a large write between its preparation
// and its commit and reads meanwhile: every read must complete, and see
// the store without the article, while the write is under way.
func TestReadsGoOnDuringAWrite(t *testing.T) {
	s, _ := open(t, t.TempDir())
	put(t, s, storetest.Ukraine()...)
	parked, release := parkWrites(t, s)
	defer release()

	big := largeArticle("big", 1000)
	written := make(chan error, 1)
	go func() {
		_, err := s.PutArticle(context.Background(), big)
		written <- err
	}()
	<-parked

	const reads = 50
	hub := store.EntityID(ontology.Actor, "big-0")
	completed := 0
	for i := range reads {
		var err error
		switch i % 3 {
		case 0:
			var es []*store.Entity
			es, err = s.Entities(t.Context(), []string{hub})
			if err == nil && es[0] != nil {
				t.Fatalf("read %d sees an entity of the article being written", i)
			}
		case 1:
			var hits []store.SearchHit
			hits, err = s.Search(t.Context(), store.SearchQuery{Text: "Zelensky", First: 10})
			if err == nil && len(hits) == 0 {
				t.Fatalf("read %d: search found nothing of the example corpus", i)
			}
		case 2:
			_, err = s.ListEntities(t.Context(), store.EntityQuery{First: 20})
		}
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		completed++
	}
	select {
	case err := <-written:
		t.Fatalf("the write finished while parked: %v", err)
	default:
	}
	if completed != reads {
		t.Errorf("%d of %d reads completed during the write", completed, reads)
	}
	release()
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	es, err := s.Entities(t.Context(), []string{hub})
	if err != nil || es[0] == nil {
		t.Fatalf("after the write: Entities(%s) = %v, %v", hub, es, err)
	}
}

// TestWriteAbandonedWhenContextEnds ends the context of each kind of write
// after it is prepared and before its commit: the write fails with the
// context's error and leaves nothing, in memory or in the log.
func TestWriteAbandonedWhenContextEnds(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	base := storetest.Sanctions()
	put(t, s, base)
	logSize := fileSize(t, filepath.Join(dir, logFile))
	s.beforeCommit = func(ctx context.Context) {
		ctx.Value(cancelKey{}).(context.CancelFunc)()
	}
	cancelling := func() context.Context {
		ctx, cancel := context.WithCancel(t.Context())
		return context.WithValue(ctx, cancelKey{}, cancel)
	}
	large := largeArticle("large", 20)

	if _, err := s.PutArticle(cancelling(), large); !errors.Is(err, context.Canceled) {
		t.Errorf("PutArticle: got %v, want context.Canceled", err)
	}
	_, err := s.PutArticles(cancelling(), []*store.ArticleGraph{large, largeArticle("other", 3)})
	var be *store.BatchError
	if !errors.As(err, &be) || len(be.Errs) != 2 || !errors.Is(be.Errs[0], context.Canceled) || !errors.Is(be.Errs[1], context.Canceled) {
		t.Errorf("PutArticles: got %v, want context.Canceled for both", err)
	}
	if _, err := s.DeleteArticle(cancelling(), base.Article.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("DeleteArticle: got %v, want context.Canceled", err)
	}

	check := func(when string) {
		t.Helper()
		as, err := s.Articles(t.Context(), []string{base.Article.ID, store.ArticleID("large"), store.ArticleID("other")})
		if err != nil {
			t.Fatal(err)
		}
		if as[0] == nil || as[1] != nil || as[2] != nil {
			t.Errorf("%s: articles %v, want only %s", when, as, base.Article.ID)
		}
		n, err := s.CountEntities(t.Context(), store.EntityQuery{})
		if err != nil || n != len(base.Entities) {
			t.Errorf("%s: %d entities (%v), want %d", when, n, err, len(base.Entities))
		}
	}
	check("after the abandoned writes")
	if got := fileSize(t, filepath.Join(dir, logFile)); got != logSize {
		t.Errorf("the log grew from %d to %d bytes", logSize, got)
	}
	closeStore(t, s)
	s, _ = open(t, dir)
	check("reopened")
}

type cancelKey struct{}

// TestWriteCommittedAfterContextEndsSaysSo ends a write's context once it
// is in the log: the write is stored and reported, and the store's log
// says it was committed after its context ended.
func TestWriteCommittedAfterContextEndsSaysSo(t *testing.T) {
	s, logs := open(t, t.TempDir())
	ctx, cancel := context.WithCancel(t.Context())
	s.afterLog = func(context.Context) { cancel() }
	g := storetest.Sanctions()
	res, err := s.PutArticle(ctx, g)
	if err != nil || res.Outcome != store.Created {
		t.Fatalf("PutArticle = %+v, %v; want Created", res, err)
	}
	as, err := s.Articles(t.Context(), []string{g.Article.ID})
	if err != nil || as[0] == nil {
		t.Fatalf("the committed article is not stored: %v, %v", as, err)
	}
	for _, want := range []string{"committed after its context ended", g.Article.ID} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the store's log does not say %q:\n%s", want, logs)
		}
	}
}
