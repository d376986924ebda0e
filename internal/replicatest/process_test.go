package replicatest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsgraph/internal/neo4jtest"
	"newsgraph/internal/testio"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// token is the API token the servers accept.
const token = "replica-test-token"

// startTimeout bounds a server's start, ready to answer.
const startTimeout = 2 * time.Minute

// buildNewsgraph builds the command into a temporary directory.
func buildNewsgraph(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newsgraph")
	out, err := exec.Command("go", "build", "-o", bin, "newsgraph/cmd/newsgraph").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// replica is a running `newsgraph serve`.
type replica struct {
	name string
	bin  string
	args []string
	cmd  *exec.Cmd
	out  *testio.Buffer
	done chan struct{}
	// url is its GraphQL endpoint.
	url string
}

// graphqlURL finds the endpoint in what serve prints.
var graphqlURL = regexp.MustCompile(`GraphQL at (http://\S+/graphql)`)

// startReplica starts `newsgraph <global> serve` on a free port with the
// test token and waits until it is ready; it is killed when t ends.
func startReplica(t *testing.T, name, bin string, global ...string) *replica {
	t.Helper()
	tokens := filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(tokens, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := append(global, "serve", "--addr", "127.0.0.1:0", "--api-token-file", tokens, "--feed-poll", "100ms")
	r := &replica{name: name, bin: bin, args: args}
	r.start(t)
	return r
}

// start runs the process and waits until it is ready.
func (r *replica) start(t *testing.T) {
	t.Helper()
	r.cmd = exec.Command(r.bin, r.args...)
	r.cmd.Env = withoutNeo4j(os.Environ())
	r.out, r.done = &testio.Buffer{}, make(chan struct{})
	r.cmd.Stdout, r.cmd.Stderr = r.out, r.out
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd, done := r.cmd, r.done
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	deadline := time.Now().Add(startTimeout)
	for {
		if m := graphqlURL.FindStringSubmatch(r.out.String()); m != nil {
			r.url = m[1]
			break
		}
		select {
		case <-r.done:
			t.Fatalf("%s ended (%v) before it served:\n%s", r.name, r.cmd.ProcessState, r.out)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not serve within %s:\n%s", r.name, startTimeout, r.out)
		}
	}
	ready := r.url[:len(r.url)-len("/graphql")] + "/readyz"
	for {
		resp, err := http.Get(ready)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready within %s:\n%s", r.name, startTimeout, r.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// withoutNeo4j drops the NEO4J_ variables from env: the servers take the
// store from their flags only (the command reads NEO4J_URI too).
func withoutNeo4j(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "NEO4J_") {
			out = append(out, kv)
		}
	}
	return out
}

// kill kills the process with SIGKILL and waits for it.
func (r *replica) kill(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-r.done
}

// ingestMutation stores an article.
const ingestMutation = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { outcome } }`

// post posts a GraphQL request with the token and the headers given, and
// returns the response's status, headers and body.
func (r *replica) post(ctx context.Context, query string, variables map[string]any, header http.Header) (int, http.Header, []byte, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// ingest stores a small article with the id given through the replica,
// and reports whether the server acknowledged it (CREATED).
func (r *replica) ingest(ctx context.Context, id string) (bool, error) {
	status, _, b, err := r.post(ctx, ingestMutation, map[string]any{"input": article(id)}, nil)
	if err != nil {
		return false, err
	}
	var out struct {
		Data struct {
			IngestArticle struct{ Outcome string }
		}
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Data.IngestArticle.Outcome != "CREATED" {
		return false, fmt.Errorf("ingest %s through %s: %d %s", id, r.name, status, b)
	}
	return true, nil
}

// article is a valid article in the native format, with one relation.
func article(id string) map[string]any {
	text := "Umerov led the delegation."
	return map[string]any{
		"id": id, "title": "Article " + id, "text": text,
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
