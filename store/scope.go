package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// cypherScopeAgencies is an editor's scope as governance's scope checks define it: the agency
// and the agencies PART_OF it, at any depth.
const cypherScopeAgencies = `
MATCH (a:Agency)-[:PART_OF*0..]->(:Agency {code: $code})
RETURN DISTINCT a {.*} AS a ORDER BY a.level = 'COMMUNE', a.code`

// ScopeAgencies lists the agencies whose components an editor of agency code may write: the
// agency first, then those part of it, by code.
func (s *Store) ScopeAgencies(ctx context.Context, code string) ([]model.Agency, error) {
	return read(ctx, s, "scope agencies", func(tx neo4j.ManagedTransaction) ([]model.Agency, error) {
		res, err := tx.Run(ctx, cypherScopeAgencies, map[string]any{"code": code})
		if err != nil {
			return nil, err
		}
		out := []model.Agency{}
		for res.Next(ctx) {
			v, _ := res.Record().Get("a")
			out = append(out, agencyFromProps(pmap(v)))
		}
		return out, res.Err()
	})
}
