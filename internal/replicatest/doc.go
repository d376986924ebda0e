// Package replicatest holds process-level tests of subscriptions across
// servers: several `newsgraph serve` processes on one Neo4j, with
// subscribers on each, concurrent ingests through all of them, a
// subscriber cut off and resumed from its last cursor, and a server killed
// with SIGKILL and started again; and the resume of a subscriber across a
// crash of a server on the embedded store. The tests build the command and
// run it; the Neo4j one needs a Neo4j (see package neo4jtest): in CI
// (CI=true) it fails without one, elsewhere it is skipped, loudly.
package replicatest
