package store

import (
	"context"
	"fmt"
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

// Labels of the counts' bookkeeping nodes (not model: exports, backups and checksums leave them out).
const (
	LabelComponentCount       = "ComponentCount"
	LabelComponentCountsState = "ComponentCountsState"
)

const (
	// cypherCountsState reads the counts' generation, the version they are current at and the
	// graph's write version.
	cypherCountsState = `OPTIONAL MATCH (s:ComponentCountsState {id: 'counts'})
OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
RETURN s.gen AS gen, g.countsAt AS at, g.n AS n`

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

	// cypherCountsMark makes generation $gen the counts, current at version $n, unless a write
	// was counted since $n was read (then the new generation may have missed it: it is dropped).
	cypherCountsMark = `MERGE (s:ComponentCountsState {id: 'counts'})
SET s.lock = true
REMOVE s.lock
WITH s
MATCH (g:GraphVersion {id: 'graph'})
WITH s, g, g.n = $n AS ok
SET s.gen = CASE WHEN ok THEN $gen ELSE s.gen END, g.countsAt = CASE WHEN ok THEN $n ELSE g.countsAt END
RETURN ok`

	cypherCountsDropGen = `MATCH (t:ComponentCount {gen: $gen}) DELETE t`

	// cypherCountsDropOld deletes the generations before the previous one (kept for a reader
	// that read the state just before the new one was made current).
	cypherCountsDropOld = `MATCH (t:ComponentCount) WHERE t.gen < $gen - 1 DELETE t`
)

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
RETURN ` + countsOf("c", "o")

	// cypherCountTuplesLocked is cypherCountTuples after taking the components' write locks
	// (the write's own work takes them first thing too: the same order), so that a concurrent
	// change of the same component cannot slip in between the tuple read before the work and the
	// work: the deltas are those of this write.
	cypherCountTuplesLocked = `UNWIND $ids AS id
MATCH (c:Component {id: id}) WHERE c.code IS NOT NULL
SET c.countsLock = true
REMOVE c.countsLock
WITH c, head([(c)<-[:OWNS]-(o:Agency) | o]) AS o
RETURN ` + countsOf("c", "o")

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
)

// countTuple is one component's key in the counts (countsOf).
type countTuple struct{ owner, scope, status, ownerCode, ownerLevel, ownerAreaType, province string }

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
			ownerCode: pstr(m, "ownerCode"), ownerLevel: pstr(m, "ownerLevel"), ownerAreaType: pstr(m, "ownerAreaType"), province: pstr(m, "province")})
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
	for _, t := range before {
		delta[t]--
	}
	for _, t := range after {
		delta[t]++
	}
	var ds []map[string]any
	for t, d := range delta {
		if d != 0 {
			ds = append(ds, map[string]any{"owner": t.owner, "scope": t.scope, "status": t.status, "ownerCode": t.ownerCode,
				"ownerLevel": t.ownerLevel, "ownerAreaType": t.ownerAreaType, "province": t.province, "d": d})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	// one order for every writer (they are serialized on the state anyway)
	sort.Slice(ds, func(i, j int) bool { return fmt.Sprint(ds[i]) < fmt.Sprint(ds[j]) })
	res, err = tx.Run(ctx, cypherCountsApply, map[string]any{"gen": gen, "deltas": ds})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
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
	g := pint(m, "gen")
	if g != nil {
		gen = int64(*g)
	}
	return gen, g != nil && at != nil && n != nil && *at == *n, n, nil
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
		p := map[string]any{"gen": gen, "n": *n}
		res, err := tx.Run(ctx, cypherCountsCompute, p)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return refreshed{}, err
		}
		res, err = tx.Run(ctx, cypherCountsMark, p)
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
// answer it: components now (no asOf), no filter, no statistics, grouped by status, scope and
// the owner's fields of countsOwnerFields. The groups and their order are the live statement's.
func countsStatement(a model.Aggregation) (string, map[string]any, bool) {
	if a.AsOf != "" || a.Where != nil || len(a.Stats) > 0 {
		return "", nil, false
	}
	order, err := checkAggregation(a)
	if err != nil {
		return "", nil, false
	}
	props := map[string]string{"status": "status", "scope": "scope"}
	for _, f := range countsOwnerFields {
		props[f.field] = f.prop
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
	b.WriteString("MATCH (t:ComponentCount) WHERE t.gen = $countsGen")
	b.WriteString("\nWITH " + strings.Join(append(with, "sum(t.n) AS n"), ", "))
	writeAggregateTail(&b, entities[EntityComponent], a, keys, order, nil)
	return b.String(), map[string]any{}, true
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
