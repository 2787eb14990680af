package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
)

// uiOp posts the web UI's operation name with vars to h as the browser does (api.ts: the
// document and the variables, no operation name, anonymous) and returns the answer's body.
func uiOp(t *testing.T, h http.Handler, name string, vars map[string]any) string {
	t.Helper()
	return uiOpAs(t, h, "", name, vars)
}

// uiOpAs is uiOp signed in with token ("" for anonymous).
func uiOpAs(t *testing.T, h http.Handler, token, name string, vars map[string]any) string {
	t.Helper()
	raw, err := os.ReadFile("ui_operations.json")
	if err != nil {
		t.Fatal(err)
	}
	var ops []struct{ Name, Document string }
	if err := json.Unmarshal(raw, &ops); err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if op.Name != name {
			continue
		}
		body, _ := json.Marshal(map[string]any{"query": op.Document, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Archgraph-Client", "web")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
			t.Fatalf("%s: %d %s", name, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	t.Fatalf("the web UI has no operation %s", name)
	return ""
}

// waitMetric polls series on h until ok holds, or fails after limit.
func waitMetric(t *testing.T, h http.Handler, series string, limit time.Duration, ok func(float64) bool) {
	t.Helper()
	end := time.Now().Add(limit)
	for {
		v := metric(t, h, series)
		if ok(v) {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("%s is still %v after %s", series, v, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRefreshAfterWrites: once the warm-up is done, a write (here through another instance over
// the same database) makes the server run the dashboards' operations again when writes pause:
// the Overview's next visitor reads its answers from the response cache, and they hold the
// write. Without a write, nothing runs again.
func TestRefreshAfterWrites(t *testing.T) {
	a := newAPI(t)
	h, w, log := warmServer(t, a)
	w.RefreshEvery = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() { w.Run(ctx); close(ended) }()
	defer func() { cancel(); <-ended }()
	waitMetric(t, h, "archgraph_warmup_state", 5*time.Minute, func(v float64) bool { return v == 3 })

	const hit = `archgraph_cache_requests_total{result="hit"}`
	scopeStatus := func() (count int, cached bool) {
		t.Helper()
		hits := metric(t, h, hit)
		var out struct {
			Data struct{ ComponentAggregate struct{ Count int } }
		}
		if err := json.Unmarshal([]byte(uiOp(t, h, "OverviewScopeStatus", map[string]any{})), &out); err != nil {
			t.Fatal(err)
		}
		return out.Data.ComponentAggregate.Count, metric(t, h, hit) == hits+1
	}
	n0, cached := scopeStatus()
	if !cached {
		t.Fatal("the Overview's first visitor after the warm-up missed the response cache")
	}
	refreshed := metric(t, h, `archgraph_refresh_total{result="done"}`)
	if refreshed != 0 {
		t.Fatalf("%v refreshes before any write", refreshed)
	}

	a.token = editorToken
	d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"code": "TEST-REFRESH-1", "name": "Làm mới thử", "nameEn": "Refresh test", "kind": "APPLICATION", "scope": "PROVINCE",
		"layer": "L3", "owner": "HA-NOI"}})
	created := dig(d, "createComponent", "id").(string)
	defer func() {
		if err := a.st.DeleteComponent(context.Background(), model.Principal{Name: "test", Role: model.RoleAdmin}, created); err != nil {
			t.Error(err)
		}
	}()
	waitMetric(t, h, `archgraph_refresh_total{result="done"}`, 2*time.Minute, func(v float64) bool { return v == 1 })
	if n, cached := scopeStatus(); n != n0+1 || !cached {
		t.Fatalf("after the write and the refresh: %d components (want %d), from the cache %v (want true)", n, n0+1, cached)
	}
	// The slowest KPI too, and exactly as the Overview asks it.
	hits := metric(t, h, hit)
	uiOp(t, h, "KpiRules", map[string]any{})
	if metric(t, h, hit) != hits+1 {
		t.Fatal("KpiRules after the refresh missed the response cache")
	}
	// A signed-in dashboard gets the refreshed answers too (the answer does not depend on who
	// asks: cache.go, callerFree).
	hits = metric(t, h, hit)
	uiOpAs(t, h, viewerToken, "KpiRules", map[string]any{})
	if metric(t, h, hit) != hits+1 {
		t.Fatal("KpiRules signed in after the refresh missed the response cache")
	}
	if !strings.Contains(log.String(), `msg="refresh after writes: done"`) {
		t.Fatalf("the log does not say the refresh ran:\n%s", log.String())
	}

	// No write: the version holds and nothing runs again.
	time.Sleep(5 * w.RefreshEvery)
	if got := metric(t, h, `archgraph_refresh_total{result="done"}`); got != 1 {
		t.Fatalf("%v refreshes without a write, want 1", got)
	}
	if got := metric(t, h, `archgraph_refresh_total{result="failed"}`); got != 0 {
		t.Fatalf("%v refreshes failed:\n%s", got, log.String())
	}
}
