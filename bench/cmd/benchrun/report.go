package main

import (
	"fmt"
	"slices"
	"strings"
)

// report is the markdown of the results: a table of timings (medians over
// the rounds) with the ratios, and a table of what runs in Neo4j per
// request.
func report(cfg config, qs []query, res results, prof map[string]profiled) string {
	var b strings.Builder
	if cfg.title != "" {
		fmt.Fprintf(&b, "%s\n\n", cfg.title)
	}
	fmt.Fprintf(&b, "Medians of %d interleaved round(s), %s per point; each cell req/s · p50 · p99 (ms; — where fewer than 100 requests made no p99).\n\n", cfg.rounds, cfg.duration)
	b.WriteString("| query | c | newsgraph on Neo4j | newsgraph embedded | @neo4j/graphql (peer) | Cypher floor (Go driver) | newsgraph/peer req/s | newsgraph/floor req/s |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, q := range qs {
		for _, c := range cfg.concurrency {
			ng, okNg := median(res[q.key][nameNgNeo4j][c])
			emb, okEmb := median(res[q.key][nameNgEmbedded][c])
			peer, okPeer := median(res[q.key][namePeer][c])
			fl, okFl := median(res[q.key][nameFloor][c])
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", q.key, c,
				cell(ng, okNg), cell(emb, okEmb), cell(peer, okPeer), cell(fl, okFl),
				ratio(ng, peer, okNg && okPeer), ratio(ng, fl, okNg && okFl))
		}
	}
	b.WriteString("\nWhat runs in Neo4j for one request (measured once per query, before the timings): statements (from Neo4j's query collector), their PROFILE db hits summed (then again after `db.clearQueryCaches()`, with the number of plans that changed), their summed execution time (µs, server side).\n\n")
	b.WriteString("| query | floor: db hits | peer: statements, db hits (replanned, changed), µs | newsgraph on Neo4j: statements, db hits (replanned, changed), µs | newsgraph db hits / floor's |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	var scans []string
	for _, q := range qs {
		p := prof[q.key]
		peer := "—"
		if q.peer != "" {
			peer = fmt.Sprintf("%d, %s, %d", p.peerStatements, p.peer.hitsCell(), p.peerExecMicros)
		}
		perFloor := "—"
		if p.newsgraph != nil && p.floorHits > 0 {
			perFloor = num(float64(p.newsgraph.hits)/float64(p.floorHits)) + "×"
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %d, %s, %d | %s |\n", q.key, p.floorHits, peer,
			p.newsgraphStatements, p.newsgraph.hitsCell(), p.newsgraphExecMicros, perFloor)
		if p.newsgraph != nil {
			for _, s := range p.newsgraph.scans {
				scans = append(scans, fmt.Sprintf("- %s: %s\n", q.key, s))
			}
		}
	}
	if len(scans) > 0 {
		b.WriteString("\nScans in newsgraph's plans (whole label, relationship type or index; an index read in order up to a LIMIT shows few rows):\n\n")
		b.WriteString(strings.Join(scans, ""))
	}
	b.WriteString("\nQueries:\n\n")
	for _, q := range qs {
		fmt.Fprintf(&b, "- %s: %s\n", q.key, q.desc)
	}
	return b.String()
}

// median is the sample of the medians of each measure over the rounds.
func median(xs []sample) (sample, bool) {
	if len(xs) == 0 {
		return sample{}, false
	}
	med := func(f func(sample) float64) float64 {
		v := make([]float64, len(xs))
		for i, x := range xs {
			v[i] = f(x)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return sample{
		rps: med(func(x sample) float64 { return x.rps }),
		p50: med(func(x sample) float64 { return x.p50 }),
		p99: med(func(x sample) float64 { return x.p99 }),
	}, true
}

func cell(x sample, ok bool) string {
	if !ok {
		return "—"
	}
	// hey prints no 99th percentile for fewer than 100 requests.
	p99 := "—"
	if x.p99 > 0 {
		p99 = num(x.p99)
	}
	return fmt.Sprintf("%s · %s · %s", num(x.rps), num(x.p50), p99)
}

func ratio(a, b sample, ok bool) string {
	if !ok || b.rps == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a.rps/b.rps)
}

// num prints a figure with about three significant digits.
func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}
