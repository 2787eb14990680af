package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestMetrics: /metrics parses as the Prometheus text format and counts requests per route,
// GraphQL operations per name and Neo4j transactions; the JSON request log line carries the
// request id that the response's X-Request-Id names.
func TestMetrics(t *testing.T) {
	st := storetest.Open(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st, Version: model.Version{Version: "test"}}, Log: log,
		KnownOperations: []string{"Layers", "Broken"}})
	do := func(method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	do("GET", "/healthz", "")
	rec := do("POST", "/graphql", `{"query":"query Layers { layers { code } }","operationName":"Layers"}`)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("layers: %d %s", rec.Code, rec.Body)
	}
	do("POST", "/graphql", `{"query":"{ version { version } }"}`)
	do("POST", "/graphql", `{"query":"query Broken { nosuchfield }","operationName":"Broken"}`)
	do("POST", "/graphql", `{"query":"query Layers { layers { code } }","operationName":"Layers"}`)
	// An anonymous caller's unknown operation name takes no label slot (issue 17).
	do("POST", "/graphql", `{"query":"query Spam12345 { layers { code } }","operationName":"Spam12345"}`)

	// The request log line names the id sent back in X-Request-Id.
	id := rec.Header().Get("X-Request-Id")
	found := false
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["msg"] == "request" && m["request_id"] == id && m["path"] == "/graphql" {
			found = true
		}
	}
	if !found {
		t.Errorf("no request log line with request_id %s:\n%s", id, logs.String())
	}

	rec = do("GET", "/metrics", "")
	if strings.Contains(rec.Body.String(), "Spam12345") {
		t.Errorf("an anonymous caller's operation name became a label")
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	samples, err := parseExposition(rec.Body.String())
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v\n%s", err, rec.Body)
	}
	for series, min := range map[string]float64{
		`archgraph_http_requests_total{route="/healthz",method="GET",code="200"}`:  1,
		`archgraph_http_requests_total{route="/graphql",method="POST",code="200"}`: 4,
		`archgraph_http_request_duration_seconds_count{route="/graphql"}`:          5,
		`archgraph_graphql_operations_total{operation="Layers",outcome="ok"}`:      2,
		`archgraph_graphql_operations_total{operation="anonymous",outcome="ok"}`:   1,
		`archgraph_graphql_operations_total{operation="Broken",outcome="error"}`:   1,
		`archgraph_graphql_operations_total{operation="other",outcome="ok"}`:       1,
		`archgraph_cost_budget_points_per_second`:                                  1,
		`archgraph_analyses_max`: 1,
		`archgraph_graphql_operation_duration_seconds_bucket{operation="Layers",le="+Inf"}`: 2,
		`archgraph_neo4j_transactions_total{op="layers",mode="read",outcome="ok"}`:          1,
		`archgraph_neo4j_transaction_duration_seconds_count{op="layers",mode="read"}`:       1,
		`archgraph_neo4j_pool_max_connections`:                                              1,
		`archgraph_impact_index_answers_total`:                                              0,
		`archgraph_impact_index_nodes`:                                                      0,
		`archgraph_go_goroutines`:                                                           1,
	} {
		if v, ok := samples[series]; !ok || v < min {
			t.Errorf("%s = %v (present %v), want at least %v", series, v, ok, min)
		}
	}
}

var (
	metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelPair  = regexp.MustCompile(`^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"$`)
)

// parseExposition checks text against the Prometheus text format (0.0.4): HELP and TYPE
// comments before the samples of their family, sample lines name{label="value",…} value,
// histograms with cumulative buckets ending in +Inf that equal _count. It returns the samples.
func parseExposition(text string) (map[string]float64, error) {
	samples := map[string]float64{}
	types := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	lastBucket := map[string]float64{}
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			f := strings.SplitN(line, " ", 4)
			if len(f) < 4 || (f[1] != "HELP" && f[1] != "TYPE") || !metricName.MatchString(f[2]) {
				return nil, fmt.Errorf("line %d: bad comment %q", n, line)
			}
			if f[1] == "TYPE" {
				if !map[string]bool{"counter": true, "gauge": true, "histogram": true, "summary": true, "untyped": true}[f[3]] {
					return nil, fmt.Errorf("line %d: bad type %q", n, f[3])
				}
				if _, dup := types[f[2]]; dup {
					return nil, fmt.Errorf("line %d: TYPE of %s twice", n, f[2])
				}
				types[f[2]] = f[3]
			}
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp < 0 {
			return nil, fmt.Errorf("line %d: no value: %q", n, line)
		}
		series, val := line[:sp], line[sp+1:]
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: value %q", n, val)
		}
		name, labels := series, ""
		if i := strings.IndexByte(series, '{'); i >= 0 {
			if !strings.HasSuffix(series, "}") {
				return nil, fmt.Errorf("line %d: unclosed labels", n)
			}
			name, labels = series[:i], series[i+1:len(series)-1]
			for _, p := range splitLabels(labels) {
				if !labelPair.MatchString(p) {
					return nil, fmt.Errorf("line %d: bad label %q", n, p)
				}
			}
		}
		if !metricName.MatchString(name) {
			return nil, fmt.Errorf("line %d: bad name %q", n, name)
		}
		family := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if base := strings.TrimSuffix(name, suf); base != name && types[base] == "histogram" {
				family = base
			}
		}
		if types[family] == "" {
			return nil, fmt.Errorf("line %d: %s has no TYPE before it", n, name)
		}
		if strings.HasSuffix(name, "_bucket") {
			key := family + "{" + regexp.MustCompile(`,?le="[^"]*"`).ReplaceAllString(labels, "") + "}"
			if v < lastBucket[key] {
				return nil, fmt.Errorf("line %d: buckets of %s are not cumulative", n, key)
			}
			lastBucket[key] = v
		}
		if _, dup := samples[series]; dup {
			return nil, fmt.Errorf("line %d: %s twice", n, series)
		}
		samples[series] = v
	}
	for key, v := range lastBucket {
		count := strings.Replace(key, "{", "_count{", 1)
		if samples[count] != v {
			return nil, fmt.Errorf("%s: +Inf bucket %v, count %v", key, v, samples[count])
		}
	}
	return samples, nil
}

// splitLabels splits a{…} contents at the commas between pairs (not those inside values).
func splitLabels(s string) []string {
	var out []string
	inQ, esc, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case c == '"':
			inQ = !inQ
		case c == ',' && !inQ:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
