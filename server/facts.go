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
// timeout.
func RefreshStaleFacts(ctx context.Context, st *store.Store, log *slog.Logger, timeout time.Duration) {
	var running atomic.Bool
	st.OnStaleFacts(func() {
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
	})
}
