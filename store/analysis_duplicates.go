package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Duplicate detection.
//
// One statement, driven from the shared platforms' capabilities: (S)-[:PROVIDES]->(X)<-[:PROVIDES]-(C).
// PROVIDES edges are few (one to three per component that provides anything, ~9k on the S
// estate), so the candidates are cheap to enumerate; the sanctioned check (C realizes a
// reference component that PROVIDES X) removes nearly all of them before the bounded
// DEPENDS_ON*1..3 existence check runs, with both ends bound.

// duplicatesAllNational starts from every national shared platform (as of a day: every component
// that was one that day).
func duplicatesAllNational(f form) string {
	return `
` + f.matchComponentsWhere("s", "scope", "'NATIONAL'") + `
WITH s, null AS home`
}

// duplicatesOne starts from one shared platform, national or provincial; for a provincial one,
// home ($home, an id; null for a national one) is the province that owns it: its candidates
// are its communes' components.
func duplicatesOne(f form) string {
	return `
` + f.matchComponent("s", "shared") + `
OPTIONAL MATCH (home:Agency {id: $home})
WITH s, home`
}

// owningProvince finds the province that owns a provincial platform.
func owningProvince(f form) string {
	return `
` + f.matchComponent("c", "id") + `
MATCH (p:Agency {level: 'PROVINCE'})-[` + f.rel("ow", RelOwns) + `]->(c)` + f.where("ow") + `
RETURN p {.*} AS p
ORDER BY p.code
LIMIT 1`
}

// duplicatesBody finds, for each S, the lower-scope components C that provide a capability of
// S, realize no reference component sanctioned to provide it, and do not depend on S within
// three hops.
func duplicatesBody(f form) string {
	return `
MATCH (s)-[` + f.rel("ps", RelProvides) + `]->(cap:Capability)<-[` + f.rel("px", RelProvides) + `]-(` + f.component("x") + `)
WHERE x <> s` + f.and("ps", "px") + ` AND ` + f.value("x", "scope") + ` IN $scopes
  AND NOT EXISTS { (x)-[` + f.rel("re", RelRealizes) + `]->(:ReferenceComponent)-[:PROVIDES]->(cap)` + f.where("re") + ` }
  AND (home IS NULL OR EXISTS { (x)<-[` + f.rel("ow", RelOwns) + `]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home)` + f.where("ow") + ` })
  AND NOT EXISTS { MATCH dp = (x)-[:` + f.types(RelDependsOn) + `*1..3]->(s)` + f.wherePath("dp") + ` }
CALL (x) {` + ownerProvince(f) + `
}
RETURN ` + f.props("x") + ` AS component, owner {.*} AS agency, province {.*} AS province, cap {.*} AS capability,
       ` + f.props("s") + ` AS shared
ORDER BY s.code, province.code, x.code, cap.code`
}

// duplicateStatements are the rendered duplicate statements of one form.
type duplicateStatements struct{ all, one, owningProvince string }

func renderDuplicates(f form) duplicateStatements {
	return duplicateStatements{
		all:            duplicatesAllNational(f) + duplicatesBody(f),
		one:            duplicatesOne(f) + duplicatesBody(f),
		owningProvince: owningProvince(f),
	}
}

var duplicatesNow, duplicatesAsOf = renderDuplicates(formNow), renderDuplicates(formAsOf)

// lowerScopes are the scopes below a shared platform's, whose components can duplicate it.
var lowerScopes = map[model.Scope][]model.Scope{
	model.ScopeNational: {model.ScopeMinistry, model.ScopeProvince, model.ScopeCommune, model.ScopeOrganization},
	model.ScopeProvince: {model.ScopeCommune, model.ScopeOrganization},
}

// Duplicates lists the components that duplicate a shared platform: for each shared platform S
// — every NATIONAL-scope component when of is "", else the component of (id or code), which
// must be of scope NATIONAL or PROVINCE — each component C of a lower scope (for a provincial S:
// owned by a commune of S's province) that PROVIDES a capability X of S while realizing no
// reference component that PROVIDES X (the framework does not sanction it) and having no
// DEPENDS_ON path of at most three hops to S (a provincial S without an owning province is
// ErrInvalid). One row per (S, C, X), ordered by S's code, C's
// province's code (none last), C's code and X's code. scope, when not "", keeps only
// components of that scope, which must be below S's. An unknown of is ErrNotFound; a
// non-shared of or a scope that is not below it is ErrInvalid.
//
// asOf (YYYY-MM-DD, not after today; empty: now) asks for the day asOf: the platforms,
// components, capabilities, realizations, ownerships and dependencies valid that day.
func (s *Store) Duplicates(ctx context.Context, of string, scope model.Scope, asOf string) ([]model.Duplicate, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "duplicates", func(tx neo4j.ManagedTransaction) ([]model.Duplicate, error) {
		return duplicates(ctx, tx, of, scope, asOf)
	})
}

func duplicates(ctx context.Context, tx neo4j.ManagedTransaction, of string, scope model.Scope, asOf string) ([]model.Duplicate, error) {
	st := duplicatesNow
	if asOf != "" {
		st = duplicatesAsOf
	}
	cypher, params, sharedScope := st.all, map[string]any{"asOf": asOf}, model.ScopeNational
	if of != "" {
		sh, err := resolveComponentAsOf(ctx, tx, of, asOf)
		if err != nil {
			return nil, err
		}
		if _, ok := lowerScopes[sh.Scope]; !ok {
			return nil, invalidf("%s is a %s-scope component, not a shared platform (NATIONAL or PROVINCE scope)", sh.Code, sh.Scope)
		}
		cypher, params["shared"], params["home"], sharedScope = st.one, sh.ID, nil, sh.Scope
		if sh.Scope == model.ScopeProvince {
			home, err := singleMap(ctx, tx, st.owningProvince, map[string]any{"id": sh.ID, "asOf": asOf}, "p")
			if err != nil {
				return nil, err
			}
			if home == nil {
				return nil, invalidf("provincial platform %s has no owning province, so it has no communes to compare", sh.Code)
			}
			params["home"] = pstr(home, "id")
		}
	}
	scopes := lowerScopes[sharedScope]
	if scope != "" {
		if !slices.Contains(scopes, scope) {
			return nil, invalidf("scope %q is not below %s; one of %v", scope, sharedScope, scopes)
		}
		scopes = []model.Scope{scope}
	}
	ss := make([]string, len(scopes))
	for i, sc := range scopes {
		ss[i] = string(sc)
	}
	params["scopes"] = ss
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := []model.Duplicate{}
	for res.Next(ctx) {
		r := res.Record()
		d := model.Duplicate{
			Component:  ComponentFromProps(recMap(r, "component")),
			Agency:     recAgency(r, "agency"),
			Province:   recAgency(r, "province"),
			Capability: CapabilityFromProps(recMap(r, "capability")),
			Shared:     ComponentFromProps(recMap(r, "shared")),
		}
		d.Evidence = duplicateEvidence(d)
		out = append(out, d)
	}
	return out, res.Err()
}

// duplicateEvidence says in one English sentence why d is a duplicate.
func duplicateEvidence(d model.Duplicate) string {
	level := "national"
	if d.Shared.Scope == model.ScopeProvince {
		level = "provincial"
	}
	owner := ""
	if d.Agency != nil {
		owner = " (owned by " + orName(d.Agency.NameEn, d.Agency.Code) + ")"
	}
	return fmt.Sprintf("%s%s provides %s (%s), which the %s shared platform %s (%s) provides, "+
		"but it realizes no reference component sanctioned to provide that capability and does not "+
		"use %s (no DEPENDS_ON path of at most 3 hops).",
		d.Component.Code, owner, orName(d.Capability.NameEn, d.Capability.Code), d.Capability.Code,
		level, d.Shared.Code, orName(d.Shared.NameEn, d.Shared.Name), d.Shared.Code)
}

func orName(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}
