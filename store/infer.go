package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/match"
	"github.com/archgraph/archgraph/model"
)

// Inference: what a component does, from what its name says (package match), stored as
// PROVIDES edges to capabilities (and suggested REALIZES edges to sanctioned reference
// components) with basis INFERRED, a score 0..1, the matched terms and, for platform-specific
// terms, the national platforms they name. It is recomputed in the transaction of every write
// that changes a component's name, kind, description or realizations — mutations, CSV,
// ArchiMate and JSON imports, the seed — by inferTx. Declared edges (any other basis) are never
// touched; an inferred edge an analyst confirmed stays. A REALIZES edge is suggested only for a
// component that declares none.

// InferenceSource marks the edges inference writes.
const InferenceSource = "archgraph inference (vocabulary of seed/data/vocabulary.yaml)"

var (
	defaultMatcherMu sync.Mutex
	defaultMatcher   func() (*match.Matcher, error)
)

// RegisterDefaultMatcher sets where stores find their vocabulary when none was set with
// SetMatcher (the seed package registers the built-in one).
func RegisterDefaultMatcher(f func() (*match.Matcher, error)) {
	defaultMatcherMu.Lock()
	defer defaultMatcherMu.Unlock()
	defaultMatcher = f
}

// SetMatcher makes the store infer with m (nil: the registered default).
func (s *Store) SetMatcher(m *match.Matcher) { s.matcher.Store(m) }

// Matcher returns the matcher the store infers with, or nil when it has none.
func (s *Store) Matcher() (*match.Matcher, error) {
	if m := s.matcher.Load(); m != nil {
		return m, nil
	}
	defaultMatcherMu.Lock()
	f := defaultMatcher
	defaultMatcherMu.Unlock()
	if f == nil {
		return nil, nil
	}
	m, err := f()
	if err != nil {
		return nil, fmt.Errorf("inference vocabulary: %w", err)
	}
	s.matcher.Store(m)
	return m, nil
}

// cypherInferInputs reads what inference looks at for each component of $ids.
const cypherInferInputs = `
UNWIND $ids AS id
MATCH (c:Component {id: id})
RETURN c.id AS id, c.name AS name, c.nameEn AS nameEn, c.description AS description, c.kind AS kind,
       c.scope AS scope, [(c)-[r:REALIZES]->(ref) WHERE coalesce(r.basis, '') <> 'INFERRED' | ref.code] AS declared`

// cypherInferWrite replaces each component's inferred edges by $rows' (closing the ones that go
// away, as removed relationships are), leaves declared and confirmed edges alone, and lets a
// dismissal lapse when the component's inputs changed.
const cypherInferWrite = `
UNWIND $rows AS row
MATCH (c:Component {id: row.id})
SET c.inferredFrom = row.fp
WITH c, row
CALL (c, row) {
  MATCH (c)-[r:PROVIDES {basis: 'INFERRED'}]->(cap:Capability)
  WHERE NOT cap.code IN [x IN row.caps | x.code] AND coalesce(r.confirmedFor, '') = ''
  FOREACH (_ IN CASE WHEN coalesce(r.validFrom, '') < $today THEN [1] ELSE [] END |
    CREATE (c)-[h:WAS_PROVIDES]->(cap) SET h = properties(r), h.validTo = $today)
  DELETE r
}
CALL (c, row) {
  MATCH (c)-[r:REALIZES {basis: 'INFERRED'}]->(ref:ReferenceComponent)
  WHERE NOT ref.code IN [x IN row.refs | x.code]
  FOREACH (_ IN CASE WHEN coalesce(r.validFrom, '') < $today THEN [1] ELSE [] END |
    CREATE (c)-[h:WAS_REALIZES]->(ref) SET h = properties(r), h.validTo = $today)
  DELETE r
}
CALL (c, row) {
  UNWIND row.caps AS ic
  MATCH (cap:Capability {code: ic.code})
  OPTIONAL MATCH (c)-[d:PROVIDES]->(cap)
  FOREACH (_ IN CASE WHEN d IS NULL THEN [1] ELSE [] END |
    CREATE (c)-[:PROVIDES {basis: 'INFERRED', score: ic.score, terms: ic.terms, platforms: ic.platforms,
                           source: $source, validFrom: $today}]->(cap))
  FOREACH (_ IN CASE WHEN d.basis = 'INFERRED' THEN [1] ELSE [] END |
    SET d.score = ic.score, d.terms = ic.terms, d.platforms = ic.platforms)
}
CALL (c, row) {
  UNWIND row.refs AS ir
  MATCH (ref:ReferenceComponent {code: ir.code})
  OPTIONAL MATCH (c)-[d:REALIZES]->(ref)
  FOREACH (_ IN CASE WHEN d IS NULL THEN [1] ELSE [] END |
    CREATE (c)-[:REALIZES {basis: 'INFERRED', score: ir.score, terms: ir.terms, source: $source, validFrom: $today}]->(ref))
  FOREACH (_ IN CASE WHEN d.basis = 'INFERRED' THEN [1] ELSE [] END |
    SET d.score = ir.score, d.terms = ir.terms)
}
CALL (c, row) {
  MATCH (c)-[r:PROVIDES]->(:Capability)
  WHERE coalesce(r.dismissedFor, '') <> '' AND coalesce(r.reviewInputs, '') <> row.fp
  SET r.dismissedFor = null, r.reviewInputs = null
}
RETURN count(*) AS n`

// inferRow is one component's inference as the write statement takes it.
func inferRow(id, fp string, inf match.Inference) map[string]any {
	caps := make([]map[string]any, len(inf.Caps))
	for i, c := range inf.Caps {
		caps[i] = map[string]any{"code": c.Code, "score": c.Score, "terms": match.Join(c.Terms), "platforms": strings.Join(c.Platforms, ";")}
	}
	refs := make([]map[string]any, len(inf.Refs))
	for i, r := range inf.Refs {
		refs[i] = map[string]any{"code": r.Code, "score": r.Score, "terms": match.Join(r.Terms)}
	}
	return map[string]any{"id": id, "fp": fp, "caps": caps, "refs": refs}
}

// Fingerprint is the digest of what inference reads of a component: a dismissal recorded
// against one fingerprint lapses when it changes.
func Fingerprint(name, nameEn, description, kind, scope string, declared []string) string {
	d := append([]string{}, declared...)
	sort.Strings(d)
	h := sha256.Sum256([]byte(strings.Join([]string{name, nameEn, description, kind, scope, strings.Join(d, ",")}, "\x1f")))
	return hex.EncodeToString(h[:8])
}

// Open edges. A PROVIDES edge of a component is "open" (property open: true, indexed by
// provides_open) when it can make a duplication finding: the component realizes no reference
// component sanctioned to provide the capability, or an analyst confirmed it. Most edges of an
// estate are sanctioned (a commune's one-stop-shop software realizing its reference component),
// so the statement of the definition (analysis_duplicates.go) starts from the few open ones
// instead of checking every edge. The flag is derived, never written by a user: inferTx sets it
// for every component whose realizations or capabilities a write changes (it runs in the
// transaction of each such write), ReviewDuplicate for the edges it decides on,
// RefreshOpenOfRefsTx for the components of reference components whose capabilities a load
// changes, and Migrate for the whole graph (databases written before the flag existed). The
// statement re-checks the definition on every open edge, so a flag left on an edge that became
// sanctioned costs a row, never a wrong answer; only a missing flag could hide a finding.

// cypherRefreshOpen sets or clears the open flag on the PROVIDES edges of the components $ids.
const cypherRefreshOpen = `
UNWIND $ids AS id
MATCH (x:Component {id: id})-[p:PROVIDES]->(cap:Capability)
WITH p, coalesce(p.confirmedFor, '') <> ''
        OR NOT EXISTS { MATCH (x)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) } AS open
WHERE coalesce(p.open, false) <> open
SET p.open = CASE WHEN open THEN true END`

// cypherRefreshOpenAll is cypherRefreshOpen over every component, in transactions of its own
// (Migrate runs it in an auto-commit transaction).
const cypherRefreshOpenAll = `
MATCH (x:Component)-[p:PROVIDES]->(cap:Capability)
CALL (x, p, cap) {
  WITH x, p, cap, coalesce(p.confirmedFor, '') <> ''
          OR NOT EXISTS { MATCH (x)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(cap) } AS open
  WITH p, open WHERE coalesce(p.open, false) <> open
  SET p.open = CASE WHEN open THEN true END
} IN TRANSACTIONS OF 10000 ROWS`

// cypherRealizersOf lists the components that realize the reference components $refs (codes).
const cypherRealizersOf = `
UNWIND $refs AS code
MATCH (:ReferenceComponent {code: code})<-[:REALIZES]-(x:Component)
RETURN collect(DISTINCT x.id) AS ids`

// refreshOpenTx sets the open flag of the components ids' PROVIDES edges, in tx.
func refreshOpenTx(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	res, err := tx.Run(ctx, cypherRefreshOpen, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// RefreshOpenOfRefsTx refreshes the open flag of the components that realize the reference
// components refs (codes), in tx: a load that writes what a reference component provides
// changes what those components are sanctioned for.
func (s *Store) RefreshOpenOfRefsTx(ctx context.Context, tx neo4j.ManagedTransaction, refs []string) error {
	if len(refs) == 0 {
		return nil
	}
	res, err := tx.Run(ctx, cypherRealizersOf, map[string]any{"refs": refs})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	return refreshOpenTx(ctx, tx, recStrings(rec, "ids"))
}

// inferTx recomputes the inferred edges of the components ids, in tx, as of today. Without a
// vocabulary it only refreshes their open flags.
func (s *Store) inferTx(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
	return s.InferTx(ctx, tx, ids, s.Today())
}

// InferTx is inferTx with the day new inferred edges are valid from (a load's day for loads), in
// the caller's transaction: the bulk loader and import run it where they write.
func (s *Store) InferTx(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, day string) error {
	if len(ids) == 0 {
		return nil
	}
	m, err := s.Matcher()
	if err != nil {
		return err
	}
	if m == nil {
		return refreshOpenTx(ctx, tx, ids)
	}
	res, err := tx.Run(ctx, cypherInferInputs, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	var rows []any
	for res.Next(ctx) {
		r := res.Record()
		declared := recStrings(r, "declared")
		in := match.Input{Name: str(r, "name"), NameEn: str(r, "nameEn"), Description: str(r, "description"), Kind: str(r, "kind")}
		scope := str(r, "scope")
		inf := m.Infer(in, scope, len(declared) == 0)
		rows = append(rows, inferRow(str(r, "id"), Fingerprint(in.Name, in.NameEn, in.Description, in.Kind, scope, declared), inf))
	}
	if err := res.Err(); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	res, err = tx.Run(ctx, cypherInferWrite, map[string]any{"rows": rows, "today": day, "source": InferenceSource})
	if err != nil {
		return err
	}
	if _, err = res.Consume(ctx); err != nil {
		return err
	}
	return refreshOpenTx(ctx, tx, ids)
}

// InferCodesTx is InferTx for components given by code, on day (today when "").
func (s *Store) InferCodesTx(ctx context.Context, tx neo4j.ManagedTransaction, codes []string, day string) error {
	if day == "" {
		day = s.Today()
	}
	res, err := tx.Run(ctx, cypherIDsOfCodes, map[string]any{"codes": codes})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	return s.InferTx(ctx, tx, recStrings(rec, "ids"), day)
}

// cypherIDsOfCodes maps component codes to ids.
const cypherIDsOfCodes = `UNWIND $codes AS code MATCH (c:Component {code: code}) RETURN collect(c.id) AS ids`

// cypherComponentIDs pages through every current component's id.
const cypherComponentIDs = `
MATCH (c:Component) WHERE c.id > $after AND c.scope <> 'NATIONAL'
RETURN c.id AS id ORDER BY c.id LIMIT $limit`

// InferAll recomputes the inferred edges of every component, batchSize components per
// transaction (0: 5000), and returns how many it looked at.
func (s *Store) InferAll(ctx context.Context, batchSize int) (int, error) {
	if batchSize <= 0 {
		batchSize = 5000
	}
	after, n := "", 0
	for {
		ids, err := read(ctx, s, "infer: list components", func(tx neo4j.ManagedTransaction) ([]string, error) {
			res, err := tx.Run(ctx, cypherComponentIDs, map[string]any{"after": after, "limit": batchSize})
			if err != nil {
				return nil, err
			}
			var out []string
			for res.Next(ctx) {
				out = append(out, str(res.Record(), "id"))
			}
			return out, res.Err()
		})
		if err != nil || len(ids) == 0 {
			return n, err
		}
		if _, err := write(ctx, s, "infer", func(tx neo4j.ManagedTransaction) (struct{}, error) {
			return struct{}{}, s.InferTx(ctx, tx, ids, s.LoadDay())
		}); err != nil {
			return n, err
		}
		n += len(ids)
		after = ids[len(ids)-1]
	}
}

// InferPreview says what inference would store for a component that is not written yet (the
// CSV dry run): the capabilities and the suggested realizations.
func (s *Store) InferPreview(c model.Component, declaredRealizes bool) (match.Inference, error) {
	m, err := s.Matcher()
	if err != nil || m == nil {
		return match.Inference{}, err
	}
	in := match.Input{Name: c.Name, NameEn: c.NameEn, Kind: string(c.Kind)}
	if c.Description != nil {
		in.Description = *c.Description
	}
	return m.Infer(in, string(c.Scope), !declaredRealizes), nil
}

// RawCount runs a read statement and counts its rows (for benchmarks that compare a statement
// of ours with a hand-written one).
func (s *Store) RawCount(ctx context.Context, cypher string) (int, error) {
	return read(ctx, s, "raw count", func(tx neo4j.ManagedTransaction) (int, error) {
		res, err := tx.Run(ctx, cypher, nil)
		if err != nil {
			return 0, err
		}
		n := 0
		for res.Next(ctx) {
			n++
		}
		return n, res.Err()
	})
}
