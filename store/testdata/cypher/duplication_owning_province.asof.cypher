CALL () {
  MATCH (n:Component {id: $id}) RETURN n AS c
  UNION
  MATCH (n:RetiredComponent {id: $id}) RETURN n AS c
}
MATCH (p:Agency {level: 'PROVINCE'})-[ow:OWNS|WAS_OWNS]->(c) WHERE (coalesce(ow.validFrom <= $asOf, true) AND (NOT type(ow) STARTS WITH 'WAS_' OR ow.validTo > $asOf))
RETURN p {.*} AS p
ORDER BY p.code
LIMIT 1
