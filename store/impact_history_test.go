package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestImpactIndexAsOf checks that the impact index's answers as of a day (impact_history.go)
// equal the Cypher search's, day by day, over TestValidTime's model (a component moved to
// another layer, a retired component whose relationships were closed) and more:
//
//	D3 2026-03-25  T-VT-D (province, L2, owned by HA-NOI) → NDXP; T-VT-E (commune, L3) → T-VT-D;
//	               a dependency T-VT-E → EID imported with validFrom 2026-03-05 (backdated)
//	D4 2026-03-28  T-VT-E → T-VT-D removed (WAS_DEPENDS_ON); T-VT-D moved to L3 and to the
//	               owner T-VT-XA (WAS_OWNS: its owner, level and province change)
//	D5 2026-04-02  the queries run
//
// for several roots (a retired one among them), both directions, depths, every figure, the
// groups, filtered pages and counts.
func TestImpactIndexAsOf(t *testing.T) {
	fx := newValidTimeFixture(t)
	ctx, st, admin := fx.ctx, fx.st, fx.admin
	edge := func(typ, from, to string, add bool) {
		t.Helper()
		if err := st.SetEdge(ctx, admin, typ, from, to, add); err != nil {
			t.Fatalf("%s %s→%s: %v", typ, from, to, err)
		}
	}
	ndxp := fx.id(t, store.LabelComponent, "NDXP")
	d := fx.create(t, "T-VT-D", model.ScopeProvince, "L2", "HA-NOI")
	edge(store.RelDependsOn, d, ndxp, true)
	e := fx.create(t, "T-VT-E", model.ScopeCommune, "L3", "T-VT-XA")
	edge(store.RelDependsOn, e, d, true)
	if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{{Shape: store.Endpoint{From: store.LabelComponent, Type: store.RelDependsOn, To: store.LabelComponent},
		Rows: []bulk.Row{{From: "T-VT-E", To: "EID", Props: bulk.Props(bulk.P("validFrom", bulk.Str("2026-03-05")))}}}}); err != nil {
		t.Fatal(err)
	}
	fx.day(t, "2026-03-28")
	edge(store.RelDependsOn, e, d, false)
	l3, xa := "L3", fx.id(t, store.LabelAgency, "T-VT-XA")
	if _, err := st.UpdateComponent(ctx, admin, d, store.ComponentPatch{LayerCode: &l3, OwnerID: &xa}); err != nil {
		t.Fatal(err)
	}
	fx.day(t, "2026-04-02")
	// The model this test needs: closed dependencies and owners, versions, a retired component.
	for _, c := range []struct{ what, cypher string }{
		{"closed dependencies", `MATCH ()-[r:WAS_DEPENDS_ON]->() RETURN count(r) AS n`},
		{"closed owners", `MATCH ()-[r:WAS_OWNS]->() RETURN count(r) AS n`},
		{"versions", `MATCH (:Component)-[:HAS_VERSION]->(v) RETURN count(v) AS n`},
		{"retired components", `MATCH (c:RetiredComponent) RETURN count(c) AS n`},
		{"backdated dependencies", `MATCH ()-[r:DEPENDS_ON {validFrom: '2026-03-05'}]->() RETURN count(r) AS n`},
	} {
		if n := storetest.Rows(t, st, c.cypher, nil)[0]["n"].(int64); n == 0 {
			t.Fatalf("the model has no %s", c.what)
		}
	}

	indexed := storetest.Open(t)
	indexed.SetClock(func() time.Time { return time.Date(2026, 4, 2, 5, 0, 0, 0, time.UTC) })
	indexed.SetImpactIndexInterval(time.Hour)
	indexed.EnableImpactIndex()
	if _, err := indexed.RefreshImpactIndex(ctx, true); err != nil {
		t.Fatal(err)
	}

	days := []string{"2026-02-01", "2026-03-01", "2026-03-05", "2026-03-09", "2026-03-10", "2026-03-15", "2026-03-20",
		"2026-03-25", "2026-03-27", "2026-03-28", "2026-04-02"}
	roots := []string{"NDXP", "EID", "T-VT-A", "T-VT-B", "T-VT-D", "T-VT-E"}
	for _, r := range storetest.Rows(t, st, `MATCH (c:Component)
WITH c, COUNT { (c)-[:DEPENDS_ON]-() } AS degree WHERE degree > 0
RETURN c.code AS code ORDER BY degree DESC, code LIMIT 2`, nil) {
		roots = append(roots, r["code"].(string))
	}
	all := model.ImpactByDepth | model.ImpactByLayer | model.ImpactByOwner | model.ImpactPartsChosen
	type answer struct {
		Summary model.ImpactSummary
		Items   []model.Impacted
		Err     string
	}
	ask := func(s *store.Store, q model.ImpactQuery, offset int) answer {
		a, err := s.ImpactRead(ctx, store.ImpactRequest{Ref: q.RootID, Query: q, Summary: true, Items: &store.ImpactPage{Offset: offset, Limit: 30}})
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("%+v: %v", q, err)
			}
			return answer{Err: err.Error()}
		}
		a.Summary.Buckets, a.Summary.BucketParts, a.Summary.Layers = nil, 0, nil
		return answer{Summary: a.Summary, Items: a.Items}
	}
	filters := []model.ImpactRowFilter{{}, {Levels: []string{"COMMUNE"}}, {Levels: []string{"PROVINCE", store.UnownedLevel}},
		{Province: "HA-NOI"}, {Layers: []string{"L2"}}, {Layers: []string{"L3", "L4"}, Depth: 2}, {Owner: "HA-NOI"}, {Owner: "T-VT-XA"}}
	answered := indexed.ImpactIndexAsOfAnswers()
	compared, testOnes := 0, 0
	for _, day := range days {
		for _, root := range roots {
			for _, dir := range []model.ImpactDirection{model.ImpactDirectionDependents, model.ImpactDirectionDependencies} {
				for _, depth := range []int{1, 5} {
					for _, parts := range []model.ImpactParts{model.ImpactPartsChosen, all} {
						q := model.ImpactQuery{RootID: root, Direction: dir, MaxDepth: depth, Parts: parts, AsOf: day}
						for _, offset := range []int{0, 2} {
							got, want := ask(indexed, q, offset), ask(st, q, offset)
							if !reflect.DeepEqual(got, want) {
								t.Fatalf("%s as of %s, %s depth %d parts %b offset %d:\nindex  %+v\ncypher %+v", root, day, dir, depth, parts, offset, got, want)
							}
							if want.Summary.Total > 0 {
								compared++
							}
							if testCodes(want.Items) != "" {
								testOnes++
							}
						}
					}
					if depth == 1 {
						continue
					}
					q := model.ImpactQuery{RootID: root, Direction: dir, MaxDepth: depth, Parts: all, AsOf: day}
					if _, err := st.ResolveComponent(ctx, root, day); err != nil {
						continue // not valid that day: compared above (the same error)
					}
					for i, f := range filters {
						for _, by := range model.AllImpactGroupBy {
							if i > 3 && by != model.ImpactGroupByOwner {
								continue
							}
							a, errA := indexed.ImpactGroups(ctx, q, by, f, 50)
							b, errB := st.ImpactGroups(ctx, q, by, f, 50)
							if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
								t.Fatalf("%s as of %s, %s %d groups by %s filter %+v:\nindex  %+v %v\ncypher %+v %v", root, day, dir, depth, by, f, a, errA, b, errB)
							}
						}
						a, errA := indexed.ImpactItemsFiltered(ctx, q, f, 1, 40)
						b, errB := st.ImpactItemsFiltered(ctx, q, f, 1, 40)
						if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
							t.Fatalf("%s as of %s, %s %d items filter %+v:\nindex  %+v %v\ncypher %+v %v", root, day, dir, depth, f, a, errA, b, errB)
						}
						na, errA := indexed.CountImpactItems(ctx, q, f)
						nb, errB := st.CountImpactItems(ctx, q, f)
						if errA != nil || errB != nil || na != nb {
							t.Fatalf("%s as of %s, %s %d count filter %+v: index %d %v, cypher %d %v", root, day, dir, depth, f, na, errA, nb, errB)
						}
					}
				}
			}
		}
	}
	if compared < 100 || testOnes < 30 {
		t.Errorf("only %d non-empty answers compared, %d with the test's components", compared, testOnes)
	}
	if n := indexed.ImpactIndexAsOfAnswers() - answered; n < int64(compared) {
		t.Errorf("the index answered %d searches as of a day, fewer than the %d non-empty answers compared", n, compared)
	}
	// The summary through ImpactSummary too, and the day's figures that changed on D4.
	q := model.ImpactQuery{RootID: "NDXP", MaxDepth: 5, Parts: all, AsOf: "2026-03-27"}
	before, err := indexed.ImpactSummary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want, err := st.ImpactSummary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want.Buckets, want.BucketParts, want.Layers = nil, 0, nil
	if !reflect.DeepEqual(before, want) {
		t.Errorf("ImpactSummary of NDXP as of 2026-03-27: index %+v, cypher %+v", before, want)
	}
	q.AsOf = "2026-03-28"
	after, err := indexed.ImpactSummary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total-1 || layerCount(after, "L2") != layerCount(before, "L2")-1 || layerCount(after, "L3") != layerCount(before, "L3") {
		t.Errorf("NDXP's dependents from 2026-03-27 to 03-28 (T-VT-E removed, T-VT-D L2 → L3): %+v → %+v", before, after)
	}

	// A write: the history older than it is not used until a rebuild.
	if err := st.SetEdge(ctx, admin, store.RelDependsOn, e, d, true); err != nil {
		t.Fatal(err)
	}
	answered = indexed.ImpactIndexAsOfAnswers()
	q = model.ImpactQuery{RootID: "T-VT-D", MaxDepth: 5, AsOf: "2026-04-02"}
	if got := ask(indexed, q, 0); got.Summary.Total != 1 {
		t.Errorf("T-VT-D's dependents today after T-VT-E depends on it again: %d, want 1", got.Summary.Total)
	}
	if indexed.ImpactIndexAsOfAnswers() != answered {
		t.Error("the history older than a write answered")
	}
}
