package server_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
)

func TestStoreBudget(t *testing.T) {
	// Two levels of store calls: the actors, then their relations. With
	// a budget of 1 ns, the first call or the second is refused, so the
	// answer may hold the actors or not.
	const query = `{ actors(first: 2) { edges { node { name relations(first: 1) { totalCount } } } } }`
	for _, tc := range []struct {
		name   string
		budget time.Duration
		codes  []string
	}{
		{"spent", time.Nanosecond, []string{"STORE_BUDGET_EXCEEDED"}},
		{"enough", time.Minute, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, server.Config{Limits: server.Limits{StoreBudget: tc.budget}})
			r := do(t, postQuery(t, srv.URL, "", query))
			got := outcomeOf(t, r)
			if diff := cmp.Diff(http.StatusOK, got.Status); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.codes, slices.Compact(got.Codes)); diff != "" {
				t.Errorf("codes (-want +got):\n%s\n%s", diff, r.body)
			}
		})
	}
}
