package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// TestAsOfYesterdayReturnsEarlierState: a component recorded as existing for a month is updated
// today; asOf yesterday answers with the values before the update, the current query with the
// values after, through the API and with the real clock.
func TestAsOfYesterdayReturnsEarlierState(t *testing.T) {
	a := newAPI(t)
	a.token = editorToken
	day := fromToday(t, a)
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

// fromToday returns the day d days from the store's today (YYYY-MM-DD).
func fromToday(t *testing.T, a *api) func(d int) string {
	t.Helper()
	today, err := time.Parse(time.DateOnly, a.st.Today())
	if err != nil {
		t.Fatal(err)
	}
	return func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
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

// TestAsOfRelationsAreThatDays: a component read as of a day has that day's relations, not
// today's — its owner, its dependencies, where it is hosted — whether it is read alone
// (component loaders), as an impact's root or items (primed for the whole page) or as a row of
// `components(asOf)`. Model (real clock): A and C exist for a month, hosted in NDC, depend on B
// since 20 days ago; today A's owner changes from HA-NOI to HUE and its dependency on B is
// replaced by one on EID.
func TestAsOfRelationsAreThatDays(t *testing.T) {
	a := newAPI(t)
	a.token = editorToken
	day := fromToday(t, a)
	yesterday := day(-1)
	ids := map[string]string{}
	for _, c := range []string{"T-REL-A", "T-REL-B", "T-REL-C"} {
		d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"code": c, "name": "Hệ thống " + c, "nameEn": "System " + c, "kind": "APPLICATION", "scope": "PROVINCE",
			"layer": "L3", "owner": "HA-NOI", "status": "OPERATING", "validFrom": day(-30)}})
		ids[c] = dig(d, "createComponent", "id").(string)
	}
	backdated := bulk.Props(bulk.P("validFrom", bulk.Str(day(-20))))
	comp := func(typ string) store.Endpoint {
		return store.Endpoint{From: store.LabelComponent, Type: typ, To: store.LabelComponent}
	}
	if err := bulk.New(a.st).WriteAtomic(context.Background(), []bulk.Batch{
		{Shape: comp(store.RelDependsOn), Rows: []bulk.Row{{From: "T-REL-A", To: "T-REL-B", Props: backdated}, {From: "T-REL-C", To: "T-REL-B", Props: backdated}}},
		{Shape: comp("HOSTED_IN"), Rows: []bulk.Row{{From: "T-REL-A", To: "NDC", Props: backdated}, {From: "T-REL-C", To: "NDC", Props: backdated}}},
	}); err != nil {
		t.Fatal(err)
	}
	a.ok(`mutation($id: ID!, $b: ID!) { updateComponent(id: $id, input: {owner: "HUE"}) { id }
	  removeDependency(from: $id, to: $b) { id } addDependency(from: $id, to: "EID") { id } }`,
		map[string]any{"id": ids["T-REL-A"], "b": ids["T-REL-B"]})

	// What A was, read through its relations: yesterday's and today's.
	then := `{"code":"T-REL-A","dependsOn":[{"code":"T-REL-B"}],"hostedIn":[{"code":"NDC"}],"owner":{"code":"HA-NOI"}}`
	now := `{"code":"T-REL-A","dependsOn":[{"code":"EID"}],"hostedIn":[{"code":"NDC"}],"owner":{"code":"HUE"}}`
	sel := `code owner { code } dependsOn { code } hostedIn { code }`
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		what, query string
		asOf        any
		path        []any
		want        string
	}{
		{"impact root, yesterday", `query($d: Date) { impact(of: "T-REL-A", direction: DEPENDENCIES, maxDepth: 1, asOf: $d) { root { ` + sel + ` } } }`,
			yesterday, []any{"impact", "root"}, then},
		{"impact root, now", `query($d: Date) { impact(of: "T-REL-A", direction: DEPENDENCIES, maxDepth: 1, asOf: $d) { root { ` + sel + ` } } }`,
			nil, []any{"impact", "root"}, now},
		{"impact item, yesterday", `query($d: Date) { impact(of: "T-REL-B", maxDepth: 1, asOf: $d) { items(first: 10) { edges { node { component { ` + sel + ` } } } } } }`,
			yesterday, []any{"impact", "items", "edges", 0, "node", "component"}, then},
		{"components row, yesterday", `query($d: Date) { components(first: 10, where: {code: {startsWith: "T-REL-"}}, asOf: $d) { edges { node { ` + sel + ` } } } }`,
			yesterday, []any{"components", "edges", 0, "node"}, then},
		{"components row, now", `query($d: Date) { components(first: 10, where: {code: {startsWith: "T-REL-"}}, asOf: $d) { edges { node { ` + sel + ` } } } }`,
			nil, []any{"components", "edges", 0, "node"}, now},
	} {
		d := a.ok(tc.query, map[string]any{"d": tc.asOf})
		if got := js(dig(d, tc.path...)); got != tc.want {
			t.Errorf("%s: %s; want %s", tc.what, got, tc.want)
		}
	}
	// C's relations did not change: yesterday's impact of B lists A and C (a page of two: the
	// relations are primed for the page), each with yesterday's owner and dependencies.
	d := a.ok(`query($d: Date) { impact(of: "T-REL-B", maxDepth: 1, asOf: $d) { items(first: 10) { edges { node { component { `+sel+` } } } } } }`,
		map[string]any{"d": yesterday})
	if got, want := js(dig(d, "impact", "items", "edges")), `[{"node":{"component":`+then+`}},{"node":{"component":{"code":"T-REL-C","dependsOn":[{"code":"T-REL-B"}],"hostedIn":[{"code":"NDC"}],"owner":{"code":"HA-NOI"}}}}]`; got != want {
		t.Errorf("impact of T-REL-B yesterday: %s; want %s", got, want)
	}
	// A page read as of a day reads its rows' relations of that day with the page, as today's
	// page does today's: as many statements either way.
	statements := func(asOf any) int64 {
		n := a.st.Statements()
		a.ok(`query($d: Date) { components(first: 10, where: {code: {startsWith: "T-REL-"}}, asOf: $d) { edges { node { c: code owner { code } dependsOn { code } } } } }`,
			map[string]any{"d": asOf})
		return a.st.Statements() - n
	}
	if then, now := statements(yesterday), statements(nil); then != now {
		t.Errorf("components with owner and dependsOn: %d statements as of yesterday, %d now", then, now)
	}
	// B's dependents, read through B as of yesterday and now.
	for _, tc := range []struct {
		asOf any
		want string
	}{{yesterday, `[{"node":{"code":"T-REL-A"}},{"node":{"code":"T-REL-C"}}]`}, {nil, `[{"node":{"code":"T-REL-C"}}]`}} {
		d := a.ok(`query($d: Date) { impact(of: "T-REL-B", direction: DEPENDENCIES, maxDepth: 1, asOf: $d) { root { dependents(first: 10) { edges { node { code } } } } } }`,
			map[string]any{"d": tc.asOf})
		if got := js(dig(d, "impact", "root", "dependents", "edges")); got != tc.want {
			t.Errorf("dependents of T-REL-B as of %v: %s; want %s", tc.asOf, got, tc.want)
		}
	}
	// Today B has C alone.
	d = a.ok(`{ impact(of: "T-REL-B", maxDepth: 1) { items(first: 10) { edges { node { component { code owner { code } } } } } } }`, nil)
	if got, want := js(dig(d, "impact", "items", "edges")), `[{"node":{"component":{"code":"T-REL-C","owner":{"code":"HA-NOI"}}}}]`; got != want {
		t.Errorf("impact of T-REL-B now: %s; want %s", got, want)
	}
}
