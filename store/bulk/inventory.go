package bulk

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/governance"
	"github.com/archgraph/archgraph/store/internal/core"
)

// InventoryItem is one component of an agency's inventory (one CSV row). Empty optional fields
// mean "no such property"; an import removes the property.
type InventoryItem struct {
	Line                                                  int // in the file, for messages
	Code, Name, NameEn, Kind, Scope, Status, Layer, Group string
	// Description: what it does (the duplication matcher reads it); "" for none.
	Description                   string
	Source                        string
	DueYear                       *int64
	ExposesAPI                    *bool
	Realizes, DependsOn, Provides []string
	// Columns is the file's header: column name -> 1-based number (shared by the rows of a
	// file; nil when the items do not come from a file). Problems name the column by it.
	Columns map[string]int
}

const cypherInventoryExport = `
MATCH (a:Agency {code: $agency})-[:OWNS]->(c:Component)
RETURN properties(c) AS c,
       [(c)-[:DEPENDS_ON]->(t:Component) | t.code] AS deps,
       [(c)-[e:REALIZES]->(r:ReferenceComponent) WHERE coalesce(e.basis, '') <> 'INFERRED' | r.code] AS refs,
       [(c)-[e:PROVIDES]->(p:Capability) WHERE NOT coalesce(e.basis, '') IN ['INFERRED', 'REVIEW'] | p.code] AS caps
ORDER BY c.code`

const cypherAgencyExists = `MATCH (a:Agency {code: $agency}) RETURN count(a) AS c`

// ExportInventory reads the components an agency owns, with what they depend on, realize and
// provide, sorted by code. An unknown agency is store.ErrNotFound.
func (s *Store) ExportInventory(ctx context.Context, agency string) ([]InventoryItem, error) {
	return read(ctx, s, "export inventory", func(tx neo4j.ManagedTransaction) ([]InventoryItem, error) {
		if n, err := count(ctx, tx, cypherAgencyExists, map[string]any{"agency": agency}); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, notFoundf("no agency with code %q", agency)
		}
		res, err := tx.Run(ctx, cypherInventoryExport, map[string]any{"agency": agency})
		if err != nil {
			return nil, err
		}
		var out []InventoryItem
		for res.Next(ctx) {
			rec := res.Record()
			v, _ := rec.Get("c")
			m := pmap(v)
			it := InventoryItem{Code: pstr(m, "code"), Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"),
				Kind: pstr(m, "kind"), Scope: pstr(m, "scope"), Status: pstr(m, "status"), Layer: pstr(m, "layer"),
				Group: pstr(m, "group"), Source: pstr(m, "source"), Description: pstr(m, "description")}
			if n, ok := m["dueYear"].(int64); ok {
				it.DueYear = &n
			}
			if b, ok := m["exposesApi"].(bool); ok {
				it.ExposesAPI = &b
			}
			it.DependsOn, it.Realizes, it.Provides = recStrings(rec, "deps"), recStrings(rec, "refs"), recStrings(rec, "caps")
			out = append(out, it)
		}
		return out, res.Err()
	})
}

// The inventory import checks every reference before it writes (one query per kind of
// reference), then writes every row with one statement per concern.
const (
	cypherMissingLayers = `UNWIND $codes AS c OPTIONAL MATCH (n:Layer {code: c}) WITH c, n WHERE n IS NULL RETURN c`
	cypherMissingGroups = `UNWIND $codes AS c OPTIONAL MATCH (n:ComponentGroup {code: c}) WITH c, n WHERE n IS NULL RETURN c`
	cypherMissingCaps   = `UNWIND $codes AS c OPTIONAL MATCH (n:Capability {code: c}) WITH c, n WHERE n IS NULL RETURN c`
	cypherMissingComps  = `UNWIND $codes AS c OPTIONAL MATCH (n:Component {code: c}) WITH c, n WHERE n IS NULL RETURN c`
	// A reference component is named by its code or its ASCII alias.
	cypherResolveRefs = `UNWIND $codes AS c
OPTIONAL MATCH (byCode:ReferenceComponent {code: c})
OPTIONAL MATCH (byAscii:ReferenceComponent {ascii: c})
RETURN c, coalesce(byCode.code, byAscii.code) AS code`
	// A component of the file that the graph holds must be the agency's already: an inventory
	// never takes over another agency's component, nor a national one that has no owner.
	cypherOtherOwners = `UNWIND $codes AS c
MATCH (n:Component {code: c})
WHERE NOT EXISTS { (:Agency {code: $agency})-[:OWNS]->(n) }
OPTIONAL MATCH (o:Agency)-[:OWNS]->(n)
RETURN c, coalesce(min(o.code), '-') AS owner`

	cypherInventoryNodes = `
MATCH (a:Agency {code: $agency})
UNWIND $rows AS row
MATCH (l:Layer {code: row.layer})
MERGE (c:Component {code: row.code})
ON CREATE SET c.id = row.id, c.synthetic = false
SET c.name = row.name, c.nameEn = row.nameEn, c.description = row.description, c.kind = row.kind, c.scope = row.scope,
    c.status = row.status, c.layer = row.layer, c.group = row.group, c.dueYear = row.dueYear,
    c.exposesApi = row.exposesApi, c.source = row.source
MERGE (a)-[o:OWNS]->(c) ON CREATE SET o.source = row.source
MERGE (c)-[:IN_LAYER]->(l)
WITH c, l
OPTIONAL MATCH (c)-[old:IN_LAYER]->(x) WHERE x <> l
DELETE old
RETURN count(DISTINCT c) AS c`
	// Outgoing edges that the file no longer lists go; listed ones are kept as they are (their
	// evidence too) or created with basis INVENTORY.
	cypherInventoryPrune = `
UNWIND $rows AS row
MATCH (c:Component {code: row.code})
OPTIONAL MATCH (c)-[e:DEPENDS_ON|REALIZES|PROVIDES]->(x)
WITH row, e, x WHERE e IS NOT NULL AND NOT (
     (type(e) = 'DEPENDS_ON' AND x.code IN row.dependsOn)
  OR (type(e) = 'REALIZES' AND x.code IN row.realizes)
  OR (type(e) = 'PROVIDES' AND x.code IN row.provides)
  OR e.basis IN ['INFERRED', 'REVIEW'])
DELETE e`
	cypherInventoryDeps = `
UNWIND $rows AS row
MATCH (c:Component {code: row.code})
UNWIND row.dependsOn AS d
MATCH (t:Component {code: d})
MERGE (c)-[e:DEPENDS_ON]->(t)
ON CREATE SET e.basis = 'INVENTORY', e.source = row.source, e.synthetic = false`
	cypherInventoryRefs = `
UNWIND $rows AS row
MATCH (c:Component {code: row.code})
UNWIND row.realizes AS r
MATCH (t:ReferenceComponent {code: r})
MERGE (c)-[e:REALIZES]->(t)
ON CREATE SET e.basis = 'INVENTORY', e.source = row.source
ON MATCH SET e += CASE WHEN e.basis = 'INFERRED' THEN {basis: 'INVENTORY', source: row.source, score: null, terms: null} ELSE {} END`
	cypherInventoryCaps = `
UNWIND $rows AS row
MATCH (c:Component {code: row.code})
UNWIND row.provides AS p
MATCH (t:Capability {code: p})
MERGE (c)-[e:PROVIDES]->(t)
ON CREATE SET e.source = row.source
ON MATCH SET e += CASE WHEN e.basis = 'INFERRED' THEN {basis: null, source: row.source, score: null, terms: null, platforms: null} ELSE {} END`
)

// InventoryAction is what an import does to one row's component.
type InventoryAction string

// The actions of an inventory row: a component the graph does not hold yet, one whose values
// or listed relationships change, one the file leaves as it is.
const (
	ActionCreate    InventoryAction = "CREATE"
	ActionUpdate    InventoryAction = "UPDATE"
	ActionUnchanged InventoryAction = "UNCHANGED"
)

// InventoryRow is one row's outcome: its line, its component and what the import did to it
// (Revision: the component's revision after it).
type InventoryRow struct {
	Line     int
	Code     string
	Name     string
	Action   InventoryAction
	Revision int
}

// CLIPrincipal is who the command line writes as: a national operator (it writes for every
// agency), named in the audit log.
var CLIPrincipal = model.Principal{Name: "cli import", Role: model.RoleAdmin}

// OpImportInventory is the audit log's operation of a component an inventory created or
// changed (store's revision check names it as the change that moved a revision on).
const OpImportInventory = "importInventory"

// ImportInventory writes an agency's inventory in one transaction: every reference is checked
// first (the agency; each row's layer, group, realized reference components — by code or ASCII
// alias —, provided capabilities and dependencies, in the file or in the graph; no component of
// the file owned by another agency), and nothing is written when anything is wrong: the
// *ImportError names the line and column. Then each component is merged on its code and owned
// by the agency, its properties set from its row (an empty cell removes the property), and its
// outgoing DEPENDS_ON, REALIZES and PROVIDES edges made exactly those of the row: edges that
// stay keep their properties, new ones get basis INVENTORY. A component created or changed gets
// an audit entry (importInventory, by the command line's CLIPrincipal); a changed one a new
// revision, so that an edit form opened before the import is refused with CONFLICT.
func (s *Store) ImportInventory(ctx context.Context, agency string, items []InventoryItem) error {
	_, err := s.ImportInventoryAs(ctx, CLIPrincipal, agency, items)
	return err
}

// ImportInventoryAs is ImportInventory written by actor: an editor may import the inventory of
// its agency or of an agency part of it (checked in the transaction, after locking the agency:
// ErrForbidden otherwise), and the audit entries name the actor. It returns what it did to each
// row, in the file's order.
//
// It keeps the conformance facts (store/conformance_facts.go) and the component counts
// (store/component_counts.go, store.CountedTx) current, as the component mutations do: in its transaction, after the write and inference, it recomputes the facts of the
// communes the file can change — the agency itself and the communes using or depending on one of
// its components (a row may change a component's scope or layer).
//
// An agency whose components more than MaxKeptCommunes communes use or depend on (a ministry's
// national platforms, used by every commune) is imported without keeping them: recomputing
// thousands of communes' facts would hold the import's transaction for seconds. The facts are
// then stale, as after any write that does not keep them: the roll-up reads the graph live
// until the server's background refresh (conformance_facts.go).
func (s *Store) ImportInventoryAs(ctx context.Context, actor model.Principal, agency string, items []InventoryItem) ([]InventoryRow, error) {
	rows, _, err := s.ImportInventoryReport(ctx, actor, agency, items)
	return rows, err
}

// ImportInventoryReport is ImportInventoryAs, and says how many communes' conformance facts
// the import left to the server's background refresh: the communes using or depending on the
// agency's components, when there are more than MaxKeptCommunes (0 when it kept them). The
// upload page tells the user (issue 19): until the refresh ends, the pages compute those
// communes' conformance live — right, but slower.
func (s *Store) ImportInventoryReport(ctx context.Context, actor model.Principal, agency string, items []InventoryItem) ([]InventoryRow, int64, error) {
	n, err := read(ctx, s, "import inventory: communes", func(tx neo4j.ManagedTransaction) (int64, error) {
		return count(ctx, tx, cypherInventoryCommunes, map[string]any{"agency": agency})
	})
	if err != nil {
		return nil, 0, err
	}
	if n > MaxKeptCommunes {
		rows, err := write(ctx, s, "import inventory", func(tx neo4j.ManagedTransaction) ([]InventoryRow, error) {
			return s.importInventoryTx(ctx, tx, actor, agency, items)
		})
		if err != nil {
			return nil, 0, err
		}
		return rows, n, nil
	}
	codes := make([]string, len(items))
	for i, it := range items {
		codes[i] = it.Code
	}
	// A kept write keeps the component counts too (store/component_counts.go): CountedTx.
	rows, err := core.WriteKept(ctx, s.DB, "import inventory", store.CountedTx(ctx, codes, func(tx neo4j.ManagedTransaction) ([]InventoryRow, error) {
		rows, err := s.importInventoryTx(ctx, tx, actor, agency, items)
		if err != nil {
			return nil, err
		}
		return rows, keepInventoryFacts(ctx, tx, agency, items)
	}))
	if err != nil {
		return nil, 0, err
	}
	return rows, 0, nil
}

// MaxKeptCommunes bounds the communes whose conformance facts an inventory import recomputes in
// its transaction (about a second's work on a loaded machine). A variable for the tests.
var MaxKeptCommunes int64 = 300

// cypherInventoryCommunes counts the communes whose facts an import of agency $agency's
// inventory can change: the agency, and the communes using or depending on its components
// (a file's new components have no users yet).
const cypherInventoryCommunes = `
MATCH (a:Agency {code: $agency})
CALL (a) {
  MATCH (c:Agency) WHERE c = a AND c.level = 'COMMUNE' RETURN c
  UNION
  MATCH (a)-[:OWNS]->(:Component)<-[:USES]-(c:Agency) WHERE c.level = 'COMMUNE' RETURN c
  UNION
  MATCH (a)-[:OWNS]->(:Component)<-[:DEPENDS_ON]-(:Component)<-[:OWNS]-(c:Agency) WHERE c.level = 'COMMUNE' RETURN c
}
RETURN count(DISTINCT c) AS c`

// cypherInventoryIDs: the ids of agency $agency and of the components $codes.
const cypherInventoryIDs = `
MATCH (a:Agency {code: $agency})
OPTIONAL MATCH (c:Component) WHERE c.code IN $codes
RETURN a.id AS agency, collect(c.id) AS ids`

// keepInventoryFacts recomputes, in tx after an import, the conformance facts of the communes it
// can have changed. Read after the write only: an import changes no component's owner (a row of
// a component another agency owns is refused) and none of the relationships into its
// components but those from the agency's own ones, so every commune it touched before is one
// it touches after — the agency (when a commune), or a commune using or depending on one of the
// file's components.
func keepInventoryFacts(ctx context.Context, tx neo4j.ManagedTransaction, agency string, items []InventoryItem) error {
	codes := make([]string, len(items))
	for i, it := range items {
		codes[i] = it.Code
	}
	res, err := tx.Run(ctx, cypherInventoryIDs, map[string]any{"agency": agency, "codes": codes})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	nodes := append([]string{str(rec, "agency")}, recStrings(rec, "ids")...)
	return store.KeepFactsTx(ctx, tx, store.Touched{Nodes: nodes, Users: true}, nil)
}

const (
	cypherAgencyID = `MATCH (a:Agency {code: $agency}) RETURN a.id AS id`
	// cypherInventoryState is what an inventory row sets of a component: its properties and the
	// outgoing edges a file lists (inferred and reviewed ones are inference's, not the file's).
	cypherInventoryState = `
UNWIND $codes AS code
MATCH (c:Component {code: code})
RETURN code, c {.*} AS props,
       [(c)-[:DEPENDS_ON]->(t:Component) | t.code] AS deps,
       [(c)-[e:REALIZES]->(r:ReferenceComponent) WHERE coalesce(e.basis, '') <> 'INFERRED' | r.code] AS refs,
       [(c)-[e:PROVIDES]->(p:Capability) WHERE NOT coalesce(e.basis, '') IN ['INFERRED', 'REVIEW'] | p.code] AS caps`
	cypherBumpRevisions = `
UNWIND $codes AS code
MATCH (c:Component {code: code})
SET c.revision = coalesce(c.revision, 0) + 1
RETURN code, c.revision AS revision`
)

// componentState is a component as an inventory row sets it: its properties (without the
// bookkeeping no row writes) and its listed edges, sorted; the audit entry's before and after.
type componentState map[string]any

// notWritten are the properties an inventory row never sets: compared, they would make every
// row an update.
var notWritten = map[string]bool{"revision": true, "lockedBy": true, "versionFrom": true, "validFrom": true, "inferredFrom": true}

// inventoryState reads the states of the components with the given codes that exist.
func inventoryState(ctx context.Context, tx neo4j.ManagedTransaction, codes []string) (map[string]componentState, error) {
	res, err := tx.Run(ctx, cypherInventoryState, map[string]any{"codes": codes})
	if err != nil {
		return nil, err
	}
	out := map[string]componentState{}
	for res.Next(ctx) {
		r := res.Record()
		v, _ := r.Get("props")
		st := componentState{}
		for k, x := range pmap(v) {
			st[k] = x
		}
		for key, name := range map[string]string{"deps": "dependsOn", "refs": "realizes", "caps": "provides"} {
			xs := recStrings(r, key)
			sort.Strings(xs)
			st[name] = xs
		}
		out[str(r, "code")] = st
	}
	return out, res.Err()
}

// sameState: the two states set the same values and edges (bookkeeping aside).
func sameState(a, b componentState) bool {
	for k, v := range a {
		if !notWritten[k] && fmt.Sprint(v) != fmt.Sprint(b[k]) {
			return false
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok && !notWritten[k] && v != nil {
			return false
		}
	}
	return true
}

// importInventoryTx is ImportInventoryAs's work in tx (which PreviewInventory rolls back).
func (s *Store) importInventoryTx(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, agency string, items []InventoryItem) ([]InventoryRow, error) {
	res, err := tx.Run(ctx, cypherAgencyID, map[string]any{"agency": agency})
	if err != nil {
		return nil, err
	}
	if !res.Next(ctx) {
		if err := res.Err(); err != nil {
			return nil, err
		}
		return nil, notFoundf("no agency with code %q", agency)
	}
	// The agency is locked (concurrent imports of one agency serialise) and, for an editor,
	// must be within its scope: checked here, in the transaction that writes.
	if _, err := governance.LockAgency(ctx, tx, actor, str(res.Record(), "id")); err != nil {
		return nil, err
	}
	if err := s.checkInventory(ctx, tx, agency, items); err != nil {
		return nil, err
	}
	codes := make([]string, len(items))
	for i, it := range items {
		codes[i] = it.Code
	}
	before, err := inventoryState(ctx, tx, codes)
	if err != nil {
		return nil, err
	}
	if err := writeInventory(ctx, tx, agency, items); err != nil {
		return nil, err
	}
	after, err := inventoryState(ctx, tx, codes)
	if err != nil {
		return nil, err
	}
	rows := make([]InventoryRow, len(items))
	var changed []string
	for i, it := range items {
		rows[i] = InventoryRow{Line: it.Line, Code: it.Code, Name: it.Name, Action: ActionUnchanged}
		switch b, ok := before[it.Code]; {
		case !ok:
			rows[i].Action = ActionCreate
		case !sameState(b, after[it.Code]):
			rows[i].Action = ActionUpdate
			changed = append(changed, it.Code)
		}
		if r := pint(after[it.Code], "revision"); r != nil {
			rows[i].Revision = *r
		}
	}
	if len(changed) > 0 {
		res, err := tx.Run(ctx, cypherBumpRevisions, map[string]any{"codes": changed})
		if err != nil {
			return nil, err
		}
		revs := map[string]int{}
		for res.Next(ctx) {
			revs[str(res.Record(), "code")] = int(num(res.Record(), "revision"))
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		for i := range rows {
			if r, ok := revs[rows[i].Code]; ok {
				rows[i].Revision = r
				after[rows[i].Code]["revision"] = int64(r)
			}
		}
	}
	var entries []governance.Entry
	for _, r := range rows {
		if r.Action == ActionUnchanged {
			continue
		}
		a := after[r.Code]
		var b any
		if st, ok := before[r.Code]; ok {
			b = map[string]any(st)
		}
		entries = append(entries, governance.Entry{EntityID: pstr(a, "id"), EntityCode: r.Code, Before: b, After: map[string]any(a)})
	}
	if err := governance.AuditMany(ctx, tx, actor, OpImportInventory, entries); err != nil {
		return nil, err
	}
	return rows, s.st.InferCodesTx(ctx, tx, codes, "")
}

// CheckInventory runs ImportInventory's checks of the references of items against the graph,
// and writes nothing: a dry run of a file whose rows have problems of their own (which cannot
// be imported, not even in a rolled-back transaction) reports the problems of its references
// too. The items are not changed.
func (s *Store) CheckInventory(ctx context.Context, agency string, items []InventoryItem) error {
	copied := append([]InventoryItem(nil), items...)
	_, err := read(ctx, s, "check inventory", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, s.checkInventory(ctx, tx, agency, copied)
	})
	return err
}

// checkInventory checks every reference of the items before anything is written (see
// ImportInventory); it resolves realized reference components' ASCII aliases to codes.
func (s *Store) checkInventory(ctx context.Context, tx neo4j.ManagedTransaction, agency string, items []InventoryItem) error {
	var p problems
	inFile := map[string]bool{}
	for _, it := range items {
		inFile[it.Code] = true
	}
	type ref struct {
		cypher, column string
		get            func(InventoryItem) []string
	}
	one := func(f func(InventoryItem) string) func(InventoryItem) []string {
		return func(it InventoryItem) []string {
			if v := f(it); v != "" {
				return []string{v}
			}
			return nil
		}
	}
	checks := []ref{
		{cypherMissingLayers, "layer", one(func(it InventoryItem) string { return it.Layer })},
		{cypherMissingGroups, "group", one(func(it InventoryItem) string { return it.Group })},
		{cypherMissingCaps, "provides", func(it InventoryItem) []string { return it.Provides }},
		{cypherMissingComps, "dependsOn", func(it InventoryItem) []string {
			var out []string
			for _, d := range it.DependsOn {
				if !inFile[d] {
					out = append(out, d)
				}
			}
			return out
		}},
	}
	for _, c := range checks {
		missing, err := column(ctx, tx, c.cypher, c.get, items, "c", nil)
		if err != nil {
			return err
		}
		for _, it := range items {
			for _, v := range c.get(it) {
				if missing[v] != "" {
					p.at(it, c.column, "%q does not exist", v)
				}
			}
		}
	}
	// Reference components: resolve ASCII aliases to codes.
	refs, err := resolveRefs(ctx, tx, items)
	if err != nil {
		return err
	}
	for i, it := range items {
		out := make([]string, 0, len(it.Realizes))
		for _, r := range it.Realizes {
			if code := refs[r]; code != "" {
				out = append(out, code)
			} else {
				p.at(it, "realizes", "no reference component has code or alias %q", r)
			}
		}
		items[i].Realizes = out
	}
	owners, err := column(ctx, tx, cypherOtherOwners, func(it InventoryItem) []string { return []string{it.Code} }, items, "owner",
		map[string]any{"agency": agency})
	if err != nil {
		return err
	}
	for _, it := range items {
		switch o := owners[it.Code]; o {
		case "":
		case "-":
			p.at(it, "code", "%s exists without an owner; an inventory of %s cannot take it over", it.Code, agency)
		default:
			p.at(it, "code", "%s is owned by %s, not %s", it.Code, o, agency)
		}
	}
	return p.err()
}

// writeInventory writes the checked items (see ImportInventory).
func writeInventory(ctx context.Context, tx neo4j.ManagedTransaction, agency string, items []InventoryItem) error {
	rows := make([]map[string]any, len(items))
	for i, it := range items {
		rows[i] = map[string]any{"code": it.Code, "id": store.StableID(store.LabelComponent, it.Code), "name": it.Name,
			"nameEn": nilIfBlank(it.NameEn), "description": nilIfBlank(it.Description), "kind": it.Kind, "scope": it.Scope, "status": it.Status,
			"layer": it.Layer, "group": nilIfBlank(it.Group), "source": nilIfBlank(it.Source),
			"dueYear": nil, "exposesApi": nil, "dependsOn": nonNil(it.DependsOn), "realizes": nonNil(it.Realizes),
			"provides": nonNil(it.Provides)}
		if it.DueYear != nil {
			rows[i]["dueYear"] = *it.DueYear
		}
		if it.ExposesAPI != nil {
			rows[i]["exposesApi"] = *it.ExposesAPI
		}
	}
	params := map[string]any{"agency": agency, "rows": rows}
	n, err := count(ctx, tx, cypherInventoryNodes, params)
	if err != nil {
		return err
	}
	if int(n) != len(rows) {
		return invalidf("wrote %d of %d components", n, len(rows))
	}
	for _, q := range []string{cypherInventoryPrune, cypherInventoryDeps, cypherInventoryRefs, cypherInventoryCaps} {
		res, err := tx.Run(ctx, q, params)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// column runs a check query over the distinct values get gives for the items and returns the
// rows it answers: the value of column key, keyed by column c (the value checked).
func column(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, get func(InventoryItem) []string,
	items []InventoryItem, key string, extra map[string]any) (map[string]string, error) {
	seen := map[string]bool{}
	var codes []string
	for _, it := range items {
		for _, v := range get(it) {
			if !seen[v] {
				seen[v] = true
				codes = append(codes, v)
			}
		}
	}
	out := map[string]string{}
	if len(codes) == 0 {
		return out, nil
	}
	params := map[string]any{"codes": codes}
	for k, v := range extra {
		params[k] = v
	}
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	for res.Next(ctx) {
		out[str(res.Record(), "c")] = str(res.Record(), key)
	}
	return out, res.Err()
}

func resolveRefs(ctx context.Context, tx neo4j.ManagedTransaction, items []InventoryItem) (map[string]string, error) {
	return column(ctx, tx, cypherResolveRefs, func(it InventoryItem) []string { return it.Realizes }, items, "code", nil)
}

func nilIfBlank(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
