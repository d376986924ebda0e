package graph_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"newsgraph/internal/gqltest"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

const resumableArticles = `subscription($after: String) {
  articleIngested(after: $after) { cursor article { id } }
}`

const resumableRelations = `subscription($after: String) {
  relationAdded(after: $after) { id cursor }
}`

// deleteArticle deletes an article through the API.
func (a *api) deleteArticle(t *testing.T, id string) {
	t.Helper()
	var out struct{ DeleteArticle struct{ Found bool } }
	query(t, a.client, `mutation($id: ID!) { deleteArticle(id: $id) { found } }`, &out, client.Var("id", id), withToken())
	if !out.DeleteArticle.Found {
		t.Fatalf("deleteArticle(%s) found nothing", id)
	}
}

// sseEvents reads n events of a stream and returns the values of field of
// each (article ids, relation ids) and their cursors, checking that the
// event id is the cursor.
func sseEvents(t *testing.T, s *gqltest.SSE, n int, read func(*testing.T, *gqltest.Response) (id, cursor string)) (ids, cursors []string) {
	t.Helper()
	for range n {
		r, err := s.Next(5 * time.Second)
		if err != nil {
			t.Fatalf("after %v: %v", ids, err)
		}
		id, cursor := read(t, r)
		if cursor == "" || r.EventID != cursor {
			t.Errorf("event of %s: cursor %q, event id %q; want the cursor as the id", id, cursor, r.EventID)
		}
		ids, cursors = append(ids, id), append(cursors, cursor)
	}
	return ids, cursors
}

func readArticle(t *testing.T, r *gqltest.Response) (string, string) {
	var ev struct {
		ArticleIngested struct {
			Cursor  string
			Article struct{ ID string }
		}
	}
	decodeData(t, r, &ev)
	return ev.ArticleIngested.Article.ID, ev.ArticleIngested.Cursor
}

func readRelation(t *testing.T, r *gqltest.Response) (string, string) {
	var ev struct{ RelationAdded struct{ ID, Cursor string } }
	decodeData(t, r, &ev)
	return ev.RelationAdded.ID, ev.RelationAdded.Cursor
}

// noMoreEvents checks that nothing else comes within a short while.
func noMoreEvents(t *testing.T, s *gqltest.SSE) {
	t.Helper()
	if r, err := s.Next(300 * time.Millisecond); err == nil {
		t.Errorf("an extra event: %s", r.Data)
	}
}

// firstCursors subscribes to articleIngested, ingests the articles ids,
// and returns the cursors of their events.
func firstCursors(t *testing.T, a *api, url string, ids ...string) []string {
	t.Helper()
	first, err := gqltest.PostSSE(testContext(t), url, resumableArticles, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	waitForSubscribers(t, a, 1)
	for _, id := range ids {
		a.ingest(t, smallArticle(id, id))
	}
	_, cursors := sseEvents(t, first, len(ids), readArticle)
	return cursors
}

// TestArticleIngestedResumes: a subscriber that comes back with the cursor
// of the last event it received gets every later article once, then the
// live ones; with Last-Event-ID too.
func TestArticleIngestedResumes(t *testing.T) {
	a := newAPI(t)
	url := a.serveHTTP(t)
	ctx := testContext(t)

	cursors := firstCursors(t, a, url, "a", "b")
	waitForSubscribers(t, a, 0)

	// While nobody listens: a replacement, a delete (no event) and a new
	// article.
	a.ingest(t, smallArticle("b", "B, edited"))
	a.deleteArticle(t, "article:a")
	a.ingest(t, smallArticle("c", "C"))

	for name, resume := range map[string]func() (*gqltest.SSE, error){
		"after": func() (*gqltest.SSE, error) {
			return gqltest.PostSSE(ctx, url, resumableArticles, map[string]any{"after": cursors[0]}, nil)
		},
		"Last-Event-ID": func() (*gqltest.SSE, error) {
			return gqltest.PostSSE(ctx, url, resumableArticles, nil, http.Header{"Last-Event-Id": {cursors[0]}})
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := resume()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ids, _ := sseEvents(t, s, 3, readArticle)
			if diff := cmp.Diff([]string{"article:b", "article:b", "article:c"}, ids); diff != "" {
				t.Errorf("replayed articles (-want +got):\n%s", diff)
			}
			noMoreEvents(t, s)
		})
	}

	// Then live: a resumed subscription goes on with new articles.
	s, err := gqltest.PostSSE(ctx, url, resumableArticles, map[string]any{"after": cursors[1]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sseEvents(t, s, 2, readArticle)
	a.ingest(t, smallArticle("d", "D"))
	if ids, _ := sseEvents(t, s, 1, readArticle); ids[0] != "article:d" {
		t.Errorf("live event after the replay: %v, want article:d", ids)
	}
}

// TestRelationAddedResumesWithinAnArticle: the cursor of a relation
// resumes right after it, even among the relations of one article.
func TestRelationAddedResumesWithinAnArticle(t *testing.T) {
	a := newAPI(t)
	url := a.serveHTTP(t)
	ctx := testContext(t)
	s, err := gqltest.PostSSE(ctx, url, resumableRelations, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitForSubscribers(t, a, 1)
	a.ingest(t, exampleInput(t))
	n, err := a.store.CountRelations(ctx, store.RelationQuery{})
	if err != nil || n < 3 {
		t.Fatalf("the example states %d relations (%v); the test needs 3 or more", n, err)
	}
	ids, cursors := sseEvents(t, s, n, readRelation)

	again, err := gqltest.PostSSE(ctx, url, resumableRelations, map[string]any{"after": cursors[1]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	got, _ := sseEvents(t, again, n-2, readRelation)
	if diff := cmp.Diff(ids[2:], got); diff != "" {
		t.Errorf("relations after the second one's cursor (-want +got):\n%s", diff)
	}
	noMoreEvents(t, again)
}

// TestSubscriptionCursorErrors: a cursor past the retention is
// CURSOR_EXPIRED, one that is not a cursor BAD_USER_INPUT.
func TestSubscriptionCursorErrors(t *testing.T) {
	mem := embedded.New(embedded.WithRetention(store.Retention{MaxChanges: 1}))
	t.Cleanup(func() { mem.Close() })
	a := newAPI(t, func(c *server.Config) { c.Store = mem })
	url := a.serveHTTP(t)
	ctx := testContext(t)

	cursors := firstCursors(t, a, url, "a")
	a.ingest(t, smallArticle("b", "B"))
	a.ingest(t, smallArticle("c", "C"))

	for _, tt := range []struct{ after, code string }{
		{cursors[0], "CURSOR_EXPIRED"},
		{"not-a-cursor", "BAD_USER_INPUT"},
		{"ZmVlZDo5OTk", "BAD_USER_INPUT"}, // a position beyond the feed
	} {
		s, err := gqltest.PostSSE(ctx, url, resumableArticles, map[string]any{"after": tt.after}, nil)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Next(5 * time.Second)
		s.Close()
		if err != nil || len(r.Errors) == 0 || r.Errors[0].Extensions.Code != tt.code {
			t.Errorf("after %q: %+v, %v; want an error %s", tt.after, r, err, tt.code)
		}
	}
}

// TestLiveAndReplayedEventsAgree: a subscriber that resumes from a cursor
// gets the very events, field for field, that a live subscriber got.
func TestLiveAndReplayedEventsAgree(t *testing.T) {
	a := newAPI(t)
	url := a.serveHTTP(t)
	ctx := testContext(t)
	subscriptions := []struct{ name, query string }{
		{"articleIngested", `subscription($after: String) { articleIngested(after: $after) {
			outcome entities relations cursor article { id title text source } } }`},
		{"relationAdded", `subscription($after: String) { relationAdded(after: $after) {
			id type cursor source { id } target { id } evidence { quote start end } } }`},
	}
	var live []*gqltest.SSE
	for _, s := range subscriptions {
		l, err := gqltest.PostSSE(ctx, url, s.query, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		live = append(live, l)
	}
	waitForSubscribers(t, a, len(subscriptions))
	a.ingest(t, smallArticle("first", "First"))
	a.ingest(t, smallArticle("second", "Second"))
	a.ingest(t, smallArticle("third", "Third"))

	// Each article gives one event of each subscription.
	events := func(t *testing.T, s *gqltest.SSE, n int) (data, ids []string) {
		t.Helper()
		for range n {
			r, err := s.Next(5 * time.Second)
			if err != nil {
				t.Fatalf("after %d events: %v", len(data), err)
			}
			if len(r.Errors) > 0 {
				t.Fatalf("event with errors: %+v", r.Errors)
			}
			data, ids = append(data, string(r.Data)), append(ids, r.EventID)
		}
		return data, ids
	}
	for i, s := range subscriptions {
		t.Run(s.name, func(t *testing.T) {
			want, ids := events(t, live[i], 3)
			// The article's text and the evidence's quote: the feed
			// gives them while the article is the version it put.
			if !strings.Contains(want[1], "Umerov led the delegation.") {
				t.Errorf("live event %s: no text or quote", want[1])
			}
			replay, err := gqltest.PostSSE(ctx, url, s.query, map[string]any{"after": ids[0]}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer replay.Close()
			got, _ := events(t, replay, 2)
			if diff := cmp.Diff(want[1:], got); diff != "" {
				t.Errorf("replayed events (-live +replayed):\n%s", diff)
			}
		})
	}
}
