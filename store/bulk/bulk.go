// Package bulk is the store's bulk I/O: the batched loader (WriteBatch, WriteAtomic, dry runs),
// the exchange records (NodeRecord, RelRecord) with their streamed export and checked import,
// agency inventories, the model checksum, and DeleteAll. It works over the same driver and
// transactions as store (store/internal/core) and takes the metamodel's allow-lists from store.
package bulk

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/internal/core"
)

// Store loads, imports and exports in bulk.
type Store struct {
	*core.DB
	// st recomputes inference in the writing transaction (store.InferTx).
	st *store.Store
}

// New is the bulk store over st's driver.
func New(st *store.Store) *Store { return &Store{DB: st.DB, st: st} }

func read[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.Read(ctx, s.DB, op, work)
}

func write[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.Write(ctx, s.DB, op, work)
}

var (
	str        = core.Str
	num        = core.Num
	pstr       = core.PStr
	pmap       = core.PMap
	invalidf   = core.Invalidf
	notFoundf  = core.NotFoundf
	pfloat     = core.PFloat
	recMaps    = core.RecMaps
	classify   = core.Classify
	recStrings = core.RecStrings
	count      = core.Count
	pint       = core.PInt
)
