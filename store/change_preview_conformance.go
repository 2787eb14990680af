package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// The conformance a preview compares, before and after the change (issue 19, session 5).
//
// A province's component that realizes a reference moves the states of every commune of the
// province (PROVIDED_BY_PROVINCE): ~100 agencies. Evaluated one by one with Conformance's
// statement they took seconds on the S estate. Communes are evaluated instead as the
// conformance roll-up evaluates them (analysis_conformance.go): from each commune's facts — the
// codes it realizes, the layers in which it exploits a shared component — and its province's
// provided codes, with the roll-up's rule (rollupRef.state). The facts are read from the
// :ConformanceFacts nodes when they are current, as the roll-up reads them, except those of the
// communes the change makes stale in the preview's transaction (applyForPreview: the save
// would recompute them), which are computed from the written graph with the statement that
// keeps them (communeFactsOf) — as are every commune's when the facts are stale. Other
// agencies (a province, a ministry) are few: Conformance's statement.

// cypherCommuneRefs are the commune framework's applicable references, as the roll-up reads
// them (conformanceRollupHead), with their properties.
const cypherCommuneRefs = `
MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']
RETURN r {.*} AS r, {code: r.code, group: g.code, layer: g.layer, tier: r.tier, areaType: r.areaType,
       exploits: coalesce(r.exploitsShared, false)} AS ref,
       [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> ''] AS sharedFrom
ORDER BY r.code`

// cypherPreviewAgencies reads the agencies $ids and, for a commune, its province.
const cypherPreviewAgencies = `
UNWIND $ids AS id
MATCH (a:Agency {id: id})
OPTIONAL MATCH (a)-[:PART_OF]->(p:Agency {level: 'PROVINCE'}) WHERE a.level = 'COMMUNE'
RETURN a {.*} AS a, collect(p.id)[0] AS province`

// cypherProvinceCodes: the reference codes the components of each province $provinces realize
// (conformanceProvinceCodes).
const cypherProvinceCodes = `
UNWIND $provinces AS pid
MATCH (p:Agency {id: pid})
OPTIONAL MATCH (p)-[:OWNS]->(:Component)-[:REALIZES]->(pr:ReferenceComponent)
RETURN pid, collect(DISTINCT pr.code) AS codes`

// cypherStoredFacts reads the kept facts of the communes $ids.
const cypherStoredFacts = `
UNWIND $ids AS id
OPTIONAL MATCH (f:` + LabelConformanceFacts + ` {agency: id})
RETURN id, coalesce(f.realized, []) AS realized, coalesce(f.layers, []) AS layers`

// cypherLiveFacts computes the facts of the communes $ids from the graph, as they are kept.
const cypherLiveFacts = `
UNWIND $ids AS id
MATCH (c:Agency {id: id})` + communeFactsOf + `
RETURN id, realized, layers`

// conformanceOfAll evaluates each agency (ids); agencies without a framework (a central body)
// are left out. Communes are evaluated from their facts (see above; changed: the communes whose
// kept facts tx has made stale), the others with Conformance's statement.
func conformanceOfAll(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, changed map[string]bool) (map[string]model.Conformance, error) {
	res, err := tx.Run(ctx, cypherPreviewAgencies, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	communes := map[string]model.Agency{}
	provinceOf := map[string]string{}
	var others []string
	for res.Next(ctx) {
		r := res.Record()
		a := agencyFromProps(recMap(r, "a"))
		if a.Level == model.AgencyLevelCommune && a.Framework == "" {
			communes[a.ID], provinceOf[a.ID] = a, str(r, "province")
		} else {
			others = append(others, a.ID)
		}
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	out, err := conformanceBatchTx(ctx, tx, others)
	if err != nil {
		return nil, err
	}
	if len(communes) == 0 {
		return out, nil
	}
	return out, communeConformance(ctx, tx, communes, provinceOf, changed, out)
}

// communeConformance adds to out the conformance of the communes, decided from their facts.
func communeConformance(ctx context.Context, tx neo4j.ManagedTransaction, communes map[string]model.Agency, provinceOf map[string]string, changed map[string]bool, out map[string]model.Conformance) error {
	type ref struct {
		rollupRef
		model      model.ReferenceComponent
		sharedFrom []string
	}
	var refs []ref
	res, err := tx.Run(ctx, cypherCommuneRefs, nil)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		r := res.Record()
		refs = append(refs, ref{rollupRefs([]map[string]any{recMap(r, "ref")})[0], referenceComponentFromProps(recMap(r, "r")), recStrings(r, "sharedFrom")})
	}
	if err := res.Err(); err != nil {
		return err
	}
	ids, provinces := make([]string, 0, len(communes)), []string{}
	seenProvince := map[string]bool{}
	for id := range communes {
		ids = append(ids, id)
		if p := provinceOf[id]; p != "" && !seenProvince[p] {
			seenProvince[p] = true
			provinces = append(provinces, p)
		}
	}
	// What each province provides its communes: a reference it realizes, or one the commune
	// item is shared from.
	provided := map[string]map[string]bool{}
	res, err = tx.Run(ctx, cypherProvinceCodes, map[string]any{"provinces": provinces})
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		r := res.Record()
		codes := set(recStrings(r, "codes"))
		p := map[string]bool{}
		for _, x := range refs {
			if codes[x.code] {
				p[x.code] = true
			}
			for _, sf := range x.sharedFrom {
				if codes[sf] {
					p[x.code] = true
				}
			}
		}
		provided[str(r, "pid")] = p
	}
	if err := res.Err(); err != nil {
		return err
	}
	fv, err := factsVersion(ctx, tx)
	if err != nil {
		return err
	}
	// Each commune's facts: kept ones when current and not made stale by the change, else
	// computed from the graph.
	var stored, live []string
	for _, id := range ids {
		if fv.current() && !changed[id] {
			stored = append(stored, id)
		} else {
			live = append(live, id)
		}
	}
	var recs []*neo4j.Record
	for _, q := range []struct {
		cypher string
		ids    []string
	}{{cypherStoredFacts, stored}, {cypherLiveFacts, live}} {
		if len(q.ids) == 0 {
			continue
		}
		res, err = tx.Run(ctx, q.cypher, map[string]any{"ids": q.ids, "sharedScopes": sharedScopes})
		if err != nil {
			return err
		}
		rs, err := res.Collect(ctx)
		if err != nil {
			return err
		}
		recs = append(recs, rs...)
	}
	for _, r := range recs {
		id := str(r, "id")
		a := communes[id]
		realized, layers := set(recStrings(r, "realized")), set(recStrings(r, "layers"))
		c := model.Conformance{Agency: a, FrameworkCode: "KTTS-XA", Items: []model.ConformanceItem{}}
		areaType := ""
		if a.AreaType != nil {
			areaType = string(*a.AreaType)
		}
		var essential, supplementary stateCounts
		for _, x := range refs {
			if !x.appliesTo(areaType) {
				continue
			}
			st := x.state(realized, layers, provided[provinceOf[id]])
			c.Items = append(c.Items, model.ConformanceItem{Reference: x.model, State: st, Components: []model.Component{}})
			if x.supplementary() {
				supplementary.add(st)
			} else {
				essential.add(st)
			}
		}
		c.Tally, c.Essential, c.Supplementary = essential.tally(), essential.tally(), supplementary.tally()
		out[id] = c
	}
	return nil
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// supplementary: an area-supplementary (optional) item.
func (r rollupRef) supplementary() bool { return r.tier == string(model.TierAreaSupplementary) }

// appliesTo: the reference applies to a commune of areaType (an essential item, or an
// area-supplementary one of its area type), as in the roll-up's evaluate.
func (r rollupRef) appliesTo(areaType string) bool {
	if r.supplementary() {
		return r.areaType == areaType
	}
	return r.tier == string(model.TierCommuneEssential)
}

// state is a commune's state against r, from the codes it realizes, the layers in which it
// exploits a shared component and the codes its province provides: the rule the roll-up's
// evaluate counts (analysis_conformance.go) and Conformance's statement decides. The preview's
// tests compare its states with both after the save.
func (r rollupRef) state(realized, layers, provided map[string]bool) model.ConformanceState {
	switch {
	case realized[r.code]:
		return model.ConformanceStateRealized
	case r.exploits && layers[r.layer]:
		return model.ConformanceStateExploitsShared
	case provided[r.code]:
		return model.ConformanceStateProvidedByProvince
	case r.supplementary():
		return model.ConformanceStateNotDeployed
	}
	return model.ConformanceStateMissing
}
