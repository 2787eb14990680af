package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://, neo4j:// (routing), bolt+s://, neo4j+s://
	User     string // empty with an empty Password: no authentication
	Password string
	Database string // empty: the server's default database
	// MaxPool bounds the driver's connection pool.
	MaxPool int
	// ConnectTimeout bounds one connection attempt.
	ConnectTimeout time.Duration
	// RetryBudget is how long the driver retries a transient failure of a managed transaction.
	RetryBudget time.Duration
}

// DB holds one driver for the process, with its counters, observer and clock.
type DB struct {
	driver neo4j.DriverWithContext
	db     string
	log    *slog.Logger
	// txs counts the transactions run, for tests and metrics; stmts the statements run in
	// managed transactions (Read, Write), for the tests that pin the cost of a query's shape.
	txs, stmts atomic.Int64
	// obs, inflight and maxPool feed the metrics (observe.go).
	obs      atomic.Pointer[observer]
	inflight atomic.Int64
	maxPool  int
	// clock, when set, replaces time.Now for valid time (validtime.go).
	clock func() time.Time
	// loadValidFrom is the day loaded records are valid from ("" : the day of the load).
	loadValidFrom string
	// health, once WatchHealth runs, makes transactions fail fast while Neo4j is down (health.go).
	health atomic.Pointer[health]
	// onWrite, when set, is called as a write begins (writes.go).
	onWrite atomic.Pointer[func(context.Context)]
}

// Transactions is the number of transactions this Store has run.
func (s *DB) Transactions() int64 { return s.txs.Load() }

// Statements is the number of statements this Store has run in managed transactions.
func (s *DB) Statements() int64 { return s.stmts.Load() }

// countingTx counts the statements run in a managed transaction.
type countingTx struct {
	neo4j.ManagedTransaction
	n *atomic.Int64
}

func (t countingTx) Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	t.n.Add(1)
	return t.ManagedTransaction.Run(ctx, cypher, params)
}

// Open creates the driver. It does not contact the server: a Store can be opened while Neo4j is
// down, and Ping says when it is up.
func Open(cfg Config, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.Default()
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		if cfg.MaxPool > 0 {
			c.MaxConnectionPoolSize = cfg.MaxPool
		}
		if cfg.ConnectTimeout > 0 {
			c.SocketConnectTimeout = cfg.ConnectTimeout
			c.ConnectionAcquisitionTimeout = 2 * cfg.ConnectTimeout
		}
		if cfg.RetryBudget > 0 {
			c.MaxTransactionRetryTime = cfg.RetryBudget
		}
		c.UserAgent = "archgraph"
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", cfg.URI, err)
	}
	return &DB{driver: d, db: cfg.Database, log: log, maxPool: cfg.MaxPool}, nil
}

// Logger is the store's logger.
func (s *DB) Logger() *slog.Logger { return s.log }

// Close releases the driver's connections.
func (s *DB) Close(ctx context.Context) error {
	return s.driver.Close(ctx)
}

// Ping checks that Neo4j answers within timeout; the error says why it does not.
func (s *DB) Ping(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &Error{Kind: KindUnavailable, Msg: fmt.Sprintf("neo4j did not answer within %s", timeout), Err: err}
		}
		return &Error{Kind: KindUnavailable, Err: err}
	}
	return nil
}

// Session opens a session on the configured database in the given mode.
func (s *DB) Session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode})
}

// Read runs work in a managed read transaction (routed to readers on a cluster).
func Read[T any](ctx context.Context, s *DB, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	ctx, done, err := s.guard(ctx)
	if err != nil {
		s.observe(op, "read", time.Now(), err)
		return zero, Classify(op, err)
	}
	defer done()
	s.txs.Add(1)
	s.inflight.Add(1)
	start := time.Now()
	sess := s.Session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	v, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) (T, error) {
		return work(countingTx{tx, &s.stmts})
	}, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": op}))
	s.inflight.Add(-1)
	err = wentDown(ctx, err)
	s.observe(op, "read", start, err)
	if err != nil {
		return zero, Classify(op, err)
	}
	return v, nil
}

// Write runs work in a managed write transaction and counts one more write of the graph
// (version.go): the conformance facts (store/conformance_facts.go) are no longer known to be
// current after it.
func Write[T any](ctx context.Context, s *DB, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return writeTx(ctx, s, op, bumpStale, work)
}

// WriteKept is Write for work that keeps the conformance facts current itself (it recomputes
// those of the communes it changed in the same transaction), or that cannot change them (tokens,
// sessions, measurements, reviews): facts that were current stay current. The same holds for
// the component counts (store/component_counts.go): such work keeps them too, or cannot change
// them (the component mutations apply their change to the counts: store.counted).
func WriteKept[T any](ctx context.Context, s *DB, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return writeTx(ctx, s, op, bumpKept, work)
}

// WriteBookkeeping is Write for work that changes no model and no record, only bookkeeping
// derived from them (the conformance facts): the graph's write version is not counted, so
// cached answers stay valid.
func WriteBookkeeping[T any](ctx context.Context, s *DB, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return writeTx(ctx, s, op, bumpNone, work)
}

func writeTx[T any](ctx context.Context, s *DB, op string, bump bumpMode, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	ctx, done, err := s.guard(ctx)
	if err != nil {
		s.observe(op, "write", time.Now(), err)
		return zero, Classify(op, err)
	}
	defer done()
	// Bookkeeping (a refresh of derived data, started by the server in the background) is not
	// a request's work: it is left out of the transaction and statement counts, and is not
	// announced to OnWrite's listener (writes.go) as a user's write.
	if bump != bumpNone {
		s.NoteWrite(ctx)
		s.txs.Add(1)
	}
	s.inflight.Add(1)
	start := time.Now()
	sess := s.Session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	v, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (T, error) {
		var counted neo4j.ManagedTransaction = countingTx{tx, &s.stmts}
		if bump == bumpNone {
			counted = tx
		}
		v, err := work(counted)
		if err == nil && bump != bumpNone {
			err = bumpVersion(ctx, tx, bump == bumpKept)
		}
		return v, err
	}, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": op}))
	s.inflight.Add(-1)
	err = wentDown(ctx, err)
	s.observe(op, "write", start, err)
	if err != nil {
		return zero, Classify(op, err)
	}
	return v, nil
}

// ReadPages runs work in one explicit read transaction, without retries (work may hand what it
// reads on as it goes), for a reader that asks for a large result in several queries (pages)
// that must see the same graph. work runs each query with run, which hands every record to fn
// as it arrives (results are asked for whole, see Stream).
func (s *DB) ReadPages(ctx context.Context, op string, work func(run func(cypher string, params map[string]any, fn func(*neo4j.Record) error) error) error) (err error) {
	s.txs.Add(1)
	s.inflight.Add(1)
	start := time.Now()
	defer func() { s.inflight.Add(-1); s.observe(op, "read", start, err) }()
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead, FetchSize: neo4j.FetchAll})
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": op}))
	if err != nil {
		return Classify(op, err)
	}
	defer tx.Close(ctx)
	run := func(cypher string, params map[string]any, fn func(*neo4j.Record) error) error {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return Classify(op, err)
		}
		for res.Next(ctx) {
			if err := fn(res.Record()); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
		}
		return Classify(op, res.Err())
	}
	if err := work(run); err != nil {
		return err
	}
	return Classify(op, tx.Commit(ctx))
}

// Stream runs one query in an explicit read transaction and hands each record to fn as it
// arrives, so that a large result is never held in memory. The whole result is asked for at
// once (no fetch size): the driver still reads it record by record from the connection, but
// Neo4j sends on while the records before are handled instead of waiting for a request per
// 1000 records.
func (s *DB) Stream(ctx context.Context, op, cypher string, params map[string]any, fn func(*neo4j.Record) error) (err error) {
	s.txs.Add(1)
	s.inflight.Add(1)
	start := time.Now()
	defer func() { s.inflight.Add(-1); s.observe(op, "read", start, err) }()
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead, FetchSize: neo4j.FetchAll})
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": op}))
	if err != nil {
		return Classify(op, err)
	}
	defer tx.Close(ctx)
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return Classify(op, err)
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	if err := res.Err(); err != nil {
		return Classify(op, err)
	}
	return Classify(op, tx.Commit(ctx))
}
