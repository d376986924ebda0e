package graph_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
	"newsgraph/store"
)

// projectionStore records the projection of every entity list and
// relation level asked of it.
type projectionStore struct {
	store.Store
	mu    sync.Mutex
	calls map[string][]store.Projection
	// articleOnly holds, for every relation query of the relation levels
	// asked so far, its ArticleOnlyEvidence.
	articleOnly []bool
}

func (p *projectionStore) record(method string, pr store.Projection) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[method] = append(p.calls[method], pr)
}

// snapshot returns the projections asked so far and forgets them.
func (p *projectionStore) snapshot() map[string][]store.Projection {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.calls
	p.calls = map[string][]store.Projection{}
	p.articleOnly = nil
	return out
}

// articleOnlyEvidence returns the ArticleOnlyEvidence of the relation
// queries of the levels asked since the last snapshot.
func (p *projectionStore) articleOnlyEvidence() []bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.articleOnly
}

func (p *projectionStore) ListEntities(ctx context.Context, q store.EntityQuery) (*store.Page[*store.Entity], error) {
	p.record("ListEntities", q.Projection)
	return p.Store.ListEntities(ctx, q)
}

func (p *projectionStore) ProjectedEntities(ctx context.Context, ids []string, pr store.Projection) ([]*store.Entity, error) {
	p.record("ProjectedEntities", pr)
	return p.Store.ProjectedEntities(ctx, ids, pr)
}

func (p *projectionStore) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	p.record("ReadLevel", q.Projection)
	p.mu.Lock()
	for _, rq := range q.Queries {
		p.articleOnly = append(p.articleOnly, rq.ArticleOnlyEvidence)
	}
	p.mu.Unlock()
	return p.Store.ReadLevel(ctx, q)
}

func (p *projectionStore) ProjectedArticles(ctx context.Context, ids []string, pr store.Projection) ([]*store.Article, error) {
	p.record("ProjectedArticles", pr)
	return p.Store.ProjectedArticles(ctx, ids, pr)
}

// checkProjections checks that the store calls of the query name were of
// every method of methods, and all with the projection want.
func checkProjections(t *testing.T, name string, want store.Projection, calls map[string][]store.Projection, methods ...string) {
	t.Helper()
	for _, m := range methods {
		if len(calls[m]) == 0 {
			t.Fatalf("%s: calls %v, want calls of each of %v", name, calls, methods)
		}
	}
	for method, ps := range calls {
		for _, p := range ps {
			if diff := cmp.Diff(want, p); diff != "" {
				t.Errorf("%s: projection of %s (-want +got):\n%s", name, method, diff)
			}
		}
	}
}

// newProjectionServer serves a store holding the ring article through a
// projectionStore.
func newProjectionServer(t *testing.T) (*projectionStore, *client.Client, *store.ArticleGraph) {
	inner := newStore(t)
	ring := ringArticle(t, "ring", 10)
	if _, err := inner.PutArticle(context.Background(), ring); err != nil {
		t.Fatal(err)
	}
	s := &projectionStore{Store: inner, calls: map[string][]store.Projection{}}
	return s, clientOf(newServer(t, server.Config{Store: s})), ring
}

// TestOperationsGetSlimNodesUnlessAFieldReadsWhatIsLeftOut checks that an
// operation's entity lists and relation levels leave out an article's
// text and an entity's articles exactly when no field of the operation,
// in a fragment or not, asks for them, and that a field that does gets
// them.
func TestOperationsGetSlimNodesUnlessAFieldReadsWhatIsLeftOut(t *testing.T) {
	s, c, ring := newProjectionServer(t)
	slim := store.Projection{NoText: true, NoArticles: true, NamesOnly: true}
	withText := store.Projection{NoArticles: true, NamesOnly: true}
	// The entity's articles fields show one of them: the projection keeps
	// that one, and one more.
	withArticles := store.Projection{NoText: true, NamesOnly: true, ArticleLimit: 2}
	const nested = `actors(first: 3, orderBy: {field: NAME}) { nodes { id relations(first: 2) { nodes {
		id target { name } evidence { article { title } } } } } }`
	tests := []struct {
		name  string
		query string
		want  store.Projection
	}{
		{"neither asked", `{ ` + nested + ` }`, slim},
		{"the root list of articles is not an entity's", `{ ` + nested + ` articles(first: 1) { nodes { id } } }`, slim},
		{"text in the level", `{ actors(first: 3) { nodes { relations(first: 2) { nodes {
			evidence { article { title text } } } } } } }`, withText},
		{"text in a named fragment", `query { ` + nested + ` other: actors(first: 1) { nodes { relations(first: 1) {
			nodes { evidence { article { ...body } } } } } } }
			fragment body on Article { text }`, withText},
		{"text in an inline fragment of another root field", `{ ` + nested + `
			node(id: "article:ring") { ... on Article { text } } }`, withText},
		{"an entity's articles in an inline fragment", `{ actors(first: 3) { nodes { ... on Entity {
			articles(first: 1) { nodes { id } } } relations(first: 2) { nodes { evidence { article { title } } } } } } }`,
			withArticles},
		{"an entity's articles in a fragment inside a fragment", `{ ...root }
			fragment root on Query { ` + nested + ` entities(first: 1) { nodes { ...mentions } } }
			fragment mentions on Entity { articles(first: 1) { totalCount } }`, withArticles},
		{"both", `{ actors(first: 3) { nodes { articles(first: 1) { nodes { text } } relations(first: 2) {
			nodes { evidence { article { title } } } } } } }`, store.Projection{NamesOnly: true, ArticleLimit: 2}},
		{"a relation's date reads its articles' dates", `{ ` + nested + ` more: actors(first: 1) { nodes { relations(first: 1) {
			nodes { date } } } } }`, store.Projection{NoText: true, NoArticles: true}},
		{"an article's source, not a relation's", `{ ` + nested + ` more: actors(first: 1) { nodes { relations(first: 1) {
			nodes { evidence { article { ...publisher } } } } } } }
			fragment publisher on Article { source }`, store.Projection{NoText: true, NoArticles: true}},
		{"an actor's kind in an inline fragment", `{ actors(first: 3) { nodes { ... on Actor { kind } relations(first: 2) {
			nodes { evidence { article { title } } } } } } }`, store.Projection{NoText: true, NoArticles: true}},
	}
	for _, tt := range tests {
		s.snapshot()
		var resp map[string]any
		query(t, c, tt.query, &resp)
		checkProjections(t, tt.name, tt.want, s.snapshot(), "ListEntities", "ReadLevel")
	}

	// The names are the same whatever else the operation asks.
	var names, full map[string]any
	query(t, c, `{ `+nested+` }`, &names)
	query(t, c, `{ `+nested+` more: actors(first: 1) { nodes { aliases wikidata } } }`, &full)
	delete(full, "more")
	if diff := cmp.Diff(full, names); diff != "" {
		t.Errorf("answer with names only and with whole nodes differ (-whole +names):\n%s", diff)
	}

	// What a field asks for, it gets.
	var text struct {
		Actors struct {
			Nodes []struct {
				Articles struct {
					Nodes []struct{ Text string }
				}
				Relations struct {
					Nodes []struct {
						Evidence []struct{ Article struct{ Text string } }
					}
				}
			}
		}
	}
	query(t, c, `{ actors(first: 1) { nodes { articles(first: 1) { nodes { text } }
		relations(first: 1) { nodes { evidence { article { text } } } } } } }`, &text)
	var got []string
	for _, a := range text.Actors.Nodes {
		for _, x := range a.Articles.Nodes {
			got = append(got, x.Text)
		}
		for _, r := range a.Relations.Nodes {
			for _, ev := range r.Evidence {
				got = append(got, ev.Article.Text)
			}
		}
	}
	if diff := cmp.Diff([]string{ring.Article.Text, ring.Article.Text}, got); diff != "" {
		t.Errorf("texts of an entity's article and of an evidence's article (-want +got):\n%s", diff)
	}
}

// TestLevelsReadOnlyTheEvidenceArticlesUnlessAFieldAsksMore checks that
// the relation levels of an operation read only the article of each piece
// of evidence exactly when no field of the operation, in a fragment or
// not, is named as one of Evidence's other fields, and that the answer is
// the same either way.
func TestLevelsReadOnlyTheEvidenceArticlesUnlessAFieldAsksMore(t *testing.T) {
	s, c, _ := newProjectionServer(t)
	const nested = `actors(first: 3, orderBy: {field: NAME}) { nodes { id relations(first: 2) { nodes {
		id target { name } evidence { article { id title } } } } } }`
	tests := []struct {
		name  string
		query string
		want  bool
	}{
		{"only the article", `{ ` + nested + ` }`, true},
		{"the quote", `{ actors(first: 3) { nodes { relations(first: 2) { nodes { evidence { quote } } } } } }`, false},
		{"the evidence's cursor", `{ actors(first: 3) { nodes { relations(first: 2) { nodes { evidence { cursor } } } } } }`, false},
		{"a connection's cursor", `{ actors(first: 3) { edges { cursor node { relations(first: 2) { edges { cursor
			node { evidence { article { title } } } } } } } } }`, true},
		{"the span in a named fragment", `query { ` + nested + ` other: actors(first: 1) { nodes { relations(first: 1) {
			nodes { evidence { ...span } } } } } }
			fragment span on Evidence { start end }`, false},
		{"a coding in an inline fragment", `{ ` + nested + ` node(id: "article:ring") { ... on Article { id } }
			more: actors(first: 1) { nodes { relations(first: 1) { nodes { evidence { ... on Evidence { label } } } } } } }`, false},
		{"a relation's cameo, by name", `{ actors(first: 3) { nodes { relations(first: 2) { nodes { cameo
			evidence { article { title } } } } } } }`, false},
	}
	for _, tt := range tests {
		s.snapshot()
		var resp map[string]any
		query(t, c, tt.query, &resp)
		got := s.articleOnlyEvidence()
		if len(got) == 0 {
			t.Fatalf("%s: no relation level", tt.name)
		}
		for _, b := range got {
			if b != tt.want {
				t.Errorf("%s: relation queries with ArticleOnlyEvidence %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}

	// The evidence's articles are the same; a field that asks the quote
	// gets it.
	var slim, full map[string]any
	query(t, c, `{ `+nested+` }`, &slim)
	query(t, c, `{ `+nested+` more: actors(first: 1) { nodes { relations(first: 1) { nodes { evidence { quote } } } } } }`, &full)
	delete(full, "more")
	if diff := cmp.Diff(full, slim); diff != "" {
		t.Errorf("answer with article-only evidence and with full evidence differ (-full +slim):\n%s", diff)
	}
	var quotes struct {
		Actors struct {
			Nodes []struct {
				Relations struct {
					Nodes []struct{ Evidence []struct{ Quote string } }
				}
			}
		}
	}
	query(t, c, `{ actors(first: 3) { nodes { relations(first: 2) { nodes { evidence { quote } } } } } }`, &quotes)
	n := 0
	for _, a := range quotes.Actors.Nodes {
		for _, r := range a.Relations.Nodes {
			for _, ev := range r.Evidence {
				if ev.Quote == "" {
					t.Errorf("evidence without its quote")
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Error("no evidence: the quotes were not checked")
	}
}

// TestADyadReadsNodesByNameOnly checks that a dyad, whose counts and dates
// the store gives, looks up its ends and its evidence's articles by name
// only, and whole when a field reads more of them.
func TestADyadReadsNodesByNameOnly(t *testing.T) {
	s, c, ring := newProjectionServer(t)
	a, b := ring.Entities[0].Entity.ID, ring.Entities[1].Entity.ID
	const fields = `total undated countsByType { type count } countsByMonth { month count } a { name } b { id }
		relations { id type evidence { article { title } } }`
	tests := []struct {
		name  string
		query string
		want  store.Projection
	}{
		{"names", fmt.Sprintf(`{ dyad(a: %q, b: %q) { %s } }`, a, b, fields),
			store.Projection{NoText: true, NoArticles: true, NamesOnly: true}},
		{"an article's source", fmt.Sprintf(`{ dyad(a: %q, b: %q) { %s relations { evidence { article { source } } } } }`,
			a, b, fields), store.Projection{NoText: true, NoArticles: true}},
	}
	for _, tt := range tests {
		s.snapshot()
		var resp struct{ Dyad struct{ Total int } }
		query(t, c, tt.query, &resp)
		if resp.Dyad.Total != 1 {
			t.Errorf("%s: dyad total %d, want 1", tt.name, resp.Dyad.Total)
		}
		checkProjections(t, tt.name, tt.want, s.snapshot(), "ProjectedEntities", "ProjectedArticles")
	}
}

// TestEntityArticlesArePagedInTheStore checks that an operation whose
// entity articles fields all start from the same cursor has the store
// keep only the page of each entity's articles that the largest of them
// shows, and one more (store.Projection.ArticleLimit, ArticlesAfter),
// that fields starting from different cursors get all of them, and that
// the answers (pages, cursors, next pages, totals) are the same either
// way.
func TestEntityArticlesArePagedInTheStore(t *testing.T) {
	inner := newStore(t)
	for _, id := range []string{"ring-a", "ring-B", "ring-b", "ring-c", "ring-d"} {
		if _, err := inner.PutArticle(context.Background(), ringArticle(t, id, 4)); err != nil {
			t.Fatal(err)
		}
	}
	s := &projectionStore{Store: inner, calls: map[string][]store.Projection{}}
	c := clientOf(newServer(t, server.Config{Store: s}))
	var first struct {
		Actors struct {
			Nodes []struct {
				ID       string
				Articles struct{ PageInfo struct{ EndCursor string } }
			}
		}
	}
	query(t, c, `{ actors(first: 1) { nodes { id articles(first: 2) { pageInfo { endCursor } } } } }`, &first)
	if len(first.Actors.Nodes) != 1 || first.Actors.Nodes[0].Articles.PageInfo.EndCursor == "" {
		t.Fatalf("first page %+v: want an actor and the cursor of its second article", first)
	}
	actor, cursor := first.Actors.Nodes[0].ID, first.Actors.Nodes[0].Articles.PageInfo.EndCursor
	_, after, err := store.DecodeCursor(cursor)
	if err != nil {
		t.Fatal(err)
	}
	const page = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } }`
	// all is a field that makes the operation read every article of the
	// entities: it starts from another cursor than the others.
	other := store.EncodeCursor("article:ring-0", "article:ring-0")
	all := ` all: actors(first: 1) { nodes { articles(first: 1, after: "` + other + `") { nodes { id } } } }`
	tests := []struct {
		name  string
		query string
		want  store.Projection // of every call
	}{
		{"first pages", `{ actors(first: 4) { nodes { id a: articles(first: 2) { ` + page + ` }
			b: articles(first: 1) { totalCount } } } }`, store.Projection{NoText: true, NamesOnly: true, ArticleLimit: 3}},
		{"the default page size", `{ actors(first: 4) { nodes { id articles { ` + page + ` } } } }`,
			store.Projection{NoText: true, NamesOnly: true, ArticleLimit: store.DefaultPageSize + 1}},
		{"after a cursor, in a variable", `query($after: String) { node(id: "` + actor + `") { ... on Actor {
			articles(first: 2, after: $after) { ` + page + ` } } } }`,
			store.Projection{NoText: true, NamesOnly: true, ArticleLimit: 3, ArticlesAfter: after}},
		{"no page at all", `{ actors(first: 4) { nodes { id articles(first: 0) { ` + page + ` } } } }`,
			store.Projection{NoText: true, NamesOnly: true, ArticleLimit: 1}},
	}
	for _, tt := range tests {
		vars := client.Var("after", cursor)
		s.snapshot()
		var paged map[string]any
		query(t, c, tt.query, &paged, vars)
		for method, ps := range s.snapshot() {
			for _, p := range ps {
				if d := cmp.Diff(tt.want, p); d != "" {
					t.Errorf("%s: projection of %s (-want +got):\n%s", tt.name, method, d)
				}
			}
		}
		// The same fields, with one that reads every article.
		full := tt.query[:len(tt.query)-1] + all + " }"
		var whole map[string]any
		query(t, c, full, &whole, vars)
		for method, ps := range s.snapshot() {
			for _, p := range ps {
				if p.ArticleLimit != 0 || p.ArticlesAfter != "" {
					t.Errorf("%s, with fields from two cursors: projection %+v of %s, want every article", tt.name, p, method)
				}
			}
		}
		delete(whole, "all")
		if d := cmp.Diff(whole, paged); d != "" {
			t.Errorf("%s: answers with every article and with pages differ (-every +paged):\n%s", tt.name, d)
		}
	}
}
