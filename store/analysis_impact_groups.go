package store

import (
	"context"
	"slices"
	"sort"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Impact groups: the affected components a filter keeps, counted per (group, depth) on the
// server, so that a client never fetches more than the groups it shows (V-APEX on the S estate:
// 43k dependents, a few dozen rows).

// impactGroupsTail groups the filtered traversal by $by: the key, the node that names it (a
// province or the owner; layers and levels are named in Go) and the depth.
func impactGroupsTail(f form) string {
	return `
WITH depth, CASE $by
    WHEN 'LAYER' THEN ` + f.value("x", "layer") + `
    WHEN 'LEVEL' THEN coalesce(owner.level, '` + UnownedLevel + `')
    WHEN 'PROVINCE' THEN province.code
    WHEN 'OWNER' THEN owner.code
    ELSE toString(depth) END AS key,
  CASE $by WHEN 'PROVINCE' THEN province WHEN 'OWNER' THEN owner END AS named
WITH key, named, depth, count(*) AS n
RETURN key, named.name AS name, named.nameEn AS nameEn, depth, n`
}

// MaxImpactGroups is the most groups ImpactGroups lists at once.
const MaxImpactGroups = 500

// noProvinceName and noOwnerName name the groups of components with no province or no owner.
var (
	noProvinceName = [2]string{"Không thuộc tỉnh (trung ương, bộ, ngành)", "No province (central, ministries)"}
	noOwnerName    = [2]string{"Chưa có cơ quan chủ quản", "No owner"}
)

// ImpactGroups counts the affected components that f keeps, grouped by `by`, and returns the
// first `first` groups (1..MaxImpactGroups): largest first for provinces and owners, in the
// layers', levels' and depths' own order for those.
func (s *Store) ImpactGroups(ctx context.Context, q model.ImpactQuery, by model.ImpactGroupBy, f model.ImpactRowFilter, first int) (model.ImpactGroups, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return model.ImpactGroups{}, err
	}
	valid := false
	for _, b := range model.AllImpactGroupBy {
		valid = valid || b == by
	}
	if !valid {
		return model.ImpactGroups{}, invalidf("impact groups: %q is not one of %v", by, model.AllImpactGroupBy)
	}
	first = max(1, min(first, MaxImpactGroups))
	return read(ctx, s, "impact groups", func(tx neo4j.ManagedTransaction) (model.ImpactGroups, error) {
		out := model.ImpactGroups{Nodes: []model.ImpactGroup{}}
		root, dir, depth, set, err := impactPrepare(ctx, tx, q)
		if err != nil {
			return out, err
		}
		layers, err := layerIndex(ctx, tx)
		if err != nil {
			return out, err
		}
		if idx, found, err := s.indexSearch(ctx, tx, q, set, root, dir, depth); err != nil {
			return out, err
		} else if idx != nil {
			kept := idx.filter(found, impactRowFilter(f))
			for _, g := range idx.groups(kept, by, depth) {
				out.Nodes = append(out.Nodes, *g)
			}
			out.Total = len(kept)
			nameAndSortGroups(out.Nodes, by, layers)
			out.Count = len(out.Nodes)
			if len(out.Nodes) > first {
				out.Nodes = out.Nodes[:first]
			}
			return out, nil
		}
		res, err := tx.Run(ctx, set.groups[dir][depth], impactRowFilter(f).params(map[string]any{
			"root": root, "asOf": q.AsOf, "by": string(by)}))
		if err != nil {
			return out, err
		}
		groups := map[string]*model.ImpactGroup{}
		for res.Next(ctx) {
			r := res.Record()
			key, d, n := str(r, "key"), int(num(r, "depth")), int(num(r, "n"))
			g := groups[key]
			if g == nil {
				g = &model.ImpactGroup{Key: key, Name: str(r, "name"), NameEn: str(r, "nameEn"), ByDepth: make([]int, depth)}
				groups[key] = g
			}
			g.Count += n
			if d >= 1 && d <= depth {
				g.ByDepth[d-1] += n
			}
			out.Total += n
		}
		if err := res.Err(); err != nil {
			return out, err
		}
		for _, g := range groups {
			out.Nodes = append(out.Nodes, *g)
		}
		nameAndSortGroups(out.Nodes, by, layers)
		out.Count = len(out.Nodes)
		if len(out.Nodes) > first {
			out.Nodes = out.Nodes[:first]
		}
		return out, nil
	})
}

// sortBuckets orders a summary's buckets (the database returns them in no order).
func sortBuckets(bs []model.ImpactBucket) {
	sort.Slice(bs, func(i, j int) bool {
		a, b := bs[i], bs[j]
		switch {
		case a.Depth != b.Depth:
			return a.Depth < b.Depth
		case a.Layer != b.Layer:
			return a.Layer < b.Layer
		case a.Level != b.Level:
			return a.Level < b.Level
		default:
			return a.Province < b.Province
		}
	})
}

// ImpactGroupsFromSummary counts ImpactGroups(q, by, f, first) from the buckets of q's summary,
// computed in the same request, instead of traversing again: the same traversal, owners and
// provinces, summed in Go. ok is false when the summary lacks a dimension that by or f needs
// (then ImpactGroups must run): owners are not in the buckets, and the depth, layer and owner
// level and province only when the summary computed them. depth is the impact's maximum depth.
func ImpactGroupsFromSummary(sum model.ImpactSummary, by model.ImpactGroupBy, f model.ImpactRowFilter, first, depth int) (model.ImpactGroups, bool) {
	if !groupsFromBuckets(sum, by, f) {
		return model.ImpactGroups{}, false
	}
	out := model.ImpactGroups{Nodes: []model.ImpactGroup{}}
	groups := map[string]*model.ImpactGroup{}
	for _, b := range sum.Buckets {
		if b.Level == "" {
			b.Level = UnownedLevel
		}
		if !bucketKept(b, f) {
			continue
		}
		key, name, nameEn := bucketKey(b, by)
		g := groups[key]
		if g == nil {
			g = &model.ImpactGroup{Key: key, Name: name, NameEn: nameEn, ByDepth: make([]int, depth)}
			groups[key] = g
		}
		g.Count += b.N
		if b.Depth >= 1 && b.Depth <= depth {
			g.ByDepth[b.Depth-1] += b.N
		}
		out.Total += b.N
	}
	for _, g := range groups {
		out.Nodes = append(out.Nodes, *g)
	}
	nameAndSortGroups(out.Nodes, by, sum.Layers)
	out.Count = len(out.Nodes)
	if first = max(1, min(first, MaxImpactGroups)); len(out.Nodes) > first {
		out.Nodes = out.Nodes[:first]
	}
	return out, true
}

// groupsFromBuckets says whether sum's buckets hold every dimension that grouping by `by` and
// filtering by f need (never the owner).
func groupsFromBuckets(sum model.ImpactSummary, by model.ImpactGroupBy, f model.ImpactRowFilter) bool {
	need := model.ImpactByDepth
	switch by {
	case model.ImpactGroupByLayer:
		need |= model.ImpactByLayer
	case model.ImpactGroupByLevel, model.ImpactGroupByProvince:
		need |= model.ImpactByOwner
	case model.ImpactGroupByDepth:
	default:
		return false
	}
	if len(f.Layers) > 0 {
		need |= model.ImpactByLayer
	}
	if len(f.Levels) > 0 || f.Province != "" {
		need |= model.ImpactByOwner
	}
	return f.Owner == "" && sum.BucketParts != 0 && sum.BucketParts&need == need &&
		(need&model.ImpactByLayer == 0 || sum.Layers != nil)
}

// bucketKept says whether f keeps bucket b (its Level already UNOWNED when it has no owner).
func bucketKept(b model.ImpactBucket, f model.ImpactRowFilter) bool {
	return (len(f.Levels) == 0 || slices.Contains(f.Levels, b.Level)) && (f.Province == "" || b.Province == f.Province) &&
		(len(f.Layers) == 0 || slices.Contains(f.Layers, b.Layer)) && (f.Depth == 0 || b.Depth == f.Depth)
}

// bucketKey is bucket b's group when grouping by `by` (names only for provinces: the others are
// named by nameAndSortGroups).
func bucketKey(b model.ImpactBucket, by model.ImpactGroupBy) (key, name, nameEn string) {
	switch by {
	case model.ImpactGroupByLayer:
		return b.Layer, "", ""
	case model.ImpactGroupByLevel:
		return b.Level, "", ""
	case model.ImpactGroupByProvince:
		return b.Province, b.ProvinceName, b.ProvinceNameEn
	}
	return strconv.Itoa(b.Depth), "", ""
}

// RecordedSince is the earliest day from which a component (current or retired) is valid; ""
// when none records one.
func (s *Store) RecordedSince(ctx context.Context) (string, error) {
	return read(ctx, s, "recorded since", func(tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, cypherRecordedSince, nil)
		if err != nil {
			return "", err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return "", err
		}
		return str(rec, "day"), nil
	})
}

const cypherRecordedSince = `
CALL () {
  MATCH (c:` + LabelComponent + `) WHERE c.validFrom IS NOT NULL
  RETURN c.validFrom AS day ORDER BY c.validFrom LIMIT 1
  UNION ALL
  MATCH (c:` + LabelRetiredComponent + `) WHERE c.validFrom IS NOT NULL
  RETURN c.validFrom AS day ORDER BY c.validFrom LIMIT 1
}
RETURN min(day) AS day`

// nameAndSortGroups names the groups that the database does not (layers, levels, depths, the
// groups of no province or no owner) and sorts them: layers, levels and depths in their own
// order, provinces and owners largest first.
func nameAndSortGroups(gs []model.ImpactGroup, by model.ImpactGroupBy, layers map[string]model.Layer) {
	levelOrder := map[string]int{}
	for i, l := range levelNames {
		levelOrder[l.key] = i
	}
	for i := range gs {
		g := &gs[i]
		switch by {
		case model.ImpactGroupByLayer:
			g.Name, g.NameEn = layers[g.Key].Name, layers[g.Key].NameEn
		case model.ImpactGroupByLevel:
			if i, ok := levelOrder[g.Key]; ok {
				g.Name, g.NameEn = levelNames[i].name, levelNames[i].nameEn
			}
		case model.ImpactGroupByDepth:
			g.Name, g.NameEn = g.Key, g.Key
		case model.ImpactGroupByProvince:
			if g.Key == "" {
				g.Name, g.NameEn = noProvinceName[0], noProvinceName[1]
			}
		case model.ImpactGroupByOwner:
			if g.Key == "" {
				g.Name, g.NameEn = noOwnerName[0], noOwnerName[1]
			}
		}
	}
	less := func(a, b model.ImpactGroup) bool { return a.Count > b.Count || a.Count == b.Count && a.Key < b.Key }
	switch by {
	case model.ImpactGroupByLayer:
		less = func(a, b model.ImpactGroup) bool {
			la, lb := layers[a.Key].Number, layers[b.Key].Number
			return la < lb || la == lb && a.Key < b.Key
		}
	case model.ImpactGroupByLevel:
		less = func(a, b model.ImpactGroup) bool { return levelOrder[a.Key] < levelOrder[b.Key] }
	case model.ImpactGroupByDepth:
		less = func(a, b model.ImpactGroup) bool {
			da, _ := strconv.Atoi(a.Key)
			db, _ := strconv.Atoi(b.Key)
			return da < db
		}
	}
	sort.Slice(gs, func(i, j int) bool { return less(gs[i], gs[j]) })
}
