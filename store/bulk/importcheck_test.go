package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestImportHeldToAPIRules (issue 17, class 6): a backup is validated like the API — the
// input-text policy on every text, only the properties archgraph writes, valid time that makes
// sense — and a refused file writes nothing.
func TestImportHeldToAPIRules(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	comp := func(extra ...bulk.KV) bulk.Properties {
		p := bulk.Props(bulk.P("id", bulk.Str(store.StableID(store.LabelComponent, "IMP-X"))), bulk.P("code", bulk.Str("IMP-X")),
			bulk.P("name", bulk.Str("Tên")), bulk.P("nameEn", bulk.Str("Name")), bulk.P("kind", bulk.Str("PLATFORM")),
			bulk.P("scope", bulk.Str("PROVINCE")), bulk.P("status", bulk.Str("OPERATING")), bulk.P("validFrom", bulk.Str("2026-01-01")))
		for _, e := range extra {
			p.Set(e.Key, e.Value)
		}
		return p
	}
	str := func(k, v string) bulk.KV { return bulk.P(k, bulk.Str(v)) }
	for _, tc := range []struct {
		name  string
		label string
		props bulk.Properties
		want  string
	}{
		{"50 KB name", store.LabelComponent, comp(str("name", strings.Repeat("Ư", 50000))), "property name: is too long (50000 characters, at most 2000)"},
		{"101 properties", store.LabelComponent, comp(manyProps(101)...), "properties, at most 100"},
		{"control character in a key", store.LabelComponent, comp(str("a\x1bb", "x")), "property name: contains the control character U+001B (ESC)"},
		{"70-character key", store.LabelComponent, comp(str(strings.Repeat("k", 70), "x")), "property name: is too long (70 characters, at most 64)"},
		{"1 MB documentation", store.LabelComponent, comp(str("documentation", strings.Repeat("d", 1<<20))), "property documentation: is too long"},
		{"validTo on a current component", store.LabelComponent, comp(str("validTo", "2026-02-01")), "a current Component has no validTo"},
		{"ESC in a name", store.LabelComponent, comp(str("name", "Sở\x1b[31m")), "U+001B (ESC)"},
		{"RLO in a name", store.LabelComponent, comp(str("nameEn", "a\u202eb")), "U+202E (RLO)"},
		{"invisible name", store.LabelComponent, comp(str("name", "\u200b\u200b")), "no visible character"},
		{"bad day", store.LabelComponent, comp(str("validFrom", "01/02/2026")), "is not a day YYYY-MM-DD"},
		{"retired without validTo", store.LabelRetiredComponent, comp(), "RetiredComponent is history and needs validTo"},
		{"validFrom after validTo", store.LabelRetiredComponent, comp(str("validTo", "2025-01-01")), "validFrom 2026-01-01 is after validTo 2025-01-01"},
	} {
		before, err := bulk.New(st).ModelChecksum(ctx)
		if err != nil {
			t.Fatal(err)
		}
		src := func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
			return node(bulk.NodeRecord{Label: tc.label, Props: tc.props, Where: "b.jsonl:2"})
		}
		_, err = bulk.New(st).Import(ctx, src, bulk.ImportOptions{})
		var ie *bulk.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "b.jsonl:2") {
			t.Errorf("%s: %v, want an ImportError naming the line and %q", tc.name, err, tc.want)
		}
		if after, _ := bulk.New(st).ModelChecksum(ctx); after != before {
			t.Fatalf("%s: a refused import changed the graph", tc.name)
		}
	}
	// A closed relationship needs its validTo; a current one must not have one.
	a, b := store.StableID(store.LabelComponent, "IMP-A"), store.StableID(store.LabelComponent, "IMP-B")
	src := func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
		for _, c := range []string{"IMP-A", "IMP-B"} {
			p := comp(str("id", store.StableID(store.LabelComponent, c)), str("code", c))
			if err := node(bulk.NodeRecord{Label: store.LabelComponent, Props: p, Where: "b.jsonl:" + c}); err != nil {
				return err
			}
		}
		if err := rel(bulk.RelRecord{Shape: store.Endpoint{From: store.LabelComponent, Type: store.RelDependsOn, To: store.LabelComponent},
			From: a, To: b, Props: bulk.Props(str("validFrom", "2026-01-01"), str("validTo", "2026-01-02")), Where: "b.jsonl:5"}); err != nil {
			return err
		}
		return rel(bulk.RelRecord{Shape: store.Endpoint{From: store.LabelComponent, Type: store.HistoryType(store.RelDependsOn), To: store.LabelComponent},
			From: a, To: b, Props: bulk.Props(str("validFrom", "2026-01-01")), Where: "b.jsonl:6"})
	}
	_, err := bulk.New(st).Import(ctx, src, bulk.ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "b.jsonl:5: DEPENDS_ON: property validTo: a current DEPENDS_ON has no validTo") ||
		!strings.Contains(err.Error(), "b.jsonl:6: WAS_DEPENDS_ON: WAS_DEPENDS_ON is history and needs validTo") {
		t.Errorf("relationships: %v", err)
	}
}

func manyProps(n int) []bulk.KV {
	var kv []bulk.KV
	for i := 0; i < n; i++ {
		kv = append(kv, bulk.P(fmt.Sprintf("p%03d", i), bulk.Str("x")))
	}
	return kv
}

// TestImportArchiMateStructure: the exchange-format XML an ArchiMate import keeps (a model's
// folders, here 200 KB of them) is structure, bounded like a view's diagram, not like prose.
func TestImportArchiMateStructure(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	folders := strings.Repeat("<item identifier=\"id-f\">\n  <label xml:lang=\"en\">Package</label>\n</item>\n", 3000)
	id := "9b0f5a6e-0c1d-5e2f-8a3b-4c5d6e7f8a9b"
	src := func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
		return node(bulk.NodeRecord{Label: store.LabelArchiMateModel, Where: "m.xml:2", Props: bulk.Props(
			bulk.P("id", bulk.Str(id)), bulk.P("code", bulk.Str("ID-IMPORTCHECK-MODEL")), bulk.P("name", bulk.Str("m")),
			bulk.P("archimateFolders", bulk.Str(folders)))})
	}
	if _, err := bulk.New(st).Import(ctx, src, bulk.ImportOptions{}); err != nil {
		t.Fatalf("%d bytes of folders: %v", len(folders), err)
	}
	sess := st.Session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	if _, err := sess.Run(ctx, "MATCH (m:ArchiMateModel {id: $id}) DETACH DELETE m", map[string]any{"id": id}); err != nil {
		t.Fatal(err)
	}
}
