// Package core is what every part of the store shares: the driver and its transactions (DB,
// Read, Write, Stream), the store's clock, its errors (Error, Kind) and the readers of records
// and property maps. Only store/ and its packages import it.
package core

import (
	"context"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// NoteTransaction counts a transaction that the caller runs itself (not through Read, Write or
// Stream), for Transactions.
func (s *DB) NoteTransaction() { s.txs.Add(1) }

// Str reads a string column; a missing or null value is "".
func Str(r *neo4j.Record, key string) string {
	v, _ := r.Get(key)
	s, _ := v.(string)
	return s
}

// Num reads an integer column; a missing or null value is 0.
func Num(r *neo4j.Record, key string) int64 {
	v, _ := r.Get(key)
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

// Boolean reads a boolean column; a missing or null value is false.
func Boolean(r *neo4j.Record, key string) bool {
	v, _ := r.Get(key)
	b, _ := v.(bool)
	return b
}

// SingleMap runs a query that returns at most one row and gives that row's map column key, or nil
// when there is no row.
func SingleMap(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, key string) (map[string]any, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	if !res.Next(ctx) {
		return nil, res.Err()
	}
	m := RecMap(res.Record(), key)
	if _, err := res.Consume(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// RecMap reads a map column (RETURN n {.*} AS key); nil when missing or null.
func RecMap(r *neo4j.Record, key string) map[string]any {
	v, _ := r.Get(key)
	return PMap(v)
}

// RecMaps reads a list-of-maps column.
func RecMaps(r *neo4j.Record, key string) []map[string]any {
	v, _ := r.Get(key)
	xs, _ := v.([]any)
	out := make([]map[string]any, 0, len(xs))
	for _, x := range xs {
		if m := PMap(x); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// CountIn runs a counting statement (RETURN … AS n) inside tx.
func CountIn(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, p map[string]any) (int, error) {
	res, err := tx.Run(ctx, cypher, p)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	return int(Num(rec, "n")), nil
}

// PStr reads a string property; "" when missing.
func PStr(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// PBool reads a boolean property; false when missing.
func PBool(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

// PInt reads an integer property; nil when missing.
func PInt(m map[string]any, k string) *int {
	switch v := m[k].(type) {
	case int64:
		n := int(v)
		return &n
	case float64:
		n := int(v)
		return &n
	}
	return nil
}

// PMap is v as a property map; nil when it is not one.
func PMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// OptStr reads a string property; nil when missing.
func OptStr(m map[string]any, k string) *string {
	if v, ok := m[k].(string); ok {
		return &v
	}
	return nil
}

// NilIfEmpty is s as a parameter: null when it is empty.
func NilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// RecStrings reads a list-of-strings column, sorted.
func RecStrings(rec *neo4j.Record, key string) []string {
	v, _ := rec.Get(key)
	out := Strings(v)
	sort.Strings(out)
	return out
}

// Strings reads a list of strings out of a value (a column, or a map's entry), in its order;
// what is not a string is left out.
func Strings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Count runs a statement returning one row with column c, inside tx.
func Count(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (int64, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	return Num(rec, "c"), nil
}

// PFloat reads a number property; 0 when missing.
func PFloat(m map[string]any, k string) float64 {
	switch v := m[k].(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	}
	return 0
}
