// The peer: the GraphQL server a competent user would build over archgraph's Neo4j with the
// official @neo4j/graphql library (issue 15). scripts/bench starts it and times it against
// archgraph, query pair by query pair, after checking that both answer the same data.
//
// Generated filters, sorting and nested relationship fields serve the lists; the traversals
// @neo4j/graphql cannot express are @cypher fields written the way the Neo4j manual advises
// (one pruning BFS with DISTINCT end nodes, one field per figure so that only what is selected
// runs). Nothing here is shipped with archgraph.
//
//   NEO4J_URI=bolt://127.0.0.1:7688 PEER_PORT=4100 node server.mjs
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// The traversal every impact field starts with: a variable-length match whose end nodes are
// made distinct, which Neo4j plans as VarLengthExpand(Pruning, BFS). Depth is fixed at
// archgraph's maximum (10): Cypher takes no parameter as a var-length bound.
const dependents = "MATCH p = (this)<-[:DEPENDS_ON*1..10]-(x:Component) WHERE x <> this";

const typeDefs = /* GraphQL */ `
  type Layer @node {
    id: ID!
    code: String!
    number: Int!
    name: String!
    nameEn: String!
  }

  type Agency @node {
    id: ID!
    code: String!
    name: String!
    nameEn: String!
    level: String!
    areaType: String
    partOf: [Agency!]! @relationship(type: "PART_OF", direction: OUT)
    parts: [Agency!]! @relationship(type: "PART_OF", direction: IN)
    owns: [Component!]! @relationship(type: "OWNS", direction: OUT)
  }

  type Component @node {
    id: ID!
    code: String!
    name: String!
    nameEn: String!
    kind: String!
    scope: String!
    status: String!
    exposesApi: Boolean
    layerCode: String @alias(property: "layer")
    layer: [Layer!]! @relationship(type: "IN_LAYER", direction: OUT)
    owner: [Agency!]! @relationship(type: "OWNS", direction: IN)
    dependsOn: [Component!]! @relationship(type: "DEPENDS_ON", direction: OUT)
    dependents: [Component!]! @relationship(type: "DEPENDS_ON", direction: IN)

    "How many components depend on this one, to depth 10."
    impactTotal: Int!
      @cypher(statement: """
      ${dependents}
      RETURN count(DISTINCT x) AS n
      """, columnName: "n")

    "The same components counted by layer."
    impactByLayer: [LayerCount!]!
      @cypher(statement: """
      ${dependents}
      WITH DISTINCT x
      WITH x.layer AS key, count(*) AS n
      ORDER BY key
      RETURN {key: key, count: n} AS c
      """, columnName: "c")

    "The first components reached, by shortest depth then code."
    impactItems(first: Int! = 20): [ImpactItem!]!
      @cypher(statement: """
      ${dependents}
      WITH x, min(length(p)) AS depth
      ORDER BY depth, x.code
      LIMIT $first
      RETURN {depth: depth, code: x.code, layer: x.layer} AS item
      """, columnName: "item")
  }

  type LayerCount {
    key: String!
    count: Int!
  }

  type ImpactItem {
    depth: Int!
    code: String!
    layer: String!
  }

  type SearchHit {
    code: String!
    label: String!
    name: String!
    score: Float!
  }

  type DuplicateRow {
    component: String!
    shared: String!
    capability: String!
    basis: String!
    province: String
  }

  type CommuneTally {
    code: String!
    applicable: Int!
    realized: Int!
    exploited: Int!
    provided: Int!
    suppApplicable: Int!
    suppRealized: Int!
    suppExploited: Int!
    suppProvided: Int!
  }

  type Query {
    """
    Every duplication finding of archgraph's definition (issues 12 and 13: a lower-scope component
    providing a capability of a deployed national platform, or of its province's sanctioned
    provincial platform, without realizing a sanctioned reference component or depending on the
    platform within 3 hops; dismissed findings left out), one row per shared capability.
    """
    duplicates: [DuplicateRow!]!
      @cypher(statement: """
      CALL () {
        MATCH (s:Component {scope: 'NATIONAL'})-[:PROVIDES]->(cap:Capability)<-[p:PROVIDES]-(x:Component)
        WHERE s.status IN ['OPERATING', 'UNKNOWN'] AND x <> s
          AND x.scope IN ['MINISTRY', 'PROVINCE', 'COMMUNE', 'ORGANIZATION']
          AND (coalesce(p.confirmedFor, '') <> ''
               OR NOT EXISTS { MATCH (x)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) })
        RETURN s, cap, p, x
        UNION
        MATCH (x:Component)-[p:PROVIDES]->(cap:Capability)
        WHERE x.scope IN ['COMMUNE', 'ORGANIZATION']
          AND (coalesce(p.confirmedFor, '') <> ''
               OR NOT EXISTS { MATCH (x)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) })
        CALL (x, cap) {
          MATCH (x)<-[:OWNS]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home:Agency {level: 'PROVINCE'})
          MATCH (home)-[:OWNS]->(s:Component {scope: 'PROVINCE'})-[:PROVIDES]->(cap)
          WHERE s.status IN ['OPERATING', 'UNKNOWN']
            AND EXISTS { MATCH (s)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) }
          RETURN s
        }
        RETURN s, cap, p, x
      }
      WITH s, cap, p, x
      WHERE coalesce(x.status, '') <> 'RETIRED'
        AND (coalesce(p.basis, '') <> 'INFERRED' OR s.scope <> 'NATIONAL' OR coalesce(p.platforms, '') = ''
             OR s.code IN split(p.platforms, ';'))
        AND (s.code IN split(coalesce(p.confirmedFor, ''), ';') OR (
              NOT EXISTS { MATCH (x)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) }
          AND NOT EXISTS { MATCH (x)-[:DEPENDS_ON*1..3]->(s) }))
      WITH x, s, collect(cap.code) AS caps,
           collect(CASE WHEN s.code IN split(coalesce(p.confirmedFor, ''), ';') THEN 'CONFIRMED'
                        WHEN s.code IN split(coalesce(p.dismissedFor, ''), ';') THEN 'DISMISSED'
                        ELSE coalesce(p.basis, 'DECLARED') END) AS marks
      WHERE 'CONFIRMED' IN marks OR NOT 'DISMISSED' IN marks
      CALL (x) {
        OPTIONAL MATCH (o:Agency)-[:OWNS]->(x)
        WITH o ORDER BY o.code LIMIT 1
        OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
        OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
        WHERE o.level = 'COMMUNE' AND o.province IS NULL
        RETURN coalesce(pv, up).code AS province
      }
      UNWIND caps AS cap
      RETURN {component: x.code, shared: s.code, capability: cap, province: province,
              basis: CASE WHEN 'CONFIRMED' IN marks THEN 'CONFIRMED' WHEN 'DECLARED' IN marks THEN 'DECLARED' ELSE 'INFERRED' END} AS row
      """, columnName: "row")

    """
    The nation's communes against the commune reference framework, per province: the heatmap of
    a dashboard (archgraph's conformanceSummary without a province), essential items only.
    """
    nationConformance: [CommuneTally!]!
      @cypher(statement: """
      CALL () {
        MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
        WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']
        RETURN collect({code: r.code, layer: g.layer, tier: r.tier, areaType: r.areaType,
                        exploits: coalesce(r.exploitsShared, false),
                        sharedFrom: [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> '']}) AS refs,
               collect(DISTINCT CASE WHEN r.exploitsShared THEN g.layer END) AS shareLayers
      }
      MATCH (p:Agency {level: 'PROVINCE'})
      CALL (p) {
        OPTIONAL MATCH (p)-[:OWNS]->(:Component)-[:REALIZES]->(pr:ReferenceComponent)
        RETURN collect(DISTINCT pr.code) AS provCodes
      }
      MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
      CALL (c) {
        OPTIONAL MATCH (c)-[:OWNS]->(:Component)-[:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})
        RETURN collect(DISTINCT r.code) AS realized
      }
      WITH p, c, refs, realized, provCodes,
           [l IN shareLayers WHERE
              EXISTS { (c)-[:USES]->(s:Component) WHERE s.layer = l AND s.scope IN ['NATIONAL', 'PROVINCE'] }
              OR EXISTS { (c)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(s:Component) WHERE s.layer = l AND s.scope IN ['NATIONAL', 'PROVINCE'] }] AS layers
      UNWIND [r IN refs WHERE r.tier = 'COMMUNE_ESSENTIAL' OR r.areaType = c.areaType] AS r
      WITH p, r.tier = 'AREA_SUPPLEMENTARY' AS supp,
           r.code IN realized AS isRe,
           r.exploits AND r.layer IN layers AS isEx,
           r.code IN provCodes OR any(sf IN r.sharedFrom WHERE sf IN provCodes) AS isPv
      WHERE NOT supp
      WITH p, count(*) AS ap,
           sum(CASE WHEN isRe THEN 1 ELSE 0 END) AS re,
           sum(CASE WHEN NOT isRe AND isEx THEN 1 ELSE 0 END) AS ex,
           sum(CASE WHEN NOT isRe AND NOT isEx AND isPv THEN 1 ELSE 0 END) AS pv
      ORDER BY p.code
      RETURN {code: p.code, applicable: ap, realized: re, exploited: ex, provided: pv,
              suppApplicable: 0, suppRealized: 0, suppExploited: 0, suppProvided: 0} AS t
      """, columnName: "t")

    """
    A province's communes against the commune reference framework (KTTS-XA): per commune, the
    applicable essential and area-supplementary items, and how many are realized, exploited
    (a shared platform of their layer used) or provided by the province.
    """
    provinceConformance(province: String!): [CommuneTally!]!
      @cypher(statement: """
      CALL () {
        MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT'})-[:IN_GROUP]->(g:ComponentGroup)
        WHERE NOT coalesce(r.catchAll, false) AND r.tier IN ['COMMUNE_ESSENTIAL', 'AREA_SUPPLEMENTARY']
        RETURN collect({code: r.code, layer: g.layer, tier: r.tier, areaType: r.areaType,
                        exploits: coalesce(r.exploitsShared, false),
                        sharedFrom: [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> '']}) AS refs,
               collect(DISTINCT CASE WHEN r.exploitsShared THEN g.layer END) AS shareLayers
      }
      MATCH (p:Agency {level: 'PROVINCE', code: $province})
      CALL (p) {
        OPTIONAL MATCH (p)-[:OWNS]->(:Component)-[:REALIZES]->(pr:ReferenceComponent)
        RETURN collect(DISTINCT pr.code) AS provCodes
      }
      MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
      CALL (c) {
        OPTIONAL MATCH (c)-[:OWNS]->(:Component)-[:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})
        RETURN collect(DISTINCT r.code) AS realized
      }
      WITH c, refs, realized, provCodes,
           [l IN shareLayers WHERE
              EXISTS { (c)-[:USES]->(s:Component) WHERE s.layer = l AND s.scope IN ['NATIONAL', 'PROVINCE'] }
              OR EXISTS { (c)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(s:Component) WHERE s.layer = l AND s.scope IN ['NATIONAL', 'PROVINCE'] }] AS layers
      UNWIND [r IN refs WHERE r.tier = 'COMMUNE_ESSENTIAL' OR r.areaType = c.areaType] AS r
      WITH c, r.tier = 'AREA_SUPPLEMENTARY' AS supp,
           r.code IN realized AS isRe,
           r.exploits AND r.layer IN layers AS isEx,
           r.code IN provCodes OR any(sf IN r.sharedFrom WHERE sf IN provCodes) AS isPv
      WITH c, supp, count(*) AS ap,
           sum(CASE WHEN isRe THEN 1 ELSE 0 END) AS re,
           sum(CASE WHEN NOT isRe AND isEx THEN 1 ELSE 0 END) AS ex,
           sum(CASE WHEN NOT isRe AND NOT isEx AND isPv THEN 1 ELSE 0 END) AS pv
      WITH c, collect({supp: supp, ap: ap, re: re, ex: ex, pv: pv}) AS ts
      WITH c, [t IN ts WHERE NOT t.supp] + [{ap: 0, re: 0, ex: 0, pv: 0}] AS e,
              [t IN ts WHERE t.supp] + [{ap: 0, re: 0, ex: 0, pv: 0}] AS o
      ORDER BY c.code
      RETURN {code: c.code, applicable: e[0].ap, realized: e[0].re, exploited: e[0].ex, provided: e[0].pv,
              suppApplicable: o[0].ap, suppRealized: o[0].re, suppExploited: o[0].ex, suppProvided: o[0].pv} AS t
      """, columnName: "t")


    "Accent-insensitive search over the same full-text index archgraph uses."
    search(text: String!, first: Int! = 20): [SearchHit!]!
      @cypher(statement: """
      WITH [w IN split(toLower(trim($text)), ' ') WHERE w <> ''] AS ws
      WITH reduce(q = '', i IN range(0, size(ws) - 1) |
             q + CASE WHEN i > 0 THEN ' ' ELSE '' END + '+' + ws[i] +
             CASE WHEN i = size(ws) - 1 THEN '*' ELSE '' END) AS q
      CALL db.index.fulltext.queryNodes('name_fulltext', q, {limit: $first}) YIELD node, score
      WITH node, score ORDER BY score DESC, node.code
      RETURN {code: node.code, label: labels(node)[0], name: node.name, score: score} AS hit
      """, columnName: "hit")
  }
`;

const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687";
const port = Number(process.env.PEER_PORT ?? 4100);
const auth = process.env.NEO4J_PASSWORD
  ? neo4j.auth.basic("neo4j", process.env.NEO4J_PASSWORD)
  : undefined;
const driver = neo4j.driver(uri, auth);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema, introspection: false });
const { url } = await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
console.log(`peer ready at ${url}`);
