package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/archgraph/archgraph/store"
)

// RefreshStaleCounts makes st refresh its component counts (store/component_counts.go) in the
// background whenever an aggregation they could answer found them stale (store.OnStaleCounts):
// after a write that does not keep them, the first such aggregation reads the graph live and
// the next ones read the refreshed counts. One refresh runs at a time; it ends with ctx (the
// server's life) or after timeout. It returns the trigger, which the server also pulls once
// when it starts (the refresh does nothing when the counts are current).
func RefreshStaleCounts(ctx context.Context, st *store.Store, log *slog.Logger, timeout time.Duration) func() <-chan struct{} {
	trigger := backgroundRefresh(ctx, log, timeout, "component counts", "aggregations", st.RefreshComponentCounts)
	st.OnStaleCounts(func() { trigger() })
	return trigger
}
