// Package storetest connects tests to the real test Neo4j (never a mock): the instance that
// scripts/test starts on 127.0.0.1:7688 with its own data directory, or ARCHGRAPH_TEST_NEO4J_URI.
// It wipes that database, so it refuses the default development port.
package storetest

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/internal/core"
)

// DefaultURI is where scripts/test starts the test instance.
const DefaultURI = "bolt://127.0.0.1:7688"

// URI returns the test Neo4j's URI.
func URI() string {
	if u := os.Getenv("ARCHGRAPH_TEST_NEO4J_URI"); u != "" {
		return u
	}
	return DefaultURI
}

// Open connects to the test Neo4j and applies the schema; the test fails (never skips) when the
// database is not there, naming how to start it.
func Open(t testing.TB) *store.Store {
	t.Helper()
	uri := URI()
	if strings.HasSuffix(uri, ":7687") && os.Getenv("ARCHGRAPH_TEST_ALLOW_7687") == "" {
		t.Fatalf("ARCHGRAPH_TEST_NEO4J_URI=%s is the development database's port; tests wipe their database, so they refuse it", uri)
	}
	st, err := store.Open(store.Config{URI: uri, User: os.Getenv("ARCHGRAPH_TEST_NEO4J_USER"),
		Password: os.Getenv("ARCHGRAPH_TEST_NEO4J_PASSWORD"), MaxPool: 20, ConnectTimeout: 5 * time.Second,
		RetryBudget: 30 * time.Second}, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	ctx := context.Background()
	if err := st.Ping(ctx, 10*time.Second); err != nil {
		t.Fatalf("the test Neo4j at %s does not answer: %v\nrun the tests with scripts/test, which starts it "+
			"(or: NEO4J_HOME_DIR=.data/neo4j-test NEO4J_BOLT_ADDR=127.0.0.1:7688 scripts/neo4j start)", uri, err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// Empty is Open on a database wiped of all data.
func Empty(t testing.TB) *store.Store {
	t.Helper()
	st := Open(t)
	if err := bulk.New(st).DeleteAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// Rows runs a read statement of the test's own (an independent count to check an answer
// against) and returns its records as maps.
func Rows(t testing.TB, st *store.Store, cypher string, params map[string]any) []map[string]any {
	t.Helper()
	rows, err := core.Read(context.Background(), st.DB, "test", func(tx neo4j.ManagedTransaction) ([]map[string]any, error) {
		res, err := tx.Run(context.Background(), cypher, params)
		if err != nil {
			return nil, err
		}
		var out []map[string]any
		for res.Next(context.Background()) {
			out = append(out, res.Record().AsMap())
		}
		return out, res.Err()
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, cypher)
	}
	return rows
}
