// Package outagetest checks that newsgraph survives Neo4j outages: the API
// server starts while Neo4j is down, reports it (503 at /readyz,
// UNAVAILABLE to queries, quickly), and recovers by itself when Neo4j
// comes back, without a restart, without leaking goroutines.
//
// The tests start a Neo4j of their own with scripts/neo4j-test (package
// neo4jtest), which they kill and restart on the same port; they need java
// and mvn (skipped without them, failed in CI).
package outagetest
