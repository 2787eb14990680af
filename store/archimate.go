package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// What an ArchiMate exchange file holds beyond the metamodel is kept in labels and a
// relationship type of its own, so that nothing of a model drawn in Archi, Sparx EA or Visual
// Paradigm is lost and a re-export gives it back, while the analyses keep reading the metamodel
// only:
//
//	ArchiMateElement       an element whose type has no counterpart (BusinessRole, Goal, …);
//	                       property archimateType holds the type
//	ARCHIMATE_RELATION     a relationship the metamodel has no shape for, between two elements
//	                       (nodes of the metamodel or ArchiMateElement): one Neo4j relationship
//	                       carrying what the node below would (id, code, archimateType, name,
//	                       documentation, properties, access type, folder …); id is unique
//	ArchiMateRelationship  a relationship the metamodel has no shape for that must be a node:
//	                       another relationship relates it, or one of its ends is itself a
//	                       relationship (ArchiMate relates relationships too; a Neo4j
//	                       relationship cannot be the end of another). ARCHIMATE_SOURCE and
//	                       ARCHIMATE_TARGET lead to its ends (a node of any label above, or
//	                       another ArchiMateRelationship)
//	ArchiMateView          a diagram: its nodes, connections, bounds, bendpoints and styles as
//	                       exchange-format XML in property archimateDiagram (connections refer
//	                       to relationships by identifier, so either form above can be drawn)
//	ArchiMateModel         what an imported file says of itself: identifier, names,
//	                       documentation, properties, metadata, folders, viewpoint definitions
//	                       (none for archgraph's own export); an export reads it first
//
// Like the metamodel's labels they have a unique id and code. Graphs written before
// ARCHIMATE_RELATION kept every generic relationship as a node; Migrate turns those that need
// not be nodes into relationships (MigrateArchiMateRelations).
const (
	LabelArchiMateElement      = "ArchiMateElement"
	LabelArchiMateRelationship = "ArchiMateRelationship"
	LabelArchiMateView         = "ArchiMateView"
	LabelArchiMateModel        = "ArchiMateModel"
	RelArchiMateSource         = "ARCHIMATE_SOURCE"
	RelArchiMateTarget         = "ARCHIMATE_TARGET"
	RelArchiMateRelation       = "ARCHIMATE_RELATION"
)

// ArchiMateLabels are the labels above, in the order an import writes and an export reads them.
var ArchiMateLabels = []string{LabelArchiMateModel, LabelArchiMateElement, LabelArchiMateRelationship, LabelArchiMateView}

// ArchiMateRelationEnds are the labels an ARCHIMATE_RELATION joins: the metamodel's and
// ArchiMateElement.
var ArchiMateRelationEnds = append(append([]string{}, Labels...), LabelArchiMateElement)

// ArchiMateShapes are ARCHIMATE_RELATION between every two ArchiMateRelationEnds, then
// ARCHIMATE_SOURCE and ARCHIMATE_TARGET from a relationship node to a node of every label of the
// metamodel and of ArchiMateElement and ArchiMateRelationship.
var ArchiMateShapes = func() []Endpoint {
	var out []Endpoint
	for _, a := range ArchiMateRelationEnds {
		for _, b := range ArchiMateRelationEnds {
			out = append(out, Endpoint{a, RelArchiMateRelation, b})
		}
	}
	ends := append(append([]string{}, Labels...), LabelArchiMateElement, LabelArchiMateRelationship)
	for _, t := range []string{RelArchiMateSource, RelArchiMateTarget} {
		for _, l := range ends {
			out = append(out, Endpoint{LabelArchiMateRelationship, t, l})
		}
	}
	return out
}()

// ExistingCodes returns which of codes (per label of the metamodel or ArchiMateLabels) are codes
// of nodes in the graph: an import maps an element onto a node it already has, and gives
// defaults only to new ones.
func (s *Store) ExistingCodes(ctx context.Context, codes map[string][]string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	for _, l := range append(append([]string{}, Labels...), ArchiMateLabels...) {
		cs := codes[l]
		if len(cs) == 0 {
			continue
		}
		out[l] = map[string]bool{}
		// A label the graph holds no node of (ArchiMate's, on a first import) holds none of them:
		// the count store says so without a lookup per code.
		n, err := read(ctx, s, "existing codes", func(tx neo4j.ManagedTransaction) (int64, error) {
			res, err := tx.Run(ctx, countLabelNodes[l], nil)
			if err != nil {
				return 0, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return 0, err
			}
			return num(rec, "c"), nil
		})
		if err != nil {
			return nil, err
		}
		if n == 0 {
			continue
		}
		got, err := read(ctx, s, "existing codes", func(tx neo4j.ManagedTransaction) ([]string, error) {
			res, err := tx.Run(ctx, existingCodes[l], map[string]any{"codes": cs})
			if err != nil {
				return nil, err
			}
			var found []string
			for res.Next(ctx) {
				found = append(found, str(res.Record(), "code"))
			}
			return found, res.Err()
		})
		if err != nil {
			return nil, err
		}
		for _, c := range got {
			out[l][c] = true
		}
	}
	return out, nil
}

var existingCodes = func() map[string]string {
	m := map[string]string{}
	for _, l := range append(append([]string{}, Labels...), ArchiMateLabels...) {
		m[l] = fmt.Sprintf("UNWIND $codes AS code MATCH (n:%s {code: code}) RETURN n.code AS code", l)
	}
	return m
}()

// countLabelNodes counts the nodes of a label (from Neo4j's count store).
var countLabelNodes = func() map[string]string {
	m := map[string]string{}
	for _, l := range append(append([]string{}, Labels...), ArchiMateLabels...) {
		m[l] = fmt.Sprintf("MATCH (n:%s) RETURN count(n) AS c", l)
	}
	return m
}()

// MigrateArchiMateRelations turns the generic ArchiMate relationships an earlier version kept as
// ArchiMateRelationship nodes into ARCHIMATE_RELATION relationships with the node's properties,
// where they need not be nodes: exactly one ARCHIMATE_SOURCE and one ARCHIMATE_TARGET, neither
// leading to a relationship node, no relationship node relating it, and no ARCHIMATE_RELATION
// holding its id already (the file imported again since). The others stay nodes.
// It works in batches, each its own transaction (a batch converts its nodes whole: a node is
// deleted in the transaction that creates its relationship), and returns how many it converted.
// On a graph without such nodes it costs a count.
func (s *Store) MigrateArchiMateRelations(ctx context.Context) (int64, error) {
	var total int64
	for {
		// Generic ArchiMate relationships are not what conformance reads: the facts stay current.
		n, err := writeKept(ctx, s, "migrate: ArchiMate relationships", func(tx neo4j.ManagedTransaction) (int64, error) {
			res, err := tx.Run(ctx, cypherMigrateArchiMateRelations, map[string]any{"limit": migrateArchiMateBatch})
			if err != nil {
				return 0, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return 0, err
			}
			return num(rec, "c"), nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < migrateArchiMateBatch {
			return total, nil
		}
	}
}

const migrateArchiMateBatch = 5000

// cypherMigrateArchiMateRelations converts up to $limit relationship nodes (see
// MigrateArchiMateRelations). The ends are of the metamodel or ArchiMateElement (the only other
// label ARCHIMATE_SOURCE/TARGET lead to is ArchiMateRelationship, excluded).
const cypherMigrateArchiMateRelations = `MATCH (n:` + LabelArchiMateRelationship + `)
WHERE NOT EXISTS { (:` + LabelArchiMateRelationship + `)-[:` + RelArchiMateSource + `|` + RelArchiMateTarget + `]->(n) }
  AND COUNT { (n)-[:` + RelArchiMateSource + `]->() } = 1 AND COUNT { (n)-[:` + RelArchiMateTarget + `]->() } = 1
  AND NOT EXISTS { ()-[x:` + RelArchiMateRelation + ` {id: n.id}]->() }
MATCH (n)-[:` + RelArchiMateSource + `]->(a), (n)-[:` + RelArchiMateTarget + `]->(b)
WHERE NOT a:` + LabelArchiMateRelationship + ` AND NOT b:` + LabelArchiMateRelationship + `
WITH n, a, b LIMIT $limit
CREATE (a)-[r:` + RelArchiMateRelation + `]->(b)
SET r = properties(n)
DETACH DELETE n
RETURN count(r) AS c`
