package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Relationships go first, in batches, so that no transaction has to hold a hub's thousands of
// relationships at once (the transaction memory pool is bounded).
var cypherDeleteAll = []string{
	`MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS`,
	`MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS`,
}

// DeleteAll removes every node and relationship (the schema stays). Only tests and an explicit
// reset use it.
func (s *Store) DeleteAll(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, q := range cypherDeleteAll {
		res, err := sess.Run(ctx, q, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return classify("delete all", err)
		}
	}
	// A new graph version with a new epoch: answers cached before the wipe never come back.
	_, err := write(ctx, s, "delete all", func(neo4j.ManagedTransaction) (struct{}, error) { return struct{}{}, nil })
	return err
}
