package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// impactRowFilter is model.ImpactRowFilter with its parameters.
type impactRowFilter model.ImpactRowFilter

func (f impactRowFilter) empty() bool {
	return len(f.Levels) == 0 && f.Province == "" && len(f.Layers) == 0 && f.Owner == "" && f.Depth == 0
}

func (f impactRowFilter) params(p map[string]any) map[string]any {
	p["levels"], p["province"], p["layers"], p["owner"], p["depth"] = nil, nilIfEmpty(f.Province), nil, nilIfEmpty(f.Owner), nil
	if len(f.Levels) > 0 {
		p["levels"] = f.Levels
	}
	if len(f.Layers) > 0 {
		p["layers"] = f.Layers
	}
	if f.Depth > 0 {
		p["depth"] = f.Depth
	}
	return p
}

// impactFilter keeps the traversal's rows whose owner has one of $levels, that belong to
// province $province (a code), whose layer is one of $layers, whose owner is $owner (a code)
// and whose depth is $depth; each null keeps all.
func impactFilter(f form) string {
	return `
CALL (x) {` + ownerProvince(f) + `
}
WITH x, depth, owner, province
WHERE ($levels IS NULL OR coalesce(owner.level, '` + UnownedLevel + `') IN $levels)
  AND ($province IS NULL OR province.code = $province)
  AND ($owner IS NULL OR owner.code = $owner)
  AND ($depth IS NULL OR depth = $depth)
  AND ($layers IS NULL OR ` + f.value("x", "layer") + ` IN $layers)`
}

// ImpactItemsFiltered is ImpactItems restricted by f (owners of some levels and/or one province) (an empty f is ImpactItems).
func (s *Store) ImpactItemsFiltered(ctx context.Context, q model.ImpactQuery, f model.ImpactRowFilter, offset, limit int) ([]model.Impacted, error) {
	if impactRowFilter(f).empty() {
		return s.ImpactItems(ctx, q, offset, limit)
	}
	if err := s.checkAsOf(q.AsOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "impact items (filtered)", func(tx neo4j.ManagedTransaction) ([]model.Impacted, error) {
		root, dir, depth, set, err := impactPrepare(ctx, tx, q)
		if err != nil {
			return nil, err
		}
		out := []model.Impacted{}
		if limit <= 0 {
			return out, nil
		}
		if idx, found, err := s.indexSearch(ctx, tx, q, set, root, dir, depth); err != nil {
			return nil, err
		} else if idx != nil {
			ids, depths := idx.page(idx.filter(found, impactRowFilter(f)), offset, limit)
			if items, ok, err := impactIndexItems(ctx, tx, ids, depths, q.AsOf); err != nil || ok {
				return items, err
			}
		}
		res, err := tx.Run(ctx, set.filteredItems[dir][depth], impactRowFilter(f).params(map[string]any{
			"root": root, "offset": max(offset, 0), "limit": limit, "asOf": q.AsOf}))
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			r := res.Record()
			out = append(out, model.Impacted{Component: componentFromProps(recMap(r, "component")), Depth: int(num(r, "depth"))})
		}
		return out, res.Err()
	})
}

// CountImpactItems counts the rows ImpactItemsFiltered pages through.
func (s *Store) CountImpactItems(ctx context.Context, q model.ImpactQuery, f model.ImpactRowFilter) (int, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return 0, err
	}
	return read(ctx, s, "impact items count", func(tx neo4j.ManagedTransaction) (int, error) {
		root, dir, depth, set, err := impactPrepare(ctx, tx, q)
		if err != nil {
			return 0, err
		}
		if idx, found, err := s.indexSearch(ctx, tx, q, set, root, dir, depth); err != nil {
			return 0, err
		} else if idx != nil {
			return len(idx.filter(found, impactRowFilter(f))), nil
		}
		return countIn(ctx, tx, set.filteredCount[dir][depth], impactRowFilter(f).params(map[string]any{"root": root, "asOf": q.AsOf}))
	})
}
