package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

// testImpactIndex (a subtest of TestAnalysis, after the others: it writes) checks that the impact
// index (impact_index.go) answers exactly what the Cypher search answers — the summary's total,
// byDepth and byLayer, and pages of items — for many roots, both directions and several depths,
// and that after a write it is not used until rebuilt.
func testImpactIndex(t *testing.T, plain *store.Store) {
	ctx := context.Background()
	indexed := storetest.Open(t)
	// No rebuild in the background during the test (but the first): it builds when it says so.
	indexed.SetImpactIndexInterval(time.Hour)
	indexed.EnableImpactIndex()
	if _, err := indexed.RefreshImpactIndex(ctx, true); err != nil {
		t.Fatal(err)
	}
	held, version, nodes, rels, _ := indexed.ImpactIndexStats()
	if !held || nodes == 0 || rels == 0 {
		t.Fatalf("no index after a build: held %v, %d nodes, %d relationships", held, nodes, rels)
	}
	wantRels := storetest.Rows(t, plain, `MATCH ()-[r:DEPENDS_ON]->() RETURN count(r) AS n`, nil)[0]["n"].(int64)
	if int64(rels) != wantRels {
		t.Errorf("the index holds %d relationships, the graph %d", rels, wantRels)
	}

	// The roots: the shared hubs and the components with the most dependents or dependencies.
	var roots []string
	for _, r := range storetest.Rows(t, plain, `MATCH (c:Component)
WITH c, COUNT { (c)-[:DEPENDS_ON]-() } AS degree WHERE degree > 0
RETURN c.code AS code ORDER BY degree DESC, code LIMIT 25`, nil) {
		roots = append(roots, r["code"].(string))
	}
	roots = append(roots, "NDXP", "NDC", "V-APEX")
	type answer struct {
		Summary model.ImpactSummary
		Items   []model.Impacted
	}
	ask := func(st *store.Store, root string, dir model.ImpactDirection, depth int, parts model.ImpactParts, offset int) answer {
		t.Helper()
		a, err := st.ImpactRead(ctx, store.ImpactRequest{Ref: root, Query: model.ImpactQuery{Direction: dir, MaxDepth: depth, Parts: parts},
			Summary: true, Items: &store.ImpactPage{Offset: offset, Limit: 30}})
		if err != nil {
			t.Fatalf("%s %s depth %d: %v", root, dir, depth, err)
		}
		// The buckets a Cypher summary keeps for impact groups are not part of the answer (the
		// index keeps none: groups then ask it again).
		a.Summary.Buckets, a.Summary.BucketParts, a.Summary.Layers = nil, 0, nil
		return answer{a.Summary, a.Items}
	}
	compare := func(what string) int {
		t.Helper()
		checked := 0
		answered := indexed.ImpactIndexAnswers()
		defer func() {
			if n := indexed.ImpactIndexAnswers() - answered; n == 0 {
				t.Errorf("%s: the index answered none of the questions", what)
			}
		}()
		for _, root := range roots {
			for _, dir := range []model.ImpactDirection{model.ImpactDirectionDependents, model.ImpactDirectionDependencies} {
				for _, depth := range []int{1, 2, 10} {
					for _, parts := range []model.ImpactParts{model.ImpactPartsChosen, model.ImpactByDepth | model.ImpactByLayer | model.ImpactPartsChosen} {
						for _, offset := range []int{0, 25} {
							got, want := ask(indexed, root, dir, depth, parts, offset), ask(plain, root, dir, depth, parts, offset)
							if !reflect.DeepEqual(got, want) {
								t.Errorf("%s: %s %s depth %d parts %b offset %d:\nindex  %+v\ncypher %+v", what, root, dir, depth, parts, offset, got, want)
								return checked
							}
							if want.Summary.Total > 0 {
								checked++
							}
						}
					}
				}
			}
		}
		return checked
	}
	if n := compare("current index"); n < 50 {
		t.Errorf("only %d non-empty answers compared", n)
	}

	// Every figure (by owner level and province too), the groups, and filtered pages and counts.
	all := model.ImpactByDepth | model.ImpactByLayer | model.ImpactByOwner | model.ImpactPartsChosen
	wide := ask(plain, "NDC", model.ImpactDirectionDependents, 10, all, 0).Summary
	if len(wide.ByProvince) == 0 || len(wide.ByLevel) < 2 {
		t.Fatalf("NDC's dependents span too little to test filters: %+v", wide)
	}
	owners, err := plain.ImpactGroups(ctx, model.ImpactQuery{RootID: "NDC", MaxDepth: 10}, model.ImpactGroupByOwner, model.ImpactRowFilter{}, 5)
	if err != nil || len(owners.Nodes) == 0 {
		t.Fatalf("owners of NDC's dependents: %v %+v", err, owners)
	}
	filters := []model.ImpactRowFilter{{},
		{Levels: []string{"COMMUNE"}}, {Levels: []string{store.UnownedLevel, "MINISTRY"}},
		{Province: wide.ByProvince[0].Key}, {Layers: []string{"L2", "L3"}}, {Depth: 2},
		{Owner: owners.Nodes[0].Key}, {Province: wide.ByProvince[len(wide.ByProvince)-1].Key, Layers: []string{"L1"}, Depth: 1}}
	answeredBefore := indexed.ImpactIndexAnswers()
	compared := 0
	for _, root := range append(roots[:6], "NDXP", "NDC", "V-APEX") {
		for _, dir := range []model.ImpactDirection{model.ImpactDirectionDependents, model.ImpactDirectionDependencies} {
			for _, depth := range []int{2, 10} {
				q := model.ImpactQuery{RootID: root, Direction: dir, MaxDepth: depth, Parts: all}
				if a, b := ask(indexed, root, dir, depth, all, 0), ask(plain, root, dir, depth, all, 0); !reflect.DeepEqual(a, b) {
					t.Errorf("%s %s %d every figure:\nindex  %+v\ncypher %+v", root, dir, depth, a, b)
				}
				for _, by := range model.AllImpactGroupBy {
					for _, f := range filters[:4] {
						a, errA := indexed.ImpactGroups(ctx, q, by, f, 50)
						b, errB := plain.ImpactGroups(ctx, q, by, f, 50)
						if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
							t.Errorf("%s %s %d groups by %s filter %+v:\nindex  %+v %v\ncypher %+v %v", root, dir, depth, by, f, a, errA, b, errB)
						}
					}
				}
				for _, f := range filters {
					a, errA := indexed.ImpactItemsFiltered(ctx, q, f, 3, 40)
					b, errB := plain.ImpactItemsFiltered(ctx, q, f, 3, 40)
					if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
						t.Errorf("%s %s %d items filter %+v:\nindex  %+v %v\ncypher %+v %v", root, dir, depth, f, a, errA, b, errB)
					}
					na, errA := indexed.CountImpactItems(ctx, q, f)
					nb, errB := plain.CountImpactItems(ctx, q, f)
					if errA != nil || errB != nil || na != nb {
						t.Errorf("%s %s %d count filter %+v: index %d %v, cypher %d %v", root, dir, depth, f, na, errA, nb, errB)
					}
					if nb > 0 {
						compared++
					}
				}
			}
		}
	}
	if compared < 40 {
		t.Errorf("only %d non-empty filtered counts compared", compared)
	}
	if indexed.ImpactIndexAnswers() == answeredBefore {
		t.Error("the index answered none of the groups, filtered items and counts")
	}
	// The summary through the other entry point (ImpactSummary) too.
	q := model.ImpactQuery{RootID: "NDXP", MaxDepth: 10, Parts: model.ImpactByLayer | model.ImpactByDepth | model.ImpactPartsChosen}
	a, err := indexed.ImpactSummary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	b, err := plain.ImpactSummary(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) || a.Total == 0 {
		t.Errorf("ImpactSummary of NDXP: index %+v, cypher %+v", a, b)
	}

	// A write: NDC now depends on a component that depends on… — a new dependency changes the
	// answers; the index (older than the write) is not used, and a rebuild catches up.
	admin := model.Principal{Name: "admin", Role: model.RoleAdmin, TokenID: "t-admin"}
	ndc, err := plain.ResolveComponent(ctx, "NDC", "")
	if err != nil {
		t.Fatal(err)
	}
	leaf := storetest.Rows(t, plain, `MATCH (c:Component) WHERE NOT (c)-[:DEPENDS_ON]-() AND c.code <> 'NDC'
RETURN c.id AS id ORDER BY c.code LIMIT 1`, nil)[0]["id"].(string)
	before := ask(plain, "NDC", model.ImpactDirectionDependents, 10, model.ImpactPartsChosen, 0).Summary.Total
	if err := plain.SetEdge(ctx, admin, store.RelDependsOn, leaf, ndc.ID, true); err != nil {
		t.Fatal(err)
	}
	answered := indexed.ImpactIndexAnswers()
	if after := ask(indexed, "NDC", model.ImpactDirectionDependents, 10, model.ImpactPartsChosen, 0).Summary.Total; after != before+1 {
		t.Errorf("after a new dependent of NDC the index-enabled store counts %d, %d before", after, before)
	}
	if indexed.ImpactIndexAnswers() != answered {
		t.Error("the index older than a write answered")
	}
	if _, v, _, _, _ := indexed.ImpactIndexStats(); v != version {
		t.Errorf("the index moved from %s to %s without a build", version, v)
	}
	if built, err := indexed.RefreshImpactIndex(ctx, true); err != nil || !built {
		t.Fatalf("rebuild after a write: built %v, %v", built, err)
	}
	if _, v, _, _, _ := indexed.ImpactIndexStats(); v == version {
		t.Errorf("the rebuilt index is still at %s", v)
	}
	if n := compare("rebuilt index"); n < 50 {
		t.Errorf("only %d non-empty answers compared after the rebuild", n)
	}
	// A rebuild of a current index does nothing.
	if built, err := indexed.RefreshImpactIndex(ctx, true); err != nil || built {
		t.Errorf("a rebuild of a current index: built %v, %v", built, err)
	}
}
