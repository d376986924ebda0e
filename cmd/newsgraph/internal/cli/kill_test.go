package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/internal/testio"
	"newsgraph/loaders/synth"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

// The kill tests load a generated corpus, kill the load halfway, load again,
// and check that the graph is the one a load never interrupted gives.

// digest sums up a graph for comparison: counts per type and a checksum of
// every id, with each article's hash and each relation's evidence count.
type digest struct {
	Articles  int
	Entities  map[ontology.NodeType]int
	Relations map[ontology.RelationType]int
	Evidence  int
	Checksum  string
}

// digestOf walks every list of st.
func digestOf(t *testing.T, st store.Store) digest {
	t.Helper()
	ctx := t.Context()
	d := digest{Entities: map[ontology.NodeType]int{}, Relations: map[ontology.RelationType]int{}}
	var lines []string
	for after := ""; ; {
		p, err := st.ListArticles(ctx, store.ArticleQuery{First: store.MaxPageSize, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Items {
			d.Articles++
			lines = append(lines, a.ID+" "+a.Hash)
		}
		if after = p.EndCursor(); !p.HasNextPage {
			break
		}
	}
	for after := ""; ; {
		p, err := st.ListEntities(ctx, store.EntityQuery{First: store.MaxPageSize, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			d.Entities[e.Type]++
			lines = append(lines, e.ID)
		}
		if after = p.EndCursor(); !p.HasNextPage {
			break
		}
	}
	for after := ""; ; {
		p, err := st.ListRelations(ctx, store.RelationQuery{First: store.MaxPageSize, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			d.Relations[r.Type]++
			d.Evidence += len(r.Evidence)
			lines = append(lines, fmt.Sprintf("%s %d", r.ID, len(r.Evidence)))
		}
		if after = p.EndCursor(); !p.HasNextPage {
			break
		}
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	d.Checksum = hex.EncodeToString(sum[:])
	return d
}

// memDigest opens the embedded store in dir and digests it.
func memDigest(t *testing.T, dir string) digest {
	t.Helper()
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return digestOf(t, st)
}

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

// generate writes a synthetic corpus of n articles.
func generate(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if _, err := synth.WriteDir(synth.Config{Articles: n, Seed: 42}, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runBinary runs the built command to its end.
func runBinary(t *testing.T, bin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// process is the built command running.
type process struct {
	cmd  *exec.Cmd
	out  *testio.Buffer
	done chan struct{} // closed when it has ended
}

// startBinary starts the built command; it is killed when t ends.
func startBinary(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), out: &testio.Buffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitFor polls cond until it holds, failing t after timeout or when the
// process ends first.
func (p *process) waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		select {
		case <-p.done:
			t.Fatalf("the load ended (%v) before %s:\n%s", p.cmd.ProcessState, what, p.out.String())
		case <-time.After(2 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %s:\n%s", what, timeout, p.out.String())
		}
	}
}

// kill kills the process with SIGKILL and waits for it; it fails t if the
// process had ended by itself.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
	if p.cmd.ProcessState.Exited() {
		t.Fatalf("the load exited (%v) before it was killed:\n%s", p.cmd.ProcessState, p.out.String())
	}
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// TestKillAndRerun kills a load into the embedded store halfway (SIGKILL),
// runs it again, and compares the graph with a clean load's.
func TestKillAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 2,000 articles three times")
	}
	isolate(t)
	bin := buildNewsgraph(t)
	corpus := generate(t, 2000)

	clean := filepath.Join(t.TempDir(), "clean")
	if r := runBinary(t, bin, "--data-dir", clean, "load", corpus); r.code != 0 {
		t.Fatalf("clean load:\n%s", r)
	}
	want := memDigest(t, clean)
	full := fileSize(filepath.Join(clean, "graph.log"))

	killed := filepath.Join(t.TempDir(), "killed")
	p := startBinary(t, bin, "--data-dir", killed, "load", corpus)
	log := filepath.Join(killed, "graph.log")
	p.waitFor(t, 2*time.Minute, "half of the graph log", func() bool { return fileSize(log) >= full/2 })
	p.kill(t)
	partial := memDigest(t, killed)
	if partial.Articles == 0 || partial.Articles >= want.Articles {
		t.Fatalf("after the kill the store holds %d articles of %d: not a load killed halfway", partial.Articles, want.Articles)
	}

	r := runBinary(t, bin, "--data-dir", killed, "load", corpus)
	if r.code != 0 {
		t.Fatalf("rerun:\n%s", r)
	}
	got := summaryOf(t, r)
	if got[0] != "2000" || got[2] != "0" || got[4] != "0" || got[3] == "0" || got[1] == "0" {
		t.Errorf("rerun summary (loaded, created, replaced, unchanged, failed) = %v: want 2000 loaded, some created, some unchanged, none replaced or failed", got)
	}
	if diff := cmp.Diff(want, memDigest(t, killed)); diff != "" {
		t.Errorf("the graph after kill and rerun differs from a clean load's (-clean +rerun):\n%s", diff)
	}
	t.Logf("killed with %d of %d articles stored; rerun: %v", partial.Articles, want.Articles, got)
}
