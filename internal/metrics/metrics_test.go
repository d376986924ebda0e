package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
)

func TestOperationLabels(t *testing.T) {
	labels, err := NewOperationLabels([]string{"Actors", "_private2"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, name := range []string{"", "anonymous", "Actors", "_private2", "actors", "Unlisted", "has space", strings.Repeat("a", 65)} {
		got[name] = labels.Label(name)
	}
	want := map[string]string{
		"":                      "unknown",
		"anonymous":             "anonymous",
		"Actors":                "Actors",
		"_private2":             "_private2",
		"actors":                "other",
		"Unlisted":              "other",
		"has space":             "other",
		strings.Repeat("a", 65): "other",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}

// TestOperationLabelsAreBounded: however many names clients make up, they
// add one label, other.
func TestOperationLabelsAreBounded(t *testing.T) {
	labels, err := NewOperationLabels(nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range 1000 {
		seen[labels.Label(fmt.Sprintf("Op%d", i))] = true
	}
	if diff := cmp.Diff(map[string]bool{"other": true}, seen); diff != "" {
		t.Errorf("labels of 1000 names (-want +got):\n%s", diff)
	}
}

func TestNewOperationLabelsRefuses(t *testing.T) {
	tooMany := make([]string, maxOperationLabels+1)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("Op%d", i)
	}
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"2fast"}, `operation name "2fast": not a GraphQL name`},
		{[]string{"dash-ed"}, `operation name "dash-ed": not a GraphQL name`},
		{[]string{"other"}, `operation name "other": a label of its own`},
		{tooMany, "201 operation names listed; at most 200"},
	} {
		_, err := NewOperationLabels(tc.names)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.3q: %v, want %q", tc.names, err, tc.want)
		}
	}
}

// pingStore answers Ping with err.
type pingStore struct {
	store.Store
	err error
}

func (p pingStore) Ping(context.Context) error { return p.err }

// pingCount is how many Ping calls with outcome StoreCallDuration has
// recorded.
func pingCount(t *testing.T, outcome string) uint64 {
	t.Helper()
	families, err := Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "newsgraph_store_call_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["method"] == "Ping" && labels["outcome"] == outcome {
				return m.GetHistogram().GetSampleCount()
			}
		}
	}
	return 0
}

func TestInstrumentStore(t *testing.T) {
	okBefore, errBefore := pingCount(t, "ok"), pingCount(t, "error")
	if err := InstrumentStore(pingStore{}).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := InstrumentStore(pingStore{err: errors.New("down")}).Ping(context.Background()); err == nil {
		t.Fatal("the error was lost")
	}
	if ok, bad := pingCount(t, "ok"), pingCount(t, "error"); ok != okBefore+1 || bad != errBefore+1 {
		t.Errorf("Ping counts ok %d→%d, error %d→%d; want one more of each", okBefore, ok, errBefore, bad)
	}
	// A call that ran out of time is a timeout, not an error of a store
	// that cannot answer, even when the store wraps it as one.
	errBefore, timeoutBefore := pingCount(t, "error"), pingCount(t, "timeout")
	slow := fmt.Errorf("%w: %w", store.ErrUnavailable, context.DeadlineExceeded)
	if err := InstrumentStore(pingStore{err: slow}).Ping(context.Background()); err == nil {
		t.Fatal("the error was lost")
	}
	if bad, timeouts := pingCount(t, "error"), pingCount(t, "timeout"); bad != errBefore || timeouts != timeoutBefore+1 {
		t.Errorf("after a timeout, Ping counts error %d→%d, timeout %d→%d; want one more timeout only", errBefore, bad, timeoutBefore, timeouts)
	}
}

func TestHandler(t *testing.T) {
	if err := InstrumentStore(pingStore{}).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`newsgraph_store_call_duration_seconds_count{method="Ping",outcome="ok"}`,
		`newsgraph_articles_loaded_total{outcome="created"}`,
		`newsgraph_subscriptions{kind="articleIngested"}`,
		`newsgraph_subscribers_dropped_total`,
		`go_goroutines`,
		`process_`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
