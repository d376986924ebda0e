package cli

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"newsgraph/store"
	"newsgraph/store/neo4jstore"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestServeOpensNeo4jLazily checks that serve's store opens while Neo4j
// is down, and answers unavailable, where load's fails at once.
func TestServeOpensNeo4jLazily(t *testing.T) {
	g := &globals{neo4jURI: "bolt://" + closedPort(t), logger: slog.New(slog.NewTextHandler(io.Discard, nil))}

	start := time.Now()
	st, err := openServeStore(t.Context(), g, time.Minute)
	if err != nil {
		t.Fatalf("openServeStore with Neo4j down: %v", err)
	}
	defer st.Close()
	if _, ok := st.(*neo4jstore.Store); !ok {
		t.Errorf("openServeStore opened a %T, want a *neo4jstore.Store", st)
	}
	if err := st.Ping(t.Context()); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Ping with Neo4j down: %v, want an error wrapping store.ErrUnavailable", err)
	}
	if _, err := st.CountArticles(t.Context(), store.ArticleQuery{}); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("CountArticles with Neo4j down: %v, want an error wrapping store.ErrUnavailable", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("opening and two calls with Neo4j down took %s", took)
	}

	if st, err := openStore(t.Context(), g); err == nil {
		st.Close()
		t.Error("openStore (load's) succeeded with Neo4j down")
	} else if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("openStore with Neo4j down: %v, want an error wrapping store.ErrUnavailable", err)
	}
}
