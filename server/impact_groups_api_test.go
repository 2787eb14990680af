package server_test

import (
	"reflect"
	"testing"
	"time"
)

// TestImpactGroupsAPI: impact.groups counts on the server what items lists — by province, the
// groups add up to the total and each group's byDepth to its count; a province's owners add up
// to the province's count; filtering items by owner, layer and depth keeps exactly those rows and
// as many as the groups say.
func TestImpactGroupsAPI(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ impact(of: "NDXP", maxDepth: 3) { total byProvince { key count }
		byLayer { key count }
		prov: groups(by: PROVINCE, first: 500) { total count nodes { key name nameEn count byDepth } }
		layer: groups(by: LAYER) { total nodes { key name count } }
		level: groups(by: LEVEL) { nodes { key count } }
		depth: groups(by: DEPTH) { nodes { key count byDepth } } } }`, nil)
	imp := dig(d, "impact").(map[string]any)
	total := int(imp["total"].(float64))
	if total < 10 {
		t.Fatalf("NDXP has %d dependents: the fixture is too small to test groups", total)
	}
	byProvince := map[string]int{}
	for _, c := range imp["byProvince"].([]any) {
		byProvince[dig(c, "key").(string)] = int(dig(c, "count").(float64))
	}
	sum := 0
	for _, g := range dig(imp, "prov", "nodes").([]any) {
		n := int(dig(g, "count").(float64))
		sum += n
		depths := 0
		for _, x := range dig(g, "byDepth").([]any) {
			depths += int(x.(float64))
		}
		if depths != n || len(dig(g, "byDepth").([]any)) != 3 {
			t.Fatalf("group %v: byDepth does not add up to its count (or is not 3 long)", g)
		}
		key := dig(g, "key").(string)
		if key == "" {
			if dig(g, "nameEn") != "No province (central, ministries)" {
				t.Fatalf("the group with no province is named %v", g)
			}
			continue
		}
		if byProvince[key] != n || dig(g, "name") == "" {
			t.Fatalf("province group %v: byProvince says %d", g, byProvince[key])
		}
	}
	if sum != total || int(dig(imp, "prov", "total").(float64)) != total {
		t.Fatalf("province groups add up to %d (total field %v), the impact has %d", sum, dig(imp, "prov", "total"), total)
	}
	for _, dim := range []string{"layer", "level", "depth"} {
		s := 0
		for _, g := range dig(imp, dim, "nodes").([]any) {
			s += int(dig(g, "count").(float64))
		}
		if s != total {
			t.Fatalf("%s groups add up to %d, not %d: %v", dim, s, total, dig(imp, dim))
		}
	}
	if l := dig(imp, "layer", "nodes", 0); dig(l, "name") == "" {
		t.Fatalf("a layer group has no name: %v", l)
	}

	// Drill down: the largest province's owners, then the largest owner's components.
	var prov string
	for _, g := range dig(imp, "prov", "nodes").([]any) {
		if k := dig(g, "key").(string); k != "" {
			prov = k
			break
		}
	}
	d = a.ok(`query($p: ID!) { impact(of: "NDXP", maxDepth: 3) {
		groups(by: OWNER, filter: {province: $p}) { total count nodes { key name count } } } }`, map[string]any{"p": prov})
	owners := dig(d, "impact", "groups").(map[string]any)
	if int(owners["total"].(float64)) != byProvince[prov] {
		t.Fatalf("owners in %s add up to %v, byProvince says %d", prov, owners["total"], byProvince[prov])
	}
	top := dig(owners, "nodes", 0).(map[string]any)
	owner, n := top["key"].(string), int(top["count"].(float64))
	d = a.ok(`query($o: ID!) { impact(of: "NDXP", maxDepth: 3) {
		items(first: 100, filter: {owner: $o}) { totalCount edges { node { depth component { code owner { code } layer { code } } } } } } }`,
		map[string]any{"o": owner})
	items := dig(d, "impact", "items").(map[string]any)
	if int(items["totalCount"].(float64)) != n || len(items["edges"].([]any)) != min(n, 100) {
		t.Fatalf("items of owner %s: totalCount %v and %d rows, the group says %d", owner, items["totalCount"], len(items["edges"].([]any)), n)
	}
	for _, e := range items["edges"].([]any) {
		if dig(e, "node", "component", "owner", "code") != owner {
			t.Fatalf("the owner filter let through %v", e)
		}
	}

	// Layer and depth filters agree with the groups.
	layer := dig(imp, "layer", "nodes", 0, "key").(string)
	layerCount := int(dig(imp, "layer", "nodes", 0, "count").(float64))
	d = a.ok(`query($l: String!) { impact(of: "NDXP", maxDepth: 3) {
		items(first: 5, filter: {layer: [$l], depth: 1}) { totalCount edges { node { depth component { layer { code } } } } }
		groups(by: DEPTH, filter: {layer: [$l]}) { total } } }`, map[string]any{"l": layer})
	if got := int(dig(d, "impact", "groups", "total").(float64)); got != layerCount {
		t.Fatalf("layer %s: groups total %d, byLayer group %d", layer, got, layerCount)
	}
	for _, e := range dig(d, "impact", "items", "edges").([]any) {
		if dig(e, "node", "depth").(float64) != 1 || dig(e, "node", "component", "layer", "code") != layer {
			t.Fatalf("layer+depth filter let through %v", e)
		}
	}

	if r := a.query(`{ impact(of: "NDXP", maxDepth: 3) { items(filter: {depth: 4}) { totalCount } } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("a depth beyond maxDepth: %s", r.Raw)
	}
	if r := a.query(`{ impact(of: "NDXP") { groups(by: OWNER, first: 501) { total } } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("first beyond 500: %s", r.Raw)
	}
	if r := a.query(`{ impact(of: "NDXP") { groups(by: OWNER, filter: {owner: "NO-SUCH"}) { total } } }`, nil); r.code() != "NOT_FOUND" {
		t.Fatalf("an unknown owner: %s", r.Raw)
	}
}

// TestRecordedSinceAPI: the first recorded day is a day on which the seeded components are
// valid, and not after today.
func TestRecordedSinceAPI(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ recordedSince component(code: "NDXP") { validFrom } }`, nil)
	day, _ := d["recordedSince"].(string)
	if _, err := time.Parse("2006-01-02", day); err != nil {
		t.Fatalf("recordedSince = %v: %v", d["recordedSince"], err)
	}
	if from, _ := dig(d, "component", "validFrom").(string); from == "" || day > from {
		t.Fatalf("recordedSince %s is after NDXP's validFrom %v", day, dig(d, "component", "validFrom"))
	}
	if day > time.Now().UTC().Add(7*time.Hour).Format("2006-01-02") {
		t.Fatalf("recordedSince %s is after today", day)
	}
}

// TestImpactGroupsFromSummaryAPI: groups asked beside the summary's figures are counted from the
// summary's buckets (one traversal, not two) and are exactly what the traversal of the groups
// alone gives — for every grouping, with filters on the bucket dimensions (province, level,
// layer, depth), with an owner filter and by owner (which need the traversal), as of a day.
func TestImpactGroupsFromSummaryAPI(t *testing.T) {
	a := newAPI(t)
	const groups = `g: groups(by: $by, filter: $f, first: 500) { total count nodes { key name nameEn count byDepth } }`
	const vars = `($of: ID!, $d: Int, $asOf: Date, $by: ImpactGroupBy!, $f: ImpactItemFilter)`
	withSummary := `query` + vars + ` { impact(of: $of, maxDepth: $d, asOf: $asOf) {
		total byDepth { key count } byLayer { key count } byLevel { key count } ` + groups + ` } }`
	// byDepth only: no owners in the summary, so no buckets kept: every grouping traverses.
	depthOnly := `query` + vars + ` { impact(of: $of, maxDepth: $d, asOf: $asOf) { byDepth { key count } ` + groups + ` } }`
	alone := `query` + vars + ` { impact(of: $of, maxDepth: $d, asOf: $asOf) { ` + groups + ` } }`

	d := a.ok(`{ impact(of: "NDXP", maxDepth: 3) { byProvince { key } byLayer { key } } owner: impact(of: "NDXP", maxDepth: 3) {
		groups(by: OWNER, first: 1) { nodes { key } } } }`, nil)
	prov := dig(d, "impact", "byProvince", 0, "key").(string)
	layer := dig(d, "impact", "byLayer", 0, "key").(string)
	owner := dig(d, "owner", "groups", "nodes", 0, "key").(string)
	today := time.Now().UTC().Add(7 * time.Hour).Format("2006-01-02")
	cases := []struct {
		of, by string
		depth  int
		asOf   any
		f      map[string]any
	}{
		{"NDXP", "PROVINCE", 3, nil, nil},
		{"NDXP", "LAYER", 3, nil, nil},
		{"NDXP", "LEVEL", 3, nil, nil},
		{"NDXP", "DEPTH", 3, nil, nil},
		{"NDXP", "OWNER", 3, nil, map[string]any{"province": prov}},
		{"NDXP", "LEVEL", 3, nil, map[string]any{"province": prov}},
		{"NDXP", "DEPTH", 3, nil, map[string]any{"province": prov, "layer": []string{layer}}},
		{"NDXP", "LAYER", 3, nil, map[string]any{"level": []string{"COMMUNE", "UNOWNED"}, "depth": 2}},
		{"NDXP", "PROVINCE", 2, nil, map[string]any{"layer": []string{layer, "L3"}}},
		{"NDXP", "DEPTH", 3, nil, map[string]any{"owner": owner}},
		{"NDXP", "PROVINCE", 3, today, nil},
		{"NDXP", "LEVEL", 3, today, map[string]any{"depth": 1}},
		{"V-APEX", "PROVINCE", 3, nil, nil},
		{"V-APEX", "LEVEL", 1, nil, nil},
	}
	for _, c := range cases {
		v := map[string]any{"of": c.of, "d": c.depth, "asOf": c.asOf, "by": c.by, "f": c.f}
		want := dig(a.ok(alone, v), "impact", "g")
		if n, _ := dig(want, "total").(float64); n == 0 {
			t.Fatalf("%+v: no component to count (the fixture is too small for this case)", c)
		}
		for name, q := range map[string]string{"with the summary": withSummary, "with byDepth only": depthOnly} {
			if got := dig(a.ok(q, v), "impact", "g"); !reflect.DeepEqual(got, want) {
				t.Errorf("%+v %s: groups %v, the groups alone %v", c, name, got, want)
			}
		}
	}
}
