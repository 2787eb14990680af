package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// ImpactItemFilter narrows the rows of an impact to owners of some levels (CENTRAL, MINISTRY,
// PROVINCE, COMMUNE, UNOWNED) and/or to one province (its own components and its communes').
type ImpactItemFilter struct {
	Levels   []string
	Province string // province code
}

func (f ImpactItemFilter) empty() bool { return len(f.Levels) == 0 && f.Province == "" }

func (f ImpactItemFilter) params(p map[string]any) map[string]any {
	p["levels"], p["province"] = nil, nilIfEmpty(f.Province)
	if len(f.Levels) > 0 {
		p["levels"] = f.Levels
	}
	return p
}

const impactFilterClause = `
CALL (x) {` + ownerProvinceSubquery + `
}
WITH x, depth, owner, province
WHERE ($levels IS NULL OR coalesce(owner.level, '` + UnownedLevel + `') IN $levels)
  AND ($province IS NULL OR province.code = $province)`

var impactFilteredItemsCypher, impactFilteredCountCypher = func() (m1, m2 map[model.ImpactDirection][]string) {
	m1, m2 = map[model.ImpactDirection][]string{}, map[model.ImpactDirection][]string{}
	for dir, a := range impactArrows {
		m1[dir], m2[dir] = []string{""}, []string{""}
		for d := 1; d <= model.MaxImpactDepth; d++ {
			trav := sprintfTraversal(a, d)
			m1[dir] = append(m1[dir], trav+impactFilterClause+impactItemsTail)
			m2[dir] = append(m2[dir], trav+impactFilterClause+"\nRETURN count(x) AS n")
		}
	}
	return
}()

// ImpactItemsFiltered is ImpactItems restricted by f (an empty f is ImpactItems).
func (s *Store) ImpactItemsFiltered(ctx context.Context, q model.ImpactQuery, f ImpactItemFilter, offset, limit int) ([]model.Impacted, error) {
	if f.empty() {
		return s.ImpactItems(ctx, q, offset, limit)
	}
	return read(ctx, s, "impact items (filtered)", func(tx neo4j.ManagedTransaction) ([]model.Impacted, error) {
		root, dir, depth, err := impactPrepare(ctx, tx, q)
		if err != nil {
			return nil, err
		}
		out := []model.Impacted{}
		if limit <= 0 {
			return out, nil
		}
		res, err := tx.Run(ctx, impactFilteredItemsCypher[dir][depth], f.params(map[string]any{
			"root": root, "offset": max(offset, 0), "limit": limit}))
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			r := res.Record()
			out = append(out, model.Impacted{Component: ComponentFromProps(recMap(r, "component")), Depth: int(num(r, "depth"))})
		}
		return out, res.Err()
	})
}

// CountImpactItems counts the rows ImpactItemsFiltered pages through.
func (s *Store) CountImpactItems(ctx context.Context, q model.ImpactQuery, f ImpactItemFilter) (int, error) {
	return read(ctx, s, "impact items count", func(tx neo4j.ManagedTransaction) (int, error) {
		root, dir, depth, err := impactPrepare(ctx, tx, q)
		if err != nil {
			return 0, err
		}
		return countIn(ctx, tx, impactFilteredCountCypher[dir][depth], f.params(map[string]any{"root": root}))
	})
}

func sprintfTraversal(a [2]string, depth int) string {
	return fmt.Sprintf(impactTraversal, a[0], depth, a[1])
}

// countIn runs a counting statement (RETURN … AS n) inside tx.
func countIn(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, p map[string]any) (int, error) {
	res, err := tx.Run(ctx, cypher, p)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	return int(num(rec, "n")), nil
}
