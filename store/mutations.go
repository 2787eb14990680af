package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Every mutation below runs in one write transaction: it is written whole or not at all.

const cypherCreateComponent = `
MATCH (l:Layer {code: $layer})
OPTIONAL MATCH (o:Agency {id: $owner})
WITH l, o
WHERE $owner IS NULL OR o IS NOT NULL
CREATE (c:Component {id: $id, code: $code, name: $name, nameEn: $nameEn, kind: $kind, scope: $scope,
                     status: $status, layer: $layer, dueYear: $dueYear, exposesApi: $exposesApi,
                     synthetic: false, source: $source})
CREATE (c)-[:IN_LAYER]->(l)
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | CREATE (o)-[:OWNS]->(c))
RETURN c {.*} AS c`

// CreateComponent stores a new component in its layer, owned by ownerID (an agency id, or "").
// A duplicate id or code is ErrConflict; an unknown layer or owner is ErrInvalid.
func (s *Store) CreateComponent(ctx context.Context, c model.Component, ownerID string) (model.Component, error) {
	return write(ctx, s, "create component", func(tx neo4j.ManagedTransaction) (model.Component, error) {
		res, err := tx.Run(ctx, cypherCreateComponent, map[string]any{
			"id": c.ID, "code": c.Code, "name": c.Name, "nameEn": c.NameEn, "kind": string(c.Kind),
			"scope": string(c.Scope), "status": string(c.Status), "layer": c.LayerCode, "source": c.Source,
			"dueYear": intOrNil(c.DueYear), "exposesApi": c.ExposesAPI, "owner": nilIfEmpty(ownerID),
		})
		if err != nil {
			return c, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return c, err
			}
			return c, fmt.Errorf("%w: unknown layer %q or owner", ErrInvalid, c.LayerCode)
		}
		v, _ := res.Record().Get("c")
		return ComponentFromProps(pmap(v)), nil
	})
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// ComponentPatch holds the fields an update changes; nil fields stay as they are.
type ComponentPatch struct {
	Name, NameEn *string
	Kind         *model.ComponentKind
	Scope        *model.Scope
	Status       *model.Status
	LayerCode    *string
	OwnerID      *string
	DueYear      *int
	ExposesAPI   *bool
}

const cypherUpdateComponent = `
MATCH (c:Component {id: $id})
OPTIONAL MATCH (l:Layer {code: $layer})
OPTIONAL MATCH (o:Agency {id: $owner})
WITH c, l, o
WHERE ($layer IS NULL OR l IS NOT NULL) AND ($owner IS NULL OR o IS NOT NULL)
SET c.name = coalesce($name, c.name), c.nameEn = coalesce($nameEn, c.nameEn),
    c.kind = coalesce($kind, c.kind), c.scope = coalesce($scope, c.scope),
    c.status = coalesce($status, c.status), c.dueYear = coalesce($dueYear, c.dueYear),
    c.exposesApi = coalesce($exposesApi, c.exposesApi), c.layer = coalesce($layer, c.layer)
WITH c, l, o
CALL (c, l) {
  WITH c, l WHERE l IS NOT NULL
  OPTIONAL MATCH (c)-[old:IN_LAYER]->() DELETE old
  WITH DISTINCT c, l
  CREATE (c)-[:IN_LAYER]->(l)
}
CALL (c, o) {
  WITH c, o WHERE o IS NOT NULL
  OPTIONAL MATCH (c)<-[old:OWNS]-() DELETE old
  WITH DISTINCT c, o
  CREATE (o)-[:OWNS]->(c)
}
RETURN c {.*} AS c`

const cypherComponentExists = `MATCH (c:Component {id: $id}) RETURN count(c) AS n`

// UpdateComponent changes the given fields of a component. Unknown id: ErrNotFound; unknown
// layer or owner: ErrInvalid.
func (s *Store) UpdateComponent(ctx context.Context, id string, p ComponentPatch) (model.Component, error) {
	return write(ctx, s, "update component", func(tx neo4j.ManagedTransaction) (model.Component, error) {
		params := map[string]any{"id": id, "name": ptrOrNil(p.Name), "nameEn": ptrOrNil(p.NameEn),
			"kind": enumOrNil(p.Kind), "scope": enumOrNil(p.Scope), "status": enumOrNil(p.Status),
			"layer": ptrOrNil(p.LayerCode), "owner": ptrOrNil(p.OwnerID), "dueYear": intOrNil(p.DueYear),
			"exposesApi": nil}
		if p.ExposesAPI != nil {
			params["exposesApi"] = *p.ExposesAPI
		}
		res, err := tx.Run(ctx, cypherUpdateComponent, params)
		if err != nil {
			return model.Component{}, err
		}
		if res.Next(ctx) {
			v, _ := res.Record().Get("c")
			return ComponentFromProps(pmap(v)), nil
		}
		if err := res.Err(); err != nil {
			return model.Component{}, err
		}
		if n, err := countIn(ctx, tx, cypherComponentExists, map[string]any{"id": id}); err != nil {
			return model.Component{}, err
		} else if n == 0 {
			return model.Component{}, fmt.Errorf("%w: no component with id %q", ErrNotFound, id)
		}
		return model.Component{}, fmt.Errorf("%w: unknown layer or owner", ErrInvalid)
	})
}

func ptrOrNil(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func enumOrNil[E ~string](p *E) any {
	if p == nil {
		return nil
	}
	return string(*p)
}

func countIn(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, p map[string]any) (int, error) {
	res, err := tx.Run(ctx, cypher, p)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	return int(num(rec, "n")), nil
}

const cypherDeleteComponent = `MATCH (c:Component {id: $id}) DETACH DELETE c RETURN count(*) AS n`

// DeleteComponent removes a component and its relationships; ErrNotFound when it is not there.
func (s *Store) DeleteComponent(ctx context.Context, id string) error {
	_, err := write(ctx, s, "delete component", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		n, err := countIn(ctx, tx, cypherDeleteComponent, map[string]any{"id": id})
		if err == nil && n == 0 {
			err = fmt.Errorf("%w: no component with id %q", ErrNotFound, id)
		}
		return struct{}{}, err
	})
	return err
}

// EditableShapes are the relationships the API may add and remove.
var EditableShapes = map[string]Endpoint{
	RelDependsOn: {LabelComponent, RelDependsOn, LabelComponent},
	RelUses:      {LabelAgency, RelUses, LabelComponent},
	RelRealizes:  {LabelComponent, RelRealizes, LabelReferenceComponent},
	RelProvides:  {LabelComponent, RelProvides, LabelCapability},
}

var addEdge, removeEdge = func() (map[string]string, map[string]string) {
	add, rm := map[string]string{}, map[string]string{}
	for t, sh := range EditableShapes {
		add[t] = fmt.Sprintf(`OPTIONAL MATCH (a:%s {id: $from}) OPTIONAL MATCH (b:%s {id: $to})
CALL (a, b) { WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL MERGE (a)-[r:%s]->(b)
  ON CREATE SET r.basis = 'INVENTORY', r.source = 'api' RETURN count(r) AS n }
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound`, sh.From, sh.To, sh.Type)
		rm[t] = fmt.Sprintf(`OPTIONAL MATCH (a:%s {id: $from}) OPTIONAL MATCH (b:%s {id: $to})
CALL (a, b) { WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL OPTIONAL MATCH (a)-[r:%s]->(b) DELETE r RETURN count(r) AS n }
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound`, sh.From, sh.To, sh.Type)
	}
	return add, rm
}()

// SetEdge adds (add=true) or removes a relationship of an editable type between two nodes
// given by id. Adding twice or removing an absent edge changes nothing. An unknown endpoint is
// ErrNotFound naming it; a component depending on itself is ErrInvalid.
func (s *Store) SetEdge(ctx context.Context, relType, fromID, toID string, add bool) error {
	sh, ok := EditableShapes[relType]
	if !ok {
		return fmt.Errorf("%w: %s cannot be edited", ErrInvalid, relType)
	}
	if relType == RelDependsOn && fromID == toID {
		return fmt.Errorf("%w: a component cannot depend on itself", ErrInvalid)
	}
	q := addEdge[relType]
	if !add {
		q = removeEdge[relType]
	}
	_, err := write(ctx, s, "set "+relType, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, q, map[string]any{"from": fromID, "to": toID})
		if err != nil {
			return struct{}{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return struct{}{}, err
		}
		if !boolean(rec, "fromFound") {
			return struct{}{}, fmt.Errorf("%w: no %s with id %q", ErrNotFound, sh.From, fromID)
		}
		if !boolean(rec, "toFound") {
			return struct{}{}, fmt.Errorf("%w: no %s with id %q", ErrNotFound, sh.To, toID)
		}
		return struct{}{}, nil
	})
	return err
}
