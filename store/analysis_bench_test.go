package store_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkAnalysisS measures the analyses on the full synthetic S estate (3,321 communes,
// ~100k components): it uses the estate in the test database, loading it first (framework +
// S, rand seed 1, ~30-60 s) when fewer than 90,000 synthetic components are stored. It never
// wipes the database. Each operation runs ARCHGRAPH_BENCH_ITER times (default 50) after two
// warm-up runs; it prints p50, p99 and max per operation, and each p50 as a multiple of a
// one-row indexed read (ResolveComponent) measured in the same run, which is the figure that
// travels between machines.
//
//	ARCHGRAPH_TEST_NEO4J_URI=bolt://127.0.0.1:7688 go test -run '^$' -bench AnalysisS -benchtime 1x ./store/
func BenchmarkAnalysisS(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	ensureS(b, st)
	iter := 50
	if v, err := strconv.Atoi(os.Getenv("ARCHGRAPH_BENCH_ITER")); err == nil && v > 0 {
		iter = v
	}
	commune := seed.SyntheticPrefix + "HA-NOI-X0001"
	ndxp := model.ImpactQuery{RootID: "NDXP", Direction: model.ImpactDirectionDependents, MaxDepth: model.MaxImpactDepth}
	ndc := ndxp
	ndc.RootID = "NDC"
	facts := map[string]string{} // what the estate looks like, for the log
	ops := []struct {
		name string
		run  func() error
	}{
		{"resolve component (baseline: one indexed row)", func() error { _, err := st.ResolveComponent(ctx, "NDXP", ""); return err }},
		{"impact NDXP: summary + first 100 items", func() error {
			s, err := st.ImpactSummary(ctx, ndxp)
			if err != nil {
				return err
			}
			items, err := st.ImpactItems(ctx, ndxp, 0, 100)
			facts["NDXP"] = fmt.Sprintf("%d dependents, %d items returned", s.Total, len(items))
			return err
		}},
		{"impact NDXP: summary + 100 items, one transaction", func() error { _, _, err := st.Impact(ctx, ndxp, 0, 100); return err }},
		{"impact NDXP: summary with agencies", func() error { q := ndxp; q.Agencies = true; _, err := st.ImpactSummary(ctx, q); return err }},
		{"impact NDXP: first 100 paths", func() error { _, err := st.ImpactPaths(ctx, ndxp, 0, 100); return err }},
		{"impact NDC: summary + first 100 items", func() error {
			s, err := st.ImpactSummary(ctx, ndc)
			if err != nil {
				return err
			}
			_, err = st.ImpactItems(ctx, ndc, 0, 100)
			facts["NDC"] = fmt.Sprintf("%d dependents", s.Total)
			return err
		}},
		{"duplicates, all national platforms", func() error {
			d, err := st.Duplicates(ctx, "", "", "")
			facts["duplicates"] = fmt.Sprintf("%d rows", len(d))
			return err
		}},
		{"conformance of one commune", func() error { _, err := st.Conformance(ctx, commune, ""); return err }},
		{"conformance summary of HA-NOI", func() error {
			s, err := st.ConformanceSummary(ctx, "HA-NOI", "")
			facts["HA-NOI"] = fmt.Sprintf("%d communes", s.Total.Communes)
			return err
		}},
		{"conformance summary of the nation", func() error {
			s, err := st.ConformanceSummary(ctx, "", "")
			facts["nation"] = fmt.Sprintf("%d communes, score %.3f", s.Total.Communes, s.Total.Tally.Score)
			return err
		}},
		{"rule violations, all rules", func() error { _, err := st.RuleViolations(ctx, "", "", ""); return err }},
	}
	type result struct{ p50, p99, max time.Duration }
	results := make([]result, len(ops))
	b.ResetTimer()
	for range b.N {
		for i, op := range ops {
			for range 2 {
				if err := op.run(); err != nil {
					b.Fatalf("%s: %v", op.name, err)
				}
			}
			ds := make([]time.Duration, iter)
			for k := range ds {
				start := time.Now()
				if err := op.run(); err != nil {
					b.Fatalf("%s: %v", op.name, err)
				}
				ds[k] = time.Since(start)
			}
			sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
			results[i] = result{p50: ds[len(ds)/2], p99: ds[(len(ds)*99+99)/100-1], max: ds[len(ds)-1]}
		}
	}
	b.StopTimer()
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-52s %10s %10s %10s %12s\n", fmt.Sprintf("operation (%d runs each)", iter), "p50", "p99", "max", "p50/baseline")
	base := results[0].p50
	for i, op := range ops {
		r := results[i]
		fmt.Fprintf(&sb, "%-52s %10s %10s %10s %11.1fx\n", op.name, ms(r.p50), ms(r.p99), ms(r.max), float64(r.p50)/float64(base))
		b.ReportMetric(float64(r.p50)/float64(time.Millisecond), fmt.Sprintf("ms-p50-%d", i))
	}
	for _, k := range []string{"NDXP", "NDC", "duplicates", "HA-NOI", "nation"} {
		fmt.Fprintf(&sb, "%s: %s; ", k, facts[k])
	}
	fmt.Println(sb.String()) // b.Log truncates long benchmark output
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}

// ensureS loads the framework and the S estate unless (most of) it is there already; the load
// MERGEs, so a partial estate (a test's two provinces) is completed, not duplicated.
func ensureS(b *testing.B, st *store.Store) {
	b.Helper()
	ctx := context.Background()
	n, err := bulk.New(st).SyntheticCount(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if n >= 90_000 {
		return
	}
	b.Logf("the test database holds %d synthetic components: loading the framework and the S estate", n)
	f, err := seed.ReadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	stats, err := seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1},
		func(bt bulk.Batch) error { return bulk.New(st).WriteBatch(ctx, bt) })
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d communes, %d components in %s", stats.Communes, stats.Components, time.Since(start).Round(time.Second))
}
