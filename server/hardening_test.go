package server_test

// The hostile-input suite of issue 17: each test replays one class of request that got through
// before, against a real HTTP server (httptest) over the test Neo4j.

import (
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
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

const adminToken = "admin-token-0123456789abcdef"

// clientToken is the i-th of the extra viewer tokens, for tests that need many clients.
func clientToken(i int) string { return fmt.Sprintf("client-%02d-token-0123456789abcdef", i) }

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// hardened is a real HTTP server over the shared fixture, with its options adjusted by opts.
type hardened struct {
	t    testing.TB
	st   *store.Store
	srv  *httptest.Server
	logs *syncBuffer
}

func newHardened(t testing.TB, st *store.Store, opts func(*server.Options)) *hardened {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tokens")
	body := editorToken + " editor test-editor\n" + viewerToken + " viewer test-viewer\n" + adminToken + " admin test-admin\n"
	for i := 0; i < 16; i++ {
		body += clientToken(i) + " viewer client-" + fmt.Sprint(i) + "\n"
	}
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	tokens, err := server.LoadTokens(p)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	o := server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st, Version: model.Version{Version: "test"}},
		Log: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})), Tokens: tokens,
		RequestTimeout: time.Minute}
	if opts != nil {
		opts(&o)
	}
	srv := httptest.NewServer(server.New(o))
	t.Cleanup(srv.Close)
	return &hardened{t: t, st: st, srv: srv, logs: logs}
}

type httpResult struct {
	status int
	header http.Header
	body   string
	gql    gqlResponse
	took   time.Duration
}

func (h *hardened) do(method, path string, body io.Reader, hdr map[string]string) httpResult {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := httpResult{status: resp.StatusCode, header: resp.Header, body: string(b), took: time.Since(start)}
	r.gql.Status, r.gql.Raw = r.status, r.body
	_ = json.Unmarshal(b, &r.gql)
	return r
}

func (h *hardened) gql(token, q string, vars map[string]any) httpResult {
	h.t.Helper()
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	hdr := map[string]string{}
	if token != "" {
		hdr["Authorization"] = "Bearer " + token
	}
	return h.do("POST", "/graphql", bytes.NewReader(b), hdr)
}

// Class 1: a chunked body over the limit is 413, as an announced one is.
func TestHostileChunkedBodyOverLimit(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) { o.MaxBodyBytes = 64 << 10 })
	body := `{"query":"{ layers { code } }","variables":{"x":"` + strings.Repeat("x", 200<<10) + `"}}`
	// io.MultiReader hides the length: the client sends Transfer-Encoding: chunked.
	r := h.do("POST", "/graphql", io.MultiReader(strings.NewReader(body)), nil)
	if r.status != 413 || r.gql.code() != model.CodePayloadTooLarge {
		t.Fatalf("chunked 200 KiB body: %d %s, want 413 PAYLOAD_TOO_LARGE", r.status, clipBody(r.body))
	}
	r = h.do("POST", "/graphql", strings.NewReader(body), nil)
	if r.status != 413 {
		t.Fatalf("announced 200 KiB body: %d", r.status)
	}
}

// Class 2: malformed bodies are 400 BAD_REQUEST naming the problem, and no body reaches the log.
func TestHostileMalformedBodies(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, nil)
	marker := "MARKER" + strings.Repeat("m", 200<<10)
	deep := `{"query":"query($v: String) { layers { code } }","variables":{"v":` + strings.Repeat(`{"a":`, 20000) + `1` + strings.Repeat(`}`, 20000) + `}}`
	for _, tc := range []struct{ name, body, want string }{
		{"batch array", `[{"query":"{ layers { code } }"},{"query":"{ rules { code } }"}]`, "batched operations are not supported"},
		{"broken JSON", `{"query":"{ layers { code } }", "` + marker, "not valid JSON"},
		{"empty body", ``, "empty"},
		{"only spaces", "   \n ", "empty"},
		{"20k-deep variables", deep, "nested more than"},
		{"not UTF-8", "{\"query\":\"{ layers { code } }\",\"variables\":{\"x\":\"\xff\xfe" + marker + "\"}}", "not valid UTF-8"},
		{"a string", `"{ layers { code } }"`, "not a JSON object"},
		{"unknown field", `{"query":"{ layers { code } }","operationNam":1}`, "unknown field"},
		{"variables not an object", `{"query":"{ layers { code } }","variables":[1,2]}`, "must be an object"},
	} {
		r := h.do("POST", "/graphql", strings.NewReader(tc.body), nil)
		if r.status != 400 || r.gql.code() != model.CodeBadRequest || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d %s, want 400 BAD_REQUEST mentioning %q", tc.name, r.status, clipBody(r.body), tc.want)
		}
		if strings.Contains(r.body, "MARKER") {
			t.Errorf("%s: the response echoes the body", tc.name)
		}
	}
	r := h.do("GET", "/graphql?query="+urlQuery("{ layers { code } }")+"&variables=%5B1%5D", nil, nil)
	if r.status != 400 || r.gql.code() != model.CodeBadRequest {
		t.Errorf("GET with array variables: %d %s", r.status, clipBody(r.body))
	}
	logs := h.logs.String()
	if strings.Contains(logs, "MARKER") || strings.Contains(logs, `"level":"ERROR"`) || len(logs) > 20000 {
		t.Errorf("malformed bodies were logged (%d bytes of log):\n%s", len(logs), clipBody(logs))
	}
}

func urlQuery(s string) string {
	r := strings.NewReplacer(" ", "%20", "{", "%7B", "}", "%7D", "\"", "%22", "(", "%28", ")", "%29", ":", "%3A", "$", "%24", "!", "%21")
	return r.Replace(s)
}

// Class 3: no field, argument, type, enum or fragment suggestions unless --dev.
func TestHostileNoSuggestions(t *testing.T) {
	a := newAPI(t)
	queries := []string{
		`{ layr { code } }`,
		`{ components(first: 1) { edges { node { cod } } } }`,
		`{ components(frist: 1) { totalCount } }`,
		`fragment f on Componnt { code } { components(first: 1) { edges { node { ...f } } } }`,
		`{ components(filter: {scope: NATIONL}) { totalCount } }`,
		`{ components(filter: {scoep: NATIONAL}) { totalCount } }`,
		`{ layers { cod } }`,
	}
	for _, dev := range []bool{false, true} {
		h := newHardened(t, a.st, func(o *server.Options) { o.Dev = dev })
		suggested := 0
		for _, q := range queries {
			r := h.gql("", q, nil)
			if len(r.gql.Errors) == 0 {
				t.Fatalf("%s: no error: %s", q, r.body)
			}
			if strings.Contains(r.body, "Did you mean") {
				suggested++
				if !dev {
					t.Errorf("--dev off, %s: %s", q, clipBody(r.body))
				}
			}
		}
		// A variable's enum value goes through another path (variable coercion).
		r := h.gql("", `query($s: [Scope!]) { components(filter: {scope: $s}) { totalCount } }`, map[string]any{"s": []string{"NATIONL"}})
		if !dev && strings.Contains(r.body, "Did you mean") {
			t.Errorf("--dev off, enum variable: %s", clipBody(r.body))
		}
		if dev && suggested == 0 {
			t.Errorf("with --dev, no query got a suggestion: the check above cannot fail")
		}
	}
}

// Class 4: control characters, bidi overrides, invisible-only names and invalid UTF-8 are
// refused by the API, naming the field, and nothing is written.
func TestHostileControlCharacters(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, nil)
	before := checksum(t, a.st)
	create := `mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`
	for _, tc := range []struct{ name, value, want string }{
		{"NUL", "Hệ thống\x00", "U+0000 (NUL)"},
		{"ESC", "Sở \x1b[31mđỏ", "U+001B (ESC)"},
		{"RLO", "abc\u202egnp.exe", "U+202E (RLO)"},
		{"ZWSP only", "\u200b\u200b\u200b", "no visible character"},
		{"line break", "Hai\ndòng", "line break"},
		{"tag characters", "x\U000E0041\U000E0042", "tag character"},
	} {
		for _, field := range []string{"name", "nameEn"} {
			in := map[string]any{"code": "TEST-CTRL", "name": "Tên", "nameEn": "Name", "kind": "PLATFORM", "scope": "PROVINCE", "layer": "L2", "owner": "HA-NOI"}
			in[field] = tc.value
			r := h.gql(editorToken, create, map[string]any{"in": in})
			if r.gql.code() != model.CodeBadInput || !strings.Contains(r.body, field+": ") || !strings.Contains(r.body, tc.want) {
				t.Errorf("%s in %s: %s, want BAD_USER_INPUT naming %s and %q", tc.name, field, clipBody(r.body), field, tc.want)
			}
		}
	}
	// Invalid UTF-8 inside the JSON body: refused, never turned into U+FFFD.
	raw := "{\"query\":\"mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }\",\"variables\":{\"in\":{\"code\":\"TEST-CTRL\",\"name\":\"T\xc3\x28n\",\"nameEn\":\"N\",\"kind\":\"PLATFORM\",\"scope\":\"PROVINCE\",\"layer\":\"L2\"}}}"
	r := h.do("POST", "/graphql", strings.NewReader(raw), map[string]string{"Authorization": "Bearer " + editorToken})
	if r.status != 400 || !strings.Contains(r.body, "UTF-8") {
		t.Errorf("invalid UTF-8: %d %s", r.status, clipBody(r.body))
	}
	if after := checksum(t, a.st); after != before {
		t.Fatal("refused names changed the graph")
	}
	// updateComponent goes through the same policy.
	r = h.gql(editorToken, `mutation { updateComponent(id: "NDXP", input: {name: "x\u202ey"}) { id } }`, nil)
	if r.gql.code() != model.CodeBadInput || !strings.Contains(r.body, "RLO") {
		t.Errorf("update with RLO: %s", clipBody(r.body))
	}
}

// Class 9: while Neo4j is unreachable, requests fail fast with UNAVAILABLE (503, Retry-After),
// and serve again by themselves once it is back. Neo4j is cut off by a TCP proxy in front of
// the test instance (never by stopping it: other tests share it).
func TestHostileNeo4jDownFailsFast(t *testing.T) {
	newAPI(t) // the fixture
	px := newCutProxy(t)
	st := px.store(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st.WatchHealth(ctx, 100*time.Millisecond, 500*time.Millisecond)
	h := newHardened(t, st, func(o *server.Options) { o.RequestTimeout = 30 * time.Second })
	q := `{ component(code: "NDXP") { name } }`
	if r := h.gql("", q, nil); r.status != 200 || len(r.gql.Errors) > 0 {
		t.Fatalf("before the cut: %d %s", r.status, r.body)
	}
	px.cut()
	// The first request may meet the cut before the probe does; from then on they fail at once.
	for i := 0; i < 5; i++ {
		r := h.gql("", q, nil)
		if r.status != 503 || r.gql.code() != model.CodeUnavailable || r.header.Get("Retry-After") == "" {
			t.Fatalf("request %d while down: %d %s (Retry-After %q), want 503 UNAVAILABLE with Retry-After", i, r.status, r.body, r.header.Get("Retry-After"))
		}
		// The request deadline is 30 s: failing well below it means failing fast, not timing out.
		if r.took > 5*time.Second {
			t.Errorf("request %d while down took %s", i, r.took)
		}
		if strings.Contains(r.body, px.addr) || strings.Contains(r.body, "127.0.0.1") {
			t.Errorf("the error shows the database's address: %s", r.body)
		}
	}
	if r := h.do("GET", "/readyz", nil, nil); r.status != 503 || strings.Contains(r.body, "127.0.0.1") {
		t.Errorf("/readyz while down: %d %s (must not show the address to anonymous callers)", r.status, r.body)
	}
	px.restore()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := h.gql("", q, nil)
		if r.status == 200 && len(r.gql.Errors) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery 20 s after Neo4j came back: %d %s", r.status, r.body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Class 9 too: a Neo4j that answers late for a while (a long GC pause, a loaded machine) is not
// taken for down — in-flight work would be cancelled and every request refused while it answers —
// until its probes have run out of time for seconds in a row; then it is, and it serves again
// once it answers.
func TestHostileNeo4jSlowIsNotDown(t *testing.T) {
	newAPI(t) // the fixture
	px := newCutProxy(t)
	st := px.store(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st.WatchHealth(ctx, 100*time.Millisecond, 300*time.Millisecond)
	if err := st.Ping(ctx, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // a probe answered
	px.stall(true)
	time.Sleep(1500 * time.Millisecond) // three or four probes ran out of time
	if st.Down() {
		t.Fatal("Neo4j taken for down after 1.5 s of late answers")
	}
	deadline := time.Now().Add(8 * time.Second)
	for !st.Down() {
		if time.Now().After(deadline) {
			t.Fatal("Neo4j not taken for down after 9.5 s without an answer")
		}
		time.Sleep(50 * time.Millisecond)
	}
	px.stall(false)
	deadline = time.Now().Add(10 * time.Second)
	for st.Down() {
		if time.Now().After(deadline) {
			t.Fatal("still down 10 s after Neo4j answers again")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cutProxy forwards TCP to the test Neo4j until cut: then it closes every connection and
// refuses new ones, as a dead Neo4j host would; restore listens again on the same port. While
// stalled it holds every byte back (both ways), as a Neo4j that does not answer in time would.
type cutProxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
	stalled      atomic.Bool
}

// stall holds the traffic back (on) or lets it through again (off).
func (p *cutProxy) stall(on bool) { p.stalled.Store(on) }

// pipe copies src to dst, holding each read back while the proxy is stalled.
func (p *cutProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for p.stalled.Load() {
			time.Sleep(5 * time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func newCutProxy(t testing.TB) *cutProxy {
	target := strings.TrimPrefix(strings.TrimPrefix(storetest.URI(), "bolt://"), "neo4j://")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{addr: ln.Addr().String(), target: target}
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go p.pipe(u, c)
			go p.pipe(c, u)
		}
	}()
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *cutProxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		panic(err)
	}
	p.serve(ln)
}

// store opens a Store that reaches Neo4j through the proxy, with the production retry budget.
func (p *cutProxy) store(t testing.TB) *store.Store {
	st, err := store.Open(store.Config{URI: "bolt://" + p.addr, MaxPool: 20, ConnectTimeout: 5 * time.Second, RetryBudget: 30 * time.Second},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	return st
}

// Class 10: a body that trickles in gets 408 within the body timeout, and is logged and counted
// as 408.
func TestHostileSlowBody(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) { o.BodyTimeout = 500 * time.Millisecond })
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write([]byte(`{"query":"{ layers`))
		time.Sleep(3 * time.Second)
		_, _ = pw.Write([]byte(` { code } }"}`))
		pw.Close()
	}()
	r := h.do("POST", "/graphql", pr, nil)
	if r.status != 408 || r.gql.code() != model.CodeRequestTimeout {
		t.Fatalf("slow body: %d %s, want 408 REQUEST_TIMEOUT", r.status, r.body)
	}
	if r.took > 2500*time.Millisecond {
		t.Errorf("slow body held the request %s (body timeout 500ms)", r.took)
	}
	if !strings.Contains(h.logs.String(), `"status":408`) {
		t.Errorf("the request log does not say 408:\n%s", clipBody(h.logs.String()))
	}
	m := h.do("GET", "/metrics", nil, nil)
	if !strings.Contains(m.body, `archgraph_http_requests_total{route="/graphql",method="POST",code="408"} 1`) {
		t.Errorf("/metrics does not count the 408")
	}
}

// Class 11: each client has a budget of complexity points per second; past it 429 with
// Retry-After, while another client is still served.
func TestHostileCostBudget(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) {
		o.Cost = &server.CostLimits{PointsPerSecond: 1, Burst: 20000, MaxAnalyses: 2}
	})
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&aliases, ` i%d: impact(of: "NDXP", maxDepth: 10) { total }`, i)
	}
	aliases.WriteString(" }")
	limited := 0
	var last httpResult
	for i := 0; i < 12 && limited == 0; i++ {
		last = h.gql("", aliases.String(), nil)
		if last.status == 429 {
			limited++
		}
	}
	if limited == 0 || last.gql.code() != model.CodeRateLimited || last.header.Get("Retry-After") == "" {
		t.Fatalf("30 aliased depth-10 impacts, repeated: never 429 with Retry-After (last %d %s)", last.status, clipBody(last.body))
	}
	// Another client (a token) has its own budget.
	if r := h.gql(clientToken(1), `{ layers { code } }`, nil); r.status != 200 || len(r.gql.Errors) > 0 {
		t.Errorf("another client was refused: %d %s", r.status, r.body)
	}
	m := h.do("GET", "/metrics", nil, nil)
	if !strings.Contains(m.body, `archgraph_cost_refusals_total{reason="budget"}`) || strings.Contains(m.body, `archgraph_cost_refusals_total{reason="budget"} 0`) {
		t.Errorf("/metrics does not count the refusal")
	}
}

// Class 11 (analyses): with one analysis slot, concurrent analyses never run two at a time (the
// running gauge is sampled while they run); those that get no slot in time are RATE_LIMITED
// with 429, never INTERNAL.
func TestHostileAnalysisSlots(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) {
		o.Cost = &server.CostLimits{MaxAnalyses: 1, MaxQueued: 2, AnalysisWait: 200 * time.Millisecond}
	})
	var mu sync.Mutex
	var wg sync.WaitGroup
	codes := map[string]int{}
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Each client's query differs (its alias), so that the response cache, which keeps
			// one answer for all callers of the same query, does not answer the others from
			// the first one's run: each needs its own analysis slot.
			r := h.gql(clientToken(i), fmt.Sprintf(`{ r%d: ruleViolationCount }`, i), nil)
			mu.Lock()
			defer mu.Unlock()
			codes[fmt.Sprint(r.status, " ", r.gql.code())]++
		}(i)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var peak int64 = -1
	for loop := true; loop; {
		select {
		case <-done:
			loop = false
		case <-time.After(10 * time.Millisecond):
			m := h.do("GET", "/metrics", nil, nil)
			for _, line := range strings.Split(m.body, "\n") {
				if v, ok := strings.CutPrefix(line, "archgraph_analyses_running "); ok {
					var now int64
					fmt.Sscan(v, &now)
					peak = max(peak, now)
				}
			}
		}
	}
	if peak != 1 {
		t.Errorf("at most %d analyses ran at once with one slot (-1: no archgraph_analyses_running gauge), want exactly 1", peak)
	}
	if codes["200 "] == 0 || codes["429 "+model.CodeRateLimited] == 0 || codes["200 "]+codes["429 "+model.CodeRateLimited] != 6 {
		t.Errorf("answers %v: want some served, some 429 RATE_LIMITED, nothing else", codes)
	}
}

// Class 12: the audit log needs a token.
func TestHostileAuditLogNeedsToken(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, nil)
	r := h.gql("", `{ changes(first: 5) { actor operation } }`, nil)
	if r.status != 401 || r.gql.code() != model.CodeUnauthenticated || r.gql.Data["changes"] != nil {
		t.Fatalf("anonymous changes: %d %s, want 401 UNAUTHENTICATED", r.status, clipBody(r.body))
	}
	if r := h.gql(viewerToken, `{ changes(first: 5) { actor } }`, nil); r.status != 200 || len(r.gql.Errors) > 0 {
		t.Fatalf("viewer changes: %d %s", r.status, r.body)
	}
}

// Class 13: the Bearer scheme is case-insensitive; every refusal of a token is HTTP 401 with
// WWW-Authenticate, a missing one for a mutation as a malformed one.
func TestHostileBearerAnd401(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, nil)
	q, _ := json.Marshal(map[string]any{"query": `{ changes(first: 1) { actor } }`})
	for _, scheme := range []string{"bearer", "BEARER", "Bearer", "bEaReR"} {
		r := h.do("POST", "/graphql", bytes.NewReader(q), map[string]string{"Authorization": scheme + " " + viewerToken})
		if r.status != 200 || len(r.gql.Errors) > 0 {
			t.Errorf("%s scheme: %d %s", scheme, r.status, clipBody(r.body))
		}
	}
	mutation, _ := json.Marshal(map[string]any{"query": `mutation { deleteComponent(id: "NDXP") }`})
	for name, hdr := range map[string]map[string]string{
		"missing token":   nil,
		"malformed":       {"Authorization": "Token abc"},
		"empty bearer":    {"Authorization": "Bearer "},
		"unknown token":   {"Authorization": "Bearer not-a-token-at-all-0123456789"},
		"basic auth":      {"Authorization": "Basic dXNlcjpwYXNz"},
		"two-part bearer": {"Authorization": "Bearer a b"},
	} {
		r := h.do("POST", "/graphql", bytes.NewReader(mutation), hdr)
		if r.status != 401 || r.gql.code() != model.CodeUnauthenticated || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: %d %s (WWW-Authenticate %q), want 401 UNAUTHENTICATED with WWW-Authenticate",
				name, r.status, clipBody(r.body), r.header.Get("WWW-Authenticate"))
		}
	}
	if r := h.gql(viewerToken, `mutation { deleteComponent(id: "NDXP") }`, nil); r.gql.code() != model.CodeForbidden {
		t.Errorf("viewer mutation: %s", r.body)
	}
}

// Class 14: nosniff everywhere; /readyz tells anonymous callers nothing about Neo4j; with
// RestrictOps /metrics and /readyz's details are for admin tokens.
func TestHostileOpsEndpoints(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) { o.RestrictOps = true })
	for _, p := range []string{"/graphql", "/healthz", "/readyz", "/metrics", "/"} {
		r := h.do("GET", p, nil, nil)
		if r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", p)
		}
	}
	if r := h.do("POST", "/graphql", strings.NewReader(`{"query":"{ layers { code } }"}`), nil); r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("POST /graphql: no nosniff")
	}
	if r := h.do("GET", "/metrics", nil, nil); r.status != 401 || strings.Contains(r.body, "archgraph_") {
		t.Errorf("/metrics anonymous with RestrictOps: %d", r.status)
	}
	if r := h.do("GET", "/metrics", nil, map[string]string{"Authorization": "Bearer " + viewerToken}); r.status != 403 {
		t.Errorf("/metrics viewer with RestrictOps: %d", r.status)
	}
	if r := h.do("GET", "/metrics", nil, map[string]string{"Authorization": "bearer " + adminToken}); r.status != 200 || !strings.Contains(r.body, "archgraph_http_requests_total") {
		t.Errorf("/metrics admin with RestrictOps: %d", r.status)
	}
	// A store whose Neo4j is not there: /readyz is 503 for everyone, the reason only for admins.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	deadAddr := ln.Addr().String()
	ln.Close()
	dead, err := store.Open(store.Config{URI: "bolt://" + deadAddr, ConnectTimeout: time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close(context.Background())
	hd := newHardened(t, dead, func(o *server.Options) { o.RestrictOps = true; o.ReadyTimeout = time.Second })
	r := hd.do("GET", "/readyz", nil, nil)
	if r.status != 503 || strings.Contains(r.body, deadAddr) || strings.Contains(r.body, "127.0.0.1") || r.header.Get("Retry-After") == "" {
		t.Errorf("/readyz anonymous while down: %d %s", r.status, r.body)
	}
	if r := hd.do("GET", "/readyz", nil, map[string]string{"Authorization": "Bearer " + adminToken}); r.status != 503 || !strings.Contains(r.body, deadAddr) {
		t.Errorf("/readyz admin while down: %d %s, want the detail", r.status, r.body)
	}
}

// Class 15: anonymous callers cannot fill /metrics with operation names.
func TestHostileOperationNameCardinality(t *testing.T) {
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) { o.KnownOperations = []string{"KnownOp"} })
	for i := 0; i < 300; i++ {
		name := fmt.Sprintf("Spam%d", i)
		b, _ := json.Marshal(map[string]any{"query": "query " + name + " { version { version } }", "operationName": name})
		h.do("POST", "/graphql", bytes.NewReader(b), nil)
	}
	b, _ := json.Marshal(map[string]any{"query": "query KnownOp { version { version } }", "operationName": "KnownOp"})
	h.do("POST", "/graphql", bytes.NewReader(b), nil)
	b, _ = json.Marshal(map[string]any{"query": "query TokenOp { version { version } }", "operationName": "TokenOp"})
	h.do("POST", "/graphql", bytes.NewReader(b), map[string]string{"Authorization": "Bearer " + viewerToken})
	m := h.do("GET", "/metrics", nil, nil)
	if strings.Contains(m.body, "Spam") {
		t.Errorf("anonymous operation names became labels")
	}
	for _, want := range []string{`operation="KnownOp"`, `operation="TokenOp"`, `archgraph_graphql_operations_total{operation="other",outcome="ok"} 300`} {
		if !strings.Contains(m.body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
