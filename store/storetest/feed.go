package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph/ontology"
	"newsgraph/store"
)

// FeedFactory returns a fresh, empty store whose change feed keeps what r
// says; it registers the store's cleanup with t.Cleanup.
type FeedFactory func(t *testing.T, r store.Retention) store.Store

// Feed checks the change feed (store.ChangeFeed): what each write records,
// positions that follow one another under concurrent writers, paging, the
// errors for positions out of the feed, and the retention by count and by
// age, and the signal of commits. Every engine runs it as it runs All.
func Feed(t *testing.T, f FeedFactory) {
	t.Run("Writes", func(t *testing.T) { testFeedWrites(t, f) })
	t.Run("Paging", func(t *testing.T) { testFeedPaging(t, f) })
	t.Run("Committed", func(t *testing.T) { testFeedCommitted(t, f) })
	t.Run("Concurrent", func(t *testing.T) { testFeedConcurrent(t, f) })
	t.Run("RetentionByCount", func(t *testing.T) { testFeedRetentionByCount(t, f) })
	t.Run("RetentionByAge", func(t *testing.T) { testFeedRetentionByAge(t, f) })
}

// changeDigest is what the suite compares of a change.
type changeDigest struct {
	Position  store.Position
	Kind      store.ChangeKind
	Article   store.Article
	Entities  int
	Relations []string         // ids
	Evidence  int              // pieces of evidence, all the article's
	Spans     []evidenceDigest // of the evidence, sorted
}

// evidenceDigest is what the suite compares of a piece of evidence of a
// change, its article and offsets aside.
type evidenceDigest struct {
	Quote  string
	Coding store.EventCoding
}

func sortSpans(es []evidenceDigest) {
	slices.SortFunc(es, func(a, b evidenceDigest) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
}

// wantChange is the digest of the change a put of g (or a delete of the
// article id, when g has no entities and kind is ChangeDeleted) records.
func wantChange(pos store.Position, kind store.ChangeKind, g *store.ArticleGraph) changeDigest {
	d := changeDigest{Position: pos, Kind: kind, Article: store.Article{ID: g.Article.ID}}
	if kind == store.ChangeDeleted {
		return d
	}
	d.Article, d.Entities = g.Article, len(g.Entities)
	// A relation's evidence counts once per distinct piece (span and
	// coding).
	type span struct {
		rel        string
		start, end int
		coding     store.EventCoding
	}
	spans := map[span]evidenceDigest{}
	for _, c := range g.Relations {
		r := c.Relation
		id := store.RelationID(r.Type, r.Source, r.Target, r.Qualifiers)
		if !slices.Contains(d.Relations, id) {
			d.Relations = append(d.Relations, id)
		}
		for _, ev := range r.Evidence {
			spans[span{id, ev.Start, ev.End, ev.EventCoding}] = evidenceDigest{ev.Quote, ev.EventCoding}
		}
	}
	slices.Sort(d.Relations)
	d.Evidence = len(spans)
	for _, e := range spans {
		d.Spans = append(d.Spans, e)
	}
	sortSpans(d.Spans)
	return d
}

// superseded is d without its article's text and quotes: the change of a
// version that a later change replaced or deleted.
func superseded(d changeDigest) changeDigest {
	d.Article.Text = ""
	for i := range d.Spans {
		d.Spans[i].Quote = ""
	}
	sortSpans(d.Spans)
	return d
}

// digest checks what a change must hold whatever it is (a commit time
// within the test's, evidence of its own article) and returns its digest.
func digest(t *testing.T, c store.Change, from, to time.Time) changeDigest {
	t.Helper()
	if c.At.Before(from.Add(-time.Minute)) || c.At.After(to.Add(time.Minute)) {
		t.Errorf("change %d: committed at %s, not during the test (%s to %s)", c.Position, c.At, from, to)
	}
	d := changeDigest{Position: c.Position, Kind: c.Kind, Article: c.Article, Entities: c.Entities}
	for _, r := range c.Relations {
		d.Relations = append(d.Relations, r.ID)
		for _, ev := range r.Evidence {
			if ev.Article != c.Article.ID {
				t.Errorf("change %d: relation %s has evidence of %q", c.Position, r.ID, ev.Article)
			}
			d.Evidence++
			d.Spans = append(d.Spans, evidenceDigest{ev.Quote, ev.EventCoding})
		}
	}
	sortSpans(d.Spans)
	return d
}

func readFeed(t *testing.T, feed store.ChangeFeed, after store.Position, limit int, from time.Time) []changeDigest {
	t.Helper()
	cs, err := feed.Changes(t.Context(), after, limit)
	if err != nil {
		t.Fatalf("Changes(%d, %d): %v", after, limit, err)
	}
	var out []changeDigest
	for _, c := range cs {
		out = append(out, digest(t, c, from, time.Now()))
	}
	return out
}

func checkBounds(t *testing.T, feed store.ChangeFeed, oldest, latest store.Position) {
	t.Helper()
	o, l, err := feed.FeedBounds(t.Context())
	if err != nil {
		t.Fatalf("FeedBounds: %v", err)
	}
	if o != oldest || l != latest {
		t.Errorf("FeedBounds = %d, %d; want %d, %d", o, l, oldest, latest)
	}
}

func testFeedWrites(t *testing.T, f FeedFactory) {
	s := f(t, store.Retention{})
	feed := s
	from := time.Now()
	checkBounds(t, feed, 1, 0)
	if got := readFeed(t, feed, 0, 0, from); len(got) != 0 {
		t.Errorf("a new store's feed holds %v", got)
	}

	talks, direct, sanctions := IstanbulTalks(), DirectTalks(), Sanctions()
	talks2 := CloneGraph(talks)
	talks2.Article.Title += " (updated)"
	talks2.Article.Hash += "-v2"
	chain := Chain(4)
	coded := Coded()

	mustPut(t, s, talks, direct)
	mustPut(t, s, talks)  // unchanged: no change
	mustPut(t, s, talks2) // replaced
	if res, err := s.DeleteArticle(t.Context(), direct.Article.ID); err != nil || !res.Found {
		t.Fatalf("DeleteArticle: %v, %v", res, err)
	}
	if _, err := s.DeleteArticle(t.Context(), "article:nothing"); err != nil {
		t.Fatal(err)
	}
	invalid := Sanctions()
	invalid.Article.Hash = ""
	if _, err := s.PutArticles(t.Context(), []*store.ArticleGraph{sanctions, talks2, invalid, chain}); err == nil {
		t.Fatal("PutArticles with an invalid article succeeded")
	}
	mustPut(t, s, coded)

	// The versions replaced or deleted since come without their text.
	want := []changeDigest{
		superseded(wantChange(1, store.ChangeCreated, talks)),
		superseded(wantChange(2, store.ChangeCreated, direct)),
		wantChange(3, store.ChangeReplaced, talks2),
		wantChange(4, store.ChangeDeleted, direct),
		wantChange(5, store.ChangeCreated, sanctions),
		wantChange(6, store.ChangeCreated, chain),
		wantChange(7, store.ChangeCreated, coded),
	}
	if diff := Diff(want, readFeed(t, feed, 0, 0, from)); diff != "" {
		t.Errorf("the feed after the writes (-want +got):\n%s", diff)
	}
	checkBounds(t, feed, 1, 7)
}

// testFeedCommitted: FeedCommitted's channel stays open until a write
// commits through the store, and is closed by the time the write returns,
// for a put, a batch and a delete alike.
func testFeedCommitted(t *testing.T, f FeedFactory) {
	s := f(t, store.Retention{})
	g := Ukraine()[0]
	writes := []struct {
		name  string
		write func() error
	}{
		{"PutArticle", func() error { _, err := s.PutArticle(t.Context(), g); return err }},
		{"PutArticles", func() error { _, err := s.PutArticles(t.Context(), Ukraine()[1:3]); return err }},
		{"DeleteArticle", func() error { _, err := s.DeleteArticle(t.Context(), g.Article.ID); return err }},
	}
	for _, w := range writes {
		committed := s.FeedCommitted()
		select {
		case <-committed:
			t.Fatalf("before %s: the channel is closed already", w.name)
		default:
		}
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		select {
		case <-committed:
		default:
			t.Errorf("after %s: the channel is still open", w.name)
		}
	}
}

func testFeedPaging(t *testing.T, f FeedFactory) {
	s := f(t, store.Retention{})
	feed := s
	from := time.Now()
	gs := Ukraine()
	mustPut(t, s, gs...)
	var want []changeDigest
	for i, g := range gs {
		want = append(want, wantChange(store.Position(i+1), store.ChangeCreated, g))
	}
	for _, tt := range []struct {
		after store.Position
		limit int
		want  []changeDigest
	}{
		{0, 2, want[:2]},
		{2, 2, want[2:]},
		{1, 0, want[1:]},
		{3, 5, nil},
	} {
		if diff := Diff(tt.want, readFeed(t, feed, tt.after, tt.limit, from)); diff != "" {
			t.Errorf("Changes(%d, %d) (-want +got):\n%s", tt.after, tt.limit, diff)
		}
	}
	if _, err := feed.Changes(t.Context(), 4, 10); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Changes after a position beyond the latest: %v, want an error wrapping store.ErrInvalid", err)
	}
}

// feedArticle is the i-th of a series of articles that all mention the same
// two entities, so that writing them at once contends for them.
func feedArticle(i int) *store.ArticleGraph {
	return NewArticle(fmt.Sprintf("feed-%03d", i), fmt.Sprintf("Sanctions, part %d", i), "Generated",
		"2025-05-20", sanctionsText).
		Entity(Actor("Q458", "European Union", "international_organisation"), "European Union").
		Entity(Actor("Q159", "Russia", "country"), "Russia").
		Relate(ontology.Sanctioned, eu, russia, store.Qualifiers{}, "sanctions on Moscow").
		Build()
}

// testFeedConcurrent writes from several goroutines at once: the positions
// must be 1 to n, each change once.
func testFeedConcurrent(t *testing.T, f FeedFactory) {
	s := f(t, store.Retention{})
	feed := s
	const writers, each = 4, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				g := feedArticle(w*each + i)
				if _, err := s.PutArticle(t.Context(), g); err != nil {
					t.Errorf("PutArticle(%s): %v", g.Article.ID, err)
				}
			}
		})
	}
	// A reader follows the feed while they write: every read must go on
	// from where the last one ended, with no hole.
	var read []store.Position
	readerDone := make(chan struct{})
	writing := make(chan struct{})
	go func() {
		defer close(readerDone)
		var pos store.Position
		for {
			cs, err := feed.Changes(t.Context(), pos, 0)
			if err != nil {
				t.Errorf("Changes(%d) while writing: %v", pos, err)
				return
			}
			for _, c := range cs {
				read = append(read, c.Position)
				if c.Position != pos+1 {
					t.Errorf("Changes after %d while writing gave position %d: a hole", pos, c.Position)
				}
				pos = c.Position
			}
			if len(cs) == 0 && isClosed(writing) {
				if _, latest, err := feed.FeedBounds(t.Context()); err == nil && latest == pos {
					return
				}
			}
		}
	}()
	wg.Wait()
	close(writing)
	<-readerDone
	cs, err := feed.Changes(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var positions []store.Position
	seen := map[string]int{}
	for _, c := range cs {
		positions = append(positions, c.Position)
		seen[c.Article.ID]++
	}
	var want []store.Position
	for i := range writers * each {
		want = append(want, store.Position(i+1))
	}
	if diff := Diff(want, positions); diff != "" {
		t.Errorf("positions of concurrent writes (-want +got):\n%s", diff)
	}
	if diff := Diff(want, read); diff != "" {
		t.Errorf("positions a reader read while the writes went on (-want +got):\n%s", diff)
	}
	for i := range writers * each {
		if id := feedArticle(i).Article.ID; seen[id] != 1 {
			t.Errorf("article %s is in the feed %d times", id, seen[id])
		}
	}
}

func testFeedRetentionByCount(t *testing.T, f FeedFactory) {
	s := f(t, store.Retention{MaxChanges: 3})
	feed := s
	from := time.Now()
	var gs []*store.ArticleGraph
	for i := range 5 {
		gs = append(gs, feedArticle(i))
	}
	mustPut(t, s, gs...)
	checkBounds(t, feed, 3, 5)
	for _, after := range []store.Position{0, 1} {
		if _, err := feed.Changes(t.Context(), after, 0); !errors.Is(err, store.ErrFeedExpired) {
			t.Errorf("Changes(%d) past the retention: %v, want an error wrapping store.ErrFeedExpired", after, err)
		}
	}
	want := []changeDigest{
		wantChange(3, store.ChangeCreated, gs[2]),
		wantChange(4, store.ChangeCreated, gs[3]),
		wantChange(5, store.ChangeCreated, gs[4]),
	}
	if diff := Diff(want, readFeed(t, feed, 2, 0, from)); diff != "" {
		t.Errorf("the retained changes (-want +got):\n%s", diff)
	}
}

func testFeedRetentionByAge(t *testing.T, f FeedFactory) {
	const age = 200 * time.Millisecond
	s := f(t, store.Retention{MaxAge: age})
	feed := s
	mustPut(t, s, feedArticle(0), feedArticle(1))
	time.Sleep(2 * age)
	checkBounds(t, feed, 3, 2)
	if _, err := feed.Changes(t.Context(), 0, 0); !errors.Is(err, store.ErrFeedExpired) {
		t.Errorf("Changes(0) past the retention: %v, want an error wrapping store.ErrFeedExpired", err)
	}
	if cs, err := feed.Changes(t.Context(), 2, 0); err != nil || len(cs) != 0 {
		t.Errorf("Changes(2) = %v, %v; want nothing", cs, err)
	}
	mustPut(t, s, feedArticle(2))
	checkBounds(t, feed, 3, 3)
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
