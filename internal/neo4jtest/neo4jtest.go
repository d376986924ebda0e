// Package neo4jtest gives tests a real Neo4j 5 to run against. Only tests
// import it.
//
// Server returns the shared test server, found in this order:
//
//   - the server NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD and
//     NEO4J_DATABASE) points at, if set. Tests wipe its database!
//   - otherwise, when CI=true, the test fails: CI must give the tests a
//     Neo4j (scripts/test starts one);
//   - otherwise, when java and mvn are on PATH, a throwaway server started
//     with scripts/neo4j-test start, private to the test binary and stopped
//     by Main when the binary ends;
//   - otherwise the test is skipped, loudly.
//
// Neo4j Community has a single database, and go test runs the test binaries
// of several packages at once. So that two packages never wipe or fill the
// database under each other, Server takes an exclusive lock on the server
// (flock(2) on a file in os.TempDir() named after its address) and holds it
// until the test binary exits: the packages that use one server take turns.
//
// Start gives a test a Neo4j of its own instead, that it may kill and
// restart (outage tests); it needs java and mvn, whatever NEO4J_URI says.
package neo4jtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Conn says how to reach a Neo4j server.
type Conn struct {
	URI      string
	Username string
	Password string
	Database string
}

// Routed is c with the routing scheme of its URI (neo4j:// for bolt://,
// neo4j+s:// for bolt+s://...): the driver then asks the server for a
// routing table, which a single server answers with itself.
func (c Conn) Routed() Conn {
	if rest, ok := strings.CutPrefix(c.URI, "bolt"); ok {
		c.URI = "neo4j" + rest
	}
	return c
}

// shared is the server Server returns, found on first need.
var shared struct {
	once sync.Once
	conn Conn
	stop func() // stops a server this binary started
	skip string // why tests are skipped
	fail string // why tests fail
	lock func() // releases the lock (process exit releases it too)
}

// howToRun is printed when the Neo4j tests are skipped.
const howToRun = `
======================================================================
Neo4j integration tests are SKIPPED (no Neo4j to test against).
Run them against a server whose database they may WIPE:
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... go test ./...
or install java (17+) and mvn: the tests then start a throwaway
server with scripts/neo4j-test.
======================================================================`

// lockWait is how long Server waits for another test binary to finish with
// the same server.
const lockWait = 30 * time.Minute

// Main runs the tests of a package that uses Server and then stops the
// server the package started, if any. Call it from TestMain:
//
//	func TestMain(m *testing.M) { neo4jtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	if shared.lock != nil {
		shared.lock()
	}
	os.Exit(code)
}

// Server returns the shared test server, starting one if need be (see the
// package documentation), or skips or fails t. The first call takes the
// server's lock for the rest of the test binary's life.
func Server(t testing.TB) Conn {
	t.Helper()
	shared.once.Do(findServer)
	switch {
	case shared.fail != "":
		t.Fatal(shared.fail)
	case shared.skip != "":
		t.Skip(shared.skip)
	}
	return shared.conn
}

// InCI reports whether the tests run in continuous integration (CI=true),
// where Neo4j tests may not be skipped.
func InCI() bool {
	ci := os.Getenv("CI")
	return ci == "true" || ci == "1"
}

// canLaunch reports whether java and mvn, which scripts/neo4j-test needs,
// are on PATH.
func canLaunch() bool {
	_, errJava := exec.LookPath("java")
	_, errMvn := exec.LookPath("mvn")
	return errJava == nil && errMvn == nil
}

func findServer() {
	switch {
	case os.Getenv("NEO4J_URI") != "":
		shared.conn = Conn{
			URI:      os.Getenv("NEO4J_URI"),
			Username: os.Getenv("NEO4J_USERNAME"),
			Password: os.Getenv("NEO4J_PASSWORD"),
			Database: os.Getenv("NEO4J_DATABASE"),
		}
		if shared.conn.Username == "" {
			shared.conn.Username = "neo4j"
		}
	case InCI():
		shared.fail = "NEO4J_URI is not set: in CI (CI=true) the Neo4j tests must run; start Neo4j with scripts/neo4j-test start and export its NEO4J_* lines (scripts/test does)"
		return
	case !canLaunch():
		fmt.Fprintln(os.Stderr, howToRun)
		shared.skip = "no Neo4j: set NEO4J_URI, or put java and mvn on PATH"
		return
	default:
		inst, err := launch()
		if err != nil {
			shared.fail = err.Error()
			return
		}
		shared.conn = inst.Conn
		shared.stop = inst.stop
	}
	unlock, err := lockServer(shared.conn.URI, lockWait)
	if err != nil {
		shared.fail = err.Error()
		return
	}
	shared.lock = unlock
}

// Wipe deletes every node and relationship of the server's database, in
// batches. Indexes and constraints stay.
func Wipe(t testing.TB, c Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	driver, err := c.Driver()
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	sess := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: c.Database})
	defer sess.Close(ctx)
	for {
		n, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (int64, error) {
			res, err := tx.Run(ctx, `MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)`, nil)
			if err != nil {
				return 0, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return 0, err
			}
			return rec.Values[0].(int64), nil
		})
		if err != nil {
			t.Fatalf("wiping the test database at %s: %v", c.URI, err)
		}
		if n == 0 {
			return
		}
	}
}

// Driver opens a driver on the server (for tests that speak Cypher).
func (c Conn) Driver() (neo4j.DriverWithContext, error) {
	auth := neo4j.NoAuth()
	if c.Password != "" {
		auth = neo4j.BasicAuth(c.Username, c.Password, "")
	}
	d, err := neo4j.NewDriverWithContext(c.URI, auth)
	if err != nil {
		return nil, fmt.Errorf("neo4jtest: driver for %s: %w", c.URI, err)
	}
	return d, nil
}

// Instance is a Neo4j server of a test's own, started with
// scripts/neo4j-test in a state directory of its own.
type Instance struct {
	Conn
	// Port is the server's Bolt port; Restart starts it on the same one.
	Port   string
	script string
	state  string
}

// Start starts a Neo4j server for t alone, stopped when t ends. It needs
// java and mvn: without them t is skipped, or fails in CI.
func Start(t testing.TB) *Instance {
	t.Helper()
	if !canLaunch() {
		if InCI() {
			t.Fatal("this test starts a Neo4j of its own with scripts/neo4j-test, which needs java (17+) and mvn on PATH (CI=true: they must be installed)")
		}
		fmt.Fprintln(os.Stderr, howToRun)
		t.Skip("this test starts a Neo4j of its own: put java and mvn on PATH")
	}
	inst, err := launch()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(inst.stop)
	return inst
}

// Kill kills the server with SIGKILL (scripts/neo4j-test kill): its port
// refuses connections until Restart.
func (i *Instance) Kill(t testing.TB) {
	t.Helper()
	if out, err := i.command("kill").CombinedOutput(); err != nil {
		t.Fatalf("%s kill: %v\n%s", i.script, err, out)
	}
}

// Restart starts a killed server again on the same port, with its data.
func (i *Instance) Restart(t testing.TB) {
	t.Helper()
	if _, err := start(i.command("start", "--port", i.Port)); err != nil {
		t.Fatal(err)
	}
}

// stop stops the server and removes its state directory.
func (i *Instance) stop() {
	if out, err := i.command("stop").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "%s stop: %v\n%s", i.script, err, out)
	}
	os.RemoveAll(i.state)
}

func (i *Instance) command(args ...string) *exec.Cmd {
	cmd := exec.Command(i.script, args...)
	cmd.Env = append(os.Environ(), "NEO4J_TEST_STATE="+i.state)
	return cmd
}

// launch starts a server with scripts/neo4j-test, on a free port, in a new
// state directory.
func launch() (*Instance, error) {
	script, err := launcherScript()
	if err != nil {
		return nil, err
	}
	state, err := os.MkdirTemp("", "newsgraph-neo4jtest-")
	if err != nil {
		return nil, err
	}
	inst := &Instance{script: script, state: state}
	fmt.Fprintf(os.Stderr, "neo4jtest: starting a Neo4j with %s start\n", script)
	conn, err := start(inst.command("start"))
	if err != nil {
		inst.stop()
		return nil, err
	}
	inst.Conn = conn
	inst.Port = conn.URI[strings.LastIndex(conn.URI, ":")+1:]
	return inst, nil
}

// launcherScript finds scripts/neo4j-test at the root of the module.
func launcherScript() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("neo4jtest: finding the module root: go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("neo4jtest: finding the module root: not inside a Go module")
	}
	script := filepath.Join(filepath.Dir(gomod), "scripts", "neo4j-test")
	if _, err := os.Stat(script); err != nil {
		return "", fmt.Errorf("neo4jtest: the Neo4j test launcher is missing: %v", err)
	}
	return script, nil
}

// start runs the launcher's start command and reads the NEO4J_* lines it
// prints.
func start(cmd *exec.Cmd) (Conn, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Conn{}, fmt.Errorf("neo4jtest: %s: %v\n%s", cmd, err, stderr.String())
	}
	env := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "="); ok && strings.HasPrefix(k, "NEO4J_") {
			env[k] = v
		}
	}
	c := Conn{URI: env["NEO4J_URI"], Username: env["NEO4J_USERNAME"], Password: env["NEO4J_PASSWORD"], Database: env["NEO4J_DATABASE"]}
	if c.URI == "" || !strings.Contains(c.URI, ":") {
		return Conn{}, fmt.Errorf("neo4jtest: %s printed no NEO4J_URI line:\n%s\n%s", cmd, out, stderr.String())
	}
	return c, nil
}
