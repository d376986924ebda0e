//go:build unix

package neo4jtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"time"
)

// lockServer takes an exclusive flock(2) on a file in os.TempDir() named
// after the server's URI, waiting up to wait for the test binary holding
// it. It returns the function that releases the lock; the kernel releases
// it anyway when the process exits.
func lockServer(uri string, wait time.Duration) (func(), error) {
	path := lockPath(uri)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("neo4jtest: opening the lock file of %s: %w", uri, err)
	}
	deadline := time.Now().Add(wait)
	said := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("neo4jtest: locking %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("neo4jtest: the Neo4j at %s was still in use by another test binary after %s (lock %s)", uri, wait, path)
		}
		if !said {
			fmt.Fprintf(os.Stderr, "neo4jtest: waiting for another test binary to finish with the Neo4j at %s\n", uri)
			said = true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return func() { f.Close() }, nil
}

// unsafeChars are the characters of a URI kept out of a file name.
var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// lockPath is the lock file of the server at uri.
func lockPath(uri string) string {
	return filepath.Join(os.TempDir(), "newsgraph-neo4jtest-"+unsafeChars.ReplaceAllString(uri, "_")+".lock")
}
