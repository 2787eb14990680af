MATCH (s:Component)
WITH s, s AS sv
WHERE sv.scope IN ['NATIONAL', 'PROVINCE'] AND sv.status IN ['OPERATING', 'UNKNOWN']
  AND (sv.scope = 'NATIONAL' OR EXISTS { MATCH (:Agency {level: 'PROVINCE'})-[ow:OWNS]->(s) })
RETURN s {.*} AS s
ORDER BY s.code
