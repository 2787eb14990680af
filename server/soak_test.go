package server_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archgraph/archgraph/interop"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
)

// soakDuration is how long TestSoak runs: ARCHGRAPH_SOAK (a Go duration, e.g. 60s) or 20 s, a
// length the CI run affords; -short makes it 5 s.
func soakDuration(t *testing.T) time.Duration {
	if v := os.Getenv("ARCHGRAPH_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("ARCHGRAPH_SOAK=%q: not a positive duration", v)
		}
		return d
	}
	if testing.Short() {
		return 5 * time.Second
	}
	return 20 * time.Second
}

// TestSoak (issue 17): 16 clients — 8 writers and 8 readers — run mixed mutations and reads
// against a real HTTP server for soakDuration. No request may get INTERNAL or a 5xx; the audit
// log must grow by exactly the number of acknowledged mutations; and a JSON backup of the graph
// afterwards (with everything the soak added, retired and toggled on one day) must restore to
// the same model checksum.
func TestSoak(t *testing.T) {
	dur := soakDuration(t)
	a := newAPI(t)
	h := newHardened(t, a.st, func(o *server.Options) {
		// The soak measures correctness under load, not the budgets: every client may spend.
		o.Cost = &server.CostLimits{PointsPerSecond: 1e6, Burst: 1e6, MaxAnalyses: 2, MaxQueued: 64, AnalysisWait: 30 * time.Second}
		o.RequestTimeout = time.Minute
	})
	ctx := context.Background()
	auditBefore := countChanges(t, a)
	run := fmt.Sprintf("%04d", rand.IntN(10000))

	var acked, reads, writes atomic.Int64
	var mu sync.Mutex
	failures := map[string]int{}
	var firstFailures []string
	fail := func(what string, r httpResult) {
		mu.Lock()
		defer mu.Unlock()
		key := fmt.Sprintf("%s: %d %s", what, r.status, r.gql.code())
		failures[key]++
		if len(firstFailures) < 10 {
			firstFailures = append(firstFailures, key+" "+clipBody(r.body))
		}
	}
	// mutate runs one mutation and counts it when acknowledged (data, no error).
	mutate := func(what, q string, vars map[string]any) (map[string]any, bool) {
		r := h.gql(editorToken, q, vars)
		writes.Add(1)
		if r.status == 200 && len(r.gql.Errors) == 0 && r.gql.Data != nil {
			acked.Add(1)
			return r.gql.Data, true
		}
		fail(what, r)
		return nil, false
	}
	stop := time.Now().Add(dur)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; time.Now().Before(stop); n++ {
				code := fmt.Sprintf("SOAK-%s-%02d-%04d", run, w, n)
				d, ok := mutate("create", `mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`,
					map[string]any{"in": map[string]any{"code": code, "name": "Thử tải " + code, "nameEn": "Soak " + code,
						"kind": "APPLICATION", "scope": "PROVINCE", "layer": "L3", "owner": "HA-NOI"}})
				if !ok {
					continue
				}
				id := dig(d, "createComponent", "id").(string)
				vars := map[string]any{"id": id}
				mutate("update", `mutation($id: ID!) { updateComponent(id: $id, input: {status: BUILDING}) { id } }`, vars)
				// Toggle a dependency twice within the day: no empty closed edges may be left.
				for i := 0; i < 2; i++ {
					mutate("addDependency", `mutation($id: ID!) { addDependency(from: $id, to: "NDXP") { id } }`, vars)
					mutate("removeDependency", `mutation($id: ID!) { removeDependency(from: $id, to: "NDXP") { id } }`, vars)
				}
				mutate("addUse", `mutation($id: ID!) { addUse(agency: "HA-NOI", component: $id) { id } }`, vars)
				if n%2 == 0 {
					mutate("delete", `mutation($id: ID!) { deleteComponent(id: $id) }`, vars)
				}
			}
		}(w)
	}
	readQueries := []struct{ token, q string }{
		{"", `{ component(code: "NDXP") { name dependents(first: 10) { totalCount edges { node { code } } } } }`},
		{"", `{ components(first: 20, filter: {layer: "L3"}) { totalCount edges { node { code name owner { code } } } } }`},
		{"", `{ impact(of: "NDXP", maxDepth: 3) { total } }`},
		{"", `{ search(text: "Hà Nội", first: 10) { code } }`},
		{viewerToken, `{ changes(first: 10) { operation actor } }`},
		{"", `{ agencies(first: 10) { edges { node { code uses { code } } } } }`},
	}
	for r := 0; r < 8; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := r; time.Now().Before(stop); i++ {
				rq := readQueries[i%len(readQueries)]
				res := h.gql(rq.token, rq.q, nil)
				reads.Add(1)
				if res.status != 200 || len(res.gql.Errors) > 0 {
					fail("read", res)
				}
			}
		}(r)
	}
	wg.Wait()
	t.Logf("soak %s: %d reads, %d writes (%d acknowledged) from 16 clients", dur, reads.Load(), writes.Load(), acked.Load())
	for k, n := range failures {
		t.Errorf("%d× %s", n, k)
	}
	for _, f := range firstFailures {
		t.Log(f)
	}
	if acked.Load() == 0 || reads.Load() == 0 {
		t.Fatalf("the soak did nothing")
	}
	if got := countChanges(t, a) - auditBefore; int64(got) != acked.Load() {
		t.Errorf("the audit log grew by %d for %d acknowledged mutations", got, acked.Load())
	}

	// Backup round trip: export with history, wipe, import, same model checksum.
	before := checksum(t, a.st)
	var buf bytes.Buffer
	bw, err := interop.NewBackupWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.ExportGraph(ctx, store.ExportOptions{History: true}, bw.Node, bw.Rel); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.st.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	src := func(node func(store.NodeRecord) error, rel func(store.RelRecord) error) error {
		return interop.ReadBackup(bytes.NewReader(buf.Bytes()), "soak.jsonl", node, rel)
	}
	if _, err := a.st.Import(ctx, src, store.ImportOptions{}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if after := checksum(t, a.st); after != before {
		t.Fatalf("the backup of the soaked graph restores to checksum %s, want %s", after, before)
	}
}
