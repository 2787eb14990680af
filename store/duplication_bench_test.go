package store_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/archgraph/archgraph/match"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

// cypherDuplicatesReference is the best alternative a user has for the national half of the
// question: one hand-written statement returning exactly the pairs (component, platform) of the
// definition, without owners, provinces, reviews or evidence.
const cypherDuplicatesReference = `
MATCH (s:Component {scope: 'NATIONAL', status: 'OPERATING'})-[:PROVIDES]->(cap:Capability)<-[p:PROVIDES]-(x:Component)
WHERE x.scope IN ['MINISTRY', 'PROVINCE', 'COMMUNE', 'ORGANIZATION'] AND x.status <> 'RETIRED'
  AND (coalesce(p.basis, '') <> 'INFERRED' OR coalesce(p.platforms, '') = '' OR s.code IN split(p.platforms, ';'))
  AND NOT EXISTS { (x)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) }
  AND NOT EXISTS { (x)-[:DEPENDS_ON*1..3]->(s) }
RETURN DISTINCT x.code AS component, s.code AS shared`

// BenchmarkDuplicationS measures, on the synthetic S estate (loaded when missing, as
// BenchmarkAnalysisS does): inferring the whole estate (InferAll); duplicates (every finding,
// per component) as p50 over ARCHGRAPH_BENCH_ITER runs against a one-row indexed read and the
// hand-written reference statement, in the same run; and a 1,000-row inventory import with
// inference against the same import with an empty vocabulary.
func BenchmarkDuplicationS(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	ensureS(b, st)
	iter := 30
	if v, err := strconv.Atoi(os.Getenv("ARCHGRAPH_BENCH_ITER")); err == nil && v > 0 {
		iter = v
	}

	start := time.Now()
	n, err := st.InferAll(ctx, 5000)
	if err != nil {
		b.Fatal(err)
	}
	inferAll := time.Since(start)

	p50 := func(run func() error) time.Duration {
		var ds []time.Duration
		for i := 0; i < iter+2; i++ {
			t := time.Now()
			if err := run(); err != nil {
				b.Fatal(err)
			}
			if i >= 2 {
				ds = append(ds, time.Since(t))
			}
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	var findings, components, refRows int
	base := p50(func() error { _, err := st.ResolveComponent(ctx, "NDXP"); return err })
	dup := p50(func() error {
		fs, err := st.DuplicateFindings(ctx, "", model.DuplicateQuery{})
		findings, components = len(fs), store.GroupFindings(fs).Count
		return err
	})
	ref := p50(func() error {
		rows, err := st.RawCount(ctx, cypherDuplicatesReference)
		refRows = rows
		return err
	})

	// 1,000 rows of a province's inventory, named as the labelled set names systems.
	names := readCSV(b, "inventories.csv")
	items := make([]store.InventoryItem, 1000)
	for i := range items {
		r := names[i%len(names)]
		items[i] = store.InventoryItem{Line: i + 2, Code: fmt.Sprintf("BENCH-INV-%04d", i), Name: fmt.Sprintf("%s %d", r["name"], i),
			NameEn: r["nameEn"], Kind: r["kind"], Scope: "PROVINCE", Status: r["status"], Layer: r["layer"], Source: "bench"}
	}
	importOnce := func() time.Duration {
		t := time.Now()
		if err := st.ImportInventory(ctx, "HA-NOI", items); err != nil {
			b.Fatal(err)
		}
		return time.Since(t)
	}
	importOnce() // the first import creates; the measured ones rewrite the same rows
	withInference := min(importOnce(), importOnce(), importOnce())
	vocab, err := st.Matcher()
	if err != nil {
		b.Fatal(err)
	}
	st.SetMatcher(match.New(nil, match.Config{}))
	withoutInference := min(importOnce(), importOnce(), importOnce())
	st.SetMatcher(vocab)
	importOnce() // leave the rows with their inferences

	fmt.Printf("duplication on the S estate (%d iterations, p50):\n", iter)
	fmt.Printf("  infer the whole estate: %d components in %s (%.0f components/s)\n", n, inferAll.Round(time.Millisecond), float64(n)/inferAll.Seconds())
	fmt.Printf("  one-row indexed read:            %s\n", ms(base))
	fmt.Printf("  duplicates (every finding):      %s = %.1fx the indexed read, %.2fx the hand-written statement (%d findings, %d components)\n",
		ms(dup), float64(dup)/float64(base), float64(dup)/float64(ref), findings, components)
	fmt.Printf("  hand-written reference statement: %s (%d national pairs)\n", ms(ref), refRows)
	fmt.Printf("  1,000-row inventory import: %s with inference, %s with an empty vocabulary (%.2fx)\n",
		ms(withInference), ms(withoutInference), float64(withInference)/float64(withoutInference))
	b.ReportMetric(float64(dup)/float64(time.Millisecond), "ms-duplicates-p50")
	b.ReportMetric(inferAll.Seconds(), "s-infer-all")
	b.ReportMetric(float64(withInference)/float64(time.Millisecond), "ms-import-1000")
}
