package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

const cypherCreateComponent = `
MATCH (l:Layer {code: $layer})
CREATE (c:Component {id: $id, code: $code, name: $name, nameEn: $nameEn, kind: $kind, scope: $scope,
                     status: $status, layer: $layer, synthetic: false, source: $source})
CREATE (c)-[:IN_LAYER]->(l)
RETURN c.id AS id`

// CreateComponent stores a new component in its layer. A duplicate id or code is ErrConflict;
// an unknown layer is ErrInvalid.
func (s *Store) CreateComponent(ctx context.Context, c model.Component) (model.Component, error) {
	return write(ctx, s, "create component", func(tx neo4j.ManagedTransaction) (model.Component, error) {
		res, err := tx.Run(ctx, cypherCreateComponent, map[string]any{
			"id": c.ID, "code": c.Code, "name": c.Name, "nameEn": c.NameEn, "kind": string(c.Kind),
			"scope": string(c.Scope), "status": string(c.Status), "layer": c.LayerCode, "source": c.Source,
		})
		if err != nil {
			return c, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return c, err
			}
			return c, fmt.Errorf("%w: unknown layer %q", ErrInvalid, c.LayerCode)
		}
		return c, res.Err()
	})
}

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
	return nil
}
