package server_test

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/bulk"
)

// TestRefreshStaleFacts: after a write that does not keep the conformance facts (a bulk write),
// the first roll-up reads the graph live and starts a refresh in the background; once it is
// done the facts are current and the roll-up over them answers the same.
func TestRefreshStaleFacts(t *testing.T) {
	a := newAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	server.RefreshStaleFacts(ctx, a.st, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Minute)
	defer a.st.OnStaleFacts(nil)

	if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.st.ConformanceFactsCurrent(ctx); err != nil || ok {
		t.Fatalf("facts current %v after a bulk write (%v)", ok, err)
	}
	const q = `{ conformanceSummary { total { communes tally { applicable realized exploited provided missing } }
		children { agency { code } communes tally { missing } byGroup { groupCode tally { missing } } } } }`
	live := a.ok(q, nil)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ok, err := a.st.ConformanceFactsCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the roll-up over stale facts started no refresh, or it did not end within 2 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if fromFacts := a.ok(q, nil); !reflect.DeepEqual(fromFacts, live) {
		t.Errorf("the roll-up over the refreshed facts differs from the live one:\n%v\n%v", fromFacts, live)
	}
}
