//go:build !unix

package neo4jtest

import "time"

// lockServer does nothing where flock(2) is missing: there, run the test
// packages that use Neo4j one at a time (go test -p 1).
func lockServer(string, time.Duration) (func(), error) { return func() {}, nil }
