package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

// proxy forwards TCP to target while up is true and refuses connections otherwise: a Neo4j
// that can be "stopped" and "started" under the server without restarting anything.
type proxy struct {
	ln     net.Listener
	target string
	up     atomic.Bool
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !p.up.Load() {
				c.Close()
				continue
			}
			go func() {
				defer c.Close()
				u, err := net.Dial("tcp", p.target)
				if err != nil {
					return
				}
				defer u.Close()
				go io.Copy(u, c)
				io.Copy(c, u)
			}()
		}
	}()
	return p
}

func get(t *testing.T, h http.Handler, path string) (int, map[string]string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	var body map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body
}

func TestReadyzFollowsNeo4j(t *testing.T) {
	storetest.Open(t) // the test Neo4j is up
	target := strings.TrimPrefix(storetest.URI(), "bolt://")
	p := newProxy(t, target)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	st, err := store.Open(store.Config{URI: "bolt://" + p.ln.Addr().String(), ConnectTimeout: time.Second}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st}, Log: log, ReadyTimeout: 2 * time.Second})

	if code, _ := get(t, h, "/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz = %d with Neo4j down, want 200", code)
	}
	start := time.Now()
	code, body := get(t, h, "/readyz")
	if code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz = %d with Neo4j down, want 503", code)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("/readyz took %s with Neo4j down, want < 5s", d)
	}
	// The reason is generic for anonymous callers: Neo4j's address and driver errors are for
	// operators (issue 17).
	if !strings.Contains(body["reason"], "database") || strings.Contains(body["reason"]+body["detail"], "127.0.0.1") {
		t.Fatalf("/readyz reason %q, detail %q: want a generic reason", body["reason"], body["detail"])
	}
	p.up.Store(true)
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, body = get(t, h, "/readyz")
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d %v 15 s after Neo4j came back", code, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.up.Store(false)
}

func TestGraphQLLayers(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ layers { code number name nameEn } }`, nil)
	layers, _ := d["layers"].([]any)
	if len(layers) != 4 || dig(layers, 0, "code") != "L1" || dig(layers, 1, "name") != "Dữ liệu và nền tảng lõi" {
		t.Fatalf("layers = %v", layers)
	}
}

func TestIntrospectionOffUnlessDev(t *testing.T) {
	st := storetest.Open(t)
	q := `{"query":"{ __schema { types { name } } }"}`
	for _, dev := range []bool{false, true} {
		h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st}, Dev: dev})
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(q))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		hasTypes := strings.Contains(rec.Body.String(), `"types"`)
		if hasTypes != dev {
			t.Errorf("dev=%v: introspection answered=%v: %s", dev, hasTypes, rec.Body)
		}
	}
}

// TestGraphQLCompressed: answers of 1 kB and more are gzipped for clients that accept gzip, and
// sent as they are to the others; small answers are never compressed.
func TestGraphQLCompressed(t *testing.T) {
	a := newAPI(t)
	body := []byte(`{"query":"{ layers { code name nameEn groups { code name nameEn } } }"}`)
	send := func(accept string) (*http.Response, []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return rec.Result(), rec.Body.Bytes()
	}
	plainRes, plain := send("")
	if plainRes.Header.Get("Content-Encoding") != "" || len(plain) < 1024 {
		t.Fatalf("without Accept-Encoding: encoding %q, %d bytes (want none, >= 1 kB)", plainRes.Header.Get("Content-Encoding"), len(plain))
	}
	gzRes, gz := send("gzip, br")
	if gzRes.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(gzRes.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("with gzip accepted: encoding %q, vary %q", gzRes.Header.Get("Content-Encoding"), gzRes.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain) || len(gz) >= len(plain)/2 {
		t.Fatalf("gzipped answer: %d bytes for %d, equal after gunzip: %v", len(gz), len(plain), bytes.Equal(unzipped, plain))
	}
	smallReq := []byte(`{"query":"{ layer(code: \"L1\") { code } }"}`)
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(smallReq))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" || !strings.Contains(rec.Body.String(), `"L1"`) {
		t.Fatalf("a small answer: encoding %q, body %s", rec.Header().Get("Content-Encoding"), rec.Body.String())
	}
}
