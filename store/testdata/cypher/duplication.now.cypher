CALL () {
  // National platforms (a few dozen, by the scope index) and their capabilities, joined in a
  // list to the candidate edges below rather than expanded from each capability's providers.
  MATCH (s:Component {scope: 'NATIONAL'})-[ps:PROVIDES]->(cap:Capability)
  USING INDEX s:Component(scope)
  WHERE ($shared IS NULL OR s.id = $shared) AND s.status IN ['OPERATING', 'UNKNOWN']
  WITH collect({s: s, cap: cap}) AS platforms
  // The candidate edges, each checked once against both kinds of platform (as of a day every
  // PROVIDES edge of the day is a candidate: the check of the sanctioned ones is the cost).
  MATCH (x:Component)-[p:PROVIDES]->(cap:Capability)
  WHERE x.scope IN $scopes AND p.open = true
    AND (coalesce(p.confirmedFor, '') <> '' OR NOT cap IN [(x)-[re:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(sc:Capability) | sc])
  CALL (x, cap, platforms) {
    UNWIND [n IN platforms WHERE n.cap = cap AND n.s <> x] AS n
    RETURN n.s AS s
    UNION
    // Per candidate (few, once sanctioned ones are gone): its province's platforms. Left to
    // itself the planner joins the other way round, from every provincial component (40 s on S).
    WITH x, cap WHERE x.scope IN ['COMMUNE', 'ORGANIZATION']
    MATCH (x)<-[xo:OWNS]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home:Agency {level: 'PROVINCE'})
    MATCH (home)-[so:OWNS]->(s:Component {scope: 'PROVINCE'})-[sp:PROVIDES]->(cap)
    WHERE ($shared IS NULL OR s.id = $shared) AND s.status IN ['OPERATING', 'UNKNOWN']
      AND EXISTS { MATCH (s)-[sr:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) }
    RETURN s
  }
  RETURN s, cap, p, x
}
WITH s, cap, p, x
WHERE coalesce(x.status, '') <> 'RETIRED'
  AND (coalesce(p.basis, '') <> 'INFERRED' OR s.scope <> 'NATIONAL' OR coalesce(p.platforms, '') = ''
       OR s.code IN split(p.platforms, ';'))
  AND (s.code IN split(coalesce(p.confirmedFor, ''), ';') OR (
        NOT cap IN [(x)-[re:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(sc:Capability) | sc]
    AND NOT EXISTS { MATCH dp = (x)-[:DEPENDS_ON*1..3]->(s) }))
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[ow:OWNS]->(x)
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
