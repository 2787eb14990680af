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
WITH x, depth, owner, province
WHERE ($levels IS NULL OR coalesce(owner.level, 'UNOWNED') IN $levels)
  AND ($province IS NULL OR province.code = $province)
  AND ($owner IS NULL OR owner.code = $owner)
  AND ($depth IS NULL OR depth = $depth)
  AND ($layers IS NULL OR x.layer IN $layers)
WITH depth, CASE $by
    WHEN 'LAYER' THEN x.layer
    WHEN 'LEVEL' THEN coalesce(owner.level, 'UNOWNED')
    WHEN 'PROVINCE' THEN province.code
    WHEN 'OWNER' THEN owner.code
    ELSE toString(depth) END AS key,
  CASE $by WHEN 'PROVINCE' THEN province WHEN 'OWNER' THEN owner END AS named
WITH key, named, depth, count(*) AS n
RETURN key, named.name AS name, named.nameEn AS nameEn, depth, n
