package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/storetest"
)

// peerPair is one question asked of both servers: archgraph's query, the peer's, and for each a
// function that reduces the answer to the same canonical value, so that the benchmark first
// checks that both return the same data.
type peerPair struct {
	name          string
	ours, peer    string
	oursC, peerC  func(json.RawMessage) (any, error)
	compareSorted bool
}

// BenchmarkPeer times archgraph against the peer of issue 15: a GraphQL server built with the
// official @neo4j/graphql library (bench/peer) over the same Neo4j and the same S estate. Both
// are real HTTP servers on loopback; each query pair is checked for identical data, warmed,
// then run alternately, and the p50 ratio archgraph/peer is printed (below 1: archgraph is
// faster). Run: scripts/bench -bench Peer ./server (scripts/bench installs the peer's packages).
func BenchmarkPeer(b *testing.B) {
	ctx := context.Background()
	st := storetest.Open(b)
	ensureEstateS(ctx, b, st)
	// As archgraph serve runs by default: the impact index built before the timing.
	st.EnableImpactIndex()
	if _, err := st.RefreshImpactIndex(ctx, true); err != nil {
		b.Fatal(err)
	}
	h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st},
		Log:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		Cost:       &server.CostLimits{}, /* the server's own speed: no per-client budget or analysis slots */
		CacheBytes: -1,                   /* every answer computed: the response cache is measured by BenchmarkCache */
		// Timed, not cut: on a loaded machine a cold first answer may take longer than the
		// production deadline.
		RequestTimeout: time.Minute})
	ours := httptest.NewServer(h)
	defer ours.Close()
	peerURL := startPeer(b)

	// ARCHGRAPH_BENCH_PAIRS (comma-separated parts of names) runs only some pairs.
	var pairs []peerPair
	for _, p := range peerPairs() {
		if only := os.Getenv("ARCHGRAPH_BENCH_PAIRS"); only != "" && !anyIn(p.name, strings.Split(only, ",")) {
			continue
		}
		pairs = append(pairs, p)
	}
	const iterations = 50
	for i := 0; i < b.N; i++ {
		var ratios []float64
		for _, p := range pairs {
			oursRun := gqlOver(ours.URL+"/graphql", p.ours)
			peerRun := gqlOver(peerURL, p.peer)
			// A cold database (just started, its page cache empty) may need more than the
			// request deadline for the first answer: up to three tries each, to warm it.
			a, err := warm(oursRun)
			if err != nil {
				b.Fatalf("%s (archgraph): %v", p.name, err)
			}
			c, err := warm(peerRun)
			if err != nil {
				b.Fatalf("%s (peer): %v", p.name, err)
			}
			if err := sameData(p, a, c); err != nil {
				b.Fatalf("%s: the two servers disagree: %v", p.name, err)
			}
			for w := 0; w < 3; w++ {
				_, _ = oursRun()
				_, _ = peerRun()
			}
			var oursT, peerT []time.Duration
			for it := 0; it < iterations; it++ {
				// Alternate which server goes first so that neither always finds the cache warmer.
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
			o50, o99, p50, p99 := pct(oursT, 50), pct(oursT, 99), pct(peerT, 50), pct(peerT, 99)
			ratio := float64(o50) / float64(p50)
			ratios = append(ratios, ratio)
			fmt.Printf("%-52s archgraph p50 %7.1f ms p99 %7.1f ms | peer p50 %7.1f ms p99 %7.1f ms | ratio %.2f\n",
				p.name, ms(o50), ms(o99), ms(p50), ms(p99), ratio)
		}
		sort.Float64s(ratios)
		fmt.Printf("worst archgraph/peer ratio: %.2f (target <= 1.0 on every pair)\n", ratios[len(ratios)-1])
		b.ReportMetric(ratios[len(ratios)-1], "worst-ratio")
	}
}

// peerPairs are the query pairs of issue 15: the seven of its table and a province's
// conformance summary.
func peerPairs() []peerPair {
	return []peerPair{
		{name: "catalog page, 100 commune components with owner, layer",
			ours: `{ components(first: 100, filter: {scope: [COMMUNE]}) { edges { node { code name nameEn status layer { code } owner { code } } } } }`,
			peer: `{ components(where: {scope: {eq: "COMMUNE"}}, sort: [{code: ASC}], limit: 100) { code name nameEn status layer { code } owner { code } } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					Components struct{ Edges []struct{ Node catalogRow } }
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, e := range v.Components.Edges {
					out = append(out, e.Node.String())
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct{ Components []peerCatalogRow }
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, r := range v.Components {
					out = append(out, r.String())
				}
				return out, err
			}},
		{name: `search "ha noi", top 20`,
			ours:  `{ search(text: "ha noi", first: 20) { code label name } }`,
			peer:  `{ search(text: "ha noi", first: 20) { code label name } }`,
			oursC: searchCanon, peerC: searchCanon, compareSorted: true},
		{name: "NDXP's direct dependents, 100 with totalCount, owner",
			ours: `{ component(code: "NDXP") { dependents(first: 100) { totalCount edges { node { code owner { code } } } } } }`,
			peer: `{ components(where: {code: {eq: "NDXP"}}) { dependentsConnection(first: 100, sort: [{node: {code: ASC}}]) { totalCount edges { node { code owner { code } } } } } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					Component struct {
						Dependents struct {
							TotalCount int
							Edges      []struct {
								Node struct {
									Code  string
									Owner *struct{ Code string }
								}
							}
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{fmt.Sprint(v.Component.Dependents.TotalCount)}
				for _, e := range v.Component.Dependents.Edges {
					o := ""
					if e.Node.Owner != nil {
						o = e.Node.Owner.Code
					}
					out = append(out, e.Node.Code+"|"+o)
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					Components []struct {
						DependentsConnection struct {
							TotalCount int
							Edges      []struct {
								Node struct {
									Code  string
									Owner []struct{ Code string }
								}
							}
						}
					}
				}
				if err := json.Unmarshal(m, &v); err != nil || len(v.Components) != 1 {
					return nil, fmt.Errorf("want one NDXP: %w %d", err, len(v.Components))
				}
				c := v.Components[0].DependentsConnection
				out := []string{fmt.Sprint(c.TotalCount)}
				for _, e := range c.Edges {
					out = append(out, e.Node.Code+"|"+first(e.Node.Owner))
				}
				return out, nil
			}},
		{name: "impact of NDXP (depth 10): total, byLayer, 100 items",
			ours:  `{ impact(of: "NDXP", maxDepth: 10) { total byLayer { key count } items(first: 100) { edges { node { depth component { code layer { code } } } } } } }`,
			peer:  `{ components(where: {code: {eq: "NDXP"}}) { impactTotal impactByLayer { key count } impactItems(first: 100) { depth code layer } } }`,
			oursC: impactCanonOurs, peerC: impactCanonPeer},
		{name: "impact of NDC (depth 10): total, byLayer",
			ours:  `{ impact(of: "NDC", maxDepth: 10) { total byLayer { key count } } }`,
			peer:  `{ components(where: {code: {eq: "NDC"}}) { impactTotal impactByLayer { key count } } }`,
			oursC: impactCanonOurs, peerC: impactCanonPeer},
		{name: "duplicates",
			ours: `{ duplicates { component { code } shared { code } capability { code } basis province { code } } }`,
			peer: `{ duplicates { component shared capability basis province } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					Duplicates []struct {
						Component, Shared, Capability struct{ Code string }
						Basis                         string
						Province                      *struct{ Code string }
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, d := range v.Duplicates {
					p := ""
					if d.Province != nil {
						p = d.Province.Code
					}
					out = append(out, strings.Join([]string{d.Component.Code, d.Shared.Code, d.Capability.Code, d.Basis, p}, "|"))
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					Duplicates []struct {
						Component, Shared, Capability, Basis string
						Province                             *string
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, d := range v.Duplicates {
					p := ""
					if d.Province != nil {
						p = *d.Province
					}
					out = append(out, strings.Join([]string{d.Component, d.Shared, d.Capability, d.Basis, p}, "|"))
				}
				return out, err
			},
			compareSorted: true},
		{name: "conformance summary of HA-NOI (per commune)",
			ours: `{ conformanceSummary(province: "HA-NOI") { children { agency { code } tally { applicable realized exploited provided } supplementary { applicable realized exploited provided } } } }`,
			peer: `{ provinceConformance(province: "HA-NOI") { code applicable realized exploited provided suppApplicable suppRealized suppExploited suppProvided } }`,
			oursC: func(m json.RawMessage) (any, error) {
				type tally struct{ Applicable, Realized, Exploited, Provided int }
				var v struct {
					ConformanceSummary struct {
						Children []struct {
							Agency        struct{ Code string }
							Tally         tally
							Supplementary tally
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, c := range v.ConformanceSummary.Children {
					out = append(out, fmt.Sprintf("%s|%d/%d/%d/%d|%d/%d/%d/%d", c.Agency.Code, c.Tally.Applicable, c.Tally.Realized, c.Tally.Exploited, c.Tally.Provided,
						c.Supplementary.Applicable, c.Supplementary.Realized, c.Supplementary.Exploited, c.Supplementary.Provided))
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					ProvinceConformance []struct {
						Code                                                      string
						Applicable, Realized, Exploited, Provided                 int
						SuppApplicable, SuppRealized, SuppExploited, SuppProvided int
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, c := range v.ProvinceConformance {
					out = append(out, fmt.Sprintf("%s|%d/%d/%d/%d|%d/%d/%d/%d", c.Code, c.Applicable, c.Realized, c.Exploited, c.Provided,
						c.SuppApplicable, c.SuppRealized, c.SuppExploited, c.SuppProvided))
				}
				return out, err
			}},
		{name: "34 provinces > 20 communes > 5 owned > layer",
			ours: `{ agencies(first: 34, filter: {level: [PROVINCE]}) { edges { node { code parts(first: 20) { edges { node { code owns(first: 5) { edges { node { code layer { code } } } } } } } } } } }`,
			peer: `{ agencies(where: {level: {eq: "PROVINCE"}}, sort: [{code: ASC}], limit: 34) { code parts(sort: [{code: ASC}], limit: 20) { code owns(sort: [{code: ASC}], limit: 5) { code layer { code } } } } }`,
			oursC: func(m json.RawMessage) (any, error) {
				var v struct {
					Agencies struct {
						Edges []struct {
							Node struct {
								Code  string
								Parts struct {
									Edges []struct {
										Node struct {
											Code string
											Owns struct {
												Edges []struct {
													Node struct {
														Code  string
														Layer struct{ Code string }
													}
												}
											}
										}
									}
								}
							}
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, p := range v.Agencies.Edges {
					for _, c := range p.Node.Parts.Edges {
						for _, o := range c.Node.Owns.Edges {
							out = append(out, p.Node.Code+"/"+c.Node.Code+"/"+o.Node.Code+"/"+o.Node.Layer.Code)
						}
						out = append(out, p.Node.Code+"/"+c.Node.Code)
					}
					out = append(out, p.Node.Code)
				}
				return out, err
			},
			peerC: func(m json.RawMessage) (any, error) {
				var v struct {
					Agencies []struct {
						Code  string
						Parts []struct {
							Code string
							Owns []struct {
								Code  string
								Layer []struct{ Code string }
							}
						}
					}
				}
				err := json.Unmarshal(m, &v)
				out := []string{}
				for _, p := range v.Agencies {
					for _, c := range p.Parts {
						for _, o := range c.Owns {
							out = append(out, p.Code+"/"+c.Code+"/"+o.Code+"/"+first(o.Layer))
						}
						out = append(out, p.Code+"/"+c.Code)
					}
					out = append(out, p.Code)
				}
				return out, err
			}},
	}
}

type catalogRow struct {
	Code, Name, NameEn, Status string
	Layer                      struct{ Code string }
	Owner                      *struct{ Code string }
}

func (r catalogRow) String() string {
	o := ""
	if r.Owner != nil {
		o = r.Owner.Code
	}
	return strings.Join([]string{r.Code, r.Name, r.NameEn, r.Status, r.Layer.Code, o}, "|")
}

type peerCatalogRow struct {
	Code, Name, NameEn, Status string
	Layer, Owner               []struct{ Code string }
}

func (r peerCatalogRow) String() string {
	return strings.Join([]string{r.Code, r.Name, r.NameEn, r.Status, first(r.Layer), first(r.Owner)}, "|")
}

// first is the code of a to-one relationship that @neo4j/graphql returns as a list.
func first(l []struct{ Code string }) string {
	if len(l) == 0 {
		return ""
	}
	return l[0].Code
}

func searchCanon(m json.RawMessage) (any, error) {
	var v struct {
		Search []struct{ Code, Label, Name string }
	}
	err := json.Unmarshal(m, &v)
	out := []string{}
	for _, h := range v.Search {
		out = append(out, h.Code+"|"+h.Label+"|"+h.Name)
	}
	return out, err
}

type layerCount struct {
	Key   string
	Count int
}

// impactCanon is what both sides' impact answers reduce to.
type impactCanon struct {
	Total   int
	ByLayer map[string]int
	Items   []string
}

func impactCanonOurs(m json.RawMessage) (any, error) {
	var v struct {
		Impact struct {
			Total   int
			ByLayer []layerCount
			Items   *struct {
				Edges []struct {
					Node struct {
						Depth     int
						Component struct {
							Code  string
							Layer struct{ Code string }
						}
					}
				}
			}
		}
	}
	err := json.Unmarshal(m, &v)
	out := impactCanon{Total: v.Impact.Total, ByLayer: map[string]int{}, Items: []string{}}
	for _, l := range v.Impact.ByLayer {
		if l.Count > 0 {
			out.ByLayer[l.Key] = l.Count
		}
	}
	if v.Impact.Items != nil {
		for _, e := range v.Impact.Items.Edges {
			out.Items = append(out.Items, fmt.Sprintf("%d|%s|%s", e.Node.Depth, e.Node.Component.Code, e.Node.Component.Layer.Code))
		}
	}
	return out, err
}

func impactCanonPeer(m json.RawMessage) (any, error) {
	var v struct {
		Components []struct {
			ImpactTotal   int
			ImpactByLayer []layerCount
			ImpactItems   []struct {
				Depth       int
				Code, Layer string
			}
		}
	}
	if err := json.Unmarshal(m, &v); err != nil || len(v.Components) != 1 {
		return nil, fmt.Errorf("want one root: %w %d", err, len(v.Components))
	}
	c := v.Components[0]
	out := impactCanon{Total: c.ImpactTotal, ByLayer: map[string]int{}, Items: []string{}}
	for _, l := range c.ImpactByLayer {
		out.ByLayer[l.Key] = l.Count
	}
	for _, it := range c.ImpactItems {
		out.Items = append(out.Items, fmt.Sprintf("%d|%s|%s", it.Depth, it.Code, it.Layer))
	}
	return out, nil
}

// sameData compares the two canonical answers; search scores may tie, so its hits compare as
// sets when compareSorted.
func sameData(p peerPair, ours, peer json.RawMessage) error {
	a, err := p.oursC(ours)
	if err != nil {
		return fmt.Errorf("archgraph's answer: %w", err)
	}
	c, err := p.peerC(peer)
	if err != nil {
		return fmt.Errorf("peer's answer: %w", err)
	}
	if p.compareSorted {
		for _, s := range []any{a, c} {
			if l, ok := s.([]string); ok {
				sort.Strings(l)
			}
		}
	}
	if !reflect.DeepEqual(a, c) {
		return fmt.Errorf("archgraph %.400v\npeer      %.400v", a, c)
	}
	if l, ok := a.([]string); ok && len(l) == 0 {
		return fmt.Errorf("both answers are empty: the estate is not loaded")
	}
	return nil
}

func anyIn(name string, parts []string) bool {
	for _, p := range parts {
		if p != "" && strings.Contains(name, p) {
			return true
		}
	}
	return false
}

// warm runs run until it succeeds, at most three times, and returns its last answer.
func warm(run func() (json.RawMessage, error)) (json.RawMessage, error) {
	var err error
	for try := 0; try < 3; try++ {
		var m json.RawMessage
		if m, err = run(); err == nil {
			return m, nil
		}
	}
	return nil, err
}

// gqlOver returns a function that posts query to url and returns its data, failing on any
// GraphQL error. A request waits at most 60 s, or BENCH_CLIENT_TIMEOUT (a Go duration: on
// the L estate under load the peer's slowest questions take longer).
func gqlOver(url, query string) func() (json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"query": query})
	timeout := 60 * time.Second
	if d, err := time.ParseDuration(os.Getenv("BENCH_CLIENT_TIMEOUT")); err == nil && d > 0 {
		timeout = d
	}
	client := &http.Client{Timeout: timeout}
	return func() (json.RawMessage, error) {
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		var env struct {
			Data   json.RawMessage
			Errors []json.RawMessage
		}
		if err := json.Unmarshal(raw, &env); err != nil || resp.StatusCode != 200 || len(env.Errors) > 0 {
			return nil, fmt.Errorf("HTTP %d: %.400s", resp.StatusCode, raw)
		}
		return env.Data, nil
	}
}

// startPeer starts bench/peer/server.mjs on a free loopback port over the test Neo4j and
// returns its URL; it is stopped when the benchmark ends. Its packages must be installed
// (scripts/bench runs npm ci there).
func startPeer(b *testing.B) string {
	b.Helper()
	dir, err := filepath.Abs("../bench/peer")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@neo4j", "graphql")); err != nil {
		b.Fatalf("the peer's packages are not installed: run scripts/bench, or (cd bench/peer && npm ci)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	cmd := exec.Command("node", "server.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NEO4J_URI="+storetest.URI(), fmt.Sprintf("PEER_PORT=%d", port))
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatalf("starting the peer (node bench/peer/server.mjs): %v", err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "peer ready at ") {
				ready <- strings.TrimPrefix(sc.Text(), "peer ready at ")
			}
		}
	}()
	select {
	case u := <-ready:
		return u
	case <-time.After(2 * time.Minute):
		b.Fatal("the peer did not start within 2 minutes")
	}
	return ""
}
