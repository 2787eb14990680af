MATCH (a:Agency {id: $agency})
CALL (a) {
  OPTIONAL MATCH (a)-[ow:OWNS|WAS_OWNS]->(c)-[re:REALIZES|WAS_REALIZES]->(r:ReferenceComponent {framework: $framework}) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) AND (coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf))
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: CASE WHEN c IS NULL THEN null WHEN coalesce(c.versionFrom <= $asOf, true) THEN c {.*, asOf: $asOf}
  ELSE coalesce(head([(c)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: c.id, validFrom: c.validFrom, validTo: c.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), c {.*, asOf: $asOf}) END}) AS owned
}
CALL (a) {
  CALL (a) {
    MATCH (a)-[u:USES|WAS_USES]->(s) WHERE (coalesce(u.validFrom <= $asOf, true) AND (NOT type(u) STARTS WITH 'WAS_' OR u.validTo > $asOf))
    RETURN s
    UNION
    MATCH (a)-[ow:OWNS|WAS_OWNS]->()-[d:DEPENDS_ON|WAS_DEPENDS_ON]->(s) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) AND (coalesce(d.validFrom <= $asOf, true) AND (NOT type(d) STARTS WITH 'WAS_' OR d.validTo > $asOf))
    RETURN s
  }
  WITH s, CASE WHEN s IS NULL THEN null WHEN coalesce(s.versionFrom <= $asOf, true) THEN s {.*, asOf: $asOf}
  ELSE coalesce(head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: s.id, validFrom: s.validFrom, validTo: s.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), s {.*, asOf: $asOf}) END AS sv
  WHERE sv.scope IN $sharedScopes
  ORDER BY s.code
  RETURN collect(sv) AS shared
}
CALL (a) {
  OPTIONAL MATCH (a)-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[ow:OWNS|WAS_OWNS]->(c)-[re:REALIZES|WAS_REALIZES]->(r:ReferenceComponent)
  WHERE $commune AND (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) AND (coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf))
  WITH r, c ORDER BY c.code
  RETURN collect({ref: r.code, component: CASE WHEN c IS NULL THEN null WHEN coalesce(c.versionFrom <= $asOf, true) THEN c {.*, asOf: $asOf}
  ELSE coalesce(head([(c)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: c.id, validFrom: c.validFrom, validTo: c.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), c {.*, asOf: $asOf}) END}) AS provincial
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
