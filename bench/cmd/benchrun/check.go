package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// checkAnswers asks every query of every server once and compares the
// normalised answers: newsgraph on Neo4j with newsgraph embedded, with the
// peer and with the floor (or, for queries with floorKey, the part of the
// answer the floor computes). Every disagreement is reported.
func checkAnswers(ctx context.Context, qs []query, servers []server, fl *floor) error {
	var errs []error
	for _, q := range qs {
		if err := checkOne(ctx, q, servers, fl); err != nil {
			errs = append(errs, fmt.Errorf("query %s: %w", q.key, err))
		}
	}
	return errors.Join(errs...)
}

func checkOne(ctx context.Context, q query, servers []server, fl *floor) error {
	ngNeo, ngEmb, peer := servers[0], servers[1], servers[2]
	dNeo, err := ngNeo.ask(ctx, q.newsgraph)
	if err != nil {
		return err
	}
	want, err := q.norm(dNeo)
	if err != nil {
		return err
	}
	dEmb, err := ngEmb.ask(ctx, q.newsgraph)
	if err != nil {
		return err
	}
	if got, err := q.norm(dEmb); err != nil || got != want {
		return disagree(ngEmb.name, ngNeo.name, got, want, err)
	}
	if q.peer != "" {
		d, err := peer.ask(ctx, q.peer)
		if err != nil {
			return err
		}
		if got, err := q.peerNorm(d); err != nil || got != want {
			return disagree(peer.name, ngNeo.name, got, want, err)
		}
	}
	key := want
	if q.floorKey != nil {
		if key, err = q.floorKey(dNeo); err != nil {
			return err
		}
	}
	rows, err := fl.run(ctx, q.floor, q.floorParams)
	if err != nil {
		return err
	}
	if len(rows) == 0 && q.floorKey == nil {
		return fmt.Errorf("floor: no rows")
	}
	if got, err := q.floorNorm(rows); err != nil || got != key {
		return disagree("floor", ngNeo.name, got, key, err)
	}
	return nil
}

func disagree(who, with, got, want string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", who, err)
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Errorf("%s disagrees with %s from byte %d:\n  %s: …%.300s\n  %s: …%.300s",
		who, with, i, who, got[min(from, len(got)):], with, want[min(from, len(want)):])
}

// profiled is what is known of the statements behind one request.
type profiled struct {
	floorHits           int64
	peerHits            int64 // summed over its statements; -1 if unknown
	peerStatements      int
	newsgraphStatements int   // per request, from db.stats; -1 if unknown
	newsgraphExecMicros int64 // summed execution time of those, server side
	peerExecMicros      int64
}

// profileAll measures, once per query: PROFILE db hits of the floor's
// statement and of the statements the peer runs (recorded by the peer in
// peerFile), and how many statements newsgraph and the peer run per
// request, with their summed execution time, from Neo4j's query collector.
func profileAll(ctx context.Context, qs []query, servers []server, fl *floor, peerFile string) (map[string]profiled, error) {
	out := make(map[string]profiled)
	for _, q := range qs {
		var p profiled
		var err error
		if p.floorHits, err = fl.profile(ctx, q.floor, q.floorParams); err != nil {
			return nil, fmt.Errorf("query %s, floor: %w", q.key, err)
		}
		n, us, err := collected(ctx, fl, func() error { _, err := servers[0].ask(ctx, q.newsgraph); return err })
		if err != nil {
			return nil, fmt.Errorf("query %s, newsgraph: %w", q.key, err)
		}
		p.newsgraphStatements, p.newsgraphExecMicros = n, us
		p.peerHits = -1
		if q.peer != "" {
			if p.peerStatements, p.peerExecMicros, err = collected(ctx, fl, func() error {
				_, err := servers[2].ask(ctx, q.peer)
				return err
			}); err != nil {
				return nil, fmt.Errorf("query %s, peer: %w", q.key, err)
			}
			if peerFile != "" {
				if p.peerHits, err = profilePeer(ctx, q, servers[2], fl, peerFile); err != nil {
					return nil, fmt.Errorf("query %s, peer: %w", q.key, err)
				}
			}
		}
		logf("query %s: floor %d db hits; newsgraph %d statements (%d µs); peer %d statements (%d µs), %d db hits",
			q.key, p.floorHits, p.newsgraphStatements, p.newsgraphExecMicros, p.peerStatements, p.peerExecMicros, p.peerHits)
		out[q.key] = p
	}
	return out, nil
}

// collected runs ask under Neo4j's query collector (db.stats, QUERIES) and
// returns how many statements ran and their summed execution time.
// The request is asked once before, so that its statements are planned and
// cached as they are while timed.
func collected(ctx context.Context, fl *floor, ask func() error) (int, int64, error) {
	if err := ask(); err != nil {
		return 0, 0, err
	}
	// A collection left running by an earlier run is stopped first.
	_, _ = fl.run(ctx, `CALL db.stats.stop('QUERIES')`, nil)
	if _, err := fl.run(ctx, `CALL db.stats.clear('QUERIES')`, nil); err != nil {
		return 0, 0, err
	}
	if _, err := fl.run(ctx, `CALL db.stats.collect('QUERIES')`, nil); err != nil {
		return 0, 0, err
	}
	askErr := ask()
	if _, err := fl.run(ctx, `CALL db.stats.stop('QUERIES')`, nil); err != nil {
		return 0, 0, err
	}
	if askErr != nil {
		return 0, 0, askErr
	}
	rows, err := fl.run(ctx, `CALL db.stats.retrieve('QUERIES') YIELD data
		WITH data WHERE NOT data.query CONTAINS 'db.stats'
		UNWIND data.invocations AS i
		RETURN count(i) AS n, sum(i.elapsedExecutionTimeInUs) AS us`, nil)
	if err != nil {
		return 0, 0, err
	}
	n, _ := rows[0]["n"].(int64)
	us, _ := rows[0]["us"].(int64)
	return int(n), us, nil
}

// profilePeer asks the peer once with its statement log on, then PROFILEs
// each statement it ran with its parameters and sums the db hits.
func profilePeer(ctx context.Context, q query, peer server, fl *floor, file string) (int64, error) {
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		return 0, err
	}
	_, askErr := peer.ask(ctx, q.peer)
	raw, err := os.ReadFile(file)
	os.Remove(file)
	if askErr != nil {
		return 0, askErr
	}
	if err != nil {
		return 0, err
	}
	var hits int64
	n := 0
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var st struct {
			Query  string         `json:"query"`
			Params map[string]any `json:"params"`
		}
		if err := json.Unmarshal(sc.Bytes(), &st); err != nil {
			return 0, fmt.Errorf("statement log: %w", err)
		}
		cypher := st.Query
		// The library prefixes its statements with the Cypher version.
		if first, rest, ok := strings.Cut(cypher, "\n"); ok && strings.HasPrefix(first, "CYPHER ") {
			cypher = rest
		}
		h, err := fl.profile(ctx, cypher, normNumbers(st.Params).(map[string]any))
		if err != nil {
			return 0, fmt.Errorf("PROFILE of its statement: %w", err)
		}
		hits += h
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("the peer recorded no statement (is PEER_STATEMENTS set to %s?)", file)
	}
	return hits, nil
}
