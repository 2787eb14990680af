package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

const cypherLayers = `
MATCH (l:Layer)
RETURN l.id AS id, l.code AS code, l.number AS number, l.name AS name, l.nameEn AS nameEn
ORDER BY l.number`

// Layers returns the four layers, bottom-up.
func (s *Store) Layers(ctx context.Context) ([]model.Layer, error) {
	return read(ctx, s, "layers", func(tx neo4j.ManagedTransaction) ([]model.Layer, error) {
		res, err := tx.Run(ctx, cypherLayers, nil)
		if err != nil {
			return nil, err
		}
		out := []model.Layer{}
		for res.Next(ctx) {
			r := res.Record()
			out = append(out, model.Layer{
				ID:     str(r, "id"),
				Code:   str(r, "code"),
				Number: int(num(r, "number")),
				Name:   str(r, "name"),
				NameEn: str(r, "nameEn"),
			})
		}
		return out, res.Err()
	})
}

// str reads a string column; a missing or null value is "".
func str(r *neo4j.Record, key string) string {
	v, _ := r.Get(key)
	s, _ := v.(string)
	return s
}

// num reads an integer column; a missing or null value is 0.
func num(r *neo4j.Record, key string) int64 {
	v, _ := r.Get(key)
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

// boolean reads a boolean column; a missing or null value is false.
func boolean(r *neo4j.Record, key string) bool {
	v, _ := r.Get(key)
	b, _ := v.(bool)
	return b
}
