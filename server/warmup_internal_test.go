package server

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/server/internal/uiops"
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
