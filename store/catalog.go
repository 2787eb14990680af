package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// props is a node's property map, as returned by `RETURN n {.*}`.
type props = map[string]any

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsID reports whether ref looks like a node id (a UUID) rather than a code.
func IsID(ref string) bool { return uuidPattern.MatchString(ref) }

var getByRef = map[string]string{}

func init() {
	for _, l := range Labels {
		// Codes are matched as given, and for labels with an ASCII alias, by the alias too.
		alias := ""
		if l == LabelReferenceComponent || l == LabelComponentGroup {
			alias = " OR n.ascii = $ref"
		}
		getByRef[l] = fmt.Sprintf(`MATCH (n:%s) WHERE n.id = $ref OR n.code = $ref%s
RETURN n {.*} AS n ORDER BY n.code = $ref DESC LIMIT 1`, l, alias)
	}
}

// Get returns the node of label whose id or code (or ASCII alias) is ref, as its model type
// (model.Component for a component, …); ErrNotFound otherwise.
func (s *Store) Get(ctx context.Context, label, ref string) (model.Node, error) {
	q, ok := getByRef[label]
	if !ok {
		return nil, invalidf("%q is not a label of the metamodel", label)
	}
	return read(ctx, s, "get "+label, func(tx neo4j.ManagedTransaction) (model.Node, error) {
		return getIn(ctx, tx, label, q, ref)
	})
}

func getIn(ctx context.Context, tx neo4j.ManagedTransaction, label, q, ref string) (model.Node, error) {
	res, err := tx.Run(ctx, q, map[string]any{"ref": ref})
	if err != nil {
		return nil, err
	}
	if !res.Next(ctx) {
		if err := res.Err(); err != nil {
			return nil, err
		}
		return nil, notFoundf("no %s with id or code %q", label, ref)
	}
	return nodeFromProps(label, recMap(res.Record(), "n")), nil
}

var allOf = map[string]string{}

func init() {
	for _, l := range Labels {
		allOf[l] = fmt.Sprintf(`MATCH (n:%s) RETURN n {.*} AS n ORDER BY n.code`, l)
	}
}

// All returns every node of a small label (layers, frameworks, groups, capabilities, rules),
// ordered by code, as its model type.
func (s *Store) All(ctx context.Context, label string) ([]model.Node, error) {
	q, ok := allOf[label]
	if !ok || label == LabelComponent || label == LabelAgency {
		return nil, invalidf("All(%s) is for the small labels only", label)
	}
	return read(ctx, s, "all "+label, func(tx neo4j.ManagedTransaction) ([]model.Node, error) {
		res, err := tx.Run(ctx, q, nil)
		if err != nil {
			return nil, err
		}
		out := []model.Node{}
		for res.Next(ctx) {
			out = append(out, nodeFromProps(label, recMap(res.Record(), "n")))
		}
		return out, res.Err()
	})
}

// Relation names a batched lookup of related nodes (or counts), keyed by the source node's id
// or code. Each is a fixed query: the allow-list below.
type Relation string

// The relations the API loads in batches (one query per request level, never one per row).
const (
	RelNodeByID               Relation = "node.byId"
	RelComponentByID          Relation = "component.byId"
	RelAgencyByID             Relation = "agency.byId"
	RelLayerByCode            Relation = "layer.byCode"
	RelGroupByCode            Relation = "group.byCode"
	RelFrameworkByCode        Relation = "framework.byCode"
	RelComponentOwner         Relation = "component.owner"
	RelComponentDependsOn     Relation = "component.dependsOn"
	RelComponentRealizes      Relation = "component.realizes"
	RelComponentProvides      Relation = "component.provides"
	RelComponentUsedBy        Relation = "component.usedBy"
	RelComponentHostedIn      Relation = "component.hostedIn"
	RelComponentDR            Relation = "component.disasterRecovery"
	RelComponentApprovedBy    Relation = "component.approvedBy"
	RelAgencyPartOf           Relation = "agency.partOf"
	RelAgencyProvince         Relation = "agency.province"
	RelAgencyUses             Relation = "agency.uses"
	RelLayerGroups            Relation = "layer.groups"
	RelGroupRefs              Relation = "group.referenceComponents"
	RelFrameworkConformsTo    Relation = "framework.conformsTo"
	RelFrameworkSupersedes    Relation = "framework.supersedes"
	RelFrameworkRefs          Relation = "framework.referenceComponents"
	RelRefProvides            Relation = "reference.provides"
	RelCapabilityNational     Relation = "capability.nationalProviders"
	RelCapabilitySanctionedBy Relation = "capability.sanctionedBy"
	// Counts: items hold one map {"n": count}.
	RelLayerComponentCount Relation = "layer.componentCount"
	RelRefRealizedByCount  Relation = "reference.realizedByCount"
	RelGroupComponentCount Relation = "group.componentCount"
)

var relatedQueries = map[Relation]string{
	RelNodeByID:               `UNWIND $keys AS key MATCH (n {id: key}) RETURN key, [n {.*, label: labels(n)[0]}] AS items`,
	RelComponentByID:          `UNWIND $keys AS key MATCH (n:Component {id: key}) RETURN key, [n {.*}] AS items`,
	RelAgencyByID:             `UNWIND $keys AS key MATCH (n:Agency {id: key}) RETURN key, [n {.*}] AS items`,
	RelLayerByCode:            `UNWIND $keys AS key MATCH (n:Layer {code: key}) RETURN key, [n {.*}] AS items`,
	RelGroupByCode:            `UNWIND $keys AS key MATCH (n:ComponentGroup {code: key}) RETURN key, [n {.*}] AS items`,
	RelFrameworkByCode:        `UNWIND $keys AS key MATCH (n:Framework {code: key}) RETURN key, [n {.*}] AS items`,
	RelComponentOwner:         `UNWIND $keys AS key MATCH (:Component {id: key})<-[:OWNS]-(a:Agency) RETURN key, collect(a {.*}) AS items`,
	RelComponentDependsOn:     `UNWIND $keys AS key MATCH (:Component {id: key})-[:DEPENDS_ON]->(d:Component) WITH key, d ORDER BY d.code RETURN key, collect(d {.*}) AS items`,
	RelComponentRealizes:      `UNWIND $keys AS key MATCH (:Component {id: key})-[:REALIZES]->(r:ReferenceComponent) WITH key, r ORDER BY r.code RETURN key, collect(r {.*}) AS items`,
	RelComponentProvides:      `UNWIND $keys AS key MATCH (:Component {id: key})-[:PROVIDES]->(c:Capability) WITH key, c ORDER BY c.code RETURN key, collect(c {.*}) AS items`,
	RelComponentUsedBy:        `UNWIND $keys AS key CALL (key) { MATCH (:Component {id: key})<-[:USES]-(a:Agency) WITH a ORDER BY a.code LIMIT 1000 RETURN collect(a {.*}) AS items } RETURN key, items`,
	RelComponentHostedIn:      `UNWIND $keys AS key MATCH (:Component {id: key})-[:HOSTED_IN]->(h:Component) WITH key, h ORDER BY h.code RETURN key, collect(h {.*}) AS items`,
	RelComponentDR:            `UNWIND $keys AS key MATCH (:Component {id: key})-[:HAS_DISASTER_RECOVERY]->(h:Component) WITH key, h ORDER BY h.code RETURN key, collect(h {.*}) AS items`,
	RelComponentApprovedBy:    `UNWIND $keys AS key MATCH (:Component {id: key})-[:APPROVED_BY]->(a:Agency) WITH key, a ORDER BY a.code RETURN key, collect(a {.*}) AS items`,
	RelAgencyPartOf:           `UNWIND $keys AS key MATCH (:Agency {id: key})-[:PART_OF]->(p:Agency) RETURN key, collect(p {.*}) AS items`,
	RelAgencyProvince:         `UNWIND $keys AS key MATCH (a:Agency {id: key})-[:PART_OF*0..1]->(p:Agency {level: 'PROVINCE'}) RETURN key, collect(p {.*}) AS items`,
	RelAgencyUses:             `UNWIND $keys AS key MATCH (:Agency {id: key})-[:USES]->(c:Component) WITH key, c ORDER BY c.code RETURN key, collect(c {.*}) AS items`,
	RelLayerGroups:            `UNWIND $keys AS key MATCH (g:ComponentGroup)-[:IN_LAYER]->(:Layer {code: key}) WITH key, g ORDER BY g.framework, g.code RETURN key, collect(g {.*}) AS items`,
	RelGroupRefs:              `UNWIND $keys AS key MATCH (r:ReferenceComponent)-[:IN_GROUP]->(:ComponentGroup {code: key}) WITH key, r ORDER BY r.source, r.code RETURN key, collect(r {.*}) AS items`,
	RelFrameworkConformsTo:    `UNWIND $keys AS key MATCH (:Framework {code: key})-[:CONFORMS_TO]->(f:Framework) RETURN key, collect(f {.*}) AS items`,
	RelFrameworkSupersedes:    `UNWIND $keys AS key MATCH (:Framework {code: key})-[:SUPERSEDES]->(f:Framework) RETURN key, collect(f {.*}) AS items`,
	RelFrameworkRefs:          `UNWIND $keys AS key MATCH (r:ReferenceComponent)-[:DEFINED_IN]->(:Framework {code: key}) WITH key, r ORDER BY r.group, r.code RETURN key, collect(r {.*}) AS items`,
	RelRefProvides:            `UNWIND $keys AS key MATCH (:ReferenceComponent {id: key})-[:PROVIDES]->(c:Capability) WITH key, c ORDER BY c.code RETURN key, collect(c {.*}) AS items`,
	RelCapabilityNational:     `UNWIND $keys AS key MATCH (:Capability {id: key})<-[:PROVIDES]-(c:Component {scope: 'NATIONAL'}) WITH key, c ORDER BY c.code RETURN key, collect(c {.*}) AS items`,
	RelCapabilitySanctionedBy: `UNWIND $keys AS key MATCH (:Capability {id: key})<-[:PROVIDES]-(r:ReferenceComponent) WITH key, r ORDER BY r.code RETURN key, collect(r {.*}) AS items`,
	RelLayerComponentCount:    `UNWIND $keys AS key RETURN key, [{n: COUNT { (:Component)-[:IN_LAYER]->(:Layer {code: key}) }}] AS items`,
	RelRefRealizedByCount:     `UNWIND $keys AS key RETURN key, [{n: COUNT { (:Component)-[:REALIZES]->(:ReferenceComponent {id: key}) }}] AS items`,
	RelGroupComponentCount:    `UNWIND $keys AS key RETURN key, [{n: COUNT { (c:Component) WHERE c.group = key }}] AS items`,
}

// relatedLabels is the label of each relation's nodes (RelNodeByID's carry their own).
var relatedLabels = map[Relation]string{
	RelComponentByID: LabelComponent, RelAgencyByID: LabelAgency, RelLayerByCode: LabelLayer,
	RelGroupByCode: LabelComponentGroup, RelFrameworkByCode: LabelFramework, RelComponentOwner: LabelAgency,
	RelComponentDependsOn: LabelComponent, RelComponentRealizes: LabelReferenceComponent,
	RelComponentProvides: LabelCapability, RelComponentUsedBy: LabelAgency, RelAgencyPartOf: LabelAgency,
	RelAgencyProvince: LabelAgency, RelAgencyUses: LabelComponent, RelLayerGroups: LabelComponentGroup,
	RelGroupRefs: LabelReferenceComponent, RelFrameworkConformsTo: LabelFramework,
	RelFrameworkSupersedes: LabelFramework, RelFrameworkRefs: LabelReferenceComponent,
	RelRefProvides: LabelCapability, RelCapabilityNational: LabelComponent,
	RelCapabilitySanctionedBy: LabelReferenceComponent, RelComponentHostedIn: LabelComponent,
	RelComponentDR: LabelComponent, RelComponentApprovedBy: LabelAgency,
}

// relatedCounts are the relations that count.
var relatedCounts = map[Relation]bool{RelLayerComponentCount: true, RelRefRealizedByCount: true, RelGroupComponentCount: true}

// Counts reports whether r is a count relation (RelatedCounts) rather than one of nodes (Related).
func (r Relation) Counts() bool { return relatedCounts[r] }

// Relations as of a day.
//
// A component read as of a day (model.Component.AsOf) has that day's owner, dependencies,
// realizations, … : every relation from a component carries valid time, so each has a form as
// of a day, through <TYPE>|WAS_<TYPE> valid that day, from the current or retired component,
// with the components at the far end as they were that day. rel.On(day) names it; the day
// travels in the relation's name, so that the loaders and the primed sets keep a day's answers
// apart from today's without knowing about days.

// relatedAsOfShapes are the relations with a form as of a day: the relationship type, whether
// it leaves the component (out) or reaches it, the far node's label (empty: a component, current
// or retired, with its properties of that day), and the most nodes kept per key (0: all).
var relatedAsOfShapes = map[Relation]struct {
	typ   string
	out   bool
	far   string
	limit int
}{
	RelComponentOwner:      {RelOwns, false, LabelAgency, 0},
	RelComponentDependsOn:  {RelDependsOn, true, "", 0},
	RelComponentRealizes:   {RelRealizes, true, LabelReferenceComponent, 0},
	RelComponentProvides:   {RelProvides, true, LabelCapability, 0},
	RelComponentUsedBy:     {RelUses, false, LabelAgency, 1000},
	RelComponentHostedIn:   {RelHostedIn, true, "", 0},
	RelComponentDR:         {RelDisasterRecovery, true, "", 0},
	RelComponentApprovedBy: {RelApprovedBy, true, LabelAgency, 0},
}

// relatedAsOfQueries are their statements ($keys: component ids; $asOf: the day).
var relatedAsOfQueries = func() map[Relation]string {
	out := map[Relation]string{}
	for rel, sh := range relatedAsOfShapes {
		far, where, props := "o:"+sh.far, "", "o {.*}"
		if sh.far == "" {
			far, where, props = "o", formAsOf.andIsComponent("o"), asOfProps("o")
		}
		pattern := fmt.Sprintf("(c)<-[%s]-(%s)", formAsOf.rel("r", sh.typ), far)
		if sh.out {
			pattern = fmt.Sprintf("(c)-[%s]->(%s)", formAsOf.rel("r", sh.typ), far)
		}
		limit := ""
		if sh.limit > 0 {
			limit = fmt.Sprintf(" LIMIT %d", sh.limit)
		}
		out[rel] = fmt.Sprintf(`UNWIND $keys AS key
CALL (key) { MATCH (n:%s {id: key}) RETURN n AS c UNION MATCH (n:%s {id: key}) RETURN n AS c }
CALL (c) { MATCH %s WHERE %s%s WITH o ORDER BY o.code%s RETURN collect(%s) AS items }
RETURN key, items`, LabelComponent, LabelRetiredComponent, pattern, validRelOn("r"), where, limit, props)
	}
	return out
}()

// relationDay separates rel's day (On) from the relation.
const relationDay = "@"

// On is rel as of day (YYYY-MM-DD): the relation read as it was that day. rel itself when day
// is empty or rel has no form as of a day (its nodes have no valid time: layers, groups, …).
func (r Relation) On(day string) Relation {
	if _, ok := relatedAsOfShapes[r]; !ok || day == "" {
		return r
	}
	return r + Relation(relationDay+day)
}

// split is rel's relation and day ("" for today).
func (r Relation) split() (Relation, string) {
	base, day, _ := strings.Cut(string(r), relationDay)
	return Relation(base), day
}

// Related loads a relation for many keys in one query, as model types; keys without related
// nodes map to nil. A count relation is ErrInvalid here (RelatedCounts).
func (s *Store) Related(ctx context.Context, rel Relation, keys []string) (map[string][]model.Node, error) {
	if _, _, err := relatedStatement(rel); err != nil {
		return nil, err
	}
	base, _ := rel.split()
	return read(ctx, s, string(base), func(tx neo4j.ManagedTransaction) (map[string][]model.Node, error) {
		return relatedTx(ctx, tx, rel, keys)
	})
}

// relatedStatement is rel's statement and its parameters but the keys: today's, or the form as
// of rel's day.
func relatedStatement(rel Relation) (string, map[string]any, error) {
	base, day := rel.split()
	if day == "" {
		q, ok := relatedQueries[rel]
		if !ok || relatedCounts[rel] {
			return "", nil, invalidf("unknown relation %q", rel)
		}
		return q, map[string]any{}, nil
	}
	q, ok := relatedAsOfQueries[base]
	if !ok {
		return "", nil, invalidf("relation %q has no form as of a day", base)
	}
	if _, err := ParseDate(day); err != nil {
		return "", nil, invalidf("relation %q: %v", base, err)
	}
	return q, map[string]any{"asOf": day}, nil
}

// relatedTx is Related in the caller's transaction.
func relatedTx(ctx context.Context, tx neo4j.ManagedTransaction, rel Relation, keys []string) (map[string][]model.Node, error) {
	q, p, err := relatedStatement(rel)
	if err != nil {
		return nil, err
	}
	p["keys"] = keys
	// One record for all keys: the driver's cost is per record (each read of a Bolt chunk races
	// a timer on a goroutine of its own when Neo4j sends a receive-timeout hint), not per value.
	res, err := tx.Run(ctx, "CALL () {\n"+q+"\n}\nRETURN collect({key: key, items: items}) AS rows", p)
	if err != nil {
		return nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, err
	}
	base, _ := rel.split()
	return relatedRows(base, recMaps(rec, "rows")), nil
}

// relatedRows converts the rows {key, items} of rel's statement into its nodes by key.
func relatedRows(rel Relation, rows []map[string]any) map[string][]model.Node {
	label := relatedLabels[rel]
	out := make(map[string][]model.Node, len(rows))
	for _, row := range rows {
		key := pstr(row, "key")
		items, _ := row["items"].([]any)
		for _, it := range items {
			m := pmap(it)
			l := label
			if l == "" {
				l = pstr(m, "label")
			}
			out[key] = append(out[key], nodeFromProps(l, m))
		}
	}
	return out
}

// PageWith says what to read with a page of a list, in the page's transaction: its total
// (Count), and the relations of its rows (Related: for the rows, the keys of each relation).
type PageWith[T any] struct {
	Count   bool
	Related func(rows []T) map[Relation][]string
}

// PageRead is a page read with what PageWith asked for.
type PageRead[T any] struct {
	Rows    []T
	Total   *int
	Related map[Relation]map[string][]model.Node
	// Keys are the sort key values of each row, for keyset cursors (sorted lists only).
	Keys [][]any
}

// pageWith runs a page statement, then its count and its rows' relations, in one transaction.
func pageWith[T any](ctx context.Context, s *Store, op, page, count string, p map[string]any, col string, conv func(props) T, w PageWith[T]) (PageRead[T], error) {
	return pageWithCount(ctx, s, op, page, count, p, p, col, conv, w)
}

// pageWithCount is pageWith with the count statement's own parameters pc.
func pageWithCount[T any](ctx context.Context, s *Store, op, page, count string, p, pc map[string]any, col string, conv func(props) T, w PageWith[T]) (PageRead[T], error) {
	return pageWithCounter(ctx, s, op, page, p, func(tx neo4j.ManagedTransaction) (int, error) {
		if err := s.withScores(ctx, tx, pc); err != nil {
			return 0, err
		}
		return countIn(ctx, tx, count, pc)
	}, col, conv, w)
}

// pageWithCounter is pageWith with the total counted by counter (in the page's transaction).
func pageWithCounter[T any](ctx context.Context, s *Store, op, page string, p map[string]any, counter func(neo4j.ManagedTransaction) (int, error), col string, conv func(props) T, w PageWith[T]) (PageRead[T], error) {
	return read(ctx, s, op, func(tx neo4j.ManagedTransaction) (PageRead[T], error) {
		out := PageRead[T]{Rows: []T{}}
		if err := s.withScores(ctx, tx, p); err != nil {
			return out, err
		}
		res, err := tx.Run(ctx, page, p)
		if err != nil {
			return out, err
		}
		for res.Next(ctx) {
			v, _ := res.Record().Get(col)
			out.Rows = append(out.Rows, conv(pmap(v)))
			if k, ok := res.Record().Get("k"); ok {
				ks, _ := k.([]any)
				out.Keys = append(out.Keys, ks)
			}
		}
		if err := res.Err(); err != nil {
			return out, err
		}
		if w.Count {
			n, err := counter(tx)
			if err != nil {
				return out, err
			}
			out.Total = &n
		}
		if w.Related != nil && len(out.Rows) > 0 {
			out.Related = map[Relation]map[string][]model.Node{}
			for rel, keys := range w.Related(out.Rows) {
				if len(keys) == 0 {
					continue
				}
				m, err := relatedTx(ctx, tx, rel, keys)
				if err != nil {
					return out, err
				}
				out.Related[rel] = m
			}
		}
		return out, nil
	})
}

// RelatedCounts loads a count relation (RelLayerComponentCount, …) for many keys in one query.
func (s *Store) RelatedCounts(ctx context.Context, rel Relation, keys []string) (map[string]int, error) {
	q, ok := relatedQueries[rel]
	if !ok || !relatedCounts[rel] {
		return nil, invalidf("%q is not a count relation", rel)
	}
	return read(ctx, s, string(rel), func(tx neo4j.ManagedTransaction) (map[string]int, error) {
		p := map[string]any{"keys": keys}
		if kq, kp, ok, err := s.keptRelated(ctx, tx, rel, keys); err != nil {
			return nil, err
		} else if ok {
			q, p = kq, kp
		}
		res, err := tx.Run(ctx, q, p)
		if err != nil {
			return nil, err
		}
		out := make(map[string]int, len(keys))
		for res.Next(ctx) {
			r := res.Record()
			for _, m := range recMaps(r, "items") {
				if n := pint(m, "n"); n != nil {
					out[str(r, "key")] += *n
				}
			}
		}
		return out, res.Err()
	})
}

// componentQuery, agencyQuery and referenceQuery are the model's list queries with the
// methods that turn them into an anchor and parameters.
type (
	componentQuery model.ComponentQuery
	agencyQuery    model.AgencyQuery
	referenceQuery model.ReferenceQuery
)

const componentWhere = `
WHERE ($layer IS NULL OR c.layer = $layer)
  AND ($group IS NULL OR c.group = $group)
  AND ($scopes IS NULL OR c.scope IN $scopes)
  AND ($statuses IS NULL OR c.status IN $statuses)
  AND ($kinds IS NULL OR c.kind IN $kinds)
  AND ($synthetic IS NULL OR c.synthetic = $synthetic)
  AND ($exposesApi IS NULL OR coalesce(c.exposesApi, false) = $exposesApi)`

// The anchors of a component list: where the match starts.
var componentAnchors = map[string]string{
	"all":       `MATCH (c:Component) WHERE c.code IS NOT NULL WITH c` + componentWhere,
	"owner":     `MATCH (:Agency {id: $anchor})-[:OWNS]->(c:Component)` + componentWhere,
	"province":  `MATCH (:Agency {id: $anchor})<-[:PART_OF*0..1]-(:Agency)-[:OWNS]->(c:Component)` + componentWhere,
	"dependsOn": `MATCH (:Component {id: $anchor})<-[:DEPENDS_ON]-(c:Component)` + componentWhere,
	"realizes":  `MATCH (:ReferenceComponent {id: $anchor})<-[:REALIZES]-(c:Component)` + componentWhere,
}

func (q componentQuery) anchor() (string, string) {
	switch {
	case q.OwnerID != "":
		return "owner", q.OwnerID
	case q.ProvinceID != "":
		return "province", q.ProvinceID
	case q.DependsOnID != "":
		return "dependsOn", q.DependsOnID
	case q.RealizesID != "":
		return "realizes", q.RealizesID
	}
	return "all", ""
}

func (q componentQuery) params() map[string]any {
	_, anchor := q.anchor()
	p := map[string]any{"layer": nilIfEmpty(q.Layer), "group": nilIfEmpty(q.Group), "anchor": anchor,
		"scopes": strs(q.Scopes), "statuses": strs(q.Statuses), "kinds": strs(q.Kinds), "synthetic": nil}
	if q.Synthetic != nil {
		p["synthetic"] = *q.Synthetic
	}
	p["exposesApi"] = nil
	if q.ExposesAPI != nil {
		p["exposesApi"] = *q.ExposesAPI
	}
	return p
}

func strs[E ~string](xs []E) any {
	if len(xs) == 0 {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Components lists one page of components matching q, ordered by code.
func (s *Store) Components(ctx context.Context, q model.ComponentQuery, offset, limit int) ([]model.Component, error) {
	if dashboardComponents(q) {
		return s.dashComponents(ctx, q, offset, limit)
	}
	name, _ := componentQuery(q).anchor()
	cypher := componentAnchors[name] + "\nWITH c ORDER BY c.code SKIP $offset LIMIT $limit\nRETURN c {.*} AS c"
	p := componentQuery(q).params()
	p["offset"], p["limit"] = offset, limit
	return read(ctx, s, "components", func(tx neo4j.ManagedTransaction) ([]model.Component, error) {
		res, err := tx.Run(ctx, cypher, p)
		if err != nil {
			return nil, err
		}
		out := []model.Component{}
		for res.Next(ctx) {
			v, _ := res.Record().Get("c")
			out = append(out, componentFromProps(pmap(v)))
		}
		return out, res.Err()
	})
}

// ComponentsWith is Components with its total and its rows' relations as w asks, in one
// transaction.
func (s *Store) ComponentsWith(ctx context.Context, q model.ComponentQuery, offset, limit int, w PageWith[model.Component]) (PageRead[model.Component], error) {
	if dashboardComponents(q) {
		return s.dashComponentsWith(ctx, q, offset, limit, w)
	}
	name, _ := componentQuery(q).anchor()
	p := componentQuery(q).params()
	p["offset"], p["limit"] = offset, limit
	keyset, err := withAfter(p, q.After)
	if err != nil {
		return PageRead[model.Component]{}, err
	}
	return pageWithCounter(ctx, s, "components", componentAnchors[name]+afterCode("c", keyset)+"\nWITH c ORDER BY c.code SKIP $offset LIMIT $limit\nRETURN c {.*} AS c, [c.code, c.id] AS k",
		p, func(tx neo4j.ManagedTransaction) (int, error) { return s.countComponentsTx(ctx, tx, q) }, "c", componentFromProps, w)
}

// countComponentsTx counts the components matching q (not a dashboard query), in tx: from the
// kind counts (component_counts.go) when they can answer and are current, else live.
func (s *Store) countComponentsTx(ctx context.Context, tx neo4j.ManagedTransaction, q model.ComponentQuery) (int, error) {
	name, _ := componentQuery(q).anchor()
	p := componentQuery(q).params()
	if name == "all" && q.Synthetic == nil && q.ExposesAPI == nil {
		return s.kindCountOrLive(ctx, tx, componentAnchors[name], p)
	}
	return countIn(ctx, tx, componentAnchors[name]+"\nRETURN count(c) AS n", p)
}

// CountComponents counts the components matching q.
func (s *Store) CountComponents(ctx context.Context, q model.ComponentQuery) (int, error) {
	if dashboardComponents(q) {
		if anchor, id, rest := NestedComponentAnchor(q); anchor != "" && q.AsOf == "" {
			return s.CountNested(ctx, anchor, EntityComponent, id, LegacyComponent(rest))
		}
		return s.dashCountComponents(ctx, q)
	}
	return read(ctx, s, "count components", func(tx neo4j.ManagedTransaction) (int, error) { return s.countComponentsTx(ctx, tx, q) })
}

func (s *Store) count(ctx context.Context, op, cypher string, p map[string]any) (int, error) {
	return read(ctx, s, op, func(tx neo4j.ManagedTransaction) (int, error) {
		if err := s.withScores(ctx, tx, p); err != nil {
			return 0, err
		}
		res, err := tx.Run(ctx, cypher, p)
		if err != nil {
			return 0, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return 0, err
		}
		return int(num(rec, "n")), nil
	})
}

const agencyWhere = `
WHERE ($levels IS NULL OR a.level IN $levels)
  AND ($areaType IS NULL OR a.areaType = $areaType)
  AND ($synthetic IS NULL OR a.synthetic = $synthetic)`

var agencyAnchors = map[string]string{
	"all":      `MATCH (a:Agency) WHERE a.code IS NOT NULL WITH a` + agencyWhere,
	"partOf":   `MATCH (:Agency {id: $anchor})<-[:PART_OF]-(a:Agency)` + agencyWhere,
	"province": `MATCH (:Agency {id: $anchor})<-[:PART_OF*0..1]-(a:Agency)` + agencyWhere,
}

func (q agencyQuery) anchor() (string, string) {
	switch {
	case q.PartOfID != "":
		return "partOf", q.PartOfID
	case q.ProvinceID != "":
		return "province", q.ProvinceID
	}
	return "all", ""
}

func (q agencyQuery) params() map[string]any {
	_, anchor := q.anchor()
	p := map[string]any{"levels": strs(q.Levels), "areaType": nilIfEmpty(q.AreaType), "synthetic": nil, "anchor": anchor}
	if q.Synthetic != nil {
		p["synthetic"] = *q.Synthetic
	}
	return p
}

// Agencies lists one page of agencies matching q, ordered by code.
func (s *Store) Agencies(ctx context.Context, q model.AgencyQuery, offset, limit int) ([]model.Agency, error) {
	if q.Where != nil || len(q.Sort) > 0 || q.WithScore || q.AsOf != "" {
		return s.dashAgencies(ctx, q, offset, limit)
	}
	name, _ := agencyQuery(q).anchor()
	cypher := agencyAnchors[name] + "\nWITH a ORDER BY a.code SKIP $offset LIMIT $limit\nRETURN a {.*} AS a"
	p := agencyQuery(q).params()
	p["offset"], p["limit"] = offset, limit
	return read(ctx, s, "agencies", func(tx neo4j.ManagedTransaction) ([]model.Agency, error) {
		res, err := tx.Run(ctx, cypher, p)
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

// AgenciesWith is Agencies with its total and its rows' relations as w asks, in one transaction.
func (s *Store) AgenciesWith(ctx context.Context, q model.AgencyQuery, offset, limit int, w PageWith[model.Agency]) (PageRead[model.Agency], error) {
	if q.Where != nil || len(q.Sort) > 0 || q.WithScore || q.AsOf != "" {
		return s.dashAgenciesWith(ctx, q, offset, limit, w)
	}
	name, _ := agencyQuery(q).anchor()
	p := agencyQuery(q).params()
	p["offset"], p["limit"] = offset, limit
	keyset, err := withAfter(p, q.After)
	if err != nil {
		return PageRead[model.Agency]{}, err
	}
	return pageWith(ctx, s, "agencies", agencyAnchors[name]+afterCode("a", keyset)+"\nWITH a ORDER BY a.code SKIP $offset LIMIT $limit\nRETURN a {.*} AS a, [a.code, a.id] AS k",
		agencyAnchors[name]+"\nRETURN count(a) AS n", p, "a", agencyFromProps, w)
}

// CountAgencies counts the agencies matching q.
func (s *Store) CountAgencies(ctx context.Context, q model.AgencyQuery) (int, error) {
	if q.Where != nil || q.AsOf != "" {
		if anchor, id, rest := NestedAgencyAnchor(q); anchor != "" && q.AsOf == "" {
			return s.CountNested(ctx, anchor, EntityAgency, id, LegacyAgency(rest))
		}
		return s.dashCountAgencies(ctx, q)
	}
	name, _ := agencyQuery(q).anchor()
	return s.count(ctx, "count agencies", agencyAnchors[name]+"\nRETURN count(a) AS n", agencyQuery(q).params())
}

const referenceMatch = `MATCH (r:ReferenceComponent)
WHERE ($framework IS NULL OR r.framework = $framework)
  AND ($group IS NULL OR r.group = $group)
  AND ($layer IS NULL OR EXISTS { (r)-[:IN_GROUP]->(:ComponentGroup {layer: $layer}) })
  AND ($tiers IS NULL OR r.tier IN $tiers)
  AND ($areaType IS NULL OR r.areaType = $areaType)`

func (q referenceQuery) params() map[string]any {
	return map[string]any{"framework": nilIfEmpty(q.Framework), "group": nilIfEmpty(q.Group),
		"layer": nilIfEmpty(q.Layer), "tiers": strs(q.Tiers), "areaType": nilIfEmpty(q.AreaType)}
}

// References lists one page of reference components, in framework, group and source order.
func (s *Store) References(ctx context.Context, q model.ReferenceQuery, offset, limit int) ([]model.ReferenceComponent, error) {
	if q.Where != nil || len(q.Sort) > 0 || q.AsOf != "" {
		return s.dashReferences(ctx, q, offset, limit)
	}
	p := referenceQuery(q).params()
	p["offset"], p["limit"] = offset, limit
	return read(ctx, s, "references", func(tx neo4j.ManagedTransaction) ([]model.ReferenceComponent, error) {
		res, err := tx.Run(ctx, referenceMatch+"\nWITH r ORDER BY r.framework, r.group, r.source, r.code SKIP $offset LIMIT $limit\nRETURN r {.*} AS r", p)
		if err != nil {
			return nil, err
		}
		out := []model.ReferenceComponent{}
		for res.Next(ctx) {
			v, _ := res.Record().Get("r")
			out = append(out, referenceComponentFromProps(pmap(v)))
		}
		return out, res.Err()
	})
}

// CountReferences counts the reference components matching q.
func (s *Store) CountReferences(ctx context.Context, q model.ReferenceQuery) (int, error) {
	if q.Where != nil || q.AsOf != "" {
		return s.dashCountReferences(ctx, q)
	}
	return s.count(ctx, "count references", referenceMatch+"\nRETURN count(r) AS n", referenceQuery(q).params())
}

var _ = strings.TrimSpace

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
