CALL () {
  // National platforms (a few dozen, by the scope index) and their capabilities, joined in a
  // list to the candidate edges below rather than expanded from each capability's providers.
  MATCH (s:Component {scope: 'NATIONAL'})-[ps:PROVIDES|WAS_PROVIDES]->(cap:Capability)
  USING INDEX s:Component(scope)
  WHERE ($shared IS NULL OR s.id = $shared) AND CASE WHEN coalesce(s.versionFrom <= $asOf, true) THEN s.status
  ELSE head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.status]) END IN ['OPERATING', 'UNKNOWN'] AND (coalesce(ps.validFrom <= $asOf, true) AND (NOT type(ps) STARTS WITH 'WAS_' OR ps.validTo > $asOf))
  WITH collect({s: s, cap: cap}) AS platforms
  // The candidate edges, each checked once against both kinds of platform (as of a day every
  // PROVIDES edge of the day is a candidate: the check of the sanctioned ones is the cost).
  MATCH (x)-[p:PROVIDES|WAS_PROVIDES]->(cap:Capability)
  WHERE CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.scope
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.scope]) END IN $scopes AND (coalesce(p.validFrom <= $asOf, true) AND (NOT type(p) STARTS WITH 'WAS_' OR p.validTo > $asOf)) AND (x:Component OR x:RetiredComponent)
    AND (coalesce(p.confirmedFor, '') <> '' OR NOT cap IN [(x)-[re:REALIZES|WAS_REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(sc:Capability) WHERE (coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf)) | sc])
  CALL (x, cap, platforms) {
    UNWIND [n IN platforms WHERE n.cap = cap AND n.s <> x] AS n
    RETURN n.s AS s
    UNION
    // Per candidate (few, once sanctioned ones are gone): its province's platforms. Left to
    // itself the planner joins the other way round, from every provincial component (40 s on S).
    WITH x, cap WHERE CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.scope
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.scope]) END IN ['COMMUNE', 'ORGANIZATION']
    MATCH (x)<-[xo:OWNS|WAS_OWNS]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home:Agency {level: 'PROVINCE'}) WHERE (coalesce(xo.validFrom <= $asOf, true) AND (NOT type(xo) STARTS WITH 'WAS_' OR xo.validTo > $asOf))
    MATCH (home)-[so:OWNS|WAS_OWNS]->(s:Component {scope: 'PROVINCE'})-[sp:PROVIDES|WAS_PROVIDES]->(cap)
    WHERE ($shared IS NULL OR s.id = $shared) AND CASE WHEN coalesce(s.versionFrom <= $asOf, true) THEN s.status
  ELSE head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.status]) END IN ['OPERATING', 'UNKNOWN'] AND (coalesce(sp.validFrom <= $asOf, true) AND (NOT type(sp) STARTS WITH 'WAS_' OR sp.validTo > $asOf)) AND (coalesce(so.validFrom <= $asOf, true) AND (NOT type(so) STARTS WITH 'WAS_' OR so.validTo > $asOf))
      AND EXISTS { MATCH (s)-[sr:REALIZES|WAS_REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) WHERE (coalesce(sr.validFrom <= $asOf, true) AND (NOT type(sr) STARTS WITH 'WAS_' OR sr.validTo > $asOf)) }
    RETURN s
  }
  RETURN s, cap, p, x
}
WITH s, cap, p, x
WHERE coalesce(CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.status
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.status]) END, '') <> 'RETIRED'
  AND (coalesce(p.basis, '') <> 'INFERRED' OR s.scope <> 'NATIONAL' OR coalesce(p.platforms, '') = ''
       OR s.code IN split(p.platforms, ';'))
  AND (s.code IN split(coalesce(p.confirmedFor, ''), ';') OR (
        NOT cap IN [(x)-[re:REALIZES|WAS_REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(sc:Capability) WHERE (coalesce(re.validFrom <= $asOf, true) AND (NOT type(re) STARTS WITH 'WAS_' OR re.validTo > $asOf)) | sc]
    AND NOT EXISTS { MATCH dp = (x)-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]->(s) WHERE all(vr IN relationships(dp) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf)) }))
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[ow:OWNS|WAS_OWNS]->(x) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf))
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province
}
WITH s, cap, p, x, owner, province
WHERE $province IS NULL OR province.id = $province
RETURN CASE WHEN x IS NULL THEN null WHEN coalesce(x.versionFrom <= $asOf, true) THEN x {.*, asOf: $asOf}
  ELSE coalesce(head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: x.id, validFrom: x.validFrom, validTo: x.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), x {.*, asOf: $asOf}) END AS component, owner {.*} AS agency, province {.*} AS province, CASE WHEN s IS NULL THEN null WHEN coalesce(s.versionFrom <= $asOf, true) THEN s {.*, asOf: $asOf}
  ELSE coalesce(head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: s.id, validFrom: s.validFrom, validTo: s.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), s {.*, asOf: $asOf}) END AS shared,
       cap {.*} AS capability, p {.*} AS edge,
       CASE WHEN s.code IN split(coalesce(p.confirmedFor, ''), ';') THEN 'CONFIRMED'
            WHEN s.code IN split(coalesce(p.dismissedFor, ''), ';') THEN 'DISMISSED' END AS review
ORDER BY s.code, province.code, x.code, cap.code
