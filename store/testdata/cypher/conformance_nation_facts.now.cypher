OPTIONAL MATCH (gv:GraphVersion {id: 'graph'})
WITH coalesce(gv.n = gv.factsAt AND gv.factsShape = 3, false) AS fresh
CALL () {
  MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
  WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']
  RETURN collect({code: r.code, group: g.code, layer: g.layer, tier: r.tier, areaType: r.areaType,
                  exploits: coalesce(r.exploitsShared, false),
                  sharedFrom: [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> '']}) AS refs,
         collect(DISTINCT CASE WHEN r.exploitsShared THEN g.layer END) AS shareLayers
}
MATCH (p:Agency {level: 'PROVINCE'})
WHERE $province IS NULL OR p.id = $province
CALL (p, refs) {
  OPTIONAL MATCH (p)-[ow:OWNS]->(:Component)-[re:REALIZES]->(pr:ReferenceComponent)
  WITH collect(DISTINCT pr.code) AS provCodes
  RETURN [r IN refs WHERE r.code IN provCodes OR any(sf IN r.sharedFrom WHERE sf IN provCodes) | r.code] AS provRefs
}
CALL (p, fresh) {
  OPTIONAL MATCH (cf:ConformanceFacts {province: p.id}) WHERE fresh
  WITH cf.areaType AS areaType, cf.realized AS realized, cf.layers AS layers, count(cf) AS n
  RETURN collect(CASE WHEN n > 0 THEN [areaType, reduce(s = '', code IN realized | s + code + ';'), layers, n] END) AS facts
}
RETURN p {.*} AS province, refs, provRefs, [] AS communes, facts, fresh
ORDER BY p.code
