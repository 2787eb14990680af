package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store/internal/core"
)

// Conformance facts: the incremental part of the conformance roll-up (issue 15).
//
// What the roll-up reads of each commune's own neighbourhood — the codes of the commune
// references its components realize, and the layers in which it uses, or owns a component that
// depends on, a shared component (analysis_conformance.go, conformanceCommuneFacts) — is kept,
// per commune, on a :ConformanceFacts node (agency: the commune's id; realized; layers). Reading
// 3,321 of them replaces walking every commune's components and their dependencies. The node
// also carries the commune's province (id) and area type, so that the nation's roll-up finds
// each province's facts by an index seek and counts identical communes once (province and area
// type change only through agency writes, which leave the facts stale). The rest of the rule (the
// framework's applicable references, what each province provides) is small and is still read
// live.
//
// The facts are bookkeeping derived from the model, like the graph's write version: checksums
// and exports leave them out, and they are trusted only while they are known to be current —
// when the write version's factsAt equals its counter n (store/internal/core/version.go) and its
// factsShape is FactsShape (the facts nodes carry what this code reads):
//   - the writes that change a commune's facts (creating, updating and retiring a component,
//     adding and removing a relationship) recompute the facts of every commune they touch in the
//     same transaction (writeFacts) and move factsAt along with n;
//   - writes that cannot change them (tokens, sessions, measurements, reviews) move it along too
//     (writeKept);
//   - every other write (imports, seeds, inference over the whole graph, any write added later
//     without thought) leaves factsAt behind: the facts are stale, the roll-up reads the graph
//     live as before (correct, only slower) and RefreshConformanceFacts recomputes them all.
//
// So a write path that forgets the facts costs speed, never a wrong answer.

// LabelConformanceFacts is the label of the facts nodes (bookkeeping, not model).
const LabelConformanceFacts = "ConformanceFacts"

// FactsShape is the shape of the facts nodes this code writes and reads: 2 since they carry the
// commune's province and area type, 3 since they carry the facts' history (spans, below). Facts
// of another shape are not current: the refresh rewrites them all (at the server's start, or by
// migrate).
const FactsShape = 3

// The facts' history (valid time): besides the current lists, a facts node keeps the days on
// which each fact held, so that the roll-up as of a day reads the facts nodes too
// (analysis_conformance.go, conformanceCommuneFacts) instead of walking every commune's history
// relationships and component versions. A span is a day interval [from, to) kept in three
// parallel lists (Neo4j lists hold no null):
//   - spanRealized[i], spanRealizedFrom[i], spanRealizedTo[i]: on the days from <= D < to, an
//     OWNS|WAS_OWNS → REALIZES|WAS_REALIZES path from the commune to the KTTS-XA reference of
//     code spanRealized[i] was valid on D;
//   - spanLayer[i], spanLayerFrom[i], spanLayerTo[i]: on those days the commune used, or owned a
//     component that depended on, a component whose scope on D was shared and whose layer on D
//     was spanLayer[i].
//
// From is "" for "since before records" (every day is >= ""), to is spanOpen for "still valid"
// (days are ISO dates, which begin with a digit and sort before it). A day's facts are the codes
// and layers of the spans that hold on it (spansOn); the spans decide a day exactly as the live
// as-of statement does (form.go): a relationship holds on D when coalesce(validFrom <= D, true)
// and it is current or its validTo > D (a closed one without validTo on no day); a component's
// properties on D are its own from its versionFrom (always, when that is null), else those of
// the ComponentVersion with coalesce(validFrom <= D, true) and validTo > D (the versions an update
// writes do not overlap); the component node's own validity is not tested, as there. A path's
// span is the intersection of its relationships' spans, and for a layer of each of the used
// component's property spans; empty spans are not kept, identical ones once.
//
// Being a function of the graph, the history is recomputed with the current facts, by the same
// statement (communeFactsKept), on every write that keeps them — which is why the communes a write
// touches include those joined to a component by history relationships (cypherAffectedCommunes).
const spanOpen = "~"

// communeFactsOf is the computation of one commune c's facts (the live roll-up computes the same
// lists: conformanceCommuneFacts): realized — the distinct KTTS-XA codes it realizes; layers —
// the distinct layers of the shared components it uses or depends on through its own components.
const communeFactsOf = `
CALL (c) {
  OPTIONAL MATCH (c)-[:OWNS]->(:Component)-[:REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})
  RETURN collect(DISTINCT r.code) AS realized
}
CALL (c) {
  OPTIONAL MATCH (c)-[:USES]->(s:Component) WHERE s.scope IN $sharedScopes
  WITH collect(DISTINCT s.layer) AS used
  OPTIONAL MATCH (c)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(s:Component) WHERE s.scope IN $sharedScopes
  WITH used, collect(DISTINCT s.layer) AS depended
  RETURN used + [l IN depended WHERE NOT l IN used] AS layers
}
CALL (c) {
  OPTIONAL MATCH (c)-[:PART_OF]->(p:Agency {level: 'PROVINCE'})
  RETURN min(p.id) AS province
}`

// communeFactsKept is what the writes and the refresh compute of commune c: communeFactsOf's
// lists (realized, layers, province) and their history (realizedSpans, layerSpans: lists of
// [code or layer, from, to]), from one walk of the commune's current and history relationships
// — the current lists from its current ones (between current components), the spans from all.
var communeFactsKept = `
CALL (c) {
  OPTIONAL MATCH (c)-[ow:OWNS|WAS_OWNS]->(x)-[re:REALIZES|WAS_REALIZES]->(r:ReferenceComponent {framework: 'KTTS-XA'})
  WITH r.code AS code, type(ow) = 'OWNS' AND type(re) = 'REALIZES' AND x:` + LabelComponent + ` AS now, ` + relSpan("ow") + `, ` + relSpan("re") + `
  WITH DISTINCT code, now, ` + spanMax("ow_from", "re_from") + ` AS vf, ` + spanMin("ow_to", "re_to") + ` AS vt
  RETURN collect(DISTINCT CASE WHEN now THEN code END) AS realized,
         collect(CASE WHEN code IS NOT NULL AND vf < vt THEN [code, vf, vt] END) AS realizedSpans
}
CALL (c) {
  CALL (c) {
    MATCH (c)-[u:USES|WAS_USES]->(s)
    WITH s, type(u) = 'USES' AND s:` + LabelComponent + ` AS now, ` + relSpan("u") + `
    RETURN s, now, u_from AS rf, u_to AS rt
    UNION ALL
    MATCH (c)-[ow:OWNS|WAS_OWNS]->(x)-[d:DEPENDS_ON|WAS_DEPENDS_ON]->(s)
    WITH s, type(ow) = 'OWNS' AND x:` + LabelComponent + ` AND type(d) = 'DEPENDS_ON' AND s:` + LabelComponent + ` AS now, ` + relSpan("ow") + `, ` + relSpan("d") + `
    RETURN s, now, ` + spanMax("ow_from", "d_from") + ` AS rf, ` + spanMin("ow_to", "d_to") + ` AS rt
  }
  WITH DISTINCT s, now, rf, rt
  // a component whose own properties hold always (versionFrom null) is shared on no day unless
  // its own scope is shared: only those and the versioned ones can make a span
  WHERE s.scope IN $sharedScopes OR s.versionFrom IS NOT NULL
  WITH collect(DISTINCT CASE WHEN now AND s.scope IN $sharedScopes THEN s.layer END) AS layers,
       collect(CASE WHEN rf < rt THEN [s, rf, rt] END) AS paths
  CALL (paths) {
    UNWIND paths AS path
    WITH path[0] AS s, path[1] AS rf, path[2] AS rt
    UNWIND [[coalesce(s.versionFrom, ''), '` + spanOpen + `', s.scope, s.layer]] +
           CASE WHEN s.versionFrom IS NULL THEN [] ELSE [(s)-[:HAS_VERSION]->(hv:` + LabelComponentVersion + `) |
             [coalesce(hv.validFrom, ''), ` + spanMin("coalesce(hv.validTo, '')", "s.versionFrom") + `, hv.scope, hv.layer]] END AS seg
    WITH rf, rt, seg WHERE seg[2] IN $sharedScopes AND seg[3] IS NOT NULL
    WITH seg[3] AS layer, ` + spanMax("rf", "seg[0]") + ` AS vf, ` + spanMin("rt", "seg[1]") + ` AS vt
    WHERE vf < vt
    RETURN collect(DISTINCT [layer, vf, vt]) AS layerSpans
  }
  RETURN layers, layerSpans
}
CALL (c) {
  OPTIONAL MATCH (c)-[:PART_OF]->(p:Agency {level: 'PROVINCE'})
  RETURN min(p.id) AS province
}`

// factsSet is the SET clause that stores communeFactsOf's results on the facts node f.
const factsSet = `SET f.realized = realized, f.layers = layers, f.province = province, f.areaType = c.areaType,
    f.spanRealized = [x IN realizedSpans | x[0]], f.spanRealizedFrom = [x IN realizedSpans | x[1]],
    f.spanRealizedTo = [x IN realizedSpans | x[2]],
    f.spanLayer = [x IN layerSpans | x[0]], f.spanLayerFrom = [x IN layerSpans | x[1]], f.spanLayerTo = [x IN layerSpans | x[2]]`

// spansOn is the expression of the values (codes or layers) of the facts node f's spans of kind
// (Realized or Layer) that hold on $asOf.
func spansOn(f, kind string) string {
	return fmt.Sprintf("[i IN range(0, size(coalesce(%[1]s.span%[2]s, [])) - 1) WHERE %[1]s.span%[2]sFrom[i] <= $asOf AND $asOf < %[1]s.span%[2]sTo[i] | %[1]s.span%[2]s[i]]", f, kind)
}

// relSpan projects relationship v's span as v_from (its first day; "" for since before
// records) and v_to (the day after its last: spanOpen for a current relationship, which has
// none; for a closed one its validTo, "" when it has none: it holds on no day, as validRelOn
// decides).
func relSpan(v string) string {
	return fmt.Sprintf("coalesce(%[1]s.validFrom, '') AS %[1]s_from, CASE WHEN type(%[1]s) STARTS WITH 'WAS_' THEN coalesce(%[1]s.validTo, '') ELSE '%[2]s' END AS %[1]s_to", v, spanOpen)
}

// spanMax and spanMin are the later and the earlier of two days (a span's bounds).
func spanMax(a, b string) string {
	return fmt.Sprintf("CASE WHEN %[1]s >= %[2]s THEN %[1]s ELSE %[2]s END", a, b)
}

func spanMin(a, b string) string {
	return fmt.Sprintf("CASE WHEN %[1]s <= %[2]s THEN %[1]s ELSE %[2]s END", a, b)
}

var (
	// cypherAffectedCommunes: the communes whose facts may depend on the nodes $ids — a commune
	// itself, the commune owning a component (now or once: the facts' history) and, when $users
	// (a change of what the component is: its scope, its layer, its retirement), the communes
	// using it or owning a component that depends on it (now or once). A writer reads it before
	// and after its change.
	cypherAffectedCommunes = `UNWIND $ids AS id
CALL (id) {
  MATCH (c:Agency {id: id}) WHERE c.level = 'COMMUNE' RETURN c
  UNION
  MATCH (c:Agency)-[:OWNS|WAS_OWNS]->(:Component {id: id}) WHERE c.level = 'COMMUNE' RETURN c
  UNION
  MATCH (c:Agency)-[:USES|WAS_USES]->(:Component {id: id}) WHERE $users AND c.level = 'COMMUNE' RETURN c
  UNION
  MATCH (c:Agency)-[:OWNS|WAS_OWNS]->()-[:DEPENDS_ON|WAS_DEPENDS_ON]->(:Component {id: id}) WHERE $users AND c.level = 'COMMUNE' RETURN c
}
RETURN collect(DISTINCT c.id) AS ids`

	// cypherKeepFacts recomputes the facts of the communes $ids (in this order: sorted, so that
	// two writers lock facts nodes in the same order). Each facts node is locked (written) before
	// its commune is read, so that a writer that waited for another reads what that one
	// committed: two concurrent writers cannot each miss the other's change.
	cypherKeepFacts = `UNWIND $ids AS id
MATCH (c:Agency {id: id}) WHERE c.level = 'COMMUNE'
MERGE (f:ConformanceFacts {agency: id})
SET f.lock = true
WITH c, f` + communeFactsKept + `
` + factsSet + `
REMOVE f.lock`

	// cypherRefreshFacts recomputes every commune's facts, removes those of agencies that are no
	// longer communes, and says how many there are.
	cypherRefreshFacts = `MATCH (c:Agency {level: 'COMMUNE'})` + communeFactsKept + `
MERGE (f:ConformanceFacts {agency: c.id})
` + factsSet + `
RETURN count(*) AS n`
	cypherDropOrphanFacts = `MATCH (f:ConformanceFacts)
WHERE NOT EXISTS { MATCH (c:Agency {id: f.agency}) WHERE c.level = 'COMMUNE' }
DELETE f`

	// cypherFactsVersion reads the write version's counter and where the facts stand.
	cypherFactsVersion = `OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
RETURN g.epoch AS epoch, g.n AS n, g.factsAt AS factsAt, g.factsShape AS shape`

	// cypherMarkFacts marks the facts current at version $n, unless a write was counted since
	// (then they may have missed it, and stay stale), and of shape $shape (every facts node was
	// just rewritten, and writers write that shape).
	cypherMarkFacts = `MATCH (g:GraphVersion {id: 'graph'})
SET g.factsAt = CASE WHEN g.n = $n THEN $n ELSE g.factsAt END, g.factsShape = $shape
RETURN g.factsAt = $n AS current`
)

// writeKept runs work as a write that cannot change the conformance facts (core.WriteKept).
func writeKept[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.WriteKept(ctx, s.DB, op, work)
}

// Touched says which communes' facts a write may change: those of the agencies and of the owners
// of the components Nodes (a relationship from a node, a component's properties, its owner) and,
// with Users, those of the communes using the components Nodes or depending on them (a change of
// what a component is for the others: its scope, its layer, its retirement).
type Touched struct {
	Nodes []string
	Users bool
}

// writeFacts runs work as a write that changes what t says and keeps the conformance facts of
// every commune it touches current: the communes t names before the change and after it.
func writeFacts[T any](ctx context.Context, s *Store, op string, t Touched, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.WriteKept(ctx, s.DB, op, func(tx neo4j.ManagedTransaction) (T, error) {
		var zero T
		before, err := affectedCommunes(ctx, tx, t)
		if err != nil {
			return zero, err
		}
		v, err := work(tx)
		if err != nil {
			return v, err
		}
		return v, KeepFactsTx(ctx, tx, t, before)
	})
}

// affectedCommunes lists the communes whose facts may depend on what t names.
func affectedCommunes(ctx context.Context, tx neo4j.ManagedTransaction, t Touched) ([]string, error) {
	if len(t.Nodes) == 0 {
		return nil, nil
	}
	res, err := tx.Run(ctx, cypherAffectedCommunes, map[string]any{"ids": t.Nodes, "users": t.Users})
	if err != nil {
		return nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, err
	}
	return recStrings(rec, "ids"), nil
}

// KeepFactsTx recomputes, in tx, the facts of the communes before (read before the change) and
// of those t names now. A write that calls it after its change may run as a kept write
// (core.WriteKept).
func KeepFactsTx(ctx context.Context, tx neo4j.ManagedTransaction, t Touched, before []string) error {
	after, err := affectedCommunes(ctx, tx, t)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	for _, id := range append(before, after...) {
		set[id] = true
	}
	if len(set) == 0 {
		return nil
	}
	communes := make([]string, 0, len(set))
	for id := range set {
		communes = append(communes, id)
	}
	sort.Strings(communes)
	res, err := tx.Run(ctx, cypherKeepFacts, map[string]any{"ids": communes, "sharedScopes": sharedScopes})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}

// ConformanceFactsCurrent says whether the conformance facts are known to be current (the
// roll-up then reads them instead of the communes' neighbourhoods).
func (s *Store) ConformanceFactsCurrent(ctx context.Context) (bool, error) {
	return read(ctx, s, "conformance facts: version", func(tx neo4j.ManagedTransaction) (bool, error) {
		v, err := factsVersion(ctx, tx)
		return err == nil && v.current(), err
	})
}

// factsState is where the write version and the facts stand.
type factsState struct {
	epoch        string // with n, the write version (commune_scores.go keys its table by it)
	n, at, shape *int
}

// current: the facts were kept up to the last write, in the shape this code reads.
func (v factsState) current() bool {
	return v.n != nil && v.at != nil && *v.n == *v.at && v.shape != nil && *v.shape == FactsShape
}

func factsVersion(ctx context.Context, tx neo4j.ManagedTransaction) (factsState, error) {
	res, err := tx.Run(ctx, cypherFactsVersion, nil)
	if err != nil {
		return factsState{}, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return factsState{}, err
	}
	m := rec.AsMap()
	epoch, _ := m["epoch"].(string)
	return factsState{epoch: epoch, n: pint(m, "n"), at: pint(m, "factsAt"), shape: pint(m, "shape")}, nil
}

// RefreshConformanceFacts recomputes every commune's conformance facts when they are not known
// to be current, in one transaction that is not counted as a write (the model does not change,
// cached answers stay valid), and marks them current unless a write was counted meanwhile.
// It says whether they are current afterwards (false: a write came in between, or the graph has
// never been written).
func (s *Store) RefreshConformanceFacts(ctx context.Context) (bool, error) {
	return s.refreshFacts(ctx, false)
}

// RecomputeConformanceFacts is RefreshConformanceFacts also when the facts are known current:
// after writes that bypassed archgraph (Cypher run by hand bumps no version).
func (s *Store) RecomputeConformanceFacts(ctx context.Context) (bool, error) {
	return s.refreshFacts(ctx, true)
}

func (s *Store) refreshFacts(ctx context.Context, force bool) (bool, error) {
	// a recomputation rewrites the facts without counting a write: the score table of this
	// version may no longer be theirs
	defer s.forgetScores()
	return core.WriteBookkeeping(ctx, s.DB, "conformance facts: refresh", func(tx neo4j.ManagedTransaction) (bool, error) {
		v, err := factsVersion(ctx, tx)
		if err != nil || v.n == nil {
			return false, err
		}
		if !force && v.current() {
			return true, nil
		}
		for _, q := range []string{cypherRefreshFacts, cypherDropOrphanFacts} {
			res, err := tx.Run(ctx, q, map[string]any{"sharedScopes": sharedScopes})
			if err == nil {
				_, err = res.Consume(ctx)
			}
			if err != nil {
				return false, err
			}
		}
		res, err := tx.Run(ctx, cypherMarkFacts, map[string]any{"n": *v.n, "shape": FactsShape})
		if err != nil {
			return false, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return false, err
		}
		return boolean(rec, "current"), nil
	})
}
