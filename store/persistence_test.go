package store_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// TestDataSurvivesRestartAndKill runs a second, private Neo4j instance through scripts/neo4j and
// proves that data survives a graceful stop + start and a kill -9 of the launcher + start.
func TestDataSurvivesRestartAndKill(t *testing.T) {
	home := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	script, _ := filepath.Abs("../scripts/neo4j")
	neo := func(args ...string) {
		t.Helper()
		cmd := exec.Command(script, args...)
		cmd.Env = append(os.Environ(), "NEO4J_HOME_DIR="+home, "NEO4J_BOLT_ADDR="+addr, "NEO4J_HEAP=512m", "NEO4J_PAGECACHE=64m", "NEO4J_PASSWORD=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("scripts/neo4j %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("scripts/neo4j %s: %s", strings.Join(args, " "), strings.TrimSpace(string(out)))
	}
	neo("start")
	t.Cleanup(func() {
		cmd := exec.Command(script, "stop")
		cmd.Env = append(os.Environ(), "NEO4J_HOME_DIR="+home, "NEO4J_BOLT_ADDR="+addr)
		_ = cmd.Run()
	})
	ctx := context.Background()
	open := func() *store.Store {
		st, err := store.Open(store.Config{URI: "bolt://" + addr, ConnectTimeout: 5 * time.Second, RetryBudget: 20 * time.Second}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Ping(ctx, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	write := func(code string) {
		if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{{Label: store.LabelCapability, Rows: []bulk.Row{{Code: code, Props: bulk.Props(bulk.P("name", bulk.Str(code)), bulk.P("nameEn", bulk.Str(code)))}}}}); err != nil {
			t.Fatal(err)
		}
	}
	has := func(code string) bool {
		_, err := st.Get(ctx, store.LabelCapability, code)
		return err == nil
	}
	write("CAP-BEFORE-STOP")
	st.Close(ctx)

	neo("stop")
	neo("start")
	st = open()
	if !has("CAP-BEFORE-STOP") {
		t.Fatal("data written before stop is gone after start")
	}
	write("CAP-BEFORE-KILL")
	st.Close(ctx)

	raw, err := os.ReadFile(filepath.Join(home, "neo4j.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	neo("start")
	st = open()
	defer st.Close(ctx)
	for _, code := range []string{"CAP-BEFORE-STOP", "CAP-BEFORE-KILL"} {
		if !has(code) {
			t.Fatalf("%s is gone after kill -9 and start", code)
		}
	}
}
