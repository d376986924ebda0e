package cli_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/internal/neo4jtest"
	"newsgraph/store"
	"newsgraph/store/neo4jstore"
)

// The Neo4j tests of this package need a real Neo4j 5 (see package
// neo4jtest): a server of their own when java and mvn are on PATH (so that
// it can be killed and restarted), else the server NEO4J_URI names (whose
// database they wipe); in CI (CI=true) they fail without one, elsewhere they
// are skipped, loudly.

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// neo4jDigest digests the graph in the Neo4j at c.
func neo4jDigest(t *testing.T, c neo4jtest.Conn) digest {
	t.Helper()
	st := openNeo4j(t, c)
	defer st.Close()
	return digestOf(t, st)
}

func openNeo4j(t *testing.T, c neo4jtest.Conn) *neo4jstore.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{
		URI: c.URI, Username: c.Username, Password: c.Password, Database: c.Database, TxTimeout: 2 * time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// neo4jArgs are the command's flags to use the server at c.
func neo4jArgs(c neo4jtest.Conn, args ...string) []string {
	flags := []string{"--neo4j-uri", c.URI, "--neo4j-user", c.Username}
	if c.Password != "" {
		flags = append(flags, "--neo4j-password", c.Password)
	}
	if c.Database != "" {
		flags = append(flags, "--neo4j-database", c.Database)
	}
	return append(flags, args...)
}

// canLaunchNeo4j reports whether the tests can start a Neo4j of their own.
func canLaunchNeo4j() bool {
	_, errJava := exec.LookPath("java")
	_, errMvn := exec.LookPath("mvn")
	return errJava == nil && errMvn == nil
}

// TestNeo4jOutageAndRerun loads a generated corpus into Neo4j and makes the
// load fail halfway: by killing Neo4j (SIGKILL) and starting it again on the
// same port when the test has a Neo4j of its own, else by killing the load.
// Then it runs the load again, and compares the graph with a clean load's.
func TestNeo4jOutageAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a corpus into Neo4j three times")
	}
	isolate(t)
	var conn neo4jtest.Conn
	var inst *neo4jtest.Instance
	if canLaunchNeo4j() {
		inst = neo4jtest.Start(t)
		conn = inst.Conn
	} else {
		conn = neo4jtest.Server(t)
	}
	bin := buildNewsgraph(t)
	const n = 600
	corpus := generate(t, n)

	// The clean load, on an empty database.
	neo4jtest.Wipe(t, conn)
	if r := runBinary(t, bin, neo4jArgs(conn, "load", "--batch", "20", corpus)...); r.code != 0 {
		t.Fatalf("clean load:\n%s", r)
	}
	want := neo4jDigest(t, conn)
	if want.Articles != n {
		t.Fatalf("the clean load stored %d articles of %d", want.Articles, n)
	}

	neo4jtest.Wipe(t, conn)
	p := startBinary(t, bin, neo4jArgs(conn, "load", "--batch", "20", corpus)...)
	st := openNeo4j(t, conn)
	p.waitFor(t, 5*time.Minute, "a third of the articles", func() bool {
		c, err := st.CountArticles(t.Context(), storeArticles)
		return err == nil && c >= n/3
	})
	st.Close()
	if inst != nil {
		inst.Kill(t)
		inst.Restart(t)
		select {
		case <-p.done:
		case <-time.After(5 * time.Minute):
			t.Fatalf("the load did not end after Neo4j restarted:\n%s", p.out.String())
		}
		t.Logf("the load during the outage ended with %v:\n%s", p.cmd.ProcessState, lastLines(p.out.String(), 3))
	} else {
		p.kill(t)
	}
	partial := neo4jDigest(t, conn)

	r := runBinary(t, bin, neo4jArgs(conn, "load", "--batch", "20", corpus)...)
	if r.code != 0 {
		t.Fatalf("rerun:\n%s", r)
	}
	if diff := cmp.Diff(want, neo4jDigest(t, conn)); diff != "" {
		t.Errorf("the graph after the outage and a rerun differs from a clean load's (-clean +rerun):\n%s", diff)
	}
	t.Logf("%d of %d articles stored after the outage; rerun: %s", partial.Articles, n, lastLines(r.stdout, 1))
}

// storeArticles counts every article.
var storeArticles = store.ArticleQuery{}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
