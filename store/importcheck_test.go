package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestImportHeldToAPIRules (issue 17, class 6): a backup is validated like the API — the
// input-text policy on every text, only the properties archgraph writes, valid time that makes
// sense — and a refused file writes nothing.
func TestImportHeldToAPIRules(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	comp := func(extra map[string]any) map[string]any {
		p := map[string]any{"id": store.StableID(store.LabelComponent, "IMP-X"), "code": "IMP-X", "name": "Tên", "nameEn": "Name",
			"kind": "PLATFORM", "scope": "PROVINCE", "status": "OPERATING", "validFrom": "2026-01-01"}
		for k, v := range extra {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		return p
	}
	for _, tc := range []struct {
		name  string
		label string
		props map[string]any
		want  string
	}{
		{"50 KB name", store.LabelComponent, comp(map[string]any{"name": strings.Repeat("Ư", 50000)}), "property name: is too long (50000 characters, at most 2000)"},
		{"101 properties", store.LabelComponent, comp(manyProps(101)), "properties, at most 100"},
		{"control character in a key", store.LabelComponent, comp(map[string]any{"a\x1bb": "x"}), "property name: contains the control character U+001B (ESC)"},
		{"70-character key", store.LabelComponent, comp(map[string]any{strings.Repeat("k", 70): "x"}), "property name: is too long (70 characters, at most 64)"},
		{"1 MB documentation", store.LabelComponent, comp(map[string]any{"documentation": strings.Repeat("d", 1<<20)}), "property documentation: is too long"},
		{"validTo on a current component", store.LabelComponent, comp(map[string]any{"validTo": "2026-02-01"}), "a current Component has no validTo"},
		{"ESC in a name", store.LabelComponent, comp(map[string]any{"name": "Sở\x1b[31m"}), "U+001B (ESC)"},
		{"RLO in a name", store.LabelComponent, comp(map[string]any{"nameEn": "a\u202eb"}), "U+202E (RLO)"},
		{"invisible name", store.LabelComponent, comp(map[string]any{"name": "\u200b\u200b"}), "no visible character"},
		{"bad day", store.LabelComponent, comp(map[string]any{"validFrom": "01/02/2026"}), "is not a day YYYY-MM-DD"},
		{"retired without validTo", store.LabelRetiredComponent, comp(nil), "RetiredComponent is history and needs validTo"},
		{"validFrom after validTo", store.LabelRetiredComponent, comp(map[string]any{"validTo": "2025-01-01"}), "validFrom 2026-01-01 is after validTo 2025-01-01"},
	} {
		before, err := st.ModelChecksum(ctx)
		if err != nil {
			t.Fatal(err)
		}
		src := func(node func(store.NodeRecord) error, rel func(store.RelRecord) error) error {
			return node(store.NodeRecord{Label: tc.label, Props: tc.props, Where: "b.jsonl:2"})
		}
		_, err = st.Import(ctx, src, store.ImportOptions{})
		var ie *store.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "b.jsonl:2") {
			t.Errorf("%s: %v, want an ImportError naming the line and %q", tc.name, err, tc.want)
		}
		if after, _ := st.ModelChecksum(ctx); after != before {
			t.Fatalf("%s: a refused import changed the graph", tc.name)
		}
	}
	// A closed relationship needs its validTo; a current one must not have one.
	a, b := store.StableID(store.LabelComponent, "IMP-A"), store.StableID(store.LabelComponent, "IMP-B")
	src := func(node func(store.NodeRecord) error, rel func(store.RelRecord) error) error {
		for _, c := range []string{"IMP-A", "IMP-B"} {
			p := comp(map[string]any{"id": store.StableID(store.LabelComponent, c), "code": c})
			if err := node(store.NodeRecord{Label: store.LabelComponent, Props: p, Where: "b.jsonl:" + c}); err != nil {
				return err
			}
		}
		if err := rel(store.RelRecord{Shape: store.Endpoint{From: store.LabelComponent, Type: store.RelDependsOn, To: store.LabelComponent},
			From: a, To: b, Props: map[string]any{"validFrom": "2026-01-01", "validTo": "2026-01-02"}, Where: "b.jsonl:5"}); err != nil {
			return err
		}
		return rel(store.RelRecord{Shape: store.Endpoint{From: store.LabelComponent, Type: store.HistoryType(store.RelDependsOn), To: store.LabelComponent},
			From: a, To: b, Props: map[string]any{"validFrom": "2026-01-01"}, Where: "b.jsonl:6"})
	}
	_, err := st.Import(ctx, src, store.ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "b.jsonl:5: DEPENDS_ON: property validTo: a current DEPENDS_ON has no validTo") ||
		!strings.Contains(err.Error(), "b.jsonl:6: WAS_DEPENDS_ON: WAS_DEPENDS_ON is history and needs validTo") {
		t.Errorf("relationships: %v", err)
	}
}

func manyProps(n int) map[string]any {
	m := map[string]any{}
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("p%03d", i)] = "x"
	}
	return m
}
