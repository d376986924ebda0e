// The benchmark's peer: the Neo4j GraphQL Library (@neo4j/graphql) on Apollo
// Server, over the graph newsgraph writes into Neo4j (see the graph model in
// store/neo4jstore/doc.go). Entities are the labels Actor, Meeting, Place and
// Agreement (each also Entity); relations are relationships of the ontology's
// types, one per article and piece of evidence, sharing relId.
//
// What the library reads natively: entity lists with filters, sorting and
// connections, and the relationship fields used by the filters (REJECTED,
// DEMANDED). A relation grouped over its evidence is not a graph element the
// library knows, so Entity.relations and Entity.relationCount are @cypher
// fields: that is how a user of the library serves such a view, and the
// library still compiles the whole request into one Cypher statement.
// They read the evidence relationships, of the ontology's types, not the
// head relationship newsgraph keeps per relation (type RELATION).
//
// Environment: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE,
// PEER_PORT (loopback port to listen on), PEER_STATEMENTS (a file to append
// each Cypher statement the library runs to, as a JSON line {query, params},
// while the file exists: the benchmark creates it to PROFILE them, then
// removes it). Prints "peer ready <url>" once it listens.
import { appendFileSync, existsSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// The ontology's relation types: the relationships of evidence (a test of
// the benchmark checks the list against the ontology's).
const relationTypes = "LED|MEMBER_OF|DEMANDED|PROPOSED|REJECTED|AGREED_TO|SUPPORTED|EXCHANGED|ATTENDED|HOSTED|MEDIATED|HELD_IN|PRODUCED|ACCUSED|THREATENED|SANCTIONED|ATTACKED|AIDED|COOPERATED_WITH";

// The relations of `this`, grouped by relId (both directions), by id.
const relationsOf = `
MATCH (this)-[r:${relationTypes}]-(:Entity)
WITH r.relId AS id, type(r) AS type, startNode(r) AS s, endNode(r) AS e, collect(DISTINCT r.article) AS arts
ORDER BY id
LIMIT $first
CALL (arts) {
  UNWIND arts AS art
  MATCH (a:Article {id: art})
  RETURN collect({id: a.id, title: a.title}) AS evidence
}
RETURN {id: id, type: type, source: {id: s.id, name: s.name}, target: {id: e.id, name: e.name}, evidence: evidence} AS rel
`;

const relationCount = `
MATCH (this)-[r:${relationTypes}]-(:Entity)
RETURN count(DISTINCT r.relId) AS n
`;

function entityType(label) {
  return `
type ${label} implements Entity @node(labels: ["${label}", "Entity"]) {
  id: ID!
  name: String!
  relations(first: Int = 20): [Relation!]! @cypher(statement: """${relationsOf}""", columnName: "rel")
  relationCount: Int! @cypher(statement: """${relationCount}""", columnName: "n")
${label === "Actor" ? `  rejected: [Entity!]! @relationship(type: "REJECTED", direction: OUT)
  demanded: [Entity!]! @relationship(type: "DEMANDED", direction: OUT)
` : ""}}`;
}

export const typeDefs = `
interface Entity {
  id: ID!
  name: String!
}
type EntityRef {
  id: ID!
  name: String!
}
type ArticleRef {
  id: ID!
  title: String!
}
type Relation {
  id: ID!
  type: String!
  source: EntityRef!
  target: EntityRef!
  evidence: [ArticleRef!]!
}
type Article @node {
  id: ID!
  title: String!
}
${["Actor", "Meeting", "Place", "Agreement"].map(entityType).join("\n")}
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USERNAME || "neo4j", process.env.NEO4J_PASSWORD || ""),
);
const database = process.env.NEO4J_DATABASE || undefined;

// recording wraps the driver so that the statements its transactions run
// are appended to PEER_STATEMENTS while that file exists.
function recording(driver, file) {
  if (!file) return driver;
  const int = (_k, v) => (neo4j.isInt(v) ? v.toNumber() : v);
  const wrapTx = (tx) =>
    new Proxy(tx, {
      get(t, prop) {
        if (prop !== "run") return Reflect.get(t, prop);
        return (query, params) => {
          if (existsSync(file)) appendFileSync(file, JSON.stringify({ query, params }, int) + "\n");
          return t.run(query, params);
        };
      },
    });
  const wrapSession = (session) =>
    new Proxy(session, {
      get(s, prop) {
        const v = Reflect.get(s, prop);
        if (prop !== "executeRead" && prop !== "executeWrite") return typeof v === "function" ? v.bind(s) : v;
        return (work, config) => v.call(s, (tx) => work(wrapTx(tx)), config);
      },
    });
  return new Proxy(driver, {
    get(d, prop) {
      const v = Reflect.get(d, prop);
      if (prop !== "session") return typeof v === "function" ? v.bind(d) : v;
      return (config) => wrapSession(v.call(d, config));
    },
  });
}

const schema = await new Neo4jGraphQL({ typeDefs, driver: recording(driver, process.env.PEER_STATEMENTS) }).getSchema();
const server = new ApolloServer({ schema, introspection: true });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PEER_PORT ?? 4000) },
  context: async () => ({ sessionConfig: database ? { database } : {} }),
});
console.log(`peer ready ${url}`);

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
