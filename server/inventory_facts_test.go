package server_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestInventoryUploadKeepsFacts: an inventory upload keeps the conformance facts current, as
// the component mutations do. A province's editor uploads, for one of its communes, its template
// plus one row realizing an essential item the commune misses: afterwards the facts are current
// (factsAt = the write version), the commune's facts hold the item, the roll-ups are read from
// them (no refresh asked) and equal the live roll-ups (the graph walked), and the commune misses
// one item less, in its own conformance and in its province's roll-up.
func TestInventoryUploadKeepsFacts(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	prov, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	// A commune of HA-NOI that misses an essential item.
	gaps := a.ok(`{ conformanceGaps(province: "HA-NOI", first: 1) { communes { commune { code } } } }`, nil)
	commune, _ := dig(gaps, "conformanceGaps", "communes", 0, "commune", "code").(string)
	if commune == "" {
		t.Fatal("no commune of HA-NOI misses an essential item")
	}
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh before the test: %v %v", ok, err)
	}
	if ok, err := a.st.RefreshComponentCounts(ctx); err != nil || !ok {
		t.Fatalf("counts refresh before the test: %v %v", ok, err)
	}

	// An essential item the commune misses (not realized, not exploited, not provided).
	conf := func() (missing int, states map[string]string) {
		t.Helper()
		c, err := a.st.Conformance(ctx, commune, "")
		if err != nil {
			t.Fatal(err)
		}
		states = map[string]string{}
		for _, it := range c.Items {
			states[it.Reference.Code] = string(it.State)
		}
		return c.Essential.Missing, states
	}
	missing0, states0 := conf()
	item := ""
	for code, st := range states0 {
		if st == string(model.ConformanceStateMissing) && (item == "" || code < item) {
			item = code
		}
	}
	if item == "" {
		t.Fatalf("%s misses no essential item: the fixture changed", commune)
	}
	facts := func() []string {
		t.Helper()
		rows := storetest.Rows(t, a.st, `MATCH (c:Agency {code: $c}) MATCH (f:ConformanceFacts {agency: c.id}) RETURN f.realized AS r`,
			map[string]any{"c": commune})
		if len(rows) != 1 {
			t.Fatalf("%d facts nodes for %s", len(rows), commune)
		}
		return toStrings(rows[0]["r"])
	}
	for _, c := range facts() {
		if c == item {
			t.Fatalf("the facts of %s already hold %s", commune, item)
		}
	}

	tr := a.asToken(prov, `query($a: ID!) { inventoryCsv(agency: $a) }`, map[string]any{"a": commune})
	if len(tr.Errors) > 0 {
		t.Fatal(tr.Raw)
	}
	template := dig(tr.Data, "inventoryCsv").(string)
	file := inventoryFile(t, template, []map[string]string{{"code": "TEST-FACTS-UP-1", "name": "Hệ thống thử nghiệm dữ kiện",
		"nameEn": "Facts test system", "kind": "APPLICATION", "scope": "COMMUNE", "status": "OPERATING", "layer": "L4", "realizes": item}})
	// The roll-ups, and whether reading them asked for a refresh (they do when the facts are stale).
	refreshes := 0
	a.st.OnStaleFacts(func() { refreshes++ })
	defer a.st.OnStaleFacts(nil)
	const q = `query($p: ID) { conformanceSummary(province: $p) { total { communes tally { applicable realized exploited provided missing score } }
		children { agency { code } communes tally { missing realized provided exploited } supplementary { notDeployed }
		byGroup { groupCode tally { missing } } } } }`
	rollups := func() map[string]any {
		t.Helper()
		return map[string]any{"nation": a.ok(q, map[string]any{"p": nil}), "HA-NOI": a.ok(q, map[string]any{"p": "HA-NOI"})}
	}

	r := a.asToken(prov, importQ, map[string]any{"a": commune, "csv": file})
	if len(r.Errors) > 0 || dig(r.Data, "importInventory", "created") != float64(1) {
		t.Fatalf("upload: %.1000s", r.Raw)
	}
	if got := dig(r.Data, "importInventory", "communesRefreshing"); got != float64(0) {
		t.Errorf("an upload that kept the facts says %v communes are refreshed in the background, want 0", got)
	}
	v := storetest.Rows(t, a.st, `MATCH (g:GraphVersion {id: 'graph'}) RETURN g.n AS n, g.factsAt AS at`, nil)[0]
	if v["n"] != v["at"] {
		t.Fatalf("after the upload the facts are stale: factsAt %v, write version %v", v["at"], v["n"])
	}
	// The facts' history the upload kept (store/conformance_facts.go), compared below with a
	// recomputation of every commune's.
	const spansQ = `MATCH (f:ConformanceFacts) WITH f ORDER BY f.agency
RETURN collect(f.agency + ' ' + reduce(s = '', i IN range(0, size(f.spanRealized) - 1) | s + f.spanRealized[i] + '|' + f.spanRealizedFrom[i] + '|' + f.spanRealizedTo[i] + ';')
       + ' ' + reduce(s = '', i IN range(0, size(f.spanLayer) - 1) | s + f.spanLayer[i] + '|' + f.spanLayerFrom[i] + '|' + f.spanLayerTo[i] + ';')) AS spans`
	keptSpans := toStrings(storetest.Rows(t, a.st, spansQ, nil)[0]["spans"])
	if !slices.ContainsFunc(keptSpans, func(s string) bool { return strings.Contains(s, item+"|") }) {
		t.Errorf("after the upload no commune's facts have a span of %s", item)
	}
	found := false
	for _, c := range facts() {
		found = found || c == item
	}
	if !found {
		t.Fatalf("after the upload the facts of %s do not hold %s: %v", commune, item, facts())
	}
	// A kept write keeps the component counts too: current, and the dashboards' aggregations
	// over them equal the live ones (read below with the counts stale).
	if ok, err := a.st.ComponentCountsCurrent(ctx); err != nil || !ok {
		t.Fatalf("after the upload the component counts are not current (%v)", err)
	}
	const aggQ = `{ componentAggregate(groupBy: [OWNER, STATUS], orderBy: KEY_ASC, first: 1000) { count groupCount groups { keys { value } count } } }`
	aggCounted := a.ok(aggQ, nil)
	kindsCounted := map[string]any{}
	for name, q := range kindQueries {
		kindsCounted[name] = a.ok(q, nil)
	}
	fromFacts := rollups()
	if refreshes != 0 {
		t.Errorf("the roll-ups after the upload asked for %d refreshes: they walked the graph", refreshes)
	}
	missing1, states1 := conf()
	if missing1 != missing0-1 || states1[item] != string(model.ConformanceStateRealized) {
		t.Errorf("%s misses %d items after the upload (%d before), %s is %s", commune, missing1, missing0, item, states1[item])
	}
	var child map[string]any
	for _, c := range dig(fromFacts["HA-NOI"], "conformanceSummary", "children").([]any) {
		if dig(c, "agency", "code") == commune {
			child = c.(map[string]any)
		}
	}
	if child == nil || dig(child, "tally", "missing") != float64(missing1) {
		t.Errorf("HA-NOI's roll-up has %s missing %v, its conformance %d", commune, dig(child, "tally", "missing"), missing1)
	}
	// The live roll-ups: a write that does not keep the facts makes them stale.
	if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.st.ConformanceFactsCurrent(ctx); ok {
		t.Fatal("the facts are current after a write that does not keep them")
	}
	if ok, _ := a.st.ComponentCountsCurrent(ctx); ok {
		t.Fatal("the component counts are current after a write that does not keep them")
	}
	if live := a.ok(aggQ, nil); !reflect.DeepEqual(aggCounted, live) {
		t.Errorf("the aggregation over the counts kept by the upload differs from the live one:\ncounts %v\nlive   %v", aggCounted, live)
	}
	for name, q := range kindQueries {
		if live := a.ok(q, nil); !reflect.DeepEqual(kindsCounted[name], live) {
			t.Errorf("%s over the kind counts kept by the upload differs from the live one:\ncounts %v\nlive   %v", name, kindsCounted[name], live)
		}
	}
	if live := rollups(); !reflect.DeepEqual(fromFacts, live) {
		t.Errorf("the roll-ups over the facts kept by the upload differ from the live ones:\nfacts %v\nlive  %v", fromFacts, live)
	}
	if refreshes == 0 {
		t.Error("the live roll-ups asked for no refresh: the check of which roll-up was read cannot fail")
	}

	// An agency whose components more communes use than an import keeps the facts of (a
	// ministry's national platforms): imported without keeping them; the facts are stale, the
	// roll-up walks the graph and answers the same as over facts refreshed after it.
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	// The spans (each facts node's, in a stored order) the upload kept are those recomputed.
	sortSpans := func(rows []string) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			f := strings.SplitN(r, " ", 3)
			for j := 1; j < len(f); j++ {
				parts := strings.Split(f[j], ";")
				slices.Sort(parts)
				f[j] = strings.Join(parts, ";")
			}
			out[i] = strings.Join(f, " ")
		}
		return out
	}
	if recomputed := toStrings(storetest.Rows(t, a.st, spansQ, nil)[0]["spans"]); !slices.Equal(sortSpans(keptSpans), sortSpans(recomputed)) {
		t.Errorf("the facts' history kept by the upload differs from a recomputation:\nkept       %v\nrecomputed %v", keptSpans, recomputed)
	}
	bulk.MaxKeptCommunes = 0
	defer func() { bulk.MaxKeptCommunes = 300 }()
	renamed := strings.Replace(file, "Hệ thống thử nghiệm dữ kiện", "Hệ thống thử nghiệm dữ kiện (đổi tên)", 1)
	r = a.asToken(prov, importQ, map[string]any{"a": commune, "csv": renamed})
	if len(r.Errors) > 0 || dig(r.Data, "importInventory", "updated") != float64(1) {
		t.Fatalf("second upload: %.1000s", r.Raw)
	}
	// The upload says how many communes' figures it left to the background refresh: the
	// communes whose facts it can change, counted here another way (the commune itself, and the
	// communes using or depending on its components).
	left := storetest.Rows(t, a.st, `
MATCH (a:Agency {code: $c})
OPTIONAL MATCH (a)-[:OWNS]->(x:Component)
WITH a, collect(x) AS own
WITH [(u:Agency {level: 'COMMUNE'})-[:USES]->(y:Component) WHERE y IN own | u] +
     [(u:Agency {level: 'COMMUNE'})-[:OWNS]->(:Component)-[:DEPENDS_ON]->(y:Component) WHERE y IN own | u] +
     CASE a.level WHEN 'COMMUNE' THEN [a] ELSE [] END AS cs
UNWIND cs AS c
RETURN count(DISTINCT c) AS n`, map[string]any{"c": commune})[0]["n"]
	if got := dig(r.Data, "importInventory", "communesRefreshing"); left.(int64) < 1 || got != float64(left.(int64)) {
		t.Errorf("an upload past MaxKeptCommunes says %v communes are refreshed in the background; %v communes' facts it can change", got, left)
	}
	if ok, _ := a.st.ConformanceFactsCurrent(ctx); ok {
		t.Error("an import past MaxKeptCommunes left the facts marked current")
	}
	live := rollups()
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	if again := rollups(); !reflect.DeepEqual(again, live) {
		t.Errorf("after an import that left the facts stale, the live roll-ups differ from those over refreshed facts")
	}

	// Leave the fixture as it was: the row's component retired, the facts current.
	c := a.asToken(prov, `query { component(code: "TEST-FACTS-UP-1") { id } }`, nil)
	if err := a.st.DeleteComponent(ctx, model.Principal{Name: "test cleanup", Role: model.RoleAdmin}, dig(c.Data, "component", "id").(string)); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh after the test: %v %v", ok, err)
	}
	if m, _ := conf(); m != missing0 {
		t.Errorf("%s misses %d items after the cleanup, %d before the test", commune, m, missing0)
	}
}

func toStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
