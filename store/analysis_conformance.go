package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/internal/core"
)

// Conformance of agencies against their reference framework.
//
// An agency's applicable reference components: those of its reference framework (a commune
// KTTS-XA, a province KTTS-TINH, a ministry KTTS-BO; a central body the framework the source
// names for it — KTTS-TOCHUC for the bodies L378 lists — and none otherwise) of kind COMPONENT
// that are not catch-alls ("… khác"); for a commune the COMMUNE_ESSENTIAL ones and the
// AREA_SUPPLEMENTARY ones of its area type. Its state against each:
//
//   - REALIZED: it OWNS a component that REALIZES the reference;
//   - EXPLOITS_SHARED: else, the reference is an "exploit the shared one" item and the agency
//     USES a component, or owns a component that DEPENDS_ON a component, of scope NATIONAL or
//     PROVINCE in the layer of the reference's group;
//   - PROVIDED_BY_PROVINCE: else, for a commune, its province owns a component that realizes the
//     reference, or one of the province-tier references the item is shared from (sharedFrom:
//     KTT9 the provincial portal, ĐLHQ8 the dashboard, KTT15 the IOC/dashboard, ƯDXHS7 the
//     provincial environment monitoring). The figures of Appendix 4 say every essential commune
//     item is "built and deployed by the province or the commune" (L2185 and the like);
//   - MISSING (an essential item) or NOT_DEPLOYED (an area-supplementary item: optional, L586,
//     L653, L718, L764, L810, L860): none of these.
//
// Tally counts the required (essential) items; Supplementary the area-supplementary ones apart.
// The single-agency statement and the roll-up statement apply the same rule; the roll-up is
// set-based: it walks every commune of the province (or nation) once, collects the codes of the
// references it realizes and the layers in which it uses a shared component, reads once per
// province the reference codes its province realizes, and evaluates the applicable references
// against those small lists, aggregating on the server.

// frameworkForLevel is the reference framework that applies to an agency of each level.
// A central body has none by level: the organisations' framework is for the bodies L378 names
// (the seed records it on them as `framework`).
var frameworkForLevel = map[model.AgencyLevel]string{
	model.AgencyLevelCommune:  "KTTS-XA",
	model.AgencyLevelProvince: "KTTS-TINH",
	model.AgencyLevelMinistry: "KTTS-BO",
}

// cypherConformance evaluates one agency. $commune restricts the references by tier and area
// type; $sharedScopes are the scopes that count as shared.
func conformance(f form) string {
	return `
MATCH (a:Agency {id: $agency})
CALL (a) {
  OPTIONAL MATCH (a)-[` + f.rel("ow", RelOwns) + `]->(` + f.component("c") + `)-[` + f.rel("re", RelRealizes) + `]->(r:ReferenceComponent {framework: $framework})` + f.where("ow", "re") + `
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: ` + f.props("c") + `}) AS owned
}
CALL (a) {
  CALL (a) {
    MATCH (a)-[` + f.rel("u", RelUses) + `]->(` + f.component("s") + `)` + f.where("u") + `
    RETURN s
    UNION
    MATCH (a)-[` + f.rel("ow", RelOwns) + `]->(` + f.component("") + `)-[` + f.rel("d", RelDependsOn) + `]->(` + f.component("s") + `)` + f.where("ow", "d") + `
    RETURN s
  }
  WITH s, ` + f.version("s") + ` AS sv
  WHERE sv.scope IN $sharedScopes
  ORDER BY s.code
  RETURN collect(sv) AS shared
}
CALL (a) {
  OPTIONAL MATCH (a)-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[` + f.rel("ow", RelOwns) + `]->(` + f.component("c") + `)-[` + f.rel("re", RelRealizes) + `]->(r:ReferenceComponent)
  WHERE $commune` + f.and("ow", "re") + `
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: ` + f.props("c") + `}) AS provincial
}
MATCH (r:ReferenceComponent {framework: $framework, kind: 'COMPONENT'})
WHERE NOT coalesce(r.catchAll, false)
  AND (NOT $commune OR r.tier = 'COMMUNE_ESSENTIAL'
       OR (r.tier = 'AREA_SUPPLEMENTARY' AND r.areaType = a.areaType))
OPTIONAL MATCH (r)-[:IN_GROUP]->(g:ComponentGroup)
WITH r, [o IN owned WHERE o.ref = r.code | o.component] AS realized,
     [s IN shared WHERE s.layer = g.layer] AS used,
     [o IN provincial WHERE o.ref = r.code OR o.ref IN split(coalesce(r.sharedFrom, ''), ';') | o.component] AS provided
WITH r, realized, provided, CASE WHEN coalesce(r.exploitsShared, false) THEN used ELSE [] END AS used
RETURN r {.*} AS reference,
       CASE WHEN size(realized) > 0 THEN 'REALIZED'
            WHEN size(used) > 0 THEN 'EXPLOITS_SHARED'
            WHEN size(provided) > 0 THEN 'PROVIDED_BY_PROVINCE'
            WHEN r.tier = 'AREA_SUPPLEMENTARY' THEN 'NOT_DEPLOYED'
            ELSE 'MISSING' END AS state,
       CASE WHEN size(realized) > 0 THEN realized
            WHEN size(used) > 0 THEN [s IN used | s {.*}]
            ELSE provided END AS components
ORDER BY r.code`
}

var cypherConformanceNow, cypherConformanceAsOf = conformance(formNow), conformance(formAsOf)

// Conformance evaluates one agency (id or code) against the reference framework of its level.
// Items are ordered by reference code; a REALIZED item lists the agency's components that
// realize the reference, an EXPLOITS_SHARED item the shared components it uses or depends on in
// that layer. Tally counts every applicable reference, Essential only COMMUNE_ESSENTIAL ones for
// a commune (for any other agency it equals Tally). An unknown agency is ErrNotFound; an agency
// of no known level is ErrInvalid.
func (s *Store) Conformance(ctx context.Context, agency, asOf string) (model.Conformance, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return model.Conformance{}, err
	}
	cypher := cypherConformanceNow
	if asOf != "" {
		cypher = cypherConformanceAsOf
	}
	return read(ctx, s, "conformance", func(tx neo4j.ManagedTransaction) (model.Conformance, error) {
		return conformanceTx(ctx, tx, cypher, agency, asOf)
	})
}

// conformanceTx is Conformance's work in tx, with the statement of asOf's form.
func conformanceTx(ctx context.Context, tx neo4j.ManagedTransaction, cypher, agency, asOf string) (model.Conformance, error) {
	{
		a, err := resolveAgency(ctx, tx, agency)
		if err != nil {
			return model.Conformance{}, err
		}
		fw, ok := frameworkForLevel[a.Level]
		if a.Framework != "" {
			fw, ok = a.Framework, true
		}
		if !ok {
			return model.Conformance{}, invalidf("no reference framework applies to %s (%s): the organisations' framework is for the bodies L378 names "+
				"(Party bodies, National Assembly, Fatherland Front, Supreme People's Court, Supreme People's Procuracy)", a.Code, a.Level)
		}
		out := model.Conformance{Agency: a, FrameworkCode: fw, Items: []model.ConformanceItem{}}
		commune := a.Level == model.AgencyLevelCommune
		res, err := tx.Run(ctx, cypher, map[string]any{"agency": a.ID, "framework": fw,
			"commune": commune, "sharedScopes": sharedScopes, "asOf": asOf})
		if err != nil {
			return out, err
		}
		var essential, supplementary stateCounts
		for res.Next(ctx) {
			r := res.Record()
			it := model.ConformanceItem{Reference: referenceComponentFromProps(recMap(r, "reference")),
				State: model.ConformanceState(str(r, "state")), Components: recComponents(r, "components")}
			out.Items = append(out.Items, it)
			if commune && it.Reference.Tier == model.TierAreaSupplementary {
				supplementary.add(it.State)
			} else {
				essential.add(it.State)
			}
		}
		if err := res.Err(); err != nil {
			return out, err
		}
		out.Tally, out.Essential, out.Supplementary = essential.tally(), essential.tally(), supplementary.tally()
		return out, nil
	}
}

// stateCounts accumulates states into a Tally; optional marks a tally of optional
// (area-supplementary) items, whose unmet items are NOT_DEPLOYED, not missing.
type stateCounts struct {
	applicable, realized, exploited, provided int
	optional                                  bool
}

func (c *stateCounts) add(st model.ConformanceState) {
	c.applicable++
	switch st {
	case model.ConformanceStateRealized:
		c.realized++
	case model.ConformanceStateExploitsShared:
		c.exploited++
	case model.ConformanceStateProvidedByProvince:
		c.provided++
	case model.ConformanceStateNotDeployed:
		c.optional = true
	}
}

func (c *stateCounts) plus(o stateCounts) {
	c.applicable += o.applicable
	c.realized += o.realized
	c.exploited += o.exploited
	c.provided += o.provided
	c.optional = c.optional || o.optional
}

// tally derives missing (or, for optional items, notDeployed) and the score:
// (realized + exploited + provided) / applicable, 1 when nothing applies.
func (c stateCounts) tally() model.Tally {
	met := c.realized + c.exploited + c.provided
	t := model.Tally{Applicable: c.applicable, Realized: c.realized, Exploited: c.exploited, Provided: c.provided, Score: 1}
	if c.optional {
		t.NotDeployed = c.applicable - met
	} else {
		t.Missing = c.applicable - met
	}
	if c.applicable > 0 {
		t.Score = float64(met) / float64(c.applicable)
	}
	return t
}

// conformanceRollupHead reads the commune framework's applicable reference components once (first,
// so that the planner does not re-read them per commune), then picks the communes: of one
// province ($province, an id) or, when it is null, of the nation. Every province is listed,
// also one whose communes are not loaded.
//
// It first reads whether the conformance facts are current (fresh, conformance_facts.go), and
// returns it with every row.
func conformanceRollupHead(f form) string { return rollupHead(f, "") }

// rollupHead is conformanceRollupHead reading only the references that also match refsWhere (a
// predicate on r and its group g; "" for all): what a statement about some items only needs, so
// that its per-commune work — a list of the applicable references evaluated for each of the
// nation's 3,321 communes — is over those items alone.
func rollupHead(f form, refsWhere string) string {
	return `
OPTIONAL MATCH (gv:GraphVersion {id: 'graph'})
WITH coalesce(gv.n = gv.factsAt AND gv.factsShape = ` + strconv.Itoa(FactsShape) + `, false) AS fresh` + `
CALL () {
  MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
  WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']` + refsWhere + `
  RETURN collect({code: r.code, group: g.code, layer: g.layer, tier: r.tier, areaType: r.areaType,
                  exploits: coalesce(r.exploitsShared, false),
                  sharedFrom: [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> '']}) AS refs,
         collect(DISTINCT CASE WHEN r.exploitsShared THEN g.layer END) AS shareLayers
}
MATCH (p:Agency {level: 'PROVINCE'})
WHERE $province IS NULL OR p.id = $province` + conformanceProvinceCodes(f) + `
OPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})`
}

// conformanceProvinceCodes reads, once per province, the reference codes its own components
// realize, and from them the codes of the commune framework's references it provides its
// communes (realized itself, or one of the references it is shared from): provRefs. Deciding
// this once per province, not once per (commune, reference) pair, keeps the extra state that
// "provided" added (issue 13) from costing per pair.
func conformanceProvinceCodes(f form) string {
	return `
CALL (p, refs) {
  OPTIONAL MATCH (p)-[` + f.rel("ow", RelOwns) + `]->(` + f.component("") + `)-[` + f.rel("re", RelRealizes) + `]->(pr:ReferenceComponent)` + f.where("ow", "re") + `
  WITH collect(DISTINCT pr.code) AS provCodes
  RETURN [r IN refs WHERE r.code IN provCodes OR any(sf IN r.sharedFrom WHERE sf IN provCodes) | r.code] AS provRefs
}`
}

// conformanceCommuneFacts follows conformanceRollupHead: for each commune c, the codes of the
// commune references it realizes (realized) and the layers with an "exploit the shared one"
// reference in which it uses, or owns a component that depends on, a shared component (layers;
// one existence check per layer, stopping at the first shared component found).
//
// When the facts are current (fresh), it reads them from the commune's :ConformanceFacts node
// instead (the same lists, kept by the writes: conformance_facts.go): now its current lists, as
// of a day the codes and layers of its spans that hold on $asOf (spansOn, the facts' history);
// else it walks the graph (as of a day: its history relationships and component versions).
func conformanceCommuneFacts(f form) string {
	shared := func(s string) string {
		return f.value(s, "layer") + " = l AND " + f.value(s, "scope") + " IN $sharedScopes"
	}
	live := `
CALL (c) {
  OPTIONAL MATCH (c)-[` + f.rel("ow", RelOwns) + `]->(` + f.component("") + `)-[` + f.rel("re", RelRealizes) + `]->(r:ReferenceComponent {framework: 'KTTS-XA'})` + f.where("ow", "re") + `
  RETURN collect(DISTINCT r.code) AS realized
}
WITH p, c, refs, realized, provRefs,
     [l IN shareLayers WHERE c IS NOT NULL AND (
        EXISTS { (c)-[` + f.rel("u", RelUses) + `]->(` + f.component("s") + `) WHERE ` + shared("s") + f.and("u") + ` }
        OR EXISTS { (c)-[` + f.rel("ow", RelOwns) + `]->(` + f.component("") + `)-[` + f.rel("d", RelDependsOn) + `]->(` + f.component("s") + `) WHERE ` + shared("s") + f.and("ow", "d") + ` })] AS layers
`
	realized, layers := "coalesce(cf.realized, [])", "coalesce(cf.layers, [])"
	if f.asOf {
		realized, layers = spansOn("cf", "Realized"), spansOn("cf", "Layer")
	}
	return `
CALL (p, c, refs, provRefs, shareLayers, fresh) {
  WITH c, shareLayers WHERE fresh
  OPTIONAL MATCH (cf:` + LabelConformanceFacts + ` {agency: c.id})
  RETURN ` + realized + ` AS realized, [l IN shareLayers WHERE l IN ` + layers + `] AS layers
  UNION ALL
  WITH p, c, refs, provRefs, shareLayers WHERE NOT fresh` + strings.ReplaceAll(strings.TrimSuffix(live, "\n"), "\n", "\n  ") + `
  RETURN realized, layers
}
WITH p, c, refs, realized, provRefs, layers, fresh
`
}

// conformanceRollupBody returns, per province, what its communes' states are decided from: the
// framework's applicable references (refs, the same on every row), the references the province
// provides (provRefs), and for each commune its area type, the codes it realizes and the
// layers in which it uses a shared component (conformanceCommuneFacts). The states are decided
// and counted in Go (evaluate): a few list lookups per (commune, reference) pair, which
// Cypher's row-at-a-time evaluation made the roll-up's main cost (141k rows on S). A commune's
// row carries its properties only when it is a child of the answer ($byCommune); otherwise its
// area type.
func conformanceRollupBody(f form) string {
	return conformanceCommuneFacts(f) + `WITH p, refs, provRefs, fresh,
     collect(CASE WHEN c IS NOT NULL THEN {commune: CASE WHEN $byCommune THEN c {.*} ELSE c {.areaType} END,
                                          realized: realized, layers: layers} END) AS communes
RETURN p {.*} AS province, refs, provRefs, communes, fresh
ORDER BY p.code`
}

var (
	cypherConformanceRollupNow  = conformanceRollupHead(formNow) + conformanceRollupBody(formNow)
	cypherConformanceRollupAsOf = conformanceRollupHead(formAsOf) + conformanceRollupBody(formAsOf)
)

// cypherConformanceNationFacts is the nation's roll-up now when the facts are current: what
// conformanceRollupBody returns per province, with its communes read from the facts nodes that
// name it (an index seek, no walk from the province) and counted once per distinct (area type,
// realized, layers) — communes with the same facts have the same states, so evaluate decides
// them once (n: how many). When the facts are not current (fresh false) it reads no commune, and
// the caller runs cypherConformanceRollupNow, which walks the graph live.
var cypherConformanceNationFacts = replaceOnce(conformanceRollupHead(formNow),
	"\nOPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})", "") + `
CALL (p, fresh) {
  OPTIONAL MATCH (cf:` + LabelConformanceFacts + ` {province: p.id}) WHERE fresh
  WITH cf.areaType AS areaType, cf.realized AS realized, cf.layers AS layers, count(cf) AS n
  RETURN collect(CASE WHEN n > 0 THEN [areaType, reduce(s = '', code IN realized | s + code + ';'), layers, n] END) AS facts
}
RETURN p {.*} AS province, refs, provRefs, [] AS communes, facts, fresh
ORDER BY p.code`

// cypherConformanceNationTable is cypherConformanceNationFacts when the store holds the facts
// of this write version in its score table (commune_scores.go): it reads no facts node, and the
// caller evaluates the table's facts of each province. fresh also says that the version read is
// the table's ($tableAt); when it is not (a write came in between), the caller runs
// cypherConformanceRollupNow, as with stale facts.
var cypherConformanceNationTable = replaceOnce(replaceOnce(cypherConformanceNationFacts,
	"\nCALL (p, fresh) {\n  OPTIONAL MATCH (cf:"+LabelConformanceFacts+" {province: p.id}) WHERE fresh\n  WITH cf.areaType AS areaType, cf.realized AS realized, cf.layers AS layers, count(cf) AS n\n  RETURN collect(CASE WHEN n > 0 THEN [areaType, reduce(s = '', code IN realized | s + code + ';'), layers, n] END) AS facts\n}\nRETURN p {.*} AS province, refs, provRefs, [] AS communes, facts, fresh",
	"\nRETURN p {.*} AS province, refs, provRefs, [] AS communes, fresh"),
	"gv.factsShape = "+strconv.Itoa(FactsShape)+", false) AS fresh",
	"gv.factsShape = "+strconv.Itoa(FactsShape)+" AND [gv.epoch, gv.n] = $tableAt, false) AS fresh")

// replaceOnce is s with its one occurrence of old replaced by new, for statements derived from
// another at start-up: it panics when old does not occur exactly once, so that an edit of the
// statement derived from cannot leave the derived one silently unchanged.
func replaceOnce(s, old, new string) string {
	if n := strings.Count(s, old); n != 1 {
		panic(fmt.Sprintf("store: a derived statement expects one occurrence of %q, found %d", old, n))
	}
	return strings.Replace(s, old, new, 1)
}

// rollupRef is one applicable commune reference as the roll-up reads it (conformanceRollupHead).
type rollupRef struct {
	code, group, layer, tier, areaType string
	exploits                           bool
}

func rollupRefs(ms []map[string]any) []rollupRef {
	out := make([]rollupRef, len(ms))
	for i, m := range ms {
		out[i] = rollupRef{code: pstr(m, "code"), group: pstr(m, "group"), layer: pstr(m, "layer"), tier: pstr(m, "tier"),
			areaType: pstr(m, "areaType"), exploits: pbool(m, "exploits")}
	}
	return out
}

// rollupPlan indexes the applicable references once per roll-up, so that evaluate decides a
// commune with slice lookups and no allocation (3,321 communes × 82 references on the nation).
type rollupPlan struct {
	refs          []rollupRef
	group         []int    // the group of refs[i]: an index into codes and layers
	codes, layers []string // the groups, in the order first met
	index         map[string][]int
	// realized and provided are by reference index: what the commune being evaluated realizes
	// (scratch), what its province provides (set by provide).
	realized, provided []bool
	set                []int // the indexes realized is true at
	scratch            []string
	// supp and essential: refs[i] is an area-supplementary or an essential item.
	supp, essential []bool
}

func newRollupPlan(refs []rollupRef) *rollupPlan {
	p := &rollupPlan{refs: refs, group: make([]int, len(refs)), index: map[string][]int{},
		realized: make([]bool, len(refs)), provided: make([]bool, len(refs)),
		supp: make([]bool, len(refs)), essential: make([]bool, len(refs))}
	groups := map[string]int{}
	for i, r := range refs {
		p.supp[i] = r.tier == string(model.TierAreaSupplementary)
		p.essential[i] = r.tier == string(model.TierCommuneEssential)
		g, ok := groups[r.group]
		if !ok {
			g = len(p.codes)
			groups[r.group] = g
			p.codes, p.layers = append(p.codes, r.group), append(p.layers, r.layer)
		}
		p.group[i] = g
		p.index[r.code] = append(p.index[r.code], i)
	}
	return p
}

// provide says which references the province of the communes evaluated next provides (codes).
func (p *rollupPlan) provide(codes []string) {
	clear(p.provided)
	for _, c := range codes {
		for _, i := range p.index[c] {
			p.provided[i] = true
		}
	}
}

// evaluateCodes is evaluate with the realized codes each followed by ';' in one string.
func (acc *rollupAcc) evaluateCodes(p *rollupPlan, areaType, codes string, layers []string, k int) {
	p.scratch = p.scratch[:0]
	for rest := codes; rest != ""; {
		var c string
		c, rest, _ = strings.Cut(rest, ";")
		p.scratch = append(p.scratch, c)
	}
	acc.evaluate(p, areaType, p.scratch, layers, k)
}

// evaluate decides the state of k communes with the same facts (area type, realized codes,
// layers) against each applicable reference — the rule of Conformance: realized, else exploits
// a shared component in the reference's layer (an "exploit the shared one" item), else provided
// by its province, else missing (or, for an area-supplementary item, not deployed) — and adds
// the counts to acc, per group and tier.
func (acc *rollupAcc) evaluate(p *rollupPlan, areaType string, realized, layers []string, k int) {
	acc.communes += k
	p.set = p.set[:0]
	for _, c := range realized {
		for _, i := range p.index[c] {
			p.realized[i] = true
			p.set = append(p.set, i)
		}
	}
	for i := range p.refs {
		r := &p.refs[i]
		supp := p.supp[i]
		if supp && r.areaType != areaType || !supp && !p.essential[i] {
			continue
		}
		c := stateCounts{optional: supp, applicable: k}
		switch {
		case p.realized[i]:
			c.realized = k
		case r.exploits && slices.Contains(layers, r.layer):
			c.exploited = k
		case p.provided[i]:
			c.provided = k
		}
		acc.addGroup(p, p.group[i], c)
	}
	for _, i := range p.set {
		p.realized[i] = false
	}
}

// ConformanceSummary rolls the communes' conformance up. With a province (id or code): Total is
// the sum over its communes (Agency = the province) and Children has one rollup per commune;
// with "": Total is the sum over every commune of the nation (Agency nil) and Children one
// rollup per province (a province with no communes loaded has Communes 0 and score 1). Each
// rollup's ByGroup tallies the commune groups (HTS, ƯDCQS, …), in layer then code order;
// children are in code order. It evaluates exactly what Conformance evaluates for each commune:
// one set-based statement reads what the states are decided from, evaluate decides them. A
// province argument that is not a province is ErrInvalid.
func (s *Store) ConformanceSummary(ctx context.Context, province, asOf string) (model.ConformanceSummary, error) {
	return s.ConformanceSummaryOf(ctx, province, asOf, true)
}

// ConformanceSummaryOf is ConformanceSummary; without byGroup every ByGroup is left empty.
func (s *Store) ConformanceSummaryOf(ctx context.Context, province, asOf string, byGroup bool) (model.ConformanceSummary, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return model.ConformanceSummary{}, err
	}
	cypher := cypherConformanceRollupNow
	switch {
	case asOf != "":
		cypher = cypherConformanceRollupAsOf
	case province == "":
		cypher = cypherConformanceNationFacts
	}
	out, err := read(ctx, s, "conformance summary", func(tx neo4j.ManagedTransaction) (model.ConformanceSummary, error) {
		var table *scoreTable
		cypher := cypher
		if cypher == cypherConformanceNationFacts {
			// the facts of this version, when the store holds them (commune_scores.go)
			t, err := s.scoreTable(ctx, tx)
			if err != nil {
				return model.ConformanceSummary{}, err
			}
			if t != nil {
				table, cypher = t, cypherConformanceNationTable
			}
		}
		out, stale, err := s.conformanceSummaryTx(ctx, tx, cypher, province, asOf, byGroup, table)
		if err == nil && stale && cypher != cypherConformanceRollupNow && province == "" && asOf == "" {
			// The facts are not current: the roll-up that walks the graph live.
			out, _, err = s.conformanceSummaryTx(ctx, tx, cypherConformanceRollupNow, province, asOf, byGroup, nil)
		}
		if f := s.staleFacts.Load(); err == nil && stale && f != nil {
			(*f)()
		}
		return out, err
	})
	// A live roll-up that failed (its deadline, on a large graph) may have been reading stale
	// facts without getting to say so: the refresh checks, and does nothing when they are current.
	if f := s.staleFacts.Load(); err != nil && asOf == "" && f != nil {
		(*f)()
	}
	return out, err
}

// conformanceSummaryTx runs one roll-up statement (cypher) and decides the states; stale says
// that a row was read without current facts. With a table (cypherConformanceNationTable), each
// province's communes are the table's facts that name it.
func (s *Store) conformanceSummaryTx(ctx context.Context, tx neo4j.ManagedTransaction, cypher, province, asOf string, byGroup bool, table *scoreTable) (model.ConformanceSummary, bool, error) {
	stale := false
	out, err := func() (model.ConformanceSummary, error) {
		out := model.ConformanceSummary{Children: []model.ConformanceRollup{}}
		params := map[string]any{"province": nil, "byCommune": false, "sharedScopes": sharedScopes, "asOf": asOf}
		if table != nil {
			params["tableAt"] = []any{table.epoch, table.n}
		}
		if province != "" {
			p, err := resolveAgency(ctx, tx, province)
			if err != nil {
				return out, err
			}
			if p.Level != model.AgencyLevelProvince {
				return out, invalidf("%s is a %s, not a province", p.Code, p.Level)
			}
			out.Total.Agency = &p
			params["province"], params["byCommune"] = p.ID, true
		}
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return out, err
		}
		var total rollupAcc
		var plan *rollupPlan
		for res.Next(ctx) {
			r := res.Record()
			fresh, _ := r.Get("fresh")
			if fresh != true {
				stale = true
			}
			if plan == nil {
				plan = newRollupPlan(rollupRefs(recMaps(r, "refs")))
			}
			plan.provide(recStrings(r, "provRefs"))
			var prov rollupAcc
			if table != nil && fresh == true {
				for _, f := range table.facts[pstr(recMap(r, "province"), "id")] {
					prov.evaluate(plan, f.areaType, f.realized, f.layers, 1)
				}
			}
			// The nation's facts (cypherConformanceNationFacts): [area type, realized codes each
			// followed by ';', layers, how many communes].
			if facts, ok := r.Get("facts"); ok {
				rows, _ := facts.([]any)
				for _, f := range rows {
					row, _ := f.([]any)
					if len(row) != 4 {
						continue
					}
					at, _ := row[0].(string)
					codes, _ := row[1].(string)
					n, _ := row[3].(int64)
					prov.evaluateCodes(plan, at, codes, core.Strings(row[2]), int(n))
				}
			}
			for _, cm := range recMaps(r, "communes") {
				commune := pmap(cm["commune"])
				n := 1
				if k := pint(cm, "n"); k != nil {
					n = *k
				}
				if province == "" {
					// Only the province's sum is listed: evaluate into it directly.
					prov.evaluate(plan, pstr(commune, "areaType"), core.Strings(cm["realized"]), core.Strings(cm["layers"]), n)
					continue
				}
				var ch rollupAcc
				ch.evaluate(plan, pstr(commune, "areaType"), core.Strings(cm["realized"]), core.Strings(cm["layers"]), n)
				a := agencyFromProps(commune)
				out.Children = append(out.Children, ch.model(plan, &a, byGroup))
				prov.plus(plan, ch)
			}
			total.plus(plan, prov)
			if province == "" {
				a := agencyFromProps(recMap(r, "province"))
				out.Children = append(out.Children, prov.model(plan, &a, byGroup))
			}
		}
		if err := res.Err(); err != nil {
			return out, err
		}
		sort.Slice(out.Children, func(i, j int) bool { return out.Children[i].Agency.Code < out.Children[j].Agency.Code })
		if plan == nil {
			plan = newRollupPlan(nil)
		}
		out.Total = total.model(plan, out.Total.Agency, byGroup)
		return out, nil
	}()
	return out, stale, err
}

// rollupAcc accumulates a ConformanceRollup: essential items (all) and area-supplementary ones
// (supp) apart, in total and per group (by the plan's group index; a group is listed when an
// item of it applied to one of the communes).
type rollupAcc struct {
	communes  int
	all, supp stateCounts
	groups    []groupCounts
}

type groupCounts struct {
	seen      bool
	ess, supp stateCounts
}

func (r *rollupAcc) addGroup(p *rollupPlan, g int, c stateCounts) {
	if r.groups == nil {
		r.groups = make([]groupCounts, len(p.codes))
	}
	gc := &r.groups[g]
	gc.seen = true
	if c.optional {
		gc.supp.plus(c)
		r.supp.plus(c)
	} else {
		gc.ess.plus(c)
		r.all.plus(c)
	}
}

func (r *rollupAcc) plus(p *rollupPlan, o rollupAcc) {
	r.communes += o.communes
	for g, gc := range o.groups {
		if gc.seen {
			r.addGroup(p, g, gc.ess)
			r.addGroup(p, g, gc.supp)
		}
	}
}

func (r rollupAcc) model(p *rollupPlan, a *model.Agency, byGroup bool) model.ConformanceRollup {
	supp := r.supp
	supp.optional = true
	out := model.ConformanceRollup{Agency: a, Communes: r.communes, Tally: r.all.tally(), Supplementary: supp.tally(), ByGroup: []model.GroupTally{}}
	if !byGroup {
		return out
	}
	var order []int
	for g, gc := range r.groups {
		if gc.seen {
			order = append(order, g)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		return p.layers[a] < p.layers[b] || p.layers[a] == p.layers[b] && p.codes[a] < p.codes[b]
	})
	for _, g := range order {
		gc := r.groups[g]
		gc.supp.optional = true
		out.ByGroup = append(out.ByGroup, model.GroupTally{GroupCode: p.codes[g], Tally: gc.ess.tally(), Supplementary: gc.supp.tally()})
	}
	return out
}

// MaxConformanceGaps bounds the communes one ConformanceGaps answer lists (the nation has 3,321).
const MaxConformanceGaps = 5000

// conformanceGaps lists, per commune (of $province, or of the nation), the essential commune
// references it misses — exactly the items Conformance reports MISSING — optionally only those of
// group $group or the reference $reference (a code). Communes that miss none are left out.
//
// Only the essential items of $group or $reference are read (rollupHead): a reference
// component's page asks about one item, of the 82 the commune framework lists.
func conformanceGaps(f form) string {
	return rollupHead(f, `
    AND r.tier = 'COMMUNE_ESSENTIAL' AND ($group IS NULL OR g.code = $group) AND ($reference IS NULL OR r.code = $reference)`) +
		conformanceCommuneFacts(f) + `WITH p, c, [r IN refs WHERE c IS NOT NULL AND r.tier = 'COMMUNE_ESSENTIAL'
       AND ($group IS NULL OR r.group = $group) AND ($reference IS NULL OR r.code = $reference)
       AND NOT r.code IN realized AND NOT (r.exploits AND r.layer IN layers)
       AND NOT r.code IN provRefs | r.code] AS missing
WHERE size(missing) > 0
RETURN p {.*} AS province, c {.*} AS commune, missing
ORDER BY p.code, c.code`
}

var cypherConformanceGapsNow, cypherConformanceGapsAsOf = conformanceGaps(formNow), conformanceGaps(formAsOf)

const cypherCommuneReferences = `
MATCH (r:ReferenceComponent {framework: 'KTTS-XA'})
WHERE r.code IN $codes
RETURN r {.*} AS r`

const cypherResolveCommuneReference = `
MATCH (r:ReferenceComponent)
WHERE r.id = $ref OR r.code = $ref
RETURN r {.*} AS r
ORDER BY CASE WHEN r.framework = 'KTTS-XA' THEN 0 ELSE 1 END
LIMIT 1`

// ConformanceGaps lists the communes that miss essential reference components, with what each
// misses: of a province (id or code; "" the nation), only group's items or only the reference
// (id or code) when given, in province then commune code order; first communes at most, with
// TotalCount and Missing (the (commune, reference) pairs) of all. A reference that is not an
// essential commune item, a province that is not one, or first out of 1..MaxConformanceGaps is
// ErrInvalid; an unknown agency or reference ErrNotFound.
func (s *Store) ConformanceGaps(ctx context.Context, province, group, reference, asOf string, first int) (model.ConformanceGaps, error) {
	out := model.ConformanceGaps{Communes: []model.CommuneGap{}}
	if first < 1 || first > MaxConformanceGaps {
		return out, invalidf("first must be between 1 and %d (got %d)", MaxConformanceGaps, first)
	}
	if err := s.checkAsOf(asOf); err != nil {
		return out, err
	}
	cypher := cypherConformanceGapsNow
	if asOf != "" {
		cypher = cypherConformanceGapsAsOf
	}
	return read(ctx, s, "conformance gaps", func(tx neo4j.ManagedTransaction) (model.ConformanceGaps, error) {
		params := map[string]any{"province": nil, "group": nil, "reference": nil, "sharedScopes": sharedScopes, "asOf": asOf}
		if province != "" {
			p, err := resolveAgency(ctx, tx, province)
			if err != nil {
				return out, err
			}
			if p.Level != model.AgencyLevelProvince {
				return out, invalidf("province: %s is a %s, not a province", p.Code, p.Level)
			}
			params["province"] = p.ID
		}
		if group != "" {
			params["group"] = group
		}
		if reference != "" {
			m, err := singleMap(ctx, tx, cypherResolveCommuneReference, map[string]any{"ref": reference}, "r")
			if err != nil {
				return out, err
			}
			if m == nil {
				return out, notFoundf("no reference component has the id or code %q", reference)
			}
			rc := referenceComponentFromProps(m)
			if rc.FrameworkCode != "KTTS-XA" || rc.Tier != model.TierCommuneEssential {
				return out, invalidf("reference: %s is not an essential item of the communes' framework KTTS-XA (framework %s, tier %s): only those can be missing",
					rc.Code, rc.FrameworkCode, rc.Tier)
			}
			params["reference"] = rc.Code
		}
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return out, err
		}
		type row struct {
			gap   model.CommuneGap
			codes []string
		}
		var rows []row
		need := map[string]bool{}
		for res.Next(ctx) {
			r := res.Record()
			codes := recStrings(r, "missing")
			out.TotalCount++
			out.Missing += len(codes)
			if len(rows) >= first {
				continue
			}
			g := model.CommuneGap{Commune: agencyFromProps(recMap(r, "commune")), Province: recAgency(r, "province")}
			for _, c := range codes {
				need[c] = true
			}
			rows = append(rows, row{g, codes})
		}
		if err := res.Err(); err != nil {
			return out, err
		}
		if len(rows) == 0 {
			return out, nil
		}
		codes := make([]string, 0, len(need))
		for c := range need {
			codes = append(codes, c)
		}
		refs := map[string]model.ReferenceComponent{}
		rr, err := tx.Run(ctx, cypherCommuneReferences, map[string]any{"codes": codes})
		if err != nil {
			return out, err
		}
		for rr.Next(ctx) {
			rc := referenceComponentFromProps(recMap(rr.Record(), "r"))
			refs[rc.Code] = rc
		}
		if err := rr.Err(); err != nil {
			return out, err
		}
		for _, x := range rows {
			sort.Strings(x.codes)
			for _, c := range x.codes {
				if rc, ok := refs[c]; ok {
					x.gap.Missing = append(x.gap.Missing, rc)
				}
			}
			out.Communes = append(out.Communes, x.gap)
		}
		return out, nil
	})
}

// cypherConformanceBatch is the current conformance statement for several agencies in one run
// ($agencies: [{id, framework, commune}]), rendered from the same template: the agency is
// carried through and returned, the framework and tier flag are each agency's own.
var cypherConformanceBatch = func() string {
	s := cypherConformanceNow
	for _, r := range [][2]string{
		{"MATCH (a:Agency {id: $agency})", "UNWIND $agencies AS ag\nMATCH (a:Agency {id: ag.id})"},
		{"{framework: $framework}", "{framework: ag.framework}"},
		{"{framework: $framework,", "{framework: ag.framework,"},
		{"$commune", "ag.commune"},
		{"CALL (a) {", "CALL (a, ag) {"},
		{"WITH r, [o IN owned", "WITH a, r, [o IN owned"},
		{"WITH r, realized, provided,", "WITH a, r, realized, provided,"},
		{"RETURN r {.*} AS reference,", "RETURN a.id AS agency, r {.*} AS reference,"},
		{"ORDER BY r.code", "ORDER BY a.id, r.code"},
	} {
		if !strings.Contains(s, r[0]) {
			panic("conformance batch: the statement no longer has " + r[0])
		}
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	if strings.Contains(s, "$agency") || strings.Contains(s, "$framework") || strings.Contains(s, "$commune") {
		panic("conformance batch: a per-agency parameter is left")
	}
	return s
}()

// conformanceBatchTx is conformanceTx (now) for many agencies in one statement; agencies
// without a framework (a central body) are left out.
func conformanceBatchTx(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (map[string]model.Conformance, error) {
	out := map[string]model.Conformance{}
	if len(ids) == 0 {
		return out, nil
	}
	res, err := tx.Run(ctx, `UNWIND $ids AS id MATCH (a:Agency {id: id}) RETURN a {.*} AS a`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	var params []map[string]any
	for res.Next(ctx) {
		a := agencyFromProps(recMap(res.Record(), "a"))
		fw, ok := frameworkForLevel[a.Level]
		if a.Framework != "" {
			fw, ok = a.Framework, true
		}
		if !ok {
			continue
		}
		out[a.ID] = model.Conformance{Agency: a, FrameworkCode: fw, Items: []model.ConformanceItem{}}
		params = append(params, map[string]any{"id": a.ID, "framework": fw, "commune": a.Level == model.AgencyLevelCommune})
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	res, err = tx.Run(ctx, cypherConformanceBatch, map[string]any{"agencies": params, "sharedScopes": sharedScopes})
	if err != nil {
		return nil, err
	}
	counts := map[string]*[2]stateCounts{}
	for res.Next(ctx) {
		r := res.Record()
		id := str(r, "agency")
		c := out[id]
		it := model.ConformanceItem{Reference: referenceComponentFromProps(recMap(r, "reference")),
			State: model.ConformanceState(str(r, "state")), Components: recComponents(r, "components")}
		c.Items = append(c.Items, it)
		out[id] = c
		if counts[id] == nil {
			counts[id] = &[2]stateCounts{}
		}
		if c.Agency.Level == model.AgencyLevelCommune && it.Reference.Tier == model.TierAreaSupplementary {
			counts[id][1].add(it.State)
		} else {
			counts[id][0].add(it.State)
		}
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	for id, c := range out {
		var k [2]stateCounts
		if counts[id] != nil {
			k = *counts[id]
		}
		c.Tally, c.Essential, c.Supplementary = k[0].tally(), k[0].tally(), k[1].tally()
		out[id] = c
	}
	return out, nil
}
