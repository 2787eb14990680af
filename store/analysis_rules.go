package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Rule checks.
//
// A Rule node's `check` names the automatic check that evaluates it. Each check is one
// statement (DUPLICATE_SHARED reuses Duplicates); they all start either from every candidate
// component or, when an agency is given, from the components it and its direct parts (a
// province's communes) own, so that an agency's violations cost what the agency owns.

// The automatic checks archgraph evaluates.
const (
	CheckDuplicateShared  = "DUPLICATE_SHARED"
	CheckAPIViaVAPEX      = "API_VIA_VAPEX"
	CheckNationalDBAtNDC  = "NATIONAL_DB_AT_NDC"
	capabilityAPIExchange = "CAP-API-EXCHANGE"
	capabilityDatacenter  = "CAP-DATACENTER-CLOUD"
)

// cypherRules lists one rule ($rule, a code) or, with an empty $rule, all of them.
const cypherRules = `
MATCH (r:Rule)
WHERE $rule = '' OR r.code = $rule
RETURN r {.*} AS rule
ORDER BY r.code`

// ruleFromAll and ruleFromAgency start a check: every component, or those owned by the agency
// $agency (an id) or by an agency PART_OF it.
const (
	ruleFromAll = `
MATCH (x:Component)`
	ruleFromAgency = `
MATCH (:Agency {id: $agency})<-[:PART_OF*0..1]-(:Agency)-[:OWNS]->(x:Component)
WITH DISTINCT x`
)

// ruleTail returns each offender with its owner.
const ruleTail = `
CALL (x) {` + ownerProvinceSubquery + `
}
RETURN x {.*} AS component, owner {.*} AS agency
ORDER BY x.code`

// ruleAPIViaVAPEX: components that expose APIs at a sub-national or organisation scope and do
// not depend on the national component(s) providing CAP-API-EXCHANGE (V-APEX).
const ruleAPIViaVAPEX = `
WHERE x.exposesApi = true AND x.scope IN ['MINISTRY', 'PROVINCE', 'COMMUNE', 'ORGANIZATION']
  AND NOT EXISTS {
    MATCH (x)-[:DEPENDS_ON]->(gw:Component {scope: 'NATIONAL'})-[:PROVIDES]->(:Capability {code: $capability})
  }`

// ruleNationalDBAtNDC: national databases with no DEPENDS_ON path of at most two hops to a
// national component providing CAP-DATACENTER-CLOUD (NDC, its cloud).
const ruleNationalDBAtNDC = `
WHERE x.scope = 'NATIONAL' AND x.kind = 'DATABASE'
  AND NOT EXISTS {
    MATCH (x)-[:DEPENDS_ON*1..2]->(dc:Component {scope: 'NATIONAL'})-[:PROVIDES]->(:Capability {code: $capability})
  }`

// ruleStatements are the statements of the component checks, by check and by start.
var ruleStatements = map[string][2]string{
	CheckAPIViaVAPEX:     {ruleFromAll + ruleAPIViaVAPEX + ruleTail, ruleFromAgency + ruleAPIViaVAPEX + ruleTail},
	CheckNationalDBAtNDC: {ruleFromAll + ruleNationalDBAtNDC + ruleTail, ruleFromAgency + ruleNationalDBAtNDC + ruleTail},
}

// ruleCapability is the capability each component check looks for.
var ruleCapability = map[string]string{
	CheckAPIViaVAPEX:     capabilityAPIExchange,
	CheckNationalDBAtNDC: capabilityDatacenter,
}

// ruleMessages words a violation of each component check, in Vietnamese and English; %[1]s is
// the component's code, %[2]s its name, %[3]s its English name.
var ruleMessages = map[string][2]string{
	CheckAPIViaVAPEX: {
		"%[1]s (%[2]s) cung cấp API nhưng không kết nối, công bố API qua V-APEX (nền tảng cung cấp CAP-API-EXCHANGE).",
		"%[1]s (%[3]s) exposes APIs but does not depend on V-APEX (the national platform providing CAP-API-EXCHANGE) to register and publish them.",
	},
	CheckNationalDBAtNDC: {
		"Cơ sở dữ liệu quốc gia %[1]s (%[2]s) không lưu trữ trên hạ tầng của Trung tâm dữ liệu quốc gia (không phụ thuộc, trong phạm vi 2 bước, vào thành phần cung cấp CAP-DATACENTER-CLOUD).",
		"National database %[1]s (%[3]s) is not stored on the National Data Center's infrastructure (no DEPENDS_ON path of at most 2 hops to a component providing CAP-DATACENTER-CLOUD).",
	},
}

// uncheckable explains, per check id, why a rule whose check archgraph does not evaluate is not
// checked; checks not listed get a generic reason.
var uncheckable = map[string]string{
	"DR_FOR_LEVEL_4_5": "it needs the systems' security levels, which the model does not record",
}

// RuleViolations evaluates the rules that have an automatic check: one rule (its code) or, with
// rule "", every rule archgraph can check (rules it cannot check are skipped). agency (id or
// code), when not "", keeps the components that the agency or an agency PART_OF it (a
// province's communes) owns. Violations are ordered by rule code, then component code. An
// unknown rule or agency is ErrNotFound; a rule asked for by code that has no automatic check is
// ErrInvalid, saying so.
//
// DUPLICATE_SHARED reports each duplicating component once, naming every shared platform and
// capability it duplicates: the same definition and the same count as duplicates (findDuplicates).
func (s *Store) RuleViolations(ctx context.Context, rule, agency string) ([]model.RuleViolation, error) {
	return read(ctx, s, "rule violations", func(tx neo4j.ManagedTransaction) ([]model.RuleViolation, error) {
		agencyID := ""
		if agency != "" {
			a, err := resolveAgency(ctx, tx, agency)
			if err != nil {
				return nil, err
			}
			agencyID = a.ID
		}
		rules, err := rulesOf(ctx, tx, rule)
		if err != nil {
			return nil, err
		}
		out := []model.RuleViolation{}
		for _, r := range rules {
			var vs []model.RuleViolation
			switch {
			case r.Check == CheckDuplicateShared:
				vs, err = duplicateViolations(ctx, tx, r, agencyID)
			case ruleStatements[r.Check][0] != "":
				vs, err = componentViolations(ctx, tx, r, agencyID)
			case rule == "":
				continue // with every rule asked for, the ones without a check are skipped
			default:
				why := uncheckable[r.Check]
				if r.Check == "" {
					why = "it has no automatic check"
				} else if why == "" {
					why = fmt.Sprintf("its check %s is not implemented", r.Check)
				}
				return nil, fmt.Errorf("%w: rule %s is not checked automatically: %s", ErrInvalid, r.Code, why)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, vs...)
		}
		return out, nil
	})
}

// rulesOf reads one rule or all of them; an unknown code is ErrNotFound.
func rulesOf(ctx context.Context, tx neo4j.ManagedTransaction, code string) ([]model.Rule, error) {
	res, err := tx.Run(ctx, cypherRules, map[string]any{"rule": code})
	if err != nil {
		return nil, err
	}
	var out []model.Rule
	for res.Next(ctx) {
		out = append(out, RuleFromProps(recMap(res.Record(), "rule")))
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	if code != "" && len(out) == 0 {
		return nil, fmt.Errorf("%w: no rule has the code %q", ErrNotFound, code)
	}
	return out, nil
}

func componentViolations(ctx context.Context, tx neo4j.ManagedTransaction, r model.Rule, agencyID string) ([]model.RuleViolation, error) {
	stmts, params := ruleStatements[r.Check], map[string]any{"capability": ruleCapability[r.Check]}
	cypher := stmts[0]
	if agencyID != "" {
		cypher, params["agency"] = stmts[1], agencyID
	}
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	msg := ruleMessages[r.Check]
	var out []model.RuleViolation
	for res.Next(ctx) {
		rec := res.Record()
		c := ComponentFromProps(recMap(rec, "component"))
		out = append(out, model.RuleViolation{RuleCode: r.Code, Check: r.Check, Component: &c, Agency: recAgency(rec, "agency"),
			Message: fmt.Sprintf(msg[0], c.Code, c.Name, orName(c.NameEn, c.Name)), MessageEn: fmt.Sprintf(msg[1], c.Code, c.Name, orName(c.NameEn, c.Name))})
	}
	return out, res.Err()
}

// cypherAgencyScope lists the codes of the agency and the agencies PART_OF it.
const cypherAgencyScope = `
MATCH (:Agency {id: $agency})<-[:PART_OF*0..1]-(a:Agency)
RETURN collect(a.code) AS codes`

// duplicateViolations turns the duplication findings (the one definition, findDuplicates: every
// deployed national platform and every provincial one for its communes) into one violation per
// duplicating component, naming every shared platform and capability it duplicates.
func duplicateViolations(ctx context.Context, tx neo4j.ManagedTransaction, r model.Rule, agencyID string) ([]model.RuleViolation, error) {
	fs, err := findDuplicates(ctx, tx, model.DuplicateQuery{})
	if err != nil {
		return nil, err
	}
	var keep map[string]bool
	if agencyID != "" {
		res, err := tx.Run(ctx, cypherAgencyScope, map[string]any{"agency": agencyID})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		keep = map[string]bool{}
		v, _ := rec.Get("codes")
		codes, _ := v.([]any)
		for _, c := range codes {
			keep[fmt.Sprint(c)] = true
		}
	}
	kept := fs[:0]
	for _, f := range fs {
		if keep == nil || (f.Agency != nil && keep[f.Agency.Code]) {
			kept = append(kept, f)
		}
	}
	rep := GroupFindings(kept)
	sort.Slice(rep.Components, func(i, j int) bool { return rep.Components[i].Component.Code < rep.Components[j].Component.Code })
	out := make([]model.RuleViolation, 0, len(rep.Components))
	for _, dc := range rep.Components {
		var shared, caps []string
		for _, f := range dc.Findings {
			shared = appendUnique(shared, f.Shared.Code)
			for _, c := range f.Capabilities {
				caps = appendUnique(caps, c.Code)
			}
		}
		c := dc.Component
		sh, cp := strings.Join(shared, ", "), strings.Join(caps, ", ")
		out = append(out, model.RuleViolation{RuleCode: r.Code, Check: r.Check, Component: &c, Agency: dc.Agency,
			Message: fmt.Sprintf("%s (%s) trùng lặp chức năng với nền tảng dùng chung đã triển khai %s (%s) mà không phải thành phần được Khung kiến trúc cho phép và không sử dụng nền tảng dùng chung đó.",
				c.Code, c.Name, sh, cp),
			MessageEn: fmt.Sprintf("%s (%s) duplicates the deployed shared platform(s) %s (%s): it is no counterpart the framework sanctions and it does not use them.",
				c.Code, orName(c.NameEn, c.Name), sh, cp)})
	}
	return out, nil
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}
