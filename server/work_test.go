package server_test

import (
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
)

// TestWorkPerQueryShape pins what each shape of query costs in Neo4j transactions and
// statements (issue 15: only the work asked for, one transaction per request where the answer
// allows it, nested connections batched by level). The response cache is off, so every answer
// is computed; the counts do not depend on the data's size.
func TestWorkPerQueryShape(t *testing.T) {
	a := newAPI(t)
	a.h = server.New(server.Options{Store: a.st, Resolver: &resolvers.Resolver{Store: a.st, Version: model.Version{Version: "test"}},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), RequestTimeout: time.Minute, CacheBytes: -1})
	cost := func(q string) (map[string]any, int64, int64) {
		t.Helper()
		tx, st := a.st.Transactions(), a.st.Statements()
		d := a.ok(q, nil)
		return d, a.st.Transactions() - tx, a.st.Statements() - st
	}
	for _, tc := range []struct {
		name      string
		query     string
		tx, stmts int64 // exact
		check     func(t *testing.T, d map[string]any)
	}{
		{name: "impact total: the root and one count",
			query: `{ impact(of: "NDXP", maxDepth: 10) { total } }`, tx: 1, stmts: 2},
		{name: "impact total, byLayer, first 100 items with layer: root, layers, summary, items",
			query: `{ impact(of: "NDXP", maxDepth: 10) { total byLayer { key count } items(first: 100) { totalCount edges { node { depth component { code layer { code } } } } } } }`,
			tx:    1, stmts: 4,
			check: func(t *testing.T, d map[string]any) {
				total := int(dig(d, "impact", "total").(float64))
				sum := 0
				for _, c := range dig(d, "impact", "byLayer").([]any) {
					sum += int(dig(c, "count").(float64))
				}
				if total < 10 || sum != total || int(dig(d, "impact", "items", "totalCount").(float64)) != total {
					t.Errorf("total %d, byLayer sums to %d, items.totalCount %v", total, sum, dig(d, "impact", "items", "totalCount"))
				}
				if dig(d, "impact", "items", "edges", 0, "node", "component", "layer", "code") == nil {
					t.Errorf("the items' layers are missing: %v", dig(d, "impact", "items", "edges", 0))
				}
			}},
		{name: "impact byLevel, byProvince, byDepth: root and one summary",
			query: `{ impact(of: "NDXP", maxDepth: 10) { total byDepth { key count } byLevel { key count } byProvince { key count } } }`, tx: 1, stmts: 2,
			check: func(t *testing.T, d map[string]any) {
				total := int(dig(d, "impact", "total").(float64))
				for _, f := range []string{"byDepth", "byLevel"} {
					sum := 0
					for _, c := range dig(d, "impact", f).([]any) {
						sum += int(dig(c, "count").(float64))
					}
					if sum != total {
						t.Errorf("%s sums to %d, total %d", f, sum, total)
					}
				}
				if len(dig(d, "impact", "byProvince").([]any)) == 0 {
					t.Errorf("no byProvince")
				}
			}},
		{name: "catalog page with owner and layer: page and both relations in one transaction",
			query: `{ components(first: 100, filter: {scope: [COMMUNE]}) { totalCount edges { node { code layer { code } owner { code } } } } }`,
			tx:    1, stmts: 4},
		{name: "a component's dependents with totalCount and owner: the component, then the page with its count and owners",
			query: `{ component(code: "NDXP") { dependents(first: 100) { totalCount edges { node { code owner { code } layer { code } } } } } }`,
			tx:    1, stmts: 2,
			check: func(t *testing.T, d map[string]any) {
				n := int(dig(d, "component", "dependents", "totalCount").(float64))
				edges := dig(d, "component", "dependents", "edges").([]any)
				if n < 1 || len(edges) != min(n, 100) {
					t.Errorf("totalCount %d, %d edges", n, len(edges))
				}
				owned := 0
				for _, e := range edges {
					if dig(e, "node", "layer", "code") == nil {
						t.Fatalf("a dependent without its layer: %v", e)
					}
					if dig(e, "node", "owner", "code") != nil {
						owned++
					}
				}
				if owned == 0 {
					t.Errorf("none of %d dependents has its owner", len(edges))
				}
			}},
		{name: "conformance summary without byGroup: the same tallies as with it",
			query: `{ conformanceSummary(province: "HA-NOI") { total { communes tally { applicable realized exploited provided missing } }
				children { agency { code } tally { applicable realized exploited provided } supplementary { applicable notDeployed } byGroup { groupCode } } } }`,
			tx: 1, stmts: 2,
			check: func(t *testing.T, d map[string]any) {
				lean := a.ok(`{ conformanceSummary(province: "HA-NOI") { total { communes tally { applicable realized exploited provided missing } }
					children { agency { code } tally { applicable realized exploited provided } supplementary { applicable notDeployed } } } }`, nil)
				children := dig(d, "conformanceSummary", "children").([]any)
				if len(children) == 0 || dig(d, "conformanceSummary", "total", "tally", "applicable").(float64) == 0 {
					t.Fatalf("an empty summary: %v", d)
				}
				for _, c := range children {
					delete(c.(map[string]any), "byGroup")
				}
				if !reflect.DeepEqual(d, lean) {
					t.Errorf("with byGroup:\n%v\nwithout:\n%v", d, lean)
				}
			}},
		{name: "provinces > 20 communes > 5 owned > layer: one statement per level",
			query: `{ agencies(first: 34, filter: {level: [PROVINCE]}) { edges { node { code parts(first: 20) { edges { node { code owns(first: 5) { edges { node { code layer { code } } } } } } } } } } }`,
			tx:    4, stmts: 4,
			check: func(t *testing.T, d map[string]any) {
				n := 0
				for _, p := range dig(d, "agencies", "edges").([]any) {
					for _, c := range dig(p, "node", "parts", "edges").([]any) {
						for _, o := range dig(c, "node", "owns", "edges").([]any) {
							if dig(o, "node", "layer", "code") == nil {
								t.Fatalf("owned component without its layer: %v", o)
							}
							n++
						}
					}
				}
				if n < 10 {
					t.Errorf("only %d owned components in the nested list", n)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, tx, stmts := cost(tc.query)
			t.Logf("%d transactions, %d statements", tx, stmts)
			if tx != tc.tx || stmts != tc.stmts {
				t.Errorf("%d transactions and %d statements, want %d and %d", tx, stmts, tc.tx, tc.stmts)
			}
			if tc.check != nil {
				tc.check(t, d)
			}
		})
	}
}
