MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]-(x) WHERE all(vr IN relationships(p) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
WITH root, x, min(length(p)) AS depth
WHERE x <> root
WITH CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.layer
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.layer]) END AS layer, count(*) AS n
RETURN layer, n
