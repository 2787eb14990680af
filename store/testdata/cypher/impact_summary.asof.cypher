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
WITH collect({depth: depth, layer: CASE WHEN coalesce(x.versionFrom <= $asOf, true) THEN x.layer
  ELSE head([(x)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.layer]) END, level: owner.level, prov: province}) AS rows,
     collect(CASE WHEN $agencies THEN x END) AS xs
CALL (xs) {
  UNWIND xs AS x
  MATCH (a:Agency)-[u:USES|WAS_USES]->(x) WHERE (coalesce(u.validFrom <= $asOf, true) AND (NOT type(u) STARTS WITH 'WAS_' OR u.validTo > $asOf))
  RETURN count(DISTINCT a) AS agencies
}
UNWIND rows AS r
WITH r.depth AS depth, r.layer AS layer, r.level AS level, r.prov AS prov, agencies, count(*) AS n
RETURN depth, layer, level, prov.code AS province, prov.name AS provinceName, prov.nameEn AS provinceNameEn, agencies, n
