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

// A commune's conformance score (issue 18): its commune-essential items met by a realization, by
// a shared component of the item's layer it uses or depends on (for an "exploit the shared one"
// item), or by its province; null for an agency that is not a commune.
const conformanceScore = `
CALL () {
  MATCH (r:ReferenceComponent {framework: 'KTTS-XA', kind: 'COMPONENT', tier: 'COMMUNE_ESSENTIAL'})-[:IN_GROUP]->(g:ComponentGroup)
  WHERE NOT coalesce(r.catchAll, false)
  RETURN collect({code: r.code, layer: g.layer, ex: coalesce(r.exploitsShared, false),
                  sf: [sf IN split(coalesce(r.sharedFrom, ''), ';') WHERE sf <> '']}) AS refs
}
WITH this, refs WHERE this.level = 'COMMUNE'
WITH refs,
  [(this)-[:OWNS]->(:Component)-[:REALIZES]->(q:ReferenceComponent {framework: 'KTTS-XA'}) | q.code] AS re,
  [(this)-[:USES]->(s:Component) WHERE s.scope IN ['NATIONAL', 'PROVINCE'] | s.layer]
    + [(this)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(s:Component) WHERE s.scope IN ['NATIONAL', 'PROVINCE'] | s.layer] AS sh,
  [(this)-[:PART_OF]->(:Agency {level: 'PROVINCE'})-[:OWNS]->(:Component)-[:REALIZES]->(q:ReferenceComponent) | q.code] AS pv
RETURN CASE WHEN size(refs) = 0 THEN 1.0 ELSE toFloat(size([r IN refs WHERE r.code IN re OR (r.ex AND r.layer IN sh)
  OR r.code IN pv OR any(sf IN r.sf WHERE sf IN pv)])) / size(refs) END AS score`;

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

    "A commune's conformance score (issue 18's dashboard question): the same rule as archgraph's, as a @cypher field."
    conformanceScore: Float
      @cypher(statement: """
      ${conformanceScore}
      """, columnName: "score")
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
    dueYear: Int
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

  type Query {
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
