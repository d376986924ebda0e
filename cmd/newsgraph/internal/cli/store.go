package cli

import (
	"context"
	"errors"
	"fmt"

	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/neo4jstore"
)

// openStore opens the store the global flags name: Neo4j when --neo4j-uri is
// set, else the embedded store in --data-dir (created if missing).
func openStore(ctx context.Context, g *globals) (store.Store, error) {
	if g.neo4jURI != "" {
		st, err := neo4jstore.Open(ctx, neo4jstore.Config{
			URI:       g.neo4jURI,
			Username:  g.neo4jUser,
			Password:  g.neo4jPassword,
			Database:  g.neo4jDatabase,
			Logger:    g.logger,
			Retention: g.retention,
		})
		if err != nil {
			return nil, fmt.Errorf("open Neo4j store: %w", err)
		}
		g.logger.Debug("opened Neo4j store", "uri", g.neo4jURI, "database", g.neo4jDatabase)
		return st, nil
	}
	st, err := embedded.Open(g.dataDir, embedded.WithRetention(g.retention))
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("open store in %s: another newsgraph process is using it (stop it, or give another --data-dir): %w", g.dataDir, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open store in %s: %w", g.dataDir, err)
	}
	g.logger.Debug("opened embedded store", "dir", g.dataDir)
	return st, nil
}
