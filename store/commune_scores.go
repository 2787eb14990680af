package store

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/internal/core"
)

// Commune scores from the facts, computed once per write version.
//
// A statement that scores agencies (scoreSubquery: the Roadmap's commune scores, a list sorted
// or filtered by conformanceScore, …) computed each commune's score in Cypher, per row: on S
// 3,321 communes × 22 items, each a few list-membership tests. Cypher evaluates these
// expressions slowly (most of the ~0.6 s of the Roadmap's two statements, for 57 k db hits), and
// both statements of the page did it. Here the score of every commune that has a facts node is
// computed in Go from what those statements read (the framework's essential items, what each
// province provides, the commune's facts), once per write version while the facts are current,
// and handed to the statements as the parameter $_scores (agency id → score): the statement
// then reads a commune's score from it. The statement still decides per row: it uses $_scores
// only when the write version it reads is the one the table was computed at ($_scoresAt) and
// the facts are current; otherwise, and for a commune without a score in the table, it computes
// the score as before. So a stale or missing table costs speed, never a wrong score.
//
// The table is per process and small (one float per commune; L has the same communes as S).

// scoreParams are the parameters a scoring statement reads (scoreSubquery); the compiler sets
// them to "no table" and the runners fill them in (withScores).
const (
	paramScores   = "_scores"
	paramScoresAt = "_scoresAt"
)

// scoreTable is the commune scores at one write version (epoch, n), with the facts they were
// computed from by province (the nation's conformance roll-up evaluates them: ConformanceSummary).
type scoreTable struct {
	epoch  string
	n      int64
	scores map[string]any // agency id → float64
	// facts are the facts nodes by the province they name, in the order read
	facts map[string][]tableFacts
}

// tableFacts is one commune's facts: its area type, realized codes and layers.
type tableFacts struct {
	areaType         string
	realized, layers []string
}

// scoreMemo holds the last table; mu is held by the one computation at a time.
type scoreMemo struct {
	mu       sync.Mutex
	cur      *scoreTable  // under mu
	uses     atomic.Int64 // statements given a table
	computes atomic.Int64 // tables computed
}

// ScoreTableUses counts the statements that were given a score table (for tests).
func (s *Store) ScoreTableUses() int64 { return s.scoreMemo.uses.Load() }

// ScoreTableComputes counts the score tables computed (for tests).
func (s *Store) ScoreTableComputes() int64 { return s.scoreMemo.computes.Load() }

// WarmScoreTable computes the score table of the current write version now when the facts are
// current (the server does it after refreshing the facts, so that the first request scoring
// communes finds it), and says whether there is one.
func (s *Store) WarmScoreTable(ctx context.Context) (bool, error) {
	return read(ctx, s, "commune scores: table", func(tx neo4j.ManagedTransaction) (bool, error) {
		t, err := s.scoreTable(ctx, tx)
		return t != nil, err
	})
}

// cypherScoreInputs reads what a commune's score is computed from: the framework's essential
// items (xaRefsPrelude), each province's provided items (as xaProvPrelude computes them) and
// every facts node.
const cypherScoreInputs = xaRefsPrelude + `CALL (_xaRefs) {
  MATCH (p:Agency {level: 'PROVINCE'})
  WITH _xaRefs, p, [(p)-[:OWNS]->(:Component)-[:REALIZES]->(q:ReferenceComponent) | q.code] AS pv
  RETURN collect([p.id, [r IN _xaRefs WHERE r.code IN pv OR any(sf IN r.sf WHERE sf IN pv) | r.code]]) AS prov
}
CALL () {
  MATCH (f:ConformanceFacts)
  RETURN collect([f.agency, f.realized, f.layers, f.province, f.areaType]) AS facts
}
RETURN [r IN _xaRefs | [r.code, r.layer, r.ex]] AS refs, prov, facts`

// withScores fills in the score table of the current write version into the parameters p of a
// scoring statement (one whose parameters name it), computing the table when there is none at
// this version. Parameters of other statements are left alone.
func (s *Store) withScores(ctx context.Context, tx neo4j.ManagedTransaction, p map[string]any) error {
	if _, ok := p[paramScores]; !ok {
		return nil
	}
	t, err := s.scoreTable(ctx, tx)
	if err != nil || t == nil {
		return err
	}
	p[paramScores], p[paramScoresAt] = t.scores, []any{t.epoch, t.n}
	s.scoreMemo.uses.Add(1)
	return nil
}

// scoreTable returns the table of the current write version, nil when the facts are not current.
func (s *Store) scoreTable(ctx context.Context, tx neo4j.ManagedTransaction) (*scoreTable, error) {
	v, err := factsVersion(ctx, tx)
	if err != nil || !v.current() || v.epoch == "" {
		return nil, err
	}
	n := int64(*v.n)
	s.scoreMemo.mu.Lock()
	defer s.scoreMemo.mu.Unlock()
	if t := s.scoreMemo.cur; t != nil && t.epoch == v.epoch && t.n == n {
		return t, nil
	}
	scores, facts, err := computeScores(ctx, tx)
	if err != nil {
		return nil, err
	}
	// the inputs were read at version v only when no write was counted while they were read
	// (a write counts itself in its own transaction: reading the same version after them
	// means none committed in between)
	after, err := factsVersion(ctx, tx)
	if err != nil || !after.current() || after.epoch != v.epoch || *after.n != *v.n {
		return nil, err
	}
	t := &scoreTable{epoch: v.epoch, n: n, scores: scores, facts: facts}
	s.scoreMemo.cur = t
	s.scoreMemo.computes.Add(1)
	return t, nil
}

// ForgetScoreTable drops the score table: the next request computes it again from the facts
// nodes. For facts changed by hand (no write counted): RecomputeConformanceFacts does it.
func (s *Store) ForgetScoreTable() { s.forgetScores() }

// forgetScores drops the table (the facts were recomputed without a write being counted).
func (s *Store) forgetScores() {
	s.scoreMemo.mu.Lock()
	s.scoreMemo.cur = nil
	s.scoreMemo.mu.Unlock()
}

// computeScores computes the score of every commune that has a facts node, as scoreReturn does
// over the facts: the share of the essential items that the commune realizes, or (an item to
// exploit a shared component) whose layer holds a shared component it uses or depends on, or
// that its province provides; 1 when the framework has no essential item. As in Cypher, a null
// code is never realized nor provided, and a null layer holds nothing shared. It decides with
// the roll-up's rollupAcc.evaluate, so the rule is written once in Go. It also returns the facts
// by province.
func computeScores(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]any, map[string][]tableFacts, error) {
	res, err := tx.Run(ctx, cypherScoreInputs, nil)
	if err != nil {
		return nil, nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, nil, err
	}
	refs, _ := rec.Values[0].([]any)
	prov, _ := rec.Values[1].([]any)
	facts, _ := rec.Values[2].([]any)
	// The rule is the roll-up's (rollupAcc.evaluate over the essential items), so that the
	// table scores a commune exactly as Conformance decides its items.
	items := make([]rollupRef, len(refs))
	for i, x := range refs {
		r := x.([]any)
		code, _ := r[0].(string) // a null code is never realized nor provided
		layer, _ := r[1].(string)
		ex, _ := r[2].(bool)
		items[i] = rollupRef{code: code, layer: layer, tier: string(model.TierCommuneEssential), exploits: ex}
	}
	plan := newRollupPlan(items)
	provided := map[string][]string{}
	for _, x := range prov {
		p := x.([]any)
		id, ok := p[0].(string)
		if _, seen := provided[id]; !ok || seen {
			continue // the statement takes the first province of an id
		}
		provided[id] = core.Strings(p[1])
	}
	scores := make(map[string]any, len(facts))
	byProvince := map[string][]tableFacts{}
	for _, x := range facts {
		f := x.([]any)
		pid, hasProvince := f[3].(string)
		realized, layers := core.Strings(f[1]), core.Strings(f[2])
		if hasProvince {
			at, _ := f[4].(string)
			byProvince[pid] = append(byProvince[pid], tableFacts{areaType: at, realized: realized, layers: layers})
		}
		id, ok := f[0].(string)
		if !ok {
			continue
		}
		plan.provide(provided[pid]) // none when the facts name no province
		var acc rollupAcc
		acc.evaluate(plan, "", realized, layers, 1)
		scores[id] = acc.all.tally().Score // 1 when the framework has no essential item
	}
	return scores, byProvince, nil
}
