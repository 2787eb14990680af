package server

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// Metrics collects what /metrics exposes in the Prometheus text format (version 0.0.4): HTTP
// requests by route, GraphQL operations by name, Neo4j transactions by operation, and gauges
// of the connection use and the Go runtime. It is hand-written rather than built on
// client_golang: a dozen series need no dependency tree, and the format is small and stable.
//
// Label values are bounded: routes are the mux's patterns, Neo4j operations are constants of
// package store, and GraphQL operation names — chosen by clients — are kept only when they are
// GraphQL names, while fewer than maxOperations distinct ones have been seen, and, for callers
// without a token, only when they are known (the embedded UI's operations and configured ones);
// the rest count as "other", so that anonymous callers cannot fill the slots.
type Metrics struct {
	mu      sync.Mutex
	started time.Time
	st      *store.Store

	httpCount map[[3]string]uint64 // route, method, code
	httpDur   map[string]*histogram
	gqlCount  map[[2]string]uint64 // operation, outcome
	gqlDur    map[string]*histogram
	dbCount   map[[3]string]uint64 // op, mode, outcome
	dbDur     map[[2]string]*histogram
	opNames   map[string]bool
	// knownOps are the names counted for anonymous callers (the UI's and configured ones);
	// cost feeds the budget and analysis series.
	knownOps map[string]bool
	cost     *cost
	// cache feeds the response-cache series.
	cache *responseCache
	// warm feeds the warm-up's series (warmup.go); nil: none.
	warm *WarmUp
}

const maxOperations = 200

var (
	httpBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	dbBuckets   = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
)

type histogram struct {
	bounds []float64
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func newHistogram(bounds []float64) *histogram {
	return &histogram{bounds: bounds, counts: make([]uint64, len(bounds)+1)}
}

func (h *histogram) observe(v float64) {
	i := sort.SearchFloat64s(h.bounds, v) // first bound >= v
	h.counts[i]++
	h.sum += v
	h.n++
}

// NewMetrics starts collecting; with a store, it observes every Neo4j transaction.
func NewMetrics(st *store.Store) *Metrics {
	m := &Metrics{started: time.Now(), st: st,
		httpCount: map[[3]string]uint64{}, httpDur: map[string]*histogram{},
		gqlCount: map[[2]string]uint64{}, gqlDur: map[string]*histogram{},
		dbCount: map[[3]string]uint64{}, dbDur: map[[2]string]*histogram{}, opNames: map[string]bool{}}
	if st != nil {
		st.OnQuery(m.observeQuery)
	}
	return m
}

func (m *Metrics) observeQuery(e store.QueryEvent) {
	outcome := "ok"
	if e.Err != nil {
		outcome = "error"
	}
	op := e.Op
	if i := strings.IndexByte(op, ' '); i > 0 && strings.HasPrefix(op, "export ") {
		op = op[:i] // "export Component" and the like: one series for exports
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.dbCount[[3]string{op, e.Mode, outcome}]++
	k := [2]string{op, e.Mode}
	h := m.dbDur[k]
	if h == nil {
		h = newHistogram(dbBuckets)
		m.dbDur[k] = h
	}
	h.observe(e.Duration.Seconds())
}

// Wrap counts and times every request by the route the mux chose for it. next must be the
// mux itself: it records the pattern on the request it is handed.
func (m *Metrics) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if i := strings.IndexByte(route, ' '); i >= 0 {
			route = route[i+1:] // "GET /healthz" -> "/healthz"
		}
		if route == "" {
			route = "unmatched"
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.httpCount[[3]string{route, r.Method, strconv.Itoa(sw.status)}]++
		h := m.httpDur[route]
		if h == nil {
			h = newHistogram(httpBuckets)
			m.httpDur[route] = h
		}
		h.observe(time.Since(start).Seconds())
	})
}

// Flush lets a streaming response through the status recorder.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// ExtensionName, Validate and InterceptResponse make Metrics a gqlgen extension that counts and
// times each operation, from the start of its parsing to its response.
func (m *Metrics) ExtensionName() string { return "Metrics" }

// Validate implements graphql.HandlerExtension.
func (m *Metrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (m *Metrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if !graphql.HasOperationContext(ctx) || isWarmUp(ctx) {
		// The warm-up's operations are not the clients': it has series of its own.
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	name := oc.OperationName
	if name == "" && oc.Operation != nil {
		name = oc.Operation.Name
	}
	outcome := "ok"
	if resp == nil || len(resp.Errors) > 0 {
		outcome = "error"
	}
	start := oc.Stats.OperationStart
	if start.IsZero() {
		return resp
	}
	d := time.Since(start).Seconds()
	if _, ok := model.PrincipalFrom(ctx); !ok && name != "" && !m.knownOps[name] {
		name = "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	name = m.operationLabel(name)
	m.gqlCount[[2]string{name, outcome}]++
	h := m.gqlDur[name]
	if h == nil {
		h = newHistogram(httpBuckets)
		m.gqlDur[name] = h
	}
	h.observe(d)
	return resp
}

// operationLabel bounds the operation names: m.mu is held.
func (m *Metrics) operationLabel(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case name == "other":
		return name
	case m.opNames[name]:
		return name
	case !gqlName(name) || len(m.opNames) >= maxOperations:
		return "other"
	}
	m.opNames[name] = true
	return name
}

func gqlName(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ServeHTTP writes the exposition.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	m.write(bw)
	_ = bw.Flush() // a client gone meanwhile is nothing to report
}

func (m *Metrics) write(w *bufio.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	header := func(name, typ, help string) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	header("archgraph_http_requests_total", "counter", "HTTP requests by route (the mux pattern), method and status code.")
	for _, k := range sortedKeys3(m.httpCount) {
		fmt.Fprintf(w, "archgraph_http_requests_total{route=%s,method=%s,code=%s} %d\n", q(k[0]), q(k[1]), q(k[2]), m.httpCount[k])
	}
	header("archgraph_http_request_duration_seconds", "histogram", "HTTP request latency by route.")
	for _, k := range sortedKeys1(m.httpDur) {
		writeHistogram(w, "archgraph_http_request_duration_seconds", "route="+q(k), m.httpDur[k])
	}
	header("archgraph_graphql_operations_total", "counter", "GraphQL operations by operation name and outcome (ok, or error when the response has errors).")
	for _, k := range sortedKeys2(m.gqlCount) {
		fmt.Fprintf(w, "archgraph_graphql_operations_total{operation=%s,outcome=%s} %d\n", q(k[0]), q(k[1]), m.gqlCount[k])
	}
	header("archgraph_graphql_operation_duration_seconds", "histogram", "GraphQL operation latency, from parsing to response, by operation name.")
	for _, k := range sortedKeys1(m.gqlDur) {
		writeHistogram(w, "archgraph_graphql_operation_duration_seconds", "operation="+q(k), m.gqlDur[k])
	}
	header("archgraph_neo4j_transactions_total", "counter", "Neo4j transactions by operation, access mode and outcome.")
	for _, k := range sortedKeys3(m.dbCount) {
		fmt.Fprintf(w, "archgraph_neo4j_transactions_total{op=%s,mode=%s,outcome=%s} %d\n", q(k[0]), q(k[1]), q(k[2]), m.dbCount[k])
	}
	header("archgraph_neo4j_transaction_duration_seconds", "histogram", "Neo4j transaction latency (retries included) by operation and access mode.")
	for _, k := range sortedKeys2(m.dbDur) {
		writeHistogram(w, "archgraph_neo4j_transaction_duration_seconds", "op="+q(k[0])+",mode="+q(k[1]), m.dbDur[k])
	}
	if m.st != nil {
		header("archgraph_neo4j_transactions_in_flight", "gauge", "Neo4j transactions running now; each holds one pooled connection (the driver exposes no pool statistics).")
		fmt.Fprintf(w, "archgraph_neo4j_transactions_in_flight %d\n", m.st.InFlight())
		header("archgraph_neo4j_pool_max_connections", "gauge", "The configured connection pool size (0: the driver's default).")
		fmt.Fprintf(w, "archgraph_neo4j_pool_max_connections %d\n", m.st.MaxPool())
		_, _, nodes, rels, took := m.st.ImpactIndexStats()
		header("archgraph_impact_index_nodes", "gauge", "Nodes held by the impact index (0: none built, or --impact-index=false).")
		fmt.Fprintf(w, "archgraph_impact_index_nodes %d\n", nodes)
		header("archgraph_impact_index_relationships", "gauge", "DEPENDS_ON relationships held by the impact index.")
		fmt.Fprintf(w, "archgraph_impact_index_relationships %d\n", rels)
		header("archgraph_impact_index_build_seconds", "gauge", "How long the impact index's last build took.")
		fmt.Fprintf(w, "archgraph_impact_index_build_seconds %g\n", took.Seconds())
		header("archgraph_impact_index_answers_total", "counter", "Impact searches answered by the impact index (the others ran in Neo4j).")
		fmt.Fprintf(w, "archgraph_impact_index_answers_total %d\n", m.st.ImpactIndexAnswers())
	}
	if c := m.cache; c != nil {
		hits, misses, evictions, uncacheable, bytes, entries := c.stats()
		header("archgraph_cache_requests_total", "counter", "Queries answered from the response cache (hit), run and kept (miss), or run without it because the graph version could not be read (bypass).")
		fmt.Fprintf(w, "archgraph_cache_requests_total{result=\"hit\"} %d\n", hits)
		fmt.Fprintf(w, "archgraph_cache_requests_total{result=\"miss\"} %d\n", misses)
		fmt.Fprintf(w, "archgraph_cache_requests_total{result=\"bypass\"} %d\n", uncacheable)
		header("archgraph_cache_coalesced_total", "counter", "Misses answered by an identical query that was already running (single-flight), not run again.")
		fmt.Fprintf(w, "archgraph_cache_coalesced_total %d\n", c.coalescedCount())
		header("archgraph_cache_evictions_total", "counter", "Answers dropped from the response cache to stay within its size.")
		fmt.Fprintf(w, "archgraph_cache_evictions_total %d\n", evictions)
		header("archgraph_cache_bytes", "gauge", "Bytes of answers held by the response cache.")
		fmt.Fprintf(w, "archgraph_cache_bytes %d\n", bytes)
		header("archgraph_cache_max_bytes", "gauge", "The response cache's size limit (0: off).")
		fmt.Fprintf(w, "archgraph_cache_max_bytes %d\n", max(c.maxBytes, 0))
		header("archgraph_cache_entries", "gauge", "Answers held by the response cache.")
		fmt.Fprintf(w, "archgraph_cache_entries %d\n", entries)
	}
	if c := m.cost; c != nil {
		header("archgraph_cost_points_total", "counter", "Complexity points charged to clients' budgets.")
		fmt.Fprintf(w, "archgraph_cost_points_total %d\n", c.spent.Load())
		header("archgraph_cost_refusals_total", "counter", "Operations and analyses refused with RATE_LIMITED, by reason (budget: the client's points per second; analyses: no analysis slot).")
		fmt.Fprintf(w, "archgraph_cost_refusals_total{reason=\"budget\"} %d\n", c.refusedBudget.Load())
		fmt.Fprintf(w, "archgraph_cost_refusals_total{reason=\"analyses\"} %d\n", c.refusedAnalyses.Load())
		header("archgraph_cost_budget_points_per_second", "gauge", "Each client's budget refill rate (0: no budget).")
		fmt.Fprintf(w, "archgraph_cost_budget_points_per_second %s\n", formatValue(c.l.PointsPerSecond))
		header("archgraph_cost_budget_burst_points", "gauge", "Each client's budget when rested.")
		fmt.Fprintf(w, "archgraph_cost_budget_burst_points %d\n", c.l.Burst)
		header("archgraph_analyses_max", "gauge", "Analyses allowed to run at once (0: no limit).")
		fmt.Fprintf(w, "archgraph_analyses_max %d\n", c.l.MaxAnalyses)
		header("archgraph_analyses_running", "gauge", "Analyses running now.")
		fmt.Fprintf(w, "archgraph_analyses_running %d\n", c.running.Load())
		header("archgraph_analyses_waiting", "gauge", "Analyses waiting for a slot now.")
		fmt.Fprintf(w, "archgraph_analyses_waiting %d\n", c.waiting.Load())
	}
	if m.warm != nil {
		m.warm.writeMetrics(header, func(format string, args ...any) { fmt.Fprintf(w, format, args...) })
	}
	if m.st != nil {
		down := 0
		if m.st.Down() {
			down = 1
		}
		header("archgraph_neo4j_down", "gauge", "1 while the health probe finds Neo4j unreachable (requests then fail fast with UNAVAILABLE).")
		fmt.Fprintf(w, "archgraph_neo4j_down %d\n", down)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	header("archgraph_go_goroutines", "gauge", "Goroutines now.")
	fmt.Fprintf(w, "archgraph_go_goroutines %d\n", runtime.NumGoroutine())
	header("archgraph_go_heap_alloc_bytes", "gauge", "Bytes of allocated heap objects.")
	fmt.Fprintf(w, "archgraph_go_heap_alloc_bytes %d\n", ms.HeapAlloc)
	header("archgraph_process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.")
	fmt.Fprintf(w, "archgraph_process_start_time_seconds %d\n", m.started.Unix())
}

func writeHistogram(w *bufio.Writer, name, labels string, h *histogram) {
	var cum uint64
	for i, b := range h.bounds {
		cum += h.counts[i]
		fmt.Fprintf(w, "%s_bucket{%s,le=%q} %d\n", name, labels, strconv.FormatFloat(b, 'g', -1, 64), cum)
	}
	cum += h.counts[len(h.bounds)]
	fmt.Fprintf(w, "%s_bucket{%s,le=\"+Inf\"} %d\n", name, labels, cum)
	fmt.Fprintf(w, "%s_sum{%s} %s\n", name, labels, formatValue(h.sum))
	fmt.Fprintf(w, "%s_count{%s} %d\n", name, labels, h.n)
}

func formatValue(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// q quotes a label value as the text format wants: backslash, double quote and newline escaped.
func q(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func sortedKeys1[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys2[V any](m map[[2]string]V) [][2]string {
	out := make([][2]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+"\x00"+out[i][1] < out[j][0]+"\x00"+out[j][1] })
	return out
}

func sortedKeys3[V any](m map[[3]string]V) [][3]string {
	out := make([][3]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		return strings.Join(out[i][:], "\x00") < strings.Join(out[j][:], "\x00")
	})
	return out
}
