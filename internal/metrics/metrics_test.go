package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"newsgraph/store"
)

func TestOperationLabel(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"", "unknown"},
		{"Actors", "Actors"},
		{"_private2", "_private2"},
		{"2fast", "invalid"},
		{"has space", "invalid"},
		{"dash-ed", "invalid"},
		{strings.Repeat("a", 65), "invalid"},
	} {
		if got := OperationLabel(tc.name); got != tc.want {
			t.Errorf("OperationLabel(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestOperationLabelIsBounded(t *testing.T) {
	others := 0
	for i := range maxOperationLabels + 10 {
		if OperationLabel(fmt.Sprintf("Op%d", i)) == "other" {
			others++
		}
	}
	if others < 10 {
		t.Errorf("%d names became other, want at least 10", others)
	}
	if got := OperationLabel("Op0"); got != "Op0" {
		t.Errorf("a name seen before became %q", got)
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
