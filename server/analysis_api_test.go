package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

func TestImpactAPI(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ impact(of: "NDXP", maxDepth: 3) { root { code } direction maxDepth total
		byDepth { key count } byLayer { key count } byProvince { key name count }
		items(first: 50) { totalCount edges { node { depth component { code layer { code } owner { code } } } } }
		paths(first: 3) { edges { node { components { code } } } } } }`, nil)
	imp := d["impact"].(map[string]any)
	if imp["direction"] != "DEPENDENTS" || imp["maxDepth"].(float64) != 3 || dig(imp, "root", "code") != "NDXP" {
		t.Fatalf("impact header = %v", imp)
	}
	total := int(imp["total"].(float64))
	if total < 10 || int(dig(imp, "items", "totalCount").(float64)) != total {
		t.Fatalf("impact total %d, items.totalCount %v", total, dig(imp, "items", "totalCount"))
	}
	sum := 0
	for _, c := range imp["byDepth"].([]any) {
		sum += int(dig(c, "count").(float64))
	}
	if sum != total {
		t.Fatalf("byDepth sums to %d, total is %d", sum, total)
	}
	last := 0
	for _, e := range dig(imp, "items", "edges").([]any) {
		depth := int(dig(e, "node", "depth").(float64))
		if depth < last || depth < 1 || depth > 3 {
			t.Fatalf("items not ordered by depth within 1..3: %v", dig(imp, "items"))
		}
		last = depth
	}
	for _, e := range dig(imp, "paths", "edges").([]any) {
		comps := dig(e, "node", "components").([]any)
		if dig(comps, 0, "code") != "NDXP" || len(comps) < 2 {
			t.Fatalf("a path does not start at the root: %v", comps)
		}
	}
	d = a.ok(`{ impact(of: "NAD", direction: DEPENDENCIES, maxDepth: 1) { items(first: 100) { edges { node { component { code } } } } } }`, nil)
	found := false
	for _, e := range dig(d, "impact", "items", "edges").([]any) {
		found = found || dig(e, "node", "component", "code") == "NDC"
	}
	if !found {
		t.Fatalf("NAD's dependencies lack NDC: %v", d)
	}
	d = a.ok(`{ impact(of: "NDXP", maxDepth: 3) { byLevel { key count }
		items(first: 100, filter: {level: ["PROVINCE"]}) { totalCount edges { node { component { owner { level } } } } }
		inHue: items(first: 100, filter: {province: "HUE"}) { totalCount edges { node { component { owner { code province { code } } } } } } } }`, nil)
	want := 0
	for _, c := range dig(d, "impact", "byLevel").([]any) {
		if dig(c, "key") == "PROVINCE" {
			want = int(dig(c, "count").(float64))
		}
	}
	if got := int(dig(d, "impact", "items", "totalCount").(float64)); got != want || want == 0 {
		t.Fatalf("items filtered by level PROVINCE: totalCount %d, byLevel says %d", got, want)
	}
	for _, e := range dig(d, "impact", "items", "edges").([]any) {
		if dig(e, "node", "component", "owner", "level") != "PROVINCE" {
			t.Fatalf("level filter let through %v", e)
		}
	}
	for _, e := range dig(d, "impact", "inHue", "edges").([]any) {
		if dig(e, "node", "component", "owner", "province", "code") != "HUE" {
			t.Fatalf("province filter let through %v", e)
		}
	}
	if r := a.query(`{ impact(of: "NO-SUCH") { total } }`, nil); r.code() != "NOT_FOUND" {
		t.Fatalf("impact of an unknown component: %s", r.Raw)
	}
}

func TestDuplicatesAndRulesAPI(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	// A provincial e-identity platform that uses nothing national: a forbidden duplicate, and an
	// API-exposing system that bypasses V-APEX.
	code := "TEST-DUP-EID-HUE"
	err := bulk.New(a.st).WriteAtomic(ctx, []bulk.Batch{
		{Label: store.LabelComponent, Rows: []bulk.Row{{Code: code, Props: bulk.Props(bulk.P("id", bulk.Str("0b0e0f00-0000-4000-8000-000000000001")),
			bulk.P("name", bulk.Str("Nền tảng định danh riêng")), bulk.P("nameEn", bulk.Str("Own e-identity")), bulk.P("kind", bulk.Str("PLATFORM")),
			bulk.P("scope", bulk.Str("PROVINCE")), bulk.P("status", bulk.Str("OPERATING")), bulk.P("layer", bulk.Str("L2")),
			bulk.P("exposesApi", bulk.Bool(true)), bulk.P("synthetic", bulk.Bool(false)))}}},
		{Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelOwns, To: store.LabelComponent}, Rows: []bulk.Row{{From: "HUE", To: code}}},
		{Shape: store.Endpoint{From: store.LabelComponent, Type: store.RelProvides, To: store.LabelCapability}, Rows: []bulk.Row{{From: code, To: "CAP-EIDENTITY"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		id := "0b0e0f00-0000-4000-8000-000000000001"
		if err := a.st.DeleteComponent(context.Background(), model.Principal{Name: "test", Role: model.RoleAdmin}, id); err != nil {
			t.Error(err)
		}
	})
	d := a.ok(`{ duplicates(of: "EID") { component { code } agency { code } province { code } capability { code } shared { code } evidence } }`, nil)
	var hit map[string]any
	for _, x := range d["duplicates"].([]any) {
		if dig(x, "component", "code") == code {
			hit = x.(map[string]any)
		}
	}
	if hit == nil || dig(hit, "province", "code") != "HUE" || dig(hit, "capability", "code") != "CAP-EIDENTITY" ||
		dig(hit, "shared", "code") != "EID" || !strings.Contains(hit["evidence"].(string), "CAP-EIDENTITY") {
		t.Fatalf("the planted duplicate is not reported as such: %v", d)
	}
	d = a.ok(`{ ruleViolations(rule: "R-API-VIA-VAPEX", agency: "HUE") { ruleCode check component { code } message messageEn } }`, nil)
	found := false
	for _, v := range d["ruleViolations"].([]any) {
		if dig(v, "component", "code") == code {
			found = dig(v, "check") == "API_VIA_VAPEX" && strings.Contains(dig(v, "messageEn").(string), code)
		}
	}
	if !found {
		t.Fatalf("API_VIA_VAPEX does not report %s: %v", code, d)
	}
	d = a.ok(`{ all: ruleViolations(rule: "R-API-VIA-VAPEX") { ruleCode } n: ruleViolationCount(rule: "R-API-VIA-VAPEX")
		exposing: components(first: 1, filter: {exposesApi: true}) { totalCount } }`, nil)
	if n := int(d["n"].(float64)); n != len(d["all"].([]any)) || n == 0 {
		t.Fatalf("ruleViolationCount %v vs %d listed, %v exposing an API", d["n"], len(d["all"].([]any)), dig(d, "exposing", "totalCount"))
	}
	if r := a.query(`{ ruleViolations(rule: "R-OPEN-DATA") { message } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("a rule without an automatic check: %s", r.Raw)
	}
	if r := a.query(`{ ruleViolations(rule: "R-NO-SUCH") { message } }`, nil); r.code() != "NOT_FOUND" {
		t.Fatalf("an unknown rule: %s", r.Raw)
	}
}

func TestConformanceAPI(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ conformanceSummary(province: "HA-NOI") { total { agency { code } communes tally { applicable realized exploited missing score } byGroup { groupCode } }
		children { agency { code level } communes tally { applicable realized exploited missing score } } } }`, nil)
	total := dig(d, "conformanceSummary", "total")
	children := dig(d, "conformanceSummary", "children").([]any)
	if dig(total, "agency", "code") != "HA-NOI" || int(dig(total, "communes").(float64)) != len(children) || len(children) < 10 {
		t.Fatalf("summary of HA-NOI: total %v with %d children", total, len(children))
	}
	var sumApplicable, sumMissing float64
	for _, c := range children {
		sumApplicable += dig(c, "tally", "applicable").(float64)
		sumMissing += dig(c, "tally", "missing").(float64)
		if dig(c, "agency", "level") != "COMMUNE" {
			t.Fatalf("child %v is not a commune", c)
		}
	}
	if sumApplicable != dig(total, "tally", "applicable").(float64) || sumMissing != dig(total, "tally", "missing").(float64) {
		t.Fatalf("children do not add up to the total: %v applicable, %v missing vs %v", sumApplicable, sumMissing, dig(total, "tally"))
	}
	commune := dig(children, 0, "agency", "code").(string)
	d = a.ok(`query($a: ID!) { conformance(agency: $a) { agency { code } frameworkCode tally { applicable realized exploited provided missing notDeployed score }
		essential { applicable } supplementary { applicable realized exploited provided missing notDeployed }
		items { state reference { code tier } components { code } } } }`, map[string]any{"a": commune})
	c := d["conformance"].(map[string]any)
	tally := c["tally"].(map[string]any)
	supp := c["supplementary"].(map[string]any)
	n := tally["realized"].(float64) + tally["exploited"].(float64) + tally["provided"].(float64) + tally["missing"].(float64)
	ns := supp["realized"].(float64) + supp["exploited"].(float64) + supp["provided"].(float64) + supp["notDeployed"].(float64)
	if c["frameworkCode"] != "KTTS-XA" || n != tally["applicable"].(float64) || tally["notDeployed"].(float64) != 0 ||
		ns != supp["applicable"].(float64) || supp["missing"].(float64) != 0 || len(c["items"].([]any)) != int(n+ns) {
		t.Fatalf("conformance of %s does not add up: %v", commune, c)
	}
	for _, it := range c["items"].([]any) {
		comps := dig(it, "components").([]any)
		// REALIZED lists the agency's components, EXPLOITS_SHARED the shared ones it uses,
		// PROVIDED_BY_PROVINCE the province's; an area-supplementary item is never MISSING.
		st := dig(it, "state")
		if (st == "MISSING" || st == "NOT_DEPLOYED") != (len(comps) == 0) ||
			(st == "MISSING") && dig(it, "reference", "tier") == "AREA_SUPPLEMENTARY" {
			t.Fatalf("item state and components disagree: %v", it)
		}
	}
	if r := a.query(`{ conformance(agency: "NO-SUCH") { frameworkCode } }`, nil); r.code() != "NOT_FOUND" {
		t.Fatalf("unknown agency: %s", r.Raw)
	}
}
