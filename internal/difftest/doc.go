// Package difftest checks that newsgraph's two stores, the embedded one
// (store/embedded) and Neo4j (store/neo4jstore), are the same graph to a
// client: it loads one corpus into each, asks both the same GraphQL queries
// through the real HTTP handler (server.New), and requires byte-identical
// answers. A difference is printed line by line (go-cmp's diff of the two
// answers); it is a bug in one of the engines.
//
// The tests need a Neo4j: see package neo4jtest for where they find one.
package difftest
