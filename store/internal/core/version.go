package core

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// cypherBumpVersion counts one more write of the graph (store/graph_version.go reads it). factsAt
// is the version at which the conformance facts (store/conformance_facts.go) were last known to
// be current: a write that keeps them ($kept) moves it along when they were current before it;
// any other write leaves it behind. factsAt is set before n is counted, so that it reads the
// version before this write (the SET reads g after locking it: a direct dependency). countsAt
// is the same for the component counts (store/component_counts.go): the writes that keep the
// facts keep the counts too.
const cypherBumpVersion = `MERGE (g:GraphVersion {id: 'graph'})
ON CREATE SET g.epoch = randomUUID(), g.n = 0
SET g.factsAt = CASE WHEN $kept AND g.factsAt = g.n THEN g.n + 1 ELSE g.factsAt END,
    g.countsAt = CASE WHEN $kept AND g.countsAt = g.n THEN g.n + 1 ELSE g.countsAt END,
    g.n = g.n + 1`

type bumpMode int

const (
	bumpStale bumpMode = iota // a write that may change the conformance facts' inputs
	bumpKept                  // a write that kept the facts current, or cannot change them
	bumpNone                  // bookkeeping only: not counted as a write
)

// bumpVersion counts one more write; Write calls it last in every write transaction.
func bumpVersion(ctx context.Context, tx neo4j.ManagedTransaction, kept bool) error {
	res, err := tx.Run(ctx, cypherBumpVersion, map[string]any{"kept": kept})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}
