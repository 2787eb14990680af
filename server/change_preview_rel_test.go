package server_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/bulk"
)

// TestPreviewRelationshipChanges: the edit page's pickers preview a relationship change before
// applying it (previewComponentChange with an id and relationship changes alone). Removing the
// only realization of an item a commune meets by itself previews exactly that commune going
// REALIZED → MISSING, and adding it back the reverse; a commune starting and stopping to use a
// national component of a layer it already exploits previews no state change. Each preview
// writes nothing, is the same over kept and over stale conformance facts, and the real mutation
// makes it true (conformance, and the province's roll-up). Refused changes preview as refused,
// with the mutation's code and message.
func TestPreviewRelationshipChanges(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	prov, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	hue, _ := token(t, a, "HUE", model.RoleEditor, 0)

	// A commune item of HA-NOI's communes that HA-NOI does not provide and that is no "exploit
	// the shared one" item, met by a commune through exactly one of its components.
	own := cypherRows(t, a.st, `
MATCH (p:Agency {code: 'HA-NOI'})<-[:PART_OF]-(x:Agency {level: 'COMMUNE'})-[:OWNS]->(c:Component)-[:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA', tier: 'COMMUNE_ESSENTIAL', kind: 'COMPONENT'})
WHERE NOT coalesce(r.exploitsShared, false) AND NOT coalesce(r.catchAll, false)
  AND NOT EXISTS { MATCH (p)-[:OWNS]->(:Component)-[:REALIZES]->(y:ReferenceComponent) WHERE y.code = r.code OR y.code IN split(coalesce(r.sharedFrom, ''), ';') }
  AND COUNT { (x)-[:OWNS]->(:Component)-[:REALIZES]->(r) } = 1
RETURN x.code + '|' + c.code + '|' + r.code AS k ORDER BY k LIMIT 1`, nil, "k")
	if len(own) != 1 {
		t.Fatal("no commune of HA-NOI meets an item through one component alone")
	}
	parts := strings.SplitN(own[0], "|", 3)
	commune, comp, ref := parts[0], parts[1], parts[2]

	stateOf := func(agency, reference string) string {
		t.Helper()
		c := a.ok(`query($a: ID!) { conformance(agency: $a) { items { reference { code } state } } }`, map[string]any{"a": agency})
		for _, it := range dig(c, "conformance", "items").([]any) {
			if dig(it, "reference", "code") == reference {
				return dig(it, "state").(string)
			}
		}
		return ""
	}
	missingInRollup := func(agency string) float64 {
		t.Helper()
		s := a.ok(`{ conformanceSummary(province: "HA-NOI") { children { agency { code } tally { missing } } } }`, nil)
		for _, c := range dig(s, "conformanceSummary", "children").([]any) {
			if dig(c, "agency", "code") == agency {
				return dig(c, "tally", "missing").(float64)
			}
		}
		t.Fatalf("%s is not in HA-NOI's roll-up", agency)
		return 0
	}
	// preview asks for the effect of change twice, over stale then over kept facts: the same
	// answer both times, and nothing written.
	preview := func(change map[string]any) map[string]any {
		t.Helper()
		if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil { // stale facts
			t.Fatal(err)
		}
		before := writesSeen(t, a)
		r := a.asToken(prov, previewChangeQ, map[string]any{"c": change})
		if len(r.Errors) > 0 {
			t.Fatal(r.Raw)
		}
		if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
			t.Fatalf("refresh: %v %v", ok, err)
		}
		r2 := a.asToken(prov, previewChangeQ, map[string]any{"c": change})
		if len(r2.Errors) > 0 {
			t.Fatal(r2.Raw)
		}
		if !reflect.DeepEqual(r.Data, r2.Data) {
			t.Fatalf("the preview over stale facts differs from the one over kept facts:\n%s\n%s", r.Raw, r2.Raw)
		}
		if after := writesSeen(t, a); after != before {
			t.Fatalf("the preview wrote: %s → %s", before, after)
		}
		if ok, _ := a.st.ConformanceFactsCurrent(ctx); !ok {
			t.Fatal("the preview left the facts stale")
		}
		return dig(r.Data, "previewComponentChange").(map[string]any)
	}
	// only checks that the effect is exactly one group: reference, before → after, for agency.
	only := func(eff map[string]any, reference, before, after, agency string) {
		t.Helper()
		gs := eff["conformance"].([]any)
		if eff["operation"] != "UPDATE" || len(eff["changed"].([]any)) != 0 || len(gs) != 1 {
			t.Fatalf("want one conformance change %s %s → %s for %s: %v", reference, before, after, agency, eff)
		}
		g := gs[0].(map[string]any)
		if dig(g, "reference", "code") != reference || g["before"] != before || g["after"] != after || g["count"] != float64(1) ||
			g["communes"] != float64(1) || dig(g, "agencies", 0, "code") != agency {
			t.Fatalf("want %s %s → %s for %s alone: %v", reference, before, after, agency, g)
		}
	}

	// Removing the realization, then adding it back.
	was := missingInRollup(commune)
	eff := preview(map[string]any{"id": comp, "removeRealizes": []string{ref}})
	only(eff, ref, "REALIZED", "MISSING", commune)
	if r := a.asToken(prov, `mutation($c: ID!, $r: ID!) { removeRealization(component: $c, reference: $r) { code } }`, map[string]any{"c": comp, "r": ref}); len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	if st := stateOf(commune, ref); st != "MISSING" {
		t.Fatalf("after removeRealization %s is %s for %s, the preview said MISSING", commune, st, ref)
	}
	if m := missingInRollup(commune); m != was+1 {
		t.Fatalf("HA-NOI's roll-up: %s misses %v after the removal, %v before", commune, m, was)
	}
	eff = preview(map[string]any{"id": comp, "realizes": []string{ref}})
	only(eff, ref, "MISSING", "REALIZED", commune)
	if r := a.asToken(prov, `mutation($c: ID!, $r: ID!) { addRealization(component: $c, reference: $r) { code } }`, map[string]any{"c": comp, "r": ref}); len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	if st, m := stateOf(commune, ref), missingInRollup(commune); st != "REALIZED" || m != was {
		t.Fatalf("after addRealization %s is %s for %s and misses %v (%v at the start)", commune, st, ref, m, was)
	}

	// A commune that starts, then stops, using a national component of a layer it already
	// exploits (in the fixture every commune exploits every layer through its dependencies):
	// the preview says no state changes, and the saves indeed change none of its states.
	use := cypherRows(t, a.st, `
MATCH (x:Agency {code: $x})
MATCH (s:Component {scope: 'NATIONAL'}) WHERE NOT EXISTS { (x)-[:USES]->(s) }
RETURN s.code AS code ORDER BY s.layer, s.code LIMIT 1`, map[string]any{"x": commune}, "code")
	if len(use) != 1 {
		t.Fatalf("no national component %s does not use", commune)
	}
	shared := use[0]
	states := func() map[string]string {
		t.Helper()
		c := a.ok(`query($a: ID!) { conformance(agency: $a) { items { reference { code } state } } }`, map[string]any{"a": commune})
		out := map[string]string{}
		for _, it := range dig(c, "conformance", "items").([]any) {
			out[dig(it, "reference", "code").(string)] = dig(it, "state").(string)
		}
		return out
	}
	states0 := states()
	for _, step := range []struct {
		preview map[string]any
		save    string
	}{
		{map[string]any{"id": shared, "usedBy": []string{commune}}, `mutation($a: ID!, $c: ID!) { addUse(agency: $a, component: $c) { code } }`},
		{map[string]any{"id": shared, "removeUsedBy": []string{commune}}, `mutation($a: ID!, $c: ID!) { removeUse(agency: $a, component: $c) { code } }`},
	} {
		eff = preview(step.preview)
		if eff["operation"] != "UPDATE" || len(eff["conformance"].([]any)) != 0 || eff["agenciesChecked"].(float64) < 1 {
			t.Fatalf("%v: want no conformance change, at least %s evaluated: %v", step.preview, commune, eff)
		}
		if r := a.asToken(prov, step.save, map[string]any{"a": commune, "c": shared}); len(r.Errors) > 0 {
			t.Fatal(r.Raw)
		}
		if got := states(); !reflect.DeepEqual(got, states0) {
			t.Fatalf("%v: the preview said no state changes; after the save %s's states are %v, before %v", step.preview, commune, got, states0)
		}
	}
	user := commune

	// Refused: another province's editor (the mutation's own code and message); a new component
	// has no relationship to remove; an unknown capability.
	before := writesSeen(t, a)
	p := a.asToken(hue, previewChangeQ, map[string]any{"c": map[string]any{"id": comp, "removeRealizes": []string{ref}}})
	s := a.asToken(hue, `mutation($c: ID!, $r: ID!) { removeRealization(component: $c, reference: $r) { code } }`, map[string]any{"c": comp, "r": ref})
	if p.code() != "FORBIDDEN" || s.code() != "FORBIDDEN" || p.Errors[0].Message != s.Errors[0].Message {
		t.Fatalf("other province: preview %s\nsave %s", p.Raw, s.Raw)
	}
	p = a.asToken(hue, previewChangeQ, map[string]any{"c": map[string]any{"id": shared, "usedBy": []string{user}}})
	s = a.asToken(hue, `mutation($a: ID!, $c: ID!) { addUse(agency: $a, component: $c) { code } }`, map[string]any{"a": user, "c": shared})
	if p.code() != "FORBIDDEN" || s.code() != "FORBIDDEN" || p.Errors[0].Message != s.Errors[0].Message {
		t.Fatalf("other province's use: preview %s\nsave %s", p.Raw, s.Raw)
	}
	if r := a.asToken(prov, previewChangeQ, map[string]any{"c": map[string]any{"create": map[string]any{"code": "X", "name": "x", "nameEn": "x", "kind": "PLATFORM",
		"scope": "PROVINCE", "status": "OPERATING", "layer": "L3"}, "removeDependsOn": []string{comp}}}); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("a create removing a dependency: %s", r.Raw)
	}
	if r := a.asToken(prov, previewChangeQ, map[string]any{"c": map[string]any{"id": comp, "provides": []string{"KHONG-CO-NANG-LUC"}}}); r.code() != "NOT_FOUND" ||
		r.Errors[0].Extensions["field"] != "provides" {
		t.Fatalf("an unknown capability: %s", r.Raw)
	}
	if after := writesSeen(t, a); after != before {
		t.Fatalf("refused previews wrote: %s → %s", before, after)
	}
}
