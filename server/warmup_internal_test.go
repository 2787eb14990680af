package server

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/server/internal/uiops"
	"github.com/archgraph/archgraph/store"
)

// TestWarmUpPlanCoversTheUI: the warm-up's copy of the web UI's operations is current (the
// documents the frontend's codegen wrote; `go generate ./server` rewrites it), and every one of
// them is either warmed or left out with a reason; the only mutations warmed are dry runs.
func TestWarmUpPlanCoversTheUI(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/gql/graphql.ts")
	if err != nil {
		t.Fatal(err)
	}
	ops, err := uiops.Extract(string(src))
	if err != nil {
		t.Fatal(err)
	}
	want, err := uiops.Marshal(ops)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, uiOperationsJSON) {
		t.Fatal("server/ui_operations.json is not the web UI's operations: run go generate ./server")
	}
	byName, err := uiOperations()
	if err != nil {
		t.Fatal(err)
	}
	if len(byName) != len(ops) || len(ops) < 40 {
		t.Fatalf("%d operations read, %d extracted", len(byName), len(ops))
	}
	warmed := map[string]bool{}
	for _, s := range warmPlan {
		op, ok := byName[s.op]
		if !ok {
			t.Errorf("the warm-up runs %s, which the web UI does not send", s.op)
			continue
		}
		if op.Kind != "query" && !strings.HasPrefix(s.op, "Preview") {
			t.Errorf("the warm-up runs %s, a %s that is not a dry run", s.op, op.Kind)
		}
		warmed[s.op] = true
	}
	for name, why := range notWarmed {
		if _, ok := byName[name]; !ok {
			t.Errorf("notWarmed names %s, which the web UI does not send", name)
		}
		if warmed[name] {
			t.Errorf("%s is both warmed and not (%s)", name, why)
		}
		if why == "" {
			t.Errorf("%s is left out without a reason", name)
		}
	}
	for _, op := range ops {
		if !warmed[op.Name] && notWarmed[op.Name] == "" {
			t.Errorf("the web UI's %s %s is neither warmed nor left out with a reason (warmup.go)", op.Kind, op.Name)
		}
	}
	for name := range signedInOps {
		if !warmed[name] {
			t.Errorf("signedInOps names %s, which the warm-up does not run", name)
		}
	}
}

// TestWarmUpAsksAsThePagesDo: the warm-up asks each page's opening requests with the variables
// the page sends (testdata/page_requests.json, written by the web UI's src/pageRequests.test.ts
// with placeholder codes and the day 2026-12-03), so that the response cache answers the first
// visitor of the warm-up's subjects; and every request in that file is one the warm-up asks.
func TestWarmUpAsksAsThePagesDo(t *testing.T) {
	raw, err := os.ReadFile("testdata/page_requests.json")
	if err != nil {
		t.Fatal(err)
	}
	var pages map[string][]struct {
		Op   string         `json:"op"`
		Vars map[string]any `json:"vars"`
	}
	if err := json.Unmarshal(raw, &pages); err != nil {
		t.Fatal(err)
	}
	canon := func(op string, vars map[string]any) string {
		b, err := json.Marshal(vars) // map keys come out sorted, as in the cache's key
		if err != nil {
			t.Fatal(err)
		}
		return op + " " + string(b)
	}
	subjects := store.WarmUpSubjects{
		Province: "PROVINCE-CODE", ProvinceName: "PROVINCE-NAME", Commune: "COMMUNE-CODE",
		Realizer: "REALIZER-CODE", Realized: "REALIZED-CODE", Shared: "SHARED-CODE",
		QuietShared: "QUIET-CODE", Reference: "REFERENCE-CODE", ReferenceLayer: "L1", LayerID: "layer-id",
		Today: "2026-12-03",
	}
	paged := map[string]bool{}
	ops := map[string]bool{}
	for _, reqs := range pages {
		for _, r := range reqs {
			paged[canon(r.Op, r.Vars)] = true
			ops[r.Op] = true
		}
	}
	if len(paged) < 20 {
		t.Fatalf("testdata/page_requests.json holds %d requests", len(paged))
	}
	asked := map[string]bool{}
	for _, st := range warmPlan {
		vars := st.vars(subjects)
		if vars == nil {
			t.Errorf("%s: skipped with every subject known", st.op)
			continue
		}
		// The year of the Overview's and the roadmap's requests: the file's (2026), not this one.
		if _, ok := vars["period"]; ok {
			vars["period"] = "2026"
		}
		if _, ok := vars["year"]; ok {
			vars["year"] = 2026
		}
		key := canon(st.op, vars)
		asked[key] = true
		if !ops[st.op] || paged[key] {
			continue // not a page's opening request (signed-in pages, previews, asked later), or as the page asks
		}
		if st.op == "ConformanceGaps" && vars["reference"] != nil {
			continue // the reference page asks its communes' gaps once its detail has answered, not as it opens
		}
		t.Errorf("the warm-up asks %s; the pages ask it with other variables (testdata/page_requests.json)", key)
	}
	for k := range paged {
		if !asked[k] {
			t.Errorf("a page opens with %s, which the warm-up does not ask", k)
		}
	}
}
