package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
)

// metricValue reads one series of h's /metrics.
func metricValue(t *testing.T, h http.Handler, series string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\d+)$`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("/metrics has no %s:\n%.2000s", series, rec.Body.String())
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestResponseCache: identical reads are answered from the cache until a write — through this
// instance, another instance over the same Neo4j, or the store itself — changes the graph;
// GET queries carry an ETag and get 304 while it holds.
func TestResponseCache(t *testing.T) {
	a := newAPI(t)
	tokens, err := server.LoadTokens(writeTokens(t))
	if err != nil {
		t.Fatal(err)
	}
	// A second instance over the same Neo4j, with its own cache (two servers behind a balancer).
	b := &api{t: t, st: a.st, h: server.New(server.Options{Store: a.st, Resolver: &resolvers.Resolver{Store: a.st},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Tokens: tokens, RequestTimeout: time.Minute})}
	const hit, miss = `archgraph_cache_requests_total{result="hit"}`, `archgraph_cache_requests_total{result="miss"}`
	q := `{ components(first: 3, filter: {owner: "HA-NOI"}) { totalCount edges { node { code } } } }`
	total := func(d map[string]any) int { return int(dig(d, "components", "totalCount").(float64)) }

	n0 := total(b.ok(q, nil))
	hits0, misses0 := metricValue(t, b.h, hit), metricValue(t, b.h, miss)
	if n := total(b.ok(q, nil)); n != n0 {
		t.Fatalf("the repeated read changed: %d then %d", n0, n)
	}
	if h, m := metricValue(t, b.h, hit), metricValue(t, b.h, miss); h != hits0+1 || m != misses0 {
		t.Fatalf("the repeated read: hits %d -> %d, misses %d -> %d (want one more hit)", hits0, h, misses0, m)
	}
	// Variables are part of the key.
	qv := `query($o: String) { components(first: 3, filter: {owner: $o}) { totalCount } }`
	if n := total(b.ok(qv, map[string]any{"o": "HA-NOI"})); n != n0 {
		t.Fatalf("HA-NOI by variable: %d, want %d", n, n0)
	}
	m1 := metricValue(t, b.h, miss)
	b.ok(qv, map[string]any{"o": "HUE"})
	if m := metricValue(t, b.h, miss); m != m1+1 {
		t.Fatalf("another value of the variable: misses %d -> %d (want a miss, not the cached answer)", m1, m)
	}

	// A write through instance A is seen at once by instance B.
	a.token = editorToken
	d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"code": "TEST-CACHE-1", "name": "Bộ đệm thử", "nameEn": "Cache test", "kind": "APPLICATION", "scope": "PROVINCE",
		"layer": "L3", "owner": "HA-NOI"}})
	created := dig(d, "createComponent", "id").(string)
	if n := total(b.ok(q, nil)); n != n0+1 {
		t.Fatalf("after a write through the other instance: totalCount %d, want %d", n, n0+1)
	}

	// GET: an ETag, then 304 while the graph is unchanged, then a new answer after a write.
	get := func(ifNoneMatch string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(q), nil)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		b.h.ServeHTTP(rec, req)
		return rec
	}
	r1 := get("")
	tag := r1.Header().Get("ETag")
	if r1.Code != 200 || tag == "" {
		t.Fatalf("GET: %d, ETag %q: %s", r1.Code, tag, r1.Body.String())
	}
	if r2 := get(tag); r2.Code != http.StatusNotModified || r2.Body.Len() != 0 {
		t.Fatalf("GET with If-None-Match %s: %d %q, want 304 and no body", tag, r2.Code, r2.Body.String())
	}
	if err := a.st.DeleteComponent(context.Background(), model.Principal{Name: "test", Role: model.RoleAdmin}, created); err != nil {
		t.Fatal(err)
	}
	r3 := get(tag)
	if r3.Code != 200 || r3.Header().Get("ETag") == tag || r3.Header().Get("ETag") == "" {
		t.Fatalf("GET after a write: %d, ETag %q (was %q)", r3.Code, r3.Header().Get("ETag"), tag)
	}
	if n := total(b.ok(q, nil)); n != n0 {
		t.Fatalf("after the store retired the component: totalCount %d, want %d", n, n0)
	}
	// An answer with errors is never kept, nor tagged.
	bad := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ component(code: "NO-SUCH") { code layer { code } } impact(of: "NO-SUCH") { total } }`), nil)
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, bad)
	if rec.Header().Get("ETag") != "" {
		t.Fatalf("an answer with errors got an ETag: %s", rec.Body.String())
	}
}

// TestResponseCacheSharedAcrossCallers: an answer that is the same for every caller (the model,
// its analyses) is computed once for anonymous and signed-in callers alike — a signed-in
// dashboard reads what anonymous ones (and the refresh after writes) computed — while an answer
// that names the caller (me) is kept per caller and never handed to another.
func TestResponseCacheSharedAcrossCallers(t *testing.T) {
	a := newAPI(t)
	const hit, miss = `archgraph_cache_requests_total{result="hit"}`, `archgraph_cache_requests_total{result="miss"}`
	q := `{ components(first: 2, filter: {owner: "HUE"}) { totalCount edges { node { code } } } }`
	a.token = ""
	anon := a.ok(q, nil)
	for _, tok := range []string{viewerToken, editorToken} {
		a.token = tok
		hits, misses := metricValue(t, a.h, hit), metricValue(t, a.h, miss)
		if got := a.ok(q, nil); !reflect.DeepEqual(got, anon) {
			t.Fatalf("signed in: %v, anonymous: %v", got, anon)
		}
		if h, m := metricValue(t, a.h, hit), metricValue(t, a.h, miss); h != hits+1 || m != misses {
			t.Fatalf("a signed-in caller asking what an anonymous one asked: hits %d -> %d, misses %d -> %d (want one more hit)", hits, h, misses, m)
		}
	}
	// me names the caller: each token its own answer, and a second caller's miss, not a hit.
	names := map[string]string{}
	for _, tok := range []string{viewerToken, editorToken, viewerToken} {
		a.token = tok
		misses := metricValue(t, a.h, miss)
		name, _ := dig(a.ok(`{ me { name } components(first: 1) { totalCount } }`, nil), "me", "name").(string)
		if prev, seen := names[tok]; seen {
			if name != prev {
				t.Fatalf("me for the same token: %q then %q", prev, name)
			}
		} else if metricValue(t, a.h, miss) != misses+1 {
			t.Fatalf("me for a new caller did not miss the cache (got %q)", name)
		}
		names[tok] = name
	}
	if names[viewerToken] == "" || names[viewerToken] == names[editorToken] {
		t.Fatalf("me: viewer %q, editor %q — each caller must get its own name", names[viewerToken], names[editorToken])
	}
	a.token = ""
	if me := dig(a.ok(`{ me { name } }`, nil), "me"); me != nil {
		t.Fatalf("anonymous me: %v, want null", me)
	}
}
