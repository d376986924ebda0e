package main

import (
	"context"
	"errors"
	"fmt"
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
	peer                *plans // of the statements the peer logged; nil if unknown
	peerStatements      int    // per request, from db.stats
	peerExecMicros      int64  // summed execution time of those, server side
	newsgraph           *plans // of the statements newsgraph logged; nil if unknown
	newsgraphStatements int    // per request, from db.stats
	newsgraphExecMicros int64
}

// profileAll measures, once per query: PROFILE db hits of the floor's
// statement and of the statements newsgraph and the peer run for one
// request (logged by them in ngFile and peerFile, see profileStatements),
// and how many statements they run per request, with their summed
// execution time, from Neo4j's query collector.
func profileAll(ctx context.Context, qs []query, servers []server, fl *floor, ngFile, peerFile string) (map[string]profiled, error) {
	out := make(map[string]profiled)
	for _, q := range qs {
		var p profiled
		var err error
		if p.floorHits, err = fl.profile(ctx, q.floor, q.floorParams); err != nil {
			return nil, fmt.Errorf("query %s, floor: %w", q.key, err)
		}
		askNg := func() error { _, err := servers[0].ask(ctx, q.newsgraph); return err }
		if p.newsgraphStatements, p.newsgraphExecMicros, err = collected(ctx, fl, askNg); err != nil {
			return nil, fmt.Errorf("query %s, newsgraph: %w", q.key, err)
		}
		if ngFile != "" {
			if p.newsgraph, err = profileLogged(ctx, fl, ngFile, askNg); err != nil {
				return nil, fmt.Errorf("query %s, newsgraph: %w", q.key, err)
			}
		}
		if q.peer != "" {
			askPeer := func() error { _, err := servers[2].ask(ctx, q.peer); return err }
			if p.peerStatements, p.peerExecMicros, err = collected(ctx, fl, askPeer); err != nil {
				return nil, fmt.Errorf("query %s, peer: %w", q.key, err)
			}
			if peerFile != "" {
				if p.peer, err = profileLogged(ctx, fl, peerFile, askPeer); err != nil {
					return nil, fmt.Errorf("query %s, peer: %w", q.key, err)
				}
			}
		}
		logf("query %s: floor %d db hits; newsgraph %d statements (%d µs) %s; peer %d statements (%d µs) %s",
			q.key, p.floorHits, p.newsgraphStatements, p.newsgraphExecMicros, p.newsgraph,
			p.peerStatements, p.peerExecMicros, p.peer)
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

// profileLogged asks a server once with its statement log (file) on, then
// PROFILEs each statement it ran with its parameters.
func profileLogged(ctx context.Context, fl *floor, file string, ask func() error) (*plans, error) {
	sts, err := recordStatements(file, ask)
	if err != nil {
		return nil, err
	}
	p, err := profileStatements(ctx, fl, sts)
	if err != nil {
		return nil, fmt.Errorf("PROFILE of its statements: %w", err)
	}
	return &p, nil
}
