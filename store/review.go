package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/governance"
)

// Review of duplication findings.
//
// A decision is kept on the component's PROVIDES edges to the shared platform's capabilities:
// confirmedFor and dismissedFor list the platforms (codes, ';'-separated) the analyst decided
// for, with reviews (one entry per platform: "code<TAB>decision<TAB>by<TAB>at[<TAB>note]", the
// decision of each platform with its own note, author and time), reviewNote, reviewedBy,
// reviewedAt (the last decision on the edge) and, for a dismissal, reviewInputs (the
// component's Fingerprint then; inference clears a dismissal when it changes). Confirming where
// the component has no such edge creates one (basis REVIEW), so that a finding the matcher
// missed counts as declared. An edge valid since before today is first copied into history
// (WAS_PROVIDES, validTo today) and the current one starts today: asOf reads the decisions in
// force on each day, and the JSON backup carries them (they are relationship properties).

// cypherSharedCaps: the capabilities a shared platform is shared for (as in the definition,
// duplicationTemplate): a national one's PROVIDES; a provincial one's, that a reference
// component it realizes is sanctioned for; null scope when it is no shared platform.
const cypherSharedCaps = `
MATCH (s:Component {id: $shared})
OPTIONAL MATCH (home:Agency {level: 'PROVINCE'})-[:OWNS]->(s)
WITH s, home
RETURN s {.*} AS s, home IS NOT NULL AS owned,
       CASE s.scope
         WHEN 'NATIONAL' THEN [(s)-[:PROVIDES]->(c:Capability) | c.code]
         ELSE [(s)-[:PROVIDES]->(c:Capability) WHERE EXISTS { (s)-[:REALIZES]->(:ReferenceComponent)-[:PROVIDES]->(c) } | c.code]
       END AS caps`

// cypherReview records a decision on x's PROVIDES edges to $caps, creating them when $create.
const cypherReview = `
MATCH (x:Component {id: $x})
MATCH (cap:Capability) WHERE cap.code IN $caps
OPTIONAL MATCH (x)-[p:PROVIDES]->(cap)
WITH x, cap, p
WHERE p IS NOT NULL OR $create
CALL (x, cap, p) {
  WITH x, cap, p WHERE p IS NULL
  CREATE (x)-[n:PROVIDES {basis: 'REVIEW', source: 'review', validFrom: $today}]->(cap)
  RETURN n AS e
  UNION
  WITH x, cap, p WHERE p IS NOT NULL
  FOREACH (_ IN CASE WHEN coalesce(p.validFrom, '') < $today THEN [1] ELSE [] END |
    CREATE (x)-[h:WAS_PROVIDES]->(cap) SET h = properties(p), h.validTo = $today)
  SET p.validFrom = CASE WHEN coalesce(p.validFrom, '') < $today THEN $today ELSE p.validFrom END
  RETURN p AS e
}
WITH e, [c IN split(coalesce(e.confirmedFor, ''), ';') WHERE c <> '' AND c <> $shared] AS conf,
        [c IN split(coalesce(e.dismissedFor, ''), ';') WHERE c <> '' AND c <> $shared] AS dis
WITH e, conf + CASE WHEN $decision = 'CONFIRMED' THEN [$shared] ELSE [] END AS conf,
        dis + CASE WHEN $decision = 'DISMISSED' THEN [$shared] ELSE [] END AS dis
SET e.confirmedFor = CASE WHEN size(conf) = 0 THEN null ELSE reduce(t = head(conf), c IN tail(conf) | t + ';' + c) END,
    e.dismissedFor = CASE WHEN size(dis) = 0 THEN null ELSE reduce(t = head(dis), c IN tail(dis) | t + ';' + c) END,
    e.reviewNote = $note, e.reviewedBy = $by, e.reviewedAt = $at,
    e.reviews = [r IN coalesce(e.reviews, []) WHERE NOT r STARTS WITH $shared + '\t']
                + [$shared + '\t' + $decision + '\t' + $by + '\t' + $at + CASE WHEN coalesce($note, '') = '' THEN '' ELSE '\t' + $note END],
    e.reviewInputs = CASE WHEN $decision = 'DISMISSED' THEN $inputs ELSE e.reviewInputs END
RETURN count(e) AS c`

// ReviewDuplicate records an analyst's decision (CONFIRMED or DISMISSED, with a note) that the
// component componentID duplicates, or does not duplicate, the shared platform sharedID (ids).
// It is scoped like every write (the component's owner, the agencies it is PART_OF, or an
// admin), audited, and serialised with other writes of the component by its lock. It returns
// the finding as it stands after the decision. A platform that is not a deployed shared one is
// ErrInvalid; dismissing where the component provides none of its capabilities is ErrNotFound.
func (s *Store) ReviewDuplicate(ctx context.Context, actor model.Principal, componentID, sharedID string,
	decision model.ReviewState, note string) (model.DuplicateFinding, error) {
	if decision != model.ReviewStateConfirmed && decision != model.ReviewStateDismissed {
		return model.DuplicateFinding{}, invalidf("a decision is CONFIRMED or DISMISSED, not %q", decision)
	}
	op := "confirmDuplicate"
	if decision == model.ReviewStateDismissed {
		op = "dismissDuplicate"
	}
	return writeKept(ctx, s, op, func(tx neo4j.ManagedTransaction) (model.DuplicateFinding, error) {
		var none model.DuplicateFinding
		before, err := governance.LockComponent(ctx, tx, actor, componentID)
		if err != nil {
			return none, err
		}
		res, err := tx.Run(ctx, cypherSharedCaps, map[string]any{"shared": sharedID})
		if err != nil {
			return none, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return none, err
			}
			return none, notFoundf("no component with id %q", sharedID)
		}
		rec := res.Record()
		sh := componentFromProps(recMap(rec, "s"))
		caps := recStrings(rec, "caps")
		switch {
		case (sh.Status != model.StatusOperating && sh.Status != model.StatusUnknown) || (sh.Scope != model.ScopeNational && sh.Scope != model.ScopeProvince):
			return none, invalidf("%s is no deployed shared platform (an OPERATING or UNKNOWN-status NATIONAL or provincial component)", sh.Code)
		case sh.Scope == model.ScopeProvince && !boolean(rec, "owned"):
			return none, invalidf("provincial platform %s has no owning province", sh.Code)
		case len(caps) == 0:
			return none, invalidf("%s provides no capability it is shared for", sh.Code)
		case sh.ID == componentID:
			return none, invalidf("a platform does not duplicate itself")
		}
		if err := res.Err(); err != nil {
			return none, err
		}
		in, err := tx.Run(ctx, cypherInferInputs, map[string]any{"ids": []string{componentID}})
		if err != nil {
			return none, err
		}
		inputs := ""
		if in.Next(ctx) {
			r := in.Record()
			inputs = Fingerprint(str(r, "name"), str(r, "nameEn"), str(r, "description"), str(r, "kind"), str(r, "scope"), recStrings(r, "declared"))
		}
		if err := in.Err(); err != nil {
			return none, err
		}
		params := map[string]any{"x": componentID, "caps": caps, "shared": sh.Code, "decision": string(decision),
			"note": nilIfEmpty(note), "by": actor.Name, "at": time.Now().UTC().Format(time.RFC3339), "today": s.Today(),
			"inputs": inputs, "create": false}
		n, err := count(ctx, tx, cypherReview, params)
		if err != nil {
			return none, err
		}
		if n == 0 {
			if decision == model.ReviewStateDismissed {
				return none, fmt.Errorf("%w: %s provides none of %s's capabilities (%v): there is no finding to dismiss",
					ErrNotFound, pstr(before, "code"), sh.Code, caps)
			}
			params["create"] = true
			if _, err := count(ctx, tx, cypherReview, params); err != nil {
				return none, err
			}
		}
		if err := refreshOpenTx(ctx, tx, []string{componentID}); err != nil {
			return none, err
		}
		entry := map[string]any{"shared": sh.Code, "decision": string(decision), "note": note}
		if err := governance.Audit(ctx, tx, actor, op, componentID, pstr(before, "code"), nil, entry); err != nil {
			return none, err
		}
		fs, err := findDuplicates(ctx, tx, model.DuplicateQuery{Shared: sh.ID, Review: model.AllReviewState})
		if err != nil {
			return none, err
		}
		for _, f := range fs {
			if f.Component.ID == componentID {
				return f, nil
			}
		}
		// Dismissed, and no longer a finding at all (the component uses the platform, or is
		// sanctioned): the decision stays recorded.
		return model.DuplicateFinding{Component: componentFromProps(before), Shared: sh, Review: decision,
			ReviewNote: &note, Basis: model.DuplicateBasisDeclared}, nil
	})
}
