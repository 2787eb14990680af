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
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkAsOf measures each analysis now, as of today and as of an earlier day, side by side
// in one run (rotating, ARCHGRAPH_BENCH_ITER runs each, default 50), on the synthetic S estate
// with a history: the benchmark moves the store's clock one day past the estate's load day and
// makes ~2,100 changes there (1,000 updates of NDXP's dependents, 300 retirements of Hà Nội
// commune components, 500 removed and 300 added dependencies), so that the asOf statements
// traverse retired components, earlier versions and closed relationships.
//
// "asOf today" answers exactly what "now" answers (the benchmark checks it) through the asOf
// statements: its ratio to now is the cost of reading through history (target <= 1.5x).
// "asOf before" (the day before the changes) answers about another model — other dependents,
// other pages — so its ratio is printed for information.
//
//	scripts/bench -bench AsOf ./store
func BenchmarkAsOf(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	ensureS(b, st)
	iter := 50
	if v, err := strconv.Atoi(os.Getenv("ARCHGRAPH_BENCH_ITER")); err == nil && v > 0 {
		iter = v
	}
	asOf := makeHistory(b, st)
	b.Cleanup(func() { st.SetClock(nil) })
	commune := seed.SyntheticPrefix + "HA-NOI-X0001"
	ndxp := model.ImpactQuery{RootID: "NDXP", Direction: model.ImpactDirectionDependents, MaxDepth: model.MaxImpactDepth}
	at := func(q model.ImpactQuery, day string) model.ImpactQuery { q.AsOf = day; return q }
	ops := []struct {
		name string
		n    int // runs (a fraction of iter for the slow ones)
		run  func(day string) (string, error)
	}{
		{"impact NDXP: summary + first 100 items", iter, func(day string) (string, error) {
			s, items, err := st.Impact(ctx, at(ndxp, day), 0, 100)
			return fmt.Sprintf("%d dependents, %d items", s.Total, len(items)), err
		}},
		{"impact NDXP: first 100 paths", iter, func(day string) (string, error) {
			p, err := st.ImpactPaths(ctx, at(ndxp, day), 0, 100)
			return fmt.Sprintf("%d paths", len(p)), err
		}},
		{"impact NDXP: items of HA-NOI (filtered)", iter, func(day string) (string, error) {
			items, err := st.ImpactItemsFiltered(ctx, at(ndxp, day), model.ImpactRowFilter{Province: "HA-NOI"}, 0, 100)
			return fmt.Sprintf("%d items", len(items)), err
		}},
		{"duplicates of every national platform", iter, func(day string) (string, error) {
			d, err := st.Duplicates(ctx, "", "", day)
			return fmt.Sprintf("%d duplicates", len(d)), err
		}},
		{"conformance of one commune", iter, func(day string) (string, error) {
			c, err := st.Conformance(ctx, commune, day)
			return fmt.Sprintf("%d/%d realized", c.Tally.Realized, c.Tally.Applicable), err
		}},
		{"conformance summary of HA-NOI", iter, func(day string) (string, error) {
			c, err := st.ConformanceSummary(ctx, "HA-NOI", day)
			return fmt.Sprintf("%d realized", c.Total.Tally.Realized), err
		}},
		{"conformance summary of the nation", max(iter/5, 3), func(day string) (string, error) {
			c, err := st.ConformanceSummary(ctx, "", day)
			return fmt.Sprintf("%d realized", c.Total.Tally.Realized), err
		}},
	}
	today := st.Today()
	days := []string{"", today, asOf} // now, as of today (the same model), as of the day before the changes
	for n := 0; n < b.N; n++ {
		var sb strings.Builder
		fmt.Fprintf(&sb, "\nnow vs asOf %s (today: the same model, read through the history) vs asOf %s (before the changes)\n", today, asOf)
		fmt.Fprintf(&sb, "%-40s %16s %16s %16s %7s %7s  %s\n", "analysis (p50/p99)", "now", "asOf today", "asOf before",
			"ratio", "before", "answers (now | before)")
		worst, worstBefore := 0.0, 0.0
		for _, op := range ops {
			runs := make([][]time.Duration, len(days))
			facts := make([]string, len(days))
			for _, day := range days { // warm-up
				if _, err := op.run(day); err != nil {
					b.Fatalf("%s (asOf %q): %v", op.name, day, err)
				}
			}
			for i := 0; i < op.n; i++ {
				for k := range days { // rotate the order, so that no variant always runs first
					j := (i + k) % len(days)
					t0 := time.Now()
					f, err := op.run(days[j])
					d := time.Since(t0)
					if err != nil {
						b.Fatal(err)
					}
					runs[j], facts[j] = append(runs[j], d), f
				}
			}
			if facts[0] != facts[1] {
				b.Fatalf("%s: now %q but as of today %q", op.name, facts[0], facts[1])
			}
			p := func(ds []time.Duration, q int) time.Duration {
				sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
				return ds[min(len(ds)-1, (len(ds)*q+99)/100-1)]
			}
			cell := func(ds []time.Duration) string { return ms(p(ds, 50)) + "/" + ms(p(ds, 99)) }
			ratio := float64(p(runs[1], 50)) / float64(p(runs[0], 50))
			before := float64(p(runs[2], 50)) / float64(p(runs[0], 50))
			worst, worstBefore = max(worst, ratio), max(worstBefore, before)
			fmt.Fprintf(&sb, "%-40s %16s %16s %16s %6.2fx %6.2fx  %s | %s\n", op.name, cell(runs[0]), cell(runs[1]), cell(runs[2]),
				ratio, before, facts[0], facts[2])
		}
		fmt.Fprintf(&sb, "worst ratio of the p50s, asOf today / now: %.2fx (target <= 1.5x); asOf before / now: %.2fx "+
			"(answers differ: a different model, other pages)\n", worst, worstBefore)
		fmt.Print(sb.String())
		b.ReportMetric(worst, "worst-asof-ratio")
		b.ReportMetric(worstBefore, "worst-before-ratio")
	}
}

// makeHistory makes the benchmark's changes once (it recognises them by a retired component of
// Hà Nội) and sets the store's clock to the day they were made; it returns the day before.
func makeHistory(b *testing.B, st *store.Store) string {
	b.Helper()
	ctx := context.Background()
	// The day the estate was loaded (its latest validFrom) and the changes' day after it.
	days, err := st.IDsForTest(ctx, `MATCH (c:Component) WITH max(c.validFrom) AS d RETURN d AS id`, nil)
	if err != nil || len(days) != 1 || days[0] == "" {
		b.Fatalf("load day of the estate: %v %v", days, err)
	}
	done, err := st.IDsForTest(ctx, `MATCH (r:RetiredComponent) WHERE r.code STARTS WITH 'SYN-HA-NOI' WITH max(r.validTo) AS d RETURN d AS id`, nil)
	if err != nil {
		b.Fatal(err)
	}
	var changeDay string
	if len(done) == 1 && done[0] != "" {
		changeDay = done[0] // made by an earlier run: query at that day
	} else {
		t, _ := time.Parse("2006-01-02", days[0])
		changeDay = t.AddDate(0, 0, 1).Format("2006-01-02")
	}
	t, _ := time.ParseInLocation("2006-01-02 15:04", changeDay+" 12:00", time.FixedZone("ICT", 7*3600))
	st.SetClock(func() time.Time { return t })
	before := t.AddDate(0, 0, -1).Format("2006-01-02")
	if len(done) == 1 && done[0] != "" {
		return before
	}
	admin := model.Principal{Name: "bench", Role: model.RoleAdmin, TokenID: "bench-history"}
	ids := func(cypher string) []string {
		out, err := st.IDsForTest(ctx, cypher, nil)
		if err != nil {
			b.Fatal(err)
		}
		return out
	}
	start := time.Now()
	layers := []string{"L1", "L2", "L3", "L4"}
	updated := ids(`MATCH (:Component {code: 'NDXP'})<-[:DEPENDS_ON*1..3]-(c:Component) WHERE c.synthetic
		WITH DISTINCT c ORDER BY c.code RETURN c.id AS id LIMIT 1000`)
	for i, id := range updated {
		l, s := layers[i%4], model.StatusBuilding
		if _, err := st.UpdateComponent(ctx, admin, id, store.ComponentPatch{LayerCode: &l, Status: &s}); err != nil {
			b.Fatal(err)
		}
	}
	retired := ids(`MATCH (p:Agency {code: 'HA-NOI'})<-[:PART_OF]-(:Agency)-[:OWNS]->(c:Component)-[:REALIZES]->()
		WITH DISTINCT c ORDER BY c.code RETURN c.id AS id LIMIT 300`)
	for _, id := range retired {
		if err := st.DeleteComponent(ctx, admin, id); err != nil {
			b.Fatal(err)
		}
	}
	type pair struct{ from, to string }
	pairs := func(cypher string) []pair {
		out := ids(cypher)
		ps := make([]pair, len(out))
		for i, s := range out {
			f, t, _ := strings.Cut(s, " ")
			ps[i] = pair{f, t}
		}
		return ps
	}
	removed := pairs(`MATCH (a:Component)-[:DEPENDS_ON]->(c:Component) WHERE a.synthetic
		WITH a, c ORDER BY a.code, c.code SKIP 1000 LIMIT 500 RETURN a.id + ' ' + c.id AS id`)
	for _, p := range removed {
		if err := st.SetEdge(ctx, admin, store.RelDependsOn, p.from, p.to, false); err != nil {
			b.Fatal(err)
		}
	}
	added := pairs(`MATCH (a:Component) WHERE a.synthetic AND NOT (a)-[:DEPENDS_ON]->()
		WITH a ORDER BY a.code LIMIT 300 MATCH (n:Component {code: 'NDXP'}) RETURN a.id + ' ' + n.id AS id`)
	for _, p := range added {
		if err := st.SetEdge(ctx, admin, store.RelDependsOn, p.from, p.to, true); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("history on %s: %d updates, %d retirements, %d dependencies removed, %d added in %s", changeDay,
		len(updated), len(retired), len(removed), len(added), time.Since(start).Round(time.Second))
	return before
}
