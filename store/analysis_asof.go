package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// The analyses as of a day (asOf). Each statement below is its current-time twin with every
// relationship that carries valid time widened to <TYPE>|WAS_<TYPE> and filtered by validOn,
// retired components admitted, and each component's properties read as of the day. The
// current-time statements are not touched: they never pay for history.

// asOfValue is the expression of property prop of component x as of $asOf: x's own when its
// current version holds since then, else the ComponentVersion that covered the day.
func asOfValue(x, prop string) string {
	return fmt.Sprintf(`CASE WHEN coalesce(%[1]s.versionFrom <= $asOf, true) THEN %[1]s.%[2]s
  ELSE head([(%[1]s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.%[2]s]) END`, x, prop)
}

// asOfProps is the map of component x's properties as of $asOf (id, validFrom and validTo stay
// the component's; versionFrom is the start of the version shown).
func asOfProps(x string) string {
	return fmt.Sprintf(`CASE WHEN %[1]s IS NULL THEN null WHEN coalesce(%[1]s.versionFrom <= $asOf, true) THEN %[1]s {.*}
  ELSE coalesce(head([(%[1]s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: %[1]s.id, validFrom: %[1]s.validFrom, validTo: %[1]s.validTo, versionFrom: hv.validFrom}]), %[1]s {.*}) END`, x)
}

// mustReplace replaces every old in s by new and panics when there is none: the asOf twins are
// derived from the current statements at start-up, and a current statement edited so that a
// derivation no longer applies must fail every test, not silently drop a predicate.
func mustReplace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic(fmt.Sprintf("asOf derivation: %q not found in statement", old))
	}
	return strings.ReplaceAll(s, old, new)
}

// validPath is the predicate that every relationship of path p was valid on $asOf.
func validPath(p string) string {
	return fmt.Sprintf("all(vr IN relationships(%s) WHERE %s)", p, validRelOn("vr"))
}

// cypherResolveComponentAsOf finds the components (current or retired) with id or code $ref,
// newest first, with whether each was valid on $asOf and its properties that day.
var cypherResolveComponentAsOf = `
CALL () {
  MATCH (c:Component) WHERE c.id = $ref OR c.code = $ref RETURN c
  UNION
  MATCH (c:RetiredComponent) WHERE c.id = $ref OR c.code = $ref RETURN c
}
WITH c ORDER BY c.validFrom DESC
RETURN c {.*} AS now, ` + validOn("c") + ` AS valid, ` + asOfProps("c") + ` AS c`

// resolveComponentAsOf returns the component with id or code ref as it was on asOf (empty: now,
// resolveComponent). ErrNotFound names ref, and when the component exists but was not valid that
// day, its validity.
func resolveComponentAsOf(ctx context.Context, tx neo4j.ManagedTransaction, ref, asOf string) (model.Component, error) {
	if asOf == "" {
		return resolveComponent(ctx, tx, ref)
	}
	res, err := tx.Run(ctx, cypherResolveComponentAsOf, map[string]any{"ref": ref, "asOf": asOf})
	if err != nil {
		return model.Component{}, err
	}
	var spans []string
	for res.Next(ctx) {
		r := res.Record()
		if boolean(r, "valid") {
			c := ComponentFromProps(recMap(r, "c"))
			_, err := res.Consume(ctx)
			return c, err
		}
		now := recMap(r, "now")
		spans = append(spans, fmt.Sprintf("%s..%s", orDash(pstr(now, "validFrom")), orDash(pstr(now, "validTo"))))
	}
	if err := res.Err(); err != nil {
		return model.Component{}, err
	}
	if len(spans) == 0 {
		return model.Component{}, fmt.Errorf("%w: no component has the id or code %q", ErrNotFound, ref)
	}
	return model.Component{}, &NotFoundAsOf{fmt.Sprintf("component %q did not exist on %s (valid %s)", ref, asOf, strings.Join(spans, ", "))}
}

// NotFoundAsOf is the ErrNotFound of something that exists, but not on the day asked; Msg says
// when it was valid.
type NotFoundAsOf struct{ Msg string }

func (e *NotFoundAsOf) Error() string { return "not found: " + e.Msg }
func (e *NotFoundAsOf) Unwrap() error { return ErrNotFound }

// ResolveComponentAsOf is ResolveComponent on the day asOf (empty: now), retired components
// included, with the properties it had that day.
func (s *Store) ResolveComponentAsOf(ctx context.Context, ref, asOf string) (model.Component, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return model.Component{}, err
	}
	return read(ctx, s, "resolve component as of", func(tx neo4j.ManagedTransaction) (model.Component, error) {
		return resolveComponentAsOf(ctx, tx, ref, asOf)
	})
}

// cypherComponentVersions lists, for every component (current or retired) with id or code $ref,
// its earlier versions and then itself.
const cypherComponentVersions = `
CALL () {
  MATCH (c:Component) WHERE c.id = $ref OR c.code = $ref RETURN c
  UNION
  MATCH (c:RetiredComponent) WHERE c.id = $ref OR c.code = $ref RETURN c
}
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_VERSION]->(v:ComponentVersion)
  WITH v ORDER BY v.validTo, v.validFrom
  RETURN collect(v) AS vs
}
RETURN [v IN vs | v {.*, validFrom: c.validFrom, validTo: c.validTo, versionFrom: v.validFrom}] + [c {.*}] AS versions
ORDER BY c.validFrom, c.id`

// ComponentVersions returns every version of the components with id or code ref (retired ones
// included), oldest first: earlier property values, then the component as it is (or was when
// retired). An earlier version has an id of its own (the component's id, "@", the day it ended),
// so that clients caching by id keep the versions apart. ErrNotFound when there is none.
func (s *Store) ComponentVersions(ctx context.Context, ref string) ([]model.Component, error) {
	return read(ctx, s, "component versions", func(tx neo4j.ManagedTransaction) ([]model.Component, error) {
		res, err := tx.Run(ctx, cypherComponentVersions, map[string]any{"ref": ref})
		if err != nil {
			return nil, err
		}
		out := []model.Component{}
		for res.Next(ctx) {
			out = append(out, recComponents(res.Record(), "versions")...)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%w: no component has the id or code %q", ErrNotFound, ref)
		}
		return out, nil
	})
}

func orDash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// checkAsOf validates an asOf day: a date, not after today.
func (s *Store) checkAsOf(asOf string) error {
	if asOf == "" {
		return nil
	}
	if _, err := ParseDate(asOf); err != nil {
		return fmt.Errorf("asOf: %w", err)
	}
	if today := s.today(); asOf > today {
		return fmt.Errorf("asOf: %w: %s is after today (%s); the model records the past and present, not plans", ErrInvalid, asOf, today)
	}
	return nil
}

// --- impact ---

// impactTraversalAsOf is impactTraversal on $asOf (%s/%s: arrows, %d: depth; ROOT: the root's
// label, so that it is found by a unique-index seek — with a root from anything else the
// planner keeps the min(length) aggregation and pages by a full Top instead of PartialTop, 2-3×
// slower). The pruning breadth-first search keeps working with the relationship predicate: it
// is checked while expanding (VarLengthExpand(Pruning,BFS) in the plan, pinned by a test).
var impactTraversalAsOf = `
MATCH (root:ROOT {id: $root})
MATCH p = (root)%s[:` + either(RelDependsOn) + `*1..%d]%s(x)
WHERE ` + validPath("p") + `
WITH root, x, min(length(p)) AS depth
WHERE x <> root`

var (
	impactSummaryTailAsOf = mustReplace(mustReplace(mustReplace(impactSummaryTail,
		"CALL (x) {"+ownerProvinceSubquery, "CALL (x) {"+ownerProvinceAsOfSubquery),
		"layer: x.layer", "layer: "+asOfValue("x", "layer")),
		"MATCH (a:Agency)-[:USES]->(x)", "MATCH (a:Agency)-[u:"+either(RelUses)+"]->(x) WHERE "+validRelOn("u"))
	impactItemsTailAsOf = mustReplace(impactItemsTail, "RETURN x {.*} AS component", "RETURN "+asOfProps("x")+" AS component")
	// impactPathsTailAsOf: the breadth-first search gave each component its shortest valid depth,
	// so a shortest path over today's relationships that has that length and whose relationships
	// were all valid that day is a shortest valid path — the common case, at the price of the
	// current-time search. Only otherwise is the search redone over current and closed
	// relationships with the validity predicate on every one it expands (about 5x the reads).
	impactPathsTailAsOf = first(splitAt(impactPathsTail, "MATCH sp = shortestPath")) + `
OPTIONAL MATCH sp0 = shortestPath((root)%[1]s[:` + RelDependsOn + `*1..%[2]d]%[3]s(x))
CALL (root, x, depth, sp0) {
  WITH sp0 WHERE sp0 IS NOT NULL AND length(sp0) = depth AND ` + validPath("sp0") + `
  RETURN sp0 AS sp
  UNION
  WITH root, x, depth, sp0 WHERE sp0 IS NULL OR length(sp0) <> depth OR NOT ` + validPath("sp0") + `
  MATCH sp1 = shortestPath((root)%[1]s[:` + either(RelDependsOn) + `*1..%[2]d]%[3]s(x))
  WHERE ` + validPath("sp1") + `
  RETURN sp1 AS sp
}
RETURN [n IN nodes(sp) | ` + asOfProps("n") + `] AS components, depth, x.code AS code
ORDER BY depth, code`
	impactFilterClauseAsOf = mustReplace(impactFilterClause, ownerProvinceSubquery, ownerProvinceAsOfSubquery)

	// impactAsOfLive and impactAsOfRetired are the asOf statements from a current and from a
	// retired root.
	impactAsOfLive = buildImpactSet(strings.Replace(impactTraversalAsOf, "ROOT", LabelComponent, 1),
		impactSummaryTailAsOf, impactItemsTailAsOf, impactPathsTailAsOf, impactFilterClauseAsOf)
	impactAsOfRetired = buildImpactSet(strings.Replace(impactTraversalAsOf, "ROOT", LabelRetiredComponent, 1),
		impactSummaryTailAsOf, impactItemsTailAsOf, impactPathsTailAsOf, impactFilterClauseAsOf)
)

// --- conformance ---

// conformanceHeadAsOf is the part of cypherConformance that reads components: what the agency
// owned and realized, and the shared platforms it used, on $asOf (as maps: the rest of the
// statement reads them as it reads nodes).
var conformanceHeadAsOf = `
MATCH (a:Agency {id: $agency})
CALL (a) {
  OPTIONAL MATCH (a)-[ow:` + either(RelOwns) + `]->(c)-[re:` + either(RelRealizes) + `]->(r:ReferenceComponent {framework: $framework})
  WHERE ` + validRelOn("ow") + ` AND ` + validRelOn("re") + `
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: ` + asOfProps("c") + `}) AS owned
}
CALL (a) {
  CALL (a) {
    MATCH (a)-[u:` + either(RelUses) + `]->(s) WHERE ` + validRelOn("u") + `
    RETURN s
    UNION
    MATCH (a)-[ow:` + either(RelOwns) + `]->(:Component|RetiredComponent)-[d:` + either(RelDependsOn) + `]->(s)
    WHERE ` + validRelOn("ow") + ` AND ` + validRelOn("d") + `
    RETURN s
  }
  WITH s, ` + asOfProps("s") + ` AS sv
  WHERE sv.scope IN $sharedScopes
  ORDER BY s.code
  RETURN collect(sv) AS shared
}
CALL (a) {
  OPTIONAL MATCH (a)-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[ow:` + either(RelOwns) + `]->(c)-[re:` + either(RelRealizes) + `]->(r:ReferenceComponent)
  WHERE $commune AND ` + validRelOn("ow") + ` AND ` + validRelOn("re") + `
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: ` + asOfProps("c") + `}) AS provincial
}`

// cypherConformanceAsOf: the asOf head, then cypherConformance from its reference match on.
var cypherConformanceAsOf = conformanceHeadAsOf + second(splitAt(cypherConformance, "\nMATCH (r:ReferenceComponent"))

func first(a, _ string) string  { return a }
func second(_, b string) string { return b }

// splitAt cuts s at the first mark (which starts the second part); it panics when s has no mark
// (see mustReplace).
func splitAt(s, mark string) (before, from string) {
	i := strings.Index(s, mark)
	if i < 0 {
		panic(fmt.Sprintf("asOf derivation: %q not found in statement", mark))
	}
	return s[:i], s[i:]
}

// cypherConformanceRollupAsOf is the roll-up on $asOf.
var cypherConformanceRollupAsOf = mustReplace(conformanceRollupHead, conformanceProvinceCodes, `
CALL (p) {
  OPTIONAL MATCH (p)-[ow:`+either(RelOwns)+`]->()-[re:`+either(RelRealizes)+`]->(pr:ReferenceComponent)
  WHERE `+validRelOn("ow")+` AND `+validRelOn("re")+`
  RETURN collect(DISTINCT pr.code) AS provCodes
}`) + mustReplace(mustReplace(mustReplace(conformanceRollupBody,
	"OPTIONAL MATCH (c)-[:OWNS]->(:Component)-[:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})",
	"OPTIONAL MATCH (c)-[ow:"+either(RelOwns)+"]->()-[re:"+either(RelRealizes)+"]->(r:ReferenceComponent {framework: 'KTTS-XA'})\n  WHERE "+validRelOn("ow")+" AND "+validRelOn("re")),
	"EXISTS { (c)-[:USES]->(s:Component) WHERE s.layer = l AND s.scope IN $sharedScopes }",
	"EXISTS { (c)-[u:"+either(RelUses)+"]->(s) WHERE "+validRelOn("u")+" AND "+asOfValue("s", "layer")+" = l AND "+asOfValue("s", "scope")+" IN $sharedScopes }"),
	"EXISTS { (c)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(s:Component) WHERE s.layer = l AND s.scope IN $sharedScopes }",
	"EXISTS { (c)-[ow:"+either(RelOwns)+"]->()-[d:"+either(RelDependsOn)+"]->(s) WHERE "+validRelOn("ow")+" AND "+validRelOn("d")+" AND "+asOfValue("s", "layer")+" = l AND "+asOfValue("s", "scope")+" IN $sharedScopes }")
