MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON*1..3]-(x:Component)
WITH root, x, min(length(p)) AS depth
WHERE x <> root
CALL (x) {
  OPTIONAL MATCH (o:Agency)-[ow:OWNS]->(x)
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province
}
WITH collect({depth: depth, layer: x.layer, level: owner.level, prov: province}) AS rows,
     collect(CASE WHEN $agencies THEN x END) AS xs
CALL (xs) {
  UNWIND xs AS x
  MATCH (a:Agency)-[u:USES]->(x)
  RETURN count(DISTINCT a) AS agencies
}
UNWIND rows AS r
WITH r.depth AS depth, r.layer AS layer, r.level AS level, r.prov AS prov, agencies, count(*) AS n
RETURN depth, layer, level, prov.code AS province, prov.name AS provinceName, prov.nameEn AS provinceNameEn, agencies, n
