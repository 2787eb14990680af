CALL () {
  MATCH (s:Component) WHERE s.scope IN ['NATIONAL', 'PROVINCE'] RETURN s
  UNION
  MATCH (s:RetiredComponent) WHERE s.scope IN ['NATIONAL', 'PROVINCE'] RETURN s
  UNION
  MATCH (s)-[:HAS_VERSION]->(v:ComponentVersion) WHERE v.scope IN ['NATIONAL', 'PROVINCE'] RETURN s
}
WITH s WHERE coalesce(s.validFrom <= $asOf, true) AND (s.validTo IS NULL OR s.validTo > $asOf)
WITH s, CASE WHEN s IS NULL THEN null WHEN coalesce(s.versionFrom <= $asOf, true) THEN s {.*, asOf: $asOf}
  ELSE coalesce(head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: s.id, validFrom: s.validFrom, validTo: s.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), s {.*, asOf: $asOf}) END AS sv
WHERE sv.scope IN ['NATIONAL', 'PROVINCE'] AND sv.status IN ['OPERATING', 'UNKNOWN']
  AND (sv.scope = 'NATIONAL' OR EXISTS { MATCH (:Agency {level: 'PROVINCE'})-[ow:OWNS|WAS_OWNS]->(s) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf)) })
RETURN CASE WHEN s IS NULL THEN null WHEN coalesce(s.versionFrom <= $asOf, true) THEN s {.*, asOf: $asOf}
  ELSE coalesce(head([(s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: s.id, validFrom: s.validFrom, validTo: s.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), s {.*, asOf: $asOf}) END AS s
ORDER BY s.code
