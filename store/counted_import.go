package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// CountedTx is counted (component_counts.go) for a write outside this package that changes the
// components with the given codes (a bulk inventory import: those that exist before, all of them
// after), so that it may run as a kept write (core.WriteKept): the count tuples of the existing
// components are read (locked) before work, those of every component with one of the codes
// after it, and the difference is applied to the counts in the same transaction.
func CountedTx[T any](ctx context.Context, codes []string, work func(neo4j.ManagedTransaction) (T, error)) func(neo4j.ManagedTransaction) (T, error) {
	return func(tx neo4j.ManagedTransaction) (T, error) {
		var zero T
		ids, err := idsOfCodes(ctx, tx, codes)
		if err != nil {
			return zero, err
		}
		before, err := countTuples(ctx, tx, ids, true)
		if err != nil {
			return zero, err
		}
		v, err := work(tx)
		if err != nil {
			return v, err
		}
		if ids, err = idsOfCodes(ctx, tx, codes); err != nil {
			return v, err
		}
		after, err := countTuples(ctx, tx, ids, false)
		if err != nil {
			return v, err
		}
		return v, keepCountsTx(ctx, tx, before, after)
	}
}

func idsOfCodes(ctx context.Context, tx neo4j.ManagedTransaction, codes []string) ([]string, error) {
	res, err := tx.Run(ctx, cypherIDsOfCodes, map[string]any{"codes": codes})
	if err != nil {
		return nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, err
	}
	return recStrings(rec, "ids"), nil
}
