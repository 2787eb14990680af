package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The graph's write version: one :GraphVersion node whose counter every write transaction
// bumps in the transaction itself (write), so that a reader who reads version v sees every
// write acknowledged before v — on this instance or any other over the same database. The
// server's response cache keys answers by it. The node's epoch is new whenever the node is
// (after DeleteAll), so a counter that starts again never repeats an earlier version. The node
// is bookkeeping, not model: checksums and exports leave it out. The bump is
// store/internal/core/version.go's (core.Write), which also keeps the conformance facts' factsAt.
const cypherGraphVersion = `OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
RETURN CASE WHEN g IS NULL THEN 'none' ELSE g.epoch + ':' + toString(g.n) END AS v`

// GraphVersion returns the graph's write version ("none" before the first write): equal
// versions mean that nothing was written in between.
func (s *Store) GraphVersion(ctx context.Context) (string, error) {
	return read(ctx, s, "graph version", func(tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, cypherGraphVersion, nil)
		if err != nil {
			return "", err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return "", err
		}
		return str(rec, "v"), nil
	})
}
