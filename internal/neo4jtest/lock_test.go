//go:build unix

package neo4jtest

import (
	"strings"
	"testing"
	"time"
)

func TestLockServerExcludes(t *testing.T) {
	uri := "bolt://127.0.0.1:1/" + t.Name()
	release, err := lockServer(uri, time.Second)
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	// flock locks belong to open files: a second open of the same file,
	// even in this process, has to wait.
	if _, err := lockServer(uri, 300*time.Millisecond); err == nil || !strings.Contains(err.Error(), "still in use") {
		t.Errorf("second lock while the first is held: %v, want a timeout", err)
	}
	release()
	release2, err := lockServer(uri, time.Second)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	release2()
}

func TestLockPath(t *testing.T) {
	p := lockPath("bolt://user@127.0.0.1:7687")
	if !strings.HasSuffix(p, "newsgraph-neo4jtest-bolt_user_127.0.0.1_7687.lock") {
		t.Errorf("lockPath = %q", p)
	}
}
