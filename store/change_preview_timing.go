package store

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// With the debug log level, a preview logs each statement it runs: the time until Run returned
// (the server has planned the statement and started it), until its last record, and the
// server's own figures (result available after / consumed after). This is how a cold preview's
// seconds are found (issue 19, session 7): a restarted Neo4j plans each statement again.

type timedTx struct {
	neo4j.ExplicitTransaction
	log  *slog.Logger
	side string
}

type timedResult struct {
	neo4j.ResultWithContext
	log    *slog.Logger
	side   string
	stmt   string
	start  time.Time
	run    time.Duration
	logged bool
}

// timedPreview wraps tx when the debug level is on.
func timedPreview(ctx context.Context, log *slog.Logger, tx neo4j.ExplicitTransaction, side string) neo4j.ExplicitTransaction {
	if log == nil || !log.Enabled(ctx, slog.LevelDebug) {
		return tx
	}
	return timedTx{tx, log, side}
}

type timedManaged struct {
	neo4j.ManagedTransaction
	log  *slog.Logger
	side string
}

func timedRead(ctx context.Context, log *slog.Logger, tx neo4j.ManagedTransaction, side string) neo4j.ManagedTransaction {
	if log == nil || !log.Enabled(ctx, slog.LevelDebug) {
		return tx
	}
	return timedManaged{tx, log, side}
}

func (t timedManaged) Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	return runTimed(ctx, t.log, t.side, t.ManagedTransaction.Run, cypher, params)
}

func (t timedTx) Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	return runTimed(ctx, t.log, t.side, t.ExplicitTransaction.Run, cypher, params)
}

func runTimed(ctx context.Context, log *slog.Logger, side string, run func(context.Context, string, map[string]any) (neo4j.ResultWithContext, error), cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	start := time.Now()
	res, err := run(ctx, cypher, params)
	if err != nil {
		return res, err
	}
	return &timedResult{ResultWithContext: res, log: log, side: side, stmt: statementHead(cypher), start: start, run: time.Since(start)}, nil
}

// statementHead is the statement's first lines, on one line, for the log.
func statementHead(cypher string) string {
	s := strings.Join(strings.Fields(cypher), " ")
	if len(s) > 110 {
		s = s[:110]
	}
	return s
}

func (r *timedResult) done(ctx context.Context) {
	if r.logged {
		return
	}
	r.logged = true
	total := time.Since(r.start)
	sum, err := r.ResultWithContext.Consume(ctx)
	var avail, consumed time.Duration
	if err == nil && sum != nil {
		avail, consumed = sum.ResultAvailableAfter(), sum.ResultConsumedAfter()
	}
	r.log.Debug("preview statement", "side", r.side, "run_ms", r.run.Milliseconds(), "total_ms", total.Milliseconds(),
		"server_available_ms", avail.Milliseconds(), "server_consumed_ms", consumed.Milliseconds(), "statement", r.stmt)
}

func (r *timedResult) Next(ctx context.Context) bool {
	ok := r.ResultWithContext.Next(ctx)
	if !ok {
		r.done(ctx)
	}
	return ok
}

func (r *timedResult) Collect(ctx context.Context) ([]*neo4j.Record, error) {
	recs, err := r.ResultWithContext.Collect(ctx)
	r.done(ctx)
	return recs, err
}

func (r *timedResult) Single(ctx context.Context) (*neo4j.Record, error) {
	rec, err := r.ResultWithContext.Single(ctx)
	r.done(ctx)
	return rec, err
}

func (r *timedResult) Consume(ctx context.Context) (neo4j.ResultSummary, error) {
	r.done(ctx)
	return r.ResultWithContext.Consume(ctx)
}
