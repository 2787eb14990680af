// Command compare times the same GraphQL queries against two archgraph servers over the same
// Neo4j — typically two builds of archgraph, before and after a change — alternating A and B
// request by request so that both see the same machine load and database cache, and prints the
// p50/p99 of each and the ratio B/A of the medians (below 1: B is faster). It also says whether
// the two servers returned the same data, since a faster wrong answer proves nothing.
//
//	go run ./bench/compare -a http://127.0.0.1:8081/graphql -b http://127.0.0.1:8082/graphql
//
// The default queries are BenchmarkAPI's four headline queries plus a few the UI runs; -q adds a
// query as name=text (repeatable), -ops adds operations with variables from a JSON file (a list of
// {"name", "query", "variables"}: e.g. the documents the web UI's pages send, as the browser sends
// them) and -only keeps the named ones. Without -b it times server A alone. Each line ends with the
// machine's 1-minute load average when the query's timed requests began.
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
	"path/filepath"
	"sort"
	"strings"
	"time"
)

type query struct {
	name, text string
	vars       json.RawMessage
}

var defaults = []query{
	{"impact of NDXP (summary + 100 items)", `{ impact(of: "NDXP", maxDepth: 5) { total byLayer { key count } byLevel { key count } byProvince { key count } items(first: 100) { edges { node { depth component { code layer { code } } } } } } }`, nil},
	{"duplicates across all provinces", `{ duplicates { component { code } agency { code } province { code } capability { code } shared { code } evidence } }`, nil},
	{"conformance summary of HA-NOI", `{ conformanceSummary(province: "HA-NOI") { total { communes tally { score } byGroup { groupCode tally { score } } } children { agency { code } tally { score missing } } } }`, nil},
	{"catalog page of 100 components", `{ components(first: 100, filter: {scope: [COMMUNE]}) { edges { node { code name nameEn status layer { code } owner { code } } } } }`, nil},
	{"catalog page of 100, no filter", `{ components(first: 100) { totalCount edges { node { code name status layer { code } owner { code } } } } }`, nil},
	{"component NDXP with dependents", `{ component(code: "NDXP") { code name layer { code } owner { code } dependents(first: 100) { totalCount edges { node { code owner { code } } } } } }`, nil},
	{"search \"ha noi\"", `{ search(text: "ha noi", first: 20) { code name } }`, nil},
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
	opsFile := flag.String("ops", "", "a JSON file of operations to add: [{\"name\", \"query\", \"variables\"}]")
	noDefaults := flag.Bool("no-defaults", false, "leave out the default queries")
	save := flag.String("save", "", "a directory to write each query's data into (<name>.a.json, <name>.b.json)")
	flag.Parse()
	if *a == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "compare: -a (a GraphQL URL) is required, -n at least 1")
		os.Exit(2)
	}
	var qs []query
	if !*noDefaults {
		qs = append(qs, defaults...)
	}
	if *opsFile != "" {
		ops, err := readOps(*opsFile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "compare: -ops %s: %v\n", *opsFile, err)
			os.Exit(2)
		}
		qs = append(qs, ops...)
	}
	for _, e := range extra {
		name, text, ok := strings.Cut(e, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "compare: -q %q is not name=text\n", e)
			os.Exit(2)
		}
		qs = append(qs, query{name: name, text: text})
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
	urls := []string{*a}
	if *b != "" {
		urls = append(urls, *b)
		fmt.Printf("A = %s\nB = %s\n%d timed requests per query and server, alternating A,B / B,A\n\n", *a, *b, *n)
	} else {
		fmt.Printf("A = %s\n%d timed requests per query\n\n", *a, *n)
	}
	for _, q := range qs {
		data := make([][]byte, len(urls))
		var errs []error
		for i, u := range urls {
			d, err := post(client, u, q)
			data[i] = d
			errs = append(errs, err)
		}
		if err := errors.Join(errs...); err != nil {
			fmt.Printf("%-40s FAILED: %v\n", q.name, err)
			failed = true
			continue
		}
		if *save != "" {
			for i, d := range data {
				f := filepath.Join(*save, fileName(q.name)+"."+string(rune('a'+i))+".json")
				if err := os.WriteFile(f, d, 0o644); err != nil {
					fmt.Fprintf(os.Stderr, "compare: %v\n", err)
					os.Exit(1)
				}
			}
		}
		same := ""
		if len(urls) == 2 {
			same = " | same data"
			if !bytes.Equal(data[0], data[1]) {
				same = " | DATA DIFFERS"
			}
		}
		for w := 1; w < *warm; w++ {
			for _, u := range urls {
				_, _ = post(client, u, q)
			}
		}
		load := load1()
		ts := make([][]time.Duration, len(urls))
	timed:
		for i := 0; i < *n; i++ {
			// Alternate which server goes first, so neither always meets the cache the other warmed.
			for k := range urls {
				j := k
				if i%2 == 1 {
					j = len(urls) - 1 - k
				}
				t0 := time.Now()
				if _, err := post(client, urls[j], q); err != nil {
					fmt.Printf("%-40s FAILED: %v\n", q.name, err)
					failed = true
					break timed
				}
				ts[j] = append(ts[j], time.Since(t0))
			}
		}
		if len(ts[0]) == 0 || len(ts[len(ts)-1]) == 0 {
			continue
		}
		a50 := pct(ts[0], 50)
		line := fmt.Sprintf("%-40s A p50 %8.1f ms p99 %8.1f", q.name, ms(a50), ms(pct(ts[0], 99)))
		if len(urls) == 2 {
			b50 := pct(ts[1], 50)
			line += fmt.Sprintf(" | B p50 %8.1f ms p99 %8.1f | B/A %.2f", ms(b50), ms(pct(ts[1], 99)), float64(b50)/float64(a50))
		}
		fmt.Printf("%s%s | load %s\n", line, same, load)
	}
	if failed {
		os.Exit(1)
	}
}

// readOps reads operations with variables: a JSON list of {"name", "query", "variables"}.
func readOps(path string) ([]query, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ops []struct {
		Name      string          `json:"name"`
		Query     string          `json:"query"`
		Variables json.RawMessage `json:"variables"`
	}
	if err := json.Unmarshal(raw, &ops); err != nil {
		return nil, err
	}
	out := make([]query, 0, len(ops))
	for i, o := range ops {
		if o.Name == "" || o.Query == "" {
			return nil, fmt.Errorf("operation %d: name and query are required", i+1)
		}
		out = append(out, query{name: o.Name, text: o.Query, vars: o.Variables})
	}
	return out, nil
}

// fileName makes a query's name usable as a file name.
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == ' ' || r == '"' || r == ':' {
			return '_'
		}
		return r
	}, name)
}

// load1 is the machine's 1-minute load average ("?" where /proc/loadavg cannot be read).
func load1() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// post sends one query and returns its "data", or an error naming the status or the errors.
func post(c *http.Client, url string, q query) ([]byte, error) {
	body, _ := json.Marshal(struct {
		Query     string          `json:"query"`
		Variables json.RawMessage `json:"variables,omitempty"`
	}{q.text, q.vars})
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
