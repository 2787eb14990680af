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
// The counts follow the pattern of the conformance facts (conformance_facts.go), with their own
// marker so that neither depends on the other:
//   - a :ComponentCountsState node {id: 'counts'} holds the generation of the counts (gen) and
//     the graph's write version at which they are known to be current (at);
//   - the component mutations (create, update, retire) and the relationship edits apply, in their
//     own transaction, the change they make to the counts (-1 for the component's (owner, scope,
//     status) before, +1 after) and move `at` along with the version, when the counts were
//     current before (keepCounts);
//   - every other write (imports, seeds, tokens, measurements, reviews, Cypher by hand through
//     archgraph, any write added later) leaves `at` behind: the aggregation then reads the
//     graph live, exactly as before, and the server recomputes the counts in the background
//     (RefreshComponentCounts, as a new generation; the previous one is kept for readers still
//     reading it and older ones are deleted).
//
// So a write path that forgets the counts costs speed, never a wrong answer.

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
RETURN s.gen AS gen, s.at AS at, g.n AS n`

	// cypherCountTuples: the owner (the one the aggregations pick: the first of its owners),
	// scope and status of the current components $ids; '' for none.
	cypherCountTuples = `UNWIND $ids AS id
MATCH (c:Component {id: id}) WHERE c.code IS NOT NULL
RETURN coalesce(head([(c)<-[:OWNS]-(o:Agency) | o.id]), '') AS owner, coalesce(c.scope, '') AS scope, coalesce(c.status, '') AS status`

	// cypherCountsLock locks the counts' state (writers that keep the counts are serialized on
	// it, before they touch a count) and, when the counts were current, moves them along with
	// the write version this transaction is about to count (core: bumped last in every write).
	cypherCountsLock = `MATCH (s:ComponentCountsState {id: 'counts'})
SET s.lock = true
WITH s
OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
WITH s, g IS NOT NULL AND s.at = g.n AS current, g.n AS n
SET s.at = CASE WHEN current THEN n + 1 ELSE s.at END
REMOVE s.lock
RETURN current, s.gen AS gen`

	// cypherCountsApply adds each delta to its count of generation $gen; a count down to 0 is deleted.
	cypherCountsApply = `UNWIND $deltas AS d
MERGE (t:ComponentCount {gen: $gen, owner: d.owner, scope: d.scope, status: d.status})
ON CREATE SET t.n = 0
SET t.n = t.n + d.d
WITH t WHERE t.n <= 0
DELETE t`

	// cypherCountsCompute writes generation $gen: every current component counted once, under
	// the owner the aggregations pick (ownersFirstHead).
	cypherCountsCompute = `CALL () {
  MATCH (o:Agency)-[:OWNS]->(c:Component) WHERE c.code IS NOT NULL
    AND (COUNT { (c)<-[:OWNS]-() } = 1 OR o = head([(c)<-[:OWNS]-(x:Agency) | x]))
  RETURN o.id AS owner, c
  UNION ALL
  MATCH (c:Component) WHERE c.code IS NOT NULL AND COUNT { (c)<-[:OWNS]-() } = 0
  RETURN '' AS owner, c
}
WITH owner, coalesce(c.scope, '') AS scope, coalesce(c.status, '') AS status, count(*) AS n
CREATE (:ComponentCount {gen: $gen, owner: owner, scope: scope, status: status, n: n})`

	// cypherCountsMark makes generation $gen the counts, current at version $n, unless a write
	// was counted since $n was read (then the new generation may have missed it: it is dropped).
	cypherCountsMark = `MERGE (s:ComponentCountsState {id: 'counts'})
SET s.lock = true
WITH s
OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
WITH s, g IS NOT NULL AND g.n = $n AS ok
SET s.gen = CASE WHEN ok THEN $gen ELSE s.gen END, s.at = CASE WHEN ok THEN $n ELSE s.at END
REMOVE s.lock
RETURN ok`

	cypherCountsDropGen = `MATCH (t:ComponentCount {gen: $gen}) DELETE t`

	// cypherCountsDropOld deletes the generations before the previous one (kept for a reader
	// that read the state just before the new one was made current).
	cypherCountsDropOld = `MATCH (t:ComponentCount) WHERE t.gen < $gen - 1 DELETE t`
)

// countTuple is one component's place in the counts.
type countTuple struct{ owner, scope, status string }

func countTuples(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) ([]countTuple, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	res, err := tx.Run(ctx, cypherCountTuples, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	var out []countTuple
	for res.Next(ctx) {
		m := res.Record().AsMap()
		out = append(out, countTuple{owner: pstr(m, "owner"), scope: pstr(m, "scope"), status: pstr(m, "status")})
	}
	return out, res.Err()
}

// counted wraps the work of a mutation that changes the components ids (and, with idOf, the
// component it returns: a new one) so that it keeps the component counts: their tuples are read
// before and after the work, and the difference is applied in the same transaction
// (keepCountsTx).
func counted[T any](ctx context.Context, ids []string, idOf func(T) string, work func(neo4j.ManagedTransaction) (T, error)) func(neo4j.ManagedTransaction) (T, error) {
	return func(tx neo4j.ManagedTransaction) (T, error) {
		before, err := countTuples(ctx, tx, ids)
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
		after, err := countTuples(ctx, tx, now)
		if err != nil {
			return v, err
		}
		return v, keepCountsTx(ctx, tx, before, after)
	}
}

// keepCountsTx applies to the counts, in tx, the change from the tuples before to those after,
// and moves them along with this write when they were current.
func keepCountsTx(ctx context.Context, tx neo4j.ManagedTransaction, before, after []countTuple) error {
	res, err := tx.Run(ctx, cypherCountsLock, nil)
	if err != nil {
		return err
	}
	if !res.Next(ctx) {
		return res.Err() // no counts yet: nothing to keep
	}
	rec := res.Record()
	if !boolean(rec, "current") {
		return nil
	}
	gen := num(rec, "gen")
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
			ds = append(ds, map[string]any{"owner": t.owner, "scope": t.scope, "status": t.status, "d": d})
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

// countsDims are the dimensions the counts can group by: their own fields and the owner's.
var countsDims = map[string]string{"status": "r.status", "scope": "r.scope"}

// countsStatement renders aggregation a over the counts of generation $countsGen, when they can
// answer it: components now (no asOf), no filter, no statistics, grouped by status, scope and
// the owner-derived fields. The groups and their order are the live statement's.
func countsStatement(a model.Aggregation) (string, map[string]any, bool) {
	if a.AsOf != "" || a.Where != nil || len(a.Stats) > 0 {
		return "", nil, false
	}
	order, err := checkAggregation(a)
	if err != nil {
		return "", nil, false
	}
	fields := entities[EntityComponent].fields
	var ownerKeys, ownKeys, keys []string
	seen := map[string]bool{}
	for i, d := range a.GroupBy {
		k := fmt.Sprintf("k%d", i)
		keys = append(keys, k)
		if seen[d] {
			return "", nil, false
		}
		seen[d] = true
		if x, ok := countsDims[d]; ok {
			ownKeys = append(ownKeys, fmt.Sprintf("CASE %s WHEN '' THEN null ELSE %s END AS %s", x, x, k))
			continue
		}
		fs, ok := fields[d]
		if !ok || fs.viaOwner == nil {
			return "", nil, false
		}
		ownerKeys = append(ownerKeys, fs.viaOwner("_o")+" AS "+k)
	}
	var b strings.Builder
	b.WriteString(`MATCH (t:ComponentCount) WHERE t.gen = $countsGen
WITH t.owner AS oid, collect({scope: t.scope, status: t.status, n: t.n}) AS rs
OPTIONAL MATCH (_o:Agency {id: oid})`)
	carry := []string{"rs"}
	for i, x := range ownerKeys {
		carry = append(carry, x)
		ownerKeys[i] = x[strings.LastIndex(x, " AS ")+4:]
	}
	b.WriteString("\nWITH " + strings.Join(carry, ", "))
	b.WriteString("\nUNWIND rs AS r")
	b.WriteString("\nWITH " + strings.Join(append(append(append([]string{}, ownerKeys...), ownKeys...), "r.n AS n"), ", "))
	b.WriteString("\nWITH " + strings.Join(append(append([]string{}, keys...), "sum(n) AS n"), ", "))
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
