package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestInvalidFlagsExit2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{args: []string{"serve", "--bogus"}, want: "flag provided but not defined: -bogus"},
		{args: []string{"serve", "--addr", "nonsense"}, want: "--addr (ARCHGRAPH_ADDR)"},
		{args: []string{"migrate", "--neo4j-uri", "http://x"}, want: "--neo4j-uri (NEO4J_URI)"},
		{args: []string{"serve"}, env: map[string]string{"ARCHGRAPH_REQUEST_TIMEOUT": "soon"}, want: `ARCHGRAPH_REQUEST_TIMEOUT="soon": not a duration`},
		{args: []string{"serve", "--request-timeout", "40s"}, want: "must be shorter than --neo4j-retry-budget"},
		{args: []string{"serve", "--refresh-every", "10ms"}, want: "--refresh-every (ARCHGRAPH_REFRESH_EVERY) 10ms: must be 0 (off) or 1s..1h"},
		{args: []string{"seed", "--synthetic", "M"}, want: `--synthetic "M": must be S or L`},
		{args: []string{"seed", "--valid-from", "2026-02-30"}, want: `--valid-from: invalid: "2026-02-30" is not a date of the form YYYY-MM-DD`},
		{args: []string{"frobnicate"}, want: `unknown command "frobnicate"`},
		{args: nil, want: "Usage:"},
	} {
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, &out, &errb)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, code, errb.String())
		}
		if !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: stderr %q does not name the problem (%q)", tc.args, errb.String(), tc.want)
		}
		for k := range tc.env {
			t.Setenv(k, "")
		}
	}
}

func TestVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "archgraph ") {
		t.Fatalf("version: exit %d, %q", code, out.String())
	}
}

// TestServeWithoutNeo4j: the server starts while Neo4j is down, /healthz is 200, /readyz is 503
// within 5 s naming the problem, and a cancelled context shuts it down cleanly.
func TestServeWithoutNeo4j(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dead, err := net.Listen("tcp", "127.0.0.1:0") // a port where nothing answers Bolt
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := dead.Addr().String()
	dead.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--neo4j-uri", "bolt://" + deadAddr, "--neo4j-connect-timeout", "1s"}, &bytes.Buffer{}, &errb)
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	var resp *http.Response
	for i := 0; i < 100; i++ {
		resp, err = client.Get("http://" + addr + "/healthz")
		if err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server did not start: %v\n%s", err, errb.String())
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz = %d", resp.StatusCode)
	}
	start := time.Now()
	resp, err = client.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || time.Since(start) > 5*time.Second {
		t.Fatalf("/readyz = %d after %s, want 503 within 5s", resp.StatusCode, time.Since(start))
	}
	// Generic for anonymous callers: the driver's error names Neo4j's address (issue 17).
	if !strings.Contains(body.String(), "database") || strings.Contains(body.String(), "127.0.0.1") {
		t.Fatalf("/readyz body %q: want a generic reason without the address", body.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d after shutdown\n%s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
