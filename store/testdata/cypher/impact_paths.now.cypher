MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON*1..3]-(x:Component)
WITH root, x, min(length(p)) AS depth
WHERE x <> root
WITH root, x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit
MATCH sp = shortestPath((root)<-[:DEPENDS_ON*1..3]-(x))
RETURN [n IN nodes(sp) | n {.*}] AS components, depth, x.code AS code
ORDER BY depth, code
