package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/archgraph/archgraph/store/bulk"
)

func TestCatalogLookups(t *testing.T) {
	a := newAPI(t)
	for _, code := range []string{"ƯDCQS7", "UDCQS7"} {
		d := a.ok(`query($c: String) { referenceComponent(code: $c) { code ascii tier group { code layer { code } } framework { code } } }`, map[string]any{"c": code})
		if dig(d, "referenceComponent", "code") != "ƯDCQS7" || dig(d, "referenceComponent", "group", "layer", "code") != "L3" {
			t.Errorf("referenceComponent(code: %s) = %v", code, d)
		}
	}
	d := a.ok(`{ component(code: "NDXP") { id code layer { code } provides { code } realizes { code } dependents(first: 5) { totalCount edges { node { code owner { code } } } } } }`, nil)
	if dig(d, "component", "layer", "code") != "L2" {
		t.Fatalf("NDXP = %v", d)
	}
	if n, _ := dig(d, "component", "dependents", "totalCount").(float64); n < 2 {
		t.Fatalf("NDXP has %v dependents in the fixture, want several", n)
	}
	id := dig(d, "component", "id").(string)
	d = a.ok(`query($id: ID!) { node(id: $id) { __typename code } component(id: $id) { code } }`, map[string]any{"id": id})
	if dig(d, "node", "code") != "NDXP" || dig(d, "node", "__typename") != "Component" || dig(d, "component", "code") != "NDXP" {
		t.Fatalf("lookups by id = %v", d)
	}
	r := a.query(`{ component(code: "NO-SUCH") { code } }`, nil)
	if r.Status != 200 || len(r.Errors) != 0 || dig(r.Data, "component") != nil {
		t.Fatalf("unknown code: want null without error, got %s", r.Raw)
	}
	r = a.query(`{ component { code } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("component without id or code: %s", r.Raw)
	}
}

func TestSearchFoldsAccents(t *testing.T) {
	a := newAPI(t)
	for _, q := range []string{"ha noi", "Hà Nội", "HA NOI"} {
		d := a.ok(`query($q: String!) { search(text: $q, first: 5) { code label name } }`, map[string]any{"q": q})
		if dig(d, "search", 0, "code") != "HA-NOI" {
			t.Errorf("search %q = %v", q, d["search"])
		}
	}
}

// TestSearchCodesWithoutPunctuation: codes are found as people type them, without hyphens or
// case ("vapex" finds V-APEX, "ndxp" NDXP, "synhanoix0001" a commune's code), first in the list;
// the spelled code still works; a code-like word that is no code falls back to the word index.
func TestSearchCodesWithoutPunctuation(t *testing.T) {
	a := newAPI(t)
	commune := dig(a.ok(`{ agencies(first: 1, filter: {level: [COMMUNE]}) { edges { node { code } } } }`, nil), "agencies", "edges", 0, "node", "code").(string)
	compact := strings.ToLower(strings.ReplaceAll(commune, "-", ""))
	for q, want := range map[string]string{"vapex": "V-APEX", "VAPEX": "V-APEX", "v-apex": "V-APEX", "ndxp": "NDXP", "Ndxp": "NDXP", compact: commune} {
		d := a.ok(`query($q: String!) { search(text: $q, first: 10) { code label } }`, map[string]any{"q": q})
		if dig(d, "search", 0, "code") != want {
			t.Errorf("search %q = %v, want %s first", q, d["search"], want)
		}
	}
	// With a label, only that label's codes.
	d := a.ok(`{ search(text: "vapex", first: 10, label: "Agency") { code label } }`, nil)
	for _, h := range d["search"].([]any) {
		if dig(h, "label") != "Agency" {
			t.Errorf("label Agency: %v", h)
		}
	}
	// Lucene syntax in the text is searched for, not run: no error, no match of everything.
	for _, q := range []string{"/.*/", "v*x", "a.?b"} {
		r := a.query(`query($q: String!) { search(text: $q, first: 50) { code } }`, map[string]any{"q": q})
		if len(r.Errors) > 0 {
			t.Errorf("search %q: %s", q, r.Raw)
		}
	}
}

func TestPagination(t *testing.T) {
	a := newAPI(t)
	q := `query($after: String) { components(first: 3, after: $after, filter: {scope: [NATIONAL]}) {
		totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code } } } }`
	seen := map[string]bool{}
	var after any
	pages := 0
	for {
		d := a.ok(q, map[string]any{"after": after})
		for _, e := range dig(d, "components", "edges").([]any) {
			code := dig(e, "node", "code").(string)
			if seen[code] {
				t.Fatalf("%s returned twice", code)
			}
			seen[code] = true
		}
		pages++
		if dig(d, "components", "pageInfo", "hasNextPage") != true {
			total := int(dig(d, "components", "totalCount").(float64))
			if total != len(seen) || total < 40 {
				t.Fatalf("paged through %d of totalCount %d", len(seen), total)
			}
			break
		}
		after = dig(d, "components", "pageInfo", "endCursor")
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
	}
}

// TestQueriesDoNotGrowWithPageSize: a list with nested relations costs the same number of
// database transactions for 5 rows as for 100 (loaders batch per level).
func TestQueriesDoNotGrowWithPageSize(t *testing.T) {
	a := newAPI(t)
	q := `query($n: Int) { components(first: $n, filter: {synthetic: true}) { edges { node {
		code layer { code } group { code } owner { code partOf { code } province { code } }
		realizes { code group { code } } provides { code } dependsOn { code owner { code } } usedBy { code } } } } }`
	count := func(n int) int64 {
		before := a.st.Transactions()
		d := a.ok(q, map[string]any{"n": n})
		if got := len(dig(d, "components", "edges").([]any)); got != n {
			t.Fatalf("asked for %d rows, got %d", n, got)
		}
		return a.st.Transactions() - before
	}
	small, large := count(5), count(100)
	t.Logf("transactions: %d for 5 rows, %d for 100 rows", small, large)
	if large != small {
		t.Fatalf("transactions grow with page size: %d for 5 rows, %d for 100", small, large)
	}
	if small > 15 {
		t.Fatalf("%d transactions for one request: loaders are not batching", small)
	}
}

// TestHostileInputs: each is refused with a clear error and the graph is unchanged.
func TestHostileInputs(t *testing.T) {
	a := newAPI(t)
	before := checksum(t, a.st)

	deep := "{ components(first: 1) { edges { node { " + strings.Repeat("dependsOn { ", 50) + "code" + strings.Repeat(" }", 50) + " } } } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&aliases, " a%d: layers { code }", i)
	}
	aliases.WriteString(" }")
	dirs100 := "{ layers { " + strings.Repeat("code @include(if: true) ", 100) + "} }"
	dirs100k := "{ layers " + strings.Repeat("@include(if: true) ", 100000) + "{ code } }"

	for _, tc := range []struct {
		name, query string
		status      int
		code        string
		message     string
	}{
		{"50-deep nesting", deep, 200, "QUERY_TOO_COMPLEX", "nested"},
		{"1,000 aliases", aliases.String(), 200, "QUERY_TOO_COMPLEX", "aliases"},
		{"100 directives", dirs100, 200, "QUERY_TOO_COMPLEX", "directives"},
		{"100k directives", dirs100k, 413, "PAYLOAD_TOO_LARGE", "too large"},
		{"first: 99999999", `{ components(first: 99999999) { edges { node { code } } } }`, 200, "BAD_USER_INPUT", "first must be between 1 and 100"},
		{"first: 0", `{ components(first: 0) { edges { node { code } } } }`, 200, "BAD_USER_INPUT", "first must be between 1 and 100"},
		{"maxDepth: -1", `{ impact(of: "NDXP", maxDepth: -1) { total } }`, 200, "BAD_USER_INPUT", "maxDepth must be between 1 and 10"},
		{"maxDepth: 1e9", `{ impact(of: "NDXP", maxDepth: 1e9) { total } }`, 422, "GRAPHQL_VALIDATION_FAILED", "Int"},
		{"maxDepth: 1000000000", `{ impact(of: "NDXP", maxDepth: 1000000000) { total } }`, 200, "BAD_USER_INPUT", "maxDepth"},
		{"IntrospectionQuery with real data", `query IntrospectionQuery { __schema { types { name } } components(first: 100) { edges { node { code } } } }`, 200, "INTROSPECTION_DISABLED", "introspection"},
		{"bad cursor", `{ components(after: "' OR 1=1") { edges { node { code } } } }`, 200, "BAD_USER_INPUT", "cursor"},
		{"huge page via complexity", `{ components(first: 100) { edges { node { dependents(first: 100) { edges { node { dependents(first: 100) { edges { node { code } } } } } } } } } }`, 200, "", "complexity"},
	} {
		r := a.query(tc.query, nil)
		if r.Status != tc.status || (tc.code != "" && r.code() != tc.code) || !strings.Contains(strings.ToLower(r.Raw), strings.ToLower(tc.message)) {
			t.Errorf("%s: got %d %s, want %d %s mentioning %q", tc.name, r.Status, clipBody(r.Raw), tc.status, tc.code, tc.message)
		}
		if len(r.Data) > 0 {
			for _, v := range r.Data {
				if v != nil {
					t.Errorf("%s: refused query still returned data: %s", tc.name, clipBody(r.Raw))
					break
				}
			}
		}
	}
	big := []byte(`{"query":"{ layers { code } }","variables":{"x":"` + strings.Repeat("x", 10<<20) + `"}}`)
	if r := a.post(big); r.Status != 413 {
		t.Errorf("10 MB body: status %d, want 413", r.Status)
	}
	if r := a.post([]byte(`[{"query":"{ layers { code } }"},{"query":"{ rules { code } }"}]`)); r.Status == 200 && r.Data != nil {
		t.Errorf("batched operations answered: %s", clipBody(r.Raw))
	}

	// Cypher-breaking and odd strings in every string argument: never an internal error, never
	// a change to the graph.
	hostile := []string{"' WITH 1 AS x MATCH (n) DETACH DELETE n //", "`) DETACH DELETE n //", "$ref", "\\u0000\x00",
		"Hà Nội 🏛️ \u202e", strings.Repeat("Ư", 5000), "*:*", "\" OR \"\" = \"", "NDXP\" }) MATCH (n) DELETE n //"}
	fields := []struct{ typ, sel string }{
		{"String", `component(code: $s) { code }`}, {"ID", `component(id: $s) { code }`}, {"String", `agency(code: $s) { code }`},
		{"String", `referenceComponent(code: $s) { code }`}, {"String", `layer(code: $s) { code }`}, {"String", `framework(code: $s) { code }`},
		{"String", `group(code: $s) { code }`}, {"String", `capability(code: $s) { code }`}, {"String", `rule(code: $s) { code }`},
		{"ID", `node(id: $s) { code }`}, {"String", `search(text: $s) { code }`},
		{"String", `components(filter: {layer: $s, group: $s}) { totalCount }`}, {"String", `components(filter: {owner: $s}) { totalCount }`},
		{"String", `components(filter: {province: $s}) { totalCount }`}, {"String", `agencies(filter: {province: $s}) { totalCount }`},
		{"String", `referenceComponents(filter: {framework: $s, group: $s, layer: $s}) { totalCount }`},
		{"String", `groups(framework: $s, layer: $s) { code }`}, {"ID", `impact(of: $s) { total }`}, {"ID", `duplicates(of: $s) { evidence }`},
		{"ID", `conformance(agency: $s) { frameworkCode }`}, {"ID", `conformanceSummary(province: $s) { total { communes } }`},
		{"String", `ruleViolations(rule: $s) { message }`}, {"ID", `ruleViolations(agency: $s) { message }`},
		{"ID", `path(from: $s, to: $s) { components { code } }`},
	}
	for _, s := range hostile {
		for _, f := range fields {
			r := a.query("query($s: "+f.typ+"!) { "+f.sel+" }", map[string]any{"s": s})
			if r.Status >= 500 || r.code() == "INTERNAL" || strings.Contains(r.Raw, "goroutine") {
				t.Errorf("%s with %q: %d %s", f.sel, clip(s), r.Status, clipBody(r.Raw))
			}
		}
	}
	a.token = editorToken
	for _, s := range hostile {
		r := a.query(`mutation($s: String!) { createComponent(input: {code: $s, name: $s, nameEn: $s, kind: PLATFORM, scope: PROVINCE, layer: $s}) { id } }`, map[string]any{"s": s})
		if r.code() != "BAD_USER_INPUT" && r.code() != "NOT_FOUND" {
			t.Errorf("createComponent with %q: %s", clip(s), clipBody(r.Raw))
		}
	}
	if after := checksum(t, a.st); after != before {
		t.Fatalf("hostile inputs changed the graph: checksum %s -> %s", before, after)
	}
}

func TestMutations(t *testing.T) {
	a := newAPI(t)
	create := `mutation($in: CreateComponentInput!) { createComponent(input: $in) { id code name layer { code } owner { code } status } }`
	in := map[string]any{"code": "TEST-HN-EID", "name": norm.NFD.String("Nền tảng định danh Hà Nội"), "nameEn": "Ha Noi e-identity",
		"kind": "PLATFORM", "scope": "PROVINCE", "layer": "L2", "owner": "HA-NOI"}
	before := checksum(t, a.st) // the whole model, its history included
	beforeCurrent, err := bulk.New(a.st).CurrentChecksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := a.query(create, map[string]any{"in": in}); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("no token: %s", r.Raw)
	}
	a.token = viewerToken
	if r := a.query(create, map[string]any{"in": in}); r.code() != "FORBIDDEN" {
		t.Fatalf("viewer token: %s", r.Raw)
	}
	a.token = "not-a-token-at-all-0123456789"
	if r := a.query(create, map[string]any{"in": in}); r.Status != 401 {
		t.Fatalf("unknown token: %d %s", r.Status, r.Raw)
	}
	a.token = editorToken
	bad := func(field string, v any, code, msg string) {
		t.Helper()
		m := map[string]any{}
		for k, x := range in {
			m[k] = x
		}
		m[field] = v
		r := a.query(create, map[string]any{"in": m})
		if r.code() != code || !strings.Contains(r.Raw, msg) {
			t.Errorf("%s=%v: got %s, want %s %q", field, v, clipBody(r.Raw), code, msg)
		}
	}
	bad("layer", "L9", "BAD_USER_INPUT", "unknown layer")
	bad("owner", "NO-SUCH-AGENCY", "NOT_FOUND", "owner")
	bad("name", "   ", "BAD_USER_INPUT", "name: must not be empty")
	bad("name", strings.Repeat("a", 301), "BAD_USER_INPUT", "too long")
	bad("kind", "SPACESHIP", "GRAPHQL_VALIDATION_FAILED", "SPACESHIP")
	bad("code", "lower case", "BAD_USER_INPUT", "code")
	bad("dueYear", 1800, "BAD_USER_INPUT", "dueYear")
	if after := checksum(t, a.st); after != before {
		t.Fatal("refused mutations changed the graph")
	}

	d := a.ok(create, map[string]any{"in": in})
	id := dig(d, "createComponent", "id").(string)
	if name := dig(d, "createComponent", "name").(string); name != norm.NFC.String("Nền tảng định danh Hà Nội") || !norm.NFC.IsNormalString(name) {
		t.Errorf("name not stored in NFC: %q", name)
	}
	if dig(d, "createComponent", "owner", "code") != "HA-NOI" || dig(d, "createComponent", "status") != "PLANNED" {
		t.Errorf("created = %v", d)
	}
	if r := a.query(create, map[string]any{"in": in}); r.code() != "CONFLICT" {
		t.Errorf("duplicate code: %s", r.Raw)
	}
	d = a.ok(`mutation($id: ID!) { updateComponent(id: $id, input: {status: OPERATING, layer: "L3"}) { status layer { code } } }`, map[string]any{"id": id})
	if dig(d, "updateComponent", "status") != "OPERATING" || dig(d, "updateComponent", "layer", "code") != "L3" {
		t.Errorf("updated = %v", d)
	}
	if r := a.query(`mutation($id: ID!) { addDependency(from: $id, to: $id) { code } }`, map[string]any{"id": id}); r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Raw, "itself") {
		t.Errorf("self-dependency: %s", r.Raw)
	}
	a.ok(`mutation($id: ID!) { addDependency(from: $id, to: "EID") { code } addProvision(component: $id, capability: "CAP-EIDENTITY") { code } }`, map[string]any{"id": id})
	d = a.ok(`query($id: ID!) { component(id: $id) { dependsOn { code } provides { code } } }`, map[string]any{"id": id})
	if dig(d, "component", "dependsOn", 0, "code") != "EID" || dig(d, "component", "provides", 0, "code") != "CAP-EIDENTITY" {
		t.Errorf("edges = %v", d)
	}
	a.ok(`mutation($id: ID!) { removeDependency(from: $id, to: "EID") { code } addUse(agency: "HA-NOI", component: $id) { code } }`, map[string]any{"id": id})
	d = a.ok(`query($id: ID!) { component(id: $id) { dependsOn { code } usedBy { code } } }`, map[string]any{"id": id})
	if len(dig(d, "component", "dependsOn").([]any)) != 0 || dig(d, "component", "usedBy", 0, "code") != "HA-NOI" {
		t.Errorf("after remove/addUse = %v", d)
	}
	if r := a.query(`mutation { addDependency(from: "NDXP", to: "NO-SUCH") { code } }`, nil); r.code() != "NOT_FOUND" {
		t.Errorf("unknown endpoint: %s", r.Raw)
	}
	d = a.ok(`mutation($id: ID!) { deleteComponent(id: $id) }`, map[string]any{"id": id})
	if dig(d, "deleteComponent") != id {
		t.Errorf("delete = %v", d)
	}
	if r := a.query(`mutation($id: ID!) { deleteComponent(id: $id) }`, map[string]any{"id": id}); r.code() != "NOT_FOUND" {
		t.Errorf("second delete: %s", r.Raw)
	}
	// The delete retired the component: the current model is as before, and the component, its
	// earlier version and its closed relationships are history, readable with asOf.
	if after, err := bulk.New(a.st).CurrentChecksum(context.Background()); err != nil || after != beforeCurrent {
		t.Fatalf("create + delete left the current model changed (%v)", err)
	}
	d = a.ok(`query($id: ID!) { componentVersions(of: $id) { status validTo } }`, map[string]any{"id": id})
	if vs := dig(d, "componentVersions").([]any); len(vs) != 1 || dig(d, "componentVersions", 0, "validTo") == nil ||
		dig(d, "componentVersions", 0, "status") != "OPERATING" {
		t.Errorf("history of the deleted component = %v", d)
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func clipBody(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
