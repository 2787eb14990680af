package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestAsOfYesterdayReturnsEarlierState: a component recorded as existing for a month is updated
// today; asOf yesterday answers with the values before the update, the current query with the
// values after, through the API and with the real clock.
func TestAsOfYesterdayReturnsEarlierState(t *testing.T) {
	a := newAPI(t)
	a.token = editorToken
	today, err := time.Parse("2006-01-02", a.st.Today())
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) string { return today.AddDate(0, 0, d).Format("2006-01-02") }
	yesterday := day(-1)

	d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id validFrom validTo } }`, map[string]any{"in": map[string]any{
		"code": "TEST-ASOF", "name": "Hệ thống cũ", "nameEn": "Old system", "kind": "APPLICATION", "scope": "PROVINCE",
		"layer": "L3", "owner": "HA-NOI", "status": "OPERATING", "validFrom": day(-30)}})
	id := dig(d, "createComponent", "id").(string)
	if dig(d, "createComponent", "validFrom") != day(-30) || dig(d, "createComponent", "validTo") != nil {
		t.Errorf("created = %v", d)
	}
	a.ok(`mutation($id: ID!) { updateComponent(id: $id, input: {name: "Hệ thống mới", layer: "L4", status: BUILDING}) { id }
	  addDependency(from: $id, to: "EID") { id } }`, map[string]any{"id": id})

	q := `query($asOf: Date) { impact(of: "TEST-ASOF", direction: DEPENDENCIES, maxDepth: 1, asOf: $asOf) {
	  root { name status versionFrom validFrom } total } }`
	then := a.ok(q, map[string]any{"asOf": yesterday})
	now := a.ok(q, nil)
	if dig(then, "impact", "root", "name") != "Hệ thống cũ" || dig(then, "impact", "root", "status") != "OPERATING" ||
		dig(then, "impact", "root", "versionFrom") != day(-30) || dig(then, "impact", "total") != float64(0) {
		t.Errorf("as of yesterday = %v; want the name and status before today's update, and no dependency", then)
	}
	if dig(now, "impact", "root", "name") != "Hệ thống mới" || dig(now, "impact", "root", "status") != "BUILDING" ||
		dig(now, "impact", "root", "versionFrom") != day(0) || dig(now, "impact", "total") != float64(1) {
		t.Errorf("now = %v; want today's values and the dependency on EID", now)
	}
	d = a.ok(`query { componentVersions(of: "TEST-ASOF") { name validFrom versionFrom validTo } }`, nil)
	if vs := dig(d, "componentVersions").([]any); len(vs) != 2 || dig(d, "componentVersions", 0, "name") != "Hệ thống cũ" ||
		dig(d, "componentVersions", 1, "versionFrom") != day(0) {
		t.Errorf("versions = %v", d)
	}

	// The same day given as asOf and as "now" answer alike.
	for _, f := range []string{`duplicates(of: "EID", asOf: $d) { component { code } }`, `conformance(agency: "HA-NOI", asOf: $d) { tally { realized missing } }`,
		`conformanceSummary(province: "HA-NOI", asOf: $d) { total { tally { realized exploited missing } } }`} {
		withDay := a.ok(`query($d: Date) { `+f+` }`, map[string]any{"d": day(0)})
		without := a.ok(`query($d: Date) { `+f+` }`, map[string]any{"d": nil})
		if !equalJSON(withDay, without) {
			t.Errorf("%s: as of today %v, now %v", f, withDay, without)
		}
	}

	for _, tc := range []struct{ asOf, code, msg string }{
		{day(1), "BAD_USER_INPUT", "asOf: invalid: " + day(1) + " is after today"},
		{"", "BAD_USER_INPUT", "asOf: an empty string is not a date"},
		{"2026-13-01", "BAD_USER_INPUT", `asOf: invalid: "2026-13-01" is not a date of the form YYYY-MM-DD`},
		{"yesterday", "BAD_USER_INPUT", `"yesterday" is not a date`},
		{day(-31), "NOT_FOUND", "did not exist on " + day(-31) + " (valid " + day(-30) + "..…)"},
	} {
		r := a.query(q, map[string]any{"asOf": tc.asOf})
		if r.code() != tc.code || !strings.Contains(r.Errors[0].Message, tc.msg) || r.Data["impact"] != nil {
			t.Errorf("asOf %q: %s; want %s mentioning %q", tc.asOf, r.Raw, tc.code, tc.msg)
		}
	}
}

func equalJSON(a, b map[string]any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// TestFrameworkDiffAPI: the embedded framework holds one version of each reference framework;
// the diff of one with itself lists everything as unchanged, an unknown framework is NOT_FOUND
// by name. (Versions themselves are tested in store.TestFrameworkDiff.)
func TestFrameworkDiffAPI(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ frameworkDiff(from: "KTTS-XA", to: "KTTS-XA") { from { code } to { code } fromCount toCount unchanged
	  added { code } removed { code } changed { reference { code } fields { field from to } } } }`, nil)
	if dig(d, "frameworkDiff", "fromCount") != float64(170) || dig(d, "frameworkDiff", "unchanged") != float64(170) ||
		len(dig(d, "frameworkDiff", "added").([]any))+len(dig(d, "frameworkDiff", "changed").([]any)) != 0 {
		t.Errorf("KTTS-XA against itself = %v", d)
	}
	r := a.query(`{ frameworkDiff(from: "KTTS-XA", to: "KTTS-XA-2099") { unchanged } }`, nil)
	if r.code() != "NOT_FOUND" || r.Errors[0].Message != `no framework has the id or code "KTTS-XA-2099"` {
		t.Errorf("unknown framework: %s", r.Raw)
	}
}
