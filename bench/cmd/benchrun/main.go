// Command benchrun is the driver of newsgraph's benchmark (scripts/bench
// starts everything it needs and calls it; see bench/README.md).
//
// Against one Neo4j holding a generated corpus, it compares up to four
// servers of the same queries: newsgraph on Neo4j, newsgraph on its
// embedded store (both over HTTP), the Neo4j GraphQL Library (the peer,
// over HTTP) and hand-written Cypher through the Go driver (the floor). It
//
//  1. picks the query arguments from the graph (the entity of query d, the
//     pair of the dyad...), so that the queries are the same on every
//     server;
//  2. runs each query once on every server and checks that the answers
//     agree, normalised to the ids, names and counts each query asks for;
//     a disagreement is an error (exit status 1), and so is a server that
//     fails;
//  3. measures, once per query, PROFILE db hits of the floor's statement
//     and of the statements newsgraph and the peer run for one request
//     (from their statement logs), before and after clearing Neo4j's
//     query caches, with the plans' scans of whole labels, relationship
//     types or indexes; and the statements they run per request with
//     their execution time (Neo4j's query collector, db.stats);
//  4. times each query at each concurrency, in interleaved rounds (round 1
//     of every server and query, then round 2...): HTTP servers with hey,
//     the floor with a closed loop of the same concurrency in this process;
//  5. writes a markdown table of medians over the rounds.
//
// "benchrun overload" is the overload test of newsgraph's admission
// control instead (see overload.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type config struct {
	neo4jURI, neo4jUser, neo4jPassword, neo4jDatabase string

	newsgraphNeo4j, newsgraphEmbedded, peer string
	peerStatements, newsgraphStatements     string

	hey         string
	duration    time.Duration
	rounds      int
	concurrency []int
	out         string
	title       string
	checkOnly   bool
	only        []string // the keys of the queries to run; all when empty
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "overload" {
		overloadMain(os.Args[2:])
		return
	}
	var cfg config
	var conc, only string
	flag.StringVar(&cfg.neo4jURI, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j `URI` of the floor (env NEO4J_URI)")
	flag.StringVar(&cfg.neo4jUser, "neo4j-user", envOr("NEO4J_USERNAME", "neo4j"), "Neo4j user (env NEO4J_USERNAME)")
	flag.StringVar(&cfg.neo4jPassword, "neo4j-password", os.Getenv("NEO4J_PASSWORD"), "Neo4j password (env NEO4J_PASSWORD)")
	flag.StringVar(&cfg.neo4jDatabase, "neo4j-database", os.Getenv("NEO4J_DATABASE"), "Neo4j database (env NEO4J_DATABASE)")
	flag.StringVar(&cfg.newsgraphNeo4j, "newsgraph-neo4j", "", "GraphQL `URL` of newsgraph serving Neo4j")
	flag.StringVar(&cfg.newsgraphEmbedded, "newsgraph-embedded", "", "GraphQL `URL` of newsgraph serving the embedded store")
	flag.StringVar(&cfg.peer, "peer", "", "GraphQL `URL` of the peer")
	flag.StringVar(&cfg.peerStatements, "peer-statements", "", "`file` the peer appends the Cypher statements it runs to (JSON lines)")
	flag.StringVar(&cfg.newsgraphStatements, "newsgraph-statements", "", "`file` newsgraph on Neo4j appends the Cypher statements it runs to (JSON lines; its NEWSGRAPH_NEO4J_STATEMENTS)")
	flag.StringVar(&cfg.hey, "hey", "hey", "`path` of the hey load generator")
	flag.DurationVar(&cfg.duration, "duration", 15*time.Second, "how long each point is timed")
	flag.IntVar(&cfg.rounds, "rounds", 3, "interleaved rounds")
	flag.StringVar(&conc, "concurrency", "1,16", "comma-separated concurrencies")
	flag.StringVar(&cfg.out, "out", "", "write the markdown table to this `file` too (it always goes to standard output)")
	flag.StringVar(&cfg.title, "title", "", "a line put above the table (corpus, date, command)")
	flag.BoolVar(&cfg.checkOnly, "check-only", false, "check the answers and profile, time nothing")
	flag.StringVar(&only, "queries", "", "comma-separated `keys` of the queries to run (a,b,...); all when empty")
	flag.Parse()
	if only != "" {
		cfg.only = strings.Split(only, ",")
	}
	for _, s := range strings.Split(conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fatalf("-concurrency: %q is not a positive number", s)
		}
		cfg.concurrency = append(cfg.concurrency, n)
	}
	if cfg.neo4jURI == "" || cfg.newsgraphNeo4j == "" || cfg.newsgraphEmbedded == "" || cfg.peer == "" {
		fatalf("-neo4j-uri, -newsgraph-neo4j, -newsgraph-embedded and -peer are all needed")
	}
	if err := run(context.Background(), cfg); err != nil {
		fatalf("%v", err)
	}
}

func run(ctx context.Context, cfg config) error {
	driver, err := neo4j.NewDriverWithContext(cfg.neo4jURI, neo4j.BasicAuth(cfg.neo4jUser, cfg.neo4jPassword, ""))
	if err != nil {
		return fmt.Errorf("neo4j driver: %w", err)
	}
	defer driver.Close(ctx)
	fl := &floor{driver: driver, database: cfg.neo4jDatabase}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("neo4j at %s: %w", cfg.neo4jURI, err)
	}

	args, err := pickArgs(ctx, fl)
	if err != nil {
		return fmt.Errorf("picking the query arguments: %w", err)
	}
	logf("arguments: %+v", args)
	qs := queries(args)
	if len(cfg.only) > 0 {
		qs = slices.DeleteFunc(qs, func(q query) bool { return !slices.Contains(cfg.only, q.key) })
		if len(qs) == 0 {
			return fmt.Errorf("-queries: no query has the keys %v", cfg.only)
		}
	}
	servers := []server{
		{name: "newsgraph-neo4j", url: cfg.newsgraphNeo4j},
		{name: "newsgraph-embedded", url: cfg.newsgraphEmbedded},
		{name: "peer", url: cfg.peer},
	}

	if err := checkAnswers(ctx, qs, servers, fl); err != nil {
		return err
	}
	logf("answers agree on every query")

	prof, err := profileAll(ctx, qs, servers, fl, cfg.newsgraphStatements, cfg.peerStatements)
	if err != nil {
		return fmt.Errorf("profiling: %w", err)
	}
	if cfg.checkOnly {
		return nil
	}

	res, err := timeAll(ctx, cfg, qs, servers, fl)
	if err != nil {
		return err
	}
	table := report(cfg, qs, res, prof)
	fmt.Print(table)
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(table), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchrun: "+format+"\n", args...)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchrun: "+format+"\n", args...)
	os.Exit(1)
}
