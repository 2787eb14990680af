package server

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/archgraph/archgraph/graph"
)

// TestResponseCacheBounded: the cache never holds more than its bytes, drops the least recently
// used answer first, and keeps no answer larger than a quarter of it.
func TestResponseCacheBounded(t *testing.T) {
	c := newResponseCache(nil, 4096)
	answer := func(n int) *graphql.Response {
		return &graphql.Response{Data: json.RawMessage(`"` + strings.Repeat("x", n) + `"`)}
	}
	for i := 0; i < 100; i++ {
		c.put(fmt.Sprintf("k%03d", i), answer(200))
		if _, _, _, _, bytes, _ := c.stats(); bytes > 4096 {
			t.Fatalf("after %d answers the cache holds %d bytes (max 4096)", i+1, bytes)
		}
	}
	if c.get("k000") != nil {
		t.Error("the oldest answer is still there")
	}
	if c.get("k099") == nil {
		t.Error("the newest answer is gone")
	}
	// Touch k090 so that it outlives answers put after it.
	if c.get("k090") == nil {
		t.Fatal("k090 is gone")
	}
	for i := 100; i < 112; i++ {
		c.put(fmt.Sprintf("k%03d", i), answer(200))
	}
	if c.get("k090") == nil || c.get("k091") != nil {
		t.Errorf("LRU order: recently read k090 kept %v, unread k091 dropped %v", c.get("k090") != nil, c.get("k091") == nil)
	}
	_, _, evictions, _, _, entries := c.stats()
	if evictions == 0 || entries == 0 {
		t.Errorf("evictions %d, entries %d", evictions, entries)
	}
	c.put("huge", answer(2000))
	if c.get("huge") != nil {
		t.Error("an answer over a quarter of the cache was kept")
	}
}

func TestMatchesETag(t *testing.T) {
	tag := `W/"a-123"`
	for _, c := range []struct {
		header string
		want   bool
	}{
		{`W/"a-123"`, true}, {`"a-123"`, true}, {`"x", W/"a-123"`, true}, {`*`, true},
		{``, false}, {`W/"a-124"`, false},
	} {
		if got := matchesETag(c.header, tag); got != c.want {
			t.Errorf("matchesETag(%q) = %v, want %v", c.header, got, c.want)
		}
	}
}

// TestResponseCacheSingleFlight: identical queries that miss while one of them runs wait for
// it and get its answer (each its own copy); when that answer has errors (the first request's
// deadline, its client gone), each waiting query runs itself instead of inheriting the failure.
func TestResponseCacheSingleFlight(t *testing.T) {
	const callers = 16
	for _, failFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("first answer fails: %v", failFirst), func(t *testing.T) {
			c := newResponseCache(nil, 1<<20)
			var runs atomic.Int32
			release := make(chan struct{})
			next := func(context.Context) *graphql.Response {
				n := runs.Add(1)
				if n == 1 {
					<-release // the first run lasts until every caller is waiting
					if failFirst {
						return &graphql.Response{Errors: gqlerror.List{{Message: "context deadline exceeded"}}}
					}
				}
				return &graphql.Response{Data: json.RawMessage(fmt.Sprintf(`{"run":%d}`, n))}
			}
			out := make([]*graphql.Response, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					out[i] = c.shared(context.Background(), "k", next)
				}()
			}
			// Every other caller is parked in the single-flight wait before the first run ends.
			// Counting callers that entered shared is not enough: one can be stopped (a GC
			// assist on the closure's allocation) between entering and joining the flight, and
			// then run the query itself after the first run ended — seen once in CI under a
			// large heap. So the goroutines' stacks are read until callers-1 of them wait inside
			// singleflight's Do.
			deadline := time.Now().Add(30 * time.Second)
			for parkedInFlight() < callers-1 {
				if time.Now().After(deadline) {
					t.Fatalf("only %d of %d callers joined the flight (%d in shared)", parkedInFlight(), callers-1, c.waiting.Load())
				}
				runtime.Gosched()
			}
			close(release)
			wg.Wait()
			failed, good := 0, map[string]int{}
			for _, r := range out {
				if len(r.Errors) > 0 {
					failed++
				} else {
					good[string(r.Data)]++
				}
			}
			if !failFirst {
				// Without single-flight every caller would run: 16 runs.
				if runs.Load() != 1 || good[`{"run":1}`] != callers || c.coalescedCount() != callers-1 {
					t.Errorf("%d runs, answers %v, %d coalesced; want 1 run, all %d answers from it, %d coalesced",
						runs.Load(), good, c.coalescedCount(), callers, callers-1)
				}
				if out[0] == out[1] {
					t.Error("two callers share one response value")
				}
				if c.get("k") == nil {
					t.Error("the answer was not kept")
				}
				return
			}
			// The first run's failure is its caller's alone: the others ran themselves.
			if failed != 1 || runs.Load() != callers || c.coalescedCount() != 0 {
				t.Errorf("%d failed answers, %d runs, %d coalesced; want 1 failed (the first), %d runs, 0 coalesced",
					failed, runs.Load(), c.coalescedCount(), callers)
			}
		})
	}
}

// parkedInFlight counts the goroutines blocked waiting for another's run inside singleflight's Do.
func parkedInFlight() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "sync.(*WaitGroup).Wait") && strings.Contains(g, "singleflight.(*Group).Do") {
			n++
		}
	}
	return n
}

// TestCacheFieldsClassified: every Query field of the schema is classified for the response
// cache's key, as an answer the same for every caller (callerFree) or one kept per caller
// (callerBound), and none is both. A field added later fails here until it is classified.
func TestCacheFieldsClassified(t *testing.T) {
	q := graph.NewExecutableSchema(graph.Config{}).Schema().Query
	for _, f := range q.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		if callerFree[f.Name] == callerBound[f.Name] {
			t.Errorf("Query.%s: free %v, bound %v — classify it in cache.go", f.Name, callerFree[f.Name], callerBound[f.Name])
		}
	}
	for name := range callerFree {
		if !strings.HasPrefix(name, "__") && q.Fields.ForName(name) == nil {
			t.Errorf("callerFree names %s, which the schema's Query does not have", name)
		}
	}
	for name := range callerBound {
		if q.Fields.ForName(name) == nil {
			t.Errorf("callerBound names %s, which the schema's Query does not have", name)
		}
	}
}

// TestCallerFreeOperation: the root fields are found through inline fragments and named
// fragments; one caller-bound field anywhere at the root keeps the answer per caller.
func TestCallerFreeOperation(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, tc := range []struct {
		query string
		free  bool
	}{
		{`{ components(first: 1) { totalCount } }`, true},
		{`query Q { a: conformanceSummary { total { communes } } ... on Query { version { version } } }`, true},
		{`{ components(first: 1) { totalCount } me { name } }`, false},
		{`{ ... on Query { me { name } } }`, false},
		{`query Q { ...F } fragment F on Query { changes(first: 1) { at } }`, false},
		{`query Q { ...F } fragment F on Query { search(text: "x") { code } }`, true},
	} {
		doc, errs := gqlparser.LoadQueryWithRules(s, tc.query, nil) // nil: the default rules
		if errs != nil {
			t.Fatalf("%s: %v", tc.query, errs)
		}
		if got := callerFreeOperation(doc, doc.Operations[0].SelectionSet); got != tc.free {
			t.Errorf("%s: caller-free %v, want %v", tc.query, got, tc.free)
		}
	}
}
