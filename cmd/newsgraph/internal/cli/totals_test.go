package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/cmd/newsgraph/internal/cli"
	"newsgraph/internal/testio"
	"newsgraph/ontology"
	"newsgraph/store/embedded"
)

// ploverSample is the PLOVER sample that the notebook loads next to the
// example articles.
const ploverSample = "../../../../loaders/plover/testdata/gsr-sample.json"

// served is a newsgraph serve running in-process.
type served struct {
	graphiql, graphql string // the addresses it printed
	stdout, stderr    *testio.Buffer
	exited            chan int
	cancel            context.CancelFunc
}

// startServe runs newsgraph with args (a serve command) in-process and
// returns once it has printed its address; it is stopped with the test,
// or earlier with stop.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	s := &served{stdout: &testio.Buffer{}, stderr: &testio.Buffer{}, exited: make(chan int, 1), cancel: cancel}
	go func() { s.exited <- cli.Main(ctx, args, s.stdout, s.stderr) }()
	t.Cleanup(func() { s.stop(t) })
	for deadline := time.Now().Add(30 * time.Second); s.graphql == ""; time.Sleep(20 * time.Millisecond) {
		select {
		case code := <-s.exited:
			s.exited <- code
			t.Fatalf("serve exited with %d\nstdout:\n%s\nstderr:\n%s", code, s.stdout.String(), s.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not print its address\nstdout:\n%s\nstderr:\n%s", s.stdout.String(), s.stderr.String())
		}
		if m := endpointRE.FindStringSubmatch(s.stdout.String()); m != nil {
			s.graphiql, s.graphql = m[1], m[2]
		}
	}
	return s
}

// stop cancels serve and returns its exit code once it has stopped.
func (s *served) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.exited:
		s.exited <- code // for a later stop
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancel")
		return -1
	}
}

// graphTotals are the entities and relations of a graph.
type graphTotals struct{ Entities, Relations int }

var summaryTotalsRE = regexp.MustCompile(`(?m)^loaded .*; (\d+) entit(?:y|ies), (\d+) relations? in the graph; `)

// summaryTotals are the graph totals of the load summary in stdout.
func summaryTotals(t *testing.T, stdout string) graphTotals {
	t.Helper()
	m := summaryTotalsRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no graph totals in the load summary:\n%s", stdout)
	}
	e, _ := strconv.Atoi(m[1])
	r, _ := strconv.Atoi(m[2])
	return graphTotals{e, r}
}

// TestLoadTotalsAreTheStats: the entities and relations in the graph that
// the load summary gives are those the stats query counts, after load and
// after serve --load, for the example articles and the PLOVER sample (whose
// entities partly resolve to the same ones).
func TestLoadTotalsAreTheStats(t *testing.T) {
	isolate(t)

	t.Run("load", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		r := run(t, "--data-dir", dir, "load", examples, ploverSample)
		if r.code != 0 {
			t.Fatalf("load:\n%s", r)
		}
		printed := summaryTotals(t, r.stdout)

		st, err := embedded.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		stats, err := st.Stats(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var counted graphTotals
		for _, typ := range ontology.EntityTypes {
			counted.Entities += stats.Entities[typ]
		}
		for _, typ := range ontology.RelationTypes {
			counted.Relations += stats.Relations[typ]
		}
		if counted.Entities == 0 || counted.Relations == 0 {
			t.Fatalf("stats after the load: %+v", counted)
		}
		if diff := cmp.Diff(counted, printed); diff != "" {
			t.Errorf("load summary (-stats +summary):\n%s", diff)
		}
	})

	t.Run("serve --load", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		s := startServe(t, "--data-dir", dir, "serve", "--addr", "127.0.0.1:0", "--load", examples, "--load", ploverSample)
		printed := summaryTotals(t, s.stdout.String())

		body, err := json.Marshal(map[string]string{"query": `{ stats { entities relations } }`})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Post(s.graphql, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Data   struct{ Stats graphTotals }
			Errors []any
		}
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(got.Errors) > 0 {
			t.Fatalf("stats: status %d, %+v, decode error %v", resp.StatusCode, got, err)
		}
		if got.Data.Stats.Entities == 0 || got.Data.Stats.Relations == 0 {
			t.Fatalf("stats after serve --load: %+v", got.Data.Stats)
		}
		if diff := cmp.Diff(got.Data.Stats, printed); diff != "" {
			t.Errorf("serve --load summary (-stats +summary):\n%s", diff)
		}
		if code := s.stop(t); code != 0 {
			t.Errorf("serve exited with %d\nstderr:\n%s", code, s.stderr.String())
		}
	})
}
