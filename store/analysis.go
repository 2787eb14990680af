package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// This file holds what the analyses (impact, duplicates, conformance, rules, paths) share:
// resolving a reference given as an id or a code, the owner/province fragment, and the
// shortest dependency path between two components.

// cypherResolveComponent finds a component by id or by code; both are unique, so the planner
// answers with two unique-index seeks.
const cypherResolveComponent = `
MATCH (c:Component)
WHERE c.id = $ref OR c.code = $ref
RETURN c {.*} AS c
LIMIT 1`

// cypherResolveAgency finds an agency by id or by code.
const cypherResolveAgency = `
MATCH (a:Agency)
WHERE a.id = $ref OR a.code = $ref
RETURN a {.*} AS a
LIMIT 1`

// ownerProvince is a CALL body, imported variable x (a component): the agency that owns x (the
// first by code, should there be several) and the province x belongs to: the owner itself when
// it is a province, the province the owner is PART_OF when it is a commune. The seed records
// each commune's province code on it (Agency.province), which an index lookup resolves; walking
// a commune's relationships to its PART_OF edge cost most of an impact summary, so that walk is
// only the fallback for agencies loaded without the property. As of a day, the owner is the one
// whose OWNS relationship was valid that day (agencies have no history).
func ownerProvince(f form) string {
	return `
  OPTIONAL MATCH (o:Agency)-[` + f.rel("ow", RelOwns) + `]->(x)` + f.where("ow") + ownerProvinceRest
}

const ownerProvinceRest = `
  WITH o ORDER BY o.code LIMIT 1
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN o AS owner, coalesce(pv, up) AS province`

// sharedScopes are the scopes whose components count as shared platforms for a lower level.
var sharedScopes = []string{string(model.ScopeNational), string(model.ScopeProvince)}

// ResolveComponent returns the component whose id or code is ref; ErrNotFound names ref when
// there is none. Every analysis takes its roots through it, so that callers may pass either.
// asOf (YYYY-MM-DD, not after today; empty: now) asks for the component on that day, retired
// ones included, with the properties it had that day; when it exists but was not valid that
// day, the ErrNotFound says when it was.
func (s *Store) ResolveComponent(ctx context.Context, ref, asOf string) (model.Component, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return model.Component{}, err
	}
	return read(ctx, s, "resolve component", func(tx neo4j.ManagedTransaction) (model.Component, error) {
		return resolveComponentAsOf(ctx, tx, ref, asOf)
	})
}

// ResolveAgency returns the agency whose id or code is ref; ErrNotFound names ref when there is
// none.
func (s *Store) ResolveAgency(ctx context.Context, ref string) (model.Agency, error) {
	return read(ctx, s, "resolve agency", func(tx neo4j.ManagedTransaction) (model.Agency, error) {
		return resolveAgency(ctx, tx, ref)
	})
}

func resolveComponent(ctx context.Context, tx neo4j.ManagedTransaction, ref string) (model.Component, error) {
	m, err := singleMap(ctx, tx, cypherResolveComponent, map[string]any{"ref": ref}, "c")
	if err != nil {
		return model.Component{}, err
	}
	if m == nil {
		return model.Component{}, notFoundf("no component has the id or code %q", ref)
	}
	return componentFromProps(m), nil
}

func resolveAgency(ctx context.Context, tx neo4j.ManagedTransaction, ref string) (model.Agency, error) {
	m, err := singleMap(ctx, tx, cypherResolveAgency, map[string]any{"ref": ref}, "a")
	if err != nil {
		return model.Agency{}, err
	}
	if m == nil {
		return model.Agency{}, notFoundf("no agency has the id or code %q", ref)
	}
	return agencyFromProps(m), nil
}

// recComponents maps a list-of-maps column to components.
func recComponents(r *neo4j.Record, key string) []model.Component {
	ms := recMaps(r, key)
	out := make([]model.Component, len(ms))
	for i, m := range ms {
		out[i] = componentFromProps(m)
	}
	return out
}

// recAgency maps an agency map column, nil when the column is null.
func recAgency(r *neo4j.Record, key string) *model.Agency {
	m := recMap(r, key)
	if m == nil {
		return nil
	}
	a := agencyFromProps(m)
	return &a
}

// MaxPathHops bounds ShortestPath: dependency chains in the framework are a handful of hops, and
// an unbounded shortestPath over a dense hub is what a deadline is for, not a query.
const MaxPathHops = 10

// cypherShortestPath follows DEPENDS_ON from $from to $to. Both ends are bound, so Neo4j runs a
// bidirectional breadth-first search. (A var-length bound cannot be a parameter; %d is
// MaxPathHops.)
var cypherShortestPath = fmt.Sprintf(`
MATCH (a:Component {id: $from}), (b:Component {id: $to})
MATCH p = shortestPath((a)-[:DEPENDS_ON*1..%d]->(b))
RETURN [n IN nodes(p) | n {.*}] AS components`, MaxPathHops)

// ShortestPath returns a shortest chain from → … → to over DEPENDS_ON (from depends, directly or
// not, on to), of at most MaxPathHops hops; nil when there is none. from and to are ids or codes
// (ErrNotFound names the one that does not exist). A component is its own path of length zero.
func (s *Store) ShortestPath(ctx context.Context, from, to string) (*model.Path, error) {
	return read(ctx, s, "shortest path", func(tx neo4j.ManagedTransaction) (*model.Path, error) {
		a, err := resolveComponent(ctx, tx, from)
		if err != nil {
			return nil, err
		}
		b, err := resolveComponent(ctx, tx, to)
		if err != nil {
			return nil, err
		}
		if a.ID == b.ID {
			return &model.Path{Components: []model.Component{a}}, nil
		}
		res, err := tx.Run(ctx, cypherShortestPath, map[string]any{"from": a.ID, "to": b.ID})
		if err != nil {
			return nil, err
		}
		if !res.Next(ctx) {
			return nil, res.Err()
		}
		p := &model.Path{Components: recComponents(res.Record(), "components")}
		_, err = res.Consume(ctx)
		return p, err
	})
}
