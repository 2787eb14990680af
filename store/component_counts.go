package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/internal/core"
)

// Component counts: how many current components each owner has, by scope and status, kept for
// the dashboards' aggregations over every component (issue 18). "Components by status per
// province" (the Roadmap page) and "by scope and status" (the Overview page) otherwise read the
// status and owner of every component: 102,000 on S (~0.8 M db hits), 1 M on L (~29 s under
// load). Grouped by owner first, the same answer reads ~10,000 small :ComponentCount nodes
// (one per owner, scope and status) and derives each owner's province once.
//
// The counts follow the pattern of the conformance facts (conformance_facts.go) and share its
// notion of a kept write:
//   - the graph's write version holds countsAt, the version at which the counts are known to be
//     current; a kept write (core.WriteKept) moves it along, any other write leaves it behind
//     (core/version.go), exactly as factsAt;
//   - a :ComponentCountsState node {id: 'counts'} holds the generation of the counts (gen);
//   - the writes that keep the facts are the component mutations and the relationship edits
//     (writeFacts): each also applies, in its own transaction, the change it makes to the counts
//     (-1 for the component's (owner, scope, status) before, +1 after: counted); the other kept
//     writes (tokens, sessions, measurements, reviews, two migrations) cannot change them.
//     TestCountedWrites checks that every writeFacts is counted;
//   - every other write (imports, seeds, inference over the whole graph, any write added later
//     without thought) leaves countsAt behind: the aggregation then reads the graph live, exactly
//     as before, and the server recomputes the counts in the background
//     (RefreshComponentCounts, as a new generation; the previous one is kept for readers still
//     reading it, older ones are deleted).
//
// So a write path that forgets the counts costs speed, never a wrong answer — unless it is a
// writeFacts without counted, which the test refuses.
//
// Beside them, each generation holds the kind counts (issue 16): how many current components
// there are by scope, status, kind, layer and group, over every owner (:ComponentKindCount, a
// few hundred nodes on any estate: their number grows with the combinations, not with the
// components). They answer the Overview's counts of components filtered by those fields (a
// list's totalCount, the candidates of the V-APEX rule), which otherwise read every component
// (S: 75,862 of 102,000, ~0.3 M db hits each; L: ten times that). They are written, kept and
// dropped with the owner counts, by the same writes and in the same transactions. A store whose
// counts were made before them has no shape (or an older one) on its state: its counts are not
// current (countsState), so that the aggregations read the graph live and the server (or
// archgraph migrate) recomputes them, kind counts included, as a new generation.
//
// And the layer counts: how many IN_LAYER relationships go from current components to each
// layer (:ComponentLayerCount, one per layer) — a layer's componentCount, which otherwise
// expands every component's relationship (S: 0.2 M db hits). IN_LAYER is written by the
// component mutations and the inventory import (counted, like the other counts: each tuple
// holds the layers its component is in), the framework and seed loads (not kept writes: the
// counts go stale), and is not an editable relationship (TestCountedWrites).

// Labels of the counts' bookkeeping nodes (not model: exports, backups and checksums leave them out).
const (
	LabelComponentCount       = "ComponentCount"
	LabelComponentKindCount   = "ComponentKindCount"
	LabelComponentLayerCount  = "ComponentLayerCount"
	LabelComponentCountsState = "ComponentCountsState"
)

// countsShape is the shape of the counts this code writes and reads: 2 with the kind and layer
// counts. A
// generation made by another shape is not current (countsState).
const countsShape = 2

const (
	// cypherCountsState reads the counts' generation, the version they are current at and the
	// graph's write version.
	cypherCountsState = `OPTIONAL MATCH (s:ComponentCountsState {id: 'counts'})
OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
RETURN s.gen AS gen, s.shape AS shape, g.countsAt AS at, g.n AS n`

	// cypherCountsLock locks the counts' state, so that the writers that change the counts are
	// serialized before they touch a count, and a refresh cannot make a new generation current
	// while one of them writes to the one before; it reads the generation to write to.
	cypherCountsLock = `MATCH (s:ComponentCountsState {id: 'counts'})
SET s.lock = true
REMOVE s.lock
RETURN s.gen AS gen`

	// cypherCountsApply adds each delta to its count of generation $gen (a new count takes its
	// owner's fields); a count down to 0 is deleted.
	cypherCountsApply = `UNWIND $deltas AS d
MERGE (t:ComponentCount {gen: $gen, owner: d.owner, scope: d.scope, status: d.status})
ON CREATE SET t.n = 0, t.ownerCode = d.ownerCode, t.ownerLevel = d.ownerLevel, t.ownerAreaType = d.ownerAreaType,
  t.province = d.province
SET t.n = t.n + d.d
WITH t WHERE t.n <= 0
DELETE t`

	// cypherKindCountsApply adds each delta to its kind count of generation $gen; a count down
	// to 0 is deleted.
	cypherKindCountsApply = `UNWIND $deltas AS d
MERGE (t:ComponentKindCount {gen: $gen, scope: d.scope, status: d.status, kind: d.kind, layer: d.layer, group: d.group})
ON CREATE SET t.n = 0
SET t.n = t.n + d.d
WITH t WHERE t.n <= 0
DELETE t`

	// cypherLayerCountsApply adds each delta to its layer count of generation $gen; a count
	// down to 0 is deleted.
	cypherLayerCountsApply = `UNWIND $deltas AS d
MERGE (t:ComponentLayerCount {gen: $gen, layer: d.layer})
ON CREATE SET t.n = 0
SET t.n = t.n + d.d
WITH t WHERE t.n <= 0
DELETE t`

	// cypherLayerCountsCompute writes the layer counts of generation $gen.
	cypherLayerCountsCompute = `MATCH (c:Component)-[:IN_LAYER]->(l:Layer) WHERE c.code IS NOT NULL
WITH coalesce(l.code, '') AS layer, count(*) AS n
CREATE (t:ComponentLayerCount {gen: $gen, layer: layer, n: n})`

	// cypherCountsMark makes generation $gen the counts, current at version $n, unless a write
	// was counted since $n was read (then the new generation may have missed it: it is dropped).
	cypherCountsMark = `MERGE (s:ComponentCountsState {id: 'counts'})
SET s.lock = true
REMOVE s.lock
WITH s
MATCH (g:GraphVersion {id: 'graph'})
WITH s, g, g.n = $n AS ok
SET s.gen = CASE WHEN ok THEN $gen ELSE s.gen END, s.shape = CASE WHEN ok THEN $shape ELSE s.shape END,
  g.countsAt = CASE WHEN ok THEN $n ELSE g.countsAt END
RETURN ok`

	cypherCountsDropGen = `CALL () { MATCH (t:ComponentCount {gen: $gen}) DELETE t }
CALL () { MATCH (t:ComponentKindCount {gen: $gen}) DELETE t }
CALL () { MATCH (t:ComponentLayerCount {gen: $gen}) DELETE t }`

	// cypherCountsDropOld deletes the generations before the previous one (kept for a reader
	// that read the state just before the new one was made current).
	cypherCountsDropOld = `CALL () { MATCH (t:ComponentCount) WHERE t.gen < $gen - 1 DELETE t }
CALL () { MATCH (t:ComponentKindCount) WHERE t.gen < $gen - 1 DELETE t }
CALL () { MATCH (t:ComponentLayerCount) WHERE t.gen < $gen - 1 DELETE t }`
)

// kindFields are the component's fields a kind count is keyed by (each its property's name).
var kindFields = []string{"scope", "status", "kind", "layer", "group"}

// kindsOf is the Cypher projection of component c's kind count key: each of kindFields, the
// empty string for none; with besideCounts, only those countsOf does not project (scope and
// status), and the codes of the layers c is IN_LAYER (inLayers, for the layer counts).
func kindsOf(c string, besideCounts bool) string {
	var parts []string
	for _, f := range kindFields {
		if !besideCounts || (f != "scope" && f != "status") {
			parts = append(parts, fmt.Sprintf("coalesce(%s.%s, '') AS %s", c, f, f))
		}
	}
	if besideCounts {
		parts = append(parts, fmt.Sprintf("[(%s)-[:%s]->(l:%s) | coalesce(l.code, '')] AS inLayers", c, RelInLayer, LabelLayer))
	}
	return strings.Join(parts, ", ")
}

// countsOwnerFields are the owner's fields (of the component allow-list, derived through the
// owner) that each count keeps, by the count's property: the aggregations group by them without
// walking to the owners. The API changes no agency, so an owner's fields change only through
// the writes that leave the counts stale (imports): a count's copy is its owner's as long as the
// counts are current.
var countsOwnerFields = []struct{ field, prop string }{
	{"owner", "ownerCode"}, {"ownerLevel", "ownerLevel"}, {"ownerAreaType", "ownerAreaType"}, {"province", "province"},
}

// countsOf is the Cypher projection of a count's key of component c owned by o (null: none),
// each value ” for none: owner (its id), scope, status and countsOwnerFields.
func countsOf(c, o string) string {
	parts := []string{fmt.Sprintf("coalesce(%s.id, '') AS owner", o),
		fmt.Sprintf("coalesce(%s.scope, '') AS scope", c), fmt.Sprintf("coalesce(%s.status, '') AS status", c)}
	for _, f := range countsOwnerFields {
		x := entities[EntityComponent].fields[f.field].viaOwner(o)
		parts = append(parts, fmt.Sprintf("CASE WHEN %s IS NULL THEN '' ELSE coalesce(%s, '') END AS %s", o, x, f.prop))
	}
	return strings.Join(parts, ", ")
}

var (
	// cypherCountTuples: the count keys of the current components $ids, under the owner the
	// aggregations pick (the first of its owners).
	cypherCountTuples = `UNWIND $ids AS id
MATCH (c:Component {id: id}) WHERE c.code IS NOT NULL
WITH c, head([(c)<-[:OWNS]-(o:Agency) | o]) AS o
RETURN ` + countsOf("c", "o") + ", " + kindsOf("c", true)

	// cypherCountTuplesLocked is cypherCountTuples after taking the components' write locks
	// (the write's own work takes them first thing too: the same order), so that a concurrent
	// change of the same component cannot slip in between the tuple read before the work and the
	// work: the deltas are those of this write.
	cypherCountTuplesLocked = `UNWIND $ids AS id
MATCH (c:Component {id: id}) WHERE c.code IS NOT NULL
SET c.countsLock = true
REMOVE c.countsLock
WITH c, head([(c)<-[:OWNS]-(o:Agency) | o]) AS o
RETURN ` + countsOf("c", "o") + ", " + kindsOf("c", true)

	// cypherCountsCompute writes generation $gen: every current component counted once, under
	// the owner the aggregations pick (ownersFirstHead).
	cypherCountsCompute = `CALL () {
  MATCH (o:Agency)-[:OWNS]->(c:Component) WHERE c.code IS NOT NULL
    AND (COUNT { (c)<-[:OWNS]-() } = 1 OR o = head([(c)<-[:OWNS]-(x:Agency) | x]))
  RETURN o, c
  UNION ALL
  MATCH (c:Component) WHERE c.code IS NOT NULL AND COUNT { (c)<-[:OWNS]-() } = 0
  RETURN null AS o, c
}
WITH o, c.scope AS scope, c.status AS status, count(*) AS n
WITH n, ` + strings.ReplaceAll(strings.ReplaceAll(countsOf("c", "o"), "c.scope", "scope"), "c.status", "status") + `
CREATE (t:ComponentCount {gen: $gen, n: n})
SET t.owner = owner, t.scope = scope, t.status = status, t.ownerCode = ownerCode, t.ownerLevel = ownerLevel,
  t.ownerAreaType = ownerAreaType, t.province = province`

	// cypherKindCountsCompute writes the kind counts of generation $gen: every current component
	// counted once.
	cypherKindCountsCompute = `MATCH (c:Component) WHERE c.code IS NOT NULL
WITH ` + kindsOf("c", false) + `, count(*) AS n
CREATE (t:ComponentKindCount {gen: $gen, n: n, scope: scope, status: status, kind: kind, layer: layer, group: group})`
)

// countTuple is one component's key in the counts (countsOf) and in the kind counts (kindsOf).
type countTuple struct {
	owner, scope, status, ownerCode, ownerLevel, ownerAreaType, province string
	kind, layer, group                                                   string
	// inLayers are the codes of the layers the component is IN_LAYER, sorted, joined by "\n".
	inLayers string
}

// kindTuple is a kind count's key.
type kindTuple struct{ scope, status, kind, layer, group string }

func sortedJoin(xs []string) string {
	slices.Sort(xs)
	return strings.Join(xs, "\n")
}

func countTuples(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, lock bool) ([]countTuple, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := cypherCountTuples
	if lock {
		q = cypherCountTuplesLocked
	}
	res, err := tx.Run(ctx, q, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	var out []countTuple
	for res.Next(ctx) {
		m := res.Record().AsMap()
		out = append(out, countTuple{owner: pstr(m, "owner"), scope: pstr(m, "scope"), status: pstr(m, "status"),
			ownerCode: pstr(m, "ownerCode"), ownerLevel: pstr(m, "ownerLevel"), ownerAreaType: pstr(m, "ownerAreaType"), province: pstr(m, "province"),
			kind: pstr(m, "kind"), layer: pstr(m, "layer"), group: pstr(m, "group"), inLayers: sortedJoin(core.Strings(m["inLayers"]))})
	}
	return out, res.Err()
}

// counted wraps the work of a mutation that changes the components ids (and, with idOf, the
// component it returns: a new one) so that it keeps the component counts: their tuples are read
// before (the components locked) and after the work, and the difference is applied in the same
// transaction (keepCountsTx). A write that changes no count (ids nil, idOf nil: an edge of
// EditableShapes, none of which is OWNS) is work itself.
func counted[T any](ctx context.Context, ids []string, idOf func(T) string, work func(neo4j.ManagedTransaction) (T, error)) func(neo4j.ManagedTransaction) (T, error) {
	if ids == nil && idOf == nil {
		return work
	}
	return func(tx neo4j.ManagedTransaction) (T, error) {
		before, err := countTuples(ctx, tx, ids, true)
		if err != nil {
			var zero T
			return zero, err
		}
		v, err := work(tx)
		if err != nil {
			return v, err
		}
		now := append([]string{}, ids...)
		if idOf != nil {
			now = append(now, idOf(v))
		}
		after, err := countTuples(ctx, tx, now, false)
		if err != nil {
			return v, err
		}
		return v, keepCountsTx(ctx, tx, before, after)
	}
}

// keepCountsTx applies to the counts, in tx, the change from the tuples before to those after.
// It does so whether they are current or not: a refresh that made a generation current while
// this write was under way did not see its change (core.WriteKept then keeps them current).
func keepCountsTx(ctx context.Context, tx neo4j.ManagedTransaction, before, after []countTuple) error {
	res, err := tx.Run(ctx, cypherCountsLock, nil)
	if err != nil {
		return err
	}
	if !res.Next(ctx) {
		return res.Err() // no counts yet: nothing to keep
	}
	gen := num(res.Record(), "gen")
	delta := map[countTuple]int{}
	kindDelta := map[kindTuple]int{}
	layerDelta := map[string]int{}
	for i, ts := range [][]countTuple{before, after} {
		d := 2*i - 1 // before -1, after +1
		for _, t := range ts {
			if t.inLayers != "" {
				for _, l := range strings.Split(t.inLayers, "\n") {
					layerDelta[l] += d
				}
			}
			t, k := t.split()
			delta[t] += d
			kindDelta[k] += d
		}
	}
	var ds, ks, ls []map[string]any
	for t, d := range delta {
		if d != 0 {
			ds = append(ds, map[string]any{"owner": t.owner, "scope": t.scope, "status": t.status, "ownerCode": t.ownerCode,
				"ownerLevel": t.ownerLevel, "ownerAreaType": t.ownerAreaType, "province": t.province, "d": d})
		}
	}
	for k, d := range kindDelta {
		if d != 0 {
			ks = append(ks, map[string]any{"scope": k.scope, "status": k.status, "kind": k.kind, "layer": k.layer, "group": k.group, "d": d})
		}
	}
	for l, d := range layerDelta {
		if d != 0 {
			ls = append(ls, map[string]any{"layer": l, "d": d})
		}
	}
	for _, a := range []struct {
		stmt   string
		deltas []map[string]any
	}{{cypherCountsApply, ds}, {cypherKindCountsApply, ks}, {cypherLayerCountsApply, ls}} {
		if len(a.deltas) == 0 {
			continue
		}
		// one order for every writer (they are serialized on the state anyway)
		sort.Slice(a.deltas, func(i, j int) bool { return fmt.Sprint(a.deltas[i]) < fmt.Sprint(a.deltas[j]) })
		res, err = tx.Run(ctx, a.stmt, map[string]any{"gen": gen, "deltas": a.deltas})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// split is t's key in the owner counts (kind, layer and group left out) and in the kind counts.
func (t countTuple) split() (countTuple, kindTuple) {
	k := kindTuple{scope: t.scope, status: t.status, kind: t.kind, layer: t.layer, group: t.group}
	t.kind, t.layer, t.group, t.inLayers = "", "", "", ""
	return t, k
}

// countsState reads where the counts stand: their generation and whether they are current.
func countsState(ctx context.Context, tx neo4j.ManagedTransaction) (gen int64, current bool, n *int, err error) {
	res, err := tx.Run(ctx, cypherCountsState, nil)
	if err != nil {
		return 0, false, nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, false, nil, err
	}
	m := rec.AsMap()
	at, n := pint(m, "at"), pint(m, "n")
	g, shape := pint(m, "gen"), pint(m, "shape")
	if g != nil {
		gen = int64(*g)
	}
	return gen, g != nil && at != nil && n != nil && *at == *n && shape != nil && *shape == countsShape, n, nil
}

// ComponentCountsCurrent says whether the component counts are known to be current (the
// aggregations they can answer then read them).
func (s *Store) ComponentCountsCurrent(ctx context.Context) (bool, error) {
	return read(ctx, s, "component counts: version", func(tx neo4j.ManagedTransaction) (bool, error) {
		_, ok, _, err := countsState(ctx, tx)
		return ok, err
	})
}

// RefreshComponentCounts recomputes the component counts when they are not known to be current,
// as a new generation, in a transaction that is not counted as a write (the model does not
// change), and makes it current unless a write was counted meanwhile. It says whether the counts
// are current afterwards.
func (s *Store) RefreshComponentCounts(ctx context.Context) (bool, error) {
	return s.refreshCounts(ctx, false)
}

// RecomputeComponentCounts is RefreshComponentCounts also when the counts are known current
// (after Cypher written by hand, which bumps no version).
func (s *Store) RecomputeComponentCounts(ctx context.Context) (bool, error) {
	return s.refreshCounts(ctx, true)
}

// refreshed is what a refresh of the counts made: whether they are current, and the generation
// it made current (0: none).
type refreshed struct {
	current bool
	gen     int64
}

func (s *Store) refreshCounts(ctx context.Context, force bool) (bool, error) {
	r, err := core.WriteBookkeeping(ctx, s.DB, "component counts: refresh", func(tx neo4j.ManagedTransaction) (refreshed, error) {
		gen, current, n, err := countsState(ctx, tx)
		if err != nil || n == nil {
			return refreshed{}, err
		}
		if current && !force {
			return refreshed{current: true}, nil
		}
		gen++
		p := map[string]any{"gen": gen, "n": *n, "shape": countsShape}
		for _, stmt := range []string{cypherCountsCompute, cypherKindCountsCompute, cypherLayerCountsCompute} {
			res, err := tx.Run(ctx, stmt, p)
			if err == nil {
				_, err = res.Consume(ctx)
			}
			if err != nil {
				return refreshed{}, err
			}
		}
		res, err := tx.Run(ctx, cypherCountsMark, p)
		if err != nil {
			return refreshed{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return refreshed{}, err
		}
		if !boolean(rec, "ok") {
			res, err := tx.Run(ctx, cypherCountsDropGen, p)
			if err == nil {
				_, err = res.Consume(ctx)
			}
			return refreshed{}, err
		}
		return refreshed{current: true, gen: gen}, nil
	})
	if err != nil || r.gen == 0 {
		return r.current, err
	}
	// the generations before the previous one, in a transaction of their own: once the new one
	// is current no writer touches them
	_, err = core.WriteBookkeeping(ctx, s.DB, "component counts: drop old", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, cypherCountsDropOld, map[string]any{"gen": r.gen})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		return struct{}{}, err
	})
	return r.current, err
}

// countsStatement renders aggregation a over the counts of generation $countsGen, when they can
// answer it: components now (no asOf), no statistics, grouped by status, scope and the owner's
// fields of countsOwnerFields with no filter — or grouped by kindFields only (none: the count)
// and filtered by kindFields only (eq, in, and), over the kind counts. The groups and their
// order are the live statement's.
func countsStatement(a model.Aggregation) (string, map[string]any, bool) {
	if a.AsOf != "" || len(a.Stats) > 0 {
		return "", nil, false
	}
	order, err := checkAggregation(a)
	if err != nil {
		return "", nil, false
	}
	label := LabelComponentCount
	props := map[string]string{}
	where, params := "", map[string]any{}
	if kindsOnly(a.GroupBy) && kindCond(a.Where) {
		label = LabelComponentKindCount
		for _, f := range kindFields {
			props[f] = f
		}
		if a.Where != nil {
			c := newCompiler(formNow)
			w, err := c.where(EntityComponent, "t", a.Where, 0, false)
			if err != nil {
				return "", nil, false
			}
			where, params = " AND "+w, c.params
		}
	} else {
		if a.Where != nil {
			return "", nil, false
		}
		props["status"], props["scope"] = "status", "scope"
		for _, f := range countsOwnerFields {
			props[f.field] = f.prop
		}
	}
	var with, keys []string
	seen := map[string]bool{}
	for i, d := range a.GroupBy {
		p, ok := props[d]
		if !ok || seen[d] {
			return "", nil, false
		}
		seen[d] = true
		k := fmt.Sprintf("k%d", i)
		keys = append(keys, k)
		with = append(with, fmt.Sprintf("CASE t.%[1]s WHEN '' THEN null ELSE t.%[1]s END AS %[2]s", p, k))
	}
	var b strings.Builder
	b.WriteString("MATCH (t:" + label + ") WHERE t.gen = $countsGen" + where)
	b.WriteString("\nWITH " + strings.Join(append(with, "sum(t.n) AS n"), ", "))
	writeAggregateTail(&b, entities[EntityComponent], a, keys, order, nil)
	return b.String(), params, true
}

// kindsOnly says whether every dimension of groupBy is one of kindFields.
func kindsOnly(groupBy []string) bool {
	for _, d := range groupBy {
		if !slices.Contains(kindFields, d) {
			return false
		}
	}
	return true
}

// kindCond says whether the kind counts can answer cond (nil: none): comparisons of kindFields
// (eq, in), and conjunctions of them. A kind count's empty string (no value) then compares as the live
// statement's missing property does: equal to none of the values asked for.
func kindCond(cond *model.Cond) bool {
	switch {
	case cond == nil:
		return true
	case cond.Rel != "" || cond.Sub != nil || cond.Not != nil || len(cond.Or) > 0:
		return false
	case cond.Field == "":
		for i := range cond.And {
			if !kindCond(&cond.And[i]) {
				return false
			}
		}
		return true
	}
	if len(cond.And) > 0 || !slices.Contains(kindFields, cond.Field) || (cond.Op != "eq" && cond.Op != "in") {
		return false
	}
	// an empty value would match the kind counts' '' (a missing property too): left live
	switch v := cond.Value.(type) {
	case string:
		return v != ""
	case []string:
		return !slices.Contains(v, "")
	case []any:
		return !slices.Contains(v, any(""))
	}
	return false
}

// countsAggregate answers a from the counts when they can and are current (ok); else the caller
// reads the graph live (and, when they were stale, the server is told to refresh them).
func (s *Store) countsAggregate(ctx context.Context, tx neo4j.ManagedTransaction, a model.Aggregation, cypher string, p map[string]any) (model.Aggregate, bool, error) {
	gen, current, _, err := countsState(ctx, tx)
	if err != nil || !current {
		if f := s.staleCounts.Load(); err == nil && f != nil {
			(*f)()
		}
		return model.Aggregate{}, false, err
	}
	p["countsGen"] = gen
	out, err := runAggregate(ctx, tx, a, cypher, p)
	return out, err == nil, err
}

// cypherKindCount counts the components of the kind counts of generation $countsGen whose
// fields match componentWhere's parameters ($layer, $group, $scopes, $statuses, $kinds; null:
// any). A kind count's empty string (no value) matches no value asked for, as a missing property does.
const cypherKindCount = `MATCH (t:ComponentKindCount) WHERE t.gen = $countsGen` + kindCountWhere + `
RETURN coalesce(sum(t.n), 0) AS n`

// kindCountWhere are cypherKindCount's conditions on the kind count t.
const kindCountWhere = `
  AND ($layer IS NULL OR t.layer = $layer)
  AND ($group IS NULL OR t.group = $group)
  AND ($scopes IS NULL OR t.scope IN $scopes)
  AND ($statuses IS NULL OR t.status IN $statuses)
  AND ($kinds IS NULL OR t.kind IN $kinds)`

// cypherKindCountOrLive is a count of components (live: a statement that binds the components c
// to count, with componentWhere's parameters) in one statement: from the kind counts when they
// are current (kept), else live: only the branch taken has a row (its count's).
func cypherKindCountOrLive(live string) string {
	return `OPTIONAL MATCH (s:ComponentCountsState {id: 'counts'})
OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
WITH coalesce(s.gen IS NOT NULL AND g.countsAt = g.n AND s.shape = ` + fmt.Sprint(countsShape) + `, false) AS kept, s.gen AS countsGen
CALL (kept, countsGen) {
  WITH kept, countsGen WHERE kept
  CALL (countsGen) {
    MATCH (t:ComponentKindCount) WHERE t.gen = countsGen` + strings.ReplaceAll(kindCountWhere, "\n", "\n  ") + `
    RETURN coalesce(sum(t.n), 0) AS n
  }
  RETURN true AS k, n
  UNION ALL
  WITH kept WHERE NOT kept
  CALL () {
    ` + strings.ReplaceAll(live, "\n", "\n    ") + `
    RETURN count(c) AS n
  }
  RETURN false AS k, n
}
RETURN k AS kept, n`
}

// kindCountOrLive counts the components of live (a statement binding c, with componentWhere's
// parameters p: layer, group, scopes, statuses and kinds only) with cypherKindCountOrLive; when
// the kind counts were stale the server is told to refresh them.
func (s *Store) kindCountOrLive(ctx context.Context, tx neo4j.ManagedTransaction, live string, p map[string]any) (int, error) {
	res, err := tx.Run(ctx, cypherKindCountOrLive(live), p)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	if !boolean(rec, "kept") {
		if f := s.staleCounts.Load(); f != nil {
			(*f)()
		}
	}
	return int(num(rec, "n")), nil
}

// keptKindCount counts, from the kind counts when they are current (ok), the current components
// whose fields match p (componentQuery.params: layer, group, scopes, statuses, kinds; the
// others are not read: the caller asks only when they are null). When they are stale the server
// is told to refresh them, and the caller counts live.
func (s *Store) keptKindCount(ctx context.Context, tx neo4j.ManagedTransaction, p map[string]any) (int, bool, error) {
	gen, current, _, err := countsState(ctx, tx)
	if err != nil || !current {
		if f := s.staleCounts.Load(); err == nil && f != nil {
			(*f)()
		}
		return 0, false, err
	}
	q := map[string]any{"countsGen": gen}
	for _, k := range []string{"layer", "group", "scopes", "statuses", "kinds"} {
		q[k] = p[k]
	}
	n, err := countIn(ctx, tx, cypherKindCount, q)
	return n, err == nil, err
}

// keptRelatedCounts are the count relations (catalog.go) the kept counts answer, with the
// statement that does (over generation $countsGen, for the $keys): a layer's components (its
// IN_LAYER relationships from components: the layer counts) and a group's (the components whose
// group it is: the kind counts).
var keptRelatedCounts = map[Relation]string{
	RelLayerComponentCount: `UNWIND $keys AS key
OPTIONAL MATCH (t:ComponentLayerCount {gen: $countsGen, layer: key})
RETURN key, [{n: coalesce(sum(t.n), 0)}] AS items`,
	RelGroupComponentCount: `UNWIND $keys AS key
CALL (key) {
  MATCH (t:ComponentKindCount {gen: $countsGen}) WHERE t.group = key
  RETURN coalesce(sum(t.n), 0) AS n
}
RETURN key, [{n: n}] AS items`,
}

// keptRelated returns the statement and parameters that answer count relation rel from the
// kept counts when they can and are current (ok); else the caller counts live (the server is
// told to refresh the counts when they are stale).
func (s *Store) keptRelated(ctx context.Context, tx neo4j.ManagedTransaction, rel Relation, keys []string) (string, map[string]any, bool, error) {
	q, ok := keptRelatedCounts[rel]
	if !ok {
		return "", nil, false, nil
	}
	gen, current, _, err := countsState(ctx, tx)
	if err != nil || !current {
		if f := s.staleCounts.Load(); err == nil && f != nil {
			(*f)()
		}
		return "", nil, false, err
	}
	return q, map[string]any{"keys": keys, "countsGen": gen}, true, nil
}

// OnStaleCounts registers f, called (on the reader's goroutine: f must not block) whenever an
// aggregation the component counts could answer found them stale and read the graph live — the
// server refreshes them then (RefreshComponentCounts). nil: nothing is called.
func (s *Store) OnStaleCounts(f func()) {
	if f == nil {
		s.staleCounts.Store(nil)
		return
	}
	s.staleCounts.Store(&f)
}
