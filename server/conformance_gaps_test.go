package server_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestConformanceGapsAPI: conformanceGaps lists, per commune, exactly the items conformance
// reports MISSING — for a province its communes with a missing item, adding up to the rollup's
// missing count; with a reference, the communes whose conformance has that reference MISSING; with
// a group, only that group's items; bad arguments are refused by name.
func TestConformanceGapsAPI(t *testing.T) {
	a := newAPI(t)
	sum := a.ok(`{ conformanceSummary { children { agency { code } communes tally { missing } } } }`, nil)
	province := ""
	for _, c := range dig(sum, "conformanceSummary", "children").([]any) {
		if dig(c, "communes").(float64) > 0 && dig(c, "tally", "missing").(float64) > 0 {
			province = dig(c, "agency", "code").(string)
			break
		}
	}
	if province == "" {
		t.Fatal("no province of the fixture has a commune missing an essential item: nothing to test")
	}
	d := a.ok(`query($p: ID) { conformanceGaps(province: $p, first: 5000) { totalCount missing
		communes { commune { code level } province { code } missing { code tier framework { code } group { code } } } }
		conformanceSummary(province: $p) { total { tally { missing } } children { agency { code } tally { missing } } } }`,
		map[string]any{"p": province})
	gaps := dig(d, "conformanceGaps").(map[string]any)
	communes := gaps["communes"].([]any)
	wantMissing := map[string]int{}
	for _, c := range dig(d, "conformanceSummary", "children").([]any) {
		if n := int(dig(c, "tally", "missing").(float64)); n > 0 {
			wantMissing[dig(c, "agency", "code").(string)] = n
		}
	}
	if int(gaps["totalCount"].(float64)) != len(wantMissing) || len(communes) != len(wantMissing) {
		t.Fatalf("%s: %v communes listed (totalCount %v), the rollup has %d communes missing something", province, len(communes), gaps["totalCount"], len(wantMissing))
	}
	if int(gaps["missing"].(float64)) != int(dig(d, "conformanceSummary", "total", "tally", "missing").(float64)) {
		t.Fatalf("missing pairs %v, the rollup's missing %v", gaps["missing"], dig(d, "conformanceSummary", "total", "tally", "missing"))
	}
	prev := ""
	for _, c := range communes {
		code := dig(c, "commune", "code").(string)
		if code <= prev || dig(c, "commune", "level") != "COMMUNE" || dig(c, "province", "code") != province {
			t.Fatalf("row %v: not a commune of %s in code order (after %s)", c, province, prev)
		}
		prev = code
		if n := len(dig(c, "missing").([]any)); n != wantMissing[code] {
			t.Fatalf("%s lists %d missing items, its rollup says %d", code, n, wantMissing[code])
		}
	}

	// Three communes checked item by item against conformance(agency).
	byRef := map[string]int{}
	var someRef, someGroup string
	for i, c := range communes {
		code := dig(c, "commune", "code").(string)
		var got []string
		for _, m := range dig(c, "missing").([]any) {
			got = append(got, dig(m, "code").(string))
			byRef[dig(m, "code").(string)]++
			if dig(m, "tier") != "COMMUNE_ESSENTIAL" || dig(m, "framework", "code") != "KTTS-XA" {
				t.Fatalf("%s: %v is not an essential commune item", code, m)
			}
			if someRef == "" {
				someRef, someGroup = dig(m, "code").(string), dig(m, "group", "code").(string)
			}
		}
		if i >= 3 {
			continue
		}
		cf := a.ok(`query($a: ID!) { conformance(agency: $a) { items { state reference { code } } } }`, map[string]any{"a": code})
		var want []string
		for _, it := range dig(cf, "conformance", "items").([]any) {
			if dig(it, "state") == "MISSING" {
				want = append(want, dig(it, "reference", "code").(string))
			}
		}
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("%s: gaps list %v, conformance reports MISSING %v", code, got, want)
		}
	}

	// One reference: the communes that miss it, as many as the province's rows say.
	r := a.ok(`query($p: ID, $r: ID) { conformanceGaps(province: $p, reference: $r) { totalCount missing communes { missing { code } } } }`,
		map[string]any{"p": province, "r": someRef})
	if got := int(dig(r, "conformanceGaps", "totalCount").(float64)); got != byRef[someRef] || got == 0 {
		t.Fatalf("reference %s: %d communes, the province's rows say %d", someRef, got, byRef[someRef])
	}
	for _, c := range dig(r, "conformanceGaps", "communes").([]any) {
		if ms := dig(c, "missing").([]any); len(ms) != 1 || dig(ms[0], "code") != someRef {
			t.Fatalf("reference %s: a row lists %v", someRef, ms)
		}
	}
	// One group: only its items.
	g := a.ok(`query($p: ID, $g: String) { conformanceGaps(province: $p, group: $g) { communes { missing { group { code } } } } }`,
		map[string]any{"p": province, "g": someGroup})
	if len(dig(g, "conformanceGaps", "communes").([]any)) == 0 {
		t.Fatalf("group %s: no commune listed, though %s misses an item of it", someGroup, someRef)
	}
	for _, c := range dig(g, "conformanceGaps", "communes").([]any) {
		for _, m := range dig(c, "missing").([]any) {
			if dig(m, "group", "code") != someGroup {
				t.Fatalf("group %s: lists %v", someGroup, m)
			}
		}
	}
	// A page: first 1, the counts of all.
	p1 := a.ok(`query($p: ID) { conformanceGaps(province: $p, first: 1) { totalCount communes { commune { code } } } }`, map[string]any{"p": province})
	if len(dig(p1, "conformanceGaps", "communes").([]any)) != 1 || int(dig(p1, "conformanceGaps", "totalCount").(float64)) != len(wantMissing) {
		t.Fatalf("first 1: %v", p1)
	}

	for _, bad := range []struct{ q, want string }{
		{`{ conformanceGaps(first: 0) { totalCount } }`, "first must be between 1 and 5000"},
		{`{ conformanceGaps(province: "NDXP") { totalCount } }`, `no agency has the id or code "NDXP"`},
		{fmt.Sprintf(`{ conformanceGaps(province: "%s-X0001") { totalCount } }`, "SYN-"+province), "not a province"},
		{`{ conformanceGaps(reference: "NO-SUCH-REF") { totalCount } }`, `no reference component has the id or code "NO-SUCH-REF"`},
		{`{ conformanceGaps(reference: "ANM1") { totalCount } }`, "is not an essential item of the communes' framework"},
		{`{ conformanceGaps(asOf: "2026-02-30") { totalCount } }`, "2026-02-30"},
	} {
		res := a.query(bad.q, nil)
		if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, bad.want) {
			t.Errorf("%s: want an error containing %q, got %s", bad.q, bad.want, res.Raw)
		}
	}
}
