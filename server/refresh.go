package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/archgraph/archgraph/store"
)

// The refresh after writes. The response cache keys every answer by the graph's write version
// (cache.go), so one write — a save, an import, another instance's — turns every cached answer
// into a miss, and the next visitor of the Overview pays for all of its KPIs at once: 2.4 s in
// the browser on S (issue 16, session 7), against 0.8 s from the cache. Dashboards are refreshed
// all day long, and an estate is written to all day long. So once the warm-up is done, it
// watches the write version: when a new one has held for RefreshEvery (writes have paused), or
// has kept changing for refreshAtLeast × RefreshEvery (a steady trickle of writes), it runs the
// dashboards' operations again (refreshOps: the pages without arguments an anonymous visitor
// opens first), one at a time, as the warm-up runs them. Their answers go to the response cache,
// where the next visitors find them. A visitor who comes before the refresh ends shares the
// computation that is running (the cache's single flight) or starts it.
//
// It costs one read of the version per RefreshEvery, and the dashboards' queries once per pause
// in the writes (~2 s of Neo4j time on S); nothing when nothing is written. It only reads.

// refreshOps are the operations run again after writes: the Overview's, and the other pages
// that take no argument (the Conformance nation view, the duplication worklist, the roadmap).
var refreshOps = map[string]bool{
	"Me": true, "RecordedSince": true, "OverviewCounts": true, "OverviewScopeStatus": true,
	"KpiCounts": true, "KpiConformance": true, "KpiDuplicates": true, "KpiRules": true, "KpiNdxp": true,
	"KpiMeasured": true, "ConformanceNation": true, "DuplicationWorklist": true, "DuplicationProvinces": true,
	"Roadmap": true, "ProvinceStatus": true, "MinistryL3": true, "CommuneScores": true,
}

// refreshAtLeast bounds how long a version that keeps changing waits for a pause, in
// RefreshEvery periods: under a steady trickle of writes the dashboards are refreshed at least
// this often.
const refreshAtLeast = 12

// refreshAfterWrites runs until ctx ends; since is the version the warm-up's answers hold.
func (w *WarmUp) refreshAfterWrites(ctx context.Context, log *slog.Logger, opTimeout time.Duration, since string, subjects store.WarmUpSubjects) {
	if !w.cacheOn {
		log.Info("refresh after writes: off, the response cache is off (--cache-mb 0)")
		return
	}
	log.Info("refresh after writes: watching the graph's write version", "every", w.RefreshEvery)
	tick := time.NewTicker(w.RefreshEvery)
	defer tick.Stop()
	done := since // the version whose answers the last refresh (or the warm-up) computed
	prev := since // the version read at the previous tick
	var changedAt time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		v, err := w.st.GraphVersion(ctx)
		if err != nil {
			continue // Neo4j unavailable: the next tick asks again
		}
		settled := v == prev
		prev = v
		if v == done {
			changedAt = time.Time{}
			continue
		}
		if changedAt.IsZero() {
			changedAt = time.Now()
		}
		if !settled && time.Since(changedAt) < refreshAtLeast*w.RefreshEvery {
			continue
		}
		start := time.Now()
		failed := 0
		for _, step := range warmPlan {
			if !refreshOps[step.op] {
				continue
			}
			if ctx.Err() != nil {
				return
			}
			if err := w.runOp(ctx, opTimeout, step.op, step.vars(subjects)); err != nil {
				failed++
				log.Warn("refresh after writes: operation failed", "operation", step.op, "err", err)
			}
		}
		if ctx.Err() != nil {
			return
		}
		done, changedAt = v, time.Time{}
		if failed > 0 {
			w.refreshFailed.Add(1)
			continue
		}
		w.refreshed.Add(1)
		log.Info("refresh after writes: done", "version", v, "took", time.Since(start).Round(time.Millisecond))
	}
}
