package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/internal/core"
	"github.com/archgraph/archgraph/store/storetest"
)

// testConformanceFacts (a subtest of TestAnalysis, last: it writes) checks the incremental
// conformance roll-up (conformance_facts.go): the roll-up over the facts equals the live one,
// and every write keeps the facts current and right, or leaves them stale.
func testConformanceFacts(t *testing.T, st *store.Store) {
	ctx := context.Background()
	admin := model.Principal{Name: "admin", Role: model.RoleAdmin, TokenID: "t-admin"}

	current := func() bool {
		t.Helper()
		ok, err := st.ConformanceFactsCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// summaries reads every roll-up the dashboards read: the nation's and two provinces', with
	// and without groups, and the gaps.
	summaries := func() map[string]any {
		t.Helper()
		out := map[string]any{}
		for _, p := range []string{"", "T-PROV-1", "HA-NOI"} {
			for _, byGroup := range []bool{true, false} {
				s, err := st.ConformanceSummaryOf(ctx, p, "", byGroup)
				if err != nil {
					t.Fatal(err)
				}
				out[fmt.Sprintf("summary %q byGroup=%v", p, byGroup)] = s
			}
			g, err := st.ConformanceGaps(ctx, p, "", "", "", store.MaxConformanceGaps)
			if err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("gaps %q", p)] = g
		}
		// the communes' scores as the dashboards' statements compute them (commune_scores.go:
		// from the score table while the facts are current)
		communes := &model.Cond{Field: "level", Op: "eq", Value: "COMMUNE"}
		agg, err := st.Aggregate(ctx, store.EntityAgency, model.Aggregation{Where: communes,
			GroupBy: []string{"areaType"}, Stats: []string{"conformanceScore"}, Order: "AVG_ASC"})
		if err != nil {
			t.Fatal(err)
		}
		out["score aggregate"] = agg
		scored, err := st.AgenciesWith(ctx, model.AgencyQuery{Where: communes, WithScore: true,
			Sort: []model.SortKey{{Field: "conformanceScore"}, {Field: "name"}}}, 0, 1000, store.PageWith[model.Agency]{Count: true})
		if err != nil {
			t.Fatal(err)
		}
		out["scored communes"] = scored
		low, err := st.CountAgencies(ctx, model.AgencyQuery{Where: &model.Cond{And: []model.Cond{*communes,
			{Field: "conformanceScore", Op: "lt", Value: 0.5}}}})
		if err != nil {
			t.Fatal(err)
		}
		out["communes scored under 0.5"] = low
		return out
	}
	// live answers with the facts stale: a write that does not keep them (an empty bulk write
	// counts as one) makes the roll-up walk the graph.
	live := func() map[string]any {
		t.Helper()
		if err := bulk.New(st).WriteAtomic(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if current() {
			t.Fatal("the facts are still current after a write that does not keep them")
		}
		return summaries()
	}
	refresh := func() {
		t.Helper()
		ok, err := st.RefreshConformanceFacts(ctx)
		if err != nil || !ok {
			t.Fatalf("refresh: current %v, %v", ok, err)
		}
	}
	// same compares the roll-ups over the facts (which must be current) with the live ones.
	same := func(what string) {
		t.Helper()
		if !current() {
			t.Fatalf("%s: the facts are not current", what)
		}
		uses, computes := st.ScoreTableUses(), st.ScoreTableComputes()
		fromFacts := summaries()
		if st.ScoreTableUses() < uses+3 {
			t.Errorf("%s: the score statements were given the score table %d times, want 3", what, st.ScoreTableUses()-uses)
		}
		// each step follows a write: the table of the version before is not this version's
		if got := st.ScoreTableComputes() - computes; got != 1 {
			t.Errorf("%s: %d score tables computed for this write version, want 1", what, got)
		}
		if !current() {
			t.Fatalf("%s: reading the roll-ups changed the facts' state", what)
		}
		walked := live()
		for k, v := range walked {
			if !reflect.DeepEqual(fromFacts[k], v) {
				t.Errorf("%s: %s over the facts differs from the live one:\nfacts %+v\nlive  %+v", what, k, fromFacts[k], v)
			}
		}
		refresh()
		// the score table of this version, which the next step's write must make the store
		// replace (a refresh drops it: without this read the next step would not see a table
		// kept across a write)
		summaries()
	}

	// The stale facts are refreshed and read: the same answers. Bookkeeping is not model: the
	// checksum does not see the facts nodes the refresh writes.
	sum1, err := bulk.New(st).ModelChecksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	refresh()
	sum2, err := bulk.New(st).ModelChecksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum1 != sum2 {
		t.Error("the model checksum changed with a refresh of the conformance facts")
	}
	if !current() {
		t.Fatal("not current after a refresh")
	}
	if again := summaries(); !reflect.DeepEqual(again, live()) {
		t.Error("the roll-ups over refreshed facts differ from the live ones")
	}
	// A table computed ahead (as the server does after a refresh) is the one the statements use.
	refresh()
	if ok, err := st.WarmScoreTable(ctx); err != nil || !ok {
		t.Fatalf("warm score table: %v %v", ok, err)
	}
	computes := st.ScoreTableComputes()
	summaries()
	if got := st.ScoreTableComputes(); got != computes {
		t.Errorf("the score table was computed %d times more after it was warmed", got-computes)
	}
	refresh()
	n := storetest.Rows(t, st, `MATCH (f:ConformanceFacts) RETURN count(f) AS n`, nil)[0]["n"].(int64)
	communes := storetest.Rows(t, st, `MATCH (c:Agency {level: 'COMMUNE'}) RETURN count(c) AS n`, nil)[0]["n"].(int64)
	if n != communes || n == 0 {
		t.Errorf("%d facts nodes for %d communes", n, communes)
	}

	id := func(code string) string {
		t.Helper()
		c, err := st.ResolveComponent(ctx, code, "")
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	agencyID := func(code string) string {
		t.Helper()
		a, err := st.ResolveAgency(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	missingOf := func(commune string) int {
		t.Helper()
		c, err := st.Conformance(ctx, commune, "")
		if err != nil {
			t.Fatal(err)
		}
		return c.Tally.Missing
	}
	xa3 := agencyID("T-XA-3")

	// Each write below changes what a commune realizes or which shared layers it uses, keeps the
	// facts current, and the roll-ups over them equal the live ones.
	before := missingOf("T-XA-3")
	created, err := st.CreateComponent(ctx, admin, model.Component{ID: uuid.NewString(), Code: "T-FACTS-HTS7", Name: "Hạ tầng thử",
		NameEn: "Test infrastructure", Kind: model.ComponentKindInfrastructure, Scope: model.ScopeCommune, Status: model.StatusOperating,
		LayerCode: "L1", Source: "test"}, xa3)
	if err != nil {
		t.Fatal(err)
	}
	same("create a component")
	hts7 := storetest.Rows(t, st, `MATCH (r:ReferenceComponent {code: 'HTS7'}) RETURN r.id AS id`, nil)[0]["id"].(string)
	if err := st.SetEdge(ctx, admin, store.RelRealizes, created.ID, hts7, true); err != nil {
		t.Fatal(err)
	}
	same("add a realization")
	if after := missingOf("T-XA-3"); after != before-1 {
		t.Errorf("T-XA-3 misses %d after realizing HTS7, %d before", after, before)
	}
	if err := st.SetEdge(ctx, admin, store.RelUses, xa3, id("NDC"), true); err != nil {
		t.Fatal(err)
	}
	same("a commune uses a national component")
	if err := st.SetEdge(ctx, admin, store.RelDependsOn, created.ID, id("V-APEX"), true); err != nil {
		t.Fatal(err)
	}
	same("a commune's component depends on a national component")
	// A national component no longer national: every commune using or depending on it changes.
	local := model.ScopeCommune
	if _, err := st.UpdateComponent(ctx, admin, id("NDC"), store.ComponentPatch{Scope: &local}); err != nil {
		t.Fatal(err)
	}
	same("a shared component's scope changes")
	national := model.ScopeNational
	if _, err := st.UpdateComponent(ctx, admin, id("NDC"), store.ComponentPatch{Scope: &national}); err != nil {
		t.Fatal(err)
	}
	same("… and back")
	// The component moves to another commune, then is retired.
	xa1 := agencyID("T-XA-1")
	if _, err := st.UpdateComponent(ctx, admin, created.ID, store.ComponentPatch{OwnerID: &xa1}); err != nil {
		t.Fatal(err)
	}
	same("the owner changes")
	if err := st.SetEdge(ctx, admin, store.RelUses, xa3, id("NDC"), false); err != nil {
		t.Fatal(err)
	}
	same("a use is removed")
	if err := st.RetireComponent(ctx, admin, created.ID, nil); err != nil {
		t.Fatal(err)
	}
	same("the component is retired")
	if got := missingOf("T-XA-3"); got != before {
		t.Errorf("T-XA-3 misses %d at the end, %d at the start", got, before)
	}

	// A refused write changes nothing, the facts' state included.
	viewer := model.Principal{Name: "v", Role: model.RoleViewer, Agency: "T-XA-3"}
	if err := st.SetEdge(ctx, viewer, store.RelUses, xa3, id("NDC"), true); err == nil {
		t.Error("a viewer added a relationship")
	}
	if !current() {
		t.Error("a refused write left the facts stale")
	}

	// The facts nodes hold exactly what a fresh computation gives, for every commune.
	const factsRows = `MATCH (f:ConformanceFacts) RETURN f.agency AS a, f.realized AS r, f.layers AS l,
  f.province AS p, f.areaType AS t ORDER BY a`
	stored := storetest.Rows(t, st, factsRows, nil)
	refreshedRows := func() []map[string]any {
		if err := bulk.New(st).WriteAtomic(ctx, nil); err != nil {
			t.Fatal(err)
		}
		refresh()
		return storetest.Rows(t, st, factsRows, nil)
	}
	fresh := refreshedRows()
	if len(stored) != len(fresh) {
		t.Fatalf("%d facts kept by the writes, %d recomputed", len(stored), len(fresh))
	}
	for i := range stored {
		if stored[i]["a"] != fresh[i]["a"] || !sameSet(stored[i]["r"], fresh[i]["r"]) || !sameSet(stored[i]["l"], fresh[i]["l"]) ||
			stored[i]["p"] != fresh[i]["p"] || stored[i]["t"] != fresh[i]["t"] {
			t.Errorf("facts of %v kept %v / %v / %v / %v, recomputed %v / %v / %v / %v", stored[i]["a"], stored[i]["r"], stored[i]["l"],
				stored[i]["p"], stored[i]["t"], fresh[i]["r"], fresh[i]["l"], fresh[i]["p"], fresh[i]["t"])
		}
	}
	// Each facts node names its commune's province and area type.
	if wrong := storetest.Rows(t, st, `MATCH (f:ConformanceFacts), (c:Agency {id: f.agency})-[:PART_OF]->(p:Agency {level: 'PROVINCE'})
WHERE f.province IS NULL OR f.province <> p.id OR f.areaType IS NULL OR f.areaType <> c.areaType
RETURN count(f) AS n`, nil)[0]["n"].(int64); wrong != 0 {
		t.Errorf("%d facts nodes name another province or area type than their commune's", wrong)
	}

	// A change behind archgraph's back (Cypher by hand, no version bumped): the facts still say
	// current, a refresh keeps them, a forced recompute (migrate --refresh-facts) mends them.
	if _, err := core.WriteBookkeeping(ctx, st.DB, "test: by hand", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := tx.Run(ctx, `MATCH (f:ConformanceFacts) WHERE size(f.realized) > 0 SET f.realized = ['BY-HAND']`, nil)
		return struct{}{}, err
	}); err != nil {
		t.Fatal(err)
	}
	byHand := func() int64 {
		return storetest.Rows(t, st, `MATCH (f:ConformanceFacts) WHERE f.realized = ['BY-HAND'] RETURN count(f) AS n`, nil)[0]["n"].(int64)
	}
	if byHand() == 0 || !current() {
		t.Fatal("the change by hand did not happen, or made the facts stale")
	}
	refresh()
	if byHand() == 0 {
		t.Error("a refresh of current facts recomputed them")
	}
	if ok, err := st.RecomputeConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("recompute: %v %v", ok, err)
	}
	if n := byHand(); n != 0 {
		t.Errorf("%d facts still as changed by hand after a forced recompute", n)
	}
	if after := storetest.Rows(t, st, factsRows, nil); len(after) != len(fresh) {
		t.Errorf("%d facts after the forced recompute, %d before", len(after), len(fresh))
	}

	byHandWrite := func(cypher string) {
		t.Helper()
		if _, err := core.WriteBookkeeping(ctx, st.DB, "test: by hand", func(tx neo4j.ManagedTransaction) (struct{}, error) {
			_, err := tx.Run(ctx, cypher, nil)
			return struct{}{}, err
		}); err != nil {
			t.Fatal(err)
		}
		// the store's score table holds the facts of this version as they were read: the
		// roll-ups below read the facts as changed by hand through a table computed again
		st.ForgetScoreTable()
	}
	nation := func() model.ConformanceSummary {
		t.Helper()
		s, err := st.ConformanceSummaryOf(ctx, "", "", true)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// The nation's roll-up over current facts finds each province's communes by the province
	// their facts name: a facts node moved to no province by hand drops its commune from the
	// count (so that path is the one taken), and a forced recompute mends it.
	want := nation()
	byHandWrite(`MATCH (f:ConformanceFacts) WITH f ORDER BY f.agency LIMIT 1 SET f.province = null`)
	if got := nation(); got.Total.Communes != want.Total.Communes-1 {
		t.Errorf("the nation's roll-up counts %d communes with one facts node in no province, %d before", got.Total.Communes, want.Total.Communes)
	}
	if ok, err := st.RecomputeConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("recompute: %v %v", ok, err)
	}
	if got := nation(); !reflect.DeepEqual(got, want) {
		t.Errorf("the nation's roll-up after a forced recompute differs:\n%+v\n%+v", got, want)
	}
	// Facts written by an earlier version (another shape: without province and area type) are
	// not current: the roll-ups walk the graph and give the same answers, and a refresh
	// rewrites them in this shape.
	byHandWrite(`MATCH (g:GraphVersion {id: 'graph'}) SET g.factsShape = 1
WITH g MATCH (f:ConformanceFacts) REMOVE f.province, f.areaType`)
	if current() {
		t.Error("facts of another shape are current")
	}
	if got := nation(); !reflect.DeepEqual(got, want) {
		t.Errorf("the nation's roll-up over facts of another shape differs:\n%+v\n%+v", got, want)
	}
	refresh()
	if got := nation(); !reflect.DeepEqual(got, want) {
		t.Errorf("the nation's roll-up after the refresh differs:\n%+v\n%+v", got, want)
	}
	if n := storetest.Rows(t, st, `MATCH (f:ConformanceFacts) WHERE f.areaType IS NULL RETURN count(f) AS n`, nil)[0]["n"].(int64); n != 0 {
		t.Errorf("%d facts nodes without an area type after the refresh", n)
	}

	// A roll-up that failed (past its deadline) asks for a refresh too: it may have been walking
	// the graph because the facts were stale, without getting to say so.
	calls := 0
	st.OnStaleFacts(func() { calls++ })
	defer st.OnStaleFacts(nil)
	if _, err := st.ConformanceSummaryOf(ctx, "", "", true); err != nil || calls != 0 {
		t.Fatalf("a roll-up over current facts: %v, %d refreshes asked", err, calls)
	}
	dead, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := st.ConformanceSummaryOf(dead, "", "", true); err == nil || calls != 1 {
		t.Errorf("a failed roll-up: error %v, %d refreshes asked (want 1)", err, calls)
	}
}

func sameSet(a, b any) bool {
	as, bs := toStrings(a), toStrings(b)
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
