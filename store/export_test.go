package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// CountCypherForTest runs a read statement returning one row with column n.
func (s *Store) CountCypherForTest(ctx context.Context, cypher string) (int, error) {
	return read(ctx, s, "test count", func(tx neo4j.ManagedTransaction) (int, error) {
		return countIn(ctx, tx, cypher, nil)
	})
}

// ExplainImpactAsOfForTest returns the operators of the asOf impact items statement's plan
// (depth 5, dependents, current root), one per line.
func (s *Store) ExplainImpactAsOfForTest(ctx context.Context) (string, error) {
	return read(ctx, s, "test explain", func(tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, "EXPLAIN "+impactAsOfLive.items[model.ImpactDirectionDependents][5],
			map[string]any{"root": "x", "asOf": "2026-01-01", "offset": 0, "limit": 10})
		if err != nil {
			return "", err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		var walk func(p neo4j.Plan, depth int)
		walk = func(p neo4j.Plan, depth int) {
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth), p.Operator())
			for _, c := range p.Children() {
				walk(c, depth+1)
			}
		}
		walk(sum.Plan(), 0)
		return b.String(), nil
	})
}

// IDsForTest runs a read statement returning column id and gives the ids.
func (s *Store) IDsForTest(ctx context.Context, cypher string, params map[string]any) ([]string, error) {
	return read(ctx, s, "test ids", func(tx neo4j.ManagedTransaction) ([]string, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		var out []string
		for res.Next(ctx) {
			out = append(out, str(res.Record(), "id"))
		}
		return out, res.Err()
	})
}
