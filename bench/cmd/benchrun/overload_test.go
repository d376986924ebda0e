package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOutcomeClasses(t *testing.T) {
	tests := []struct {
		name                string
		status              int
		body                string
		retryAfter          bool
		wantCodes           []string
		wantOK, wantRefused bool
	}{
		{name: "answer", status: 200, body: `{"data":{"actors":null}}`, wantOK: true},
		{name: "refusal", status: 503, retryAfter: true, body: `{"errors":[{"message":"busy","extensions":{"code":"OVERLOADED"}}]}`,
			wantCodes: []string{"OVERLOADED"}, wantRefused: true},
		{name: "refusal without Retry-After", status: 503, body: `{"errors":[{"message":"busy","extensions":{"code":"OVERLOADED"}}]}`,
			wantCodes: []string{"OVERLOADED"}},
		{name: "OVERLOADED under 200 (a field the store refused)", status: 200, body: `{"data":null,"errors":[{"message":"busy","extensions":{"code":"OVERLOADED"}}]}`,
			wantCodes: []string{"OVERLOADED"}},
		{name: "unavailable", status: 200, body: `{"data":null,"errors":[{"message":"x","extensions":{"code":"UNAVAILABLE"}},{"message":"y","extensions":{"code":"TIMEOUT"}}]}`,
			wantCodes: []string{"UNAVAILABLE", "TIMEOUT"}},
		{name: "503 mixing codes", status: 503, retryAfter: true, body: `{"errors":[{"extensions":{"code":"OVERLOADED"}},{"message":"y"}]}`,
			wantCodes: []string{"OVERLOADED", "NO_CODE"}},
		{name: "not JSON", status: 502, body: `Bad Gateway`, wantCodes: []string{"NOT_JSON"}},
		{name: "status without errors", status: 500, body: `{}`, wantCodes: []string{"HTTP_500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := outcome{status: tt.status, retryAfter: tt.retryAfter, codes: errorCodes(tt.status, []byte(tt.body))}
			if d := cmp.Diff(tt.wantCodes, o.codes); d != "" {
				t.Errorf("codes (-want +got):\n%s", d)
			}
			if o.success() != tt.wantOK || o.refused() != tt.wantRefused {
				t.Errorf("success %v, refused %v; want %v, %v", o.success(), o.refused(), tt.wantOK, tt.wantRefused)
			}
		})
	}
}

// TestOpenLoop offers a server that answers by the document asked: the
// generator sends rate × duration requests, the mix in turn, and counts
// each answer in its class.
func TestOpenLoop(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		switch {
		case strings.Contains(string(b), "busy"):
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"errors":[{"message":"busy","extensions":{"code":"OVERLOADED"}}]}`)
		case strings.Contains(string(b), "down"):
			io.WriteString(w, `{"data":null,"errors":[{"message":"down","extensions":{"code":"UNAVAILABLE"}}]}`)
		default:
			io.WriteString(w, `{"data":{}}`)
		}
	}))
	defer srv.Close()
	mix := [][]byte{body("{ ok }"), body("{ busy }"), body("{ ok }"), body("{ down }")}

	p := openLoop(t.Context(), loadClient(time.Second), srv.URL, mix, 400, 100*time.Millisecond, 1000)
	type counts struct {
		Sent, OK, Refused, Failed int
		Codes                     map[string]int
	}
	got := counts{p.sent, len(p.ok), len(p.refused), p.failed, p.codes}
	want := counts{Sent: 40, OK: 20, Refused: 10, Failed: 10, Codes: map[string]int{"OVERLOADED": 10, "UNAVAILABLE": 10}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("open loop (-want +got):\n%s", d)
	}
	if bad := verdict(overloadConfig{requestTimeout: time.Minute, fastRefusal: time.Minute}, p); len(bad) != 2 {
		t.Errorf("verdict = %q, want two complaints (the failed requests, UNAVAILABLE)", bad)
	}

	// A generator that may keep none open sends nothing.
	p = openLoop(t.Context(), loadClient(time.Second), srv.URL, mix, 400, 10*time.Millisecond, 0)
	if d := cmp.Diff(map[string]int{"NOT_SENT": 4}, p.codes); d != "" || p.failed != 4 {
		t.Errorf("arrivals past max in flight: failed %d, codes (-want +got):\n%s", p.failed, d)
	}
}

func TestVerdict(t *testing.T) {
	cfg := overloadConfig{requestTimeout: 10 * time.Second, fastRefusal: time.Second}
	ms := func(n ...int) []time.Duration {
		var d []time.Duration
		for _, x := range n {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	tests := []struct {
		name string
		p    loadPoint
		want []string
	}{
		{name: "pass", p: loadPoint{ok: ms(10, 20, 9000), refused: ms(1, 2, 300), codes: map[string]int{"OVERLOADED": 3}}},
		{name: "nothing succeeded", p: loadPoint{refused: ms(1)},
			want: []string{"no request succeeded"}},
		{name: "slow successes", p: loadPoint{ok: ms(10, 10000)},
			want: []string{"successful requests' p99 10000.0 ms is not under the request timeout 10s"}},
		{name: "slow refusals", p: loadPoint{ok: ms(10), refused: ms(900, 1000, 1100)},
			want: []string{"refused requests' p50 1000.0 ms is not under 1s"}},
		{name: "errors", p: loadPoint{ok: ms(10), failed: 3, codes: map[string]int{"OVERLOADED": 5, "TIMEOUT": 1, "UNAVAILABLE": 2}},
			want: []string{
				"3 request(s) neither succeeded nor were refused with 503 OVERLOADED and Retry-After (codes: TIMEOUT 1, UNAVAILABLE 2)",
				"2 answer(s) said UNAVAILABLE while the store is up",
			}},
		{name: "not ready", p: loadPoint{ok: ms(10), ready: readiness{checks: 8, ok: 6, failures: []string{`503 {"status":"unavailable"}`, "timeout"}}},
			want: []string{`/readyz was not 200 in 2 of 8 checks (first: 503 {"status":"unavailable"})`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, verdict(cfg, &tt.p)); d != "" {
				t.Errorf("verdict (-want +got):\n%s", d)
			}
		})
	}
}
