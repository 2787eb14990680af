MATCH (s:Component {id: $shared})
OPTIONAL MATCH (home:Agency {id: $home})
WITH s, home
MATCH (s)-[ps:PROVIDES]->(cap:Capability)<-[px:PROVIDES]-(x:Component)
WHERE x <> s AND x.scope IN $scopes
  AND NOT EXISTS { (x)-[re:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) }
  AND (home IS NULL OR EXISTS { (x)<-[ow:OWNS]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home) })
  AND NOT EXISTS { MATCH dp = (x)-[:DEPENDS_ON*1..3]->(s) }
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[ow:OWNS]->(x)
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province
}
RETURN x {.*} AS component, owner {.*} AS agency, province {.*} AS province, cap {.*} AS capability,
       s {.*} AS shared
ORDER BY s.code, province.code, x.code, cap.code
