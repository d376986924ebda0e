//go:build unix

package embedded

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// crashDirEnv tells the test binary, run again as a child, that it is the
// writer TestKillDuringWrites kills, and where to write.
const crashDirEnv = "NEWSGRAPH_MEMSTORE_CRASH_DIR"

// crashFromEnv is the number of the child's first article.
const crashFromEnv = "NEWSGRAPH_MEMSTORE_CRASH_FROM"

// crashArticle is the i-th article the child writes: large enough that a
// kill often lands in the middle of a write, sharing Ukraine with every
// other one.
func crashArticle(i int) *store.ArticleGraph {
	key := fmt.Sprintf("crash-%04d", i)
	text := fmt.Sprintf("Ally %d supported Ukraine. ", i) + strings.Repeat("Filler text of a long article. ", 1500)
	return storetest.NewArticle(key, "Article "+strconv.Itoa(i), "Generated", "2025-03-01", text).
		Entity(storetest.Actor("Q212", "Ukraine", "country"), "Ukraine").
		Entity(storetest.Actor("ally-"+strconv.Itoa(i), "Ally "+strconv.Itoa(i), "country"), "Ally").
		Relate(ontology.Supported, store.EntityID(ontology.Actor, "ally-"+strconv.Itoa(i)),
			store.EntityID(ontology.Actor, "Q212"), store.Qualifiers{}, "supported Ukraine").
		Build()
}

// TestCrashChild is not a test on its own: TestKillDuringWrites runs the
// test binary again with only this test and crashDirEnv set. It puts
// articles and prints "ACK <id>" after each PutArticle returns, until it is
// killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("the writer killed by TestKillDuringWrites")
	}
	from, err := strconv.Atoi(os.Getenv(crashFromEnv))
	if err != nil {
		fmt.Println("ERROR", crashFromEnv, err)
		os.Exit(2)
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(2)
	}
	for i := range 100000 {
		g := crashArticle(from + i)
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			fmt.Println("ERROR", err)
			os.Exit(2)
		}
		fmt.Println("ACK", g.Article.ID) // os.Stdout is not buffered
	}
}

func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	var acked []string
	for round := range 3 { // each round kills a writer appending to the last one's log
		acked = append(acked, killWriter(t, dir, round*10000, 10+round*7)...)
		s, logs := open(t, dir)
		t.Logf("round %d: %d acknowledged in all; on reopening: %s", round, len(acked), logs)
		checkCrashStore(t, s, acked)
		closeStore(t, s)
	}
}

// killWriter runs the child writer on dir, writing articles from number
// from on, SIGKILLs it once it has acknowledged n articles, and returns
// every id it acknowledged.
func killWriter(t *testing.T, dir string, from, n int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashFromEnv+"="+strconv.Itoa(from))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()

	var acked []string
	sc := bufio.NewScanner(stdout)
	killed := false
	for sc.Scan() {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "ACK "); ok {
			acked = append(acked, id)
		} else if strings.HasPrefix(line, "ERROR") {
			t.Errorf("writer: %s", line)
		}
		if len(acked) >= n && !killed {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true // keep reading: what it printed before dying counts
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("writer ended before acknowledging %d articles (%v): %s", n, err, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("writer was not killed: %v", cmd.ProcessState)
	}
	return acked
}

// checkCrashStore checks that every acknowledged article is in the store
// whole, and that the store holds nothing but whole crash articles (one
// more than acknowledged may be there: written, but killed before saying
// so).
func checkCrashStore(t *testing.T, s *Store, acked []string) {
	t.Helper()
	got, err := s.Articles(t.Context(), acked)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range got {
		if a == nil {
			t.Errorf("acknowledged article %s is missing after the crash", acked[i])
		}
	}
	m := storetest.NewModel()
	all := storetest.TakeSnapshot(t, s)
	for _, a := range all.Articles {
		n, _ := strings.CutPrefix(a.ID, store.ArticleID("crash-"))
		i, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("unexpected article %s", a.ID)
		}
		m.Put(crashArticle(i))
	}
	storetest.CheckModel(t, s, m)
}
