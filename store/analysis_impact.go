package store

import (
	"context"
	"sort"
	"strconv"
	"strings"

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

// impactSummaryTail buckets the traversal by what parts asks for (by province node: names are
// read once per bucket): depth, layer, and the owner's level and province — the owner and
// province are looked up only for ImpactByOwner, the most expensive figure. Agencies that USE an
// affected component are counted only for ImpactAgencyCount, and then only when $agencies,
// over the collected components (collect skips the nulls). With no figure it is a count.
func impactSummaryTail(f form, parts model.ImpactParts) string {
	type key struct{ name, expr string }
	var keys []key
	if parts.Has(model.ImpactByDepth) {
		keys = append(keys, key{"depth", "depth"})
	}
	if parts.Has(model.ImpactByLayer) {
		keys = append(keys, key{"layer", f.value("x", "layer")})
	}
	owner := parts.Has(model.ImpactByOwner)
	if owner {
		keys = append(keys, key{"level", "owner.level"}, key{"prov", "province"})
	}
	var b strings.Builder
	if owner {
		b.WriteString("\nCALL (x) {" + ownerProvince(f) + "\n}")
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.name
	}
	if parts.Has(model.ImpactAgencyCount) {
		fields := make([]string, len(keys))
		for i, k := range keys {
			fields[i] = k.name + ": " + k.expr
		}
		group := make([]string, len(keys))
		for i, k := range keys {
			group[i] = "r." + k.name + " AS " + k.name
		}
		b.WriteString(`
WITH collect({` + strings.Join(fields, ", ") + `}) AS rows,
     collect(CASE WHEN $agencies THEN x END) AS xs
CALL (xs) {
  UNWIND xs AS x
  MATCH (a:Agency)-[` + f.rel("u", RelUses) + `]->(x)` + f.where("u") + `
  RETURN count(DISTINCT a) AS agencies
}
UNWIND rows AS r
WITH ` + strings.Join(append(group, "agencies"), ", ") + `, count(*) AS n`)
		names = append(names, "agencies")
	} else {
		group := make([]string, len(keys))
		for i, k := range keys {
			group[i] = k.expr + " AS " + k.name
		}
		b.WriteString("\nWITH " + strings.Join(append(group, "count(*) AS n"), ", "))
	}
	ret := []string{}
	for _, n := range names {
		if n == "prov" {
			ret = append(ret, "prov.code AS province, prov.name AS provinceName, prov.nameEn AS provinceNameEn")
			continue
		}
		ret = append(ret, n)
	}
	b.WriteString("\nRETURN " + strings.Join(append(ret, "n"), ", "))
	return b.String()
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
	// byParts are the summary statements by the figures they compute (index: the
	// model.ImpactParts bits of model.ImpactPartsAll); summary is byParts[model.ImpactPartsAll].
	byParts [model.ImpactPartsAll + 1]map[model.ImpactDirection][]string
}

// summaryFor is the summary statement that computes parts.
func (s *impactSet) summaryFor(parts model.ImpactParts, dir model.ImpactDirection, depth int) string {
	if parts == 0 {
		parts = model.ImpactPartsAll
	}
	return s.byParts[parts&model.ImpactPartsAll][dir][depth]
}

// buildImpactSet renders the impact templates in form f from a root labelled rootLabel, for
// every direction and depth.
func buildImpactSet(f form, rootLabel string) *impactSet {
	m := func() map[model.ImpactDirection][]string { return map[model.ImpactDirection][]string{} }
	set := &impactSet{items: m(), paths: m(), filteredItems: m(), filteredCount: m(), groups: m()}
	for i := range set.byParts {
		set.byParts[i] = m()
	}
	set.summary = set.byParts[model.ImpactPartsAll]
	for dir, a := range impactArrows {
		for _, mm := range append([]map[model.ImpactDirection][]string{set.items, set.paths, set.filteredItems, set.filteredCount, set.groups}, set.byParts[:]...) {
			mm[dir] = []string{""}
		}
		for d := 1; d <= model.MaxImpactDepth; d++ {
			trav := impactTraversal(f, rootLabel, a, d)
			for i := range set.byParts {
				// The chosen bit keeps a zero index meaning "total only", not "every figure".
				set.byParts[i][dir] = append(set.byParts[i][dir], trav+impactSummaryTail(f, model.ImpactParts(i)|model.ImpactPartsChosen))
			}
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
	if _, err := impactDirection(q); err != nil {
		return "", "", 0, nil, err
	}
	root, err := resolveComponentAsOf(ctx, tx, q.RootID, q.AsOf)
	if err != nil {
		return "", "", 0, nil, err
	}
	dir, depth, set, err := impactPrepareRoot(q, root)
	return root.ID, dir, depth, set, err
}

// impactDirection is q's direction (DEPENDENTS when empty); an unknown one is ErrInvalid.
func impactDirection(q model.ImpactQuery) (model.ImpactDirection, error) {
	dir := q.Direction
	if dir == "" {
		dir = model.ImpactDirectionDependents
	}
	if _, ok := impactArrows[dir]; !ok {
		return "", invalidf("impact direction %q is not one of %v", dir, model.AllImpactDirection)
	}
	return dir, nil
}

// impactPrepareRoot is impactPrepare for a root already resolved (as of q.AsOf).
func impactPrepareRoot(q model.ImpactQuery, root model.Component) (model.ImpactDirection, int, *impactSet, error) {
	dir, err := impactDirection(q)
	if err != nil {
		return "", 0, nil, err
	}
	set := impactNow
	switch {
	case q.AsOf != "" && root.ValidTo != nil:
		set = impactAsOfRetired
	case q.AsOf != "":
		set = impactAsOfLive
	}
	return dir, clampDepth(q.MaxDepth), set, nil
}

// ImpactRequest is what one impact field of a GraphQL request reads, in one read transaction:
// the root (by id or code), the summary's figures q.Parts, a page of items, the layers.
type ImpactRequest struct {
	Ref   string            // the root's id or code
	Query model.ImpactQuery // its RootID is set from Ref
	// Summary: compute the summary (the figures Query.Parts).
	Summary bool
	// Items, when set: one page of affected components (Filter.Province a province code).
	Items *ImpactPage
	// Layers: also read every layer (what a client's "layer { … }" below the items asks for).
	Layers bool
}

// ImpactPage is a page of an impact's items.
type ImpactPage struct {
	Offset, Limit int
	Filter        model.ImpactRowFilter
}

// ImpactAnswer is what ImpactRead read.
type ImpactAnswer struct {
	Root    model.Component
	Summary model.ImpactSummary
	Items   []model.Impacted
	Layers  []model.Layer
}

// ImpactRead reads what req asks for in one read transaction (one consistent snapshot): an
// unknown root is ErrNotFound, an unknown direction ErrInvalid.
func (s *Store) ImpactRead(ctx context.Context, req ImpactRequest) (ImpactAnswer, error) {
	q := req.Query
	if err := s.checkAsOf(q.AsOf); err != nil {
		return ImpactAnswer{}, err
	}
	if _, err := impactDirection(q); err != nil {
		return ImpactAnswer{}, err
	}
	return read(ctx, s, "impact", func(tx neo4j.ManagedTransaction) (ImpactAnswer, error) {
		var out ImpactAnswer
		root, err := resolveComponentAsOf(ctx, tx, req.Ref, q.AsOf)
		if err != nil {
			return out, err
		}
		out.Root = root
		q.RootID = root.ID
		dir, depth, set, err := impactPrepareRoot(q, root)
		if err != nil {
			return out, err
		}
		var layers map[string]model.Layer
		if req.Layers || req.Summary && q.Parts.Has(model.ImpactByLayer) {
			if layers, err = layerIndex(ctx, tx); err != nil {
				return out, err
			}
			for _, l := range layers {
				out.Layers = append(out.Layers, l)
			}
			sort.Slice(out.Layers, func(i, j int) bool { return out.Layers[i].Number < out.Layers[j].Number })
		}
		// The impact index answers the summary and the page when it is current.
		var found []reached
		var idx *impactIndex
		if !req.Summary || impactIndexUsable(q) {
			if idx, found, err = s.indexSearch(ctx, tx, q, set, root.ID, dir, depth); err != nil {
				return out, err
			}
		}
		if req.Summary {
			if idx != nil {
				out.Summary = idx.summary(found, q.Parts, depth, layers)
			} else if out.Summary, err = impactSummaryRun(ctx, tx, q, root.ID, set.summaryFor(q.Parts, dir, depth), depth, layers); err != nil {
				return out, err
			}
		}
		if p := req.Items; p != nil && idx != nil {
			ids, depths := idx.page(idx.filter(found, impactRowFilter(p.Filter)), p.Offset, p.Limit)
			items, ok, err := impactIndexItems(ctx, tx, ids, depths, q.AsOf)
			if err != nil {
				return out, err
			}
			if ok {
				out.Items = items
				return out, nil
			}
		}
		if p := req.Items; p != nil {
			statement, params := set.items[dir][depth], map[string]any{}
			if !impactRowFilter(p.Filter).empty() {
				statement, params = set.filteredItems[dir][depth], impactRowFilter(p.Filter).params(params)
			}
			params["root"], params["offset"], params["limit"], params["asOf"] = root.ID, max(p.Offset, 0), p.Limit, q.AsOf
			if out.Items, err = impactRows(ctx, tx, statement, params, p.Limit); err != nil {
				return out, err
			}
		}
		return out, nil
	})
}

// impactRows runs an items statement (none when limit ≤ 0).
func impactRows(ctx context.Context, tx neo4j.ManagedTransaction, statement string, params map[string]any, limit int) ([]model.Impacted, error) {
	out := []model.Impacted{}
	if limit <= 0 {
		return out, nil
	}
	res, err := tx.Run(ctx, statement, params)
	if err != nil {
		return nil, err
	}
	for res.Next(ctx) {
		r := res.Record()
		out = append(out, model.Impacted{Component: componentFromProps(recMap(r, "component")), Depth: int(num(r, "depth"))})
	}
	return out, res.Err()
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
		return s.impactSummary(ctx, tx, q)
	})
}

// ImpactItems returns the distinct affected components with their shortest depth, ordered by
// depth then code, from offset, at most limit of them (none when limit ≤ 0).
func (s *Store) ImpactItems(ctx context.Context, q model.ImpactQuery, offset, limit int) ([]model.Impacted, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "impact items", func(tx neo4j.ManagedTransaction) ([]model.Impacted, error) {
		return s.impactItems(ctx, tx, q, offset, limit)
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
		sum, err := s.impactSummary(ctx, tx, q)
		if err != nil {
			return both{}, err
		}
		items, err := s.impactItems(ctx, tx, q, offset, limit)
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

func (s *Store) impactItems(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery, offset, limit int) ([]model.Impacted, error) {
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
		ids, depths := idx.page(found, offset, limit)
		if items, ok, err := impactIndexItems(ctx, tx, ids, depths, q.AsOf); err != nil || ok {
			return items, err
		}
	}
	res, err := tx.Run(ctx, set.items[dir][depth], map[string]any{
		"root": root, "offset": max(offset, 0), "limit": limit, "asOf": q.AsOf})
	if err != nil {
		return nil, err
	}
	for res.Next(ctx) {
		r := res.Record()
		out = append(out, model.Impacted{Component: componentFromProps(recMap(r, "component")), Depth: int(num(r, "depth"))})
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

func (s *Store) impactSummary(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery) (model.ImpactSummary, error) {
	out := model.ImpactSummary{ByDepth: []model.Count{}, ByLayer: []model.Count{}, ByLevel: []model.Count{}, ByProvince: []model.Count{}}
	root, dir, depth, set, err := impactPrepare(ctx, tx, q)
	if err != nil {
		return out, err
	}
	var layers map[string]model.Layer
	if q.Parts.Has(model.ImpactByLayer) {
		if layers, err = layerIndex(ctx, tx); err != nil {
			return out, err
		}
	}
	if impactIndexUsable(q) {
		idx, found, err := s.indexSearch(ctx, tx, q, set, root, dir, depth)
		if err != nil {
			return out, err
		}
		if idx != nil {
			return idx.summary(found, q.Parts, depth, layers), nil
		}
	}
	return impactSummaryRun(ctx, tx, q, root, set.summaryFor(q.Parts, dir, depth), depth, layers)
}

// impactSummaryRun runs a summary statement and sums its buckets into the figures q.Parts asks
// for (layers names the layers when ImpactByLayer).
func impactSummaryRun(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery, root, statement string, depth int, layers map[string]model.Layer) (model.ImpactSummary, error) {
	out := model.ImpactSummary{ByDepth: []model.Count{}, ByLayer: []model.Count{}, ByLevel: []model.Count{}, ByProvince: []model.Count{}}
	res, err := tx.Run(ctx, statement, map[string]any{"root": root, "agencies": q.Agencies, "asOf": q.AsOf})
	if err != nil {
		return out, err
	}
	byOwner := q.Parts.Has(model.ImpactByOwner)
	byDepth, byLayer, byLevel := map[int]int{}, map[string]int{}, map[string]int{}
	byProvince := map[string]*model.Count{}
	// The buckets are kept for impact groups when they hold the owners' levels and provinces:
	// without them the impact index may answer the summary (and keeps no buckets), and a
	// grouping by layer or depth traverses again, as before.
	if byOwner {
		out.BucketParts, out.Layers = q.Parts&model.ImpactPartsAll, layers
		if q.Parts == 0 {
			out.BucketParts = model.ImpactPartsAll
		}
	}
	for res.Next(ctx) {
		r := res.Record()
		n := int(num(r, "n"))
		out.Total += n
		out.Agencies = int(num(r, "agencies"))
		byDepth[int(num(r, "depth"))] += n
		byLayer[str(r, "layer")] += n
		if !byOwner {
			continue
		}
		out.Buckets = append(out.Buckets, model.ImpactBucket{Depth: int(num(r, "depth")), Layer: str(r, "layer"), Level: str(r, "level"),
			Province: str(r, "province"), ProvinceName: str(r, "provinceName"), ProvinceNameEn: str(r, "provinceNameEn"), N: n})
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
	sortBuckets(out.Buckets)
	if q.Parts.Has(model.ImpactByDepth) {
		for d := 1; d <= depth; d++ {
			if n := byDepth[d]; n > 0 {
				out.ByDepth = append(out.ByDepth, model.Count{Key: strconv.Itoa(d), Name: strconv.Itoa(d), NameEn: strconv.Itoa(d), Count: n})
			}
		}
	}
	if q.Parts.Has(model.ImpactByLayer) {
		for _, l := range sortedKeysOf(byLayer, func(a, b string) bool {
			return layers[a].Number < layers[b].Number || layers[a].Number == layers[b].Number && a < b
		}) {
			out.ByLayer = append(out.ByLayer, model.Count{Key: l, Name: layers[l].Name, NameEn: layers[l].NameEn, Count: byLayer[l]})
		}
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
