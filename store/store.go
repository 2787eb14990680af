// Package store is the only package that knows Cypher or imports the Neo4j driver. It owns the
// driver's lifecycle, the schema migration, the metamodel's allow-lists, the catalog, the
// mutations and the analyses. Bulk I/O (load, import, export, inventories) is store/bulk,
// tokens and the audit log store/governance; both run over store/internal/core (transactions,
// errors, record readers), as this package does.
package store

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/match"
	"github.com/archgraph/archgraph/store/governance"
	"github.com/archgraph/archgraph/store/internal/core"
)

// Config says how to reach Neo4j.
type Config = core.Config

// QueryEvent is one finished transaction, as OnQuery reports it.
type QueryEvent = core.QueryEvent

// Store is archgraph's view of Neo4j: one driver for the process. Its DB (transactions, clock,
// counters) is shared with the bulk and governance stores built on it.
type Store struct {
	*core.DB
	// matcher infers what components do from their names (infer.go).
	matcher atomic.Pointer[match.Matcher]
	// staleFacts is called when a conformance roll-up found the facts stale (OnStaleFacts).
	staleFacts atomic.Pointer[func()]
	// staleCounts is called when an aggregation found the component counts stale (OnStaleCounts).
	staleCounts atomic.Pointer[func()]
	// impact is the impact index (impact_index.go).
	impact impactIndexState
	// scoreMemo is the commune scores of the last write version (commune_scores.go).
	scoreMemo scoreMemo
}

// OnStaleFacts registers f, called (on the reader's goroutine: f must not block) whenever a
// current conformance roll-up found the conformance facts stale and read the graph live — the
// server refreshes them then (RefreshConformanceFacts). nil: nothing is called.
func (s *Store) OnStaleFacts(f func()) {
	if f == nil {
		s.staleFacts.Store(nil)
		return
	}
	s.staleFacts.Store(&f)
}

// Open creates the driver. It does not contact Neo4j: call Ping (readiness) or Migrate.
func Open(cfg Config, log *slog.Logger) (*Store, error) {
	db, err := core.Open(cfg, log)
	if err != nil {
		return nil, err
	}
	return &Store{DB: db}, nil
}

// Governance is the token and audit-log store over the same driver.
func (s *Store) Governance() *governance.Store { return governance.New(s.DB) }

// The store's errors (see core.Error): a Kind and a message safe to show to clients.
type (
	Error = core.Error
	Kind  = core.Kind
)

// The kinds of Error.
const (
	KindInternal    = core.KindInternal
	KindInvalid     = core.KindInvalid
	KindNotFound    = core.KindNotFound
	KindConflict    = core.KindConflict
	KindForbidden   = core.KindForbidden
	KindUnavailable = core.KindUnavailable
	KindTimeout     = core.KindTimeout
)

// Sentinels, one per kind: callers test with errors.Is.
var (
	ErrUnavailable = core.ErrUnavailable
	ErrConflict    = core.ErrConflict
	ErrNotFound    = core.ErrNotFound
	ErrInvalid     = core.ErrInvalid
	ErrForbidden   = core.ErrForbidden
	ErrTimeout     = core.ErrTimeout
)

// About gives a store error the subject its message is about (see core.About).
func About(subject string, err error) error { return core.About(subject, err) }

// ParseDate checks that s is a calendar date written YYYY-MM-DD and returns it.
func ParseDate(s string) (string, error) { return core.ParseDate(s) }

// The package's short names for core's transactions and readers.
func read[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.Read(ctx, s.DB, op, work)
}

func write[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.Write(ctx, s.DB, op, work)
}

var (
	str        = core.Str
	num        = core.Num
	boolean    = core.Boolean
	recMap     = core.RecMap
	recMaps    = core.RecMaps
	singleMap  = core.SingleMap
	countIn    = core.CountIn
	pstr       = core.PStr
	pbool      = core.PBool
	pint       = core.PInt
	pmap       = core.PMap
	optStr     = core.OptStr
	invalidf   = core.Invalidf
	notFoundf  = core.NotFoundf
	forbiddenf = core.Forbiddenf
	conflictf  = core.Conflictf
	pfloat     = core.PFloat
	classify   = core.Classify
	recStrings = core.RecStrings
	count      = core.Count
	nilIfEmpty = core.NilIfEmpty
)
