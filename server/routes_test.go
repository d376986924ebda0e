package server_test

import (
	"bufio"
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server"
)

// httpRequestSeries are the values of the newsgraph_http_requests_total
// series in a /metrics body, by their labels ({path="/",status="200"}),
// leaving out those of /metrics itself.
func httpRequestSeries(t *testing.T, metricsURL string) map[string]float64 {
	t.Helper()
	resp := do(t, newRequest(t, http.MethodGet, metricsURL, "", nil))
	if resp.status != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.status)
	}
	const name = "newsgraph_http_requests_total"
	series := map[string]float64{}
	lines := bufio.NewScanner(bytes.NewReader(resp.body))
	for lines.Scan() {
		labels, value, ok := strings.Cut(strings.TrimPrefix(lines.Text(), name), " ")
		if !ok || !strings.HasPrefix(lines.Text(), name+"{") || strings.Contains(labels, `path="/metrics"`) {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("/metrics: %q: %v", lines.Text(), err)
		}
		series[labels] = v
	}
	return series
}

// TestRouteLabels: each request counts in the metrics under its route, one
// of a bounded set: the server's paths, the folders of the pages' assets,
// and "other" for any other path.
func TestRouteLabels(t *testing.T) {
	srv := serve(t, server.Config{})
	for _, tc := range []struct {
		path  string
		label string
	}{
		{"/", "/"},
		{"/graphql?query=%7B__typename%7D", "/graphql"},
		{"/healthz", "/healthz"},
		{"/readyz", "/readyz"},
		{"/export?format=jsonl", "/export"},
		{"/explore", "/explore"},
		{"/explore/app.js", "/explore/"},
		{"/explore/no-such-file.js", "/explore/"},
		{"/graphiql/app.js", "/graphiql/"},
		{"/graphiql/no-such-file.js", "/graphiql/"},
		{"/nope", "other"},
		{"/explorer", "other"},
		{"/graphiqlx/app.js", "other"},
		{"/exports", "other"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			before := httpRequestSeries(t, srv.URL+"/metrics")
			resp := do(t, newRequest(t, http.MethodGet, srv.URL+tc.path, "", nil))
			after := httpRequestSeries(t, srv.URL+"/metrics")

			counted := map[string]float64{}
			for labels, v := range after {
				if d := v - before[labels]; d != 0 {
					counted[labels] = d
				}
			}
			want := map[string]float64{`{path="` + tc.label + `",status="` + strconv.Itoa(resp.status) + `"}`: 1}
			if diff := cmp.Diff(want, counted); diff != "" {
				t.Errorf("GET %s (%d) counted (-want +got):\n%s", tc.path, resp.status, diff)
			}
		})
	}
}

// TestPagesOnlyOutsideProduction: GraphiQL (at / and /graphiql/) and the
// explorer (/explore, /explore/) are served by default, and neither in
// production mode nor with DisableGraphiQL.
func TestPagesOnlyOutsideProduction(t *testing.T) {
	paths := []string{"/", "/graphiql/app.js", "/explore", "/explore/app.js", "/explore/explorer.css"}
	statuses := func(status int) map[string]int {
		m := map[string]int{}
		for _, p := range paths {
			m[p] = status
		}
		return m
	}
	for _, tc := range []struct {
		name string
		cfg  server.Config
		want map[string]int
	}{
		{"default", server.Config{}, statuses(http.StatusOK)},
		{"production", server.Config{Production: true}, statuses(http.StatusNotFound)},
		{"GraphiQL disabled", server.Config{DisableGraphiQL: true}, statuses(http.StatusNotFound)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, tc.cfg)
			got := map[string]int{}
			for _, p := range paths {
				got[p] = do(t, newRequest(t, http.MethodGet, srv.URL+p, "", nil)).status
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			// The API stays served whatever the pages.
			if resp := do(t, newRequest(t, http.MethodGet, srv.URL+"/graphql?query=%7B__typename%7D", "", nil)); resp.status != http.StatusOK {
				t.Errorf("GET /graphql: %d", resp.status)
			}
		})
	}
}
