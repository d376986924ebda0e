package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/graph/apierr"
)

// This file is the overload test (benchrun overload; scripts/bench
// --overload, and a short one in scripts/bench --smoke). For newsgraph on
// Neo4j and on the embedded store, it
//
//  1. finds the saturation rate of a fixed mixed read workload (the
//     benchmark's queries, asked in turn): the successful requests per
//     second of a closed loop of a fixed concurrency;
//  2. offers the same workload open-loop, at a fixed arrival rate whatever
//     the server answers, at multiples of that rate (1×, 2×, 4×): a
//     closed-loop generator such as hey slows down with the server, and so
//     never overloads it;
//  3. reports per store and rate the offered and achieved rates, the
//     latencies of the successful and of the refused requests, and the
//     error codes seen;
//  4. checks what admission control promises: successful requests finish
//     within the server's request timeout (p99), every other request is
//     refused with HTTP 503, Retry-After and the code OVERLOADED, and
//     refused fast (p50); nothing answers UNAVAILABLE, TIMEOUT or any
//     other error while the store is up; and /readyz, asked twice a second
//     during the load as an orchestrator would (5 s timeout), answers 200
//     every time: a busy server is ready. Otherwise it exits with status
//     1.

type overloadConfig struct {
	neo4jURI, neo4jUser, neo4jPassword, neo4jDatabase string

	targets []server

	saturationConcurrency int
	saturationDuration    time.Duration
	duration              time.Duration // of each open-loop point
	multiples             []float64
	requestTimeout        time.Duration // the servers' --request-timeout
	fastRefusal           time.Duration // the p50 a refusal must stay under
	maxInFlight           int
	maxRate               float64 // caps the offered rate when positive
	out, title            string
}

func overloadMain(args []string) {
	var cfg overloadConfig
	fs := flag.NewFlagSet("benchrun overload", flag.ExitOnError)
	var ngNeo4j, ngEmbedded, multiples string
	fs.StringVar(&cfg.neo4jURI, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j `URI` the query arguments are picked from (env NEO4J_URI)")
	fs.StringVar(&cfg.neo4jUser, "neo4j-user", envOr("NEO4J_USERNAME", "neo4j"), "Neo4j user (env NEO4J_USERNAME)")
	fs.StringVar(&cfg.neo4jPassword, "neo4j-password", os.Getenv("NEO4J_PASSWORD"), "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&cfg.neo4jDatabase, "neo4j-database", os.Getenv("NEO4J_DATABASE"), "Neo4j database (env NEO4J_DATABASE)")
	fs.StringVar(&ngNeo4j, "newsgraph-neo4j", "", "GraphQL `URL` of newsgraph serving Neo4j")
	fs.StringVar(&ngEmbedded, "newsgraph-embedded", "", "GraphQL `URL` of newsgraph serving the embedded store")
	fs.IntVar(&cfg.saturationConcurrency, "saturation-concurrency", 16, "concurrency of the closed loop that finds the saturation rate")
	fs.DurationVar(&cfg.saturationDuration, "saturation-duration", 10*time.Second, "how long the closed loop runs")
	fs.DurationVar(&cfg.duration, "duration", 15*time.Second, "how long each open-loop rate is offered")
	fs.StringVar(&multiples, "multiples", "1,2,4", "comma-separated multiples of the saturation rate to offer")
	fs.DurationVar(&cfg.requestTimeout, "request-timeout", 10*time.Second, "the servers' --request-timeout: successful requests' p99 must stay under it")
	fs.DurationVar(&cfg.fastRefusal, "fast-refusal", time.Second, "refused requests' p50 must stay under this")
	fs.Float64Var(&cfg.maxRate, "max-rate", 0,
		"most requests per second to offer, whatever the multiple (0: no cap); the load generator shares the machine, and past some rate it, not the server, is what is measured")
	fs.IntVar(&cfg.maxInFlight, "max-in-flight", 20000, "most requests the generator keeps open at once; past it, an arrival is dropped (and the run fails)")
	fs.StringVar(&cfg.out, "out", "", "write the markdown table to this `file` too (it always goes to standard output)")
	fs.StringVar(&cfg.title, "title", "", "a line put above the table (corpus, date, command)")
	_ = fs.Parse(args)
	for _, s := range strings.Split(multiples, ",") {
		m, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || m <= 0 {
			fatalf("-multiples: %q is not a positive number", s)
		}
		cfg.multiples = append(cfg.multiples, m)
	}
	if cfg.neo4jURI == "" || ngNeo4j == "" || ngEmbedded == "" {
		fatalf("overload: -neo4j-uri, -newsgraph-neo4j and -newsgraph-embedded are all needed")
	}
	cfg.targets = []server{{name: nameNgNeo4j, url: ngNeo4j}, {name: nameNgEmbedded, url: ngEmbedded}}
	ok, err := runOverload(context.Background(), cfg)
	if err != nil {
		fatalf("overload: %v", err)
	}
	if !ok {
		fatalf("overload: admission control did not hold (see the verdicts above)")
	}
}

// runOverload runs the test on every target and prints the report; it
// reports whether every point passed.
func runOverload(ctx context.Context, cfg overloadConfig) (bool, error) {
	driver, err := neo4j.NewDriverWithContext(cfg.neo4jURI, neo4j.BasicAuth(cfg.neo4jUser, cfg.neo4jPassword, ""))
	if err != nil {
		return false, fmt.Errorf("neo4j driver: %w", err)
	}
	defer driver.Close(ctx)
	args, err := pickArgs(ctx, &floor{driver: driver, database: cfg.neo4jDatabase})
	if err != nil {
		return false, fmt.Errorf("picking the query arguments: %w", err)
	}
	var mix [][]byte
	for _, q := range queries(args) {
		mix = append(mix, body(q.newsgraph))
	}
	client := loadClient(cfg.requestTimeout)

	var runs []storeRun
	for _, s := range cfg.targets {
		// Every query answers without error before anything is timed.
		for _, q := range queries(args) {
			for range 3 {
				if _, err := s.ask(ctx, q.newsgraph); err != nil {
					return false, fmt.Errorf("warming up query %s: %w", q.key, err)
				}
			}
		}
		sat := closedLoop(ctx, client, s.url, mix, cfg.saturationConcurrency, cfg.saturationDuration)
		logf("overload: %s saturates at %.1f req/s (closed loop, c=%d, %s: %s)",
			s.name, sat.achieved(), cfg.saturationConcurrency, cfg.saturationDuration, sat.summary())
		if len(sat.ok) == 0 {
			return false, fmt.Errorf("%s: no request of the closed loop succeeded: %s", s.name, sat.summary())
		}
		run := storeRun{name: s.name, saturation: sat}
		for _, m := range cfg.multiples {
			rate := m * sat.achieved()
			if cfg.maxRate > 0 {
				rate = min(rate, cfg.maxRate)
			}
			stop := probeReady(ctx, readyURL(s.url))
			p := openLoop(ctx, client, s.url, mix, rate, cfg.duration, cfg.maxInFlight)
			p.multiple = m
			p.ready = stop()
			logf("overload: %s at %g× (%.1f req/s offered): %s; /readyz 200 in %d of %d checks", s.name, m, p.offered(), p.summary(), p.ready.ok, p.ready.checks)
			run.points = append(run.points, p)
		}
		runs = append(runs, run)
	}
	table, ok := overloadReport(cfg, len(mix), runs)
	fmt.Print(table)
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(table), 0o644); err != nil {
			return false, err
		}
	}
	return ok, nil
}

// loadClient is the HTTP client of the load: keep-alive connections, as
// many as the load needs, and a timeout well past the server's own.
func loadClient(requestTimeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: 2*requestTimeout + 5*time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        0,
			MaxIdleConnsPerHost: 4096,
			IdleConnTimeout:     30 * time.Second,
		},
	}
}

// outcome is one request's answer, as the test sees it.
type outcome struct {
	latency    time.Duration
	status     int      // HTTP status; 0 when no response came
	codes      []string // extensions.code of its errors, in order
	retryAfter bool     // the response has a Retry-After header
}

// The codes an outcome is counted under: the API's, and names of the
// outcomes that have none.
const (
	codeTransport = "NO_RESPONSE" // the request failed before an HTTP answer (refused connection, client timeout)
	codeNoCode    = "NO_CODE"     // an error without extensions.code
	codeBadJSON   = "NOT_JSON"    // a body that is not a GraphQL response
	codeOverload  = apierr.Overloaded
	codeUnavail   = apierr.Unavailable
	codeTimeout   = apierr.Timeout
	codeHTTP      = "HTTP_"    // prefix of a status other than 200 with no error in its body
	codeGenerator = "NOT_SENT" // an arrival the generator dropped (too many in flight)
	statusRefused = http.StatusServiceUnavailable
)

// success is a 200 without errors.
func (o outcome) success() bool { return o.status == http.StatusOK && len(o.codes) == 0 }

// refused is a refusal by admission control: 503, Retry-After, and
// OVERLOADED as its only code.
func (o outcome) refused() bool {
	return o.status == statusRefused && o.retryAfter && len(o.codes) > 0 &&
		!slices.ContainsFunc(o.codes, func(c string) bool { return c != codeOverload })
}

// fire sends one request and classifies its answer.
func fire(ctx context.Context, client *http.Client, url string, doc []byte) outcome {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(doc))
	if err != nil {
		return outcome{codes: []string{codeTransport}}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return outcome{latency: time.Since(start), codes: []string{codeTransport}}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	o := outcome{latency: time.Since(start), status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After") != ""}
	if err != nil {
		o.codes = []string{codeTransport}
		return o
	}
	o.codes = errorCodes(resp.StatusCode, raw)
	return o
}

// errorCodes are the codes of a GraphQL response's errors: codeNoCode for
// an error without one, codeBadJSON for a body that is not a response,
// codeHTTP+status for a status other than 200 with no error.
func errorCodes(status int, raw []byte) []string {
	var ans struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return []string{codeBadJSON}
	}
	var codes []string
	for _, e := range ans.Errors {
		codes = append(codes, cmp.Or(e.Extensions.Code, codeNoCode))
	}
	if len(codes) == 0 && status != http.StatusOK {
		codes = []string{codeHTTP + strconv.Itoa(status)}
	}
	return codes
}

// loadPoint is what one run of the load (closed or open loop) saw.
type loadPoint struct {
	multiple float64
	rate     float64       // the arrival rate asked for (open loop)
	window   time.Duration // how long requests were sent (the rates are per second of it)
	sent     int
	ok       []time.Duration // latencies of successful requests
	refused  []time.Duration // latencies of refusals (503 OVERLOADED)
	failed   int             // neither
	// codes counts the responses that carried each code (a response with
	// an error twice counts once).
	codes map[string]int
	ready readiness // /readyz during the point
}

// readiness is what /readyz answered while the load ran.
type readiness struct {
	checks, ok int
	failures   []string // each answer other than 200, in order
}

// readyURL is the /readyz of the server whose GraphQL endpoint is url.
func readyURL(graphqlURL string) string {
	return strings.TrimSuffix(graphqlURL, "/graphql") + "/readyz"
}

// probeReady asks url every 500 ms, each with a 5 s timeout, until the
// returned function is called; that function returns what it saw.
func probeReady(ctx context.Context, url string) func() readiness {
	var r readiness
	client := &http.Client{Timeout: 5 * time.Second}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			r.checks++
			resp, err := client.Get(url)
			switch {
			case err != nil:
				r.failures = append(r.failures, err.Error())
			case resp.StatusCode != http.StatusOK:
				b, _ := io.ReadAll(resp.Body)
				r.failures = append(r.failures, fmt.Sprintf("%d %s", resp.StatusCode, bytes.TrimSpace(b)))
			default:
				r.ok++
			}
			if resp != nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}()
	return func() readiness {
		close(done)
		<-finished
		return r
	}
}

func (p *loadPoint) add(o outcome) {
	p.sent++
	switch {
	case o.success():
		p.ok = append(p.ok, o.latency)
	case o.refused():
		p.refused = append(p.refused, o.latency)
	default:
		p.failed++
	}
	if p.codes == nil {
		p.codes = make(map[string]int)
	}
	seen := map[string]bool{}
	for _, c := range o.codes {
		if !seen[c] {
			seen[c] = true
			p.codes[c]++
		}
	}
}

func (p *loadPoint) offered() float64  { return float64(p.sent) / p.window.Seconds() }
func (p *loadPoint) achieved() float64 { return float64(len(p.ok)) / p.window.Seconds() }

// pct is the p-quantile of latencies (sorted in place); 0 when there are
// none.
func pct(lats []time.Duration, p float64) time.Duration {
	if len(lats) == 0 {
		return 0
	}
	slices.Sort(lats)
	return lats[min(len(lats)-1, int(p*float64(len(lats))))]
}

func (p *loadPoint) summary() string {
	return fmt.Sprintf("%d sent, %d ok (p50 %s ms, p99 %s ms), %d refused (p50 %s ms), %d failed, codes %s",
		p.sent, len(p.ok), ms(pct(p.ok, 0.5)), ms(pct(p.ok, 0.99)), len(p.refused), ms(pct(p.refused, 0.5)), p.failed, codeList(p.codes))
}

// ms is a latency in milliseconds, to a tenth.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

// codeList is "CODE n, CODE n" in order of the codes, or "none".
func codeList(codes map[string]int) string {
	var s []string
	for _, c := range sortedKeys(codes) {
		s = append(s, fmt.Sprintf("%s %d", c, codes[c]))
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// closedLoop asks the mix in c goroutines, each one request after the
// other, for d: its successful requests per second is the saturation
// rate.
func closedLoop(ctx context.Context, client *http.Client, url string, mix [][]byte, c int, d time.Duration) *loadPoint {
	p := &loadPoint{window: d}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		next atomic.Int64
	)
	deadline := time.Now().Add(d)
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				i := next.Add(1) - 1
				o := fire(ctx, client, url, mix[int(i)%len(mix)])
				mu.Lock()
				p.add(o)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return p
}

// openLoop offers the mix at rate requests per second for d: request i
// is sent at i/rate seconds from the start, whatever became of the ones
// before it (a generator that fell behind sends the late ones at once, so
// that the count offered stays the rate's). It waits for every answer.
// An arrival that finds maxInFlight requests open is not sent and counted
// as codeGenerator.
func openLoop(ctx context.Context, client *http.Client, url string, mix [][]byte, rate float64, d time.Duration, maxInFlight int) *loadPoint {
	p := &loadPoint{rate: rate, window: d}
	arrivals := int(rate * d.Seconds())
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		inFlight atomic.Int64
	)
	start := time.Now()
	for i := 0; i < arrivals; i++ {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		if inFlight.Load() >= int64(maxInFlight) {
			mu.Lock()
			p.add(outcome{codes: []string{codeGenerator}})
			mu.Unlock()
			continue
		}
		inFlight.Add(1)
		wg.Add(1)
		go func(doc []byte) {
			defer wg.Done()
			o := fire(ctx, client, url, doc)
			inFlight.Add(-1)
			mu.Lock()
			p.add(o)
			mu.Unlock()
		}(mix[i%len(mix)])
	}
	// A generator that fell behind took longer to send them: the rates
	// are of the time it took.
	p.window = max(d, time.Since(start))
	wg.Wait()
	return p
}

// storeRun is the test of one server: its saturation and its points.
type storeRun struct {
	name       string
	saturation *loadPoint
	points     []*loadPoint
}

// verdict lists what a point breaks of admission control's promises.
func verdict(cfg overloadConfig, p *loadPoint) []string {
	var bad []string
	if len(p.ok) == 0 {
		bad = append(bad, "no request succeeded")
	} else if p99 := pct(p.ok, 0.99); p99 >= cfg.requestTimeout {
		bad = append(bad, fmt.Sprintf("successful requests' p99 %s ms is not under the request timeout %s", ms(p99), cfg.requestTimeout))
	}
	if p.failed > 0 {
		var codes []string
		for _, c := range sortedKeys(p.codes) {
			if c != codeOverload {
				codes = append(codes, fmt.Sprintf("%s %d", c, p.codes[c]))
			}
		}
		bad = append(bad, fmt.Sprintf("%d request(s) neither succeeded nor were refused with 503 OVERLOADED and Retry-After (codes: %s)",
			p.failed, strings.Join(codes, ", ")))
	}
	if n := p.codes[codeUnavail]; n > 0 {
		bad = append(bad, fmt.Sprintf("%d answer(s) said UNAVAILABLE while the store is up", n))
	}
	if p50 := pct(p.refused, 0.5); len(p.refused) > 0 && p50 >= cfg.fastRefusal {
		bad = append(bad, fmt.Sprintf("refused requests' p50 %s ms is not under %s", ms(p50), cfg.fastRefusal))
	}
	if n := len(p.ready.failures); n > 0 {
		bad = append(bad, fmt.Sprintf("/readyz was not 200 in %d of %d checks (first: %s)", n, p.ready.checks, p.ready.failures[0]))
	}
	return bad
}

// overloadReport is the markdown of the runs, with a verdict per point;
// it reports whether every point passed.
func overloadReport(cfg overloadConfig, nQueries int, runs []storeRun) (string, bool) {
	var b strings.Builder
	if cfg.title != "" {
		fmt.Fprintf(&b, "%s\n\n", cfg.title)
	}
	fmt.Fprintf(&b, "The mix of the benchmark's %d queries, asked in turn. Saturation: successful req/s of a closed loop of %d for %s. "+
		"Each rate then offered open-loop for %s; rates per second of that window; latencies in ms. "+
		"Passes when successful requests' p99 < the request timeout (%s), every other request is refused with 503 + Retry-After + OVERLOADED, "+
		"refused requests' p50 < %s, nothing says UNAVAILABLE, and /readyz (asked every 500 ms) answers 200.\n\n",
		nQueries, cfg.saturationConcurrency, cfg.saturationDuration, cfg.duration, cfg.requestTimeout, cfg.fastRefusal)
	b.WriteString("| store | load | offered req/s | achieved req/s | ok | ok p50 · p99 | refused (503) | refused p50 | OVERLOADED | UNAVAILABLE | TIMEOUT | other codes | /readyz 200 | verdict |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	allOK := true
	for _, r := range runs {
		sat := r.saturation
		fmt.Fprintf(&b, "| %s | saturation (closed loop) | — | %.1f | %d | %s · %s | %d | — | %d | %d | %d | %s | — | — |\n",
			storeLabel(r.name), sat.achieved(), len(sat.ok), ms(pct(sat.ok, 0.5)), ms(pct(sat.ok, 0.99)),
			len(sat.refused), sat.codes[codeOverload], sat.codes[codeUnavail], sat.codes[codeTimeout], otherCodes(sat.codes))
		for _, p := range r.points {
			bad := verdict(cfg, p)
			v := "pass"
			if len(bad) > 0 {
				allOK = false
				v = "FAIL: " + strings.Join(bad, "; ")
			}
			refusedP50 := "—"
			if len(p.refused) > 0 {
				refusedP50 = ms(pct(p.refused, 0.5))
			}
			load := fmt.Sprintf("%g× = %.1f req/s", p.multiple, p.rate)
			if want := p.multiple * sat.achieved(); p.rate < want {
				load = fmt.Sprintf("%g× = %.1f req/s, capped at %.1f", p.multiple, want, p.rate)
			}
			fmt.Fprintf(&b, "| %s | %s | %.1f | %.1f | %d | %s · %s | %d | %s | %d | %d | %d | %s | %d/%d | %s |\n",
				storeLabel(r.name), load, p.offered(), p.achieved(), len(p.ok),
				ms(pct(p.ok, 0.5)), ms(pct(p.ok, 0.99)), len(p.refused), refusedP50,
				p.codes[codeOverload], p.codes[codeUnavail], p.codes[codeTimeout], otherCodes(p.codes),
				p.ready.ok, p.ready.checks, v)
		}
	}
	return b.String(), allOK
}

func storeLabel(name string) string {
	switch name {
	case nameNgNeo4j:
		return "newsgraph on Neo4j"
	case nameNgEmbedded:
		return "newsgraph embedded"
	}
	return name
}

// otherCodes lists the codes other than the three with columns of their
// own.
func otherCodes(codes map[string]int) string {
	rest := make(map[string]int)
	for c, n := range codes {
		if c != codeOverload && c != codeUnavail && c != codeTimeout {
			rest[c] = n
		}
	}
	if len(rest) == 0 {
		return "—"
	}
	return codeList(rest)
}
