MATCH (a:Agency {id: $agency})
CALL (a) {
  OPTIONAL MATCH (a)-[ow:OWNS]->(c:Component)-[re:REALIZES]->(r:ReferenceComponent {framework: $framework})
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: c {.*}}) AS owned
}
CALL (a) {
  CALL (a) {
    MATCH (a)-[u:USES]->(s:Component)
    RETURN s
    UNION
    MATCH (a)-[ow:OWNS]->(:Component)-[d:DEPENDS_ON]->(s:Component)
    RETURN s
  }
  WITH s, s AS sv
  WHERE sv.scope IN $sharedScopes
  ORDER BY s.code
  RETURN collect(sv) AS shared
}
CALL (a) {
  OPTIONAL MATCH (a)-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[ow:OWNS]->(c:Component)-[re:REALIZES]->(r:ReferenceComponent)
  WHERE $commune
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: c {.*}}) AS provincial
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
ORDER BY r.code
