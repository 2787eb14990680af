package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Duplication: the one definition.
//
// The framework forbids investing in platforms, systems and databases whose function duplicates
// a shared one "already deployed at the national or provincial level" (source L358). archgraph
// reads that as follows, in one statement (duplication, rendered now and as of a day) that `duplicates`, the rule
// check DUPLICATE_SHARED (ruleViolations, ruleViolationCount) and the KPI all use:
//
//   - the shared platforms are the OPERATING components of scope NATIONAL, and the OPERATING
//     components of scope PROVINCE owned by a province — shared with that province's communes
//     (planned or building platforms are not deployed yet). A platform whose status is UNKNOWN
//     counts too: the framework states no status for any national platform it lists as shared
//     (issue 13: statuses are recorded only where stated), and a platform nobody has recorded as
//     planned, building or retired is not known to be undeployed;
//   - a national platform S provides the capabilities of its PROVIDES edges; a provincial one
//     is shared for the capabilities it provides (declared or inferred) that the framework
//     sanctions it to provide: those of the reference components it realizes (a province LGSP realizing TINH-LGSP exchanges data for
//     its communes; a provincial e-identity system, sanctioned by nothing, is itself a duplicate
//     of EID and no platform its communes must reuse);
//   - a component C duplicates S when C is of a lower scope (for a provincial S: owned by one of
//     its province's communes), C PROVIDES a capability X of S — declared, inferred from what
//     C's name says (infer.go; an inference naming specific national platforms counts only
//     against them), or confirmed by an analyst — and, unless an analyst confirmed it, C realizes
//     no reference component sanctioned to provide X and has no DEPENDS_ON path of at most three
//     hops to S (it uses S rather than copying it);
//   - an analyst's dismissal hides the finding until C's inputs change (infer.go clears it).
//
// One row per (C, S, X) comes back; findings (one per C and S) and the per-component report
// are assembled from them in Go.

// duplication is the statement of the definition above, in form f. As of a day, national
// platforms are current components (a retired one is no longer deployed), the components that
// duplicate them may be retired since (x is a current or retired component), and every
// relationship, status and scope is the day's.
func duplication(f form) string {
	// x realizes a reference component sanctioned to provide cap (read from x: a capability is
	// provided by thousands of components and hundreds of reference components).
	sanctioned := `cap IN [(x)-[` + f.rel("re", RelRealizes) + `]->(:ReferenceComponent)-[:PROVIDES]->(sc:Capability)` + f.where("re") + ` | sc]`
	return `
CALL () {
  // National platforms (a few dozen, by the scope index) and their capabilities, joined in a
  // list to the candidate edges below rather than expanded from each capability's providers.
  MATCH (s:Component {scope: 'NATIONAL'})-[` + f.rel("ps", RelProvides) + `]->(cap:Capability)
  USING INDEX s:Component(scope)
  WHERE ($shared IS NULL OR s.id = $shared) AND ` + f.value("s", "status") + ` IN ['OPERATING', 'UNKNOWN']` + f.and("ps") + `
  WITH collect({s: s, cap: cap}) AS platforms
  // The candidate edges, each checked once against both kinds of platform (as of a day every
  // PROVIDES edge of the day is a candidate: the check of the sanctioned ones is the cost).
  MATCH (` + f.component("x") + `)-[` + f.rel("p", RelProvides) + `]->(cap:Capability)
  WHERE ` + f.value("x", "scope") + ` IN $scopes` + f.and("p") + f.andOpen("p") + f.andIsComponent("x") + `
    AND (coalesce(p.confirmedFor, '') <> '' OR NOT ` + sanctioned + `)
  CALL (x, cap, platforms) {
    UNWIND [n IN platforms WHERE n.cap = cap AND n.s <> x] AS n
    RETURN n.s AS s
    UNION
    // Per candidate (few, once sanctioned ones are gone): its province's platforms. Left to
    // itself the planner joins the other way round, from every provincial component (40 s on S).
    WITH x, cap WHERE ` + f.value("x", "scope") + ` IN ['COMMUNE', 'ORGANIZATION']
    MATCH (x)<-[` + f.rel("xo", RelOwns) + `]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(home:Agency {level: 'PROVINCE'})` + f.where("xo") + `
    MATCH (home)-[` + f.rel("so", RelOwns) + `]->(s:Component {scope: 'PROVINCE'})-[` + f.rel("sp", RelProvides) + `]->(cap)
    WHERE ($shared IS NULL OR s.id = $shared) AND ` + f.value("s", "status") + ` IN ['OPERATING', 'UNKNOWN']` + f.and("sp", "so") + `
      AND EXISTS { MATCH (s)-[` + f.rel("sr", RelRealizes) + `]->(:ReferenceComponent)-[:PROVIDES]->(cap)` + f.where("sr") + ` }
    RETURN s
  }
  RETURN s, cap, p, x
}
WITH s, cap, p, x
WHERE coalesce(` + f.value("x", "status") + `, '') <> 'RETIRED'
  AND (coalesce(p.basis, '') <> 'INFERRED' OR s.scope <> 'NATIONAL' OR coalesce(p.platforms, '') = ''
       OR s.code IN split(p.platforms, ';'))
  AND (s.code IN split(coalesce(p.confirmedFor, ''), ';') OR (
        NOT ` + sanctioned + `
    AND NOT EXISTS { MATCH dp = (x)-[:` + f.types(RelDependsOn) + `*1..3]->(s)` + f.wherePath("dp") + ` }))
CALL (x) {` + ownerProvince(f) + `
}
WITH s, cap, p, x, owner, province
WHERE $province IS NULL OR province.id = $province
RETURN ` + f.props("x") + ` AS component, owner {.*} AS agency, province {.*} AS province, ` + f.props("s") + ` AS shared,
       cap {.*} AS capability, p {.*} AS edge,
       CASE WHEN s.code IN split(coalesce(p.confirmedFor, ''), ';') THEN 'CONFIRMED'
            WHEN s.code IN split(coalesce(p.dismissedFor, ''), ';') THEN 'DISMISSED' END AS review
ORDER BY s.code, province.code, x.code, cap.code`
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

// sharedPlatformsStatement lists the shared platforms of the definition: OPERATING national
// ones, and OPERATING provincial ones owned by a province. Now the filter reads s itself, so
// that the planner seeks the scope index: through a projection of s (sv) it scanned every
// component and checked the owner of each before the scope (S: 0.88 M db hits, 27 k now). As
// of a day it reads only the components that may have had either scope that day (by the scope
// indexes: 1.3–1.5 s → 0.14–0.2 s on S), not every component.
func sharedPlatformsStatement(f form) string {
	sv, bind := "s", ""
	if f.asOf {
		sv, bind = "sv", "\nWITH s, "+f.version("s")+" AS sv"
	}
	return `
` + f.matchComponentInScopes("s", "['NATIONAL', 'PROVINCE']") + bind + `
WHERE ` + sv + `.scope IN ['NATIONAL', 'PROVINCE'] AND ` + sv + `.status IN ['OPERATING', 'UNKNOWN']
  AND (` + sv + `.scope = 'NATIONAL' OR EXISTS { MATCH (:Agency {level: 'PROVINCE'})-[` + f.rel("ow", RelOwns) + `]->(s)` + f.where("ow") + ` })
RETURN ` + f.props("s") + ` AS s
ORDER BY s.code`
}

// duplicationStatements are the rendered statements of one form.
type duplicationStatements struct{ findings, owningProvince, sharedPlatforms string }

func renderDuplication(f form) duplicationStatements {
	return duplicationStatements{duplication(f), owningProvince(f), sharedPlatformsStatement(f)}
}

var duplicationNow, duplicationAsOf = renderDuplication(formNow), renderDuplication(formAsOf)

// duplicationIn is the rendered statements for asOf ("": now).
func duplicationIn(asOf string) duplicationStatements {
	if asOf != "" {
		return duplicationAsOf
	}
	return duplicationNow
}

// lowerScopes are the scopes below a shared platform's, whose components can duplicate it.
var lowerScopes = map[model.Scope][]model.Scope{
	model.ScopeNational: {model.ScopeMinistry, model.ScopeProvince, model.ScopeCommune, model.ScopeOrganization},
	model.ScopeProvince: {model.ScopeCommune, model.ScopeOrganization},
}

// Duplicates lists the duplication rows (one per component, shared platform and shared
// capability) for every shared platform (of "") or one (of: id or code, of scope NATIONAL or
// PROVINCE), ordered by the platform's code, the component's province (none last), its code and
// the capability's code; dismissed findings are left out. scope, when not "", keeps components
// of that scope, which must be below the platform's. An unknown of is ErrNotFound; a non-shared
// of or a scope not below it is ErrInvalid.
//
// asOf (YYYY-MM-DD, not after today; empty: now) asks for the day asOf.
func (s *Store) Duplicates(ctx context.Context, of string, scope model.Scope, asOf string) ([]model.Duplicate, error) {
	fs, err := s.DuplicateFindings(ctx, of, model.DuplicateQuery{Scope: scope, AsOf: asOf})
	if err != nil {
		return nil, err
	}
	return DuplicateRows(fs), nil
}

// DuplicateRows expands findings into one row per shared capability, in the findings' order.
func DuplicateRows(fs []model.DuplicateFinding) []model.Duplicate {
	out := []model.Duplicate{}
	for _, f := range fs {
		for _, c := range f.Capabilities {
			out = append(out, model.Duplicate{Component: f.Component, Agency: f.Agency, Province: f.Province,
				Capability: c, Shared: f.Shared, Evidence: f.EvidenceEn, EvidenceVi: f.Evidence, Basis: f.Basis,
				Confidence: f.Confidence, MatchedTerms: f.MatchedTerms, Review: f.Review})
		}
	}
	return out
}

// DuplicateFindings lists the duplication findings, one per component and shared platform it
// duplicates, filtered by q (q.Shared is ignored: of names the platform, id or code).
func (s *Store) DuplicateFindings(ctx context.Context, of string, q model.DuplicateQuery) ([]model.DuplicateFinding, error) {
	if err := s.checkAsOf(q.AsOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "duplicates", func(tx neo4j.ManagedTransaction) ([]model.DuplicateFinding, error) {
		if of != "" {
			sh, err := resolveComponentAsOf(ctx, tx, of, q.AsOf)
			if err != nil {
				return nil, err
			}
			q.Shared = sh.ID
		}
		if q.Province != "" {
			a, err := resolveAgency(ctx, tx, q.Province)
			if err != nil {
				return nil, err
			}
			if a.Level != model.AgencyLevelProvince {
				return nil, invalidf("province: %s is a %s, not a province", a.Code, a.Level)
			}
			q.Province = a.ID
		}
		return findDuplicates(ctx, tx, q)
	})
}

// DuplicationReport groups the findings by component and counts them, every shared platform
// included (with 0 when nothing duplicates it, unless of names one platform).
func (s *Store) DuplicationReport(ctx context.Context, of string, q model.DuplicateQuery) (model.DuplicationReport, error) {
	fs, err := s.DuplicateFindings(ctx, of, q)
	if err != nil {
		return model.DuplicationReport{}, err
	}
	rep := GroupFindings(fs)
	platforms, err := read(ctx, s, "shared platforms", func(tx neo4j.ManagedTransaction) ([]model.Component, error) {
		return sharedPlatforms(ctx, tx, q.AsOf)
	})
	if err != nil {
		return rep, err
	}
	counts := map[string]int{}
	for _, p := range rep.Platforms {
		counts[p.Platform.ID] = p.Components
	}
	rep.Platforms = rep.Platforms[:0]
	for _, p := range platforms {
		if of != "" && p.ID != of && p.Code != of {
			continue
		}
		rep.Platforms = append(rep.Platforms, model.PlatformDuplicates{Platform: p, Components: counts[p.ID]})
	}
	sort.SliceStable(rep.Platforms, func(i, j int) bool {
		a, b := rep.Platforms[i], rep.Platforms[j]
		if a.Components != b.Components {
			return a.Components > b.Components
		}
		return a.Platform.Code < b.Platform.Code
	})
	return rep, nil
}

func sharedPlatforms(ctx context.Context, tx neo4j.ManagedTransaction, asOf string) ([]model.Component, error) {
	res, err := tx.Run(ctx, duplicationIn(asOf).sharedPlatforms, map[string]any{"asOf": asOf})
	if err != nil {
		return nil, err
	}
	var out []model.Component
	for res.Next(ctx) {
		out = append(out, componentFromProps(recMap(res.Record(), "s")))
	}
	return out, res.Err()
}

// GroupFindings groups findings by component (in the order of their first finding) and counts
// the components per shared platform.
func GroupFindings(fs []model.DuplicateFinding) model.DuplicationReport {
	rep := model.DuplicationReport{Components: []model.DuplicatedComponent{}, Platforms: []model.PlatformDuplicates{}, Findings: len(fs)}
	idx := map[string]int{}
	perPlatform := map[string]*model.PlatformDuplicates{}
	var order []string
	for _, f := range fs {
		i, ok := idx[f.Component.ID]
		if !ok {
			i = len(rep.Components)
			idx[f.Component.ID] = i
			rep.Components = append(rep.Components, model.DuplicatedComponent{Component: f.Component, Agency: f.Agency, Province: f.Province})
		}
		dc := &rep.Components[i]
		dc.Findings = append(dc.Findings, f)
		if f.Confidence > dc.Confidence {
			dc.Confidence = f.Confidence
		}
		if basisRank(f.Basis) > basisRank(dc.Basis) {
			dc.Basis = f.Basis
		}
		p := perPlatform[f.Shared.ID]
		if p == nil {
			p = &model.PlatformDuplicates{Platform: f.Shared}
			perPlatform[f.Shared.ID] = p
			order = append(order, f.Shared.ID)
		}
		p.Components++ // one finding per (component, platform)
	}
	rep.Count = len(rep.Components)
	for _, id := range order {
		rep.Platforms = append(rep.Platforms, *perPlatform[id])
	}
	return rep
}

func basisRank(b model.DuplicateBasis) int {
	switch b {
	case model.DuplicateBasisConfirmed:
		return 3
	case model.DuplicateBasisDeclared:
		return 2
	case model.DuplicateBasisInferred:
		return 1
	}
	return 0
}

// FindDuplicatesTx is findDuplicates in the caller's transaction (an inventory preview runs it
// over what it has just written, before rolling back).
func (s *Store) FindDuplicatesTx(ctx context.Context, tx neo4j.ManagedTransaction, q model.DuplicateQuery) ([]model.DuplicateFinding, error) {
	return findDuplicates(ctx, tx, q)
}

// findDuplicates runs the definition with q's filters (q.Shared and q.Province are ids).
func findDuplicates(ctx context.Context, tx neo4j.ManagedTransaction, q model.DuplicateQuery) ([]model.DuplicateFinding, error) {
	cypher := duplicationIn(q.AsOf).findings
	params := map[string]any{"asOf": q.AsOf, "shared": nil, "province": nilIfEmpty(q.Province)}
	sharedScope := model.ScopeNational
	if q.Shared != "" {
		sh, err := resolveComponentAsOf(ctx, tx, q.Shared, q.AsOf)
		if err != nil {
			return nil, err
		}
		if _, ok := lowerScopes[sh.Scope]; !ok {
			return nil, invalidf("%s is a %s-scope component, not a shared platform (NATIONAL or PROVINCE scope)", sh.Code, sh.Scope)
		}
		if sh.Scope == model.ScopeProvince {
			home, err := singleMap(ctx, tx, duplicationIn(q.AsOf).owningProvince, map[string]any{"id": sh.ID, "asOf": q.AsOf}, "p")
			if err != nil {
				return nil, err
			}
			if home == nil {
				return nil, invalidf("provincial platform %s has no owning province, so it has no communes to compare", sh.Code)
			}
		}
		params["shared"], sharedScope = sh.ID, sh.Scope
	}
	scopes := lowerScopes[sharedScope]
	if q.Scope != "" {
		if !slices.Contains(scopes, q.Scope) {
			return nil, invalidf("scope %q is not below %s; one of %v", q.Scope, sharedScope, scopes)
		}
		scopes = []model.Scope{q.Scope}
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
	out := []model.DuplicateFinding{}
	var cur *model.DuplicateFinding
	for res.Next(ctx) {
		r := res.Record()
		x, sh := componentFromProps(recMap(r, "component")), componentFromProps(recMap(r, "shared"))
		edge := recMap(r, "edge")
		if cur == nil || cur.Component.ID != x.ID || cur.Shared.ID != sh.ID {
			out = append(out, model.DuplicateFinding{Component: x, Agency: recAgency(r, "agency"), Province: recAgency(r, "province"),
				Shared: sh, Review: model.ReviewStateUnreviewed})
			cur = &out[len(out)-1]
		}
		cur.Capabilities = append(cur.Capabilities, capabilityFromProps(recMap(r, "capability")))
		basis, conf := model.DuplicateBasisDeclared, 1.0
		if pstr(edge, "basis") == "INFERRED" {
			basis, conf = model.DuplicateBasisInferred, pfloat(edge, "score")
			for _, t := range splitList(pstr(edge, "terms")) {
				if !slices.Contains(cur.MatchedTerms, t) {
					cur.MatchedTerms = append(cur.MatchedTerms, t)
				}
			}
		}
		switch str(r, "review") {
		case "CONFIRMED":
			basis, conf = model.DuplicateBasisConfirmed, 1.0
			cur.Review = model.ReviewStateConfirmed
			cur.ReviewNote, cur.ReviewedBy, cur.ReviewedAt = reviewOf(edge, sh.Code)
		case "DISMISSED":
			if cur.Review != model.ReviewStateConfirmed {
				cur.Review = model.ReviewStateDismissed
				cur.ReviewNote, cur.ReviewedBy, cur.ReviewedAt = reviewOf(edge, sh.Code)
			}
		}
		if basisRank(basis) > basisRank(cur.Basis) {
			cur.Basis = basis
		}
		if conf > cur.Confidence {
			cur.Confidence = conf
		}
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, f := range out {
		if keepFinding(f, q) {
			f.Evidence, f.EvidenceEn = duplicateEvidence(f)
			kept = append(kept, f)
		}
	}
	return kept, nil
}

// reviewOf returns the note, author and time of the decision on edge for the platform code: its
// entry in reviews ("code<TAB>decision<TAB>by<TAB>at[<TAB>note]"), or, on an edge reviewed before
// reviews were kept per platform, the edge's last decision.
func reviewOf(edge map[string]any, code string) (note, by, at *string) {
	if rs, ok := edge["reviews"].([]any); ok {
		for _, x := range rs {
			s, _ := x.(string)
			// No note: no fifth field (a trailing tab would not survive the import's text policy,
			// which trims, so a restored backup would lose the entry); older entries end in a tab.
			f := strings.SplitN(s, "\t", 5)
			if len(f) >= 4 && f[0] == code {
				b, a := f[2], f[3]
				if len(f) < 5 || f[4] == "" {
					return nil, &b, &a
				}
				return &f[4], &b, &a
			}
		}
	}
	return optStr(edge, "reviewNote"), optStr(edge, "reviewedBy"), optStr(edge, "reviewedAt")
}

// keepFinding applies q's confidence, basis and review filters.
func keepFinding(f model.DuplicateFinding, q model.DuplicateQuery) bool {
	if f.Confidence < q.MinConfidence {
		return false
	}
	if len(q.Basis) > 0 && !slices.Contains(q.Basis, f.Basis) {
		return false
	}
	if len(q.Review) == 0 {
		return f.Review != model.ReviewStateDismissed
	}
	return slices.Contains(q.Review, f.Review)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// duplicateEvidence says why f is a duplicate, in Vietnamese and in English.
func duplicateEvidence(f model.DuplicateFinding) (vi, en string) {
	levelVi, levelEn := "quốc gia", "national"
	if f.Shared.Scope == model.ScopeProvince {
		levelVi, levelEn = "cấp tỉnh", "provincial"
	}
	ownerVi, ownerEn := "", ""
	if f.Agency != nil {
		ownerVi = " (của " + orName(f.Agency.Name, f.Agency.Code) + ")"
		ownerEn = " (owned by " + orName(f.Agency.NameEn, f.Agency.Code) + ")"
	}
	var capsVi, capsEn []string
	for _, c := range f.Capabilities {
		capsVi = append(capsVi, fmt.Sprintf("%s (%s)", orName(c.Name, c.Code), c.Code))
		capsEn = append(capsEn, fmt.Sprintf("%s (%s)", orName(c.NameEn, c.Code), c.Code))
	}
	var whyVi, whyEn string
	switch f.Basis {
	case model.DuplicateBasisConfirmed:
		whyVi, whyEn = "được chuyên viên xác nhận là trùng lặp", "confirmed as a duplicate by an analyst"
	case model.DuplicateBasisDeclared:
		whyVi, whyEn = "được khai báo cung cấp", "is declared to provide"
	default:
		terms := strings.Join(f.MatchedTerms, "\", \"")
		// Vietnamese writes a decimal comma.
		whyVi = fmt.Sprintf("có tên/mô tả khớp các thuật ngữ \"%s\" (độ tin cậy %s), suy ra chức năng", terms,
			strings.Replace(fmt.Sprintf("%.2f", f.Confidence), ".", ",", 1))
		whyEn = fmt.Sprintf("has a name/description matching \"%s\" (confidence %.2f), inferred to provide", terms, f.Confidence)
	}
	vi = fmt.Sprintf("%s%s %s %s, là chức năng của nền tảng dùng chung %s %s (%s) đã triển khai; "+
		"thành phần này không hiện thực thành phần tham chiếu nào được Khung kiến trúc cho phép cung cấp chức năng đó "+
		"và không sử dụng %s (không phụ thuộc vào nó qua tối đa 3 bước DEPENDS_ON).",
		f.Component.Code, ownerVi, whyVi, strings.Join(capsVi, ", "), levelVi, f.Shared.Code, orName(f.Shared.Name, f.Shared.Code), f.Shared.Code)
	en = fmt.Sprintf("%s%s %s %s, which the deployed %s shared platform %s (%s) provides, "+
		"but it realizes no reference component sanctioned to provide that capability and does not "+
		"use %s (no DEPENDS_ON path of at most 3 hops).",
		f.Component.Code, ownerEn, whyEn, strings.Join(capsEn, ", "), levelEn, f.Shared.Code, orName(f.Shared.NameEn, f.Shared.Name), f.Shared.Code)
	return vi, en
}

func orName(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}
