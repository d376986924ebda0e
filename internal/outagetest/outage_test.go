package outagetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"newsgraph/internal/neo4jtest"
	"newsgraph/server"
	"newsgraph/store/neo4jstore"
	"newsgraph/store/storetest"
)

// Bounds of the tests.
const (
	// fast is how soon a query must fail while Neo4j is down.
	fast = 8 * time.Second
	// comeBack is how long Neo4j may take to start again, and the server
	// to notice.
	comeBack = 3 * time.Minute
	// connectTimeout is the store's connection timeout in these tests.
	connectTimeout = 2 * time.Second
)

// query is what the tests ask: a list and a count, so both reach Neo4j.
const query = `{ actors(first: 5) { totalCount nodes { id name } } }`

func TestOutages(t *testing.T) {
	inst := neo4jtest.Start(t)
	t.Run("start while Neo4j is down", func(t *testing.T) { startWhileDown(t, inst) })
	t.Run("Neo4j killed while serving", func(t *testing.T) { killWhileServing(t, inst) })
}

// startWhileDown starts the server over a lazily opened store with Neo4j
// stopped, then starts Neo4j.
func startWhileDown(t *testing.T, inst *neo4jtest.Instance) {
	noLeaks(t)
	inst.Kill(t)

	start := time.Now()
	st, err := neo4jstore.Open(t.Context(), config(inst, true))
	if err != nil {
		t.Fatalf("lazy Open with Neo4j down: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	opened := time.Since(start)
	if opened > fast {
		t.Errorf("lazy Open with Neo4j down took %s", opened)
	}
	api := newAPI(t, st)

	if code := api.ready(t); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Neo4j down: %d, want 503", code)
	}
	r := api.ask(t)
	t.Logf("with Neo4j down: Open took %s, a query answered %s in %s", opened, r.codes(), r.took)
	if got := r.codes(); got != "UNAVAILABLE" {
		t.Errorf("a query with Neo4j down: error codes %q, want UNAVAILABLE:\n%s", got, r.body)
	}
	if r.took > fast {
		t.Errorf("a query with Neo4j down took %s, want less than %s", r.took, fast)
	}

	inst.Restart(t)
	api.waitReady(t, http.StatusOK)
	r = api.ask(t)
	if got := r.codes(); got != "" {
		t.Errorf("a query after Neo4j started: error codes %q, want none:\n%s", got, r.body)
	}
	if !strings.Contains(r.body, `"totalCount"`) {
		t.Errorf("a query after Neo4j started answered no data:\n%s", r.body)
	}
}

// killWhileServing kills Neo4j while clients query in a loop, and starts it
// again.
func killWhileServing(t *testing.T, inst *neo4jtest.Instance) {
	noLeaks(t)
	st, err := neo4jstore.Open(t.Context(), config(inst, false))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	neo4jtest.Wipe(t, inst.Conn)
	if _, err := st.PutArticle(t.Context(), storetest.IstanbulTalks()); err != nil {
		t.Fatal(err)
	}
	api := newAPI(t, st)

	load := api.hammer(2)
	t.Cleanup(func() { load.stop() })
	load.waitFor(t, "a first answer", func(s stats) bool { return s.ok > 0 })

	inst.Kill(t)
	api.waitReady(t, http.StatusServiceUnavailable)
	load.waitFor(t, "an UNAVAILABLE error", func(s stats) bool { return s.codes["UNAVAILABLE"] > 0 })
	killed := load.snapshot()

	inst.Restart(t)
	api.waitReady(t, http.StatusOK)
	load.waitFor(t, "an answer after the restart", func(s stats) bool { return s.ok > killed.ok })
	s := load.stop()

	t.Logf("%d answers, errors by code %v, slowest failure %s", s.ok, s.codes, s.slowestFailure)
	for code := range s.codes {
		if code != "UNAVAILABLE" {
			t.Errorf("error code %s while Neo4j was down (want only UNAVAILABLE); first:\n%s", code, s.examples[code])
		}
	}
	if s.slowestFailure > fast {
		t.Errorf("a query failed only after %s, want less than %s", s.slowestFailure, fast)
	}
}

// noLeaks checks, when t ends, that no goroutine started during t is left
// once the cleanups registered after it (closing the server and the store)
// have run.
func noLeaks(t *testing.T) {
	leaks := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, leaks) })
}

// config is the store's configuration for inst.
func config(inst *neo4jtest.Instance, lazy bool) neo4jstore.Config {
	return neo4jstore.Config{
		URI: inst.URI, Username: inst.Username, Password: inst.Password, Database: inst.Database,
		ConnectTimeout: connectTimeout,
		Lazy:           lazy,
	}
}

// api is the server under test, on a loopback port.
type api struct {
	srv    *server.Server
	ts     *httptest.Server
	client *http.Client
}

func newAPI(t *testing.T, st *neo4jstore.Store) *api {
	t.Helper()
	srv, err := server.New(server.Config{
		Store:  st,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	a := &api{
		srv:    srv,
		ts:     httptest.NewServer(srv),
		client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{}},
	}
	t.Cleanup(func() {
		if err := a.srv.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
		a.ts.Close()
		a.client.CloseIdleConnections()
	})
	return a
}

// ready returns the status of /readyz.
func (a *api) ready(t *testing.T) int {
	t.Helper()
	resp, err := a.client.Get(a.ts.URL + server.ReadyPath)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// waitReady polls /readyz until it answers want.
func (a *api) waitReady(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(comeBack)
	for {
		got := a.ready(t)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still answers %d after %s, want %d", got, comeBack, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// result is the answer to one query.
type result struct {
	status int
	body   string
	errs   []string // extensions.code of each error
	took   time.Duration
}

func (r result) codes() string { return strings.Join(r.errs, ",") }

// ask sends the query.
func (a *api) ask(t *testing.T) result {
	t.Helper()
	r, err := a.post()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (a *api) post() (result, error) {
	body, _ := json.Marshal(map[string]string{"query": query})
	start := time.Now()
	resp, err := a.client.Post(a.ts.URL+server.GraphQLPath, "application/json", bytes.NewReader(body))
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode, body: string(data), took: time.Since(start)}
	var decoded struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &decoded); err != nil {
		return r, fmt.Errorf("HTTP %d, not JSON: %v: %s", resp.StatusCode, err, data)
	}
	for _, e := range decoded.Errors {
		r.errs = append(r.errs, e.Extensions.Code)
	}
	return r, nil
}

// stats counts the answers of a load.
type stats struct {
	ok             int
	codes          map[string]int
	examples       map[string]string
	slowestFailure time.Duration
}

// load is clients querying in a loop.
type load struct {
	mu    sync.Mutex
	stats stats
	done  chan struct{}
	wg    sync.WaitGroup
}

// maxQueries bounds the queries of one load.
const maxQueries = 20000

// hammer starts n clients that query until stop.
func (a *api) hammer(n int) *load {
	l := &load{done: make(chan struct{}), stats: stats{codes: map[string]int{}, examples: map[string]string{}}}
	for range n {
		l.wg.Go(func() {
			for range maxQueries / n {
				select {
				case <-l.done:
					return
				default:
				}
				r, err := a.post()
				l.record(r, err)
				if err != nil || len(r.errs) > 0 {
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	return l
}

func (l *load) record(r result, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := &l.stats
	if err != nil {
		r.errs = []string{"HTTP: " + err.Error()}
	}
	if len(r.errs) == 0 {
		s.ok++
		return
	}
	s.slowestFailure = max(s.slowestFailure, r.took)
	codes := append([]string(nil), r.errs...)
	sort.Strings(codes)
	for _, c := range codes {
		s.codes[c]++
		if _, ok := s.examples[c]; !ok {
			s.examples[c] = r.body
		}
	}
}

// snapshot copies the stats.
func (l *load) snapshot() stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats
	s.codes, s.examples = maps.Clone(s.codes), maps.Clone(s.examples)
	return s
}

// waitFor waits until the load's stats satisfy cond.
func (l *load) waitFor(t *testing.T, what string, cond func(stats) bool) {
	t.Helper()
	deadline := time.Now().Add(comeBack)
	for !cond(l.snapshot()) {
		if time.Now().After(deadline) {
			l.stop()
			t.Fatalf("no %s within %s: %+v", what, comeBack, l.snapshot())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop stops the clients and returns the stats.
func (l *load) stop() stats {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	l.wg.Wait()
	return l.snapshot()
}
