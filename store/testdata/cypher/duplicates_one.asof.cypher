CALL () {
  MATCH (n:Component {id: $shared}) RETURN n AS s
  UNION
  MATCH (n:RetiredComponent {id: $shared}) RETURN n AS s
}
OPTIONAL MATCH (home:Agency {id: $home})
WITH s, home
MATCH (s)-[ps:PROVIDES|WAS_PROVIDES]->(cap:Capability)<-[px:PROVIDES|WAS_PROVIDES]-(x)
WHERE x <> s AND coalesce(ps.validFrom <= $asOf, true) AND (NOT type(ps) STARTS WITH 'WAS_' OR ps.validTo > $asOf) AND coalesce(px.validFrom <= $asOf, true) AND (NOT type(px) STARTS WITH 'WAS_' OR px.validTo > $asOf) AND CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.scope
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.scope]) END IN $scopes
  AND NOT EXISTS { (x)-[re:REALIZES|WAS_REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) WHERE coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf) }
  AND (home IS NULL OR EXISTS { (x)<-[ow:OWNS|WAS_OWNS]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home) WHERE coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf) })
  AND NOT EXISTS { MATCH dp = (x)-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]->(s) WHERE all(vr IN relationships(dp) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf)) }
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[ow:OWNS|WAS_OWNS]->(x) WHERE coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province
}
RETURN CASE WHEN x IS NULL THEN null WHEN coalesce(x.versionFrom <= $asOf, true) THEN x {.*}
  ELSE coalesce(head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: x.id, validFrom: x.validFrom, validTo: x.validTo, versionFrom: hv.validFrom}]), x {.*}) END AS component, owner {.*} AS agency, province {.*} AS province, cap {.*} AS capability,
       CASE WHEN s IS NULL THEN null WHEN coalesce(s.versionFrom <= $asOf, true) THEN s {.*}
  ELSE coalesce(head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: s.id, validFrom: s.validFrom, validTo: s.validTo, versionFrom: hv.validFrom}]), s {.*}) END AS shared
ORDER BY s.code, province.code, x.code, cap.code
