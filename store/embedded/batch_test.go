package embedded

import (
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestBatchGroupCommit checks that PutArticles logs the articles that change
// something, and only those, in one append, and that they survive a reopen.
func TestBatchGroupCommit(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	if _, err := s.PutArticles(t.Context(), storetest.Ukraine()); err != nil {
		t.Fatal(err)
	}
	if s.log.records != 3 {
		t.Errorf("%d log records after a batch of 3 new articles, want 3", s.log.records)
	}
	size := s.log.size
	// Unchanged articles and an invalid one append nothing.
	bad := storetest.Sanctions()
	bad.Article.Hash = ""
	_, err := s.PutArticles(t.Context(), append(storetest.Ukraine(), bad))
	if be, ok := err.(*store.BatchError); !ok || be.Failed() != 1 {
		t.Errorf("PutArticles with one invalid article: %v, want a BatchError with one failure", err)
	}
	if s.log.size != size || s.log.records != 3 {
		t.Errorf("a batch of unchanged articles wrote to the log: %d bytes, %d records (was %d bytes, 3 records)",
			s.log.size, s.log.records, size)
	}
	want := storetest.TakeSnapshot(t, s)
	closeStore(t, s)

	reopened, _ := open(t, dir)
	if d := storetest.Diff(want, storetest.TakeSnapshot(t, reopened)); d != "" {
		t.Errorf("after reopening (-before +after):\n%s", d)
	}
	storetest.CheckModel(t, reopened, storetest.NewModel(storetest.Ukraine()...))
}

// TestReplayPutThenDelete replays a log in which an article is put, replaced
// and deleted, and another put after: the replay settles once, at the end,
// and must give what the writes gave.
func TestReplayPutThenDelete(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	talks, direct, sanctions := storetest.IstanbulTalks(), storetest.DirectTalks(), storetest.Sanctions()
	changed := storetest.CloneGraph(talks)
	changed.Article.Title += " (updated)"
	changed.Article.Hash += "-v2"
	put(t, s, talks, direct, changed)
	if _, err := s.DeleteArticle(t.Context(), talks.Article.ID); err != nil {
		t.Fatal(err)
	}
	put(t, s, sanctions)
	want := storetest.TakeSnapshot(t, s)
	closeStore(t, s)

	reopened, _ := open(t, dir)
	if d := storetest.Diff(want, storetest.TakeSnapshot(t, reopened)); d != "" {
		t.Errorf("after reopening (-before +after):\n%s", d)
	}
	storetest.CheckModel(t, reopened, storetest.NewModel(direct, sanctions))
	names, err := reopened.ResolveNames(t.Context(), ontology.Actor, []string{"rustem-umerov", "kyiv"})
	if err != nil {
		t.Fatal(err)
	}
	if d := storetest.Diff(map[string][]string{"kyiv": {"actor:Q212"}}, names); d != "" {
		t.Errorf("name keys after reopening (-want +got):\n%s", d)
	}
}
