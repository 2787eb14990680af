package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Framework versions: each framework lists its reference components by DEFINED_IN, and the
// relationship records what that framework says of the component (name, group, tier, area type,
// kind, exploitsShared, catchAll, provides; see seed.FrameworkVersion). A component's node holds
// what its own framework says.

const cypherResolveFramework = `
MATCH (f:Framework) WHERE f.id = $ref OR f.code = $ref
RETURN f {.*} AS f LIMIT 1`

const cypherFrameworkDefinitions = `
MATCH (:Framework {id: $id})<-[d:DEFINED_IN]-(r:ReferenceComponent)
RETURN r {.*} AS node, properties(d) AS def
ORDER BY r.code`

// definedFields are the fields a framework version may describe differently, in the order a
// diff lists them.
var definedFields = []string{"name", "nameEn", "group", "tier", "areaType", "kind", "exploitsShared", "catchAll", "provides"}

// FrameworkDiff compares the reference components that two frameworks (ids or codes) list:
// added (listed by to only), removed (by from only) and changed (listed by both and described
// differently), matched by code. ErrNotFound names an unknown framework.
func (s *Store) FrameworkDiff(ctx context.Context, from, to string) (model.FrameworkDiff, error) {
	return read(ctx, s, "framework diff", func(tx neo4j.ManagedTransaction) (model.FrameworkDiff, error) {
		var out model.FrameworkDiff
		defs := [2]map[string]map[string]any{}
		for i, ref := range []string{from, to} {
			f, err := singleMap(ctx, tx, cypherResolveFramework, map[string]any{"ref": ref}, "f")
			if err != nil {
				return out, err
			}
			if f == nil {
				return out, notFoundf("no framework has the id or code %q", ref)
			}
			if i == 0 {
				out.From = frameworkFromProps(f)
			} else {
				out.To = frameworkFromProps(f)
			}
			if defs[i], err = frameworkDefinitions(ctx, tx, pstr(f, "id")); err != nil {
				return out, err
			}
		}
		old, cur := defs[0], defs[1]
		out.FromCount, out.ToCount = len(old), len(cur)
		out.Added, out.Removed, out.Changed = []model.ReferenceComponent{}, []model.ReferenceComponent{}, []model.ReferenceChange{}
		for _, code := range sortedKeysOf(cur, func(a, b string) bool { return a < b }) {
			o, ok := old[code]
			if !ok {
				out.Added = append(out.Added, referenceComponentFromProps(cur[code]))
				continue
			}
			var fields []model.FieldChange
			for _, k := range definedFields {
				a, b := fieldText(o[k]), fieldText(cur[code][k])
				if !equalText(a, b) {
					fields = append(fields, model.FieldChange{Field: k, From: a, To: b})
				}
			}
			if len(fields) == 0 {
				out.Unchanged++
				continue
			}
			out.Changed = append(out.Changed, model.ReferenceChange{Reference: referenceComponentFromProps(cur[code]), Fields: fields})
		}
		for _, code := range sortedKeysOf(old, func(a, b string) bool { return a < b }) {
			if _, ok := cur[code]; !ok {
				out.Removed = append(out.Removed, referenceComponentFromProps(old[code]))
			}
		}
		return out, nil
	})
}

// frameworkDefinitions reads what framework id says of each component it lists, by code: the
// node's properties overlaid with the DEFINED_IN record (a relationship loaded before versions
// existed has none, and then the node's own description is the framework's).
func frameworkDefinitions(ctx context.Context, tx neo4j.ManagedTransaction, id string) (map[string]map[string]any, error) {
	res, err := tx.Run(ctx, cypherFrameworkDefinitions, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]any{}
	for res.Next(ctx) {
		r := res.Record()
		m := recMap(r, "node")
		if def := recMap(r, "def"); def["name"] != nil {
			for _, k := range definedFields {
				delete(m, k)
				if v, ok := def[k]; ok {
					m[k] = v
				}
			}
		}
		out[pstr(m, "code")] = m
	}
	return out, res.Err()
}

// fieldText renders a stored value for a diff: lists sorted and joined with ", ".
func fieldText(v any) *string {
	var s string
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		sort.Strings(parts)
		s = strings.Join(parts, ", ")
	default:
		s = fmt.Sprint(x)
	}
	return &s
}

func equalText(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
