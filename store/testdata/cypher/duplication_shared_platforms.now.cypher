MATCH (s:Component)
WHERE s.scope IN ['NATIONAL', 'PROVINCE'] AND s.status IN ['OPERATING', 'UNKNOWN']
  AND (s.scope = 'NATIONAL' OR EXISTS { MATCH (:Agency {level: 'PROVINCE'})-[ow:OWNS]->(s) })
RETURN s {.*} AS s
ORDER BY s.code
