CALL () {
  MATCH (rnc:Capability)<-[:PROVIDES]-(rnn:Component)
  WHERE rnc.code IN $targets AND rnn.scope = 'NATIONAL'
  MATCH (rnn)<-[:DEPENDS_ON*1..2]-(x:Component)
  WITH DISTINCT x
  WHERE x.scope IN ['MINISTRY', 'PROVINCE', 'COMMUNE'] AND x.kind IN $kinds
  AND x.status IN ['OPERATING', 'BUILDING']
  RETURN count(x) AS reached
}
CALL () {
  MATCH (x:Component)
  WHERE x.scope IN ['MINISTRY', 'PROVINCE', 'COMMUNE'] AND x.kind IN $kinds
  AND x.status IN ['OPERATING', 'BUILDING']
  RETURN count(x) AS candidates
}
RETURN candidates - reached AS n
