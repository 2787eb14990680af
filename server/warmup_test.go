package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
)

// warmServer is the fixture's server with a warm-up whose log goes to the returned buffer.
func warmServer(t *testing.T, a *api) (http.Handler, *server.WarmUp, *syncBuffer) {
	t.Helper()
	buf := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w := server.NewWarmUp(log)
	tokens, err := server.LoadTokens(writeTokens(t))
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Options{Store: a.st, Resolver: &resolvers.Resolver{Store: a.st, Version: model.Version{Version: "test"}},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Tokens: tokens, RequestTimeout: time.Minute, WarmUp: w})
	return h, w, buf
}

// metric reads one series of /metrics.
func metric(t *testing.T, h http.Handler, series string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("/metrics has no %s:\n%s", series, rec.Body.String())
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWarmUp: the warm-up runs every operation of its plan through the server — the previews
// and the pages' queries — without an error, reports its end in the log and /metrics, and
// writes nothing: the model's checksum, the audit log and the write version are those before,
// the conformance facts still current. Its operations are not counted as the clients'.
func TestWarmUp(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	h, w, log := warmServer(t, a)
	if got := metric(t, h, "archgraph_warmup_state"); got != 1 {
		t.Fatalf("state before Run %v, want 1 (waiting)", got)
	}
	before := writesSeen(t, a)
	w.Run(ctx)
	if after := writesSeen(t, a); after != before {
		t.Fatalf("the warm-up wrote: %s → %s", before, after)
	}
	if ok, _ := a.st.ConformanceFactsCurrent(ctx); !ok {
		t.Fatal("the warm-up left the facts stale")
	}
	out := log.String()
	if strings.Contains(out, "operation failed") || strings.Contains(out, "level=WARN") || !strings.Contains(out, `msg="warm-up done"`) {
		t.Fatalf("the warm-up did not end cleanly:\n%s", out)
	}
	planned := metric(t, h, `archgraph_warmup_operations{kind="planned"}`)
	ran := strings.Count(out, `msg="warm-up operation"`)
	if planned < 40 || float64(ran) != planned || metric(t, h, `archgraph_warmup_operations{kind="ran"}`) != planned {
		t.Fatalf("%v operations planned, %d ran:\n%s", planned, ran, out)
	}
	if n := strings.Count(out, "operation=PreviewComponentChange"); n != 3 {
		t.Fatalf("%d previews ran, want 3:\n%s", n, out)
	}
	if metric(t, h, "archgraph_warmup_state") != 3 || metric(t, h, `archgraph_warmup_operations{kind="failed"}`) != 0 ||
		metric(t, h, "archgraph_warmup_seconds") <= 0 {
		t.Fatal("/metrics does not say the warm-up is done")
	}
	if !regexp.MustCompile(`page_cache_nodes=[1-9]\d* page_cache_relationships=[1-9]`).MatchString(out) {
		t.Fatalf("the page cache was not read:\n%s", out)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if strings.Contains(rec.Body.String(), `operation="KpiDuplicates"`) {
		t.Fatal("/metrics counts the warm-up's operations as the clients'")
	}
	// The Overview's first visitor gets the warm-up's answer from the response cache: the
	// request exactly as the web UI posts it (api.ts: the document, the variables, no name).
	hits := metric(t, h, `archgraph_cache_requests_total{result="hit"}`)
	uiOp(t, h, "KpiDuplicates", map[string]any{})
	if got := metric(t, h, `archgraph_cache_requests_total{result="hit"}`); got != hits+1 {
		t.Fatalf("the UI's KpiDuplicates after the warm-up: %v cache hits, want %v", got, hits+1)
	}
	// The as-of pages were warmed as of today: the duplicates page as of today (the page's
	// variables) is answered from the cache too.
	uiOp(t, h, "DuplicationWorklist", map[string]any{"asOf": a.st.Today()})
	if got := metric(t, h, `archgraph_cache_requests_total{result="hit"}`); got != hits+2 {
		t.Fatalf("the UI's DuplicationWorklist as of today after the warm-up: %v cache hits, want %v", got, hits+2)
	}
}

// TestWarmUpWaitsAndStops: the warm-up waits for the refreshes it is given, and stops soon when
// the server's context ends (shutdown), saying so in the log and /metrics.
func TestWarmUpWaitsAndStops(t *testing.T) {
	a := newAPI(t)
	h, w, log := warmServer(t, a)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	refreshed := make(chan struct{})
	go w.Run(ctx, refreshed)
	time.Sleep(300 * time.Millisecond)
	if got := metric(t, h, "archgraph_warmup_state"); got != 1 || strings.Contains(log.String(), "warm-up started") {
		t.Fatalf("state %v before the refresh ended, want 1 (waiting):\n%s", got, log.String())
	}
	close(refreshed)
	deadline := time.Now().Add(time.Minute)
	for metric(t, h, `archgraph_warmup_operations{kind="ran"}`) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the warm-up did not start:\n%s", log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	stopped := time.Now()
	select {
	case <-w.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("the warm-up did not stop within 10 s of the shutdown:\n%s", log.String())
	}
	if metric(t, h, "archgraph_warmup_state") != 4 || !strings.Contains(log.String(), `msg="warm-up stopped"`) {
		t.Fatalf("the warm-up does not say it stopped:\n%s", log.String())
	}
	if metric(t, h, `archgraph_warmup_operations{kind="ran"}`) == metric(t, h, `archgraph_warmup_operations{kind="planned"}`) {
		t.Fatal("the warm-up ran to the end: the test stopped nothing")
	}
	t.Logf("stopped %s after the cancel", time.Since(stopped).Round(time.Millisecond))
}
