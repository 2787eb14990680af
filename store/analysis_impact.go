package store

import (
	"context"
	"sort"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Impact traversals.
//
// Each one is a single breadth-first search in Neo4j: `MATCH p = (root)<-[:DEPENDS_ON*1..N]-(x)
// WITH x, min(length(p))` is planned as VarLengthExpand(Pruning,BFS), which visits every node
// once and yields it with its shortest depth — no path enumeration, so a hub with tens of
// thousands of dependents costs what its dependents cost (NDC on the S estate: 54k nodes,
// 360k db hits). A `WHERE length(p) <= $max` filter would turn the pruning off, and Cypher does
// not take a parameter as a var-length bound, so the statements are built once per direction
// and per depth 1..model.MaxImpactDepth from the templates below (the depth is a clamped
// integer and the arrows come from a fixed table: nothing from input reaches the text).
//
// The summary aggregates on the server: one row per (depth, layer, owner level, province)
// bucket, a few hundred rows at most, summed in Go into the four groupings. Items and paths sort
// the traversal by (depth, code) on the server and return one page.

// impactTraversal starts every impact statement: from the root (labelled rootLabel, so that it
// is found by a unique-index seek — from an unlabelled root the planner keeps the min(length)
// aggregation and pages by a full Top instead of PartialTop, 2-3× slower) along arrows a to
// depth d. As of a day the pruning breadth-first search keeps working with the path predicate:
// it is checked while expanding (VarLengthExpand(Pruning,BFS) in the plan, pinned by a test).
func impactTraversal(f form, rootLabel string, a [2]string, d int) string {
	return `
MATCH (root:` + rootLabel + ` {id: $root})
MATCH p = (root)` + a[0] + `[:` + f.types(RelDependsOn) + `*1..` + strconv.Itoa(d) + `]` + a[1] + `(` + f.component("x") + `)` + f.wherePath("p") + `
WITH root, x, min(length(p)) AS depth
WHERE x <> root`
}

// impactSummaryTail buckets the traversal (by province node: names are read once per bucket).
// Agencies that USE an affected component are counted only when $agencies, over the collected
// components (collect skips the nulls).
func impactSummaryTail(f form) string {
	return `
CALL (x) {` + ownerProvince(f) + `
}
WITH collect({depth: depth, layer: ` + f.value("x", "layer") + `, level: owner.level, province: province}) AS rows,
     collect(CASE WHEN $agencies THEN x END) AS xs
CALL (xs) {
  UNWIND xs AS x
  MATCH (a:Agency)-[` + f.rel("u", RelUses) + `]->(x)` + f.where("u") + `
  RETURN count(DISTINCT a) AS agencies
}
UNWIND rows AS r
WITH r.depth AS depth, r.layer AS layer, r.level AS level, r.province AS prov, agencies, count(*) AS n
RETURN depth, layer, level, prov.code AS province, prov.name AS provinceName, prov.nameEn AS provinceNameEn,
       n, agencies`
}

// impactItemsTail returns one page of affected components in (depth, code) order.
func impactItemsTail(f form) string {
	return `
WITH x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit
RETURN ` + f.props("x") + ` AS component, depth`
}

// impactPathsTail returns, for the same page, one shortest path from the root to each
// component (along the traversal's arrows a and depth d). As of a day, the breadth-first search
// gave each component its shortest valid depth, so a shortest path over today's relationships
// that has that length and whose relationships were all valid that day is a shortest valid
// path — the common case, at the price of the current-time search. Only otherwise is the search
// redone over current and closed relationships with the validity predicate on every one it
// expands (about 5x the reads).
func impactPathsTail(f form, a [2]string, d int) string {
	path := func(types string) string {
		return "shortestPath((root)" + a[0] + "[:" + types + "*1.." + strconv.Itoa(d) + "]" + a[1] + "(x))"
	}
	find := `
MATCH sp = ` + path(RelDependsOn)
	if f.asOf {
		find = `
OPTIONAL MATCH sp0 = ` + path(RelDependsOn) + `
CALL (root, x, depth, sp0) {
  WITH sp0 WHERE sp0 IS NOT NULL AND length(sp0) = depth AND ` + validPath("sp0") + `
  RETURN sp0 AS sp
  UNION
  WITH root, x, depth, sp0 WHERE sp0 IS NULL OR length(sp0) <> depth OR NOT ` + validPath("sp0") + `
  MATCH sp1 = ` + path(f.types(RelDependsOn)) + f.wherePath("sp1") + `
  RETURN sp1 AS sp
}`
	}
	return `
WITH root, x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit` + find + `
RETURN [n IN nodes(sp) | ` + f.props("n") + `] AS components, depth, x.code AS code
ORDER BY depth, code`
}

// impactArrows are the two directions' arrows: DEPENDENTS walks DEPENDS_ON backwards (what
// depends on the root), DEPENDENCIES forwards.
var impactArrows = map[model.ImpactDirection][2]string{
	model.ImpactDirectionDependents:   {"<-", "-"},
	model.ImpactDirectionDependencies: {"-", "->"},
}

// impactSet holds one family of rendered statements (now, or as of a day from a current or a
// retired root), by direction and depth 1..model.MaxImpactDepth (index 0 is never used).
type impactSet struct {
	summary, items, paths, filteredItems, filteredCount, groups map[model.ImpactDirection][]string
}

// buildImpactSet renders the impact templates in form f from a root labelled rootLabel, for
// every direction and depth.
func buildImpactSet(f form, rootLabel string) *impactSet {
	m := func() map[model.ImpactDirection][]string { return map[model.ImpactDirection][]string{} }
	set := &impactSet{m(), m(), m(), m(), m(), m()}
	for dir, a := range impactArrows {
		for _, mm := range []map[model.ImpactDirection][]string{set.summary, set.items, set.paths, set.filteredItems, set.filteredCount, set.groups} {
			mm[dir] = []string{""}
		}
		for d := 1; d <= model.MaxImpactDepth; d++ {
			trav := impactTraversal(f, rootLabel, a, d)
			set.summary[dir] = append(set.summary[dir], trav+impactSummaryTail(f))
			set.items[dir] = append(set.items[dir], trav+impactItemsTail(f))
			set.paths[dir] = append(set.paths[dir], trav+impactPathsTail(f, a, d))
			set.filteredItems[dir] = append(set.filteredItems[dir], trav+impactFilter(f)+impactItemsTail(f))
			set.filteredCount[dir] = append(set.filteredCount[dir], trav+impactFilter(f)+"\nRETURN count(x) AS n")
			set.groups[dir] = append(set.groups[dir], trav+impactFilter(f)+impactGroupsTail(f))
		}
	}
	return set
}

// impactNow, impactAsOfLive and impactAsOfRetired are the statements now, and as of a day from a
// current and from a retired root.
var (
	impactNow         = buildImpactSet(formNow, LabelComponent)
	impactAsOfLive    = buildImpactSet(formAsOf, LabelComponent)
	impactAsOfRetired = buildImpactSet(formAsOf, LabelRetiredComponent)
)

// clampDepth bounds a requested depth to 1..model.MaxImpactDepth.
func clampDepth(d int) int {
	return max(1, min(d, model.MaxImpactDepth))
}

// impactPrepare resolves the root (as of q.AsOf when set), picks the direction and the
// statements; an unknown direction is ErrInvalid.
func impactPrepare(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery) (string, model.ImpactDirection, int, *impactSet, error) {
	dir := q.Direction
	if dir == "" {
		dir = model.ImpactDirectionDependents
	}
	if _, ok := impactArrows[dir]; !ok {
		return "", "", 0, nil, invalidf("impact direction %q is not one of %v", dir, model.AllImpactDirection)
	}
	root, err := resolveComponentAsOf(ctx, tx, q.RootID, q.AsOf)
	set := impactNow
	switch {
	case q.AsOf != "" && root.ValidTo != nil:
		set = impactAsOfRetired
	case q.AsOf != "":
		set = impactAsOfLive
	}
	return root.ID, dir, clampDepth(q.MaxDepth), set, err
}

// ImpactSummary counts what a traversal from q.RootID reaches: total, by shortest depth, by
// layer, by the owner's level (UNOWNED when none) and by province (components with no province
// — national, ministry — are in no province bucket), and, when q.Agencies, the number of
// agencies that USE an affected component. The root itself is never counted, even on a cycle.
// q.RootID is an id or a code; an empty Direction means DEPENDENTS; MaxDepth is clamped to
// 1..model.MaxImpactDepth. An unknown root is ErrNotFound, an unknown direction ErrInvalid.
func (s *Store) ImpactSummary(ctx context.Context, q model.ImpactQuery) (model.ImpactSummary, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return model.ImpactSummary{}, err
	}
	return read(ctx, s, "impact summary", func(tx neo4j.ManagedTransaction) (model.ImpactSummary, error) {
		return impactSummary(ctx, tx, q)
	})
}

// ImpactItems returns the distinct affected components with their shortest depth, ordered by
// depth then code, from offset, at most limit of them (none when limit ≤ 0).
func (s *Store) ImpactItems(ctx context.Context, q model.ImpactQuery, offset, limit int) ([]model.Impacted, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "impact items", func(tx neo4j.ManagedTransaction) ([]model.Impacted, error) {
		return impactItems(ctx, tx, q, offset, limit)
	})
}

// Impact is ImpactSummary and the first page of ImpactItems in one read transaction: what an
// impact dashboard shows at once, on one consistent snapshot and one session.
func (s *Store) Impact(ctx context.Context, q model.ImpactQuery, offset, limit int) (model.ImpactSummary, []model.Impacted, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return model.ImpactSummary{}, nil, err
	}
	type both struct {
		sum   model.ImpactSummary
		items []model.Impacted
	}
	b, err := read(ctx, s, "impact", func(tx neo4j.ManagedTransaction) (both, error) {
		sum, err := impactSummary(ctx, tx, q)
		if err != nil {
			return both{}, err
		}
		items, err := impactItems(ctx, tx, q, offset, limit)
		return both{sum, items}, err
	})
	return b.sum, b.items, err
}

// ImpactPaths returns one shortest path from the root to each affected component of the page
// that ImpactItems returns for the same arguments, in the same order. Each path starts at the
// root and ends at the affected component; for DEPENDENTS its DEPENDS_ON edges therefore point
// from each component to the one before it, for DEPENDENCIES to the one after it.
func (s *Store) ImpactPaths(ctx context.Context, q model.ImpactQuery, offset, limit int) ([]model.Path, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "impact paths", func(tx neo4j.ManagedTransaction) ([]model.Path, error) {
		root, dir, depth, set, err := impactPrepare(ctx, tx, q)
		if err != nil {
			return nil, err
		}
		out := []model.Path{}
		if limit <= 0 {
			return out, nil
		}
		res, err := tx.Run(ctx, set.paths[dir][depth], map[string]any{
			"root": root, "offset": max(offset, 0), "limit": limit, "asOf": q.AsOf})
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			out = append(out, model.Path{Components: recComponents(res.Record(), "components")})
		}
		return out, res.Err()
	})
}

func impactItems(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery, offset, limit int) ([]model.Impacted, error) {
	root, dir, depth, set, err := impactPrepare(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	out := []model.Impacted{}
	if limit <= 0 {
		return out, nil
	}
	res, err := tx.Run(ctx, set.items[dir][depth], map[string]any{
		"root": root, "offset": max(offset, 0), "limit": limit, "asOf": q.AsOf})
	if err != nil {
		return nil, err
	}
	for res.Next(ctx) {
		r := res.Record()
		out = append(out, model.Impacted{Component: ComponentFromProps(recMap(r, "component")), Depth: int(num(r, "depth"))})
	}
	return out, res.Err()
}

// UnownedLevel is the ByLevel key of components that no agency owns.
const UnownedLevel = "UNOWNED"

// levelNames names the ByLevel buckets, in the order they are listed.
var levelNames = []struct{ key, name, nameEn string }{
	{string(model.AgencyLevelCentral), "Trung ương", "Central"},
	{string(model.AgencyLevelMinistry), "Bộ, ngành", "Ministry"},
	{string(model.AgencyLevelProvince), "Tỉnh, thành phố", "Province"},
	{string(model.AgencyLevelCommune), "Xã, phường, đặc khu", "Commune"},
	{UnownedLevel, "Chưa có cơ quan chủ quản", "No owner"},
}

func impactSummary(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery) (model.ImpactSummary, error) {
	out := model.ImpactSummary{ByDepth: []model.Count{}, ByLayer: []model.Count{}, ByLevel: []model.Count{}, ByProvince: []model.Count{}}
	root, dir, depth, set, err := impactPrepare(ctx, tx, q)
	if err != nil {
		return out, err
	}
	layers, err := layerIndex(ctx, tx)
	if err != nil {
		return out, err
	}
	res, err := tx.Run(ctx, set.summary[dir][depth], map[string]any{"root": root, "agencies": q.Agencies, "asOf": q.AsOf})
	if err != nil {
		return out, err
	}
	byDepth, byLayer, byLevel := map[int]int{}, map[string]int{}, map[string]int{}
	byProvince := map[string]*model.Count{}
	for res.Next(ctx) {
		r := res.Record()
		n := int(num(r, "n"))
		out.Total += n
		out.Agencies = int(num(r, "agencies"))
		byDepth[int(num(r, "depth"))] += n
		byLayer[str(r, "layer")] += n
		lvl := str(r, "level")
		if lvl == "" {
			lvl = UnownedLevel
		}
		byLevel[lvl] += n
		if p := str(r, "province"); p != "" {
			c := byProvince[p]
			if c == nil {
				c = &model.Count{Key: p, Name: str(r, "provinceName"), NameEn: str(r, "provinceNameEn")}
				byProvince[p] = c
			}
			c.Count += n
		}
	}
	if err := res.Err(); err != nil {
		return out, err
	}
	for d := 1; d <= depth; d++ {
		if n := byDepth[d]; n > 0 {
			out.ByDepth = append(out.ByDepth, model.Count{Key: strconv.Itoa(d), Name: strconv.Itoa(d), NameEn: strconv.Itoa(d), Count: n})
		}
	}
	for _, l := range sortedKeysOf(byLayer, func(a, b string) bool {
		return layers[a].Number < layers[b].Number || layers[a].Number == layers[b].Number && a < b
	}) {
		out.ByLayer = append(out.ByLayer, model.Count{Key: l, Name: layers[l].Name, NameEn: layers[l].NameEn, Count: byLayer[l]})
	}
	for _, l := range levelNames {
		if n := byLevel[l.key]; n > 0 {
			out.ByLevel = append(out.ByLevel, model.Count{Key: l.key, Name: l.name, NameEn: l.nameEn, Count: n})
		}
	}
	for _, c := range byProvince {
		out.ByProvince = append(out.ByProvince, *c)
	}
	sort.Slice(out.ByProvince, func(i, j int) bool {
		a, b := out.ByProvince[i], out.ByProvince[j]
		return a.Count > b.Count || a.Count == b.Count && a.Key < b.Key
	})
	return out, nil
}

// layerIndex reads the four layers by code (for names and order).
func layerIndex(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]model.Layer, error) {
	res, err := tx.Run(ctx, cypherLayers, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]model.Layer{}
	for res.Next(ctx) {
		r := res.Record()
		out[str(r, "code")] = model.Layer{ID: str(r, "id"), Code: str(r, "code"), Number: int(num(r, "number")),
			Name: str(r, "name"), NameEn: str(r, "nameEn")}
	}
	return out, res.Err()
}

func sortedKeysOf[V any](m map[string]V, less func(a, b string) bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	return keys
}
