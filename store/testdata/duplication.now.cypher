
CALL () {
  MATCH (s:Component {scope: 'NATIONAL'})-[ps:PROVIDES]->(cap:Capability)<-[p:PROVIDES]-(x:Component)
  WHERE ($shared IS NULL OR s.id = $shared) AND s.status = 'OPERATING' AND true AND true
    AND x <> s AND x.scope IN $scopes
  RETURN s, cap, p, x
  UNION
  MATCH (x:Component)-[p:PROVIDES]->(cap:Capability)
  WHERE x.scope IN ['COMMUNE', 'ORGANIZATION'] AND x.scope IN $scopes AND true
  MATCH (x)<-[xo:OWNS]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[so:OWNS]->(s:Component {scope: 'PROVINCE'})
  WHERE ($shared IS NULL OR s.id = $shared) AND s.status = 'OPERATING' AND true AND true
    AND EXISTS { MATCH (s)-[sp:PROVIDES]->(cap) WHERE true }
    AND EXISTS { MATCH (s)-[sr:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) WHERE true }
  RETURN s, cap, p, x
}
WITH s, cap, p, x
WHERE coalesce(x.status, '') <> 'RETIRED'
  AND (coalesce(p.basis, '') <> 'INFERRED' OR s.scope <> 'NATIONAL' OR coalesce(p.platforms, '') = ''
       OR s.code IN split(p.platforms, ';'))
  AND (s.code IN split(coalesce(p.confirmedFor, ''), ';') OR (
        NOT EXISTS { MATCH (x)-[re:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) WHERE true }
    AND NOT EXISTS { MATCH dp = (x)-[:DEPENDS_ON*1..3]->(s) WHERE true }))
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[:OWNS]->(x)
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province
}
WITH s, cap, p, x, owner, province
WHERE $province IS NULL OR province.id = $province
RETURN x {.*} AS component, owner {.*} AS agency, province {.*} AS province, s {.*} AS shared,
       cap {.*} AS capability, p {.*} AS edge,
       CASE WHEN s.code IN split(coalesce(p.confirmedFor, ''), ';') THEN 'CONFIRMED'
            WHEN s.code IN split(coalesce(p.dismissedFor, ''), ';') THEN 'DISMISSED' END AS review
ORDER BY s.code, province.code, x.code, cap.code