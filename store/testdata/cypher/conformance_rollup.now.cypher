CALL () {
  MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
  WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']
  RETURN collect({code: r.code, group: g.code, layer: g.layer, tier: r.tier, areaType: r.areaType,
                  exploits: coalesce(r.exploitsShared, false)}) AS refs,
         collect(DISTINCT CASE WHEN r.exploitsShared THEN g.layer END) AS shareLayers
}
MATCH (p:Agency {level: 'PROVINCE'})
WHERE $province IS NULL OR p.id = $province
OPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
CALL (c) {
  OPTIONAL MATCH (c)-[ow:OWNS]->(:Component)-[re:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})
  RETURN collect(DISTINCT r.code) AS realized
}
WITH p, c, refs, realized,
     [l IN shareLayers WHERE c IS NOT NULL AND (
        EXISTS { (c)-[u:USES]->(s:Component) WHERE s.layer = l AND s.scope IN $sharedScopes }
        OR EXISTS { (c)-[ow:OWNS]->(:Component)-[d:DEPENDS_ON]->(s:Component) WHERE s.layer = l AND s.scope IN $sharedScopes })] AS layers
WITH CASE WHEN $byCommune THEN c ELSE p END AS child, c, realized, layers,
     [r IN refs WHERE c IS NOT NULL AND (r.tier = 'COMMUNE_ESSENTIAL' OR r.areaType = c.areaType)] AS applicable
UNWIND applicable + [null] AS r
WITH child, c, r.group AS grp, r.layer AS layer,
     CASE WHEN r IS NULL THEN 0 ELSE 1 END AS ap,
     CASE WHEN r IS NOT NULL AND r.code IN realized THEN 1 ELSE 0 END AS re,
     CASE WHEN r IS NOT NULL AND NOT r.code IN realized AND r.exploits AND r.layer IN layers THEN 1 ELSE 0 END AS ex
WITH child, grp, layer, count(c) AS communes, sum(ap) AS applicable, sum(re) AS realized, sum(ex) AS exploited
WITH child,
     sum(CASE WHEN grp IS NULL THEN communes ELSE 0 END) AS communes,
     collect(CASE WHEN grp IS NOT NULL
                  THEN {group: grp, layer: layer, applicable: applicable, realized: realized, exploited: exploited} END) AS groups
RETURN child {.*} AS child, communes, groups
ORDER BY child.code
