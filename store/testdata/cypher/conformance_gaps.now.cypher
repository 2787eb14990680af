OPTIONAL MATCH (gv:GraphVersion {id: 'graph'})
WITH coalesce(gv.n = gv.factsAt AND gv.factsShape = 3, false) AS fresh
CALL () {
  MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
  WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']
    AND r.tier = 'COMMUNE_ESSENTIAL' AND ($group IS NULL OR g.code = $group) AND ($reference IS NULL OR r.code = $reference)
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
OPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
CALL (p, c, refs, provRefs, shareLayers, fresh) {
  WITH c, shareLayers WHERE fresh
  OPTIONAL MATCH (cf:ConformanceFacts {agency: c.id})
  RETURN coalesce(cf.realized, []) AS realized, [l IN shareLayers WHERE l IN coalesce(cf.layers, [])] AS layers
  UNION ALL
  WITH p, c, refs, provRefs, shareLayers WHERE NOT fresh
  CALL (c) {
    OPTIONAL MATCH (c)-[ow:OWNS]->(:Component)-[re:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})
    RETURN collect(DISTINCT r.code) AS realized
  }
  WITH p, c, refs, realized, provRefs,
       [l IN shareLayers WHERE c IS NOT NULL AND (
          EXISTS { (c)-[u:USES]->(s:Component) WHERE s.layer = l AND s.scope IN $sharedScopes }
          OR EXISTS { (c)-[ow:OWNS]->(:Component)-[d:DEPENDS_ON]->(s:Component) WHERE s.layer = l AND s.scope IN $sharedScopes })] AS layers
  RETURN realized, layers
}
WITH p, c, refs, realized, provRefs, layers, fresh
WITH p, c, [r IN refs WHERE c IS NOT NULL AND r.tier = 'COMMUNE_ESSENTIAL'
       AND ($group IS NULL OR r.group = $group) AND ($reference IS NULL OR r.code = $reference)
       AND NOT r.code IN realized AND NOT (r.exploits AND r.layer IN layers)
       AND NOT r.code IN provRefs | r.code] AS missing
WHERE size(missing) > 0
RETURN p {.*} AS province, c {.*} AS commune, missing
ORDER BY p.code, c.code
