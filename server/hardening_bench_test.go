package server_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archgraph/archgraph/server"
)

// floodDuration is how long each side of BenchmarkCheapUnderFlood floods: ARCHGRAPH_FLOOD or 10 s.
func floodDuration(b *testing.B) time.Duration {
	if v := os.Getenv("ARCHGRAPH_FLOOD"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("ARCHGRAPH_FLOOD=%q: %v", v, err)
		}
		return d
	}
	return 10 * time.Second
}

// BenchmarkCheapUnderFlood (issue 17) measures a cheap query's latency while 8 clients (each its
// own token) flood the server with expensive analyses — without the cost limits (the server as
// it was: no budget, no analysis slots), with one analysis slot and with the defaults — side
// by side in one run, beside the same query without a flood (what the machine itself gives),
// and prints p50/p99 of each and the ratio without/with the defaults. Run:
//
//	ARCHGRAPH_TEST_NEO4J_URI=bolt://127.0.0.1:7688 go test -run '^$' -bench CheapUnderFlood -benchtime 1x ./server/
func BenchmarkCheapUnderFlood(b *testing.B) {
	a := newAPI(b)
	dur := floodDuration(b)
	var expensive strings.Builder
	expensive.WriteString("{")
	for i, of := range []string{"NDXP", "NDC", "NDXP", "NDC", "NDXP", "NDC", "NDXP", "NDC"} {
		fmt.Fprintf(&expensive, ` i%d: impact(of: %q, maxDepth: 10) { total items(first: 100) { edges { node { depth component { code } } } } }`, i, of)
	}
	expensive.WriteString(` d: duplicates { evidence } r: ruleViolationCount }`)
	cheap := `{ component(code: "NDXP") { code name } }`
	type result struct {
		p50, p99      time.Duration
		n, limited, x int
	}
	measure := func(cost server.CostLimits, flooders int) result {
		h := newHardened(b, a.st, func(o *server.Options) {
			o.Cost = &cost
			o.RequestTimeout = 30 * time.Second
			o.CacheBytes = -1 /* a flood that computes */
		})
		var stop atomic.Bool
		var limited, floods atomic.Int64
		var wg sync.WaitGroup
		for i := 0; i < flooders; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for !stop.Load() {
					r := h.gql(clientToken(i), expensive.String(), nil)
					floods.Add(1)
					if r.status == 429 {
						limited.Add(1)
						time.Sleep(100 * time.Millisecond)
					}
				}
			}(i)
		}
		time.Sleep(time.Second) // let the flood build up
		var lat []time.Duration
		end := time.Now().Add(dur)
		for time.Now().Before(end) {
			r := h.gql(clientToken(8), cheap, nil)
			if r.status != 200 || len(r.gql.Errors) > 0 {
				b.Errorf("cheap query failed: %d %s", r.status, clipBody(r.body))
				break
			}
			lat = append(lat, r.took)
			time.Sleep(20 * time.Millisecond)
		}
		stop.Store(true)
		wg.Wait()
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		if len(lat) == 0 {
			b.Fatal("no cheap query ran")
		}
		q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(float64(len(lat))*p))] }
		return result{p50: q(0.50), p99: q(0.99), n: len(lat), limited: int(limited.Load()), x: int(floods.Load())}
	}
	for i := 0; i < b.N; i++ {
		idle := measure(server.DefaultCost, 0)
		before := measure(server.CostLimits{ /* no budget, no slots: as before issue 17 */ MaxQueued: 64, AnalysisWait: time.Second}, 8)
		one := server.DefaultCost
		one.MaxAnalyses = 1
		withOne := measure(one, 8)
		after := measure(server.DefaultCost, 8)
		fmt.Printf("cheap query under a flood of expensive analyses from 8 clients (%s each side, %d CPUs):\n", dur, runtime.NumCPU())
		line := func(name string, r result) {
			fmt.Printf("  %-22s p50 %8.1f ms  p99 %8.1f ms  (%d cheap queries; %d flood requests, %d refused 429)\n",
				name, millis(r.p50), millis(r.p99), r.n, r.x, r.limited)
		}
		line("no flood (baseline):", idle)
		line("without limits:", before)
		line("--max-analyses 1:", withOne)
		line(fmt.Sprintf("defaults (%d):", server.DefaultCost.MaxAnalyses), after)
		fmt.Printf("  p99 ratio without/defaults: %.1fx\n", float64(before.p99)/float64(after.p99))
		b.ReportMetric(millis(before.p99), "p99-before-ms")
		b.ReportMetric(millis(after.p99), "p99-after-ms")
	}
}

// BenchmarkFailFast (issue 17) measures how long a request takes to fail while Neo4j is
// unreachable (cut off by a TCP proxy): with the store as it was (no health watch) and with the
// health watch of `archgraph serve`, side by side, with the production request deadline (10 s)
// and retry budget (30 s). For each it times a request sent at the cut and one sent 2 s later.
//
//	ARCHGRAPH_TEST_NEO4J_URI=bolt://127.0.0.1:7688 go test -run '^$' -bench FailFast -benchtime 1x ./server/
func BenchmarkFailFast(b *testing.B) {
	newAPI(b)
	q := `{ component(code: "NDXP") { name } }`
	measure := func(watch bool) (atCut, later time.Duration, codes string) {
		px := newCutProxy(b)
		st := px.store(b)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if watch {
			st.WatchHealth(ctx, 500*time.Millisecond, 500*time.Millisecond)
		}
		h := newHardened(b, st, func(o *server.Options) { o.RequestTimeout = 10 * time.Second })
		if r := h.gql("", q, nil); r.status != 200 {
			b.Fatalf("before the cut: %d %s", r.status, r.body)
		}
		px.cut()
		var wg sync.WaitGroup
		var r1, r2 httpResult
		wg.Add(2)
		go func() { defer wg.Done(); r1 = h.gql("", q, nil) }()
		go func() { defer wg.Done(); time.Sleep(2 * time.Second); r2 = h.gql("", q, nil) }()
		wg.Wait()
		return r1.took, r2.took, fmt.Sprintf("%d %s / %d %s", r1.status, r1.gql.code(), r2.status, r2.gql.code())
	}
	for i := 0; i < b.N; i++ {
		b1, b2, bc := measure(false)
		a1, a2, ac := measure(true)
		fmt.Printf("time to fail while Neo4j is down (request deadline 10 s):\n")
		fmt.Printf("  without health watch: at the cut %6.0f ms, 2 s later %6.0f ms  (%s)\n", millis(b1), millis(b2), bc)
		fmt.Printf("  with health watch:    at the cut %6.0f ms, 2 s later %6.0f ms  (%s)\n", millis(a1), millis(a2), ac)
		b.ReportMetric(millis(b2), "before-ms")
		b.ReportMetric(millis(a2), "after-ms")
	}
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
