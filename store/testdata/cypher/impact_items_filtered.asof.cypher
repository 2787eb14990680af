MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON|WAS_DEPENDS_ON*1..3]-(x) WHERE all(vr IN relationships(p) WHERE coalesce(vr.validFrom <= $asOf, true) AND (NOT type(vr) STARTS WITH 'WAS_' OR vr.validTo > $asOf))
WITH root, x, min(length(p)) AS depth
WHERE x <> root
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[ow:OWNS|WAS_OWNS]->(x) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf))
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province
}
WITH x, depth, owner, province
WHERE ($levels IS NULL OR coalesce(owner.level, 'UNOWNED') IN $levels)
  AND ($province IS NULL OR province.code = $province)
  AND ($owner IS NULL OR owner.code = $owner)
  AND ($depth IS NULL OR depth = $depth)
  AND ($layers IS NULL OR CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.layer
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.layer]) END IN $layers)
WITH x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit
RETURN CASE WHEN x IS NULL THEN null WHEN coalesce(x.versionFrom <= $asOf, true) THEN x {.*, asOf: $asOf}
  ELSE coalesce(head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: x.id, validFrom: x.validFrom, validTo: x.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), x {.*, asOf: $asOf}) END AS component, depth
