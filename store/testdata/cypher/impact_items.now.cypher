MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON*1..3]-(x:Component)
WITH root, x, min(length(p)) AS depth
WHERE x <> root
WITH x, depth
ORDER BY depth, x.code
SKIP $offset LIMIT $limit
RETURN x {.*} AS component, depth
