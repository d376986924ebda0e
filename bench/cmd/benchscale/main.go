// Command benchscale is the driver of newsgraph's archive-scale benchmark
// (scripts/bench-scale generates the corpora, starts Neo4j and calls it;
// see bench/README.md).
//
// One call measures one store on one corpus:
//
//  1. loads the corpus with `newsgraph load` (into the embedded store under
//     -data-dir, or into the Neo4j of NEO4J_URI) and records its time and
//     rate, and the loading process's peak RSS;
//  2. starts `newsgraph serve` on what was loaded and records the time from
//     its start to /readyz answering 200 (for the embedded store, the
//     replay of its log: a restart);
//  3. picks the queries' arguments from the graph (the actor with the most
//     relations...), asks every query once to warm up (an error fails the
//     run), then asks each query -rounds times, one at a time, in
//     interleaved rounds, and records p50 and p99;
//  4. records the server's peak RSS (VmHWM) and, after the queries and a
//     pause, its steady RSS (VmRSS); with -neo4j-pid, Neo4j's too; and the
//     size of -disk on disk;
//
// and appends the figures as one JSON line to -out. With -report, it reads
// such lines instead and prints markdown tables, each size next to the
// smallest.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	var cfg config
	report := flag.String("report", "", "print the markdown tables of this `file` of results and exit")
	flag.StringVar(&cfg.newsgraph, "newsgraph", "newsgraph", "`path` of the newsgraph binary")
	flag.StringVar(&cfg.corpus, "corpus", "", "`directory` of the generated corpus to load")
	flag.StringVar(&cfg.store, "store", "embedded", "store to measure: embedded or neo4j (NEO4J_URI...)")
	flag.StringVar(&cfg.dataDir, "data-dir", "", "`directory` of the embedded store (created; must not exist)")
	flag.StringVar(&cfg.disk, "disk", "", "`directory` whose size is the data's size on disk (default -data-dir)")
	flag.IntVar(&cfg.neo4jPID, "neo4j-pid", 0, "`pid` of the Neo4j server, whose RSS is recorded too")
	flag.IntVar(&cfg.rounds, "rounds", 30, "how many times each query is asked")
	flag.StringVar(&cfg.out, "out", "", "`file` the result is appended to, as a JSON line")
	flag.BoolVar(&cfg.loaded, "loaded", false, "the store holds the corpus already (an earlier run's): skip the load and measure the rest")
	flag.Parse()
	if *report != "" {
		if err := printReport(*report, os.Stdout); err != nil {
			fatalf("%v", err)
		}
		return
	}
	if cfg.corpus == "" || cfg.out == "" || (cfg.store != "embedded" && cfg.store != "neo4j") ||
		(cfg.store == "embedded" && cfg.dataDir == "") {
		fatalf("-corpus, -out, -store embedded|neo4j (and -data-dir for embedded) are needed")
	}
	if cfg.disk == "" {
		cfg.disk = cfg.dataDir
	}
	if err := measure(cfg); err != nil {
		fatalf("%v", err)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchscale: "+format+"\n", args...)
}

func fatalf(format string, args ...any) {
	logf("error: "+format, args...)
	os.Exit(1)
}
