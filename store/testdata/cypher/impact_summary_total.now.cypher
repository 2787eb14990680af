MATCH (root:Component {id: $root})
MATCH p = (root)<-[:DEPENDS_ON*1..3]-(x:Component)
WITH root, x, min(length(p)) AS depth
WHERE x <> root
WITH count(*) AS n
RETURN n
