package core

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// cypherBumpVersion counts one more write of the graph (store/graph_version.go reads it).
const cypherBumpVersion = `MERGE (g:GraphVersion {id: 'graph'})
ON CREATE SET g.epoch = randomUUID(), g.n = 0
SET g.n = g.n + 1`

// bumpVersion counts one more write; Write calls it last in every write transaction.
func bumpVersion(ctx context.Context, tx neo4j.ManagedTransaction) error {
	res, err := tx.Run(ctx, cypherBumpVersion, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}
