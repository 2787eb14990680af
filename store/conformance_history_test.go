package store_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestConformanceFactsHistory checks the facts' history (conformance_facts.go, the spans): after
// every write that keeps the conformance facts, the roll-ups as of each day read from the facts
// nodes (the nation's, a province's, a province's gaps) equal those the live as-of statements
// compute by walking the graph, on every day from before anything was recorded to today; and
// the spans the writes kept are those a recomputation gives.
//
// The model lives through five days: backdated components (created with a past validFrom), a
// realization, uses and dependencies of shared components, updates of a shared component's
// layer and scope (versions), removed relationships, an owner change and retirements (WAS_
// relationships).
func TestConformanceFactsHistory(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	admin := model.Principal{Name: "test", Role: model.RoleAdmin, TokenID: "test-admin"}
	t.Cleanup(func() { st.SetClock(nil) })
	today := ""
	setDay := func(s string) {
		d, err := time.ParseInLocation("2006-01-02 15:04", s+" 12:00", time.FixedZone("ICT", 7*3600))
		if err != nil {
			t.Fatal(err)
		}
		st.SetClock(func() time.Time { return d })
		today = s
	}

	setDay("2026-03-01")
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	// Two layers with "exploit the shared one" commune items.
	var shareLayers []string
	for _, r := range storetest.Rows(t, st, `MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
WHERE r.exploitsShared AND r.tier = 'COMMUNE_ESSENTIAL' RETURN DISTINCT g.layer AS l ORDER BY l`, nil) {
		shareLayers = append(shareLayers, r["l"].(string))
	}
	if len(shareLayers) < 2 {
		t.Fatalf("the framework has %d layers with shared items (%v); the test needs 2", len(shareLayers), shareLayers)
	}
	commune := func(code, province string) bulk.Row {
		return bulk.Row{Code: code, Props: bulk.Props(bulk.P("name", bulk.Str("Xã "+code)), bulk.P("nameEn", bulk.Str("Commune "+code)),
			bulk.P("level", bulk.Str("COMMUNE")), bulk.P("areaType", bulk.Str("RURAL")), bulk.P("province", bulk.Str(province)),
			bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))}
	}
	if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{
		{Label: store.LabelAgency, Rows: []bulk.Row{commune("T-H-X1", "HA-NOI"), commune("T-H-X2", "HA-NOI"), commune("T-H-X3", "HA-NOI")}},
		{Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelPartOf, To: store.LabelAgency},
			Rows: []bulk.Row{{From: "T-H-X1", To: "HA-NOI"}, {From: "T-H-X2", To: "HA-NOI"}, {From: "T-H-X3", To: "HA-NOI"}}},
	}); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	idOf := func(label, code string) string {
		t.Helper()
		return storetest.Rows(t, st, `MATCH (n:`+label+` {code: $code}) RETURN n.id AS id`, map[string]any{"code": code})[0]["id"].(string)
	}
	x1, x2, x3 := idOf(store.LabelAgency, "T-H-X1"), idOf(store.LabelAgency, "T-H-X2"), idOf(store.LabelAgency, "T-H-X3")
	hts7, hts8 := idOf(store.LabelReferenceComponent, "HTS7"), idOf(store.LabelReferenceComponent, "HTS8")
	hanoi := idOf(store.LabelAgency, "HA-NOI")
	create := func(code string, scope model.Scope, layer, owner, validFrom string) string {
		t.Helper()
		c := model.Component{ID: "th-" + code, Code: code, Name: "Thử " + code, NameEn: "Test " + code,
			Kind: model.ComponentKindApplication, Scope: scope, Status: model.StatusOperating, LayerCode: layer}
		if validFrom != "" {
			c.ValidFrom = &validFrom
		}
		out, err := st.CreateComponent(ctx, admin, c, owner)
		if err != nil {
			t.Fatal(err)
		}
		return out.ID
	}
	edge := func(typ, from, to string, add bool) {
		t.Helper()
		if err := st.SetEdge(ctx, admin, typ, from, to, add); err != nil {
			t.Fatalf("%s %s→%s %v: %v", typ, from, to, add, err)
		}
	}
	update := func(id string, p store.ComponentPatch) {
		t.Helper()
		if _, err := st.UpdateComponent(ctx, admin, id, p); err != nil {
			t.Fatal(err)
		}
	}

	days := []string{"2026-01-01", "2026-02-09", "2026-02-10", "2026-02-15", "2026-02-19", "2026-02-20", "2026-02-28",
		"2026-03-01", "2026-03-05", "2026-03-09", "2026-03-10", "2026-03-15", "2026-03-19", "2026-03-20", "2026-03-24",
		"2026-03-25", "2026-03-31", "2026-04-01"}
	last := days[len(days)-1]
	// answers reads the roll-ups as of every day up to today: HA-NOI's (by commune) and its gaps,
	// and with nation the nation's too (the same statement, for every province).
	answers := func(nation bool) map[string]any {
		t.Helper()
		out := map[string]any{}
		provinces := []string{"HA-NOI"}
		if nation {
			provinces = append(provinces, "")
		}
		for _, d := range days {
			if d > today {
				break
			}
			for _, p := range provinces {
				s, err := st.ConformanceSummaryOf(ctx, p, d, true)
				if err != nil {
					t.Fatal(err)
				}
				out[fmt.Sprintf("summary %q as of %s", p, d)] = s
			}
			g, err := st.ConformanceGaps(ctx, "HA-NOI", "", "", d, store.MaxConformanceGaps)
			if err != nil {
				t.Fatal(err)
			}
			out["gaps as of "+d] = g
		}
		return out
	}
	const spansRows = `MATCH (f:ConformanceFacts)
RETURN f.agency AS a, [i IN range(0, size(f.spanRealized) - 1) | f.spanRealized[i] + '|' + f.spanRealizedFrom[i] + '|' + f.spanRealizedTo[i]] AS r,
       [i IN range(0, size(f.spanLayer) - 1) | f.spanLayer[i] + '|' + f.spanLayerFrom[i] + '|' + f.spanLayerTo[i]] AS l
ORDER BY a`
	seen := map[string]bool{} // what the answers showed on some day, so that the comparison is not of empty roll-ups
	// check follows a write that keeps the facts: they are current, and the spans it kept are
	// those a recomputation gives (the write recomputed every commune whose history it changed).
	// With days (at the end of each day's writes) it also compares the answers over the facts as
	// of every day with the live ones — the span rule against the live as-of statements.
	check := func(what string, days bool) {
		t.Helper()
		if ok, err := st.ConformanceFactsCurrent(ctx); err != nil || !ok {
			t.Fatalf("%s: the facts are not current (%v)", what, err)
		}
		kept := storetest.Rows(t, st, spansRows, nil)
		if days {
			nation := today == last
			fromFacts := answers(nation)
			if err := bulk.New(st).WriteAtomic(ctx, nil); err != nil { // a write that does not keep them
				t.Fatal(err)
			}
			if ok, _ := st.ConformanceFactsCurrent(ctx); ok {
				t.Fatal("the facts are current after a write that does not keep them")
			}
			walked := answers(nation)
			for k, v := range walked {
				if !reflect.DeepEqual(fromFacts[k], v) {
					t.Errorf("%s: %s over the facts differs from the live one:\nfacts %+v\nlive  %+v", what, k, fromFacts[k], v)
				}
				if s, ok := v.(model.ConformanceSummary); ok && s.Total.Agency != nil {
					seen[fmt.Sprintf("realized %v", s.Total.Tally.Realized > 0)] = true
					seen[fmt.Sprintf("exploited %v", s.Total.Tally.Exploited > 0)] = true
				}
			}
		} else if err := bulk.New(st).WriteAtomic(ctx, nil); err != nil { // so that the refresh recomputes
			t.Fatal(err)
		}
		if ok, err := st.RefreshConformanceFacts(ctx); err != nil || !ok {
			t.Fatalf("refresh: %v %v", ok, err)
		}
		fresh := storetest.Rows(t, st, spansRows, nil)
		if len(kept) != len(fresh) {
			t.Fatalf("%s: %d facts nodes kept, %d recomputed", what, len(kept), len(fresh))
		}
		for i := range kept {
			if kept[i]["a"] != fresh[i]["a"] || !sameSet(kept[i]["r"], fresh[i]["r"]) || !sameSet(kept[i]["l"], fresh[i]["l"]) {
				t.Errorf("%s: spans of %v kept %v / %v, recomputed %v / %v", what, kept[i]["a"], kept[i]["r"], kept[i]["l"], fresh[i]["r"], fresh[i]["l"])
			}
		}
	}

	// D1 2026-03-01: A (backdated to 2026-02-10) in X1 realizes HTS7; S (national, first shared
	// layer) is used by X2 and depended on by A; P (province-wide, second shared layer, backdated
	// to 2026-02-20) is depended on by B, X3's component.
	a := create("T-H-A", model.ScopeCommune, "L3", x1, "2026-02-10")
	check("a backdated component", false)
	edge(store.RelRealizes, a, hts7, true)
	check("a realization", false)
	s := create("T-H-S", model.ScopeNational, shareLayers[0], hanoi, "")
	edge(store.RelUses, x2, s, true)
	check("a commune uses a national component", false)
	edge(store.RelDependsOn, a, s, true)
	check("a commune's component depends on a national component", false)
	p := create("T-H-P", model.ScopeProvince, shareLayers[1], hanoi, "2026-02-20")
	b := create("T-H-B", model.ScopeCommune, "L3", x3, "2026-02-15")
	edge(store.RelDependsOn, b, p, true)
	edge(store.RelRealizes, b, hts8, true)
	check("a backdated shared component", true)

	// D2 2026-03-10: S moves to the second shared layer (a version of the first), then the same
	// day stops being shared; X2 stops using it.
	setDay("2026-03-10")
	layer1 := shareLayers[1]
	update(s, store.ComponentPatch{LayerCode: &layer1})
	check("a shared component's layer changes", false)
	local := model.ScopeCommune
	update(s, store.ComponentPatch{Scope: &local})
	check("… and its scope, the same day", false)
	edge(store.RelUses, x2, s, false)
	check("a use is removed", true)

	// D3 2026-03-20: S national again (a version of the commune scope); A moves to X2; a
	// component created and related today.
	setDay("2026-03-20")
	national := model.ScopeNational
	update(s, store.ComponentPatch{Scope: &national})
	check("a shared component is shared again", false)
	update(a, store.ComponentPatch{OwnerID: &x2})
	check("the owner changes", false)
	c := create("T-H-C", model.ScopeCommune, "L3", x1, "")
	edge(store.RelDependsOn, c, p, true)
	edge(store.RelRealizes, c, hts8, true)
	check("a component of today", true)

	// D4 2026-03-25: A and P retired; a relationship closed.
	setDay("2026-03-25")
	if err := st.RetireComponent(ctx, admin, a, nil); err != nil {
		t.Fatal(err)
	}
	check("a commune's component is retired", false)
	if err := st.DeleteComponent(ctx, admin, p); err != nil {
		t.Fatal(err)
	}
	check("a shared component is retired", false)
	edge(store.RelRealizes, b, hts8, false)
	check("a realization is removed", true)

	// D5 2026-04-01: the history read from later.
	setDay("2026-04-01")
	edge(store.RelUses, x1, s, true)
	check("a use later", true)

	// The comparisons were of roll-ups that change over the days.
	for _, want := range []string{"realized false", "realized true", "exploited false", "exploited true"} {
		if !seen[want] {
			t.Errorf("no HA-NOI roll-up as of a day had %s (saw %v): the model does not test what it should", want, slices.Sorted(maps.Keys(seen)))
		}
	}
}
