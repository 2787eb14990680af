package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestRoutingURI: the driver accepts a neo4j:// (routing) URI against the single test instance,
// which answers the routing table with itself: reads go through read transactions and writes
// through write transactions, as they would on a cluster.
func TestRoutingURI(t *testing.T) {
	storetest.Open(t) // the schema, and a clear message when the test Neo4j is not there
	uri := storetest.URI()
	if !strings.HasPrefix(uri, "bolt://") {
		t.Skipf("the test URI %s is not bolt://", uri)
	}
	st, err := store.Open(store.Config{URI: "neo4j://" + strings.TrimPrefix(uri, "bolt://"), MaxPool: 5,
		ConnectTimeout: 5 * time.Second, RetryBudget: 30 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	ctx := context.Background()
	if err := st.Ping(ctx, 10*time.Second); err != nil {
		t.Fatalf("neo4j:// does not answer: %v", err)
	}
	// Migrate runs in write sessions and changes no data when the schema is there.
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("write through neo4j://: %v", err)
	}
	if _, err := bulk.New(st).Count(ctx); err != nil {
		t.Fatalf("read through neo4j://: %v", err)
	}
	if _, err := st.Schema(ctx); err != nil {
		t.Fatalf("read through neo4j://: %v", err)
	}
}
