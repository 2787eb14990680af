package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkThroughput is issue 15's load benchmark: 32 concurrent clients send a fixed count of
// dashboard reads — the overview's KPI counts, the conformance heatmap (the nation's summary per
// province), NDXP's impact and the duplicates — in turn, to archgraph (with its response cache,
// as shipped, and without it) and to the peer (bench/peer), over real HTTP on loopback. It first
// checks that both servers return the same data for each read, then prints requests/s, p50 and
// p99 per server. Run: scripts/bench -bench Throughput ./server.
func BenchmarkThroughput(b *testing.B) {
	const clients = 32
	requests := 256 // ARCHGRAPH_THROUGHPUT_REQUESTS overrides it
	if n, err := strconv.Atoi(os.Getenv("ARCHGRAPH_THROUGHPUT_REQUESTS")); err == nil && n > 0 {
		requests = n
	}
	ctx := context.Background()
	st := storetest.Open(b)
	ensureEstateS(ctx, b, st)
	// As archgraph serve runs by default: the impact index built before the timing.
	st.EnableImpactIndex()
	if _, err := st.RefreshImpactIndex(ctx, true); err != nil {
		b.Fatal(err)
	}
	newServer := func(cacheBytes int64) *httptest.Server {
		return httptest.NewServer(server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st},
			Log:        slog.New(slog.NewTextHandler(io.Discard, nil)),
			Cost:       &server.CostLimits{}, /* the server's own capacity: no per-client budget or analysis slots */
			CacheBytes: cacheBytes, RequestTimeout: time.Minute}))
	}
	cached, uncached := newServer(0), newServer(-1)
	defer cached.Close()
	defer uncached.Close()
	peerURL := startPeer(b)

	reads := dashboardReads()
	for _, p := range reads {
		a, err := warm(gqlOver(uncached.URL+"/graphql", p.ours))
		if err != nil {
			b.Fatalf("%s (archgraph): %v", p.name, err)
		}
		c, err := warm(gqlOver(peerURL, p.peer))
		if err != nil {
			b.Fatalf("%s (peer): %v", p.name, err)
		}
		if err := sameData(p, a, c); err != nil {
			b.Fatalf("%s: the two servers disagree: %v", p.name, err)
		}
	}
	run := func(name, url string, query func(peerPair) string) {
		runs := make([]func() (json.RawMessage, error), len(reads))
		for i, p := range reads {
			runs[i] = gqlOver(url, query(p))
		}
		var next atomic.Int64
		lat := make([]time.Duration, requests)
		var failed atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= requests {
						return
					}
					t0 := time.Now()
					if _, err := runs[i%len(runs)](); err != nil {
						failed.Add(1)
					}
					lat[i] = time.Since(t0)
				}
			}()
		}
		wg.Wait()
		wall := time.Since(start)
		if failed.Load() > 0 {
			b.Errorf("%s: %d of %d requests failed", name, failed.Load(), requests)
		}
		fmt.Printf("%-34s %d requests, %d clients: %6.1f requests/s | p50 %7.1f ms | p99 %7.1f ms | %.1f s\n",
			name, requests, clients, float64(requests)/wall.Seconds(), ms(pct(lat, 50)), ms(pct(lat, 99)), wall.Seconds())
	}
	for i := 0; i < b.N; i++ {
		run("archgraph (response cache on)", cached.URL+"/graphql", func(p peerPair) string { return p.ours })
		run("archgraph (response cache off)", uncached.URL+"/graphql", func(p peerPair) string { return p.ours })
		run("peer (@neo4j/graphql)", peerURL, func(p peerPair) string { return p.peer })
	}
}

// dashboardReads are the reads the load benchmark mixes, each as a pair checked for equal data.
func dashboardReads() []peerPair {
	kpis := []struct{ alias, ours, peer string }{
		{"operating", `status: [OPERATING]`, `status: {eq: "OPERATING"}`},
		{"retired", `status: [RETIRED]`, `status: {eq: "RETIRED"}`},
		{"unknown", `status: [UNKNOWN]`, `status: {eq: "UNKNOWN"}`},
		{"national", `scope: [NATIONAL]`, `scope: {eq: "NATIONAL"}`},
		{"nationalOperating", `scope: [NATIONAL], status: [OPERATING]`, `scope: {eq: "NATIONAL"}, status: {eq: "OPERATING"}`},
		{"nationalUnknown", `scope: [NATIONAL], status: [UNKNOWN]`, `scope: {eq: "NATIONAL"}, status: {eq: "UNKNOWN"}`},
		{"nationalDbs", `scope: [NATIONAL], kind: [DATABASE]`, `scope: {eq: "NATIONAL"}, kind: {eq: "DATABASE"}`},
	}
	var ours, peer strings.Builder
	ours.WriteString("{")
	peer.WriteString("{")
	for _, k := range kpis {
		fmt.Fprintf(&ours, " %s: components(first: 1, filter: {%s}) { totalCount }", k.alias, k.ours)
		fmt.Fprintf(&peer, " %s: componentsConnection(where: {%s}) { totalCount }", k.alias, k.peer)
	}
	ours.WriteString(" }")
	peer.WriteString(" }")
	counts := func(m json.RawMessage) (any, error) {
		var v map[string]struct{ TotalCount int }
		err := json.Unmarshal(m, &v)
		out := map[string]int{}
		for k, c := range v {
			out[k] = c.TotalCount
		}
		return out, err
	}
	out := []peerPair{
		{name: "overview KPI counts", ours: ours.String(), peer: peer.String(), oursC: counts, peerC: counts},
		{name: "conformance heatmap (nation, per province)",
			ours: `{ conformanceSummary { children { agency { code } tally { applicable realized exploited provided } } } }`,
			peer: `{ nationConformance { code applicable realized exploited provided } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					ConformanceSummary struct {
						Children []struct {
							Agency struct{ Code string }
							Tally  struct{ Applicable, Realized, Exploited, Provided int }
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, c := range v.ConformanceSummary.Children {
					out = append(out, fmt.Sprintf("%s|%d/%d/%d/%d", c.Agency.Code, c.Tally.Applicable, c.Tally.Realized, c.Tally.Exploited, c.Tally.Provided))
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					NationConformance []struct {
						Code                                      string
						Applicable, Realized, Exploited, Provided int
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, c := range v.NationConformance {
					out = append(out, fmt.Sprintf("%s|%d/%d/%d/%d", c.Code, c.Applicable, c.Realized, c.Exploited, c.Provided))
				}
				return out, err
			}},
	}
	for _, p := range peerPairs() {
		if strings.HasPrefix(p.name, "impact of NDXP") || p.name == "duplicates" {
			out = append(out, p)
		}
	}
	return out
}
