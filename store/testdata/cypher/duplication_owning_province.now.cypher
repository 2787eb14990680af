MATCH (c:Component {id: $id})
MATCH (p:Agency {level: 'PROVINCE'})-[ow:OWNS]->(c)
RETURN p {.*} AS p
ORDER BY p.code
LIMIT 1
