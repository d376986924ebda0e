package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	newsgraph, corpus, store, dataDir, disk, out string
	neo4jPID, rounds                             int
	// loaded says the store already holds the corpus (an earlier run's
	// store, opened by a newer binary): the load is skipped, and the time
	// to ready includes whatever the store does on its first open by that
	// binary, such as adding indexes or migrating data.
	loaded bool
}

// result is what one call measures; one JSON line of -out.
type result struct {
	Store    string    `json:"store"`
	Articles int       `json:"articles"`
	Date     time.Time `json:"date"`
	// LoadSeconds is the wall time of `newsgraph load`, LoadCPUSeconds
	// the processor time it used (a machine busy with other work slows the
	// first, not the second); LoadRSS the loading process's peak RSS.
	LoadSeconds    float64 `json:"load_seconds"`
	LoadCPUSeconds float64 `json:"load_cpu_seconds"`
	LoadRSS        int64   `json:"load_rss_bytes"`
	// ReadySeconds is the time from starting `newsgraph serve` to /readyz
	// answering 200.
	ReadySeconds float64 `json:"ready_seconds"`
	// PeakRSS and SteadyRSS are the server's; Neo4j's are those of the
	// Neo4j process, when its pid was given.
	PeakRSS        int64 `json:"peak_rss_bytes"`
	SteadyRSS      int64 `json:"steady_rss_bytes"`
	Neo4jPeakRSS   int64 `json:"neo4j_peak_rss_bytes,omitempty"`
	Neo4jSteadyRSS int64 `json:"neo4j_steady_rss_bytes,omitempty"`
	DiskBytes      int64 `json:"disk_bytes"`
	// Queries holds p50 and p99 in milliseconds by query key.
	Queries map[string]latency `json:"queries"`
	Rounds  int                `json:"rounds"`
	// Loaded says the run found the store loaded (-loaded): it has no
	// load figures, and ReadySeconds is a first open by this binary.
	Loaded bool `json:"loaded,omitempty"`
}

type latency struct {
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	// Bytes is the size of the answer: a query whose answer grows with
	// the graph cannot keep its latency.
	Bytes int `json:"bytes"`
}

// load loads the corpus with `newsgraph load` and records its figures.
func load(cfg config, res *result) error {
	logf("%s: loading %d articles", cfg.store, res.Articles)
	load := cfg.command("load", cfg.corpus)
	var out bytes.Buffer
	load.Stdout, load.Stderr = &out, &out
	start := time.Now()
	if err := load.Run(); err != nil {
		return fmt.Errorf("newsgraph load: %v\n%s", err, out.String())
	}
	res.LoadSeconds = time.Since(start).Seconds()
	res.LoadRSS = maxRSS(load.ProcessState)
	res.LoadCPUSeconds = (load.ProcessState.UserTime() + load.ProcessState.SystemTime()).Seconds()
	logf("%s: loaded in %.1f s (%.0f articles/s)", cfg.store, res.LoadSeconds, float64(res.Articles)/res.LoadSeconds)
	return nil
}

func measure(cfg config) error {
	res := result{Store: cfg.store, Date: time.Now().UTC(), Rounds: cfg.rounds}
	files, err := filepath.Glob(filepath.Join(cfg.corpus, "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no articles (*.json) in %s", cfg.corpus)
	}
	res.Articles = len(files)

	if cfg.loaded {
		res.Loaded = true
		logf("%s: not loading: the store holds the %d articles already", cfg.store, res.Articles)
	} else if err := load(cfg, &res); err != nil {
		return err
	}

	serve := cfg.command("serve", "--addr", "127.0.0.1:0", "--log-level", "warn")
	pr, pw, err := os.Pipe()
	if err != nil {
		return err
	}
	serve.Stdout, serve.Stderr = pw, pw
	start := time.Now()
	if err := serve.Start(); err != nil {
		return err
	}
	pw.Close()
	defer func() {
		serve.Process.Signal(syscall.SIGTERM)
		serve.Wait()
	}()
	base, err := waitForURL(pr, 10*time.Minute)
	if err != nil {
		return err
	}
	if err := waitReady(base, 10*time.Minute); err != nil {
		return err
	}
	res.ReadySeconds = time.Since(start).Seconds()
	logf("%s: ready in %.1f s at %s", cfg.store, res.ReadySeconds, base)

	c := &client{url: base + "/graphql", http: &http.Client{Timeout: 5 * time.Minute}}
	args, err := pickArgs(c)
	if err != nil {
		return fmt.Errorf("picking the query arguments: %w", err)
	}
	qs := queries(args)
	size := map[string]int{}
	for _, q := range qs {
		data, _, err := c.data(q.doc)
		if err != nil {
			return fmt.Errorf("query %s: %w", q.key, err)
		}
		size[q.key] = len(data)
	}
	times := map[string][]time.Duration{}
	for range cfg.rounds {
		for _, q := range qs {
			d, err := c.ask(q.doc)
			if err != nil {
				return fmt.Errorf("query %s: %w", q.key, err)
			}
			times[q.key] = append(times[q.key], d)
		}
	}
	res.Queries = map[string]latency{}
	for k, ts := range times {
		res.Queries[k] = latency{P50: percentile(ts, 50), P99: percentile(ts, 99), Bytes: size[k]}
	}
	time.Sleep(2 * time.Second)
	res.PeakRSS, res.SteadyRSS = procRSS(serve.Process.Pid)
	if cfg.neo4jPID > 0 {
		res.Neo4jPeakRSS, res.Neo4jSteadyRSS = procRSS(cfg.neo4jPID)
	}
	if res.DiskBytes, err = diskUsage(cfg.disk); err != nil {
		return err
	}

	line, err := json.Marshal(res)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(cfg.out, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(line, '\n'))
	return errors.Join(err, f.Close())
}

// command is a newsgraph command on the store measured.
func (cfg config) command(args ...string) *exec.Cmd {
	if cfg.store == "embedded" {
		args = append([]string{"--data-dir", cfg.dataDir}, args...)
	}
	cmd := exec.Command(cfg.newsgraph, args...)
	cmd.Env = os.Environ()
	if cfg.store == "embedded" {
		cmd.Env = slices.DeleteFunc(cmd.Env, func(kv string) bool {
			return strings.HasPrefix(kv, "NEO4J_URI=") || strings.HasPrefix(kv, "NEO4J_DATABASE=")
		})
	}
	return cmd
}

var listening = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// waitForURL reads the server's output until it says where it listens,
// and drains the rest.
func waitForURL(r *os.File, timeout time.Duration) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sent := false
		for sc.Scan() {
			if m := listening.FindString(sc.Text()); m != "" && !sent {
				found <- m
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case u, ok := <-found:
		if !ok {
			return "", errors.New("newsgraph serve exited before listening")
		}
		return u, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("newsgraph serve did not listen within %s", timeout)
	}
}

func waitReady(base string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("%s/readyz did not answer 200 within %s", base, timeout)
}

// percentile is the p-th percentile of ts in milliseconds (nearest rank).
func percentile(ts []time.Duration, p int) float64 {
	s := slices.Clone(ts)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return float64(s[max(i-1, 0)].Microseconds()) / 1000
}

func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024 // kilobytes on Linux
	}
	return 0
}

// procRSS reads a process's peak (VmHWM) and current (VmRSS) resident set.
func procRSS(pid int) (peak, now int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmHWM":
			peak = n * 1024
		case "VmRSS":
			now = n * 1024
		}
	}
	return peak, now
}

func diskUsage(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}
