package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Effect before saving (issue 19). A preview runs the save's own transaction functions
// (createComponentTx, updateComponentTx, retireComponentTx, setEdgeTx) in a transaction that
// is rolled back, and reads, in that transaction, the analyses the save changes — conformance,
// duplication findings, rule violations, inferred capabilities — before and after the write.
// The preview and the save share their code, so they cannot disagree; a save the rules refuse
// (scope, stale revision, bad value) is refused by the preview with the same error.

// ComponentChange is a save to preview.
type ComponentChange struct {
	Op model.ComponentChangeOperation
	// Create, OwnerID: a new component (CREATE).
	Create  model.Component
	OwnerID string
	// ID: the component updated or retired; Patch its update (UPDATE).
	ID    string
	Patch ComponentPatch
	// Revision: a retire's revision (an update carries it in Patch).
	Revision *int
	// DependsOn and Realizes: ids of components and reference components the saved component
	// gets a relationship to after the write (the form adds them right after saving).
	DependsOn, Realizes []string
	// RelationsOnly: an UPDATE of relationships alone (the edit page's pickers): no updateComponent.
	RelationsOnly bool
	// The relationships it loses (RemoveDependsOn, RemoveRealizes: ids of components and
	// reference components), the capabilities it gains or loses (Provides, RemoveProvides) and
	// the agencies that start or stop using it (UsedBy, RemoveUsedBy), each applied as
	// SetEdge applies it, after the update.
	RemoveDependsOn, RemoveRealizes, Provides, RemoveProvides, UsedBy, RemoveUsedBy []string
}

// MaxPreviewAgencies bounds the agencies whose conformance a preview evaluates (twice each).
// A variable for the tests.
var MaxPreviewAgencies = 150

// PreviewHeld, when set (a test), is called by a preview right after its write, while its
// transaction holds the save's locks: the tests hold them to see who waits.
var PreviewHeld func(ctx context.Context)

func held(ctx context.Context) {
	if PreviewHeld != nil {
		PreviewHeld(ctx)
	}
}

// previewListLimit bounds each list of a preview (the counts are whole).
const previewListLimit = 20

// cypherAffectedAgencies are the agencies whose conformance a change of component $id can move
// (the statement conformance reads): its owner; a province owner's communes, when it realizes a
// reference (PROVIDED_BY_PROVINCE); when it is shared (NATIONAL or PROVINCE scope), the
// agencies that use it or own a component that depends on it (EXPLOITS_SHARED).
const cypherAffectedAgencies = `
MATCH (c:Component {id: $id})
CALL (c) {
  MATCH (a:Agency)-[:OWNS]->(c) RETURN a
  UNION
  MATCH (p:Agency {level: 'PROVINCE'})-[:OWNS]->(c)
  MATCH (a:Agency {level: 'COMMUNE'})-[:PART_OF]->(p)
  WHERE $realizes OR EXISTS { (c)-[:REALIZES]->(:ReferenceComponent) }
  RETURN a
  UNION
  MATCH (a:Agency)-[:USES]->(c) WHERE c.scope IN $shared RETURN a
  UNION
  MATCH (a:Agency)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(c) WHERE c.scope IN $shared RETURN a
}
RETURN DISTINCT a.id AS id, a.level = 'COMMUNE' AS commune, a.code AS code
ORDER BY commune, code
LIMIT $limit`

// cypherNear is component $id and the components with a relationship to it (whose rule checks
// may read it: a dependency, a host), the first 500.
const cypherNear = `
MATCH (c:Component {id: $id})
RETURN c.id AS id
UNION
MATCH (c:Component {id: $id})<--(d:Component)
RETURN DISTINCT d.id AS id LIMIT 500`

// cypherOwnersOf are the agencies that own component $id and the province each is in.
const cypherOwnersOf = `
MATCH (a:Agency)-[:OWNS]->(:Component {id: $id})
OPTIONAL MATCH (a)-[:PART_OF*0..]->(p:Agency {level: 'PROVINCE'})
RETURN a.id AS id, collect(DISTINCT p.id)[0] AS province`

// cypherComponentInferred reads component $id's properties and inferred edges.
const cypherComponentInferred = `
MATCH (c:Component {id: $id})
RETURN c {.*} AS c,
  [(c)-[e:PROVIDES {basis: 'INFERRED'}]->(x:Capability) | {code: x.code, score: e.score, terms: e.terms, platforms: e.platforms}] AS caps,
  [(c)-[e:REALIZES {basis: 'INFERRED'}]->(x:ReferenceComponent) | {code: x.code, score: e.score, terms: e.terms, platforms: ''}] AS refs`

// cypherDependents: who depends on and uses component $id (a retire's impact).
const cypherDependents = `
MATCH (c:Component {id: $id})
RETURN [(d:Component)-[:DEPENDS_ON]->(c) | d {.*}] AS direct,
       [(a:Agency)-[:USES]->(c) | a {.*}] AS users`

// cypherDependsOnAny is the next ring of dependents: components that depend on one of $ids.
const cypherDependsOnAny = `
UNWIND $ids AS id
MATCH (d:Component)-[:DEPENDS_ON]->(:Component {id: id})
RETURN collect(DISTINCT d.id) AS ids`

// maxDependents bounds the transitive dependents a retire preview counts.
const maxDependents = 100000

// PreviewComponentChange runs change in a transaction that is rolled back and reports what
// it would change. A change the save would refuse returns the save's error.
func (s *Store) PreviewComponentChange(ctx context.Context, actor model.Principal, ch ComponentChange) (model.ComponentChangeEffect, error) {
	out := model.ComponentChangeEffect{Operation: ch.Op}
	validFrom := ""
	if ch.Op == model.ComponentChangeCreate {
		var err error
		if validFrom, err = s.createdOn(ch.Create); err != nil {
			return out, err
		}
	}
	s.NoteTransaction()
	s.NoteWrite(ctx)
	t0 := time.Now()
	defer func() { s.Logger().Debug("preview done", "ms", time.Since(t0).Milliseconds()) }()
	// Rolled back and closed even when ctx has ended (the deadline, or a warm-up preview giving
	// way to a user's write: server/warmup.go): its locks go at once.
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	sess := s.Session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(closeCtx)
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxMetadata(map[string]any{"app": "archgraph", "op": "preview component change"}))
	if err != nil {
		return out, classify("preview component change", err)
	}
	defer tx.Close(closeCtx) // rolls back: nothing of the preview is kept
	s.Logger().Debug("preview transaction begun", "ms", time.Since(t0).Milliseconds())
	if err := s.previewTx(ctx, timedPreview(ctx, s.Logger(), tx, "after"), actor, ch, validFrom, &out); err != nil {
		return model.ComponentChangeEffect{}, classify("preview component change", err)
	}
	return out, nil
}

// snapshot is what a preview reads before and after the write.
type snapshot struct {
	conformance map[string]model.Conformance // by agency id
	findings    map[string]model.DuplicateFinding
	violations  map[string]model.RuleViolation
}

func (s *Store) previewTx(ctx context.Context, tx neo4j.ExplicitTransaction, actor model.Principal, ch ComponentChange, validFrom string, out *model.ComponentChangeEffect) error {
	id := ch.ID
	if ch.Op == model.ComponentChangeCreate {
		id = ch.Create.ID
	}
	realizes := len(ch.Realizes) > 0
	// What the change can touch, read before and (for a component that stays) after the write.
	agencies, owners, provinces, components := []string{}, []string{}, []string{}, []string{}
	seen := map[string]bool{}
	limited := false
	collect := func() error {
		ids, more, err := affectedAgencies(ctx, tx, id, realizes)
		if err != nil {
			return err
		}
		limited = limited || more
		for _, a := range ids {
			if !seen[a] && len(agencies) < MaxPreviewAgencies {
				seen[a] = true
				agencies = append(agencies, a)
			} else if !seen[a] {
				limited = true
			}
		}
		near, err := tx.Run(ctx, cypherNear, map[string]any{"id": id})
		if err != nil {
			return err
		}
		for near.Next(ctx) {
			if x := str(near.Record(), "id"); !slices.Contains(components, x) {
				components = append(components, x)
			}
		}
		if err := near.Err(); err != nil {
			return err
		}
		res, err := tx.Run(ctx, cypherOwnersOf, map[string]any{"id": id})
		if err != nil {
			return err
		}
		for res.Next(ctx) {
			r := res.Record()
			if o := str(r, "id"); !slices.Contains(owners, o) {
				owners = append(owners, o)
			}
			if p := str(r, "province"); !slices.Contains(provinces, p) {
				provinces = append(provinces, p)
			}
		}
		return res.Err()
	}
	// The agencies the change names (that start or stop using the component) are evaluated
	// first, whatever the bound.
	agencies = namedAgencies(ch, seen)
	if ch.Op != model.ComponentChangeCreate {
		if err := collect(); err != nil {
			return err
		}
	}
	if ch.Op == model.ComponentChangeCreate && ch.OwnerID != "" {
		// The new component's owner (and its province's findings) are known before it exists.
		if err := addOwner(ctx, tx, ch.OwnerID, &agencies, &owners, &provinces, seen); err != nil {
			return err
		}
	}
	var beforeProps map[string]any
	if ch.Op != model.ComponentChangeCreate {
		var err error
		if beforeProps, err = singleMap(ctx, tx, `MATCH (c:Component {id: $id}) RETURN c {.*} AS c`, map[string]any{"id": id}, "c"); err != nil {
			return err
		}
	}
	if ch.Op == model.ComponentChangeRetire {
		if err := dependentsOf(ctx, tx, id, out); err != nil {
			return err
		}
	}

	// The save itself. From here the transaction holds the save's locks, until it is rolled
	// back: what follows is only what needs the written graph.
	changed, err := s.applyForPreview(ctx, tx, actor, ch, id, validFrom)
	if err != nil {
		return err
	}
	held(ctx)

	// After: agencies, owners and provinces the component touches now (a retired one touches
	// none), added to those it touched before. Their state before the change is read in a
	// read transaction, at the same time as their state after it in this one: the read sees
	// the committed graph, which is the graph without this change (nothing of it is committed).
	if ch.Op != model.ComponentChangeRetire {
		if err := collect(); err != nil {
			return err
		}
	}
	before, after, err := s.snapshots(ctx, tx, agencies, components, provinces, changed)
	if err != nil {
		return err
	}

	if err := describe(ctx, tx, ch.Op, id, beforeProps, out); err != nil {
		return err
	}
	diff(before, after, out)
	out.AgenciesChecked, out.AgenciesLimited = len(agencies), limited
	return nil
}

// namedAgencies are the agencies ch names (that start or stop using the component), marked seen.
func namedAgencies(ch ComponentChange, seen map[string]bool) []string {
	out := []string{}
	for _, a := range append(append([]string{}, ch.UsedBy...), ch.RemoveUsedBy...) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// applyForPreview runs the save of ch in tx and returns the communes whose conformance facts
// the save would recompute (writeFacts: those it touched before and after the write), when the
// facts are current. The preview does not write them, as the save does: writing them would lock
// every one of those facts nodes until the preview ends (a province's ~100 communes), and a
// save of any of those communes would wait for it. Their facts after the change are computed
// from the written graph instead, with the statement that keeps them (communeFactsOf), and
// the other communes' read from their nodes (communeConformance). When the facts are stale
// every commune's are computed (nil).
func (s *Store) applyForPreview(ctx context.Context, tx neo4j.ExplicitTransaction, actor model.Principal, ch ComponentChange, id, validFrom string) (map[string]bool, error) {
	touched := ch.touched(id)
	fv, err := factsVersion(ctx, tx)
	if err != nil {
		return nil, err
	}
	var before []string
	if fv.current() {
		if before, err = affectedCommunes(ctx, tx, touched); err != nil {
			return nil, err
		}
	}
	if err := s.applyChange(ctx, tx, actor, ch, id, validFrom); err != nil {
		return nil, err
	}
	if !fv.current() {
		return nil, nil
	}
	after, err := affectedCommunes(ctx, tx, touched)
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, c := range append(before, after...) {
		changed[c] = true
	}
	return changed, nil
}

// touched is what the saves of ch tell writeFacts, together: the owner and the component, the
// agencies that start or stop using it, and (a retire, a change of scope or layer) the
// communes using it or depending on it.
func (ch ComponentChange) touched(id string) Touched {
	t := Touched{Nodes: []string{id}}
	switch ch.Op {
	case model.ComponentChangeCreate:
		t.Nodes = append(t.Nodes, ch.OwnerID)
	case model.ComponentChangeUpdate:
		t.Users = !ch.RelationsOnly && (ch.Patch.Scope != nil || ch.Patch.LayerCode != nil)
	case model.ComponentChangeRetire:
		t.Users = true
	}
	t.Nodes = append(append(t.Nodes, ch.UsedBy...), ch.RemoveUsedBy...)
	return t
}

// applyChange runs the save of ch (component id) and its new relationships in tx, with the
// save's own transaction functions.
func (s *Store) applyChange(ctx context.Context, tx neo4j.ExplicitTransaction, actor model.Principal, ch ComponentChange, id, validFrom string) error {
	switch ch.Op {
	case model.ComponentChangeCreate:
		if _, err := s.createComponentTx(ctx, tx, actor, ch.Create, ch.OwnerID, validFrom); err != nil {
			return err
		}
	case model.ComponentChangeUpdate:
		if ch.RelationsOnly {
			break
		}
		if _, err := s.updateComponentTx(ctx, tx, actor, id, ch.Patch); err != nil {
			return err
		}
	case model.ComponentChangeRetire:
		if err := s.retireComponentTx(ctx, tx, actor, id, ch.Revision); err != nil {
			return err
		}
	default:
		return invalidf("unknown change %q", ch.Op)
	}
	for _, e := range []struct {
		rel  string
		ids  []string
		add  bool
		from bool // the other end is the relationship's source (an agency that uses the component)
	}{
		{RelDependsOn, ch.RemoveDependsOn, false, false},
		{RelRealizes, ch.RemoveRealizes, false, false},
		{RelProvides, ch.RemoveProvides, false, false},
		{RelUses, ch.RemoveUsedBy, false, true},
		{RelDependsOn, ch.DependsOn, true, false},
		{RelRealizes, ch.Realizes, true, false},
		{RelProvides, ch.Provides, true, false},
		{RelUses, ch.UsedBy, true, true},
	} {
		for _, other := range e.ids {
			from, to := id, other
			if e.from {
				from, to = other, id
			}
			if err := s.setEdgeTx(ctx, tx, actor, e.rel, from, to, e.add); err != nil {
				return err
			}
		}
	}
	return nil
}

// describe fills out's component, changed properties and inferred edges.
func describe(ctx context.Context, tx neo4j.ExplicitTransaction, op model.ComponentChangeOperation, id string, beforeProps map[string]any, out *model.ComponentChangeEffect) error {
	if op != model.ComponentChangeRetire {
		m, err := singleMap(ctx, tx, `MATCH (c:Component {id: $id}) RETURN c {.*} AS c`, map[string]any{"id": id}, "c")
		if err != nil {
			return err
		}
		out.Component = componentFromProps(m)
		if err := inferredOf(ctx, tx, id, out); err != nil {
			return err
		}
		if beforeProps != nil {
			out.Changed = changedProps(beforeProps, m)
		}
	} else {
		out.Component = componentFromProps(beforeProps)
	}
	return nil
}

// snapshots reads the state before the change (a read transaction: the committed graph) and
// after it (tx), at the same time; changed are the communes whose kept facts the change makes
// stale in tx (applyForPreview).
func (s *Store) snapshots(ctx context.Context, tx neo4j.ExplicitTransaction, agencies, components, provinces []string, changed map[string]bool) (snapshot, snapshot, error) {
	type result struct {
		snap snapshot
		err  error
	}
	done := make(chan result, 1)
	go func() {
		b, err := read(ctx, s, "preview component change", func(rtx neo4j.ManagedTransaction) (snapshot, error) {
			return s.snapshotTx(ctx, timedRead(ctx, s.Logger(), rtx, "before"), agencies, components, provinces, nil)
		})
		done <- result{b, err}
	}()
	after, err := s.snapshotTx(ctx, tx, agencies, components, provinces, changed)
	b := <-done
	if err != nil {
		return snapshot{}, snapshot{}, err
	}
	return b.snap, after, b.err
}

func addOwner(ctx context.Context, tx neo4j.ExplicitTransaction, owner string, agencies, owners, provinces *[]string, seen map[string]bool) error {
	res, err := tx.Run(ctx, `MATCH (a:Agency {id: $id}) OPTIONAL MATCH (a)-[:PART_OF*0..]->(p:Agency {level: 'PROVINCE'})
RETURN a.id AS id, collect(DISTINCT p.id)[0] AS province`, map[string]any{"id": owner})
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		r := res.Record()
		a := str(r, "id")
		if !seen[a] {
			seen[a] = true
			*agencies = append(*agencies, a)
		}
		*owners = append(*owners, a)
		*provinces = append(*provinces, str(r, "province"))
	}
	return res.Err()
}

func affectedAgencies(ctx context.Context, tx neo4j.ExplicitTransaction, id string, realizes bool) ([]string, bool, error) {
	res, err := tx.Run(ctx, cypherAffectedAgencies, map[string]any{"id": id, "realizes": realizes,
		"shared": sharedScopes, "limit": MaxPreviewAgencies + 1})
	if err != nil {
		return nil, false, err
	}
	var ids []string
	for res.Next(ctx) {
		ids = append(ids, str(res.Record(), "id"))
	}
	if err := res.Err(); err != nil {
		return nil, false, err
	}
	if len(ids) > MaxPreviewAgencies {
		return ids[:MaxPreviewAgencies], true, nil
	}
	return ids, false, nil
}

func (s *Store) snapshotTx(ctx context.Context, tx neo4j.ManagedTransaction, agencies, components, provinces []string, changed map[string]bool) (snapshot, error) {
	var out snapshot
	var err error
	if out.conformance, err = conformanceOfAll(ctx, tx, agencies, changed); err != nil {
		return out, err
	}
	if out.findings, err = findingsOf(ctx, tx, provinces); err != nil {
		return out, err
	}
	out.violations, err = violationsOf(ctx, tx, components, agencies)
	return out, err
}

// findingsOf reads the duplication findings of the provinces ("" for a component in none:
// every finding).
func findingsOf(ctx context.Context, tx neo4j.ManagedTransaction, provinces []string) (map[string]model.DuplicateFinding, error) {
	out := map[string]model.DuplicateFinding{}
	done := map[string]bool{}
	for _, p := range provinces {
		if done[p] {
			continue
		}
		done[p] = true
		fs, err := findDuplicates(ctx, tx, model.DuplicateQuery{Province: p})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			out[f.Component.Code+"→"+f.Shared.Code] = f
		}
	}
	return out, nil
}

// violationsOf reads the rule violations (RuleViolations' checks) of the components and agencies.
func violationsOf(ctx context.Context, tx neo4j.ManagedTransaction, components, agencies []string) (map[string]model.RuleViolation, error) {
	out := map[string]model.RuleViolation{}
	{
		vs, err := ruleViolationsOnTx(ctx, tx, components, agencies)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			k := v.RuleCode + "|" + v.MessageEn
			if v.Component != nil {
				k += "|" + v.Component.Code
			}
			if v.Agency != nil {
				k += "|" + v.Agency.Code
			}
			out[k] = v
		}
	}
	return out, nil
}

func dependentsOf(ctx context.Context, tx neo4j.ExplicitTransaction, id string, out *model.ComponentChangeEffect) error {
	res, err := tx.Run(ctx, cypherDependents, map[string]any{"id": id})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	direct := recComponents(rec, "direct")
	sort.Slice(direct, func(i, j int) bool { return direct[i].Code < direct[j].Code })
	out.DependentsTotal = len(direct)
	out.Dependents = direct[:min(len(direct), previewListLimit)]
	users := recMaps(rec, "users")
	out.UsersTotal = len(users)
	for _, m := range users {
		out.Users = append(out.Users, agencyFromProps(m))
	}
	sort.Slice(out.Users, func(i, j int) bool { return out.Users[i].Code < out.Users[j].Code })
	out.Users = out.Users[:min(len(out.Users), previewListLimit)]
	// Transitive dependents, ring by ring.
	seen := map[string]bool{id: true}
	ring := []string{id}
	for len(ring) > 0 && len(seen) <= maxDependents {
		res, err := tx.Run(ctx, cypherDependsOnAny, map[string]any{"ids": ring})
		if err != nil {
			return err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		var next []string
		for _, d := range recStrings(rec, "ids") {
			if !seen[d] {
				seen[d] = true
				next = append(next, d)
			}
		}
		ring = next
	}
	out.TransitiveDependents = len(seen) - 1
	return nil
}

func inferredOf(ctx context.Context, tx neo4j.ExplicitTransaction, id string, out *model.ComponentChangeEffect) error {
	res, err := tx.Run(ctx, cypherComponentInferred, map[string]any{"id": id})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	edges := func(key string) []model.InventoryInference {
		xs := []model.InventoryInference{}
		for _, m := range recMaps(rec, key) {
			x := model.InventoryInference{Code: pstr(m, "code"), Score: pfloat(m, "score"), Terms: pstr(m, "terms"), Platforms: []string{}}
			if p := pstr(m, "platforms"); p != "" {
				x.Platforms = strings.Split(p, ";")
			}
			xs = append(xs, x)
		}
		sort.Slice(xs, func(i, j int) bool { return xs[i].Code < xs[j].Code })
		return xs
	}
	out.Inferred, out.Suggested = edges("caps"), edges("refs")
	return nil
}

func changedProps(before, after map[string]any) []string {
	var out []string
	for k, v := range after {
		if !bookkeeping[k] && k != "inferredFrom" && fmt.Sprint(before[k]) != fmt.Sprint(v) {
			out = append(out, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok && !bookkeeping[k] && k != "inferredFrom" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// met is whether a state meets the item.
func met(s model.ConformanceState) bool {
	return s == model.ConformanceStateRealized || s == model.ConformanceStateExploitsShared || s == model.ConformanceStateProvidedByProvince
}

// diff fills out's lists from the two snapshots.
func diff(before, after snapshot, out *model.ComponentChangeEffect) {
	type key struct {
		ref           string
		before, after model.ConformanceState
	}
	groups := map[key]*model.ConformanceChange{}
	var order []key
	out.BecomeConformant, out.StopConformant = []model.Agency{}, []model.Agency{}
	ids := make([]string, 0, len(after.conformance))
	for id := range after.conformance {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return after.conformance[ids[i]].Agency.Code < after.conformance[ids[j]].Agency.Code
	})
	for _, id := range ids {
		a, b := after.conformance[id], before.conformance[id]
		was := map[string]model.ConformanceState{}
		for _, it := range b.Items {
			was[it.Reference.Code] = it.State
		}
		for _, it := range a.Items {
			w, ok := was[it.Reference.Code]
			if !ok || w == it.State {
				continue
			}
			k := key{it.Reference.Code, w, it.State}
			g := groups[k]
			if g == nil {
				g = &model.ConformanceChange{Reference: it.Reference, Before: w, After: it.State, Met: met(it.State) && !met(w), Agencies: []model.Agency{}}
				groups[k] = g
				order = append(order, k)
			}
			g.Count++
			if a.Agency.Level == model.AgencyLevelCommune {
				g.Communes++
			}
			if len(g.Agencies) < previewListLimit {
				g.Agencies = append(g.Agencies, a.Agency)
			}
		}
		if len(b.Items) > 0 {
			switch wasOK, isOK := b.Essential.Missing == 0, a.Essential.Missing == 0; {
			case isOK && !wasOK:
				out.BecomeConformant = append(out.BecomeConformant, a.Agency)
			case wasOK && !isOK:
				out.StopConformant = append(out.StopConformant, a.Agency)
			}
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].ref != order[j].ref {
			return order[i].ref < order[j].ref
		}
		return string(order[i].after) < string(order[j].after)
	})
	out.Conformance = []model.ConformanceChange{}
	for _, k := range order {
		out.Conformance = append(out.Conformance, *groups[k])
	}
	out.DuplicatesAdded, out.DuplicatesRemoved = findingDiff(after.findings, before.findings), findingDiff(before.findings, after.findings)
	out.ViolationsAdded, out.ViolationsResolved = violationDiff(after.violations, before.violations), violationDiff(before.violations, after.violations)
}

// findingDiff lists the findings of a that b does not have, in key order.
func findingDiff(a, b map[string]model.DuplicateFinding) []model.DuplicateFinding {
	out := []model.DuplicateFinding{}
	for _, k := range sortedKeys(a) {
		if _, ok := b[k]; !ok {
			out = append(out, a[k])
		}
	}
	return out
}

func violationDiff(a, b map[string]model.RuleViolation) []model.RuleViolation {
	out := []model.RuleViolation{}
	for _, k := range sortedKeys(a) {
		if _, ok := b[k]; !ok {
			out = append(out, a[k])
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
