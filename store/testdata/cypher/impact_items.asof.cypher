MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]-(x) WHERE all(vr IN relationships(p) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
WITH root, x, min(length(p)) AS depth
WHERE x <> root
WITH x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit
RETURN CASE WHEN x IS NULL THEN null WHEN coalesce(x.versionFrom <= $asOf, true) THEN x {.*, asOf: $asOf}
  ELSE coalesce(head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: x.id, validFrom: x.validFrom, validTo: x.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), x {.*, asOf: $asOf}) END AS component, depth
