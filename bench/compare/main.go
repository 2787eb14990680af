// Command compare times the same GraphQL queries against two archgraph servers over the same
// Neo4j — typically two builds of archgraph, before and after a change — alternating A and B
// request by request so that both see the same machine load and database cache, and prints the
// p50/p99 of each and the ratio B/A of the medians (below 1: B is faster). It also says whether
// the two servers returned the same data, since a faster wrong answer proves nothing.
//
//	go run ./bench/compare -a http://127.0.0.1:8081/graphql -b http://127.0.0.1:8082/graphql
//
// The default queries are BenchmarkAPI's four headline queries plus a few the UI runs; -q adds a
// query as name=text (repeatable) and -only keeps the named ones.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"
)

type query struct{ name, text string }

var defaults = []query{
	{"impact of NDXP (summary + 100 items)", `{ impact(of: "NDXP", maxDepth: 5) { total byLayer { key count } byLevel { key count } byProvince { key count } items(first: 100) { edges { node { depth component { code layer { code } } } } } } }`},
	{"duplicates across all provinces", `{ duplicates { component { code } agency { code } province { code } capability { code } shared { code } evidence } }`},
	{"conformance summary of HA-NOI", `{ conformanceSummary(province: "HA-NOI") { total { communes tally { score } byGroup { groupCode tally { score } } } children { agency { code } tally { score missing } } } }`},
	{"catalog page of 100 components", `{ components(first: 100, filter: {scope: [COMMUNE]}) { edges { node { code name nameEn status layer { code } owner { code } } } } }`},
	{"catalog page of 100, no filter", `{ components(first: 100) { totalCount edges { node { code name status layer { code } owner { code } } } } }`},
	{"component NDXP with dependents", `{ component(code: "NDXP") { code name layer { code } owner { code } dependents(first: 100) { totalCount edges { node { code owner { code } } } } } }`},
	{"search \"ha noi\"", `{ search(text: "ha noi", first: 20) { code name } }`},
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	a := flag.String("a", "", "GraphQL URL of server A (the baseline)")
	b := flag.String("b", "", "GraphQL URL of server B (the change)")
	n := flag.Int("n", 30, "timed requests per query and server")
	warm := flag.Int("warm", 3, "untimed requests per query and server first")
	timeout := flag.Duration("timeout", 120*time.Second, "timeout of one request")
	only := flag.String("only", "", "comma-separated names (or name prefixes) of the queries to run")
	var extra multiFlag
	flag.Var(&extra, "q", "an extra query as name=text (repeatable)")
	flag.Parse()
	if *a == "" || *b == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "compare: -a and -b (GraphQL URLs) are required, -n at least 1")
		os.Exit(2)
	}
	qs := append([]query(nil), defaults...)
	for _, e := range extra {
		name, text, ok := strings.Cut(e, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "compare: -q %q is not name=text\n", e)
			os.Exit(2)
		}
		qs = append(qs, query{name, text})
	}
	if *only != "" {
		var kept []query
		for _, q := range qs {
			for _, o := range strings.Split(*only, ",") {
				if o = strings.TrimSpace(o); o != "" && strings.HasPrefix(q.name, o) {
					kept = append(kept, q)
					break
				}
			}
		}
		qs = kept
	}
	client := &http.Client{Timeout: *timeout}
	failed := false
	fmt.Printf("A = %s\nB = %s\n%d timed requests per query and server, alternating A,B / B,A\n\n", *a, *b, *n)
	for _, q := range qs {
		da, errA := post(client, *a, q.text)
		db, errB := post(client, *b, q.text)
		if err := errors.Join(errA, errB); err != nil {
			fmt.Printf("%-40s FAILED: %v\n", q.name, err)
			failed = true
			continue
		}
		same := "same data"
		if !bytes.Equal(da, db) {
			same = "DATA DIFFERS"
		}
		for w := 1; w < *warm; w++ {
			_, _ = post(client, *a, q.text)
			_, _ = post(client, *b, q.text)
		}
		var ta, tb []time.Duration
		for i := 0; i < *n; i++ {
			// Alternate which server goes first, so neither always meets the cache the other warmed.
			first, second := &ta, &tb
			u1, u2 := *a, *b
			if i%2 == 1 {
				first, second, u1, u2 = &tb, &ta, *b, *a
			}
			for _, s := range []struct {
				ts *[]time.Duration
				u  string
			}{{first, u1}, {second, u2}} {
				t0 := time.Now()
				if _, err := post(client, s.u, q.text); err != nil {
					fmt.Printf("%-40s FAILED: %v\n", q.name, err)
					failed = true
					break
				}
				*s.ts = append(*s.ts, time.Since(t0))
			}
		}
		if len(ta) == 0 || len(tb) == 0 {
			continue
		}
		a50, b50 := pct(ta, 50), pct(tb, 50)
		fmt.Printf("%-40s A p50 %8.1f ms p99 %8.1f | B p50 %8.1f ms p99 %8.1f | B/A %.2f | %s\n",
			q.name, ms(a50), ms(pct(ta, 99)), ms(b50), ms(pct(tb, 99)), float64(b50)/float64(a50), same)
	}
	if failed {
		os.Exit(1)
	}
}

// post sends one query and returns its "data", or an error naming the status or the errors.
func post(c *http.Client, url, text string) ([]byte, error) {
	body, _ := json.Marshal(map[string]string{"query": text})
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s: HTTP %d %.300s", url, resp.StatusCode, raw)
	}
	return out.Data, nil
}

// pct is the p-th percentile (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
