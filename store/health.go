package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// While Neo4j cannot be reached, the driver retries each transaction for its whole retry budget
// and a request would wait out its deadline. A Store that watches Neo4j's health (WatchHealth,
// what `archgraph serve` does) instead fails at once with ErrUnavailable while the last probe
// failed, cancels the transactions in flight when a probe fails, and serves again as soon as a
// probe succeeds — without a restart.

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
func (s *Store) WatchHealth(ctx context.Context, interval, timeout time.Duration) {
	h := &health{downCh: make(chan struct{})}
	if !s.health.CompareAndSwap(nil, h) {
		return
	}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		slow := 0
		for {
			start := time.Now()
			err := s.Ping(ctx, timeout)
			if ctx.Err() != nil {
				return
			}
			// A refused or broken connection means down at once; a probe that only ran out of
			// time may be a busy Neo4j (a long GC pause): down after two in a row, so that a
			// pause does not cancel the transactions in flight.
			skip := false
			if err != nil && time.Since(start) >= timeout {
				slow++
				skip = slow < 2 // no verdict yet either way
			} else {
				slow = 0
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

func (s *Store) setHealth(err error) {
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
func (s *Store) Down() bool {
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
func (s *Store) guard(ctx context.Context) (context.Context, func(), error) {
	h := s.health.Load()
	if h == nil {
		return ctx, func() {}, nil
	}
	h.mu.Lock()
	down, since, err, ch := h.down, h.since, h.err, h.downCh
	h.mu.Unlock()
	if down {
		return ctx, func() {}, fmt.Errorf("%w: down since %s (%v)", ErrUnavailable, since.UTC().Format(time.RFC3339), err)
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
		return fmt.Errorf("%w: %v", ErrUnavailable, errWentDown)
	}
	return err
}
