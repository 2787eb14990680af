package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store/internal/core"
)

// WarmUpSubjects are the nodes the server's warm-up (server/warmup.go) asks the web UI's
// operations about, picked from the estate so that the operations take their usual paths: the
// province with the most communes and its first commune, a component that commune owns which
// realizes a reference component, the national component most depended on (the pages) and
// the one least depended on (the previews' new dependency: a preview takes the save's locks,
// and few saves wait for that one), the reference component most realized and the first layer.
type WarmUpSubjects struct {
	Province, ProvinceName, Commune string // agency codes; the province's name (a search)
	Realizer, Realized              string // a component of Commune and a reference component it realizes (codes)
	Shared                          string // the national component with the most dependents (code)
	QuietShared                     string // the national component with the fewest dependents
	Reference, ReferenceLayer       string // the reference component most realized, and its group's layer
	LayerID                         string // the first layer's id
	// Today is Vietnam's calendar day (Store.Today): the as-of pages' operations are warmed as of
	// it, which plans their as-of statements (the same for every day: the day is a parameter).
	Today string
}

// cypherWarmUpSubjects picks WarmUpSubjects; every part is optional (an empty estate has none).
const cypherWarmUpSubjects = `
OPTIONAL CALL () {
  MATCH (p:Agency {level: 'PROVINCE'})
  RETURN p ORDER BY COUNT { (:Agency {level: 'COMMUNE'})-[:PART_OF]->(p) } DESC, p.code LIMIT 1
}
OPTIONAL CALL (p) {
  MATCH (c:Agency {level: 'COMMUNE'})-[:PART_OF]->(p) RETURN c ORDER BY c.code LIMIT 1
}
OPTIONAL CALL (c) {
  MATCH (c)-[:OWNS]->(x:Component)-[:REALIZES]->(r:ReferenceComponent)
  RETURN x.code AS realizer, r.code AS realized ORDER BY realizer, realized LIMIT 1
}
OPTIONAL CALL () {
  MATCH (s:Component {scope: 'NATIONAL'})
  WITH s, COUNT { (s)<-[:DEPENDS_ON]-() } AS n
  ORDER BY n DESC, s.code
  WITH collect(s) AS byUse
  RETURN byUse[0] AS s, byUse[-1] AS quiet
}
OPTIONAL CALL () {
  MATCH (r:ReferenceComponent)
  RETURN r ORDER BY COUNT { (r)<-[:REALIZES]-() } DESC, r.code LIMIT 1
}
OPTIONAL CALL (r) {
  MATCH (r)-[:IN_GROUP]->(:ComponentGroup)-[:IN_LAYER]->(l:Layer) RETURN l.code AS referenceLayer LIMIT 1
}
OPTIONAL CALL () {
  MATCH (l:Layer) RETURN l.id AS layer ORDER BY l.number LIMIT 1
}
RETURN p.code AS province, p.name AS provinceName, c.code AS commune, realizer, realized,
  s.code AS shared, quiet.code AS quietShared, r.code AS reference, referenceLayer, layer`

// WarmUpSubjects picks the nodes the warm-up's operations ask about (read only).
func (s *Store) WarmUpSubjects(ctx context.Context) (WarmUpSubjects, error) {
	return core.Read(ctx, s.DB, "warm-up: subjects", func(tx neo4j.ManagedTransaction) (WarmUpSubjects, error) {
		res, err := tx.Run(ctx, cypherWarmUpSubjects, nil)
		if err != nil {
			return WarmUpSubjects{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return WarmUpSubjects{}, err
		}
		return WarmUpSubjects{
			Province: str(rec, "province"), ProvinceName: str(rec, "provinceName"), Commune: str(rec, "commune"),
			Realizer: str(rec, "realizer"), Realized: str(rec, "realized"),
			Shared: str(rec, "shared"), QuietShared: str(rec, "quietShared"),
			Reference: str(rec, "reference"), ReferenceLayer: str(rec, "referenceLayer"), LayerID: str(rec, "layer"),
			Today: s.Today(),
		}, nil
	})
}

// cypherWarmNodes and cypherWarmRelationships read every node's and every relationship's
// properties: Neo4j Community has no page cache warm-up of its own, and after a restart each
// first read of a page waits for the disk.
const (
	cypherWarmNodes         = `MATCH (n) RETURN count(n) AS n, sum(size(keys(n))) AS props`
	cypherWarmRelationships = `MATCH ()-[r]->() RETURN count(r) AS n, sum(size(keys(r))) AS props`
)

// WarmPageCache reads every node and relationship with its properties, in two read
// transactions, so that they are in Neo4j's page cache; it returns how many it read.
func (s *Store) WarmPageCache(ctx context.Context) (nodes, relationships int64, err error) {
	counts := [2]int64{}
	for i, q := range []string{cypherWarmNodes, cypherWarmRelationships} {
		n, err := core.Read(ctx, s.DB, "warm-up: page cache", func(tx neo4j.ManagedTransaction) (int, error) {
			return core.CountIn(ctx, tx, q, nil)
		})
		if err != nil {
			return counts[0], counts[1], err
		}
		counts[i] = int64(n)
	}
	return counts[0], counts[1], nil
}
