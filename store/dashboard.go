package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Dashboard queries: filter trees, sorting and aggregations over components, agencies and
// reference components (issue 18).
//
// A `where` argument arrives as a model.Cond tree. It is compiled here into one Cypher
// predicate whose every name — property, relationship, label — comes from the allow-lists
// below (entities), and whose every value is a parameter ($w1, $w2, …): no text of the
// client's ever becomes Cypher. Lists, counts and aggregations are each one statement; the
// grouping, counting and statistics are done by the database.
//
// Components have valid time: with asOf, the statement starts from every component valid that
// day (current or retired), reads each one's property values as of the day (form.value) and
// follows current and closed relationships valid that day (form.rel/form.and).

// fieldType is what a field holds, which decides the operators it accepts.
type fieldType int

const (
	tCode  fieldType = iota // a code or id: eq, in, notIn, startsWith, contains (case-sensitive), isNull
	tText                   // a name: eq, in, contains and startsWith accent- and case-folded, isNull
	tEnum                   // an enum: eq, in, notIn, isNull
	tInt                    // eq, in, notIn, lt, lte, gt, gte, isNull
	tFloat                  // as tInt
	tDate                   // YYYY-MM-DD: as tInt
	tBool                   // eq, isNull
)

// FieldKind names the type of a field for the resolvers' validation ("code", "text", …).
func (t fieldType) String() string {
	return [...]string{"code", "text", "enum", "int", "float", "date", "bool"}[t]
}

// fieldSpec is one field of an entity's allow-list.
type fieldSpec struct {
	typ fieldType
	// expr is the field's Cypher expression for node variable v in form f.
	expr func(f form, v string) string
	// indexed: equality and IN can be answered from an index (priced lower).
	indexed bool
	// derived: computed per row from the node's neighbourhood (priced higher).
	derived bool
	// names is the label whose node has this code, for the names of aggregation keys.
	names string
	// viaOwner is the field's expression on the component's owner node o (the owner-derived
	// fields), for two-stage grouping.
	viaOwner func(o string) string
}

// relSpec is one relation condition: some node `x` of entity `to` related to v by pattern.
type relSpec struct {
	to      string
	pattern func(f form, v, r, x string) string // with relationship variable r and node variable x
}

// entity is one filterable, sortable, aggregatable node type.
type entity struct {
	label  string
	fields map[string]fieldSpec
	rels   map[string]relSpec
}

// The entities' names.
const (
	EntityComponent = "component"
	EntityAgency    = "agency"
	EntityReference = "reference"
)

func prop(p string) func(f form, v string) string {
	return func(f form, v string) string { return f.value(v, p) }
}

func nodeProp(p string) func(f form, v string) string {
	return func(_ form, v string) string { return v + "." + p }
}

func boolProp(p string) func(f form, v string) string {
	return func(f form, v string) string { return "coalesce(" + f.value(v, p) + ", false)" }
}

// owner is the pattern comprehension of a component's owner's property p.
func ownerOf(p string) func(f form, v string) string {
	return func(f form, v string) string {
		return fmt.Sprintf("head([(%s)<-[%s]-(o:Agency)%s | o.%s])", v, f.rel("oo", RelOwns), f.where("oo"), p)
	}
}

func onOwner(p string) func(o string) string {
	return func(o string) string { return o + "." + p }
}

// conformanceScoreExpr is a commune's conformance score (Tally.score of Conformance: its
// commune-essential items met by a realization, by using a shared component of the item's
// layer when the item is an "exploit the shared one", or by its province) as an expression; null
// for an agency that is not a commune. _xaRefs is bound by the statement's prelude. As of a day
// (f) it reads the relationships valid that day and the shared components' scope and layer of
// that day, as Conformance with asOf does.
func conformanceScoreExpr(f form, v string) string {
	return fmt.Sprintf(`CASE WHEN %[1]s.level <> 'COMMUNE' THEN null ELSE head([x IN [{
  re: %[2]s,
  sh: %[3]s,
  pv: [(%[1]s)-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[%[4]s]->(%[5]s)-[%[6]s]->(q:ReferenceComponent)%[7]s | q.code]}]
  | CASE WHEN size(_xaRefs) = 0 THEN 1.0 ELSE toFloat(size([r IN _xaRefs WHERE r.code IN x.re OR (r.ex AND r.layer IN x.sh)
      OR r.code IN x.pv OR any(sf IN r.sf WHERE sf IN x.pv)])) / size(_xaRefs) END]) END`, v,
		realizedCodes(f, v), sharedLayers(f, v),
		f.rel("so", RelOwns), f.component("sc"), f.rel("sr", RelRealizes), f.where("so", "sr"))
}

// realizedCodes is the list of the codes of the KTTS-XA items that agency v's components
// realize (in form f).
func realizedCodes(f form, v string) string {
	return fmt.Sprintf("[(%s)-[%s]->(%s)-[%s]->(q:ReferenceComponent {framework: 'KTTS-XA'})%s | q.code]",
		v, f.rel("so", RelOwns), f.component("sc"), f.rel("sr", RelRealizes), f.where("so", "sr"))
}

// sharedLayers is the list of the layers of the shared (national or province) components that
// agency v uses or its components depend on (in form f: their scope and layer of the day).
func sharedLayers(f form, v string) string {
	shared := func(s string, rels ...string) string {
		w := f.value(s, "scope") + " IN ['NATIONAL', 'PROVINCE']"
		if f.asOf {
			w = validRels(rels) + " AND " + w
		}
		return " WHERE " + w + " | " + f.value(s, "layer")
	}
	return fmt.Sprintf("[(%[1]s)-[%[2]s]->(%[3]s)%[4]s]\n    + [(%[1]s)-[%[5]s]->(%[6]s)-[%[7]s]->(%[3]s)%[8]s]",
		v, f.rel("su", RelUses), f.component("s"), shared("s", "su"),
		f.rel("so", RelOwns), f.component("sc"), f.rel("sd", RelDependsOn), shared("s", "so", "sd"))
}

// xaRefsPrelude binds _xaRefs: the commune framework's essential component items, read once.
const xaRefsPrelude = `CALL () {
  MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT', tier: 'COMMUNE_ESSENTIAL'})-[:IN_GROUP]->(g:ComponentGroup)
  WHERE NOT coalesce(r.catchAll, false)
  RETURN collect({node: r, code: r.code, layer: g.layer, ex: coalesce(r.exploitsShared, false),
                  sf: [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> '']}) AS _xaRefs
}
`

// xaProvPrelude binds _xaProv: for each province (p, and its id), the codes of the items of
// _xaRefs that the province provides (a component it owns realizes the item or one the item may be shared
// from). A statement that scores many communes reads this once per province instead of once
// per commune (on S: 34 walks instead of 3,321 walks over the same provinces' components). It
// also binds _fresh: whether the conformance facts (conformance_facts.go) are current, as the
// roll-up decides it (scoreSubquery then reads a commune's own part from them), and _scored:
// whether $_scores is the score table of this write version (commune_scores.go); never as of a
// day (the facts hold today's model).
func xaProvPrelude(f form) string {
	fresh := `OPTIONAL MATCH (gv:GraphVersion {id: 'graph'})
  WITH coalesce(gv.n = gv.factsAt AND gv.factsShape = ` + factsShapeText + `, false) AS _fresh, [gv.epoch, gv.n] AS _at
  RETURN _fresh, coalesce(_fresh AND _at = $` + paramScoresAt + `, false) AS _scored`
	if f.asOf {
		fresh = "RETURN false AS _fresh, false AS _scored"
	}
	return fmt.Sprintf(`CALL (_xaRefs) {
  MATCH (p:Agency {level: 'PROVINCE'})
  WITH _xaRefs, p, [(p)-[%s]->(%s)-[%s]->(q:ReferenceComponent)%s | q.code] AS pv
  RETURN collect({p: p, id: p.id, met: [r IN _xaRefs WHERE r.code IN pv OR any(sf IN r.sf WHERE sf IN pv) | r.code]}) AS _xaProv
}
CALL () {
  %s
}
`, f.rel("po", RelOwns), f.component("pc"), f.rel("pr", RelRealizes), f.where("po", "pr"), fresh)
}

// factsShapeText is FactsShape in Cypher.
var factsShapeText = fmt.Sprint(FactsShape)

// relTo is a relation pattern from v through a relationship of type t (dir "->" or "<-") to a
// node x of label, in form f (components current or retired as of a day, relationships valid that day).
func relTo(t, dir, label string) func(f form, v, r, x string) string {
	return func(f form, v, r, x string) string {
		node := x + ":" + label
		if t == RelPartOf {
			f = formNow // between agencies: no valid time
		}
		rel, check := f.rel(r, t), f.and(r)
		if label == LabelComponent {
			node = f.component(x)
			check += f.andIsComponent(x)
		}
		if dir == "->" {
			return fmt.Sprintf("(%s)-[%s]->(%s) WHERE true%s", v, rel, node, check)
		}
		return fmt.Sprintf("(%s)<-[%s]-(%s) WHERE true%s", v, rel, node, check)
	}
}

var entities = map[string]entity{
	EntityComponent: {label: LabelComponent,
		fields: map[string]fieldSpec{
			"id":             {typ: tCode, expr: nodeProp("id"), indexed: true},
			"code":           {typ: tCode, expr: nodeProp("code"), indexed: true},
			"name":           {typ: tText, expr: prop("name")},
			"nameEn":         {typ: tText, expr: prop("nameEn")},
			"kind":           {typ: tEnum, expr: prop("kind")},
			"scope":          {typ: tEnum, expr: prop("scope"), indexed: true},
			"status":         {typ: tEnum, expr: prop("status")},
			"statusBasis":    {typ: tCode, expr: prop("statusBasis")},
			"layer":          {typ: tCode, expr: prop("layer"), indexed: true, names: LabelLayer},
			"group":          {typ: tCode, expr: prop("group"), indexed: true, names: LabelComponentGroup},
			"dueYear":        {typ: tInt, expr: prop("dueYear")},
			"securityLevel":  {typ: tInt, expr: prop("securityLevel")},
			"exposesApi":     {typ: tBool, expr: boolProp("exposesApi")},
			"restrictedData": {typ: tBool, expr: boolProp("restrictedData")},
			"synthetic":      {typ: tBool, expr: boolProp("synthetic")},
			"source":         {typ: tCode, expr: prop("source")},
			"validFrom":      {typ: tDate, expr: nodeProp("validFrom")},
			"versionFrom":    {typ: tDate, expr: nodeProp("versionFrom")},
			// buckets of validFrom (a YYYY-MM-DD text) for charts of what was added when
			"validFromYear": {typ: tInt, expr: func(_ form, v string) string {
				return "toInteger(left(" + v + ".validFrom, 4))"
			}},
			"validFromMonth": {typ: tCode, expr: func(_ form, v string) string {
				return "left(" + v + ".validFrom, 7)"
			}},
			"owner":         {typ: tCode, expr: ownerOf("code"), derived: true, names: LabelAgency, viaOwner: onOwner("code")},
			"ownerLevel":    {typ: tEnum, expr: ownerOf("level"), derived: true, viaOwner: onOwner("level")},
			"ownerAreaType": {typ: tEnum, expr: ownerOf("areaType"), derived: true, viaOwner: onOwner("areaType")},
			"province": {typ: tCode, derived: true, names: LabelAgency, viaOwner: func(o string) string {
				return fmt.Sprintf("head([(%s)-[:PART_OF*0..1]->(p:Agency {level: 'PROVINCE'}) | p.code])", o)
			}, expr: func(f form, v string) string {
				return fmt.Sprintf("head([(%s)<-[%s]-(:Agency)-[:PART_OF*0..1]->(p:Agency {level: 'PROVINCE'})%s | p.code])", v, f.rel("po", RelOwns), f.where("po"))
			}},
			"dependsOnCount": {typ: tInt, derived: true, expr: func(f form, v string) string {
				return fmt.Sprintf("COUNT { (%s)-[%s]->(%s)%s }", v, f.rel("dd", RelDependsOn), f.component("dx"), f.where("dd"))
			}},
			"dependentsCount": {typ: tInt, derived: true, expr: func(f form, v string) string {
				return fmt.Sprintf("COUNT { (%s)<-[%s]-(%s)%s }", v, f.rel("dd", RelDependsOn), f.component("dx"), f.where("dd"))
			}},
		},
		rels: map[string]relSpec{
			"dependsOn":  {to: EntityComponent, pattern: relTo(RelDependsOn, "->", LabelComponent)},
			"dependents": {to: EntityComponent, pattern: relTo(RelDependsOn, "<-", LabelComponent)},
			"realizes":   {to: EntityReference, pattern: relTo(RelRealizes, "->", LabelReferenceComponent)},
			"owner":      {to: EntityAgency, pattern: relTo(RelOwns, "<-", LabelAgency)},
			"usedBy":     {to: EntityAgency, pattern: relTo(RelUses, "<-", LabelAgency)},
		}},
	EntityAgency: {label: LabelAgency,
		fields: map[string]fieldSpec{
			"id":        {typ: tCode, expr: nodeProp("id"), indexed: true},
			"code":      {typ: tCode, expr: nodeProp("code"), indexed: true},
			"name":      {typ: tText, expr: nodeProp("name")},
			"nameEn":    {typ: tText, expr: nodeProp("nameEn")},
			"level":     {typ: tEnum, expr: nodeProp("level"), indexed: true},
			"areaType":  {typ: tEnum, expr: nodeProp("areaType")},
			"synthetic": {typ: tBool, expr: func(_ form, v string) string { return "coalesce(" + v + ".synthetic, false)" }},
			"framework": {typ: tCode, expr: nodeProp("framework")},
			"partOf": {typ: tCode, derived: true, names: LabelAgency, expr: func(_ form, v string) string {
				return fmt.Sprintf("head([(%s)-[:PART_OF]->(p:Agency) | p.code])", v)
			}},
			"province": {typ: tCode, derived: true, names: LabelAgency, expr: func(_ form, v string) string {
				return fmt.Sprintf("head([(%s)-[:PART_OF*0..1]->(p:Agency {level: 'PROVINCE'}) | p.code])", v)
			}},
			"ownsCount": {typ: tInt, derived: true, expr: func(f form, v string) string {
				return fmt.Sprintf("COUNT { (%s)-[%s]->(%s)%s }", v, f.rel("oc", RelOwns), f.component("ox"), f.where("oc"))
			}},
			"conformanceScore": {typ: tFloat, derived: true, expr: conformanceScoreExpr},
		},
		rels: map[string]relSpec{
			"owns":   {to: EntityComponent, pattern: relTo(RelOwns, "->", LabelComponent)},
			"uses":   {to: EntityComponent, pattern: relTo(RelUses, "->", LabelComponent)},
			"partOf": {to: EntityAgency, pattern: relTo(RelPartOf, "->", LabelAgency)},
			"parts":  {to: EntityAgency, pattern: relTo(RelPartOf, "<-", LabelAgency)},
			"province": {to: EntityAgency, pattern: func(_ form, v, _, x string) string {
				return fmt.Sprintf("(%s)-[:PART_OF*0..1]->(%s:Agency {level: 'PROVINCE'}) WHERE true", v, x)
			}},
		}},
	EntityReference: {label: LabelReferenceComponent,
		fields: map[string]fieldSpec{
			"id":             {typ: tCode, expr: nodeProp("id"), indexed: true},
			"code":           {typ: tCode, expr: nodeProp("code"), indexed: true},
			"ascii":          {typ: tCode, expr: nodeProp("ascii"), indexed: true},
			"name":           {typ: tText, expr: nodeProp("name")},
			"nameEn":         {typ: tText, expr: nodeProp("nameEn")},
			"tier":           {typ: tEnum, expr: nodeProp("tier")},
			"areaType":       {typ: tEnum, expr: nodeProp("areaType")},
			"kind":           {typ: tEnum, expr: nodeProp("kind")},
			"exploitsShared": {typ: tBool, expr: func(_ form, v string) string { return "coalesce(" + v + ".exploitsShared, false)" }},
			"catchAll":       {typ: tBool, expr: func(_ form, v string) string { return "coalesce(" + v + ".catchAll, false)" }},
			"framework":      {typ: tCode, expr: nodeProp("framework"), names: LabelFramework},
			"group":          {typ: tCode, expr: nodeProp("group"), names: LabelComponentGroup},
			"source":         {typ: tCode, expr: nodeProp("source")},
			"layer": {typ: tCode, derived: true, names: LabelLayer, expr: func(_ form, v string) string {
				return fmt.Sprintf("head([(%s)-[:IN_GROUP]->(g:ComponentGroup) | g.layer])", v)
			}},
			"realizedByCount": {typ: tInt, derived: true, expr: func(f form, v string) string {
				return fmt.Sprintf("COUNT { (%s)<-[%s]-(%s)%s }", v, f.rel("rb", RelRealizes), f.component("rx"), f.where("rb"))
			}},
		},
		rels: map[string]relSpec{
			"realizedBy": {to: EntityComponent, pattern: relTo(RelRealizes, "<-", LabelComponent)},
		}},
}

// timed are, for each entity, the fields and relations that read data with valid time: what
// asOf changes. Components have valid time themselves (every field and relation); agencies and
// reference components do not (their properties, PART_OF and IN_GROUP are today's), but what
// they own, use or are realized by does.
var timed = map[string]map[string]bool{
	EntityAgency:    {"ownsCount": true, "conformanceScore": true, "owns": true, "uses": true},
	EntityReference: {"realizedByCount": true, "realizedBy": true},
}

// TimedFields lists, for the schema's descriptions and tests, what asOf applies to on ent.
func TimedFields(ent string) []string {
	var out []string
	for f := range timed[ent] {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// readsValidTime reports whether a query on ent with filter cond, fields (sort keys, groups,
// statistics) and, for agencies, withScore reads any data with valid time.
func readsValidTime(ent string, cond *model.Cond, withScore bool, fields ...string) bool {
	if ent == EntityComponent || (ent == EntityAgency && withScore) {
		return true
	}
	for _, f := range fields {
		if timed[ent][f] {
			return true
		}
	}
	return condReadsValidTime(ent, cond)
}

func condReadsValidTime(ent string, cond *model.Cond) bool {
	if cond == nil {
		return false
	}
	if ent == EntityComponent || timed[ent][cond.Field] || timed[ent][cond.Rel] {
		return true
	}
	if cond.Rel != "" && condReadsValidTime(entities[ent].rels[cond.Rel].to, cond.Sub) {
		return true
	}
	for i := range cond.And {
		if condReadsValidTime(ent, &cond.And[i]) {
			return true
		}
	}
	for i := range cond.Or {
		if condReadsValidTime(ent, &cond.Or[i]) {
			return true
		}
	}
	return condReadsValidTime(ent, cond.Not)
}

// checkAsOfReads checks asOf (none, or a day not after today) for a query on ent, and refuses
// it when the query reads nothing with valid time: an agency's or reference component's own
// fields have no history, and answering today's values "as of" a day would pass them off as
// that day's.
func (s *Store) checkAsOfReads(ent, asOf string, cond *model.Cond, withScore bool, fields ...string) error {
	if asOf == "" {
		return nil
	}
	if !readsValidTime(ent, cond, withScore, fields...) {
		what := map[string]string{EntityAgency: "agencies", EntityReference: "reference components"}[ent]
		return About("asOf", invalidf("asOf: %s have no valid time (their own fields and %s are today's); asOf applies to %s, and this query reads none of them",
			what, map[string]string{EntityAgency: "PART_OF", EntityReference: "their groups"}[ent], strings.Join(TimedFields(ent), ", ")))
	}
	return s.checkAsOf(asOf)
}

// FieldType returns the type name of field of entity ("code", "text", "enum", "int", "float",
// "date", "bool") and whether it is on the allow-list.
func FieldType(ent, field string) (string, bool) {
	fs, ok := entities[ent].fields[field]
	if !ok {
		return "", false
	}
	return fs.typ.String(), true
}

// Limits of a filter tree: deeper, larger or wider ones are refused before anything runs.
const (
	MaxWhereDepth  = 6   // nesting of AND/OR/NOT and relation conditions
	MaxWhereConds  = 40  // comparisons and relation conditions in one tree
	MaxInValues    = 100 // values of one in/notIn
	MaxSortKeys    = 5
	MaxGroupBy     = 2
	MaxStats       = 4
	MaxGroups      = 1000
	DefaultGroups  = 100
	maxFilterValue = 300 // characters of one string value
)

// compiler turns a Cond tree into a Cypher predicate and its parameters.
type compiler struct {
	f      form
	params map[string]any
	n      int
	conds  int
	vars   int
	score  bool // the statement needs the _xaRefs prelude
	hint   string
	pre    string // the filter before a score subquery (filter)
	// ownerStart is the parameter of the owner levels a component statement starts from, as
	// (_ao:Agency)-[:OWNS]->(ownerOf); the owner-derived fields of ownerOf are then read
	// from _ao, without a second walk to the owner (a component has one owner)
	ownerStart, ownerOf string
	// scoreTop is the variable whose conformance score the statement computes once per row
	// (as _score, in a subquery), when its sort, groups, stats or filter use it
	scoreTop string
	// presort is the ORDER BY of the sort keys before the score's, when they are stored fields
	presort string
	// from is the MATCH a nested list starts from (nestedFrom), instead of every node of its
	// label: its parent's relation, then the filter on the rows
	from string
}

func newCompiler(f form) *compiler { return &compiler{f: f, params: map[string]any{}} }

func (c *compiler) param(v any) string {
	c.n++
	name := fmt.Sprintf("w%d", c.n)
	c.params[name] = v
	return "$" + name
}

func (c *compiler) field(ent, name, v string) (fieldSpec, string, error) {
	fs, ok := entities[ent].fields[name]
	if !ok {
		return fs, "", invalidf("%s has no field %q that can be filtered, sorted or grouped on", ent, name)
	}
	if name == "conformanceScore" {
		c.score = true
		if v == c.scoreTop {
			return fs, "_score", nil
		}
	}
	if fs.viaOwner != nil && v == c.ownerOf && ent == EntityComponent {
		return fs, fs.viaOwner("_ao"), nil
	}
	return fs, fs.expr(c.f, v), nil
}

// where compiles cond about node variable v of entity ent; neg says whether it sits under an
// odd number of NOTs (where a null comparison must count as false, not unknown).
func (c *compiler) where(ent, v string, cond *model.Cond, depth int, neg bool) (string, error) {
	if cond == nil {
		return "true", nil
	}
	if depth > MaxWhereDepth {
		return "", invalidf("where: nested more than %d levels deep", MaxWhereDepth)
	}
	var parts []string
	join := func(xs []model.Cond, op string) error {
		if len(xs) == 0 {
			return nil
		}
		ps := make([]string, 0, len(xs))
		for i := range xs {
			p, err := c.where(ent, v, &xs[i], depth+1, neg)
			if err != nil {
				return err
			}
			ps = append(ps, p)
		}
		parts = append(parts, "("+strings.Join(ps, op)+")")
		return nil
	}
	if err := join(cond.And, " AND "); err != nil {
		return "", err
	}
	if err := join(cond.Or, " OR "); err != nil {
		return "", err
	}
	if cond.Not != nil {
		p, err := c.where(ent, v, cond.Not, depth+1, !neg)
		if err != nil {
			return "", err
		}
		parts = append(parts, "NOT ("+p+")")
	}
	if cond.Field != "" {
		p, err := c.compare(ent, v, cond, neg)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	if cond.Rel != "" {
		rs, ok := entities[ent].rels[cond.Rel]
		if !ok {
			return "", invalidf("%s has no relation %q to filter on", ent, cond.Rel)
		}
		if c.conds++; c.conds > MaxWhereConds {
			return "", invalidf("where: more than %d conditions", MaxWhereConds)
		}
		c.vars++
		x, r := fmt.Sprintf("x%d", c.vars), fmt.Sprintf("rx%d", c.vars)
		// "all" is "no related node fails Sub": Sub sits under a NOT there, so a related node
		// with no value for a compared field fails it (as NOT compiles everywhere else)
		all := cond.Quant == model.QuantAll
		sub, err := c.where(rs.to, x, cond.Sub, depth+1, all)
		if err != nil {
			return "", err
		}
		match := "MATCH " + rs.pattern(c.f, v, r, x)
		switch cond.Quant {
		case "", model.QuantSome:
			parts = append(parts, "EXISTS { "+match+" AND ("+sub+") }")
		case model.QuantNone:
			parts = append(parts, "NOT EXISTS { "+match+" AND ("+sub+") }")
		case model.QuantAll:
			// vacuously true for a node with no such relation (documented in the README)
			parts = append(parts, "NOT EXISTS { "+match+" AND NOT ("+sub+") }")
		case model.QuantSingle:
			parts = append(parts, "COUNT { "+match+" AND ("+sub+") } = 1")
		default:
			return "", invalidf("where.%s: unknown quantifier %q", cond.Rel, cond.Quant)
		}
	}
	if len(parts) == 0 {
		return "true", nil
	}
	return strings.Join(parts, " AND "), nil
}

// folded is the Cypher expression of x lower-cased with its diacritics removed, as FoldText does.
func folded(x string) string {
	e := "normalize(toLower(" + x + "), NFD)"
	for _, m := range []string{`\u0300`, `\u0301`, `\u0302`, `\u0303`, `\u0304`, `\u0306`, `\u0308`, `\u0309`, `\u030a`, `\u030c`, `\u031b`, `\u0323`, `\u0327`} {
		e = "replace(" + e + ", '" + m + "', '')"
	}
	return "replace(" + e + ", 'đ', 'd')"
}

// FoldText is the accent- and case-folded form in which text conditions compare names.
func FoldText(s string) string { return strings.ToLower(fold(s)) }

func (c *compiler) compare(ent, v string, cond *model.Cond, neg bool) (string, error) {
	if c.conds++; c.conds > MaxWhereConds {
		return "", invalidf("where: more than %d conditions", MaxWhereConds)
	}
	fs, x, err := c.field(ent, cond.Field, v)
	if err != nil {
		return "", err
	}
	bad := func() (string, error) {
		return "", invalidf("where.%s: the operator %s does not apply to a %s field", cond.Field, cond.Op, fs.typ)
	}
	if err := checkValue(cond, fs.typ); err != nil {
		return "", err
	}
	var p string
	switch cond.Op {
	case "isNull":
		b, _ := cond.Value.(bool)
		if b {
			return x + " IS NULL", nil
		}
		return x + " IS NOT NULL", nil
	case "eq":
		if fs.typ == tText {
			p = folded(x) + " = " + c.param(FoldText(cond.Value.(string)))
		} else {
			p = x + " = " + c.param(cond.Value)
		}
	case "in":
		if fs.typ == tBool {
			return bad()
		}
		if fs.typ == tText {
			p = folded(x) + " IN " + c.param(foldAll(cond.Value))
		} else {
			p = x + " IN " + c.param(cond.Value)
		}
	case "notIn":
		if fs.typ == tBool || fs.typ == tText {
			return bad()
		}
		// a missing value is not in the list
		return "(" + x + " IS NULL OR NOT " + x + " IN " + c.param(cond.Value) + ")", nil
	case "contains", "startsWith":
		op := " CONTAINS "
		if cond.Op == "startsWith" {
			op = " STARTS WITH "
		}
		switch fs.typ {
		case tText:
			p = folded(x) + op + c.param(FoldText(cond.Value.(string)))
		case tCode:
			p = x + op + c.param(cond.Value)
		default:
			return bad()
		}
	case "lt", "lte", "gt", "gte":
		if fs.typ != tInt && fs.typ != tFloat && fs.typ != tDate {
			return bad()
		}
		op := map[string]string{"lt": " < ", "lte": " <= ", "gt": " > ", "gte": " >= "}[cond.Op]
		p = x + op + c.param(cond.Value)
	default:
		return "", invalidf("where.%s: unknown operator %q", cond.Field, cond.Op)
	}
	if neg {
		// NOT must turn a missing value into true, not unknown
		return "coalesce(" + p + ", false)", nil
	}
	return p, nil
}

func foldAll(v any) []string {
	xs, _ := v.([]string)
	out := make([]string, len(xs))
	for i, s := range xs {
		out[i] = FoldText(s)
	}
	return out
}

// checkValue checks that a comparison's value has the field's type and fits the limits.
func checkValue(cond *model.Cond, t fieldType) error {
	name := "where." + cond.Field + "." + cond.Op
	str := func(s string) error {
		if len([]rune(s)) > maxFilterValue {
			return invalidf("%s: a value longer than %d characters", name, maxFilterValue)
		}
		if t == tDate {
			if _, err := ParseDate(s); err != nil {
				return invalidf("%s: %q is not a date of the form YYYY-MM-DD", name, s)
			}
		}
		return nil
	}
	switch v := cond.Value.(type) {
	case bool:
		if cond.Op != "isNull" && t != tBool {
			return invalidf("%s: expects a %s, not a boolean", name, t)
		}
	case string:
		if t == tInt || t == tFloat || t == tBool {
			return invalidf("%s: expects a %s, not a text", name, t)
		}
		return str(v)
	case []string:
		if len(v) > MaxInValues {
			return invalidf("%s: %d values; at most %d", name, len(v), MaxInValues)
		}
		if t == tInt || t == tFloat || t == tBool {
			return invalidf("%s: expects %s values, not texts", name, t)
		}
		for _, s := range v {
			if err := str(s); err != nil {
				return err
			}
		}
	case int, int64:
		if t != tInt && t != tFloat {
			return invalidf("%s: expects a %s, not a number", name, t)
		}
	case float64:
		if t != tFloat && t != tInt {
			return invalidf("%s: expects a %s, not a number", name, t)
		}
	case []int:
		if len(v) > MaxInValues {
			return invalidf("%s: %d values; at most %d", name, len(v), MaxInValues)
		}
		if t != tInt && t != tFloat {
			return invalidf("%s: expects %s values, not numbers", name, t)
		}
	default:
		return invalidf("%s: no value", name)
	}
	return nil
}

// match is the statement head that binds v to every node of ent matching cond: its prelude (if
// a derived field needs one), MATCH and WHERE; carry is what a following WITH must keep.
func (c *compiler) match(ent, v string, cond *model.Cond) (string, error) {
	w, err := c.filter(ent, v, cond)
	if err != nil {
		return "", err
	}
	return c.head(ent, v, w), nil
}

// filter compiles a statement's filter and picks its starting point. When the statement
// computes a score once per row, the conditions that do not need it go before the score's
// subquery (c.pre, which may use an index) and the others after it (returned).
func (c *compiler) filter(ent, v string, cond *model.Cond) (string, error) {
	if c.scoreTop == "" || cond == nil {
		c.anchor(ent, v, cond)
		return c.where(ent, v, cond, 0, false)
	}
	var pre, post []model.Cond
	parts := []model.Cond{*cond}
	if cond.Field == "" && cond.Rel == "" && cond.Not == nil && len(cond.Or) == 0 {
		parts = cond.And
	}
	for _, x := range parts {
		if mentions(&x, "conformanceScore") {
			post = append(post, x)
		} else {
			pre = append(pre, x)
		}
	}
	preCond := andWith(pre, nil)
	c.anchor(ent, v, preCond)
	w, err := c.where(ent, v, preCond, 0, false)
	if err != nil {
		return "", err
	}
	if w != "true" {
		c.pre = w
	}
	return c.where(ent, v, andWith(post, nil), 0, false)
}

// anchorFields are the indexed fields a statement may start from, in order of preference.
var anchorFields = []string{"id", "code", "group", "layer", "scope", "level"}

// anchor sets the index hint of a statement whose top-level conjunction has an equality or IN
// on an indexed field: without it the planner may prefer walking the code index in ORDER BY
// order and filtering every node (seconds, for five matches among 100,000 components).
func (c *compiler) anchor(ent, v string, cond *model.Cond) {
	if cond == nil || c.from != "" || (c.f.asOf && ent == EntityComponent) {
		return // as of a day the components' match is a union
	}
	var top []model.Cond
	var walk func(x *model.Cond)
	walk = func(x *model.Cond) {
		if x.Field != "" {
			top = append(top, *x)
		}
		for i := range x.And {
			walk(&x.And[i])
		}
	}
	walk(cond)
	if ent == EntityComponent {
		// start from the owners when their level is asked for: the agency level index, then
		// only their components (a component has one owner)
		for _, x := range top {
			if x.Field == "ownerLevel" && (x.Op == "eq" || x.Op == "in") {
				levels := x.Value
				if l, ok := levels.(string); ok {
					levels = []string{l}
				}
				c.ownerStart, c.ownerOf = c.param(levels), v
				return
			}
		}
	}
	for _, f := range anchorFields {
		for _, x := range top {
			if x.Field == f && (x.Op == "eq" || x.Op == "in") && entities[ent].fields[f].indexed {
				c.hint = fmt.Sprintf(" USING INDEX %s:%s(%s)", v, entities[ent].label, f)
				return
			}
		}
	}
}

func (c *compiler) head(ent, v, w string) string {
	var b strings.Builder
	if c.score {
		b.WriteString(xaRefsPrelude)
	}
	if c.scoreTop != "" {
		b.WriteString(xaProvPrelude(c.f))
		if !c.f.asOf {
			// no score table: the runner fills it in (withScores)
			c.params[paramScores], c.params[paramScoresAt] = map[string]any{}, []any{}
		}
	}
	if c.from != "" {
		fmt.Fprintf(&b, "%s WHERE %s.code IS NOT NULL", c.from, v)
	} else if ent == EntityComponent {
		if c.f.asOf {
			b.WriteString(c.f.matchEveryComponent(v))
			b.WriteString(" AND " + v + ".code IS NOT NULL")
		} else {
			if c.ownerStart != "" {
				fmt.Fprintf(&b, "MATCH (_ao:Agency)-[:OWNS]->(%s:%s) WHERE _ao.level IN %s AND %s.code IS NOT NULL", v, LabelComponent, c.ownerStart, v)
			} else {
				fmt.Fprintf(&b, "MATCH (%s:%s)%s WHERE %s.code IS NOT NULL", v, LabelComponent, c.hint, v)
			}
		}
	} else {
		fmt.Fprintf(&b, "MATCH (%s:%s)%s WHERE %s.code IS NOT NULL", v, entities[ent].label, c.hint, v)
	}
	if c.scoreTop != "" {
		if c.pre != "" {
			b.WriteString("\n  AND " + c.pre)
		}
		if c.presort != "" {
			// the rows in the order of the sort keys before the score: the planner then computes
			// the score only for the rows the page can reach (a partial sort), not for all rows
			b.WriteString("\nWITH " + v + ", _xaRefs, _xaProv, _fresh, _scored ORDER BY " + c.presort)
		}
		b.WriteString("\n" + scoreSubquery(c.f, v) + "\nWITH " + c.carry(v))
		if w != "true" {
			b.WriteString(" WHERE " + w)
		}
		return b.String()
	}
	if w != "true" {
		b.WriteString("\n  AND " + w)
	}
	return b.String()
}

// scoreSubquery binds _score, the conformance score of agency v (conformanceScoreExpr, with
// the provinces' part read from _xaProv), once per row; null for an agency that is not a commune.
// The commune's components are walked once for both their realizations and their dependencies
// (a component has many relationships, so each walk of its chain costs ~5 db hits), and a
// realized item is recognised by node, without reading the reference's properties: on S this
// is 1.73 M db hits for every commune's score instead of 2.57 M with two walks.
// When the conformance facts are current (_fresh), a commune's realized codes and the layers of
// the shared components it uses or depends on are read from its :ConformanceFacts node instead
// (the same lists the conformance roll-up reads; the facts hold the codes of KTTS-XA items, so a
// realized item is recognised by code there); a commune without a facts node is scored live.
//
// Before both, a commune's score is read from the score table $_scores when the statement reads
// the write version the table was computed at (_scored, commune_scores.go): most rows then skip
// the subquery's work.
//
// As of a day there are no facts of that day: a commune's own part is read live, from the
// relationships valid that day (as conformanceScoreExpr in that form), its province's from _xaProv.
func scoreSubquery(f form, v string) string {
	if f.asOf {
		return fmt.Sprintf(`OPTIONAL CALL (%[1]s, _xaRefs, _xaProv) {
  WITH %[1]s, _xaRefs, _xaProv WHERE %[1]s.level = 'COMMUNE'
  WITH _xaRefs, _xaProv, %[2]s AS re,
    %[3]s AS sh,
    [(%[1]s)-[:PART_OF]->(p:Agency {level: 'PROVINCE'}) | p] AS ps
  WITH _xaRefs, re, sh, reduce(m = [], x IN _xaProv | CASE WHEN x.p IN ps THEN m + x.met ELSE m END) AS pm
  %[4]s
}`, v, realizedCodes(f, v), sharedLayers(f, v), scoreReturn("r.code"))
	}
	return fmt.Sprintf(`WITH %[1]s, _xaRefs, _xaProv, _fresh, CASE WHEN _scored AND %[1]s.level = 'COMMUNE' THEN $%[4]s[%[1]s.id] END AS _s
OPTIONAL CALL (%[1]s, _xaRefs, _xaProv, _fresh, _s) {
  WITH %[1]s, _xaRefs, _xaProv, _fresh WHERE _s IS NULL AND %[1]s.level = 'COMMUNE' AND _fresh
  CALL (%[1]s) { MATCH (_cf:ConformanceFacts {agency: %[1]s.id}) RETURN _cf }
  WITH _xaRefs, _cf.realized AS re, _cf.layers AS sh,
    coalesce(head([x IN _xaProv WHERE x.id = _cf.province | x.met]), []) AS pm
  %[2]s
  UNION ALL
  WITH %[1]s, _xaRefs, _xaProv, _fresh WHERE _s IS NULL AND %[1]s.level = 'COMMUNE'
    AND NOT (_fresh AND EXISTS { MATCH (:ConformanceFacts {agency: %[1]s.id}) })
  WITH %[1]s, _xaRefs, _xaProv,
    [(%[1]s)-[:OWNS]->(:Component)-[t:REALIZES|DEPENDS_ON]->(x) | [type(t) = 'REALIZES', x]] AS tx
  WITH _xaRefs, _xaProv,
    [p IN tx WHERE p[0] | p[1]] AS re,
    [(%[1]s)-[:USES]->(s:Component) WHERE s.scope IN ['NATIONAL', 'PROVINCE'] | s.layer]
      + [p IN tx WHERE NOT p[0] AND p[1]:Component AND p[1].scope IN ['NATIONAL', 'PROVINCE'] | p[1].layer] AS sh,
    [(%[1]s)-[:PART_OF]->(p:Agency {level: 'PROVINCE'}) | p] AS ps
  WITH _xaRefs, re, sh, reduce(m = [], x IN _xaProv | CASE WHEN x.p IN ps THEN m + x.met ELSE m END) AS pm
  %[3]s
}
WITH %[1]s, _xaRefs, coalesce(_s, _score) AS _score`, v, scoreReturn("r.code"), scoreReturn("r.node"), paramScores)
}

// scoreReturn returns _score from re (the items the commune realizes, recognised by item, an
// expression of r: r.code or r.node), sh (the layers of the shared components it uses or depends
// on) and pm (the codes of the items its province provides). Each item's test is a CASE, which
// stops at the first condition met: written as one disjunction, the planner rewrote it into a
// conjunction that tests re and pm twice, and these tests were most of the statement's time
// (the Roadmap's commune scores on S: ~3,300 communes × 22 items).
func scoreReturn(item string) string {
	return `RETURN CASE WHEN size(_xaRefs) = 0 THEN 1.0 ELSE toFloat(size([r IN _xaRefs WHERE CASE WHEN ` + item + ` IN re THEN true
      WHEN r.ex AND r.layer IN sh THEN true ELSE r.code IN pm END])) / size(_xaRefs) END AS _score`
}

// mentions reports whether cond compares field of its own node (relation conditions aside).
func mentions(cond *model.Cond, field string) bool {
	if cond == nil {
		return false
	}
	if cond.Field == field {
		return true
	}
	for i := range cond.And {
		if mentions(&cond.And[i], field) {
			return true
		}
	}
	for i := range cond.Or {
		if mentions(&cond.Or[i], field) {
			return true
		}
	}
	return mentions(cond.Not, field)
}

// scoreOnce makes the statement compute agency v's conformance score once per row when its
// filter, sort, groups or stats use it (or withScore asks for it).
func (c *compiler) scoreOnce(ent, v string, cond *model.Cond, withScore bool, fields ...string) {
	if ent != EntityAgency {
		return
	}
	need := withScore || mentions(cond, "conformanceScore")
	for _, f := range fields {
		need = need || f == "conformanceScore"
	}
	if need {
		c.scoreTop, c.score = v, true
	}
}

func (c *compiler) carry(v string) string {
	switch {
	case c.scoreTop == v:
		return v + ", _xaRefs, _score"
	case c.score:
		return v + ", _xaRefs"
	}
	return v
}

// sortKey is one key of a list statement's order, as compiled: its expression, direction and type.
type sortKey struct {
	x    string
	desc bool
	typ  fieldType
}

// orderBy compiles the sort keys, then code and id (a stable order for cursors), and returns
// their ORDER BY list.
func (c *compiler) orderBy(ent, v string, keys []model.SortKey) (string, []sortKey, error) {
	if len(keys) > MaxSortKeys {
		return "", nil, invalidf("orderBy: %d keys; at most %d", len(keys), MaxSortKeys)
	}
	var parts []string
	var ks []sortKey
	stored := 0 // how many keys, from the first, are stored fields (not derived)
	for _, k := range keys {
		fs, x, err := c.field(ent, k.Field, v)
		if err != nil {
			return "", nil, err
		}
		ks = append(ks, sortKey{x: x, desc: k.Desc, typ: fs.typ})
		if k.Desc {
			x += " DESC"
		}
		if !fs.derived && stored == len(parts) {
			stored++
		}
		parts = append(parts, x)
	}
	ks = append(ks, sortKey{x: v + ".code", typ: tCode}, sortKey{x: v + ".id", typ: tCode})
	all := append(parts, v+".code", v+".id")
	if c.scoreTop == v {
		if stored == len(parts) {
			c.presort = strings.Join(all, ", ")
		} else if stored > 0 {
			c.presort = strings.Join(parts[:stored], ", ")
		}
	}
	return strings.Join(all, ", "), ks, nil
}

// MaxCursorText bounds a text value in a keyset cursor.
const MaxCursorText = 1000

// keyset is the predicate "the row comes after the row whose sort keys were after" in the
// order of ks (nulls last ascending, first descending, as ORDER BY sorts them): the disjunction,
// over each key i, of "keys before i equal, key i beyond". after comes from a client's cursor:
// its values are checked against the keys' types and passed as parameters.
func (c *compiler) keyset(ks []sortKey, after []any) (string, error) {
	if len(after) != len(ks) {
		return "", invalidf("after: the cursor holds %d values for an order of %d keys", len(after), len(ks))
	}
	vals := make([]any, len(after))
	for i, a := range after {
		v, err := cursorValue(a, ks[i].typ)
		if err != nil {
			return "", err
		}
		vals[i] = v
	}
	var or []string
	var eq []string
	for i, k := range ks {
		var beyond string
		switch {
		case vals[i] == nil && !k.desc:
			beyond = "" // nothing sorts after a null ascending
		case vals[i] == nil:
			beyond = k.x + " IS NOT NULL"
		case !k.desc:
			beyond = "(" + k.x + " > " + c.param(vals[i]) + " OR " + k.x + " IS NULL)"
		default:
			beyond = k.x + " < " + c.param(vals[i])
		}
		if beyond != "" {
			or = append(or, "("+strings.Join(append(append([]string{}, eq...), beyond), " AND ")+")")
		}
		if vals[i] == nil {
			eq = append(eq, k.x+" IS NULL")
		} else {
			eq = append(eq, k.x+" = "+c.param(vals[i]))
		}
	}
	if len(or) == 0 {
		return "false", nil
	}
	return "(" + strings.Join(or, " OR ") + ")", nil
}

// cursorValue checks one value of a cursor (decoded from JSON) against the type of its key.
func cursorValue(a any, t fieldType) (any, error) {
	bad := func() (any, error) { return nil, invalidf("after: the cursor does not fit this order") }
	switch x := a.(type) {
	case nil:
		return nil, nil
	case string:
		if t == tInt || t == tFloat || t == tBool || len(x) > MaxCursorText {
			return bad()
		}
		return x, nil
	case bool:
		if t != tBool {
			return bad()
		}
		return x, nil
	case float64:
		switch t {
		case tFloat:
			return x, nil
		case tInt:
			if x != float64(int64(x)) {
				return bad()
			}
			return int64(x), nil
		}
		return bad()
	}
	return bad()
}

// dashList is a list statement: the page of nodes of ent matching cond in order keys, from the
// row after the one whose sort keys are after (a keyset cursor; nil: from the first row, at
// $offset). Each row comes with its sort keys (k), for its cursor.
func dashList(ent, v string, f form, cond *model.Cond, keys []model.SortKey, withScore bool, after []any) (string, map[string]any, error) {
	return dashListIn(newCompiler(f), ent, v, cond, keys, withScore, after)
}

func dashListIn(c *compiler, ent, v string, cond *model.Cond, keys []model.SortKey, withScore bool, after []any) (string, map[string]any, error) {
	f := c.f
	var sorted []string
	for _, k := range keys {
		sorted = append(sorted, k.Field)
	}
	c.scoreOnce(ent, v, cond, withScore, sorted...)
	w, err := c.filter(ent, v, cond)
	if err != nil {
		return "", nil, err
	}
	order, ks, err := c.orderBy(ent, v, keys)
	if err != nil {
		return "", nil, err
	}
	if after != nil {
		k, err := c.keyset(ks, after)
		if err != nil {
			return "", nil, err
		}
		if w == "true" {
			w = k
		} else {
			w = "(" + w + ") AND " + k
		}
	}
	ret := v + " {.*}"
	if ent == EntityComponent {
		ret = f.props(v)
	}
	if withScore {
		ret = v + " {.*, conformanceScore: _score}"
	}
	kx := make([]string, len(ks))
	for i, k := range ks {
		kx[i] = k.x
	}
	q := c.head(ent, v, w) + "\nWITH " + c.carry(v) + " ORDER BY " + order + " SKIP $offset LIMIT $limit\nRETURN " + ret + " AS n, [" + strings.Join(kx, ", ") + "] AS k"
	return q, c.params, nil
}

func dashCount(ent, v string, f form, cond *model.Cond) (string, map[string]any, error) {
	c := newCompiler(f)
	c.scoreOnce(ent, v, cond, false)
	q, err := c.match(ent, v, cond)
	if err != nil {
		return "", nil, err
	}
	return q + "\nRETURN count(" + v + ") AS n", c.params, nil
}

func formFor(asOf string) form {
	if asOf != "" {
		return formAsOf
	}
	return formNow
}

// readNodes runs a list statement and maps each row's n.
func readNodes[T any](ctx context.Context, s *Store, op, cypher string, p map[string]any, conv func(map[string]any) T) ([]T, error) {
	return read(ctx, s, op, func(tx neo4j.ManagedTransaction) ([]T, error) {
		if err := s.withScores(ctx, tx, p); err != nil {
			return nil, err
		}
		res, err := tx.Run(ctx, cypher, p)
		if err != nil {
			return nil, err
		}
		out := []T{}
		for res.Next(ctx) {
			v, _ := res.Record().Get("n")
			out = append(out, conv(pmap(v)))
		}
		return out, res.Err()
	})
}

// Dashboard reports whether a component query needs the dashboard statements (where, orderBy or asOf).
func dashboardComponents(q model.ComponentQuery) bool {
	return q.Where != nil || len(q.Sort) > 0 || q.AsOf != ""
}

// LegacyComponent turns the fixed ComponentFilter fields of q into a Cond ANDed with q.Where.
func LegacyComponent(q model.ComponentQuery) *model.Cond {
	var and []model.Cond
	if q.Layer != "" {
		and = append(and, model.Cond{Field: "layer", Op: "eq", Value: q.Layer})
	}
	if q.Group != "" {
		and = append(and, model.Cond{Field: "group", Op: "eq", Value: q.Group})
	}
	if len(q.Scopes) > 0 {
		and = append(and, model.Cond{Field: "scope", Op: "in", Value: strs(q.Scopes)})
	}
	if len(q.Statuses) > 0 {
		and = append(and, model.Cond{Field: "status", Op: "in", Value: strs(q.Statuses)})
	}
	if len(q.Kinds) > 0 {
		and = append(and, model.Cond{Field: "kind", Op: "in", Value: strs(q.Kinds)})
	}
	if q.Synthetic != nil {
		and = append(and, model.Cond{Field: "synthetic", Op: "eq", Value: *q.Synthetic})
	}
	if q.ExposesAPI != nil {
		and = append(and, model.Cond{Field: "exposesApi", Op: "eq", Value: *q.ExposesAPI})
	}
	if q.OwnerID != "" {
		and = append(and, model.Cond{Rel: "owner", Sub: &model.Cond{Field: "id", Op: "eq", Value: q.OwnerID}})
	}
	if q.ProvinceID != "" {
		and = append(and, model.Cond{Rel: "owner", Sub: &model.Cond{Rel: "province", Sub: &model.Cond{Field: "id", Op: "eq", Value: q.ProvinceID}}})
	}
	if q.DependsOnID != "" {
		and = append(and, model.Cond{Rel: "dependsOn", Sub: &model.Cond{Field: "id", Op: "eq", Value: q.DependsOnID}})
	}
	if q.RealizesID != "" {
		and = append(and, model.Cond{Rel: "realizes", Sub: &model.Cond{Field: "id", Op: "eq", Value: q.RealizesID}})
	}
	return andWith(and, q.Where)
}

func andWith(and []model.Cond, where *model.Cond) *model.Cond {
	if where != nil {
		and = append(and, *where)
	}
	switch len(and) {
	case 0:
		return nil
	case 1:
		return &and[0]
	}
	return &model.Cond{And: and}
}

func LegacyAgency(q model.AgencyQuery) *model.Cond {
	var and []model.Cond
	if len(q.Levels) > 0 {
		and = append(and, model.Cond{Field: "level", Op: "in", Value: strs(q.Levels)})
	}
	if q.AreaType != "" {
		and = append(and, model.Cond{Field: "areaType", Op: "eq", Value: q.AreaType})
	}
	if q.Synthetic != nil {
		and = append(and, model.Cond{Field: "synthetic", Op: "eq", Value: *q.Synthetic})
	}
	if q.PartOfID != "" {
		and = append(and, model.Cond{Rel: "partOf", Sub: &model.Cond{Field: "id", Op: "eq", Value: q.PartOfID}})
	}
	if q.ProvinceID != "" {
		and = append(and, model.Cond{Rel: "province", Sub: &model.Cond{Field: "id", Op: "eq", Value: q.ProvinceID}})
	}
	return andWith(and, q.Where)
}

func LegacyReference(q model.ReferenceQuery) *model.Cond {
	var and []model.Cond
	if q.Framework != "" {
		and = append(and, model.Cond{Field: "framework", Op: "eq", Value: q.Framework})
	}
	if q.Group != "" {
		and = append(and, model.Cond{Field: "group", Op: "eq", Value: q.Group})
	}
	if q.Layer != "" {
		and = append(and, model.Cond{Field: "layer", Op: "eq", Value: q.Layer})
	}
	if len(q.Tiers) > 0 {
		and = append(and, model.Cond{Field: "tier", Op: "in", Value: strs(q.Tiers)})
	}
	if q.AreaType != "" {
		and = append(and, model.Cond{Field: "areaType", Op: "eq", Value: q.AreaType})
	}
	return andWith(and, q.Where)
}

// dashComponents lists a page of components with the dashboard statements.
func (s *Store) dashComponents(ctx context.Context, q model.ComponentQuery, offset, limit int) ([]model.Component, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return nil, err
	}
	cypher, p, err := dashList(EntityComponent, "c", formFor(q.AsOf), LegacyComponent(q), q.Sort, false, q.After)
	if err != nil {
		return nil, err
	}
	p["offset"], p["limit"], p["asOf"] = offset, limit, q.AsOf
	return readNodes(ctx, s, "components", cypher, p, componentFromProps)
}

// dashComponentsWith is ComponentsWith for the dashboard statements: the page, its total (when
// asked) and its rows' relations in one transaction.
func (s *Store) dashComponentsWith(ctx context.Context, q model.ComponentQuery, offset, limit int, w PageWith[model.Component]) (PageRead[model.Component], error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return PageRead[model.Component]{}, err
	}
	page, p, err := dashList(EntityComponent, "c", formFor(q.AsOf), LegacyComponent(q), q.Sort, false, q.After)
	if err != nil {
		return PageRead[model.Component]{}, err
	}
	count, pc, err := dashCount(EntityComponent, "c", formFor(q.AsOf), LegacyComponent(q))
	if err != nil {
		return PageRead[model.Component]{}, err
	}
	p["offset"], p["limit"], p["asOf"], pc["asOf"] = offset, limit, q.AsOf, q.AsOf
	return pageWithCount(ctx, s, "components", page, count, p, pc, "n", componentFromProps, w)
}

func (s *Store) dashCountComponents(ctx context.Context, q model.ComponentQuery) (int, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return 0, err
	}
	cypher, p, err := dashCount(EntityComponent, "c", formFor(q.AsOf), LegacyComponent(q))
	if err != nil {
		return 0, err
	}
	p["asOf"] = q.AsOf
	return s.count(ctx, "count components", cypher, p)
}

func agencyWithScore(m map[string]any) model.Agency {
	a := agencyFromProps(m)
	if v, ok := m["conformanceScore"].(float64); ok {
		a.Score = &v
	}
	return a
}

// sortFields are the fields of sort keys.
func sortFields(keys []model.SortKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Field
	}
	return out
}

func (s *Store) dashAgencies(ctx context.Context, q model.AgencyQuery, offset, limit int) ([]model.Agency, error) {
	if err := s.checkAsOfReads(EntityAgency, q.AsOf, q.Where, q.WithScore, sortFields(q.Sort)...); err != nil {
		return nil, err
	}
	cypher, p, err := dashList(EntityAgency, "a", formFor(q.AsOf), LegacyAgency(q), q.Sort, q.WithScore, q.After)
	if err != nil {
		return nil, err
	}
	p["offset"], p["limit"], p["asOf"] = offset, limit, q.AsOf
	return readNodes(ctx, s, "agencies", cypher, p, agencyWithScore)
}

// dashAgenciesWith is dashComponentsWith for agencies.
func (s *Store) dashAgenciesWith(ctx context.Context, q model.AgencyQuery, offset, limit int, w PageWith[model.Agency]) (PageRead[model.Agency], error) {
	if err := s.checkAsOfReads(EntityAgency, q.AsOf, q.Where, q.WithScore, sortFields(q.Sort)...); err != nil {
		return PageRead[model.Agency]{}, err
	}
	page, p, err := dashList(EntityAgency, "a", formFor(q.AsOf), LegacyAgency(q), q.Sort, q.WithScore, q.After)
	if err != nil {
		return PageRead[model.Agency]{}, err
	}
	count, pc, err := dashCount(EntityAgency, "a", formFor(q.AsOf), LegacyAgency(q))
	if err != nil {
		return PageRead[model.Agency]{}, err
	}
	p["offset"], p["limit"], p["asOf"], pc["asOf"] = offset, limit, q.AsOf, q.AsOf
	return pageWithCount(ctx, s, "agencies", page, count, p, pc, "n", agencyWithScore, w)
}

func (s *Store) dashCountAgencies(ctx context.Context, q model.AgencyQuery) (int, error) {
	if err := s.checkAsOfReads(EntityAgency, q.AsOf, q.Where, false); err != nil {
		return 0, err
	}
	cypher, p, err := dashCount(EntityAgency, "a", formFor(q.AsOf), LegacyAgency(q))
	if err != nil {
		return 0, err
	}
	p["asOf"] = q.AsOf
	return s.count(ctx, "count agencies", cypher, p)
}

func (s *Store) dashReferences(ctx context.Context, q model.ReferenceQuery, offset, limit int) ([]model.ReferenceComponent, error) {
	if err := s.checkAsOfReads(EntityReference, q.AsOf, q.Where, false, sortFields(q.Sort)...); err != nil {
		return nil, err
	}
	cypher, p, err := dashList(EntityReference, "r", formFor(q.AsOf), LegacyReference(q), referenceOrder(q), false, q.After)
	if err != nil {
		return nil, err
	}
	p["offset"], p["limit"], p["asOf"] = offset, limit, q.AsOf
	return readNodes(ctx, s, "references", cypher, p, referenceComponentFromProps)
}

// ReferencesPage is References with each row's sort keys, for keyset cursors (a sorted list).
func (s *Store) ReferencesPage(ctx context.Context, q model.ReferenceQuery, offset, limit int) (PageRead[model.ReferenceComponent], error) {
	if err := s.checkAsOfReads(EntityReference, q.AsOf, q.Where, false, sortFields(q.Sort)...); err != nil {
		return PageRead[model.ReferenceComponent]{}, err
	}
	cypher, p, err := dashList(EntityReference, "r", formFor(q.AsOf), LegacyReference(q), referenceOrder(q), false, q.After)
	if err != nil {
		return PageRead[model.ReferenceComponent]{}, err
	}
	p["offset"], p["limit"], p["asOf"] = offset, limit, q.AsOf
	return pageWithCount(ctx, s, "references", cypher, "", p, nil, "n", referenceComponentFromProps, PageWith[model.ReferenceComponent]{})
}

// referenceOrder is a reference list's sort keys: the asked ones, else framework, group, source.
func referenceOrder(q model.ReferenceQuery) []model.SortKey {
	if len(q.Sort) == 0 {
		return []model.SortKey{{Field: "framework"}, {Field: "group"}, {Field: "source"}}
	}
	return q.Sort
}

func (s *Store) dashCountReferences(ctx context.Context, q model.ReferenceQuery) (int, error) {
	if err := s.checkAsOfReads(EntityReference, q.AsOf, q.Where, false); err != nil {
		return 0, err
	}
	cypher, p, err := dashCount(EntityReference, "r", formFor(q.AsOf), LegacyReference(q))
	if err != nil {
		return 0, err
	}
	p["asOf"] = q.AsOf
	return s.count(ctx, "count references", cypher, p)
}

// ConformanceScores computes the conformanceScore of agencies by id, in one statement (nil for
// one that is not a commune).
func (s *Store) ConformanceScores(ctx context.Context, ids []string) (map[string]*float64, error) {
	cypher := xaRefsPrelude + "UNWIND $ids AS id MATCH (a:Agency {id: id})\nRETURN a.id AS id, " + conformanceScoreExpr(formNow, "a") + " AS score"
	return read(ctx, s, "conformance scores", func(tx neo4j.ManagedTransaction) (map[string]*float64, error) {
		res, err := tx.Run(ctx, cypher, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := map[string]*float64{}
		for res.Next(ctx) {
			r := res.Record()
			v, _ := r.Get("score")
			if f, ok := v.(float64); ok {
				out[str(r, "id")] = &f
			} else {
				out[str(r, "id")] = nil
			}
		}
		return out, res.Err()
	})
}

// aggregateOrders are the orders of an aggregation's groups.
var aggregateOrders = map[string]string{
	"":           "n DESC",
	"COUNT_DESC": "n DESC",
	"COUNT_ASC":  "n",
	"KEY_ASC":    "",
	"KEY_DESC":   "DESC",
	"AVG_ASC":    "avg0",
	"AVG_DESC":   "avg0 IS NULL, avg0 DESC",
}

// Aggregate counts the nodes of ent (EntityComponent, EntityAgency, EntityReference) matching
// a.Where, grouped by a.GroupBy (fields of the entity), with statistics of the numeric fields
// a.Stats: one statement, grouped and counted by the database.
func (s *Store) Aggregate(ctx context.Context, ent string, a model.Aggregation) (model.Aggregate, error) {
	cypher, p, err := aggregateStatement(ent, a)
	if err != nil {
		return model.Aggregate{}, err
	}
	if err := s.checkAsOfReads(ent, a.AsOf, a.Where, false, append(append([]string{}, a.GroupBy...), a.Stats...)...); err != nil {
		return model.Aggregate{}, err
	}
	p["asOf"] = a.AsOf
	first := a.First
	if first <= 0 {
		first = DefaultGroups
	}
	p["first"] = first
	var fast string
	var fp map[string]any
	canCount := false
	if ent == EntityComponent {
		if fast, fp, canCount = countsStatement(a); canCount {
			fp["first"] = first
		}
	}
	return read(ctx, s, "aggregate "+ent, func(tx neo4j.ManagedTransaction) (model.Aggregate, error) {
		if canCount {
			if out, ok, err := s.countsAggregate(ctx, tx, a, fast, fp); ok || err != nil {
				return out, err
			}
		}
		if err := s.withScores(ctx, tx, p); err != nil {
			return model.Aggregate{}, err
		}
		return runAggregate(ctx, tx, a, cypher, p)
	})
}

// runAggregate runs an aggregation statement (aggregateStatement, countsStatement) and reads its groups.
func runAggregate(ctx context.Context, tx neo4j.ManagedTransaction, a model.Aggregation, cypher string, p map[string]any) (model.Aggregate, error) {
	out := model.Aggregate{Groups: []model.AggregateGroup{}, Dimensions: a.GroupBy}
	res, err := tx.Run(ctx, cypher, p)
	if err != nil {
		return out, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return out, err
	}
	out.Count, out.GroupCount = int(num(rec, "total")), int(num(rec, "groupCount"))
	out.Stats = statsOf(a.Stats, recMap(rec, "overall"))
	for _, g := range recMaps(rec, "rows") {
		grp := model.AggregateGroup{Count: int(numOf(g["n"])), Stats: statsOf(a.Stats, g), Keys: []model.AggregateKey{}}
		for i, d := range a.GroupBy {
			k := model.AggregateKey{Dimension: d, Value: optStr(g, fmt.Sprintf("k%d", i)),
				Name: optStr(g, fmt.Sprintf("name%d", i)), NameEn: optStr(g, fmt.Sprintf("nameEn%d", i))}
			grp.Keys = append(grp.Keys, k)
		}
		out.Groups = append(out.Groups, grp)
	}
	return out, nil
}

func numOf(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

func optNum(m map[string]any, k string) *float64 {
	v, ok := m[k]
	if !ok || v == nil {
		return nil
	}
	f := numOf(v)
	return &f
}

func statsOf(fields []string, m map[string]any) []model.FieldStats {
	out := make([]model.FieldStats, len(fields))
	for i, f := range fields {
		st := model.FieldStats{Field: f, Count: int(numOf(m[fmt.Sprintf("cnt%d", i)])),
			Min: optNum(m, fmt.Sprintf("min%d", i)), Max: optNum(m, fmt.Sprintf("max%d", i)),
			Sum: optNum(m, fmt.Sprintf("sum%d", i))}
		if st.Count > 0 && st.Sum != nil {
			avg := *st.Sum / float64(st.Count)
			st.Avg = &avg
		}
		if st.Count == 0 {
			st.Sum = nil
		}
		out[i] = st
	}
	return out
}

// checkAggregation checks an aggregation's sizes and order; it returns the ORDER BY of the order.
func checkAggregation(a model.Aggregation) (string, error) {
	if len(a.GroupBy) > MaxGroupBy {
		return "", invalidf("groupBy: %d dimensions; at most %d", len(a.GroupBy), MaxGroupBy)
	}
	if len(a.Stats) > MaxStats {
		return "", invalidf("stats: %d fields; at most %d", len(a.Stats), MaxStats)
	}
	if a.First > MaxGroups {
		return "", invalidf("first: at most %d groups (got %d)", MaxGroups, a.First)
	}
	order, ok := aggregateOrders[a.Order]
	if !ok {
		return "", invalidf("orderBy: unknown order %q", a.Order)
	}
	if strings.HasPrefix(a.Order, "AVG") && len(a.Stats) == 0 {
		return "", invalidf("orderBy %s orders by the average of the first of stats; give stats", a.Order)
	}
	return order, nil
}

// aggregateStatement renders an aggregation.
func aggregateStatement(ent string, a model.Aggregation) (string, map[string]any, error) {
	e, ok := entities[ent]
	if !ok {
		return "", nil, invalidf("no entity %q to aggregate", ent)
	}
	order, err := checkAggregation(a)
	if err != nil {
		return "", nil, err
	}
	v := map[string]string{EntityComponent: "c", EntityAgency: "a", EntityReference: "r"}[ent]
	c := newCompiler(formFor(a.AsOf))
	c.scoreOnce(ent, v, a.Where, false, append(append([]string{}, a.GroupBy...), a.Stats...)...)
	w, err := c.filter(ent, v, a.Where)
	if err != nil {
		return "", nil, err
	}
	// Dimensions read through a component's owner are grouped in two stages: first by owner
	// node (one pattern per component), then each owner group's key is derived once and the
	// groups merged — instead of one walk to the owner's province per component.
	var with, keys, stats, stats2, overall, late []string
	twoStage := false
	seen := map[string]bool{}
	for i, d := range a.GroupBy {
		if seen[d] {
			return "", nil, invalidf("groupBy: %s given twice", d)
		}
		seen[d] = true
		fs, x, err := c.field(ent, d, v)
		if err != nil {
			return "", nil, err
		}
		if fs.typ == tText || fs.typ == tFloat {
			return "", nil, invalidf("groupBy: %s (a %s field) is not a dimension", d, fs.typ)
		}
		k := fmt.Sprintf("k%d", i)
		keys = append(keys, k)
		if fs.viaOwner != nil {
			twoStage = true
			late = append(late, fs.viaOwner("_o")+" AS "+k)
			continue
		}
		with = append(with, x+" AS "+k)
	}
	for i, f := range a.Stats {
		fs, x, err := c.field(ent, f, v)
		if err != nil {
			return "", nil, err
		}
		if fs.typ != tInt && fs.typ != tFloat {
			return "", nil, invalidf("stats: %s is not a numeric field", f)
		}
		with = append(with, fmt.Sprintf("%s AS s%d", x, i))
		stats = append(stats, fmt.Sprintf("min(s%[1]d) AS min%[1]d, max(s%[1]d) AS max%[1]d, sum(s%[1]d) AS sum%[1]d, count(s%[1]d) AS cnt%[1]d", i))
		stats2 = append(stats2, fmt.Sprintf("min(min%[1]d) AS min%[1]d, max(max%[1]d) AS max%[1]d, sum(sum%[1]d) AS sum%[1]d, sum(cnt%[1]d) AS cnt%[1]d", i))
		overall = append(overall, fmt.Sprintf(`min%[1]d: reduce(m = null, g IN rows | CASE WHEN m IS NULL OR g.min%[1]d < m THEN coalesce(g.min%[1]d, m) ELSE m END),
  max%[1]d: reduce(m = null, g IN rows | CASE WHEN m IS NULL OR g.max%[1]d > m THEN coalesce(g.max%[1]d, m) ELSE m END),
  sum%[1]d: reduce(t = 0, g IN rows | t + coalesce(g.sum%[1]d, 0)), cnt%[1]d: reduce(t = 0, g IN rows | t + g.cnt%[1]d)`, i))
	}
	var b strings.Builder
	b.WriteString(c.aggregateHead(ent, v, w, twoStage))
	early := []string{}
	for _, k := range keys {
		if !strings.Contains(strings.Join(late, ","), " AS "+k) {
			early = append(early, k)
		}
	}
	if twoStage {
		with = append([]string{"_o"}, with...)
		early = append([]string{"_o"}, early...)
	}
	if len(with) > 0 {
		b.WriteString("\nWITH " + strings.Join(with, ", "))
	}
	agg := append(append([]string{}, early...), "count(*) AS n")
	agg = append(agg, stats...)
	b.WriteString("\nWITH " + strings.Join(agg, ", "))
	if twoStage {
		pass := append(append([]string{}, late...), early[1:]...)
		pass = append(pass, "n")
		for i := range a.Stats {
			pass = append(pass, fmt.Sprintf("min%[1]d, max%[1]d, sum%[1]d, cnt%[1]d", i))
		}
		b.WriteString("\nWITH " + strings.Join(pass, ", "))
		agg2 := append(append([]string{}, keys...), "sum(n) AS n")
		agg2 = append(agg2, stats2...)
		b.WriteString("\nWITH " + strings.Join(agg2, ", "))
	}
	writeAggregateTail(&b, e, a, keys, order, overall)
	return b.String(), c.params, nil
}

// writeAggregateTail writes the end of an aggregation statement, after the rows have been
// grouped into keys (k0, k1), n and the statistics: the groups' order, the first $first groups
// with the names of their keys, and the totals.
func writeAggregateTail(b *strings.Builder, e entity, a model.Aggregation, keys []string, order string, overall []string) {
	if len(a.Stats) > 0 {
		b.WriteString("\nWITH *, CASE WHEN cnt0 = 0 THEN null ELSE toFloat(sum0) / cnt0 END AS avg0")
	}
	// the order of the groups: the asked one, then the keys
	var ord []string
	switch a.Order {
	case "KEY_ASC", "KEY_DESC":
		for _, k := range keys {
			ord = append(ord, strings.TrimSpace(k+" "+order))
		}
	default:
		ord = append(ord, order)
		ord = append(ord, keys...)
	}
	if len(ord) > 0 {
		b.WriteString("\nORDER BY " + strings.Join(ord, ", "))
	}
	row := []string{"n: n"}
	for _, k := range keys {
		row = append(row, k+": "+k)
	}
	for i := range a.Stats {
		row = append(row, fmt.Sprintf("min%[1]d: min%[1]d, max%[1]d: max%[1]d, sum%[1]d: sum%[1]d, cnt%[1]d: cnt%[1]d", i))
	}
	b.WriteString("\nWITH collect({" + strings.Join(row, ", ") + "}) AS rows, sum(n) AS total")
	// names of the keys that are codes of named nodes, read for the returned groups only
	var named []string
	for i, d := range a.GroupBy {
		fs := e.fields[d]
		val := fmt.Sprintf("CASE WHEN g.k%[1]d IS NULL THEN null ELSE toString(g.k%[1]d) END", i)
		named = append(named, fmt.Sprintf("k%d: %s", i, val))
		if fs.names != "" {
			named = append(named, fmt.Sprintf("name%[1]d: head(COLLECT { MATCH (x:%[2]s {code: g.k%[1]d}) RETURN x.name }), nameEn%[1]d: head(COLLECT { MATCH (x:%[2]s {code: g.k%[1]d}) RETURN x.nameEn })", i, fs.names))
		}
	}
	proj := "g {.*"
	if len(named) > 0 {
		proj += ", " + strings.Join(named, ", ")
	}
	proj += "}"
	b.WriteString("\nRETURN total, size(rows) AS groupCount, [g IN rows[0..$first] | " + proj + "] AS rows, {" + strings.Join(overall, ",\n  ") + "} AS overall")
}

// aggregateHead is the head of an aggregation statement: it binds v to every node matching w
// and, for a two-stage grouping, each component's owner to _o.
func (c *compiler) aggregateHead(ent, v, w string, twoStage bool) string {
	if !twoStage {
		return c.head(ent, v, w)
	}
	if ent == EntityComponent && !c.f.asOf && c.ownerStart == "" && c.hint == "" && !c.score {
		return ownersFirstHead(v, w)
	}
	if c.ownerOf == v {
		return c.head(ent, v, w) + fmt.Sprintf("\nWITH %s, _ao AS _o", c.carry(v))
	}
	return c.head(ent, v, w) + fmt.Sprintf("\nWITH %s, head([(%s)<-[%s]-(o:Agency)%s | o]) AS _o", c.carry(v), v, c.f.rel("oo", RelOwns), c.f.where("oo"))
}

// ownersFirstHead binds every current component v that satisfies w with its owner _o (null for
// an unowned one), starting from the owners: an aggregation grouped by an owner-derived
// dimension (PROVINCE, OWNER, …) over all components, without an index to start from. Looking
// up each component's owner walks the component's whole relationship chain (on S 659,000 of
// the statement's 932,000 db hits, and a subquery per component); walking OWNS from the
// owners reads each edge once, and the unowned components are found by their OWNS degree. A
// component with two owners (possible through an import) keeps the owner the per-component
// lookup would pick (head of its owners), so that it is counted once, as before.
func ownersFirstHead(v, w string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `CALL () {
  MATCH (_o:Agency)-[:%[2]s]->(%[1]s:%[3]s) WHERE %[1]s.code IS NOT NULL
    AND (COUNT { (%[1]s)<-[:%[2]s]-() } = 1 OR _o = head([(%[1]s)<-[:%[2]s]-(x:Agency) | x]))
  RETURN _o, %[1]s
  UNION ALL
  MATCH (%[1]s:%[3]s) WHERE %[1]s.code IS NOT NULL AND COUNT { (%[1]s)<-[:%[2]s]-() } = 0
  RETURN null AS _o, %[1]s
}
WITH _o, %[1]s`, v, RelOwns, LabelComponent)
	if w != "true" {
		b.WriteString(" WHERE " + w)
	}
	return b.String()
}

// AggregateFields lists an entity's allow-list (for the README and tests), sorted.
func AggregateFields(ent string) []string {
	var out []string
	for f := range entities[ent].fields {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Price is what a filter tree adds to an operation's complexity: each comparison on an indexed
// field 1, on another stored field 3, a folded text comparison 10, a derived field 20 (the
// conformance score 200), a relation condition 20 plus five times its own; the whole is tripled when the
// top level has no indexed equality to start from (the statement scans every node of the label).
// Unknown names price 1: validation refuses them with a clearer error.
func Price(ent string, cond *model.Cond) int {
	if cond == nil {
		return 0
	}
	p := price(ent, cond)
	if !anchored(ent, cond) {
		p *= 3
	}
	return p
}

func price(ent string, cond *model.Cond) int {
	if cond == nil {
		return 0
	}
	p := 0
	for i := range cond.And {
		p += price(ent, &cond.And[i])
	}
	for i := range cond.Or {
		p += price(ent, &cond.Or[i])
	}
	p += price(ent, cond.Not)
	if cond.Field != "" {
		fs, ok := entities[ent].fields[cond.Field]
		switch {
		case !ok:
			p++
		case cond.Field == "conformanceScore":
			p += 200
		case fs.derived:
			p += 20
		case fs.typ == tText:
			p += 10
		case fs.indexed && (cond.Op == "eq" || cond.Op == "in"):
			p++
		default:
			p += 3
		}
	}
	if cond.Rel != "" {
		// evaluated for every node the outer condition reaches: what it asks of the related
		// nodes costs five times over
		to := entities[ent].rels[cond.Rel].to
		p += 20 + 5*price(to, cond.Sub)
	}
	return p
}

// anchored reports whether the top-level conjunction of cond has an equality or IN on an
// indexed field, which the planner can start from.
func anchored(ent string, cond *model.Cond) bool {
	if cond.Field != "" {
		fs := entities[ent].fields[cond.Field]
		if fs.indexed && (cond.Op == "eq" || cond.Op == "in") {
			return true
		}
	}
	for i := range cond.And {
		if anchored(ent, &cond.And[i]) {
			return true
		}
	}
	return false
}

// FieldPrice is what sorting, grouping or a statistic on field adds (derived fields are
// computed per node).
func FieldPrice(ent, field string) int {
	fs, ok := entities[ent].fields[field]
	switch {
	case !ok:
		return 1
	case field == "conformanceScore":
		return 200
	case fs.derived:
		return 20
	}
	return 2
}
