package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkDashboardPeer times issue 18's dashboard questions, each one request, on archgraph
// and on the @neo4j/graphql peer (bench/peer) with its generated filters, sorting and nested
// connection counts: components by status per province, communes by area type with their
// conformance score worst first, national platforms due in 2026 not yet operating, and L3
// components per ministry. Each pair is first checked to return the same data; then p50
// ratios (archgraph/peer, below 1: archgraph faster) are printed side by side.
//
//	scripts/bench -bench DashboardPeer ./server        (the S estate, as BenchmarkPeer)
//
// With DASH_OURS_URL and DASH_PEER_URL set (two running servers, e.g. over a shared read-only
// database of size L), it touches no database itself: it only sends the questions.
func BenchmarkDashboardPeer(b *testing.B) {
	oursURL, peerURL := os.Getenv("DASH_OURS_URL"), os.Getenv("DASH_PEER_URL")
	if oursURL == "" || peerURL == "" {
		ctx := context.Background()
		st := storetest.Open(b)
		ensureEstateS(ctx, b, st)
		h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st},
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Cost: &server.CostLimits{}, CacheBytes: -1,
			RequestTimeout: time.Minute /* the same patience as the peer's client */})
		ours := httptest.NewServer(h)
		defer ours.Close()
		oursURL, peerURL = ours.URL+"/graphql", startPeer(b)
	}
	iterations := 10
	if n := os.Getenv("DASH_ITERATIONS"); n != "" {
		_, _ = fmt.Sscan(n, &iterations)
	}
	for i := 0; i < b.N; i++ {
		var ratios []float64
		for _, p := range dashboardPairs() {
			oursRun, peerRun := gqlOver(oursURL, p.ours), gqlOver(peerURL, p.peer)
			a, err := oursRun()
			if err != nil {
				b.Fatalf("%s (archgraph): %v", p.name, err)
			}
			c, err := peerRun()
			if err != nil {
				b.Fatalf("%s (peer): %v", p.name, err)
			}
			if err := sameData(p, a, c); err != nil {
				b.Fatalf("%s: the two servers disagree: %v", p.name, err)
			}
			_, _ = oursRun()
			_, _ = peerRun()
			var oursT, peerT []time.Duration
			for it := 0; it < iterations; it++ {
				first, second := oursRun, peerRun
				if it%2 == 1 {
					first, second = peerRun, oursRun
				}
				t0 := time.Now()
				if _, err := first(); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := second(); err != nil {
					b.Fatal(err)
				}
				d1, d2 := t1.Sub(t0), time.Since(t1)
				if it%2 == 1 {
					d1, d2 = d2, d1
				}
				oursT, peerT = append(oursT, d1), append(peerT, d2)
			}
			o50, p50 := pct(oursT, 50), pct(peerT, 50)
			ratio := float64(o50) / float64(p50)
			ratios = append(ratios, ratio)
			fmt.Printf("%-58s archgraph p50 %8.1f ms | peer p50 %8.1f ms | ratio %.2f\n", p.name, ms(o50), ms(p50), ratio)
		}
		sort.Float64s(ratios)
		fmt.Printf("worst archgraph/peer ratio: %.2f (target <= 1.0 on every question)\n", ratios[len(ratios)-1])
		b.ReportMetric(ratios[len(ratios)-1], "worst-ratio")
	}
}

var statusCodes = []string{"PLANNED", "BUILDING", "OPERATING", "RETIRED", "UNKNOWN"}

func dashboardPairs() []peerPair {
	statusFields := ""
	for _, s := range statusCodes {
		statusFields += fmt.Sprintf(` %s: ownsConnection(where: {node: {status: {eq: %q}}}) { totalCount }`, s, s)
	}
	return []peerPair{
		{name: "components by status per province",
			ours: `{ componentAggregate(groupBy: [PROVINCE, STATUS], first: 1000) { groups { keys { value } count } } }`,
			peer: `{ agencies(where: {level: {eq: "PROVINCE"}}) { code` + statusFields + ` parts {` + statusFields + ` } } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					ComponentAggregate struct {
						Groups []struct {
							Keys  []struct{ Value *string }
							Count int
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := map[string]int{}
				for _, g := range v.ComponentAggregate.Groups {
					if g.Keys[0].Value != nil {
						out[*g.Keys[0].Value+"|"+*g.Keys[1].Value] = g.Count
					}
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					Agencies []map[string]json.RawMessage
				}
				if err := json.Unmarshal(m, &v); err != nil {
					return nil, err
				}
				out := map[string]int{}
				add := func(code string, a map[string]json.RawMessage) error {
					for _, s := range statusCodes {
						var c struct{ TotalCount int }
						if err := json.Unmarshal(a[s], &c); err != nil {
							return err
						}
						if c.TotalCount > 0 {
							out[code+"|"+s] += c.TotalCount
						}
					}
					return nil
				}
				for _, a := range v.Agencies {
					var code string
					_ = json.Unmarshal(a["code"], &code)
					if err := add(code, a); err != nil {
						return nil, err
					}
					var parts []map[string]json.RawMessage
					_ = json.Unmarshal(a["parts"], &parts)
					for _, p := range parts {
						if err := add(code, p); err != nil {
							return nil, err
						}
					}
				}
				return out, nil
			}},
		{name: "communes by area type, conformance score worst first (100)",
			ours: `{ agencies(first: 100, where: {level: {eq: COMMUNE}}, orderBy: [{field: AREA_TYPE}, {field: CONFORMANCE_SCORE}]) { edges { node { code areaType conformanceScore } } } }`,
			peer: `{ agencies(where: {level: {eq: "COMMUNE"}}, sort: [{areaType: ASC}, {conformanceScore: ASC}, {code: ASC}], limit: 100) { code areaType conformanceScore } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					Agencies struct{ Edges []struct{ Node scoreRow } }
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, e := range v.Agencies.Edges {
					out = append(out, e.Node.String())
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct{ Agencies []scoreRow }
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, r := range v.Agencies {
					out = append(out, r.String())
				}
				return out, err
			}},
		{name: "national platforms due in 2026 not operating",
			ours: `{ components(first: 100, where: {scope: {eq: NATIONAL}, dueYear: {eq: 2026}, status: {notIn: [OPERATING]}}, orderBy: [{field: CODE}]) { totalCount edges { node { code status } } } }`,
			peer: `{ componentsConnection(first: 100, where: {scope: {eq: "NATIONAL"}, dueYear: {eq: 2026}, NOT: {status: {eq: "OPERATING"}}}, sort: [{code: ASC}]) { totalCount edges { node { code status } } } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					Components struct {
						TotalCount int
						Edges      []struct{ Node struct{ Code, Status string } }
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{fmt.Sprint(v.Components.TotalCount)}
				for _, e := range v.Components.Edges {
					out = append(out, e.Node.Code+"|"+e.Node.Status)
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					ComponentsConnection struct {
						TotalCount int
						Edges      []struct{ Node struct{ Code, Status string } }
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{fmt.Sprint(v.ComponentsConnection.TotalCount)}
				for _, e := range v.ComponentsConnection.Edges {
					out = append(out, e.Node.Code+"|"+e.Node.Status)
				}
				return out, err
			}},
		{name: "L3 components per ministry",
			ours: `{ componentAggregate(where: {layer: {eq: "L3"}, ownerLevel: {eq: MINISTRY}}, groupBy: [OWNER], first: 1000) { groups { keys { value } count } } }`,
			peer: `{ agencies(where: {level: {eq: "MINISTRY"}}) { code ownsConnection(where: {node: {layerCode: {eq: "L3"}}}) { totalCount } } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					ComponentAggregate struct {
						Groups []struct {
							Keys  []struct{ Value *string }
							Count int
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := map[string]int{}
				for _, g := range v.ComponentAggregate.Groups {
					out[*g.Keys[0].Value] = g.Count
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					Agencies []struct {
						Code           string
						OwnsConnection struct{ TotalCount int }
					}
				}
				err := json.Unmarshal(m, &v)
				out := map[string]int{}
				for _, a := range v.Agencies {
					if a.OwnsConnection.TotalCount > 0 {
						out[a.Code] = a.OwnsConnection.TotalCount
					}
				}
				return out, err
			}},
	}
}

type scoreRow struct {
	Code, AreaType   string
	ConformanceScore *float64
}

func (r scoreRow) String() string {
	s := "null"
	if r.ConformanceScore != nil {
		s = fmt.Sprintf("%.9f", math.Round(*r.ConformanceScore*1e9)/1e9)
	}
	return r.Code + "|" + r.AreaType + "|" + s
}
