package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"newsgraph/internal/gqltest"
)

// smallArticle is a valid article with one relation, LED from a person to
// a delegation.
func smallArticle(id, title string) map[string]any {
	text := "Umerov led the delegation."
	return map[string]any{
		"id": id, "title": title, "text": text,
		"entities": []any{
			map[string]any{"id": "umerov", "type": "actor", "kind": "person", "name": "Rustem Umerov",
				"mentions": []any{map[string]any{"start": 0, "end": 6, "text": "Umerov"}}},
			map[string]any{"id": "delegation", "type": "actor", "kind": "delegation", "name": "Ukrainian delegation",
				"mentions": []any{map[string]any{"start": 15, "end": 25, "text": "delegation"}}},
		},
		"relations": []any{
			map[string]any{"type": "LED", "source": "umerov", "target": "delegation",
				"evidence": map[string]any{"start": 0, "end": len(text), "text": text}},
		},
	}
}

// waitForSubscribers waits until the bus has n subscribers: the server
// subscribes asynchronously after the client's subscribe message.
func waitForSubscribers(t *testing.T, a *api, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for a.server.Subscribers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscribers, want %d", a.server.Subscribers(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

const articleIngested = `subscription { articleIngested { outcome entities relations article { id title } } }`

type articleEvent struct {
	ArticleIngested struct {
		Outcome             string
		Entities, Relations int
		Article             struct{ ID, Title string }
	}
}

func decodeData(t *testing.T, r *gqltest.Response, out any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("event with errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("data %s: %v", r.Data, err)
	}
}

// TestArticleIngestedOverWebSocket: a subscriber hears of the articles
// stored after it subscribed, not before, and not of failed or unchanged
// writes.
func TestArticleIngestedOverWebSocket(t *testing.T) {
	a := newAPI(t)
	url := a.serveHTTP(t)
	ctx := testContext(t)

	a.ingest(t, smallArticle("before", "Before"))

	ws, err := gqltest.Dial(ctx, url, gqltest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.Subscribe(ctx, "1", articleIngested, nil); err != nil {
		t.Fatal(err)
	}
	waitForSubscribers(t, a, 1)

	// A failed write and an unchanged one publish nothing.
	bad := smallArticle("bad", "Bad")
	bad["text"] = "Another text: the spans no longer match."
	if _, err := a.client.RawPost(ingestMutation, client.Var("input", bad), withToken()); err != nil {
		t.Fatal(err)
	}
	a.ingest(t, smallArticle("before", "Before"))
	if got := a.ingest(t, smallArticle("after", "After")); got.IngestArticle.Outcome != "CREATED" {
		t.Fatalf("ingest: %+v", got)
	}

	r, err := ws.Next(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	var ev articleEvent
	decodeData(t, r, &ev)
	if ev.ArticleIngested.Article.ID != "article:after" || ev.ArticleIngested.Outcome != "CREATED" ||
		ev.ArticleIngested.Entities != 2 || ev.ArticleIngested.Relations != 1 {
		t.Errorf("first event %+v, want article:after CREATED with 2 entities, 1 relation", ev)
	}

	// Replacing publishes, with nested fields resolved from the store.
	a.ingest(t, smallArticle("after", "After, edited"))
	r, err = ws.Next(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	decodeData(t, r, &ev)
	if ev.ArticleIngested.Outcome != "REPLACED" || ev.ArticleIngested.Article.Title != "After, edited" {
		t.Errorf("second event %+v, want the replaced article", ev)
	}

	// Shutting down ends the subscription with an error message.
	a.server.CloseSubscriptions()
	r, err = ws.Next(ctx, "1")
	if !errors.Is(err, gqltest.ErrOperationError) || len(r.Errors) == 0 || r.Errors[0].Extensions.Code != "UNAVAILABLE" {
		t.Errorf("after CloseSubscriptions: %v %+v, want an UNAVAILABLE error message", err, r)
	}
}

// TestRelationAddedOverSSE: relationAdded filters by type and entity, and
// streams over server-sent events.
func TestRelationAddedOverSSE(t *testing.T) {
	a := newAPI(t)
	url := a.serveHTTP(t)
	ctx := testContext(t)

	const q = `subscription($types: [RelationType!], $entity: ID) {
	  relationAdded(types: $types, entity: $entity) {
	    type source { name } target { name } evidence { quote article { id } }
	  }
	}`
	led, err := gqltest.PostSSE(ctx, url, q, map[string]any{"types": []string{"LED"}, "entity": "actor:rustem-umerov"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	other, err := gqltest.PostSSE(ctx, url, q, map[string]any{"types": []string{"ATTACKED"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if led.Status() != http.StatusOK {
		t.Fatalf("SSE status %d", led.Status())
	}
	waitForSubscribers(t, a, 2)

	a.ingest(t, smallArticle("one", "One"))
	r, err := led.Next(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var ev struct {
		RelationAdded struct {
			Type     string
			Source   struct{ Name string }
			Target   struct{ Name string }
			Evidence []struct {
				Quote   string
				Article struct{ ID string }
			}
		}
	}
	decodeData(t, r, &ev)
	got := ev.RelationAdded
	if got.Type != "LED" || got.Source.Name != "Rustem Umerov" || got.Target.Name != "Ukrainian delegation" ||
		len(got.Evidence) != 1 || got.Evidence[0].Article.ID != "article:one" {
		t.Errorf("event %+v", got)
	}

	// The ATTACKED subscriber heard nothing: at shutdown, its stream
	// completes without an event.
	a.server.CloseSubscriptions()
	if r, err := other.Next(5 * time.Second); !errors.Is(err, gqltest.ErrComplete) {
		t.Errorf("ATTACKED subscriber: %+v, %v; want the stream to complete with no event", r, err)
	}
}
