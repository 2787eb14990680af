package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkCache times the nation's conformance summary (what every dashboard reads) on the S
// estate through a server without the response cache and through one with it, alternately,
// and prints the ratio of the medians (target: the repeated answer >= 20x faster).
// Run: scripts/bench -bench Cache ./server
func BenchmarkCache(b *testing.B) {
	ctx := context.Background()
	st := storetest.Open(b)
	ensureEstateS(ctx, b, st)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	serve := func(cacheBytes int64) *httptest.Server {
		return httptest.NewServer(server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st},
			Log: log, CacheBytes: cacheBytes, Cost: &server.CostLimits{}}))
	}
	cold, cached := serve(-1), serve(0)
	defer cold.Close()
	defer cached.Close()
	const q = `{ conformanceSummary { total { communes tally { applicable realized exploited missing score } byGroup { groupCode tally { score } } } children { agency { code } tally { score } } } }`
	coldRun, cachedRun := gqlOver(cold.URL+"/graphql", q), gqlOver(cached.URL+"/graphql", q)
	for i := 0; i < b.N; i++ {
		var coldT, cachedT []time.Duration
		for it := 0; it < 30; it++ {
			t0 := time.Now()
			a, err := coldRun()
			if err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			c, err := cachedRun()
			if err != nil {
				b.Fatal(err)
			}
			coldT, cachedT = append(coldT, t1.Sub(t0)), append(cachedT, time.Since(t1))
			if string(a) != string(c) {
				b.Fatalf("the cached answer differs from the computed one:\n%.300s\n%.300s", a, c)
			}
		}
		c50, k50 := pct(coldT, 50), pct(cachedT, 50)
		fmt.Printf("nation conformance summary: computed p50 %.1f ms, repeated (cache) p50 %.2f ms: %.0fx faster (target >= 20x)\n",
			ms(c50), ms(k50), float64(c50)/float64(k50))
		b.ReportMetric(float64(c50)/float64(k50), "speedup")
	}
}
