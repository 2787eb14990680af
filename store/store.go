// Package store is the only package that knows Cypher or imports the Neo4j driver. It owns the
// driver's lifecycle, the schema migration, and every query archgraph runs.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/archgraph/archgraph/match"
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

// Store holds one driver for the process.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	log    *slog.Logger
	// txs counts the transactions run, for tests and metrics.
	txs atomic.Int64
	// obs, inflight and maxPool feed the metrics (observe.go).
	obs      atomic.Pointer[observer]
	inflight atomic.Int64
	maxPool  int
	// clock, when set, replaces time.Now for valid time (validtime.go).
	clock func() time.Time
	// loadValidFrom is the day loaded records are valid from ("" : the day of the load).
	loadValidFrom string
	// matcher infers what components do from their names (infer.go).
	matcher atomic.Pointer[match.Matcher]
	// health, once WatchHealth runs, makes transactions fail fast while Neo4j is down (health.go).
	health atomic.Pointer[health]
}

// Transactions is the number of transactions this Store has run.
func (s *Store) Transactions() int64 { return s.txs.Load() }

// Open creates the driver. It does not contact the server: a Store can be opened while Neo4j is
// down, and Ping says when it is up.
func Open(cfg Config, log *slog.Logger) (*Store, error) {
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
	return &Store{driver: d, db: cfg.Database, log: log, maxPool: cfg.MaxPool}, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error {
	return s.driver.Close(ctx)
}

// Ping checks that Neo4j answers within timeout; the error says why it does not.
func (s *Store) Ping(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%w: neo4j did not answer within %s: %v", ErrUnavailable, timeout, err)
		}
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// session opens a session on the configured database in the given mode.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode})
}

// read runs work in a managed read transaction (routed to readers on a cluster).
func read[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	ctx, done, err := s.guard(ctx)
	if err != nil {
		s.observe(op, "read", time.Now(), err)
		return zero, classify(op, err)
	}
	defer done()
	s.txs.Add(1)
	s.inflight.Add(1)
	start := time.Now()
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	v, err := neo4j.ExecuteRead(ctx, sess, work, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": op}))
	s.inflight.Add(-1)
	err = wentDown(ctx, err)
	s.observe(op, "read", start, err)
	if err != nil {
		return zero, classify(op, err)
	}
	return v, nil
}

// write runs work in a managed write transaction.
func write[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	ctx, done, err := s.guard(ctx)
	if err != nil {
		s.observe(op, "write", time.Now(), err)
		return zero, classify(op, err)
	}
	defer done()
	s.txs.Add(1)
	s.inflight.Add(1)
	start := time.Now()
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	v, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (T, error) {
		v, err := work(tx)
		if err == nil {
			err = bumpVersion(ctx, tx)
		}
		return v, err
	}, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": op}))
	s.inflight.Add(-1)
	err = wentDown(ctx, err)
	s.observe(op, "write", start, err)
	if err != nil {
		return zero, classify(op, err)
	}
	return v, nil
}
