package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// The analyses run against the framework, a two-province synthetic estate and a hand-made
// fixture (codes T-…) wired so that every expected number below can be worked out by hand:
//
//	impact:  A→ROOT, B→ROOT, C→A, C→B, D→C, E→D, E→ROOT, F→E, Z→F, ROOT→Z (a cycle)
//	         owners: A T-PROV-1 · B, D, F T-XA-1 (a commune of T-PROV-1) · C, Z T-BO · E none
//	         layers: Z L1 · A, B L2 · C, D L3 · E, F L4
//	         USES:   T-BO→A, T-XA-1→A, T-XA-1→C, T-PROV-1→ROOT
//	dups:    T-DUP-EID (province, provides CAP-EIDENTITY, nothing else)
//	         T-LGSP (province, realizes TINH-LGSP, provides CAP-DATA-EXCHANGE: sanctioned)
//	         T-EID-USER→EID, T-EID-USER2→T-EID-USER, T-EID-FAR→T-EID-USER2, T-EID-FARTHER→T-EID-FAR
//	         (all commune components providing CAP-EIDENTITY: 1, 2, 3 and 4 hops from EID)
//	         T-XA-LGSP (commune, provides CAP-DATA-EXCHANGE), T-XA-LGSP-OK (same, →T-LGSP)
//	         T-ORPHAN (province scope, no owner: not comparable to any province's communes)
//	conformance: T-XA-2 (RURAL) owns T-XA2-HTS7 realizing HTS7 and USES NDC (L1);
//	         T-PROV-1 owns T-PROV-HTS8 (realizes HTS8) and T-PROV-PORTAL (TINH-PORTAL): provided;
//	         T-XA-3 (URBAN) owns T-XA3-APP (realizes nothing) →NDXP (L2)
//	rules:   T-API-BAD / T-API-GOOD (→V-APEX) / T-API-NAT (national): exposesApi
//	         T-NDB-BAD, T-NDB-GOOD→T-NDB-MID→NDC, T-NDB-FAR→T-NDB-GOOD: national databases
func TestAnalysis(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1, Provinces: 2},
		func(b bulk.Batch) error { return bulk.New(st).WriteBatch(ctx, b) }); err != nil {
		t.Fatal(err)
	}
	if err := bulk.New(st).WriteAtomic(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	t.Run("resolve", func(t *testing.T) { testResolve(t, st) })
	t.Run("impact", func(t *testing.T) { testImpact(t, st) })
	t.Run("duplicates", func(t *testing.T) { testDuplicates(t, st) })
	t.Run("conformance", func(t *testing.T) { testConformance(t, st, f) })
	t.Run("conformance summary", func(t *testing.T) { testConformanceSummary(t, st) })
	t.Run("rules", func(t *testing.T) { testRules(t, st) })
	t.Run("shortest path", func(t *testing.T) { testShortestPath(t, st) })
	t.Run("conformance facts", func(t *testing.T) { testConformanceFacts(t, st) })
	t.Run("impact index", func(t *testing.T) { testImpactIndex(t, st) })
}

// fixture builds the hand-made agencies, components and edges described above.
func fixture() []bulk.Batch {
	var agencies, comps []bulk.Row
	rels := map[store.Endpoint][]bulk.Row{}
	rel := func(from, typ, to, a, b string) {
		sh := store.Endpoint{From: from, Type: typ, To: to}
		rels[sh] = append(rels[sh], bulk.Row{From: a, To: b, Props: bulk.Props(bulk.P("source", bulk.Str("test")))})
	}
	agency := func(code, level, areaType, partOf string) {
		p := bulk.Props(bulk.P("name", bulk.Str("Cơ quan thử "+code)), bulk.P("nameEn", bulk.Str("Test agency "+code)),
			bulk.P("level", bulk.Str(level)), bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))
		if areaType != "" {
			p.Set("areaType", bulk.Str(areaType))
		}
		agencies = append(agencies, bulk.Row{Code: code, Props: p})
		if partOf != "" {
			rel(store.LabelAgency, store.RelPartOf, store.LabelAgency, code, partOf)
		}
	}
	type c struct {
		code, scope, kind, layer, owner string
		api                             bool
		dependsOn, provides             []string
		realizes                        string
	}
	component := func(x c) {
		comps = append(comps, bulk.Row{Code: x.code, Props: bulk.Props(bulk.P("name", bulk.Str("Thành phần thử "+x.code)),
			bulk.P("nameEn", bulk.Str("Test component "+x.code)), bulk.P("kind", bulk.Str(x.kind)), bulk.P("scope", bulk.Str(x.scope)),
			bulk.P("status", bulk.Str("OPERATING")), bulk.P("layer", bulk.Str(x.layer)), bulk.P("exposesApi", bulk.Bool(x.api)),
			bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))})
		rel(store.LabelComponent, store.RelInLayer, store.LabelLayer, x.code, x.layer)
		if x.owner != "" {
			rel(store.LabelAgency, store.RelOwns, store.LabelComponent, x.owner, x.code)
		}
		for _, d := range x.dependsOn {
			rel(store.LabelComponent, store.RelDependsOn, store.LabelComponent, x.code, d)
		}
		for _, p := range x.provides {
			rel(store.LabelComponent, store.RelProvides, store.LabelCapability, x.code, p)
		}
		if x.realizes != "" {
			rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, x.code, x.realizes)
		}
	}
	agency("T-PROV-1", "PROVINCE", "", "")
	agency("T-XA-1", "COMMUNE", "RURAL", "T-PROV-1")
	agency("T-XA-2", "COMMUNE", "RURAL", "T-PROV-1")
	agency("T-XA-3", "COMMUNE", "URBAN", "T-PROV-1")
	agency("T-BO", "MINISTRY", "", "")

	// impact
	component(c{code: "T-IMP-ROOT", scope: "NATIONAL", kind: "PLATFORM", layer: "L2", dependsOn: []string{"T-IMP-Z"}})
	component(c{code: "T-IMP-A", scope: "PROVINCE", kind: "PLATFORM", layer: "L2", owner: "T-PROV-1", dependsOn: []string{"T-IMP-ROOT"}})
	component(c{code: "T-IMP-B", scope: "COMMUNE", kind: "DATABASE", layer: "L2", owner: "T-XA-1", dependsOn: []string{"T-IMP-ROOT"}})
	component(c{code: "T-IMP-C", scope: "MINISTRY", kind: "APPLICATION", layer: "L3", owner: "T-BO", dependsOn: []string{"T-IMP-A", "T-IMP-B"}})
	component(c{code: "T-IMP-D", scope: "COMMUNE", kind: "APPLICATION", layer: "L3", owner: "T-XA-1", dependsOn: []string{"T-IMP-C"}})
	component(c{code: "T-IMP-E", scope: "ORGANIZATION", kind: "PORTAL", layer: "L4", dependsOn: []string{"T-IMP-D", "T-IMP-ROOT"}})
	component(c{code: "T-IMP-F", scope: "COMMUNE", kind: "DASHBOARD", layer: "L4", owner: "T-XA-1", dependsOn: []string{"T-IMP-E"}})
	component(c{code: "T-IMP-Z", scope: "MINISTRY", kind: "NETWORK", layer: "L1", owner: "T-BO", dependsOn: []string{"T-IMP-F"}})
	rel(store.LabelAgency, store.RelUses, store.LabelComponent, "T-BO", "T-IMP-A")
	rel(store.LabelAgency, store.RelUses, store.LabelComponent, "T-XA-1", "T-IMP-A")
	rel(store.LabelAgency, store.RelUses, store.LabelComponent, "T-XA-1", "T-IMP-C")
	rel(store.LabelAgency, store.RelUses, store.LabelComponent, "T-PROV-1", "T-IMP-ROOT")

	// duplicates
	eid := []string{"CAP-EIDENTITY"}
	exch := []string{"CAP-DATA-EXCHANGE"}
	component(c{code: "T-DUP-EID", scope: "PROVINCE", kind: "PLATFORM", layer: "L2", owner: "T-PROV-1", provides: eid})
	component(c{code: "T-LGSP", scope: "PROVINCE", kind: "PLATFORM", layer: "L2", owner: "T-PROV-1", provides: exch, realizes: "TINH-LGSP"})
	component(c{code: "T-EID-USER", scope: "COMMUNE", kind: "APPLICATION", layer: "L3", owner: "T-XA-1", provides: eid, dependsOn: []string{"EID"}})
	component(c{code: "T-EID-USER2", scope: "COMMUNE", kind: "APPLICATION", layer: "L3", owner: "T-XA-1", provides: eid, dependsOn: []string{"T-EID-USER"}})
	component(c{code: "T-EID-FAR", scope: "COMMUNE", kind: "APPLICATION", layer: "L3", owner: "T-XA-1", provides: eid, dependsOn: []string{"T-EID-USER2"}})
	component(c{code: "T-EID-FARTHER", scope: "COMMUNE", kind: "APPLICATION", layer: "L3", owner: "T-XA-1", provides: eid, dependsOn: []string{"T-EID-FAR"}})
	component(c{code: "T-XA-LGSP", scope: "COMMUNE", kind: "PLATFORM", layer: "L2", owner: "T-XA-1", provides: exch})
	component(c{code: "T-XA-LGSP-OK", scope: "COMMUNE", kind: "PLATFORM", layer: "L2", owner: "T-XA-1", provides: exch, dependsOn: []string{"T-LGSP"}})
	component(c{code: "T-ORPHAN", scope: "PROVINCE", kind: "PLATFORM", layer: "L2"}) // no owning province

	// conformance
	component(c{code: "T-XA2-HTS7", scope: "COMMUNE", kind: "INFRASTRUCTURE", layer: "L1", owner: "T-XA-2", realizes: "HTS7"})
	rel(store.LabelAgency, store.RelUses, store.LabelComponent, "T-XA-2", "NDC")
	component(c{code: "T-XA3-APP", scope: "COMMUNE", kind: "APPLICATION", layer: "L3", owner: "T-XA-3", dependsOn: []string{"NDXP"}})
	component(c{code: "T-PROV-HTS8", scope: "PROVINCE", kind: "INFRASTRUCTURE", layer: "L1", owner: "T-PROV-1", realizes: "HTS8"})
	component(c{code: "T-PROV-PORTAL", scope: "PROVINCE", kind: "PORTAL", layer: "L4", owner: "T-PROV-1", realizes: "TINH-PORTAL"})

	// rules
	component(c{code: "T-API-BAD", scope: "PROVINCE", kind: "APPLICATION", layer: "L3", owner: "T-PROV-1", api: true})
	component(c{code: "T-API-GOOD", scope: "PROVINCE", kind: "APPLICATION", layer: "L3", owner: "T-PROV-1", api: true, dependsOn: []string{"V-APEX"}})
	component(c{code: "T-API-NAT", scope: "NATIONAL", kind: "APPLICATION", layer: "L3", api: true})
	component(c{code: "T-NDB-MID", scope: "NATIONAL", kind: "PLATFORM", layer: "L2", owner: "T-BO", dependsOn: []string{"NDC"}})
	component(c{code: "T-NDB-BAD", scope: "NATIONAL", kind: "DATABASE", layer: "L2", owner: "T-BO"})
	component(c{code: "T-NDB-GOOD", scope: "NATIONAL", kind: "DATABASE", layer: "L2", owner: "T-BO", dependsOn: []string{"T-NDB-MID"}})
	component(c{code: "T-NDB-FAR", scope: "NATIONAL", kind: "DATABASE", layer: "L2", owner: "T-BO", dependsOn: []string{"T-NDB-GOOD"}})

	out := []bulk.Batch{{Label: store.LabelAgency, Rows: agencies}, {Label: store.LabelComponent, Rows: comps}}
	for _, sh := range store.Shapes {
		if rs := rels[sh]; len(rs) > 0 {
			out = append(out, bulk.Batch{Shape: sh, Rows: rs})
		}
	}
	return out
}

// wantErr fails unless err is target and its message contains every part.
func wantErr(t *testing.T, what string, err, target error, parts ...string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want %v", what, err, target)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not mention %q", what, err, p)
		}
	}
}

func testResolve(t *testing.T, st *store.Store) {
	ctx := context.Background()
	byCode, err := st.ResolveComponent(ctx, "T-IMP-A", "")
	if err != nil {
		t.Fatal(err)
	}
	if byCode.Code != "T-IMP-A" || byCode.ID != store.StableID(store.LabelComponent, "T-IMP-A") ||
		byCode.Scope != model.ScopeProvince || byCode.LayerCode != "L2" {
		t.Errorf("T-IMP-A resolved to %+v", byCode)
	}
	byID, err := st.ResolveComponent(ctx, byCode.ID, "")
	if err != nil || !reflect.DeepEqual(byID, byCode) {
		t.Errorf("by id: %+v, %v; want %+v", byID, err, byCode)
	}
	_, err = st.ResolveComponent(ctx, "NO-SUCH-COMPONENT", "")
	wantErr(t, "unknown component", err, store.ErrNotFound, "NO-SUCH-COMPONENT")
	_, err = st.ResolveComponent(ctx, "T-XA-1", "") // an agency's code is no component's
	wantErr(t, "agency code as component", err, store.ErrNotFound, "T-XA-1")

	a, err := st.ResolveAgency(ctx, "T-XA-2")
	if err != nil {
		t.Fatal(err)
	}
	if a.Level != model.AgencyLevelCommune || a.AreaType == nil || *a.AreaType != model.AreaTypeRural {
		t.Errorf("T-XA-2 resolved to %+v", a)
	}
	if b, err := st.ResolveAgency(ctx, a.ID); err != nil || b.Code != "T-XA-2" {
		t.Errorf("agency by id: %+v, %v", b, err)
	}
	_, err = st.ResolveAgency(ctx, "NO-SUCH-AGENCY")
	wantErr(t, "unknown agency", err, store.ErrNotFound, "NO-SUCH-AGENCY")
}

func codes[T any](xs []T, code func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = code(x)
	}
	return out
}

func impactedCodes(xs []model.Impacted) []string {
	return codes(xs, func(x model.Impacted) string { return fmt.Sprintf("%s@%d", x.Component.Code, x.Depth) })
}

func countsOf(cs []model.Count) string {
	return strings.Join(codes(cs, func(c model.Count) string { return fmt.Sprintf("%s=%d", c.Key, c.Count) }), " ")
}

func testImpact(t *testing.T, st *store.Store) {
	ctx := context.Background()
	q := model.ImpactQuery{RootID: "T-IMP-ROOT", Direction: model.ImpactDirectionDependents, MaxDepth: 10}

	sum, err := st.ImpactSummary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total != 7 {
		t.Errorf("total %d, want 7", sum.Total)
	}
	for what, got := range map[string][2]string{
		"byDepth":    {countsOf(sum.ByDepth), "1=3 2=2 3=2"},
		"byLayer":    {countsOf(sum.ByLayer), "L1=1 L2=2 L3=2 L4=2"},
		"byLevel":    {countsOf(sum.ByLevel), "MINISTRY=2 PROVINCE=1 COMMUNE=3 UNOWNED=1"},
		"byProvince": {countsOf(sum.ByProvince), "T-PROV-1=4"},
	} {
		if got[0] != got[1] {
			t.Errorf("%s: %s, want %s", what, got[0], got[1])
		}
	}
	if sum.Agencies != 0 {
		t.Errorf("agencies counted (%d) without being asked", sum.Agencies)
	}
	if l := sum.ByLayer[0]; l.Name == "" || l.NameEn == "" {
		t.Errorf("layer bucket without names: %+v", l)
	}
	if p := sum.ByProvince[0]; p.Name != "Cơ quan thử T-PROV-1" || p.NameEn != "Test agency T-PROV-1" {
		t.Errorf("province bucket names: %+v", p)
	}
	qa := q
	qa.Agencies = true
	if s, err := st.ImpactSummary(ctx, qa); err != nil || s.Agencies != 2 {
		t.Errorf("agencies using an affected component: %d, %v; want 2 (T-BO, T-XA-1; T-PROV-1 uses only the root)", s.Agencies, err)
	}

	items, err := st.ImpactItems(ctx, q, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"T-IMP-A@1", "T-IMP-B@1", "T-IMP-E@1", "T-IMP-C@2", "T-IMP-F@2", "T-IMP-D@3", "T-IMP-Z@3"}
	if got := impactedCodes(items); !slices.Equal(got, want) {
		t.Errorf("items %v, want %v (the root, reached again over the cycle, is not one)", got, want)
	}
	if items[0].Component.ID == "" || items[0].Component.Scope != model.ScopeProvince {
		t.Errorf("item component not filled: %+v", items[0].Component)
	}
	page, err := st.ImpactItems(ctx, q, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := impactedCodes(page); !slices.Equal(got, want[2:5]) {
		t.Errorf("page (offset 2, limit 3) %v, want %v", got, want[2:5])
	}
	if none, err := st.ImpactItems(ctx, q, 0, 0); err != nil || len(none) != 0 {
		t.Errorf("limit 0 gave %v, %v", none, err)
	}

	// Combined call: the same numbers in one transaction.
	s2, it2, err := st.Impact(ctx, q, 0, 3)
	if err != nil || !reflect.DeepEqual(s2, sum) || !slices.Equal(impactedCodes(it2), want[:3]) {
		t.Errorf("Impact: %+v %v %v", s2, impactedCodes(it2), err)
	}

	// Depth clamping: 2 keeps depths 1-2; 0 and negatives mean 1; 99 means MaxImpactDepth.
	for depth, n := range map[int]int{2: 5, 1: 3, 0: 3, -4: 3, 99: 7} {
		qd := q
		qd.MaxDepth = depth
		s, err := st.ImpactSummary(ctx, qd)
		if err != nil || s.Total != n {
			t.Errorf("max depth %d: total %d, %v; want %d", depth, s.Total, err, n)
		}
		its, err := st.ImpactItems(ctx, qd, 0, 100)
		if err != nil || len(its) != n {
			t.Errorf("max depth %d: %d items, %v; want %d", depth, len(its), err, n)
		}
	}

	// Direction: what T-IMP-D depends on, around the cycle.
	qd := model.ImpactQuery{RootID: store.StableID(store.LabelComponent, "T-IMP-D"), Direction: model.ImpactDirectionDependencies, MaxDepth: 10}
	deps, err := st.ImpactItems(ctx, qd, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	wantDeps := []string{"T-IMP-C@1", "T-IMP-A@2", "T-IMP-B@2", "T-IMP-ROOT@3", "T-IMP-Z@4", "T-IMP-F@5", "T-IMP-E@6"}
	if got := impactedCodes(deps); !slices.Equal(got, wantDeps) {
		t.Errorf("dependencies of T-IMP-D %v, want %v", got, wantDeps)
	}
	if s, err := st.ImpactSummary(ctx, qd); err != nil || countsOf(s.ByDepth) != "1=1 2=2 3=1 4=1 5=1 6=1" {
		t.Errorf("dependencies by depth %s, %v", countsOf(s.ByDepth), err)
	}
	// Dependents of a leaf: nothing.
	if s, err := st.ImpactSummary(ctx, model.ImpactQuery{RootID: "T-API-BAD", MaxDepth: 5}); err != nil || s.Total != 0 || len(s.ByDepth) != 0 {
		t.Errorf("dependents of a leaf: %+v, %v", s, err)
	}

	// Paths: one per item, in the same order, root first, each step a DEPENDS_ON edge.
	edges := map[[2]string]bool{}
	for _, b := range fixture() {
		if b.Shape.Type == store.RelDependsOn {
			for _, r := range b.Rows {
				edges[[2]string{r.From, r.To}] = true
			}
		}
	}
	checkPaths := func(what string, paths []model.Path, items []model.Impacted, root string, dependents bool) {
		t.Helper()
		if len(paths) != len(items) {
			t.Fatalf("%s: %d paths for %d items", what, len(paths), len(items))
		}
		for i, p := range paths {
			cs := codes(p.Components, func(c model.Component) string { return c.Code })
			if len(cs) != items[i].Depth+1 || cs[0] != root || cs[len(cs)-1] != items[i].Component.Code {
				t.Errorf("%s: path %v for %s at depth %d", what, cs, items[i].Component.Code, items[i].Depth)
				continue
			}
			for j := 1; j < len(cs); j++ {
				e := [2]string{cs[j-1], cs[j]}
				if dependents {
					e = [2]string{cs[j], cs[j-1]}
				}
				if !edges[e] {
					t.Errorf("%s: path %v: no DEPENDS_ON %s→%s", what, cs, e[0], e[1])
				}
			}
		}
	}
	paths, err := st.ImpactPaths(ctx, q, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	checkPaths("dependents", paths, items, "T-IMP-ROOT", true)
	paths, err = st.ImpactPaths(ctx, q, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkPaths("dependents page", paths, page, "T-IMP-ROOT", true)
	paths, err = st.ImpactPaths(ctx, qd, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	checkPaths("dependencies", paths, deps, "T-IMP-D", false)

	// Errors.
	_, err = st.ImpactSummary(ctx, model.ImpactQuery{RootID: "NO-SUCH-ROOT", MaxDepth: 3})
	wantErr(t, "unknown root (summary)", err, store.ErrNotFound, "NO-SUCH-ROOT")
	_, err = st.ImpactItems(ctx, model.ImpactQuery{RootID: "NO-SUCH-ROOT", MaxDepth: 3}, 0, 10)
	wantErr(t, "unknown root (items)", err, store.ErrNotFound, "NO-SUCH-ROOT")
	_, err = st.ImpactPaths(ctx, model.ImpactQuery{RootID: "NO-SUCH-ROOT", MaxDepth: 3}, 0, 10)
	wantErr(t, "unknown root (paths)", err, store.ErrNotFound, "NO-SUCH-ROOT")
	_, err = st.ImpactSummary(ctx, model.ImpactQuery{RootID: "T-IMP-ROOT", Direction: "SIDEWAYS", MaxDepth: 3})
	wantErr(t, "unknown direction", err, store.ErrInvalid, "SIDEWAYS")
}

func dupKey(d model.Duplicate) string {
	return d.Component.Code + ">" + d.Shared.Code + ":" + d.Capability.Code
}

func testDuplicates(t *testing.T, st *store.Store) {
	ctx := context.Background()
	all, err := st.Duplicates(ctx, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var mine []string
	for i, d := range all {
		if strings.HasPrefix(d.Component.Code, "T-") {
			mine = append(mine, dupKey(d))
		} else if !strings.Contains(d.Component.Code, "-DUP-") {
			// The synthetic estate plants duplicates as …-DUP-<national code>; nothing else in it
			// provides a capability unsanctioned.
			t.Errorf("unexpected duplicate %s", dupKey(d))
		}
		if d.Shared.Scope != model.ScopeNational && d.Shared.Code != "T-LGSP" {
			t.Errorf("%s: shared platform of scope %s", dupKey(d), d.Shared.Scope)
		}
		if i > 0 {
			p := all[i-1]
			pk := []string{p.Shared.Code, provCode(p), p.Component.Code, p.Capability.Code}
			k := []string{d.Shared.Code, provCode(d), d.Component.Code, d.Capability.Code}
			if slices.Compare(pk, k) > 0 {
				t.Errorf("out of order: %v before %v", pk, k)
			}
		}
	}
	sort.Strings(mine)
	want := []string{
		"T-DUP-EID>EID:CAP-EIDENTITY",         // a provincial e-identity platform: nothing sanctions it
		"T-EID-FARTHER>EID:CAP-EIDENTITY",     // four hops from EID is too far
		"T-XA-LGSP-OK>NDOP:CAP-DATA-EXCHANGE", // depends on the province's LGSP, not on NDXP/NDOP
		"T-XA-LGSP-OK>NDXP:CAP-DATA-EXCHANGE",
		"T-XA-LGSP>NDOP:CAP-DATA-EXCHANGE",
		"T-XA-LGSP>NDXP:CAP-DATA-EXCHANGE",
		"T-XA-LGSP>T-LGSP:CAP-DATA-EXCHANGE", // a commune's own LGSP beside its province's (L358)
	}
	// Not reported: T-LGSP (sanctioned by TINH-LGSP), T-EID-USER/-USER2/-FAR (1-3 hops to EID).
	if !slices.Equal(mine, want) {
		t.Errorf("hand-made duplicates %v, want %v", mine, want)
	}

	eid, err := st.Duplicates(ctx, "EID", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var eidMine []model.Duplicate
	for _, d := range eid {
		if d.Shared.Code != "EID" {
			t.Errorf("Duplicates(EID) returned one of %s", d.Shared.Code)
		}
		if strings.HasPrefix(d.Component.Code, "T-") {
			eidMine = append(eidMine, d)
		}
	}
	if len(eidMine) != 2 {
		t.Fatalf("Duplicates(EID): %v", codes(eidMine, dupKey))
	}
	d := eidMine[0]
	if d.Component.Code != "T-DUP-EID" || d.Agency == nil || d.Agency.Code != "T-PROV-1" || d.Province == nil ||
		d.Province.Code != "T-PROV-1" || d.Capability.Code != "CAP-EIDENTITY" || d.Capability.NameEn == "" ||
		d.Shared.Code != "EID" || d.Shared.ID == "" {
		t.Errorf("T-DUP-EID row: %+v", d)
	}
	for _, part := range []string{"T-DUP-EID", "CAP-EIDENTITY", "EID", "sanctioned", "DEPENDS_ON"} {
		if !strings.Contains(d.Evidence, part) {
			t.Errorf("evidence %q does not mention %q", d.Evidence, part)
		}
	}
	if d := eidMine[1]; d.Component.Code != "T-EID-FARTHER" || d.Agency == nil || d.Agency.Code != "T-XA-1" ||
		d.Province == nil || d.Province.Code != "T-PROV-1" {
		t.Errorf("a commune's duplicate: agency %v province %v", d.Agency, d.Province)
	}
	communes, err := st.Duplicates(ctx, store.StableID(store.LabelComponent, "EID"), model.ScopeCommune, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range communes {
		if d.Component.Scope != model.ScopeCommune {
			t.Errorf("scope COMMUNE returned %s of scope %s", d.Component.Code, d.Component.Scope)
		}
		if d.Component.Code == "T-DUP-EID" {
			t.Errorf("scope COMMUNE returned the provincial T-DUP-EID")
		}
	}

	// A provincial shared platform: only its province's communes' components.
	prov, err := st.Duplicates(ctx, "T-LGSP", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(prov, dupKey); !slices.Equal(got, []string{"T-XA-LGSP>T-LGSP:CAP-DATA-EXCHANGE"}) {
		t.Errorf("Duplicates(T-LGSP) %v", got)
	} else if prov[0].Province == nil || prov[0].Province.Code != "T-PROV-1" || !strings.Contains(prov[0].Evidence, "provincial") {
		t.Errorf("Duplicates(T-LGSP) row %+v", prov[0])
	}

	_, err = st.Duplicates(ctx, "NO-SUCH-PLATFORM", "", "")
	wantErr(t, "unknown shared platform", err, store.ErrNotFound, "NO-SUCH-PLATFORM")
	_, err = st.Duplicates(ctx, "T-IMP-B", "", "")
	wantErr(t, "a commune component as shared platform", err, store.ErrInvalid, "T-IMP-B")
	_, err = st.Duplicates(ctx, "T-ORPHAN", "", "")
	wantErr(t, "a provincial platform without a province", err, store.ErrInvalid, "T-ORPHAN")
	_, err = st.Duplicates(ctx, "", model.ScopeNational, "")
	wantErr(t, "scope not below", err, store.ErrInvalid, "NATIONAL")
	_, err = st.Duplicates(ctx, "T-LGSP", model.ScopeMinistry, "")
	wantErr(t, "scope not below a province", err, store.ErrInvalid, "MINISTRY")
}

func provCode(d model.Duplicate) string {
	if d.Province == nil {
		return "~" // nulls sort last
	}
	return d.Province.Code
}

// applicable lists, from the framework file, the commune references that apply to an area type.
func applicable(f *seed.File, at model.AreaType) (all, essential []seed.ReferenceComponent) {
	for _, r := range f.ReferenceComponents {
		if r.Framework != "KTTS-XA" || r.Kind != model.RefKindComponent || r.CatchAll {
			continue
		}
		if r.Tier == model.TierCommuneEssential {
			all = append(all, r)
			essential = append(essential, r)
		} else if r.Tier == model.TierAreaSupplementary && r.AreaType == at {
			all = append(all, r)
		}
	}
	return
}

// tallyOf is a tally of required items; suppOf of optional (area-supplementary) ones.
func tallyOf(applicable, realized, exploited, provided int) model.Tally {
	t := model.Tally{Applicable: applicable, Realized: realized, Exploited: exploited, Provided: provided,
		Missing: applicable - realized - exploited - provided, Score: 1}
	if applicable > 0 {
		t.Score = float64(realized+exploited+provided) / float64(applicable)
	}
	return t
}

func suppOf(applicable, realized, exploited, provided int) model.Tally {
	t := tallyOf(applicable, realized, exploited, provided)
	t.NotDeployed, t.Missing = t.Missing, 0
	return t
}

func sameTally(a, b model.Tally) bool {
	return a.Applicable == b.Applicable && a.Realized == b.Realized && a.Exploited == b.Exploited && a.Provided == b.Provided &&
		a.Missing == b.Missing && a.NotDeployed == b.NotDeployed && math.Abs(a.Score-b.Score) < 1e-9
}

func testConformance(t *testing.T, st *store.Store, f *seed.File) {
	ctx := context.Background()
	layerOf := map[string]string{}
	for _, g := range f.Groups {
		layerOf[g.Code] = g.Layer
	}

	// T-XA-2: realizes HTS7, uses NDC (L1): the L1 "exploit the shared one" items are exploited.
	c, err := st.Conformance(ctx, "T-XA-2", "")
	if err != nil {
		t.Fatal(err)
	}
	all, essential := applicable(f, model.AreaTypeRural)
	exploitedL1, exploitedL1Essential := 0, 0
	for _, r := range all {
		if r.ExploitsShared && layerOf[r.Group] == "L1" {
			exploitedL1++
			if r.Tier == model.TierCommuneEssential {
				exploitedL1Essential++
			}
		}
	}
	if exploitedL1 == 0 {
		t.Fatal("the framework has no L1 exploit-the-shared-one commune item; the test needs one")
	}
	if c.Agency.Code != "T-XA-2" || c.FrameworkCode != "KTTS-XA" || len(c.Items) != len(all) {
		t.Errorf("T-XA-2: agency %s framework %s, %d items, want %d", c.Agency.Code, c.FrameworkCode, len(c.Items), len(all))
	}
	// Required: the essential items (HTS7 realized; HTS8 and KTT9 provided by T-PROV-1, which
	// owns T-PROV-HTS8 realizing HTS8 and T-PROV-PORTAL realizing TINH-PORTAL, KTT9's sharedFrom).
	// The area-supplementary items are apart: optional, never missing.
	if want := tallyOf(len(essential), 1, exploitedL1Essential, 2); !sameTally(c.Tally, want) || !sameTally(c.Essential, want) {
		t.Errorf("T-XA-2 tally %+v essential %+v, want %+v", c.Tally, c.Essential, want)
	}
	if want := suppOf(len(all)-len(essential), 0, exploitedL1-exploitedL1Essential, 0); !sameTally(c.Supplementary, want) || want.Applicable == 0 {
		t.Errorf("T-XA-2 supplementary %+v, want %+v", c.Supplementary, want)
	}
	states := map[string]model.ConformanceItem{}
	for _, it := range c.Items {
		states[it.Reference.Code] = it
		if it.Reference.CatchAll || it.Reference.Kind != model.RefKindComponent ||
			(it.Reference.Tier == model.TierAreaSupplementary && (it.Reference.AreaType == nil || *it.Reference.AreaType != model.AreaTypeRural)) {
			t.Errorf("T-XA-2: %s (tier %s) does not apply", it.Reference.Code, it.Reference.Tier)
		}
	}
	if it := states["HTS7"]; it.State != model.ConformanceStateRealized ||
		!slices.Equal(codes(it.Components, func(c model.Component) string { return c.Code }), []string{"T-XA2-HTS7"}) {
		t.Errorf("HTS7: %s %v, want REALIZED by T-XA2-HTS7", it.State, it.Components)
	}
	if it := states["HTS6"]; it.State != model.ConformanceStateExploitsShared ||
		!slices.Contains(codes(it.Components, func(c model.Component) string { return c.Code }), "NDC") {
		t.Errorf("HTS6 (exploit the shared infrastructure): %s %v, want EXPLOITS_SHARED through NDC", it.State, it.Components)
	}
	for _, code := range []string{"DL9", "ƯDCQS7"} { // an L2 exploit item with no L2 use; a plain item not built
		if it := states[code]; it.State != model.ConformanceStateMissing || len(it.Components) != 0 {
			t.Errorf("%s: %s %v, want MISSING", code, it.State, it.Components)
		}
	}
	for code, by := range map[string]string{"HTS8": "T-PROV-HTS8", "KTT9": "T-PROV-PORTAL"} {
		if it := states[code]; it.State != model.ConformanceStateProvidedByProvince ||
			!slices.Equal(codes(it.Components, func(c model.Component) string { return c.Code }), []string{by}) {
			t.Errorf("%s: %s %v, want PROVIDED_BY_PROVINCE by %s", code, it.State, it.Components, by)
		}
	}
	for _, it := range c.Items {
		if it.Reference.Tier == model.TierAreaSupplementary && it.State == model.ConformanceStateMissing ||
			it.Reference.Tier == model.TierCommuneEssential && it.State == model.ConformanceStateNotDeployed {
			t.Errorf("T-XA-2 %s (%s): %s", it.Reference.Code, it.Reference.Tier, it.State)
		}
	}
	// A commune of another province is not provided for by T-PROV-1.
	if hnx, err := st.ConformanceSummary(ctx, "HA-NOI", ""); err == nil && len(hnx.Children) > 0 {
		other, err := st.Conformance(ctx, hnx.Children[0].Agency.Code, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range other.Items {
			for _, comp := range it.Components {
				if strings.HasPrefix(comp.Code, "T-PROV-") {
					t.Errorf("%s %s is provided by %s of another province", other.Agency.Code, it.Reference.Code, comp.Code)
				}
			}
		}
	}

	// T-XA-3: owns a component that DEPENDS_ON NDXP (L2): DL9 is exploited, HTS6 is not.
	c3, err := st.Conformance(ctx, store.StableID(store.LabelAgency, "T-XA-3"), "")
	if err != nil {
		t.Fatal(err)
	}
	urban, _ := applicable(f, model.AreaTypeUrban)
	if len(c3.Items) != len(urban) {
		t.Errorf("T-XA-3 (URBAN): %d items, want %d", len(c3.Items), len(urban))
	}
	for _, it := range c3.Items {
		switch it.Reference.Code {
		case "DL9":
			if it.State != model.ConformanceStateExploitsShared || len(it.Components) != 1 || it.Components[0].Code != "NDXP" {
				t.Errorf("T-XA-3 DL9: %s %v, want EXPLOITS_SHARED through NDXP", it.State, it.Components)
			}
		case "HTS6":
			if it.State != model.ConformanceStateMissing {
				t.Errorf("T-XA-3 HTS6: %s, want MISSING", it.State)
			}
		}
		if it.State == model.ConformanceStateRealized {
			t.Errorf("T-XA-3 realizes nothing, yet %s is REALIZED", it.Reference.Code)
		}
	}

	// A province: KTTS-TINH, Essential equals Tally.
	p, err := st.Conformance(ctx, "T-PROV-1", "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range f.ReferenceComponents {
		if r.Framework == "KTTS-TINH" && r.Kind == model.RefKindComponent && !r.CatchAll {
			n++
		}
	}
	if p.FrameworkCode != "KTTS-TINH" || len(p.Items) != n || p.Tally != p.Essential {
		t.Errorf("T-PROV-1: framework %s, %d items (want %d), tally %+v essential %+v", p.FrameworkCode, len(p.Items), n, p.Tally, p.Essential)
	}
	for _, it := range p.Items {
		switch it.Reference.Code {
		case "TINH-LGSP":
			if it.State != model.ConformanceStateRealized || len(it.Components) != 1 || it.Components[0].Code != "T-LGSP" {
				t.Errorf("TINH-LGSP: %s %v", it.State, it.Components)
			}
		case "TINH-NTL-SHARED": // T-PROV-1 uses T-IMP-ROOT (national, L2)
			if it.State != model.ConformanceStateExploitsShared {
				t.Errorf("TINH-NTL-SHARED: %s", it.State)
			}
		case "TINH-HTS-SHARED": // nothing national or provincial in L1
			if it.State != model.ConformanceStateMissing {
				t.Errorf("TINH-HTS-SHARED: %s", it.State)
			}
		}
	}

	// The organisations' framework applies to the bodies L378 names, and to no other central body.
	if o, err := st.Conformance(ctx, "VPQH", ""); err != nil || o.FrameworkCode != "KTTS-TOCHUC" || o.Tally.Applicable == 0 {
		t.Errorf("VPQH: %s %+v %v", o.FrameworkCode, o.Tally, err)
	}
	_, err = st.Conformance(ctx, "KTNN", "")
	wantErr(t, "a central body L378 does not name", err, store.ErrInvalid, "KTNN", "L378")

	// A ministry with nothing realized: score below 1, framework KTTS-BO.
	if m, err := st.Conformance(ctx, "T-BO", ""); err != nil || m.FrameworkCode != "KTTS-BO" || m.Tally.Realized != 0 || m.Tally.Applicable == 0 {
		t.Errorf("T-BO: %s %+v %v", m.FrameworkCode, m.Tally, err)
	}
	_, err = st.Conformance(ctx, "NO-SUCH-AGENCY", "")
	wantErr(t, "unknown agency", err, store.ErrNotFound, "NO-SUCH-AGENCY")
}

// checkRollup fails unless the rollup's ByGroup sums to its Tally.
func checkRollup(t *testing.T, what string, r model.ConformanceRollup) {
	t.Helper()
	var a, re, ex, pv, sa, sre, sex, spv int
	for _, g := range r.ByGroup {
		a, re, ex, pv = a+g.Tally.Applicable, re+g.Tally.Realized, ex+g.Tally.Exploited, pv+g.Tally.Provided
		sa, sre, sex, spv = sa+g.Supplementary.Applicable, sre+g.Supplementary.Realized, sex+g.Supplementary.Exploited, spv+g.Supplementary.Provided
		if !sameTally(g.Tally, tallyOf(g.Tally.Applicable, g.Tally.Realized, g.Tally.Exploited, g.Tally.Provided)) {
			t.Errorf("%s: group %s tally inconsistent: %+v", what, g.GroupCode, g.Tally)
		}
		if !sameTally(g.Supplementary, suppOf(g.Supplementary.Applicable, g.Supplementary.Realized, g.Supplementary.Exploited, g.Supplementary.Provided)) {
			t.Errorf("%s: group %s supplementary inconsistent: %+v", what, g.GroupCode, g.Supplementary)
		}
	}
	if !sameTally(r.Tally, tallyOf(a, re, ex, pv)) {
		t.Errorf("%s: tally %+v is not the sum of its groups (%d/%d/%d/%d)", what, r.Tally, a, re, ex, pv)
	}
	if !sameTally(r.Supplementary, suppOf(sa, sre, sex, spv)) {
		t.Errorf("%s: supplementary %+v is not the sum of its groups (%d/%d/%d/%d)", what, r.Supplementary, sa, sre, sex, spv)
	}
}

// sumChildren checks Total against the sum of Children (communes, tally, per group).
func sumChildren(t *testing.T, what string, s model.ConformanceSummary) {
	t.Helper()
	communes, a, re, ex, pv := 0, 0, 0, 0, 0
	groups := map[string][3]int{}
	for _, c := range s.Children {
		checkRollup(t, what+" child "+c.Agency.Code, c)
		communes += c.Communes
		a, re, ex, pv = a+c.Tally.Applicable, re+c.Tally.Realized, ex+c.Tally.Exploited, pv+c.Tally.Provided
		for _, g := range c.ByGroup {
			x := groups[g.GroupCode]
			groups[g.GroupCode] = [3]int{x[0] + g.Tally.Applicable, x[1] + g.Tally.Realized, x[2] + g.Tally.Exploited}
		}
	}
	checkRollup(t, what+" total", s.Total)
	if s.Total.Communes != communes || !sameTally(s.Total.Tally, tallyOf(a, re, ex, pv)) {
		t.Errorf("%s: total %d communes %+v, children sum to %d communes %d/%d/%d/%d", what, s.Total.Communes, s.Total.Tally, communes, a, re, ex, pv)
	}
	if len(s.Total.ByGroup) != len(groups) {
		t.Errorf("%s: total has %d groups, children %d", what, len(s.Total.ByGroup), len(groups))
	}
	for _, g := range s.Total.ByGroup {
		x := groups[g.GroupCode]
		if g.Tally.Applicable != x[0] || g.Tally.Realized != x[1] || g.Tally.Exploited != x[2] {
			t.Errorf("%s: total group %s %+v, children sum to %v", what, g.GroupCode, g.Tally, x)
		}
	}
}

func testConformanceSummary(t *testing.T, st *store.Store) {
	ctx := context.Background()
	s, err := st.ConformanceSummary(ctx, "T-PROV-1", "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Total.Agency == nil || s.Total.Agency.Code != "T-PROV-1" || s.Total.Communes != 3 {
		t.Errorf("T-PROV-1 total: agency %v, %d communes", s.Total.Agency, s.Total.Communes)
	}
	if got := codes(s.Children, func(r model.ConformanceRollup) string { return r.Agency.Code }); !slices.Equal(got, []string{"T-XA-1", "T-XA-2", "T-XA-3"}) {
		t.Errorf("T-PROV-1 children %v", got)
	}
	sumChildren(t, "T-PROV-1", s)

	// The set-based roll-up agrees with Conformance for every commune of a synthetic province.
	hn, err := st.ConformanceSummary(ctx, "HA-NOI", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(hn.Children) < 50 || hn.Total.Communes != len(hn.Children) {
		t.Fatalf("HA-NOI: %d children, %d communes", len(hn.Children), hn.Total.Communes)
	}
	sumChildren(t, "HA-NOI", hn)
	if hn.Total.Tally.Missing == 0 || hn.Total.Tally.Exploited == 0 || hn.Total.Tally.Realized == 0 {
		t.Errorf("HA-NOI tally %+v: the synthetic estate should have every state", hn.Total.Tally)
	}
	for _, ch := range slices.Concat(hn.Children, s.Children) {
		c, err := st.Conformance(ctx, ch.Agency.Code, "")
		if err != nil {
			t.Fatal(err)
		}
		if ch.Communes != 1 || !sameTally(ch.Tally, c.Tally) || !sameTally(ch.Supplementary, c.Supplementary) {
			t.Errorf("%s: roll-up %+v / %+v (%d communes), Conformance %+v / %+v", ch.Agency.Code, ch.Tally, ch.Supplementary, ch.Communes, c.Tally, c.Supplementary)
		}
		groups := map[string]int{}
		for _, it := range c.Items {
			groups[it.Reference.GroupCode]++
		}
		for _, g := range ch.ByGroup {
			if groups[g.GroupCode] != g.Tally.Applicable+g.Supplementary.Applicable {
				t.Errorf("%s: group %s applicable %d+%d, Conformance has %d items", ch.Agency.Code, g.GroupCode, g.Tally.Applicable, g.Supplementary.Applicable, groups[g.GroupCode])
			}
		}
	}

	nation, err := st.ConformanceSummary(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if nation.Total.Agency != nil {
		t.Errorf("nation total has agency %v", nation.Total.Agency)
	}
	sumChildren(t, "nation", nation)
	if len(nation.Children) != 35 { // 34 provinces + T-PROV-1
		t.Errorf("nation: %d children, want 35", len(nation.Children))
	}
	for _, ch := range nation.Children {
		if ch.Agency.Level != model.AgencyLevelProvince {
			t.Errorf("nation child %s is a %s", ch.Agency.Code, ch.Agency.Level)
		}
		var want model.ConformanceRollup
		switch ch.Agency.Code {
		case "HA-NOI":
			want = hn.Total
		case "T-PROV-1":
			want = s.Total
		case "HUE":
			continue
		default:
			if ch.Communes != 0 || ch.Tally.Applicable != 0 || ch.Tally.Score != 1 {
				t.Errorf("%s has no communes loaded, yet %+v", ch.Agency.Code, ch)
			}
			continue
		}
		if ch.Communes != want.Communes || !sameTally(ch.Tally, want.Tally) || !reflect.DeepEqual(ch.ByGroup, want.ByGroup) {
			t.Errorf("nation child %s %+v differs from its own summary %+v", ch.Agency.Code, ch, want)
		}
	}

	_, err = st.ConformanceSummary(ctx, "T-XA-1", "")
	wantErr(t, "a commune as province", err, store.ErrInvalid, "T-XA-1")
	_, err = st.ConformanceSummary(ctx, "NO-SUCH-PROVINCE", "")
	wantErr(t, "unknown province", err, store.ErrNotFound, "NO-SUCH-PROVINCE")
}

func violationKeys(vs []model.RuleViolation) []string {
	return codes(vs, func(v model.RuleViolation) string {
		if v.Component == nil {
			return v.RuleCode + ":" + v.Agency.Code
		}
		return v.RuleCode + ":" + v.Component.Code
	})
}

func testRules(t *testing.T, st *store.Store) {
	ctx := context.Background()
	api, err := st.RuleViolations(ctx, "R-API-VIA-VAPEX", "", "")
	if err != nil {
		t.Fatal(err)
	}
	keys := violationKeys(api)
	if !slices.Contains(keys, "R-API-VIA-VAPEX:T-API-BAD") || slices.Contains(keys, "R-API-VIA-VAPEX:T-API-GOOD") ||
		slices.Contains(keys, "R-API-VIA-VAPEX:T-API-NAT") {
		t.Errorf("API_VIA_VAPEX: %v", keys)
	}
	// L192: every ministry-, province- and commune-level information system, exposing an API or
	// not; organisations and national components are not named.
	for _, v := range api {
		if v.Check != store.CheckAPIViaVAPEX || v.Component.Scope == model.ScopeNational || v.Component.Scope == model.ScopeOrganization ||
			v.Component.Kind == model.ComponentKindNetwork || v.Severity != "HIGH" ||
			!strings.Contains(v.Message, v.Component.Code) || !strings.Contains(v.MessageEn, v.Component.Code) ||
			!strings.Contains(v.MessageEn, "L192") {
			t.Errorf("API_VIA_VAPEX violation %+v", v)
		}
	}
	if !slices.IsSorted(codes(api, func(v model.RuleViolation) string { return v.Component.Code })) {
		t.Errorf("API_VIA_VAPEX violations not in code order")
	}

	// No hosting is recorded for T-NDB-*, and the framework records the national databases'
	// hosting only where the text states it: no violation (CYBER-DEFENCE-DB is the L253
	// exception).
	db, err := st.RuleViolations(ctx, "R-NATIONAL-DB-AT-NDC", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(db) != 0 {
		t.Errorf("NATIONAL_DB_AT_NDC %v, want none", violationKeys(db))
	}

	dup, err := st.RuleViolations(ctx, "R-NO-DUPLICATE-SHARED", "", "")
	if err != nil {
		t.Fatal(err)
	}
	keys = violationKeys(dup)
	for _, k := range []string{"T-DUP-EID", "T-XA-LGSP"} {
		if !slices.Contains(keys, "R-NO-DUPLICATE-SHARED:"+k) {
			t.Errorf("DUPLICATE_SHARED misses %s: %v", k, keys)
		}
	}
	for _, k := range []string{"T-LGSP", "T-EID-USER", "T-EID-USER2", "T-EID-FAR"} {
		if slices.Contains(keys, "R-NO-DUPLICATE-SHARED:"+k) {
			t.Errorf("DUPLICATE_SHARED reports %s", k)
		}
	}
	for _, v := range dup {
		if v.Component.Code == "T-XA-LGSP" && (!strings.Contains(v.MessageEn, "NDOP, NDXP") || !strings.Contains(v.Message, "T-XA-LGSP")) {
			t.Errorf("T-XA-LGSP message %q / %q should name both NDOP and NDXP", v.Message, v.MessageEn)
		}
	}

	// An agency limits to what it and its communes own (and to those agencies); every check runs
	// with rule "".
	mine, err := st.RuleViolations(ctx, "", "T-PROV-1", "")
	if err != nil {
		t.Fatal(err)
	}
	got := violationKeys(mine)
	for _, k := range []string{"R-API-VIA-VAPEX:T-API-BAD", "R-NO-DUPLICATE-SHARED:T-DUP-EID", "R-NO-DUPLICATE-SHARED:T-EID-FARTHER",
		"R-NO-DUPLICATE-SHARED:T-XA-LGSP", "R-NO-DUPLICATE-SHARED:T-XA-LGSP-OK", "R-CONNECT-DX-MEASUREMENT:T-PROV-1"} {
		if !slices.Contains(got, k) {
			t.Errorf("violations of T-PROV-1 miss %s: %v", k, got)
		}
	}
	inProv := map[string]bool{"T-PROV-1": true, "T-XA-1": true, "T-XA-2": true, "T-XA-3": true}
	for _, v := range mine {
		if v.Agency == nil || !inProv[v.Agency.Code] {
			t.Errorf("violation of T-PROV-1 outside it: %+v", v)
		}
	}
	if n, err := st.RuleViolationCount(ctx, "", "T-PROV-1", ""); err != nil || n != len(mine) {
		t.Errorf("RuleViolationCount(T-PROV-1) %d, %v; listed %d", n, err, len(mine))
	}
	if got, err := st.RuleViolations(ctx, "", "T-BO", ""); err != nil || !slices.Contains(violationKeys(got), "R-CONNECT-DX-MEASUREMENT:T-BO") {
		t.Errorf("violations of T-BO %v, %v", violationKeys(got), err)
	}
	everything, err := st.RuleViolations(ctx, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum, automated := 0, 0
	for _, r := range rules {
		if !store.Automated(r) {
			continue
		}
		automated++
		vs, err := st.RuleViolations(ctx, r.Code, "", "")
		if err != nil {
			t.Fatal(err)
		}
		n, err := st.RuleViolationCount(ctx, r.Code, "", "")
		if err != nil || n != len(vs) {
			t.Errorf("%s: RuleViolationCount %d, %v; listed %d", r.Code, n, err, len(vs))
		}
		sum += len(vs)
	}
	if len(everything) != sum || automated < 16 {
		t.Errorf("all rules: %d violations, the %d checks give %d", len(everything), automated, sum)
	}

	_, err = st.RuleViolations(ctx, "R-NO-SUCH-RULE", "", "")
	wantErr(t, "unknown rule", err, store.ErrNotFound, "R-NO-SUCH-RULE")
	_, err = st.RuleViolations(ctx, "R-OPEN-DATA", "", "")
	wantErr(t, "rule without check", err, store.ErrInvalid, "R-OPEN-DATA", "not checked automatically", "classification")
	_, err = st.RuleViolationCount(ctx, "R-OPEN-DATA", "", "")
	wantErr(t, "count of a rule without check", err, store.ErrInvalid, "R-OPEN-DATA", "not checked automatically")
	_, err = st.RuleViolations(ctx, "", "NO-SUCH-AGENCY", "")
	wantErr(t, "unknown agency", err, store.ErrNotFound, "NO-SUCH-AGENCY")
}

func testShortestPath(t *testing.T, st *store.Store) {
	ctx := context.Background()
	pathCodes := func(p *model.Path) []string {
		if p == nil {
			return nil
		}
		return codes(p.Components, func(c model.Component) string { return c.Code })
	}
	p, err := st.ShortestPath(ctx, "T-IMP-D", "T-IMP-ROOT")
	if got := pathCodes(p); err != nil || len(got) != 4 || got[0] != "T-IMP-D" || got[1] != "T-IMP-C" || got[3] != "T-IMP-ROOT" {
		t.Errorf("D→ROOT: %v, %v", got, err)
	}
	p, err = st.ShortestPath(ctx, "T-IMP-ROOT", store.StableID(store.LabelComponent, "T-IMP-D"))
	if got := pathCodes(p); err != nil || !slices.Equal(got, []string{"T-IMP-ROOT", "T-IMP-Z", "T-IMP-F", "T-IMP-E", "T-IMP-D"}) {
		t.Errorf("ROOT→D (around the cycle): %v, %v", got, err)
	}
	if p, err := st.ShortestPath(ctx, "T-API-BAD", "NDC"); err != nil || p != nil {
		t.Errorf("T-API-BAD depends on nothing, yet %v, %v", pathCodes(p), err)
	}
	if p, err := st.ShortestPath(ctx, "NDC", "T-IMP-A"); err != nil || p != nil {
		t.Errorf("NDC→T-IMP-A: %v, %v; want none (the direction matters)", pathCodes(p), err)
	}
	if p, err := st.ShortestPath(ctx, "T-IMP-A", "T-IMP-A"); err != nil || !slices.Equal(pathCodes(p), []string{"T-IMP-A"}) {
		t.Errorf("A→A: %v, %v", pathCodes(p), err)
	}
	_, err = st.ShortestPath(ctx, "NO-SUCH-FROM", "NDC")
	wantErr(t, "unknown from", err, store.ErrNotFound, "NO-SUCH-FROM")
	_, err = st.ShortestPath(ctx, "NDC", "NO-SUCH-TO")
	wantErr(t, "unknown to", err, store.ErrNotFound, "NO-SUCH-TO")
}
