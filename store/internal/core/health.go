package core

import (
	"context"
	"errors"
	"sync"
	"time"
)

// While Neo4j cannot be reached, the driver retries each transaction for its whole retry budget
// and a request would wait out its deadline. A Store that watches Neo4j's health (WatchHealth,
// what `archgraph serve` does) instead fails at once with ErrUnavailable while the last probe
// failed, cancels the transactions in flight when a probe fails, and serves again as soon as a
// probe succeeds — without a restart.

// slowGrace is how long probes that run out of time must go on before Neo4j counts as down.
const slowGrace = 3 * time.Second

// errWentDown is the cause given to transactions cancelled because Neo4j went down.
var errWentDown = errors.New("neo4j stopped answering")

type health struct {
	mu    sync.Mutex
	down  bool
	since time.Time
	err   error
	// downCh is closed when Neo4j goes down; a new one is made when it is back.
	downCh chan struct{}
}

// WatchHealth probes Neo4j every interval (a probe fails after timeout) until ctx ends. From
// the first call on, transactions fail fast while Neo4j is down.
func (s *DB) WatchHealth(ctx context.Context, interval, timeout time.Duration) {
	h := &health{downCh: make(chan struct{})}
	if !s.health.CompareAndSwap(nil, h) {
		return
	}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		var slowSince time.Time // the start of the first of the probes in a row that ran out of time
		for {
			start := time.Now()
			err := s.Ping(ctx, timeout)
			if ctx.Err() != nil {
				return
			}
			// A refused or broken connection means down at once. A probe that only ran out of
			// time may be a busy Neo4j — a long GC pause, or a machine under load: on S with a
			// counts recompute at load 14, two 500 ms probes in a row ran out of time, the server
			// cancelled the recompute and answered the Overview with UNAVAILABLE while Neo4j was
			// answering. So slow probes give no verdict until they have run out of time for
			// slowGrace in a row (a hung or unreachable Neo4j is still found within seconds).
			skip := false
			if err != nil && time.Since(start) >= timeout {
				if slowSince.IsZero() {
					slowSince = start
				}
				skip = time.Since(slowSince) < slowGrace // no verdict yet either way
			} else {
				slowSince = time.Time{}
			}
			if !skip {
				s.setHealth(err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

func (s *DB) setHealth(err error) {
	h := s.health.Load()
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err != nil && !h.down:
		h.down, h.since, h.err = true, time.Now(), err
		close(h.downCh)
		s.log.Error("neo4j is down: requests fail fast with UNAVAILABLE until it answers", "err", err)
	case err == nil && h.down:
		s.log.Info("neo4j answers again", "down_for", time.Since(h.since).Round(time.Millisecond))
		h.down, h.err = false, nil
		h.downCh = make(chan struct{})
	}
}

// Down reports whether the last health probe failed (always false without WatchHealth).
func (s *DB) Down() bool {
	h := s.health.Load()
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.down
}

// guard refuses a transaction at once while Neo4j is down, and otherwise gives it a context
// that is cancelled (with errWentDown) when a probe fails while it runs.
func (s *DB) guard(ctx context.Context) (context.Context, func(), error) {
	h := s.health.Load()
	if h == nil {
		return ctx, func() {}, nil
	}
	h.mu.Lock()
	down, since, err, ch := h.down, h.since, h.err, h.downCh
	h.mu.Unlock()
	if down {
		return ctx, func() {}, &Error{Kind: KindUnavailable, Msg: "down since " + since.UTC().Format(time.RFC3339), Err: err}
	}
	gctx, cancel := context.WithCancelCause(ctx)
	go func() {
		select {
		case <-ch:
			cancel(errWentDown)
		case <-gctx.Done():
		}
	}()
	return gctx, func() { cancel(nil) }, nil
}

// wentDown maps the error of a transaction cancelled by guard to ErrUnavailable.
func wentDown(ctx context.Context, err error) error {
	if err != nil && errors.Is(context.Cause(ctx), errWentDown) {
		return &Error{Kind: KindUnavailable, Err: errWentDown}
	}
	return err
}
