package server_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// cypherRows runs a read statement and returns its rows' column col, as strings.
func cypherRows(t *testing.T, st *store.Store, q string, params map[string]any, col string) []string {
	t.Helper()
	ctx := context.Background()
	sess := st.Session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	out, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) ([]string, error) {
		res, err := tx.Run(ctx, q, params)
		if err != nil {
			return nil, err
		}
		var xs []string
		for res.Next(ctx) {
			v, _ := res.Record().Get(col)
			xs = append(xs, fmt.Sprint(v))
		}
		return xs, res.Err()
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return out
}

const previewChangeQ = `mutation($c: ComponentChangeInput!) { previewComponentChange(change: $c) {
	operation changed component { code name revision }
	conformance { reference { code } before after met count communes agencies { code level } }
	becomeConformant { code } stopConformant { code } agenciesChecked agenciesLimited
	duplicatesAdded { component { code } shared { code } } duplicatesRemoved { component { code } shared { code } }
	inferred { code score } suggested { code }
	violationsAdded { ruleCode component { code } } violationsResolved { ruleCode component { code } }
	dependents { code } dependentsTotal transitiveDependents users { code } usersTotal } }`

// writesSeen is what a preview must leave as it is: the model's checksum, the audit log's
// size and the graph's write version.
func writesSeen(t *testing.T, a *api) string {
	t.Helper()
	v, err := a.st.GraphVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	changes := cypherRows(t, a.st, `MATCH (c:Change) RETURN count(c) AS n`, nil, "n")
	return checksum(t, a.st) + "|" + changes[0] + "|" + v
}

// TestPreviewComponentChange: the effect a component form shows before saving is the save's.
// A province editor's new component realizing a commune item its communes miss previews
// exactly the communes an independent count finds (MISSING → PROVIDED_BY_PROVINCE), and
// writes nothing (checksum, audit log, write version); saving it makes the preview true
// (conformance answers the previewed state for those communes, the previewed "now
// conformant" ones miss nothing); retiring it previews the reverse; a retire previews the
// dependents another count finds; an update previews the fields it changes; a refused save
// previews as refused with the save's own code and message.
func TestPreviewComponentChange(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	prov, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	hue, _ := token(t, a, "HUE", model.RoleEditor, 0)
	viewer, _ := token(t, a, "HA-NOI", model.RoleViewer, 0)

	// A commune item none of HA-NOI provides, met by no way but a commune's own component,
	// that some of its communes miss: the one most of them miss.
	picked := cypherRows(t, a.st, `
MATCH (p:Agency {code: 'HA-NOI'})
MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT', tier: 'COMMUNE_ESSENTIAL'})
WHERE NOT coalesce(r.catchAll, false) AND NOT coalesce(r.exploitsShared, false)
  AND NOT EXISTS { MATCH (p)-[:OWNS]->(:Component)-[:REALIZES]->(x:ReferenceComponent)
                   WHERE x.code = r.code OR x.code IN split(coalesce(r.sharedFrom, ''), ';') }
WITH r, COUNT { MATCH (a:Agency {level: 'COMMUNE'})-[:PART_OF]->(p)
                WHERE NOT EXISTS { (a)-[:OWNS]->(:Component)-[:REALIZES]->(r) } } AS n
WHERE n > 0
RETURN r.code + '|' + toString(n) AS x ORDER BY n DESC, r.code LIMIT 1`, nil, "x")
	if len(picked) != 1 {
		t.Fatal("no commune item that HA-NOI's communes miss in the fixture")
	}
	ref, n, _ := strings.Cut(picked[0], "|")
	missing, err := strconv.Atoi(n)
	if err != nil {
		t.Fatal(err)
	}
	// The communes that miss it, independently of the conformance statement.
	missers := cypherRows(t, a.st, `
MATCH (a:Agency {level: 'COMMUNE'})-[:PART_OF]->(:Agency {code: 'HA-NOI'})
MATCH (r:ReferenceComponent {code: $ref})
WHERE NOT EXISTS { (a)-[:OWNS]->(:Component)-[:REALIZES]->(r) }
RETURN a.code AS code ORDER BY code`, map[string]any{"ref": ref}, "code")
	if len(missers) != missing {
		t.Fatalf("counts disagree: %d vs %d", len(missers), missing)
	}
	t.Logf("%s: %d communes of HA-NOI miss it", ref, missing)

	create := map[string]any{"code": "TEST-PREVIEW-1", "name": "Nền tảng thử nghiệm xem trước", "nameEn": "Preview test platform",
		"kind": "PLATFORM", "scope": "PROVINCE", "status": "OPERATING", "layer": "L3", "owner": "HA-NOI"}
	change := map[string]any{"create": create, "realizes": []string{ref}}
	// First over stale conformance facts (a write that does not keep them): the communes'
	// facts are computed from the graph.
	if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
		t.Fatal(err)
	}
	before := writesSeen(t, a)
	r := a.asToken(prov, previewChangeQ, map[string]any{"c": change})
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	eff := dig(r.Data, "previewComponentChange").(map[string]any)
	if eff["operation"] != "CREATE" || dig(eff, "component", "code") != "TEST-PREVIEW-1" || eff["agenciesLimited"] != false {
		t.Fatalf("create preview: %s", r.Raw)
	}
	var group map[string]any
	for _, g := range eff["conformance"].([]any) {
		g := g.(map[string]any)
		if dig(g, "reference", "code") == ref {
			if group != nil {
				t.Fatalf("two groups for %s: %s", ref, r.Raw)
			}
			group = g
		}
	}
	if group == nil || group["before"] != "MISSING" || group["after"] != "PROVIDED_BY_PROVINCE" || group["met"] != true ||
		group["count"] != float64(missing) || group["communes"] != float64(missing) {
		t.Fatalf("want %d communes MISSING → PROVIDED_BY_PROVINCE for %s; got %v", missing, ref, group)
	}
	listed := []string{}
	for _, x := range group["agencies"].([]any) {
		listed = append(listed, dig(x, "code").(string))
	}
	if want := missers[:min(len(missers), 20)]; !slices.Equal(listed, want) {
		t.Fatalf("listed communes %v, want %v", listed, want)
	}
	if after := writesSeen(t, a); after != before {
		t.Fatalf("the preview wrote: %s → %s", before, after)
	}
	become := []string{}
	for _, x := range eff["becomeConformant"].([]any) {
		become = append(become, dig(x, "code").(string))
	}
	t.Logf("create preview: %d agencies checked, %d communes gain %s, %d become conformant, %d inferred, %d duplicates",
		int(eff["agenciesChecked"].(float64)), missing, ref, len(become), len(eff["inferred"].([]any)), len(eff["duplicatesAdded"].([]any)))

	// The same preview over kept conformance facts (the save keeps them; the preview reads them
	// when current): the same answer.
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	if r2 := a.asToken(prov, previewChangeQ, map[string]any{"c": change}); !reflect.DeepEqual(r2.Data, r.Data) {
		t.Fatalf("the preview over kept facts differs from the one over stale facts:\n%s\n%s", r2.Raw, r.Raw)
	}
	rollup := func() map[string]float64 {
		t.Helper()
		s := a.ok(`{ conformanceSummary(province: "HA-NOI") { children { agency { code } tally { missing } } } }`, nil)
		out := map[string]float64{}
		for _, c := range dig(s, "conformanceSummary", "children").([]any) {
			out[dig(c, "agency", "code").(string)] = dig(c, "tally", "missing").(float64)
		}
		return out
	}
	rollupBefore := rollup()

	// The save makes it true: the form creates, then adds the realization.
	cr := a.asToken(prov, `mutation($i: CreateComponentInput!) { createComponent(input: $i) { id code revision } }`, map[string]any{"i": create})
	if len(cr.Errors) > 0 {
		t.Fatal(cr.Raw)
	}
	id := dig(cr.Data, "createComponent", "id").(string)
	t.Cleanup(func() {
		_ = a.st.DeleteComponent(ctx, model.Principal{Role: model.RoleAdmin, Name: "test cleanup"}, id)
	})
	if rr := a.asToken(prov, `mutation($c: ID!, $r: ID!) { addRealization(component: $c, reference: $r) { code } }`,
		map[string]any{"c": id, "r": ref}); len(rr.Errors) > 0 {
		t.Fatal(rr.Raw)
	}
	confQ := `query($a: ID!) { conformance(agency: $a) { essential { missing } items { reference { code } state } } }`
	for _, code := range []string{missers[0], missers[len(missers)-1]} {
		c := a.ok(confQ, map[string]any{"a": code})
		state := ""
		for _, it := range dig(c, "conformance", "items").([]any) {
			if dig(it, "reference", "code") == ref {
				state = dig(it, "state").(string)
			}
		}
		if state != "PROVIDED_BY_PROVINCE" {
			t.Fatalf("after the save %s is %q for %s, the preview said PROVIDED_BY_PROVINCE", code, state, ref)
		}
	}
	// HA-NOI's roll-up (over the facts the save kept) agrees: exactly the previewed communes
	// miss one item less.
	if ok, _ := a.st.ConformanceFactsCurrent(ctx); !ok {
		t.Fatal("the save left the conformance facts stale")
	}
	fewer := []string{}
	for code, m := range rollup() {
		switch rollupBefore[code] - m {
		case 1:
			fewer = append(fewer, code)
		case 0:
		default:
			t.Fatalf("HA-NOI's roll-up: %s misses %v after the save, %v before", code, m, rollupBefore[code])
		}
	}
	sort.Strings(fewer)
	if !slices.Equal(fewer, missers) {
		t.Fatalf("HA-NOI's roll-up: the communes missing one item less after the save are %v, the preview said %v", fewer, missers)
	}
	for _, code := range become {
		c := a.ok(confQ, map[string]any{"a": code})
		if n := dig(c, "conformance", "essential", "missing"); n != float64(0) {
			t.Fatalf("the preview said %s becomes conformant; after the save it misses %v", code, n)
		}
	}

	// Retiring it previews the reverse, and writes nothing.
	rev := int(dig(a.asToken(prov, `query($c: ID!) { component(id: $c) { revision } }`, map[string]any{"c": id}).Data, "component", "revision").(float64))
	before = writesSeen(t, a)
	r = a.asToken(prov, previewChangeQ, map[string]any{"c": map[string]any{"id": id, "retire": true, "revision": rev}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	eff = dig(r.Data, "previewComponentChange").(map[string]any)
	group = nil
	for _, g := range eff["conformance"].([]any) {
		if dig(g, "reference", "code") == ref {
			group = g.(map[string]any)
		}
	}
	if group == nil || group["before"] != "PROVIDED_BY_PROVINCE" || group["after"] != "MISSING" || group["met"] != false || group["count"] != float64(missing) {
		t.Fatalf("retire preview for %s: %v", ref, group)
	}
	stop := []string{}
	for _, x := range eff["stopConformant"].([]any) {
		stop = append(stop, dig(x, "code").(string))
	}
	sort.Strings(stop)
	sort.Strings(become)
	if !slices.Equal(stop, become) {
		t.Fatalf("retire: stop conformant %v, the create made conformant %v", stop, become)
	}
	if after := writesSeen(t, a); after != before {
		t.Fatalf("the retire preview wrote: %s → %s", before, after)
	}

	// A retire's dependents, against an independent count: the HA-NOI component most depended on.
	hub := cypherRows(t, a.st, `
MATCH (:Agency {code: 'HA-NOI'})<-[:PART_OF*0..1]-(:Agency)-[:OWNS]->(c:Component)<-[:DEPENDS_ON]-(d:Component)
WITH c, count(DISTINCT d) AS n ORDER BY n DESC, c.code LIMIT 1
RETURN c.code AS code`, nil, "code")
	if len(hub) != 1 {
		t.Fatal("no HA-NOI component with dependents")
	}
	direct := cypherRows(t, a.st, `MATCH (d:Component)-[:DEPENDS_ON]->(:Component {code: $c}) RETURN count(DISTINCT d) AS n`, map[string]any{"c": hub[0]}, "n")
	trans := cypherRows(t, a.st, `MATCH (d:Component)-[:DEPENDS_ON*1..]->(c:Component {code: $c}) WHERE d <> c RETURN count(DISTINCT d) AS n`, map[string]any{"c": hub[0]}, "n")
	users := cypherRows(t, a.st, `MATCH (a:Agency)-[:USES]->(:Component {code: $c}) RETURN count(DISTINCT a) AS n`, map[string]any{"c": hub[0]}, "n")
	before = writesSeen(t, a)
	r = a.asToken(prov, previewChangeQ, map[string]any{"c": map[string]any{"id": hub[0], "retire": true}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	eff = dig(r.Data, "previewComponentChange").(map[string]any)
	got := fmt.Sprintf("%v %v %v", eff["dependentsTotal"], eff["transitiveDependents"], eff["usersTotal"])
	if want := direct[0] + " " + trans[0] + " " + users[0]; got != want || direct[0] == "0" {
		t.Fatalf("retire %s: dependents direct, transitive, users = %s, want %s", hub[0], got, want)
	}
	t.Logf("retire %s: %s dependents directly, %s in all, %s users; %d conformance changes", hub[0], direct[0], trans[0], users[0], len(eff["conformance"].([]any)))

	// An update previews the fields it changes; still nothing written.
	r = a.asToken(prov, previewChangeQ, map[string]any{"c": map[string]any{"id": hub[0], "update": map[string]any{"name": "Tên mới xem trước", "dueYear": 2030}}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	eff = dig(r.Data, "previewComponentChange").(map[string]any)
	if ch := fmt.Sprint(eff["changed"]); ch != "[dueYear name]" && ch != "[name]" {
		t.Fatalf("update preview changed %s", ch)
	}
	if dig(eff, "component", "name") != "Tên mới xem trước" {
		t.Fatalf("update preview: %s", r.Raw)
	}
	if after := writesSeen(t, a); after != before {
		t.Fatalf("the previews wrote: %s → %s", before, after)
	}

	// Refused saves preview as refused, with the save's own code and message.
	hubRev := int(dig(a.ok(`query($c: ID!) { component(id: $c) { revision } }`, map[string]any{"c": hub[0]}), "component", "revision").(float64))
	updQ := `mutation($id: ID!, $i: UpdateComponentInput!, $rev: Int) { updateComponent(id: $id, input: $i, revision: $rev) { code } }`
	createQ := `mutation($i: CreateComponentInput!) { createComponent(input: $i) { code } }`
	bad := map[string]any{}
	for k, v := range create {
		bad[k] = v
	}
	bad["code"], bad["dueYear"] = "TEST-PREVIEW-BAD", 1800
	cases := []struct {
		name, tok, code string
		preview         map[string]any
		save            string
		vars            map[string]any
	}{
		{"other province", hue, "FORBIDDEN", map[string]any{"id": hub[0], "update": map[string]any{"name": "x"}}, updQ, map[string]any{"id": hub[0], "i": map[string]any{"name": "x"}}},
		{"viewer", viewer, "FORBIDDEN", map[string]any{"id": hub[0], "update": map[string]any{"name": "x"}}, updQ, map[string]any{"id": hub[0], "i": map[string]any{"name": "x"}}},
		{"stale revision", prov, "CONFLICT", map[string]any{"id": hub[0], "update": map[string]any{"name": "x"}, "revision": hubRev + 5},
			updQ, map[string]any{"id": hub[0], "i": map[string]any{"name": "x"}, "rev": hubRev + 5}},
		{"bad value", prov, "BAD_USER_INPUT", map[string]any{"create": bad}, createQ, map[string]any{"i": bad}},
		{"other province's owner", hue, "FORBIDDEN", map[string]any{"create": create}, createQ, map[string]any{"i": create}},
	}
	before = writesSeen(t, a)
	for _, c := range cases {
		p := a.asToken(c.tok, previewChangeQ, map[string]any{"c": c.preview})
		s := a.asToken(c.tok, c.save, c.vars)
		if p.code() != c.code || s.code() != c.code || len(p.Errors) != 1 || len(s.Errors) != 1 || p.Errors[0].Message != s.Errors[0].Message {
			t.Fatalf("%s: preview %s\nsave %s", c.name, p.Raw, s.Raw)
		}
	}
	if r := a.query(previewChangeQ, map[string]any{"c": map[string]any{"create": create}}); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous: %s", r.Raw)
	}
	if r := a.asToken(prov, previewChangeQ, map[string]any{"c": map[string]any{"id": hub[0]}}); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("no operation: %s", r.Raw)
	}
	if after := writesSeen(t, a); after != before {
		t.Fatalf("refused previews and saves wrote: %s → %s", before, after)
	}
}
