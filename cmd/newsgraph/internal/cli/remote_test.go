package cli_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// remoteServer serves an in-memory store with the API token "t0k3n".
func remoteServer(t *testing.T) (url string, st store.Store) {
	t.Helper()
	st = embedded.New()
	t.Cleanup(func() { st.Close() })
	srv, err := server.New(server.Config{Store: st, APITokens: []string{"t0k3n"}, DisableMetrics: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, st
}

func articlesIn(t *testing.T, st store.Store) int {
	t.Helper()
	n, err := st.CountArticles(t.Context(), store.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoadThroughServer(t *testing.T) {
	isolate(t)
	t.Setenv("NEWSGRAPH_API_TOKEN", "")
	url, st := remoteServer(t)

	first := run(t, "load", "--server", url, "--token", "t0k3n", examples)
	if first.code != 0 {
		t.Fatalf("first load:\n%s", first)
	}
	if diff := cmp.Diff([]string{"1", "1", "0", "0", "0"}, summaryOf(t, first)); diff != "" {
		t.Errorf("first load: loaded, created, replaced, unchanged, failed (-want +got):\n%s", diff)
	}
	if n := articlesIn(t, st); n != 1 {
		t.Errorf("%d articles in the server's store, want 1", n)
	}
	if e, _ := st.CountEntities(t.Context(), store.EntityQuery{}); e == 0 {
		t.Errorf("no entities in the server's store")
	}

	// The token from the environment, the path given: unchanged.
	t.Setenv("NEWSGRAPH_API_TOKEN", "t0k3n")
	second := run(t, "load", "--server", url+"/graphql", examples)
	if second.code != 0 {
		t.Fatalf("second load:\n%s", second)
	}
	if diff := cmp.Diff([]string{"1", "0", "0", "1", "0"}, summaryOf(t, second)); diff != "" {
		t.Errorf("second load: loaded, created, replaced, unchanged, failed (-want +got):\n%s", diff)
	}
}

func TestLoadThroughServerWrongToken(t *testing.T) {
	isolate(t)
	t.Setenv("NEWSGRAPH_API_TOKEN", "")
	url, st := remoteServer(t)
	r := run(t, "load", "--server", url, "--token", "wrong", examples)
	if r.code == 0 {
		t.Fatalf("a wrong token loaded:\n%s", r)
	}
	if !strings.Contains(r.stderr, "UNAUTHENTICATED") {
		t.Errorf("the message does not say UNAUTHENTICATED:\n%s", r)
	}
	if n := articlesIn(t, st); n != 0 {
		t.Errorf("%d articles in the server's store, want 0", n)
	}
}

func TestLoadThroughServerBadArticle(t *testing.T) {
	isolate(t)
	t.Setenv("NEWSGRAPH_API_TOKEN", "")
	url, st := remoteServer(t)
	path := writeFile(t, "truncated.json", `{"id": "x", "title": "X", "text": "Kyiv`)
	r := run(t, "load", "--server", url, "--token", "t0k3n", path)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1\n%s", r.code, r)
	}
	if !strings.Contains(r.stdout, "FAIL "+path+": ") {
		t.Errorf("no FAIL line naming %s:\n%s", path, r)
	}
	if n := articlesIn(t, st); n != 0 {
		t.Errorf("%d articles in the server's store, want 0", n)
	}
}

func TestLoadServerAndNeo4jExclusive(t *testing.T) {
	isolate(t)
	r := run(t, "--neo4j-uri", "bolt://127.0.0.1:1", "load", "--server", "http://127.0.0.1:1", examples)
	if r.code != 2 || !strings.Contains(r.stderr, "--server and --neo4j-uri") {
		t.Errorf("want a usage error:\n%s", r)
	}
}
