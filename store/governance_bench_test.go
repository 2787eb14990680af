package store_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkAuthorization measures the same update of a commune's component by a province editor
// (lock + PART_OF scope check + write + audit) and by a national operator (lock + write + audit,
// no check), alternating them, and prints the overhead of authorization (target <= 10%).
// Run: scripts/bench -bench Authorization ./store
func BenchmarkAuthorization(b *testing.B) {
	ctx := context.Background()
	st := storetest.Empty(b)
	f, err := seed.ReadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		b.Fatal(err)
	}
	if _, err := seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1, Provinces: 2},
		func(bt bulk.Batch) error { return bulk.New(st).WriteBatch(ctx, bt) }); err != nil {
		b.Fatal(err)
	}
	comps, err := st.Components(ctx, model.ComponentQuery{OwnerID: mustAgency(b, st, "SYN-HA-NOI-X0001")}, 0, 1)
	if err != nil || len(comps) == 0 {
		b.Fatalf("no commune component: %v", err)
	}
	id := comps[0].ID
	editor := model.Principal{Name: "bench", Role: model.RoleEditor, Agency: "HA-NOI", TokenID: "bench-editor"}
	operator := model.Principal{Name: "bench", Role: model.RoleEditor, TokenID: "bench-operator"} // national: no agency
	statuses := []model.Status{model.StatusOperating, model.StatusBuilding}
	run := func(actor model.Principal, i int) time.Duration {
		t0 := time.Now()
		if _, err := st.UpdateComponent(ctx, actor, id, store.ComponentPatch{Status: &statuses[i%2]}); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	for i := 0; i < 20; i++ { // warm up
		run(editor, i)
		run(operator, i)
	}
	for n := 0; n < b.N; n++ {
		const iterations = 300
		var withAuth, without []time.Duration
		for i := 0; i < iterations; i++ {
			if i%2 == 0 {
				withAuth = append(withAuth, run(editor, i))
				without = append(without, run(operator, i))
			} else {
				without = append(without, run(operator, i))
				withAuth = append(withAuth, run(editor, i))
			}
		}
		a, o := median(withAuth), median(without)
		overhead := float64(a)/float64(o) - 1
		fmt.Printf("update with authorization: median %.2f ms; without: %.2f ms; overhead %+.1f%% (target <= 10%%)\n",
			float64(a.Microseconds())/1000, float64(o.Microseconds())/1000, overhead*100)
		b.ReportMetric(overhead*100, "authz-overhead-%")
	}
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func mustAgency(b *testing.B, st *store.Store, code string) string {
	a, err := st.ResolveAgency(context.Background(), code)
	if err != nil {
		b.Fatal(err)
	}
	return a.ID
}
