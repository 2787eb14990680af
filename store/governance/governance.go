// Package governance is the store of who may write and what was written: agency-scoped API
// tokens (stored as hashes), the scope checks that lock what a mutation touches, and the audit
// log that each mutation appends to in its own transaction.
package governance

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/internal/core"
)

// Store reads and writes tokens and the audit log.
type Store struct{ *core.DB }

// New is the governance store over db.
func New(db *core.DB) *Store { return &Store{DB: db} }

func read[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.Read(ctx, s.DB, op, work)
}

// write: tokens, sessions and the audit log cannot change the conformance facts
// (store/conformance_facts.go), so their writes keep them current.
func write[T any](ctx context.Context, s *Store, op string, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	return core.WriteKept(ctx, s.DB, op, work)
}

var (
	str        = core.Str
	boolean    = core.Boolean
	pstr       = core.PStr
	pmap       = core.PMap
	optStr     = core.OptStr
	notFoundf  = core.NotFoundf
	forbiddenf = core.Forbiddenf
	nilIfEmpty = core.NilIfEmpty
)

// Internal labels, outside the architecture metamodel: issued API tokens and the audit log.
const (
	LabelToken  = "Token"
	LabelChange = "Change"
)

// TokenPrefix starts every issued token, so that a leaked one is recognisable.
const TokenPrefix = "agt_"

// HashToken is how a token is stored and looked up: SHA-256 of a 256-bit random secret.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

const cypherCreateToken = `
MATCH (a:Agency {code: $agency})
CREATE (t:Token {id: $id, hash: $hash, name: $name, agency: a.code, role: $role,
                 createdAt: datetime(), expiresAt: $expiresAt})
RETURN t {.*, createdAt: toString(t.createdAt), expiresAt: toString(t.expiresAt)} AS t`

// CreateToken issues a token for an agency and role; it returns the secret once (only its hash
// is stored). ttl 0: no expiry. An unknown agency is ErrNotFound.
func (s *Store) CreateToken(ctx context.Context, agency string, role model.Role, name string, ttl time.Duration) (string, model.Token, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", model.Token{}, fmt.Errorf("create token: %w", err)
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	var expires any
	if ttl > 0 {
		expires = s.Now().Add(ttl).UTC()
	}
	t, err := write(ctx, s, "create token", func(tx neo4j.ManagedTransaction) (model.Token, error) {
		res, err := tx.Run(ctx, cypherCreateToken, map[string]any{"id": uuid.NewString(), "hash": HashToken(secret),
			"name": name, "agency": agency, "role": string(role), "expiresAt": expires})
		if err != nil {
			return model.Token{}, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return model.Token{}, err
			}
			return model.Token{}, notFoundf("no agency with code %q", agency)
		}
		v, _ := res.Record().Get("t")
		return tokenFromProps(pmap(v)), nil
	})
	if err != nil {
		return "", model.Token{}, err
	}
	return secret, t, nil
}

func tokenFromProps(m map[string]any) model.Token {
	return model.Token{ID: pstr(m, "id"), Name: pstr(m, "name"), Agency: pstr(m, "agency"), Role: model.Role(pstr(m, "role")),
		CreatedAt: pstr(m, "createdAt"), ExpiresAt: pstr(m, "expiresAt"), RevokedAt: pstr(m, "revokedAt")}
}

const cypherLookupToken = `
MATCH (t:Token {hash: $hash})
RETURN t.id AS id, t.name AS name, t.agency AS agency, t.role AS role, t.expiresAt AS expiresAt,
       t.revokedAt IS NOT NULL AS revoked, t.expiresAt IS NOT NULL AND t.expiresAt < $now AS expired`

// TokenRejectedError explains why a presented token is not accepted (unknown, expired, revoked).
type TokenRejectedError struct{ Reason string }

func (e *TokenRejectedError) Error() string { return "token " + e.Reason }

// LookupToken returns the principal of a presented token, or *TokenRejectedError.
func (s *Store) LookupToken(ctx context.Context, secret string) (model.Principal, error) {
	return s.LookupTokenHash(ctx, HashToken(secret))
}

// LookupTokenHash is LookupToken by the token's hash (a session's token).
func (s *Store) LookupTokenHash(ctx context.Context, hash string) (model.Principal, error) {
	return read(ctx, s, "lookup token", func(tx neo4j.ManagedTransaction) (model.Principal, error) {
		res, err := tx.Run(ctx, cypherLookupToken, map[string]any{"hash": hash, "now": s.Now().UTC()})
		if err != nil {
			return model.Principal{}, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return model.Principal{}, err
			}
			return model.Principal{}, &TokenRejectedError{"unknown"}
		}
		r := res.Record()
		switch {
		case boolean(r, "revoked"):
			return model.Principal{}, &TokenRejectedError{"revoked"}
		case boolean(r, "expired"):
			return model.Principal{}, &TokenRejectedError{"expired"}
		}
		p := model.Principal{Name: str(r, "name"), Role: model.Role(str(r, "role")), Agency: str(r, "agency"), TokenID: str(r, "id")}
		if v, _ := r.Get("expiresAt"); v != nil {
			if t, ok := v.(time.Time); ok {
				p.ExpiresAt = t.UTC().Format(time.RFC3339Nano)
			}
		}
		return p, nil
	})
}

const cypherRevokeToken = `
MATCH (t:Token {id: $id})
SET t.revokedAt = coalesce(t.revokedAt, datetime())
RETURN t {.*, createdAt: toString(t.createdAt), expiresAt: toString(t.expiresAt), revokedAt: toString(t.revokedAt)} AS t`

// RevokeToken revokes a token by id, at once and for good; ErrNotFound when there is none.
func (s *Store) RevokeToken(ctx context.Context, id string) (model.Token, error) {
	return write(ctx, s, "revoke token", func(tx neo4j.ManagedTransaction) (model.Token, error) {
		res, err := tx.Run(ctx, cypherRevokeToken, map[string]any{"id": id})
		if err != nil {
			return model.Token{}, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return model.Token{}, err
			}
			return model.Token{}, notFoundf("no token with id %q", id)
		}
		v, _ := res.Record().Get("t")
		return tokenFromProps(pmap(v)), nil
	})
}

const cypherListTokens = `
MATCH (t:Token)
RETURN t {.id, .name, .agency, .role, createdAt: toString(t.createdAt), expiresAt: toString(t.expiresAt),
          revokedAt: toString(t.revokedAt)} AS t ORDER BY t.createdAt`

// Tokens lists the issued tokens (never their secrets).
func (s *Store) Tokens(ctx context.Context) ([]model.Token, error) {
	return read(ctx, s, "list tokens", func(tx neo4j.ManagedTransaction) ([]model.Token, error) {
		res, err := tx.Run(ctx, cypherListTokens, nil)
		if err != nil {
			return nil, err
		}
		out := []model.Token{}
		for res.Next(ctx) {
			v, _ := res.Record().Get("t")
			out = append(out, tokenFromProps(pmap(v)))
		}
		return out, res.Err()
	})
}

// --- authorization, inside the write transaction ---

// The scope checks lock the node they check first (a no-op write takes its write lock), so that
// ownership cannot change between the check and the write of the same transaction.
const (
	cypherLockComponent = `
MATCH (c:Component {id: $id})
SET c.lockedBy = $tx REMOVE c.lockedBy
RETURN c {.*} AS n, true AS inScope`
	cypherLockAgency = `
MATCH (a:Agency {id: $id})
SET a.lockedBy = $tx REMOVE a.lockedBy
RETURN a {.*} AS n, true AS inScope`
	cypherLockComponentScope = `
MATCH (c:Component {id: $id})
SET c.lockedBy = $tx REMOVE c.lockedBy
RETURN c {.*} AS n,
       EXISTS { (c)<-[:OWNS]-(:Agency)-[:PART_OF*0..]->(:Agency {code: $scope}) } AS inScope`
	cypherLockAgencyScope = `
MATCH (a:Agency {id: $id})
SET a.lockedBy = $tx REMOVE a.lockedBy
RETURN a {.*} AS n, EXISTS { (a)-[:PART_OF*0..]->(:Agency {code: $scope}) } AS inScope`
)

// MayWrite refuses (KindForbidden) an actor whose role does not write.
func MayWrite(actor model.Principal) error {
	if !actor.Role.CanWrite() {
		return forbiddenf("role %s may not write", actor.Role)
	}
	return nil
}

// National reports whether the actor writes everywhere: an admin, or an operator's token from
// the token file, which has no agency.
func National(actor model.Principal) bool {
	return actor.Role == model.RoleAdmin || actor.Agency == ""
}

// lockTarget is what a mutation locks and scope-checks: its two statements (lock only, for
// national actors; lock and scope check, for editors) and how a refusal describes the scope.
type lockTarget struct {
	lock, lockScope string
	what, scope     string // "component", "components owned by %s and the agencies part of it"
}

var (
	componentTarget = lockTarget{cypherLockComponent, cypherLockComponentScope, "component", "components owned by %s and the agencies part of it"}
	agencyTarget    = lockTarget{cypherLockAgency, cypherLockAgencyScope, "agency", "%s and the agencies part of it"}
)

// lock locks the node with id and returns its properties; for an editor it checks that the node
// is within the editor's agency scope. Unknown id: ErrNotFound; outside the scope: ErrForbidden.
func lock(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, t lockTarget, id string) (map[string]any, error) {
	if err := MayWrite(actor); err != nil {
		return nil, err
	}
	q := t.lockScope
	if National(actor) {
		q = t.lock // nothing to check: lock only
	}
	res, err := tx.Run(ctx, q, map[string]any{"id": id, "scope": actor.Agency, "tx": actor.TokenID})
	if err != nil {
		return nil, err
	}
	if !res.Next(ctx) {
		if err := res.Err(); err != nil {
			return nil, err
		}
		return nil, notFoundf("no %s with id %q", t.what, id)
	}
	v, _ := res.Record().Get("n")
	n := pmap(v)
	if !National(actor) && !boolean(res.Record(), "inScope") {
		return nil, forbiddenf("%s %s is outside the scope of %s (%s)",
			t.what, pstr(n, "code"), actor.Agency, fmt.Sprintf(t.scope, actor.Agency))
	}
	return n, nil
}

// LockComponent locks the component with id for a write by actor (lock).
func LockComponent(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, id string) (map[string]any, error) {
	return lock(ctx, tx, actor, componentTarget, id)
}

// LockComponentOnly takes the write lock of the component with id (if there is one) without
// checking any scope: the target of a new relationship, locked before its source.
func LockComponentOnly(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, id string) error {
	_, err := tx.Run(ctx, cypherLockComponent, map[string]any{"id": id, "tx": actor.TokenID})
	return err
}

// LockAgency locks the agency with id for a write by actor (lock).
func LockAgency(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, id string) (map[string]any, error) {
	return lock(ctx, tx, actor, agencyTarget, id)
}

// --- audit log ---

const cypherRecordChange = `
CREATE (:Change {id: $id, at: $at, actor: $actor, actorAgency: $agency, tokenId: $token,
                 operation: $op, entityId: $entity, entityCode: $code, before: $before, after: $after})`

// Audit appends one entry to the log, in the mutation's own transaction.
func Audit(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, op, entityID, entityCode string, before, after any) error {
	b, err := encodeValues(before)
	if err != nil {
		return err
	}
	a, err := encodeValues(after)
	if err != nil {
		return err
	}
	// The time is taken here, to the nanosecond: Cypher's datetime() is the transaction's
	// clock at millisecond precision, too coarse to order quick successive changes.
	_, err = tx.Run(ctx, cypherRecordChange, map[string]any{"id": uuid.NewString(), "at": time.Now().UTC(), "actor": actor.Actor(),
		"agency": actor.Agency, "token": actor.TokenID, "op": op, "entity": entityID, "code": entityCode,
		"before": b, "after": a})
	return err
}

const cypherRecordChanges = `
UNWIND $entries AS e
CREATE (:Change {id: e.id, at: $at, actor: $actor, actorAgency: $agency, tokenId: $token,
                 operation: $op, entityId: e.entity, entityCode: e.code, before: e.before, after: e.after})`

// Entry is one entity's change in a batch of audit entries (AuditMany).
type Entry struct {
	EntityID, EntityCode string
	// Before and After are the entity's values (nil: a creation, a deletion).
	Before, After any
}

// AuditMany appends one entry per entity to the log, in the caller's transaction and one
// statement: a bulk write (an inventory import) audits every entity it created or changed.
func AuditMany(ctx context.Context, tx neo4j.ManagedTransaction, actor model.Principal, op string, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	rows := make([]map[string]any, len(entries))
	for i, e := range entries {
		b, err := encodeValues(e.Before)
		if err != nil {
			return err
		}
		a, err := encodeValues(e.After)
		if err != nil {
			return err
		}
		rows[i] = map[string]any{"id": uuid.NewString(), "entity": e.EntityID, "code": e.EntityCode, "before": b, "after": a}
	}
	_, err := tx.Run(ctx, cypherRecordChanges, map[string]any{"entries": rows, "at": time.Now().UTC(), "actor": actor.Actor(),
		"agency": actor.Agency, "token": actor.TokenID, "op": op})
	return err
}

// encodeValues is an audit entry's JSON of an entity's values; nil stays nil.
func encodeValues(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if m, ok := v.(map[string]any); ok && m == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

const cypherChanges = `
MATCH (ch:Change)
WHERE ($entity IS NULL OR ch.entityId = $entity OR ch.entityCode = $entity)
  AND ($actor IS NULL OR ch.actor CONTAINS $actor OR ch.actorAgency = $actor)
  AND ($since IS NULL OR ch.at >= datetime($since))
RETURN ch {.*, at: toString(ch.at)} AS ch ORDER BY ch.at DESC, ch.id LIMIT $limit`

// Changes reads the audit log, newest first: entity (id or code), actor (name part or agency
// code) and since (an ISO date or date-time) filter when not empty.
func (s *Store) Changes(ctx context.Context, entity, actor, since string, limit int) ([]model.Change, error) {
	return read(ctx, s, "changes", func(tx neo4j.ManagedTransaction) ([]model.Change, error) {
		res, err := tx.Run(ctx, cypherChanges, map[string]any{"entity": nilIfEmpty(entity), "actor": nilIfEmpty(actor),
			"since": nilIfEmpty(since), "limit": limit})
		if err != nil {
			return nil, err
		}
		out := []model.Change{}
		for res.Next(ctx) {
			v, _ := res.Record().Get("ch")
			m := pmap(v)
			out = append(out, model.Change{ID: pstr(m, "id"), At: pstr(m, "at"), Actor: pstr(m, "actor"),
				ActorAgency: pstr(m, "actorAgency"), Operation: pstr(m, "operation"), EntityID: pstr(m, "entityId"),
				EntityCode: pstr(m, "entityCode"), Before: optStr(m, "before"), After: optStr(m, "after")})
		}
		return out, res.Err()
	})
}

// --- browser sessions ---

// LabelSession holds the browser sessions: a token exchanged for an HttpOnly cookie, so that
// the token itself stays out of the page's reach (server/session.go).
const LabelSession = "Session"

// SessionPrefix starts every session secret.
const SessionPrefix = "ags_"

const cypherCreateSession = `
MATCH (old:Session) WHERE old.expiresAt < $now
WITH collect(old) AS expired
FOREACH (o IN expired | DELETE o)
CREATE (s:Session {hash: $hash, tokenHash: $tokenHash, tokenId: $tokenId, createdAt: $now, expiresAt: $expiresAt})
RETURN toString(s.expiresAt) AS expiresAt`

// CreateSession starts a browser session for the token whose SHA-256 is tokenHash (already
// checked by the caller), ending at expiresAt at the latest; it returns the session's secret
// (stored as its hash only). Expired sessions are removed on the way.
func (s *Store) CreateSession(ctx context.Context, tokenHash, tokenID string, expiresAt time.Time) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	secret := SessionPrefix + base64.RawURLEncoding.EncodeToString(raw)
	_, err := write(ctx, s, "create session", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := tx.Run(ctx, cypherCreateSession, map[string]any{"hash": HashToken(secret), "tokenHash": tokenHash,
			"tokenId": tokenID, "now": s.Now().UTC(), "expiresAt": expiresAt.UTC()})
		return struct{}{}, err
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

const cypherLookupSession = `
MATCH (s:Session {hash: $hash}) WHERE s.expiresAt > $now
RETURN s.tokenHash AS tokenHash, s.expiresAt AS expiresAt`

// LookupSession returns the token hash and end of a live session, or *TokenRejectedError
// ("session unknown or ended").
func (s *Store) LookupSession(ctx context.Context, secret string) (string, time.Time, error) {
	type out struct {
		hash string
		end  time.Time
	}
	o, err := read(ctx, s, "lookup session", func(tx neo4j.ManagedTransaction) (out, error) {
		res, err := tx.Run(ctx, cypherLookupSession, map[string]any{"hash": HashToken(secret), "now": s.Now().UTC()})
		if err != nil {
			return out{}, err
		}
		if !res.Next(ctx) {
			if err := res.Err(); err != nil {
				return out{}, err
			}
			return out{}, &TokenRejectedError{"session unknown or ended"}
		}
		r := res.Record()
		end, _ := r.Get("expiresAt")
		t, _ := end.(time.Time)
		return out{str(r, "tokenHash"), t}, nil
	})
	return o.hash, o.end, err
}

// DeleteSession ends a session (signing out); an unknown one is no error.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	_, err := write(ctx, s, "delete session", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := tx.Run(ctx, `MATCH (s:Session {hash: $hash}) DELETE s`, map[string]any{"hash": HashToken(secret)})
		return struct{}{}, err
	})
	return err
}
