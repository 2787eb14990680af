package server

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/archgraph/archgraph/store"
)

// RefreshStaleFacts makes st refresh its conformance facts in the background whenever a
// conformance roll-up found them stale (store.OnStaleFacts): after a write that does not keep
// them (an import, a seed), the first roll-up reads the graph live and the next ones read the
// refreshed facts. One refresh runs at a time; it ends with ctx (the server's life) or after
// timeout. It returns the trigger, which the server also pulls once when it starts (facts left
// stale by an earlier process: the refresh does nothing when they are current).
func RefreshStaleFacts(ctx context.Context, st *store.Store, log *slog.Logger, timeout time.Duration) func() {
	var running atomic.Bool
	trigger := func() {
		if !running.CompareAndSwap(false, true) {
			return
		}
		go func() {
			defer running.Store(false)
			rctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			start := time.Now()
			current, err := st.RefreshConformanceFacts(rctx)
			if err != nil {
				log.Warn("conformance facts: refresh failed; roll-ups read the graph live until the next one", "err", err)
				return
			}
			log.Info("conformance facts refreshed", "current", current, "took", time.Since(start).Round(time.Millisecond))
		}()
	}
	st.OnStaleFacts(trigger)
	return trigger
}
