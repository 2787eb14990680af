package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/governance"
)

// Every mutation below runs in one write transaction that locks what it changes, checks the
// actor's scope (an editor writes within its agency and the agencies PART_OF it; an admin
// everywhere), writes, and appends its entry to the audit log: all of it or none of it.

const cypherCreateComponent = `
MATCH (l:Layer {code: $layer})
OPTIONAL MATCH (o:Agency {id: $owner})
WITH l, o
WHERE $owner IS NULL OR o IS NOT NULL
CREATE (c:Component {id: $id, code: $code, name: $name, nameEn: $nameEn, description: $description, kind: $kind, scope: $scope,
                     status: $status, layer: $layer, dueYear: $dueYear, exposesApi: $exposesApi,
                     securityLevel: $securityLevel, restrictedData: $restrictedData,
                     synthetic: false, source: $source, validFrom: $validFrom})
CREATE (c)-[:IN_LAYER {validFrom: $validFrom}]->(l)
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | CREATE (o)-[:OWNS {validFrom: $validFrom}]->(c))
RETURN c {.*} AS c`

// CreateComponent stores a new component in its layer, owned by ownerID (an agency id; "" for
// none, which only an admin may create). A duplicate id or code is ErrConflict; an unknown layer
// or owner is ErrInvalid; an owner outside an editor's scope is ErrForbidden. c.ValidFrom, when
// set, records since when the component exists (a day up to today; default today).
func (s *Store) CreateComponent(ctx context.Context, actor model.Principal, c model.Component, ownerID string) (model.Component, error) {
	validFrom, err := s.createdOn(c)
	if err != nil {
		return c, err
	}
	return writeFacts(ctx, s, "create component", Touched{Nodes: []string{ownerID}}, counted(ctx, nil, func(c model.Component) string { return c.ID },
		func(tx neo4j.ManagedTransaction) (model.Component, error) {
			return s.createComponentTx(ctx, tx, actor, c, ownerID, validFrom)
		}))
}

// createComponentTx is CreateComponent's work in tx (validFrom checked).
func (s *Store) createComponentTx(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, c model.Component, ownerID, validFrom string) (model.Component, error) {
	{
		if ownerID == "" {
			if err := governance.MayWrite(actor); err != nil {
				return c, err
			}
			if !governance.National(actor) {
				return c, forbiddenf("an editor's new component needs an owner within its scope")
			}
		} else if _, err := governance.LockAgency(ctx, tx, actor, ownerID); err != nil {
			if isNotFound(err) {
				return c, invalidf("unknown owner %q", ownerID)
			}
			return c, err
		}
		res, err := tx.Run(ctx, cypherCreateComponent, map[string]any{
			"id": c.ID, "code": c.Code, "name": c.Name, "nameEn": c.NameEn, "description": descriptionOrNil(c.Description), "kind": string(c.Kind),
			"scope": string(c.Scope), "status": string(c.Status), "layer": c.LayerCode, "source": c.Source,
			"dueYear": intOrNil(c.DueYear), "exposesApi": c.ExposesAPI, "owner": nilIfEmpty(ownerID),
			"securityLevel": intOrNil(c.SecurityLevel), "restrictedData": boolOrNil(c.RestrictedData),
			"validFrom": validFrom,
		})
		if err != nil {
			return c, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return c, err
			}
			return c, invalidf("unknown layer %q", c.LayerCode)
		}
		v, _ := res.Record().Get("c")
		after := pmap(v)
		if err := governance.Audit(ctx, tx, actor, "createComponent", c.ID, c.Code, nil, after); err != nil {
			return c, err
		}
		if err := s.InferTx(ctx, tx, []string{c.ID}, validFrom); err != nil {
			return c, err
		}
		return componentFromProps(after), nil
	}
}

// createdOn is the day a new component is valid from: c.ValidFrom (a day up to today) or today.
func (s *Store) createdOn(c model.Component) (string, error) {
	today := s.Today()
	if c.ValidFrom == nil {
		return today, nil
	}
	d, err := ParseDate(*c.ValidFrom)
	if err != nil {
		return "", fmt.Errorf("validFrom: %w", err)
	}
	if d > today {
		return "", invalidf("validFrom %s is after today (%s); record a component once it exists", d, today)
	}
	return d, nil
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// descriptionOrNil stores a description only when there is one ("" removes it).
func descriptionOrNil(p *string) any {
	if p == nil || *p == "" {
		return nil
	}
	return *p
}

// boolOrNil stores a flag only when set, so that components without it carry no property.
func boolOrNil(b bool) any {
	if !b {
		return nil
	}
	return true
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
	// Description: "" removes it.
	Description *string
	Kind        *model.ComponentKind
	Scope       *model.Scope
	Status      *model.Status
	LayerCode   *string
	OwnerID     *string
	DueYear     *int
	ExposesAPI  *bool
	// SecurityLevel 1..5; RestrictedData (L253).
	SecurityLevel  *int
	RestrictedData *bool
	// Revision is the component's revision the edit is based on: another edit since is
	// ErrConflict (revision.go). Nil: not checked.
	Revision *int
}

const cypherUpdateComponent = `
MATCH (c:Component {id: $id})
OPTIONAL MATCH (l:Layer {code: $layer})
OPTIONAL MATCH (o:Agency {id: $owner})
WITH c, l, o, properties(c) AS old
WHERE ($layer IS NULL OR l IS NOT NULL) AND ($owner IS NULL OR o IS NOT NULL)
SET c.name = coalesce($name, c.name), c.nameEn = coalesce($nameEn, c.nameEn),
    c.description = CASE WHEN $description IS NULL THEN c.description WHEN $description = '' THEN null ELSE $description END,
    c.kind = coalesce($kind, c.kind), c.scope = coalesce($scope, c.scope),
    c.status = coalesce($status, c.status), c.dueYear = coalesce($dueYear, c.dueYear),
    c.exposesApi = coalesce($exposesApi, c.exposesApi), c.layer = coalesce($layer, c.layer),
    c.securityLevel = coalesce($securityLevel, c.securityLevel),
    c.restrictedData = CASE WHEN $restrictedData IS NULL THEN c.restrictedData WHEN $restrictedData THEN true END
WITH c, l, o, old, old <> properties(c) AS changed
SET c.revision = CASE WHEN changed THEN coalesce(old.revision, 0) + 1 ELSE old.revision END
WITH c, l, o, old, changed
CALL (c, l) {
  WITH c, l WHERE l IS NOT NULL AND NOT (c)-[:IN_LAYER]->(l)
  CALL (c) { MATCH (c)-[r:IN_LAYER]->(x:Layer) ` + "%s" + ` }
  CREATE (c)-[:IN_LAYER {validFrom: $today}]->(l)
}
CALL (c, o) {
  WITH c, o WHERE o IS NOT NULL AND NOT (o)-[:OWNS]->(c)
  CALL (c) { MATCH (x:Agency)-[r:OWNS]->(c) ` + "%s" + ` }
  CREATE (o)-[:OWNS {validFrom: $today}]->(c)
}
CALL (c, old, changed) {
  WITH c, old WHERE changed AND coalesce(old.versionFrom, old.validFrom, '') < $today
  CREATE (c)-[:HAS_VERSION]->(v:ComponentVersion)
  SET v = old, v.id = old.id + '@' + $today, v.validFrom = coalesce(old.versionFrom, old.validFrom), v.validTo = $today
  REMOVE v.versionFrom
  SET c.versionFrom = $today
}
RETURN c {.*} AS c`

// UpdateComponent changes the given fields of a component. Unknown id: ErrNotFound; unknown
// layer or owner: ErrInvalid; outside the actor's scope (the component, or a new owner):
// ErrForbidden.
func (s *Store) UpdateComponent(ctx context.Context, actor model.Principal, id string, p ComponentPatch) (model.Component, error) {
	return writeFacts(ctx, s, "update component", Touched{Nodes: []string{id}, Users: p.Scope != nil || p.LayerCode != nil}, counted(ctx, []string{id}, nil,
		func(tx neo4j.ManagedTransaction) (model.Component, error) {
			return s.updateComponentTx(ctx, tx, actor, id, p)
		}))
}

// updateComponentTx is UpdateComponent's work in tx.
func (s *Store) updateComponentTx(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, id string, p ComponentPatch) (model.Component, error) {
	{
		before, err := governance.LockComponent(ctx, tx, actor, id)
		if err != nil {
			return model.Component{}, err
		}
		if err := checkRevision(ctx, tx, before, p.Revision); err != nil {
			return model.Component{}, err
		}
		if p.OwnerID != nil {
			if _, err := governance.LockAgency(ctx, tx, actor, *p.OwnerID); err != nil {
				if isNotFound(err) {
					return model.Component{}, invalidf("unknown owner %q", *p.OwnerID)
				}
				return model.Component{}, err
			}
		}
		params := map[string]any{"id": id, "name": ptrOrNil(p.Name), "nameEn": ptrOrNil(p.NameEn), "description": ptrOrNil(p.Description),
			"kind": enumOrNil(p.Kind), "scope": enumOrNil(p.Scope), "status": enumOrNil(p.Status),
			"layer": ptrOrNil(p.LayerCode), "owner": ptrOrNil(p.OwnerID), "dueYear": intOrNil(p.DueYear),
			"exposesApi": nil, "securityLevel": intOrNil(p.SecurityLevel), "restrictedData": nil}
		if p.ExposesAPI != nil {
			params["exposesApi"] = *p.ExposesAPI
		}
		if p.RestrictedData != nil {
			params["restrictedData"] = *p.RestrictedData
		}
		params["today"] = s.Today()
		res, err := tx.Run(ctx, updateComponentCypher, params)
		if err != nil {
			return model.Component{}, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return model.Component{}, err
			}
			// No row: the layer is unknown, or the component was retired by a transaction
			// that committed while this one waited for its lock.
			if n, err := countIn(ctx, tx, `MATCH (c:Component {id: $id}) RETURN count(c) AS n`, map[string]any{"id": id}); err != nil {
				return model.Component{}, err
			} else if n == 0 {
				return model.Component{}, notFoundf("no component with id %q", id)
			}
			return model.Component{}, invalidf("unknown layer %v", params["layer"])
		}
		v, _ := res.Record().Get("c")
		after := pmap(v)
		if err := governance.Audit(ctx, tx, actor, "updateComponent", id, pstr(after, "code"), before, after); err != nil {
			return model.Component{}, err
		}
		if err := s.inferTx(ctx, tx, []string{id}); err != nil {
			return model.Component{}, err
		}
		return componentFromProps(after), nil
	}
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

// updateComponentCypher closes the replaced IN_LAYER and OWNS relationships into history.
var updateComponentCypher = fmt.Sprintf(cypherUpdateComponent, closeRel("c", "r", "x", RelInLayer), closeRel("x", "r", "c", RelOwns))

// DeleteComponent retires a component: it leaves the current model, its relationships are
// closed into history and it stays readable as of the days it was valid (validtime.go).
// ErrNotFound when it is not there, ErrForbidden outside the actor's scope.
func (s *Store) DeleteComponent(ctx context.Context, actor model.Principal, id string) error {
	return s.RetireComponent(ctx, actor, id, nil)
}

// RetireComponent is DeleteComponent for an edit based on a revision of the component: another
// edit since is ErrConflict (revision.go); revision nil: not checked.
func (s *Store) RetireComponent(ctx context.Context, actor model.Principal, id string, revision *int) error {
	_, err := writeFacts(ctx, s, "delete component", Touched{Nodes: []string{id}, Users: true}, counted(ctx, []string{id}, nil,
		func(tx neo4j.ManagedTransaction) (struct{}, error) {
			return struct{}{}, s.retireComponentTx(ctx, tx, actor, id, revision)
		}))
	return err
}

// retireComponentTx is RetireComponent's work in tx.
func (s *Store) retireComponentTx(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, id string, revision *int) error {
	before, err := governance.LockComponent(ctx, tx, actor, id)
	if err != nil {
		return err
	}
	if err := checkRevision(ctx, tx, before, revision); err != nil {
		return err
	}
	if _, err := tx.Run(ctx, cypherRetireComponent, map[string]any{"id": id, "today": s.Today()}); err != nil {
		return err
	}
	return governance.Audit(ctx, tx, actor, "deleteComponent", id, pstr(before, "code"), before, nil)
}

// EditableShapes are the relationships the API may add and remove.
var EditableShapes = map[string]Endpoint{
	RelDependsOn:        {LabelComponent, RelDependsOn, LabelComponent},
	RelUses:             {LabelAgency, RelUses, LabelComponent},
	RelRealizes:         {LabelComponent, RelRealizes, LabelReferenceComponent},
	RelProvides:         {LabelComponent, RelProvides, LabelCapability},
	RelHostedIn:         {LabelComponent, RelHostedIn, LabelComponent},
	RelDisasterRecovery: {LabelComponent, RelDisasterRecovery, LabelComponent},
	RelApprovedBy:       {LabelComponent, RelApprovedBy, LabelAgency},
}

var addEdge, removeEdge = func() (map[string]string, map[string]string) {
	add, rm := map[string]string{}, map[string]string{}
	for t, sh := range EditableShapes {
		// A target that is gone (retired or deleted since the resolver looked) leaves b null:
		// nothing is written and toFound says so.
		add[t] = fmt.Sprintf(`MATCH (a:%s {id: $from}) OPTIONAL MATCH (b:%s {id: $to})
OPTIONAL MATCH (a)-[old:%s]->(b)
WITH a, b, collect(old) AS olds
WITH a, b, olds, [o IN olds WHERE o.basis = 'INFERRED'] AS inferred
FOREACH (o IN inferred | SET o.basis = 'INVENTORY', o.source = 'api', o.score = null, o.terms = null, o.platforms = null)
FOREACH (_ IN CASE WHEN b IS NOT NULL AND size(olds) = 0 THEN [1] ELSE [] END |
  CREATE (a)-[:%s {basis: 'INVENTORY', source: 'api', validFrom: $today}]->(b))
RETURN b IS NOT NULL AS toFound, b.code AS toCode, size(olds) > size(inferred) AS existed`, sh.From, sh.To, sh.Type, sh.Type)
		rm[t] = fmt.Sprintf(`MATCH (a:%s {id: $from}) OPTIONAL MATCH (b:%s {id: $to})
OPTIONAL MATCH (a)-[old:%s]->(b)
WITH a, b, collect(old) AS olds
FOREACH (r IN olds | %s)
RETURN b IS NOT NULL AS toFound, b.code AS toCode, size(olds) > 0 AS existed`, sh.From, sh.To, sh.Type, closeRel("a", "r", "b", sh.Type))
	}
	return add, rm
}()

// SetEdge adds (add=true) or removes a relationship of an editable type between two nodes
// given by id. Adding twice or removing an absent edge changes nothing (and logs nothing).
// An unknown endpoint is ErrNotFound naming it; a component depending on itself is ErrInvalid;
// a source outside the actor's scope is ErrForbidden.
func (s *Store) SetEdge(ctx context.Context, actor model.Principal, relType, fromID, toID string, add bool) error {
	op := "add " + relType
	if !add {
		op = "remove " + relType
	}
	_, err := writeFacts(ctx, s, op, Touched{Nodes: []string{fromID}}, counted(ctx, nil, nil,
		func(tx neo4j.ManagedTransaction) (struct{}, error) {
			return struct{}{}, s.setEdgeTx(ctx, tx, actor, relType, fromID, toID, add)
		}))
	return err
}

// setEdgeTx is SetEdge's work in tx.
func (s *Store) setEdgeTx(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, relType, fromID, toID string, add bool) error {
	sh, ok := EditableShapes[relType]
	if !ok {
		return invalidf("%s cannot be edited", relType)
	}
	if (relType == RelDependsOn || relType == RelHostedIn || relType == RelDisasterRecovery) && fromID == toID {
		return invalidf("%s", map[string]string{RelDependsOn: "a component cannot depend on itself",
			RelHostedIn: "a component cannot be its own host", RelDisasterRecovery: "a component cannot be its own disaster-recovery site"}[relType])
	}
	q, op := addEdge[relType], "add "+relType
	if !add {
		q, op = removeEdge[relType], "remove "+relType
	}
	_, err := func() (struct{}, error) {
		if sh.To == LabelComponent {
			// Lock the target too, first (retiring a component locks it before the components
			// around it: the same order, so the two do not deadlock), in a statement of its
			// own: a component retired by a transaction that commits while this one waits is
			// then no longer matched by the statements after, instead of receiving a current
			// relationship (history never holds a live relationship).
			if err := governance.LockComponentOnly(ctx, tx, actor, toID); err != nil {
				return struct{}{}, err
			}
		}
		var from props
		var err error
		if sh.From == LabelAgency {
			from, err = governance.LockAgency(ctx, tx, actor, fromID)
		} else {
			from, err = governance.LockComponent(ctx, tx, actor, fromID)
		}
		if err != nil {
			return struct{}{}, err
		}
		res, err := tx.Run(ctx, q, map[string]any{"from": fromID, "to": toID, "today": s.Today()})
		if err != nil {
			return struct{}{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return struct{}{}, err
		}
		if !boolean(rec, "toFound") {
			return struct{}{}, notFoundf("no %s with id %q", sh.To, toID)
		}
		existed := boolean(rec, "existed")
		if existed == add {
			return struct{}{}, nil // nothing changed
		}
		edge := props{"type": relType, "from": pstr(from, "code"), "to": str(rec, "toCode")}
		var before, after any = nil, edge
		if !add {
			before, after = edge, nil
		}
		if err := governance.Audit(ctx, tx, actor, op, fromID, pstr(from, "code"), before, after); err != nil {
			return struct{}{}, err
		}
		if relType == RelRealizes || relType == RelProvides {
			// What a component realizes changes what it is sanctioned to do and whether a
			// realization is suggested; a declared PROVIDES supersedes an inferred one.
			return struct{}{}, s.inferTx(ctx, tx, []string{fromID})
		}
		return struct{}{}, nil
	}()
	return err
}
