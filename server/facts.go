package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/archgraph/archgraph/store"
)

// RefreshStaleFacts makes st refresh its conformance facts (and, when they are current, compute
// the commune score table: store.WarmScoreTable) in the background whenever a
// conformance roll-up found them stale (store.OnStaleFacts): after a write that does not keep
// them (an import, a seed), the first roll-up reads the graph live and the next ones read the
// refreshed facts. One refresh runs at a time; it ends with ctx (the server's life) or after
// timeout. It returns the trigger, which the server also pulls once when it starts (facts left
// stale by an earlier process: the refresh does nothing when they are current); the trigger's
// channel closes when that refresh ends (the warm-up waits for it).
func RefreshStaleFacts(ctx context.Context, st *store.Store, log *slog.Logger, timeout time.Duration) func() <-chan struct{} {
	trigger := backgroundRefresh(ctx, log, timeout, "conformance facts", "roll-ups", func(ctx context.Context) (bool, error) {
		current, err := st.RefreshConformanceFacts(ctx)
		if err == nil && current {
			// the commune scores of this version (store/commune_scores.go), for the first
			// request that scores communes; a failure only leaves that request to compute them
			if _, err := st.WarmScoreTable(ctx); err != nil {
				log.Warn("commune scores: table not computed", "err", err)
			}
		}
		return current, err
	})
	st.OnStaleFacts(func() { trigger() })
	return trigger
}

// backgroundRefresh returns a trigger that runs refresh on a goroutine of its own, one at a time
// (a trigger while one runs does nothing), until ctx ends or timeout passes, and logs how it went:
// what is refreshed, and who reads the graph live while it is stale (readers). The trigger
// returns a channel closed when the refresh running (the one it started, or the one already
// running) ends.
func backgroundRefresh(ctx context.Context, log *slog.Logger, timeout time.Duration, what, readers string, refresh func(context.Context) (bool, error)) func() <-chan struct{} {
	var mu sync.Mutex
	var running chan struct{}
	return func() <-chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if running != nil {
			return running
		}
		done := make(chan struct{})
		running = done
		go func() {
			defer func() {
				mu.Lock()
				running = nil
				mu.Unlock()
				close(done)
			}()
			rctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			start := time.Now()
			current, err := refresh(rctx)
			if err != nil {
				log.Warn(what+": refresh failed; "+readers+" read the graph live until the next one", "err", err)
				return
			}
			log.Info(what+" refreshed", "current", current, "took", time.Since(start).Round(time.Millisecond))
		}()
		return done
	}
}
