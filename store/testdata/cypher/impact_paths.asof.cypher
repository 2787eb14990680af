MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]-(x) WHERE all(vr IN relationships(p) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
WITH root, x, min(length(p)) AS depth
WHERE x <> root
WITH root, x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit
OPTIONAL MATCH sp0 = shortestPath((root)<-[:DEPENDS_ON*1..3]-(x))
CALL (root, x, depth, sp0) {
  WITH sp0 WHERE sp0 IS NOT NULL AND length(sp0) = depth AND all(vr IN relationships(sp0) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
  RETURN sp0 AS sp
  UNION
  WITH root, x, depth, sp0 WHERE sp0 IS NULL OR length(sp0) <> depth OR NOT all(vr IN relationships(sp0) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
  MATCH sp1 = shortestPath((root)<-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]-(x)) WHERE all(vr IN relationships(sp1) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
  RETURN sp1 AS sp
}
RETURN [n IN nodes(sp) | CASE WHEN n IS NULL THEN null WHEN coalesce(n.versionFrom <= $asOf, true) THEN n {.*, asOf: $asOf}
  ELSE coalesce(head([(n)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: n.id, validFrom: n.validFrom, validTo: n.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), n {.*, asOf: $asOf}) END] AS components, depth, x.code AS code
ORDER BY depth, code
