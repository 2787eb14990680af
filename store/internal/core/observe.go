package core

import "time"

// QueryEvent describes one finished transaction, for metrics: the operation name the caller gave
// (a constant of this package, never input), the access mode ("read" or "write"), how long it
// took including retries, and whether it failed.
type QueryEvent struct {
	Op       string
	Mode     string
	Duration time.Duration
	Err      error
}

// observer is the callback set by OnQuery.
type observer struct{ fn func(QueryEvent) }

// OnQuery registers fn to be called after every transaction (nil removes it). fn must be quick
// and safe for concurrent use: it runs on the caller's goroutine.
func (s *DB) OnQuery(fn func(QueryEvent)) {
	if fn == nil {
		s.obs.Store(nil)
		return
	}
	s.obs.Store(&observer{fn: fn})
}

// InFlight is the number of transactions running now: each holds one pooled connection, so it is
// the pool's use as far as the driver lets us see it.
func (s *DB) InFlight() int64 { return s.inflight.Load() }

// MaxPool is the configured connection pool size (0: the driver's default).
func (s *DB) MaxPool() int { return s.maxPool }

func (s *DB) observe(op, mode string, start time.Time, err error) {
	if o := s.obs.Load(); o != nil {
		o.fn(QueryEvent{Op: op, Mode: mode, Duration: time.Since(start), Err: err})
	}
}
