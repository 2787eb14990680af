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
  OPTIONAL MATCH (p)-[ow:OWNS|WAS_OWNS]->()-[re:REALIZES|WAS_REALIZES]->(pr:ReferenceComponent) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) AND (coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf))
  WITH collect(DISTINCT pr.code) AS provCodes
  RETURN [r IN refs WHERE r.code IN provCodes OR any(sf IN r.sharedFrom WHERE sf IN provCodes) | r.code] AS provRefs
}
OPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
CALL (p, c, refs, provRefs, shareLayers, fresh) {
  WITH c, shareLayers WHERE fresh
  OPTIONAL MATCH (cf:ConformanceFacts {agency: c.id})
  RETURN [i IN range(0, size(coalesce(cf.spanRealized, [])) - 1) WHERE cf.spanRealizedFrom[i] <= $asOf AND $asOf < cf.spanRealizedTo[i] | cf.spanRealized[i]] AS realized, [l IN shareLayers WHERE l IN [i IN range(0, size(coalesce(cf.spanLayer, [])) - 1) WHERE cf.spanLayerFrom[i] <= $asOf AND $asOf < cf.spanLayerTo[i] | cf.spanLayer[i]]] AS layers
  UNION ALL
  WITH p, c, refs, provRefs, shareLayers WHERE NOT fresh
  CALL (c) {
    OPTIONAL MATCH (c)-[ow:OWNS|WAS_OWNS]->()-[re:REALIZES|WAS_REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'}) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) AND (coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf))
    RETURN collect(DISTINCT r.code) AS realized
  }
  WITH p, c, refs, realized, provRefs,
       [l IN shareLayers WHERE c IS NOT NULL AND (
          EXISTS { (c)-[u:USES|WAS_USES]->(s) WHERE CASE WHEN coalesce(s.versionFrom <= $asOf, true) THEN s.layer
    ELSE head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.layer]) END = l AND CASE WHEN coalesce(s.versionFrom <= $asOf, true) THEN s.scope
    ELSE head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.scope]) END IN $sharedScopes AND (coalesce(u.validFrom <= $asOf, true) AND (NOT type(u) STARTS WITH 'WAS_' OR u.validTo > $asOf)) }
          OR EXISTS { (c)-[ow:OWNS|WAS_OWNS]->()-[d:DEPENDS_ON|WAS_DEPENDS_ON]->(s) WHERE CASE WHEN coalesce(s.versionFrom <= $asOf, true) THEN s.layer
    ELSE head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.layer]) END = l AND CASE WHEN coalesce(s.versionFrom <= $asOf, true) THEN s.scope
    ELSE head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.scope]) END IN $sharedScopes AND (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) AND (coalesce(d.validFrom <= $asOf, true) AND (NOT type(d) STARTS WITH 'WAS_' OR d.validTo > $asOf)) })] AS layers
  RETURN realized, layers
}
WITH p, c, refs, realized, provRefs, layers, fresh
WITH p, refs, provRefs, fresh,
     collect(CASE WHEN c IS NOT NULL THEN {commune: CASE WHEN $byCommune THEN c {.*} ELSE c {.areaType} END,
                                          realized: realized, layers: layers} END) AS communes
RETURN p {.*} AS province, refs, provRefs, communes, fresh
ORDER BY p.code
